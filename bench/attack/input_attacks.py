"""Driver of input-attacks.sh: starts the packaged service (-Xmx512m, loopback) and runs each attack of issue 10
items 3, 5, 6 and 8, printing one held/broke line per attack. Only processes it starts are stopped, by their pid."""
import http.client
import io
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

JAR = sys.argv[1]
PORT = int(os.environ.get("ATTACK_PORT", "18390"))
TOKEN = "attack-token"
HOST = "127.0.0.1"
WORK = tempfile.mkdtemp(prefix="csp-input-attacks-")
RULES = os.path.join(WORK, "rules")
A10 = open("examples/a10-request.json", encoding="utf-8").read()
results = []


def report(held, name, evidence):
    line = ("held " if held else "broke ") + name + ": " + evidence
    results.append(held)
    print(line, flush=True)


def start(rules_dir, log_name, port=PORT, extra_env=None):
    env = dict(os.environ, QUARKUS_HTTP_PORT=str(port), QUARKUS_HTTP_HOST=HOST, RULES_DIRECTORY=rules_dir,
               RULES_ADMIN_TOKEN=TOKEN, RULES_WATCH="false")
    env.update(extra_env or {})
    log = open(os.path.join(WORK, log_name), "w")
    return subprocess.Popen(["java", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar", JAR], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def request(method, path, body=None, headers=None, timeout=60, port=PORT):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
    finally:
        conn.close()


def admin(path, body, content_type):
    return request("POST", path, body, {"Authorization": "Bearer " + TOKEN, "Content-Type": content_type})


def wait_ready(proc, seconds=120, port=PORT):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if request("GET", "/q/health/ready", timeout=2, port=port)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def alive():
    try:
        return request("GET", "/q/health/live", timeout=10)[0] == 200
    except OSError:
        return False


def evaluations():
    text = request("GET", "/q/metrics")[2].decode()
    return sum(float(v) for v in re.findall(r"(?m)^csp_evaluations_total\{[^}]*\} ([0-9.E+]+)", text))


def rule(name, metadata_extra="", when="Partnership()", then="$findings.emit(kcontext);"):
    return ("package org.csp.rules.attack;\nimport org.csp.decisions.model.*;\n\nrule \"" + name + "\"\n"
            "    @id(\"" + name.split()[0] + "\") @category(\"GOVERNANCE\") @severity(\"LOW\")\n"
            "    @source(\"s.txt\") @citation(\"c\") @paraphrase(\"A test rule that attacks the service on purpose here.\") @explanation(\"This rule attacks the service.\") @recommendation1(\"Remove the rule.\")\n"
            + metadata_extra + "when\n    " + when + "\n    $findings : FindingCollector()\nthen\n    " + then + "\nend\n")


def zip_of(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in entries:
            z.writestr(zipfile.ZipInfo(name), content)
    return out.getvalue()


# ---------------------------------------------------------------- item 3: compiling runs none of the rule's code
def attack_mvel_metadata():
    marker = os.path.join(WORK, "p")
    drl = rule("ATK-001 t", "    @x(new java.io.File(\"" + marker + "\").createNewFile())\n")
    status, _, body = admin("/rules/validate?file=attack/a.drl", drl, "text/plain")
    answer = json.loads(body) if status == 200 else {}
    errors = answer.get("errors") or []
    held = status == 200 and answer.get("valid") is False and not os.path.exists(marker) and errors \
        and errors[0].get("file") == "attack/a.drl" and errors[0].get("line") == 7
    first = errors[0] if errors else {}
    report(held, "MVEL metadata creates a file (POST /rules/validate)",
           "file created: %s; %s %s:%s %s" % (os.path.exists(marker), status, first.get("file"), first.get("line"),
                                              (first.get("message") or "")[:90]))


def attack_halt_metadata():
    drl = rule("ATK-002 t", "    @x(java.lang.Runtime.getRuntime().halt(3))\n")
    try:
        status, _, body = admin("/rules/validate?file=attack/b.drl", drl, "text/plain")
    except OSError as e:
        status, body = 0, str(e).encode()
    up = alive()
    report(up and status == 200 and b'"valid":false' in body, "@x(Runtime.getRuntime().halt(3)) in metadata",
           "validate answered %s, JVM alive: %s" % (status, up))


def attack_exit_consequence():
    drl = rule("ATK-003 t", then="$findings.emit(kcontext);\n    Runtime.getRuntime().exit(1);")
    case = json.dumps({"finding": "ATK-003", "cases": [{"name": "fires", "request": json.loads(A10),
                                                      "expectPresent": ["ATK-003"]}]})
    status, _, body = admin("/rules/validate", zip_of([("rules/a.drl", drl), ("rules/cases/a/ATK-003.json", case)]),
                            "application/zip")
    answer = json.loads(body) if status == 200 else {}
    errors = answer.get("errors") or []
    up = alive()
    report(up and answer.get("valid") is False and any(e.get("line") == 12 for e in errors),
           "Runtime.getRuntime().exit(1) in a consequence (zip with a case that fires it)",
           "valid=%s, errors %s, JVM alive: %s" % (answer.get("valid"),
                                                  ["%s:%s %s" % (e.get("file"), e.get("line"), e.get("message")[:50]) for e in errors[:2]], up))


# ---------------------------------------------------------------- item 5: never an empty or impossible rule set
def attack_empty_folder():
    empty = os.path.join(WORK, "empty-rules")
    os.makedirs(empty)
    open(os.path.join(empty, "only.drl"), "w").close()
    proc = start(empty, "empty-start.log", port=PORT + 1)
    try:
        code = proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        code = None
        os.killpg(proc.pid, signal.SIGKILL)
    log = open(os.path.join(WORK, "empty-start.log")).read()
    said = "min-rules" in log
    # and as a reload of the running service: the served set stays, the reload is FAILED
    saved = os.path.join(WORK, "saved-rules")
    shutil.move(RULES, saved)
    os.makedirs(RULES)
    open(os.path.join(RULES, "only.drl"), "w").close()
    status, _, body = admin("/rules/reload", b"", "text/plain")
    answer = json.loads(body) if status == 200 else {}
    ready = request("GET", "/q/health/ready")
    shutil.rmtree(RULES)
    shutil.move(saved, RULES)
    held = code not in (0, None) and answer.get("outcome") == "FAILED" and ready[0] == 200
    report(held, "folder with one empty .drl",
           "start-up exit code %s%s; reload %s (%s), readiness still %s" % (
               code, " naming rules.min-rules" if said else " WITHOUT the reason", answer.get("outcome"),
               ((answer.get("errors") or [{}])[0].get("message") or "")[:70], ready[0]))


def attack_huge_drl():
    path = os.path.join(RULES, "huge.drl")
    with open(path, "w") as f:
        f.write("package org.csp.rules.huge;\nimport org.csp.decisions.model.*;\n")
        i = 0
        while f.tell() < 30 * 1024 * 1024:
            i += 1
            f.write(rule("HUGE-%05d Rule %d" % (i, i)).split("\n\n", 1)[1])
    started = time.time()
    status, _, body = admin("/rules/reload", b"", "text/plain")
    took = time.time() - started
    os.remove(path)
    answer = json.loads(body) if status == 200 else {}
    up = alive()
    message = ((answer.get("errors") or [{}])[0].get("message") or "")
    report(up and answer.get("outcome") == "FAILED" and "max-file-size" in message,
           "30 MB .drl of %d rules" % i, "reload %s in %.1f s: %s; alive: %s" % (answer.get("outcome"), took, message[:80], up))


# ---------------------------------------------------------------- item 6: load that fits in memory
def padded_batch(limit=4 * 1024 * 1024, items=1000):
    item = json.loads(A10)
    per = (limit - 2 - items) // items
    k = 0
    while True:
        size = len(json.dumps(item, separators=(",", ":")))
        if size >= per - 520:
            break
        k += 1
        item["partnership"]["attributes"]["pad%d" % k] = "x" * min(500, per - size - 20 - len(str(k)))
    body = ("[" + ",".join([json.dumps(item, separators=(",", ":"))] * items) + "]").encode()
    return body


def attack_concurrent_batches():
    body = padded_batch()
    statuses, singles, errors = [], [], []
    lock = threading.Lock()
    stop = threading.Event()

    def batch():
        try:
            status, headers, answer = request("POST", "/evaluate/batch", body, {"Content-Type": "application/json"}, timeout=240)
            with lock:
                statuses.append((status, headers.get("retry-after"), answer[:120] if status != 200 else b""))
        except OSError as e:
            with lock:
                errors.append(repr(e))

    def innocent():
        while not stop.is_set():
            try:
                status, _, answer = request("POST", "/evaluate", A10, {"Content-Type": "application/json"}, timeout=60)
                singles.append((status, answer[:100] if status != 200 else b""))
            except OSError as e:
                singles.append((0, repr(e).encode()))
            time.sleep(0.05)

    single_thread = threading.Thread(target=innocent)
    single_thread.start()
    threads = [threading.Thread(target=batch) for _ in range(24)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    took = time.time() - started
    stop.set()
    single_thread.join(60)
    ok = sum(1 for s in statuses if s[0] == 200)
    busy = [s for s in statuses if s[0] == 503]
    bad = [s for s in statuses if s[0] not in (200, 503)]
    bad_singles = [s for s in singles if s[0] != 200]
    log = open(os.path.join(WORK, "service.log")).read()
    oom = "OutOfMemoryError" in log
    up = alive()
    held = (len(statuses) == 24 and not errors and not bad and ok >= 1 and all(b[1] for b in busy)
            and not bad_singles and not oom and up)
    report(held, "24 concurrent 4 MiB batches under -Xmx512m, singles alongside",
           "%.1f s: %d x 200, %d x 503 (Retry-After %s), %d other, %d unanswered; %d singles, %d not 200%s; OOME: %s; alive: %s" % (
               took, ok, len(busy), busy[0][1] if busy else "-", len(bad), len(errors) + 24 - len(statuses) - len(errors),
               len(singles), len(bad_singles), (" e.g. " + str(bad_singles[0])) if bad_singles else "", oom, up))


def attack_caller_leaves():
    body = ("[" + ",".join([A10] * 1000) + "]").encode()
    before = evaluations()
    s = socket.create_connection((HOST, PORT))
    s.sendall(("POST /evaluate/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
               "X-Request-Id: caller-leaves\r\n\r\n" % len(body)).encode() + body)
    deadline = time.time() + 60
    while evaluations() == before and time.time() < deadline:
        time.sleep(0.005)
    s.close()
    done, still = evaluations() - before, time.time()
    while time.time() - still < 2 and time.time() < deadline + 60:
        time.sleep(0.2)
        now = evaluations() - before
        if now != done:
            done, still = now, time.time()
    time.sleep(1)
    line = [l for l in open(os.path.join(WORK, "service.log")) if "id=caller-leaves" in l]
    report(done < 1000, "caller leaves mid-batch (1,000 items)",
           "%d of 1000 items evaluated after the caller left; access line: %s" % (done, line[0].strip()[-60:] if line else "none"))


def attack_error_size():
    parts, size, i = [], 0, 0
    while size < 3_500_000:
        p = '"unknown%d":1' % i
        parts.append(p)
        size += len(p) + 1
        i += 1
    body = ("[{" + ",".join(parts) + "}]").encode()
    status, _, answer = request("POST", "/evaluate/batch", body, {"Content-Type": "application/json"}, timeout=120)
    item = json.loads(answer)[0] if status == 200 else {}
    report(status == 200 and len(answer) < 64 * 1024 and len(item.get("violations", [])) <= 100,
           "3.5 MB of unknown keys", "%d keys -> %s, answer %d bytes: %s" % (i, status, len(answer), item.get("detail")))


def attack_slow_sockets():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    want = int(os.environ.get("ATTACK_SLOW_SOCKETS", str(min(20000, hard - 200))))
    server_limit = open("/proc/%d/limits" % SERVICE.pid).read()
    server_max = int(re.search(r"Max open files\s+(\d+)", server_limit).group(1))
    sockets, refused = [], 0
    started = time.time()
    for i in range(want):
        try:
            s = socket.create_connection((HOST, PORT), timeout=5)
            s.sendall(b"POST /evaluate HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            sockets.append(s)
        except OSError:
            refused += 1
        if i == 4999:  # below the connection limit: an ordinary request must not notice
            t = time.time()
            try:
                below = request("POST", "/evaluate", A10, {"Content-Type": "application/json"}, timeout=10)[0]
            except OSError as e:
                below = repr(e)
            below_took = time.time() - t
    opened = time.time() - started
    fds = len(os.listdir("/proc/%d/fd" % SERVICE.pid))
    # above the connection limit: new connections are closed at once until the silent sockets time out (idle-timeout)
    t = time.time()
    recovered = None
    while time.time() - t < 60:
        try:
            if request("POST", "/evaluate", A10, {"Content-Type": "application/json"}, timeout=5)[0] == 200:
                recovered = time.time() - t
                break
        except OSError:
            pass
        time.sleep(0.5)
    for s in sockets:
        s.close()
    up = alive()
    held = below == 200 and fds < server_max - 1000 and recovered is not None and up
    report(held, "%d slow-header sockets (client limit %d)" % (want, hard),
           "5,000 held: ordinary request %s in %.2f s; %d held (%d refused) in %.0f s: service fds %d of %d; "
           "ordinary request answered again after %s s; alive: %s" % (
               below, below_took, len(sockets), refused, opened, fds, server_max,
               "%.1f" % recovered if recovered is not None else "never", up))


# ---------------------------------------------------------------- item 8: input edge cases
def attack_inputs():
    cases = [
        ("{\"a\":1e-2147483648} to /evaluate", "/evaluate", b'{"a":1e-2147483648}', "application/json"),
        ("1e-2147483648 in a batch item", "/evaluate/batch", ("[" + A10 + ",{\"a\":1e-2147483648}]").encode(), "application/json"),
        ("UTF-16 body", "/evaluate", A10.encode("utf-16"), "application/json"),
        ("UTF-16LE body without BOM", "/evaluate", A10.encode("utf-16-le"), "application/json"),
        ("overlong UTF-8 (C0 AF)", "/evaluate", A10.encode().replace(b"rhp-001", b"rhp\xc0\xaf001"), "application/json"),
        ("non-zip sent as application/zip", "/rules/validate", b"this is not a zip", "application/zip"),
        ("zip entry ../x.drl", "/rules/validate", zip_of([("../x.drl", rule("ATK-004 t"))]), "application/zip"),
        ("zip entry /abs/x.drl", "/rules/validate", zip_of([("/abs/x.drl", rule("ATK-005 t"))]), "application/zip"),
        ("empty body to /rules/validate", "/rules/validate", b"", "text/plain"),
    ]
    for name, path, body, content_type in cases:
        headers = {"Content-Type": content_type}
        if path.startswith("/rules"):
            headers["Authorization"] = "Bearer " + TOKEN
        status, h, answer = request("POST", path, body, headers)
        problem = {}
        try:
            problem = json.loads(answer)
        except ValueError:
            pass
        detail = problem.get("detail", "") if isinstance(problem, dict) else ""
        if isinstance(problem, dict) and problem.get("violations"):
            detail += " " + problem["violations"][0].get("field", "") + " " + problem["violations"][0].get("message", "")
        report(status == 400 and h.get("content-type", "").startswith("application/problem+json"), name,
               "%s %s" % (status, detail[:110]))


def attack_http_layer():
    """Requests the HTTP server refuses itself (431, bad header bytes): what the caller and the log get."""
    out = []
    for name, raw in [("431 header too large", b"GET /rules HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n"),
                      ("bad header bytes", b"GET /rules HTTP/1.1\r\nHost: x\r\nX-Bad\x01: y\r\n\r\n")]:
        s = socket.create_connection((HOST, PORT), timeout=10)
        s.sendall(raw)
        try:
            answer = s.recv(4096)
        except OSError:
            answer = b""
        s.close()
        status = answer.split(b"\r\n", 1)[0].decode(errors="replace")
        out.append("%s -> %s, X-Request-Id: %s" % (name, status, "yes" if b"x-request-id" in answer.lower() else "no"))
    print("info HTTP-layer refusals: " + "; ".join(out), flush=True)


def main():
    global SERVICE
    shutil.copytree("src/main/resources/rules", RULES)
    SERVICE = start(RULES, "service.log")
    try:
        if not wait_ready(SERVICE):
            print("broke start-up: the service did not become ready; see " + WORK)
            sys.exit(1)
        for attack in (attack_mvel_metadata, attack_halt_metadata, attack_exit_consequence, attack_empty_folder,
                       attack_huge_drl, attack_concurrent_batches, attack_caller_leaves, attack_error_size,
                       attack_inputs, attack_http_layer, attack_slow_sockets):
            if SERVICE.poll() is not None:
                report(False, attack.__name__, "the service had exited (code %s)" % SERVICE.returncode)
                continue
            try:
                attack()
            except Exception as e:  # an attack that cannot even be run is a broken line, not a crash of the script
                report(False, attack.__name__, "could not run: %r" % e)
    finally:
        if SERVICE.poll() is None:
            SERVICE.send_signal(signal.SIGTERM)
            try:
                SERVICE.wait(30)
            except subprocess.TimeoutExpired:
                SERVICE.kill()
        if os.environ.get("ATTACK_KEEP") != "1":
            shutil.rmtree(WORK, ignore_errors=True)
        else:
            print("work folder: " + WORK)
    print("%d held, %d broke" % (results.count(True), results.count(False)))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
