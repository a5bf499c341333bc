#!/usr/bin/env bash
# A/B of single calls' p99 alone and during batches (bench/batch.py), one fresh service per variant and round, each
# after the machine was idle and 30 s of wrk on /evaluate. Loopback only; each variant's run is cut off at 5 minutes.
# Usage: bench/experiments/batch-ab.sh ROUNDS "java options A" "java options B" ...   (from the repository root, after
# ./mvnw package; "" is the service as bin/run starts it, bin/jvm.options always applies)
# Prints per run: speed-up, p99/p50 alone and during, the ratio, and the young-GC pauses (-Xlog:gc) of that service.
set -uo pipefail
cd "$(dirname "$0")/../.."
. bench/experiments/wait-idle.sh
rounds=$1; shift
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
port=18282
for r in $(seq 1 "$rounds"); do
  v=0
  for opts in "$@"; do
    v=$((v+1)); wait_idle
    # shellcheck disable=SC2086
    java @bin/jvm.options -Xlog:gc:file="$work/gc.log" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port \
      -Drules.cache-directory="$work/cache" $opts -jar target/quarkus-app/quarkus-run.jar > "$work/service.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break; sleep 0.2; done
    wrk -t1 -c16 -d30s -s bench/wrk/post-json.lua "http://127.0.0.1:$port/evaluate" > /dev/null 2>&1
    timeout 300 python3 bench/batch.py "$port" "$work/batch.json" > /dev/null 2>&1
    kill "$pid"; wait "$pid" 2>/dev/null
    python3 - "$work/batch.json" "$work/gc.log" "$r" "$v" "$opts" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
pauses = sorted(float(m.group(1)) for m in (re.search(r"Pause Young.* ([\d.]+)ms", l) for l in open(sys.argv[2])) if m)
print("round %s variant %s [%s]: speed-up %.2f; alone p99 %.2f p50 %.2f ms; during p99 %.2f p50 %.2f ms; ratio %.1fx; young pauses %d, median %.1f ms"
      % (sys.argv[3], sys.argv[4], sys.argv[5], r["speedup"], r["singleAloneP99Ms"], r["singleAloneP50Ms"],
         r["singleDuringBatchP99Ms"], r["singleDuringBatchP50Ms"], r["singleDuringBatchP99Ms"] / r["singleAloneP99Ms"],
         len(pauses), pauses[len(pauses) // 2] if pauses else 0))
PY
  done
done
