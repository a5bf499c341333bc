"""Differential test: oracle vs service."""
import json
import random
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
from oracle import evaluate, SEV_RANK  # noqa: E402
from gen import gen_request  # noqa: E402

URL = __import__("os").environ.get("CSP_URL", "http://localhost:8080") + "/evaluate"
CATS = {"LEG": "LEGITIMACY_RISK", "PHA": "PHASE_CHALLENGE", "COO": "COORDINATION_GAP", "GOV": "GOVERNANCE",
        "FIT": "PARTNER_FIT", "FUN": "FUNDING", "LRN": "LEARNING", "DEF": "DEFINITION"}
local = threading.local()


def session():
    if not hasattr(local, "s"):
        local.s = requests.Session()
    return local.s


def compare(req):
    body = json.dumps(req, ensure_ascii=False).encode("utf-8")
    resp = session().post(URL, data=body, headers={"Content-Type": "application/json"})
    problems = []
    if resp.status_code != 200:
        return [("status", resp.status_code, resp.text[:500])], None
    out = resp.json()
    exp = evaluate(req)
    got = {f["id"]: f for f in out["findings"]}
    if len(got) != len(out["findings"]):
        problems.append(("duplicate-ids", [f["id"] for f in out["findings"]]))
    e_ids, g_ids = set(exp["findings"]), set(got)
    for fid in sorted(e_ids - g_ids):
        problems.append(("missing", fid))
    for fid in sorted(g_ids - e_ids):
        problems.append(("extra", fid))
    for fid in sorted(e_ids & g_ids):
        ef, gf = exp["findings"][fid], got[fid]
        if ef["subjects"] != gf.get("subjects"):
            problems.append(("subjects", fid, ef["subjects"], gf.get("subjects")))
        if ef["severity"] != gf.get("severity"):
            problems.append(("severity", fid, ef["severity"], gf.get("severity")))
        if gf.get("aggregate") != (fid == "LEG-900"):
            problems.append(("aggregate-flag", fid, gf.get("aggregate")))
        if gf.get("category") != CATS[fid[:3]]:
            problems.append(("category", fid, gf.get("category")))
        if gf.get("practiceNotes") != ef["practiceNotes"]:
            problems.append(("practiceNotes", fid, ef["practiceNotes"], gf.get("practiceNotes")))
        if set(gf.get("recommendations") or []) & set(gf.get("practiceNotes") or []):
            problems.append(("practice-as-research", fid))
        if "recommendations" in ef and gf.get("recommendations") != ef["recommendations"]:
            problems.append(("recommendations", fid, ef["recommendations"], gf.get("recommendations")))
    olr = out.get("summary", {}).get("overallLegitimacyRisk")
    if olr != exp["overallLegitimacyRisk"]:
        problems.append(("overallLegitimacyRisk", exp["overallLegitimacyRisk"], olr))
    keys = [(SEV_RANK.get(f["severity"], 9), f["id"]) for f in out["findings"]]
    if keys != sorted(keys):
        problems.append(("order", [f["id"] for f in out["findings"]]))
    if out.get("partnershipId") != req["partnership"]["id"]:
        problems.append(("partnershipId", out.get("partnershipId")))
    # summary consistency (non-aggregate only)
    summ = out.get("summary", {})
    base = [f for f in out["findings"] if not f.get("aggregate")]
    bs = {s: sum(1 for f in base if f["severity"] == s) for s in SEV_RANK}
    if summ.get("bySeverity") != bs:
        problems.append(("bySeverity", bs, summ.get("bySeverity")))
    hs = min((f["severity"] for f in base), key=lambda s: SEV_RANK[s], default=None)
    if summ.get("highestSeverity") != hs:
        problems.append(("highestSeverity", hs, summ.get("highestSeverity")))
    bc = summ.get("byCategory", {})
    for pref, cat in CATS.items():
        fs = [f for f in base if f["id"].startswith(pref + "-")]
        ids = sorted(f["id"] for f in fs)
        c = bc.get(cat)
        exp_c = {"count": len(fs),
                 "highestSeverity": min((f["severity"] for f in fs), key=lambda s: SEV_RANK[s], default=None),
                 "findingIds": ids}
        if c != exp_c:
            problems.append(("byCategory", cat, exp_c, c))
    fr = out.get("firedRules", [])
    if fr != sorted(set(fr)):
        problems.append(("firedRules-order", fr))
    fr_ids = {x.split(" ")[0].split("/")[0] for x in fr}
    if fr_ids != g_ids - {"LEG-900"}:
        problems.append(("firedRules-ids", sorted(fr_ids ^ (g_ids - {"LEG-900"}))))
    if "LEG-900" in got and got["LEG-900"].get("triggeringFacts", {}).get("findings") != sorted(
            f for f in ("LEG-001", "LEG-002", "LEG-003", "LEG-004", "LEG-005") if f in got):
        problems.append(("LEG-900-triggeringFacts", got["LEG-900"].get("triggeringFacts")))
    return problems, out


def main():
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    reqs = [json.load(open(__import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "..", "..", "examples", "a10-request.json")))]
    r = random.Random(seed)
    reqs += [gen_request(r) for _ in range(n)]
    fails = []
    with ThreadPoolExecutor(8) as ex:
        for i, (req, (probs, out)) in enumerate(zip(reqs, ex.map(compare, reqs))):
            if probs:
                fails.append({"i": i, "req": req, "problems": probs})
    json.dump(fails, open("fails_%d.json" % seed, "w"), indent=1, ensure_ascii=False, default=str)
    print("compared", len(reqs), "failures", len(fails))
    from collections import Counter
    c = Counter()
    for f in fails:
        for p in f["problems"]:
            c[(p[0], p[1] if len(p) > 1 and isinstance(p[1], (str, int)) else "")] += 1
    for k, v in c.most_common():
        print(v, k)


if __name__ == "__main__":
    main()
