#!/usr/bin/env bash
# Wall-clock profile (async-profiler, every thread) of one start of the packaged service, as bench/run.sh measures
# start-up: a cold start first fills the compiled-rules cache and writes the class-data archive at exit, then one start
# that uses both is profiled from process start to its first 200 of POST /evaluate (bundled rules, bin/jvm.options),
# summarised by bench/profile/startup.py into bench/results/profiles/profile-startup-<TAG>.txt: each thread's time on
# the CPU or waiting for it, the main thread's work by Quarkus step, and the rules preload's.
#   bench/profile/profile-startup.sh TAG        (after ./mvnw -q -B package -DskipTests)
# Options (environment): PORT=18391. Loopback only; stops what it started; about 20 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
TAG=${1:?usage: profile-startup.sh TAG}
PORT=${PORT:-18391}
OUT=bench/results/profiles/profile-startup-$TAG.txt
WORK=$(mktemp -d /tmp/csp-startup-profile.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
. bench/profile/async-profiler.sh # sets LIB
now_ms() { date +%s%3N; }
OPTS=(@bin/jvm.options -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT -Drules.cache-directory="$WORK/cache")
QUIET=(-Xlog:cds=off -Xlog:cds+dynamic=off)
first_200() { # ms from $1 to the first 200 of POST /evaluate of process $2
  while :; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST -H 'Content-Type: application/json' \
      --data-binary @examples/a10-request.json "http://127.0.0.1:$PORT/evaluate" || true)" = 200 ] && break
    kill -0 "$2" 2>/dev/null || { echo "the service exited" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - $1 ))
}
stop() { kill "$1" 2>/dev/null || true; for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1"; }
t0=$(now_ms)
java -XX:ArchiveClassesAtExit="$WORK/app.jsa" "${QUIET[@]}" "${OPTS[@]}" -jar target/quarkus-app/quarkus-run.jar \
  > "$WORK/cold.log" 2>&1 &
PID=$!; cold=$(first_200 "$t0" "$PID"); stop "$PID"; PID=""
t0=$(now_ms)
java -agentpath:"$LIB"=start,event=wall,interval=2ms,threads,collapsed,file="$WORK/wall.txt" \
  -XX:SharedArchiveFile="$WORK/app.jsa" "${QUIET[@]}" "${OPTS[@]}" -jar target/quarkus-app/quarkus-run.jar \
  > "$WORK/run.log" 2>&1 &
PID=$!; first=$(first_200 "$t0" "$PID")
# The profile is written at exit; what runs after the first answer (idle threads, the shutdown) is left out by
# startup.py, which counts only stacks up to it on the main thread and running (not waiting) frames elsewhere.
stop "$PID"; PID=""
python3 bench/profile/startup.py "$WORK/wall.txt" \
  "profiled start: first 200 of POST /evaluate after $first ms (with the profiler); the cold start before it: $cold ms; $(grep -o 'started in [0-9.]*s' "$WORK/run.log" | head -1); $(git rev-parse --short HEAD), $(nproc) cores, $(java -version 2>&1 | head -1)" \
  > "$OUT"
echo "wrote $OUT"
