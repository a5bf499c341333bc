#!/usr/bin/env bash
# CPU and allocation profiles (async-profiler) of the packaged service under wrk -t1 -c16 posting the A.10 body, and a
# CPU profile of GET /q/health/live in the same process, summarised by area (bench/profile/areas.py) into
# bench/results/profiles/profile-evaluate-async-<TAG>-{cpu,alloc,live}.txt (tracked: bench/results/raw/ is ignored and emptied by run.sh). Loopback only; stops what it started.
#   bench/profile/profile-evaluate.sh TAG        (after ./mvnw -q -o -B package -DskipTests)
# Options (environment): PORT=18390 WARMUP=60 (seconds of /evaluate before profiling) SECONDS_EACH=20
# async-profiler comes from Maven Central (tools.profiler:async-profiler, linux-x64) into target/async-profiler.
set -euo pipefail
cd "$(dirname "$0")/../.."
TAG=${1:?usage: profile-evaluate.sh TAG}
PORT=${PORT:-18390}
WARMUP=${WARMUP:-60}
SECONDS_EACH=${SECONDS_EACH:-20}
RAW=bench/results/profiles
WORK=$(mktemp -d /tmp/csp-profile.XXXXXX)
LUA=bench/wrk/post-json.lua
BODY=examples/a10-request.json
mkdir -p "$RAW" target/async-profiler
. bench/profile/async-profiler.sh # sets LIB
# Attaching needs the JDK's attach API (jcmd's JVMTI.agent_load splits the options at commas).
cat > "$WORK/Attach.java" <<'JAVA'
public class Attach {
    public static void main(String[] a) throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(a[0]);
        try { vm.loadAgentPath(a[1], a[2]); } finally { vm.detach(); }
    }
}
JAVA
javac -d "$WORK" "$WORK/Attach.java"
# Started from a subshell in the background, with SIGQUIT not ignored (the attach mechanism needs it).
(java -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT \
  -Drules.watch=false -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &)
sleep 2
PID=$(pgrep -f "quarkus.http.port=$PORT " | head -1)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @$BODY \
  http://127.0.0.1:$PORT/evaluate || true)" = 200 ]; do kill -0 "$PID"; sleep 0.2; done
ticks() { awk '{print $14 + $15}' /proc/$PID/stat; }
E=http://127.0.0.1:$PORT/evaluate
L=http://127.0.0.1:$PORT/q/health/live
BODY_FILE=$BODY wrk -t1 -c16 -d${WARMUP}s -s $LUA $E > /dev/null
WRK_METHOD=GET BODY_FILE=$BODY wrk -t1 -c16 -d5s -s $LUA $L > /dev/null
profile() { # event name url [GET] [unit]
  local t0 t1 requests
  java -cp "$WORK" Attach "$PID" "$LIB" "start,event=$1" > /dev/null
  t0=$(ticks)
  if [ "${4:-}" = GET ]; then WRK_METHOD=GET BODY_FILE=$BODY wrk -t1 -c16 -d${SECONDS_EACH}s -s $LUA "$3" > "$WORK/$2.wrk"
  else BODY_FILE=$BODY wrk -t1 -c16 -d${SECONDS_EACH}s -s $LUA "$3" > "$WORK/$2.wrk"; fi
  t1=$(ticks)
  java -cp "$WORK" Attach "$PID" "$LIB" "stop,collapsed${6:-},file=$WORK/$2.collapsed" > /dev/null
  requests=$(grep -o '"requests":[0-9]*' "$WORK/$2.wrk" | cut -d: -f2)
  {
    echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+changes'), $(nproc) cores"
    echo "# wrk -t1 -c16 -d${SECONDS_EACH}s $3: $(grep '^WRKJSON' "$WORK/$2.wrk" | sed 's/^WRKJSON //')"
    echo "# server CPU (utime+stime) during the run: $(( (t1 - t0) * 10 )) ms = $(awk -v t=$((t1 - t0)) -v r="$requests" 'BEGIN {printf "%.1f", t * 10000 / r}') us per request (profiler running)"
    python3 bench/profile/areas.py "$WORK/$2.collapsed" --requests "$requests" --unit "${5:-cpu}" --top 40
  } > "$RAW/profile-evaluate-async-$TAG-$2.txt"
  cp "$WORK/$2.collapsed" "target/async-profiler/$TAG-$2.collapsed" # the whole profile, for a closer look
  echo "$RAW/profile-evaluate-async-$TAG-$2.txt"
}
profile cpu cpu "$E"
profile cpu live "$L" GET
profile alloc alloc "$E" "" bytes ",total"
