"""Sends random valid requests (tools/oracle/gen.py, FINDINGS.md A, nulls for optional fields included) through a
Prism validating proxy and counts the request and response violations Prism reports in its sl-violations header."""
import json
import os
import random
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
from gen import gen_request  # noqa: E402

PROXY = os.environ.get("PRISM_URL", "http://127.0.0.1:4010")


def send(method, path, body=None):
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(PROXY + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data is not None else {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get("sl-violations"), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("sl-violations"), e.read()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    out = sys.argv[3] if len(sys.argv) > 3 else "violations.json"
    r = random.Random(seed)
    counts = {"request": 0, "response": 0}
    statuses = {}
    nulls = 0
    details = []
    exchanges = 0
    truncated = 0
    for i in range(n):
        if i % 10 == 9:  # every tenth exchange is a batch of 1 to 5 generated requests
            body = [gen_request(r) for _ in range(r.randint(1, 5))]
            method, path = "POST", "/evaluate/batch"
        elif i % 50 == 25:
            body, method, path = None, "GET", "/rules"
        else:
            body, method, path = gen_request(r), "POST", "/evaluate"
        nulls += json.dumps(body).count("null") if body is not None else 0
        status, violations, answer = send(method, path, body)
        exchanges += 1
        statuses[status] = statuses.get(status, 0) + 1
        if violations and violations.startswith("Too many violations!"):
            truncated += 1
            violations = None  # cut off by Prism at 8 KiB; the log has them all (run.sh counts from it)
        for v in json.loads(violations) if violations else []:
            where = v.get("location", ["?"])[0]
            counts["response" if where == "response" else "request"] += 1
            if len(details) < 200:
                details.append({"exchange": i, "path": path, "status": status, "violation": v,
                                "body": body if where != "response" else None})
    with open(out, "w") as f:
        json.dump(details, f, indent=1, ensure_ascii=False)
    print(f"{exchanges} exchanges (seed {seed}; {nulls} JSON nulls sent), statuses {dict(sorted(statuses.items()))}")
    print(f"from sl-violations headers: request violations {counts['request']}, response violations "
          f"{counts['response']}" + (f" (+{truncated} headers cut off)" if truncated else "") + f"; details in {out}")
    bad_status = sum(c for s, c in statuses.items() if s != 200)
    return 0 if counts["request"] == 0 and counts["response"] == 0 and not truncated and bad_status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
