#!/usr/bin/env bash
# Benchmark suite of the decision service (JVM mode). One command, under 10 minutes on 2 cores:
#   1. builds the service and the JMH jar (./mvnw -B package -DskipTests -Pbench; the pom needs bench/POM-PROFILE.xml)
#   2. start-up: process start to first 200 of /q/health/ready (and of POST /evaluate), several cold starts
#   3. HTTP: the service and a benchmark-only JSON echo server (bench code, not the product) on 127.0.0.1; wrk -t1 -c16
#      POSTs the A.10 body; warm-up, then interleaved rounds echo / evaluate; a JFR recording of the service under wrk
#   4. warm reloads of the bundled rules in the running service (POST /rules/reload, its durationMillis)
#   5. JMH: in-process evaluation and its parts, request reading, response writing, rule compilation
#   6. heap probes: retained heap per 1,000-rule base, heap over 500 reloads
#   7. bench/results/latest.json and latest.md (targets, measured, pass/fail), raw data in bench/results/raw/
# Everything it starts is stopped on exit. Only 127.0.0.1 is ever contacted.
#
# Options (environment): SKIP_BUILD=1  PORT=18080  ECHO_PORT=18081  STARTUP_RUNS=3  ROUNDS=3  ROUND_SECONDS=10
#   WARMUP_SECONDS=60  JFR_SECONDS=15  RELOADS=500  RETAINED_N=5  JMH_EXTRA="..." (added to both JMH runs)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PORT=${PORT:-18080}
ECHO_PORT=${ECHO_PORT:-18081}
STARTUP_RUNS=${STARTUP_RUNS:-3}
ROUNDS=${ROUNDS:-3}
ROUND_SECONDS=${ROUND_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
JFR_SECONDS=${JFR_SECONDS:-15}
RELOADS=${RELOADS:-500}
RETAINED_N=${RETAINED_N:-5}
SERVICE_RELOADS=${SERVICE_RELOADS:-15}
JMH_EXTRA=${JMH_EXTRA:-}

RESULTS=bench/results
RAW=$RESULTS/raw
BODY=examples/a10-request.json
LUA=bench/wrk/post-json.lua
APP=target/quarkus-app/quarkus-run.jar
BENCH_CP="target/bench/*:target/bench/lib/*"
LOGGING_OPTS="-Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dlogging.configuration=file:$ROOT/bench/logging.properties"
TOKEN="bench-$RANDOM$RANDOM"
WORK=$(mktemp -d /tmp/csp-bench.XXXXXX)
STARTED=$(date +%s)

# Every process started here is a java exec'd by its own subshell ("(exec java ...) &"), so $! is the JVM itself:
# stopping it by that id stops the JVM, and /proc/$!/stat is the JVM's CPU.
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  PIDS=()
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

log() { printf '[%4ds] %s\n' $(( $(date +%s) - STARTED )) "$*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
stop_pid() { # stops one process this script started
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# waits until URL answers 200 (GET, or POST of the A.10 body); echoes the ms since $2; fails after 90 s
wait_200() {
  local url=$1 since=$2 method=${3:-GET} pid=$4 code
  while :; do
    if [ "$method" = POST ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST -H 'Content-Type: application/json' \
        --data-binary @"$BODY" "$url" || true)
    else
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    fi
    [ "$code" = 200 ] && { echo $(( $(now_ms) - since )); return 0; }
    kill -0 "$pid" 2>/dev/null || { log "process $pid died while waiting for $url"; return 1; }
    [ $(( $(now_ms) - since )) -gt 90000 ] && { log "timed out waiting for $url"; return 1; }
    sleep 0.01
  done
}
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system CPU of a process, in clock ticks
busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; } # all CPUs, not idle or iowait
child_ticks() { # CPU of this shell's waited-for children (wrk) so far, in clock ticks; `times` must run in
  times > "$WORK/times" # this shell, not in a $(...) subshell
  tail -1 "$WORK/times" | awk -v hz="$HZ" '{t = 0; for (i = 1; i <= 2; i++) {split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2]} printf "%d", t * hz}' > "$WORK/ticks"
}
thread_ticks() { # tid, CPU ticks and name of every thread of a process
  local t
  for t in /proc/"$1"/task/*; do
    awk -v tid="${t##*/}" -v name="$(cat "$t/comm" 2>/dev/null)" '{sub(/.*\) /, ""); print tid, $12 + $13, name}' "$t/stat" 2>/dev/null || true
  done
}
sum_ticks() { local t=0 p; for p in "$@"; do t=$(( t + $(cpu_ticks "$p") )); done; echo "$t"; }
run_wrk() { # run_wrk name url seconds server-pid [idle-companion-pid]: wrk output, then the CPU that the server,
  local srv0 srv1 busy0 busy1 wrk0 wrk1 own0 own1 # wrk and processes not started here used during the run
  child_ticks; wrk0=$(cat "$WORK/ticks"); srv0=$(cpu_ticks "$4"); own0=$(sum_ticks "${@:4}"); busy0=$(busy_ticks)
  BODY_FILE="$BODY" wrk -t1 -c16 -d"$3"s --timeout 5s --latency -s "$LUA" "$2" > "$RAW/$1.txt" 2>&1
  srv1=$(cpu_ticks "$4"); own1=$(sum_ticks "${@:4}"); busy1=$(busy_ticks); child_ticks; wrk1=$(cat "$WORK/ticks")
  printf 'SERVERCPU {"ticks":%d,"wrkTicks":%d,"otherTicks":%d,"capacityTicks":%d,"ticksPerSecond":%d}\n' \
    $(( srv1 - srv0 )) $(( wrk1 - wrk0 )) $(( (busy1 - busy0) - (own1 - own0) - (wrk1 - wrk0) )) \
    $(( $3 * HZ * $(nproc) )) "$HZ" >> "$RAW/$1.txt"
  grep -h '^WRKJSON' "$RAW/$1.txt" | sed 's/^WRKJSON /  /' >&2
  grep -h '^SERVERCPU' "$RAW/$1.txt" | sed 's/^SERVERCPU /  cpu /' >&2
}

# Share of the machine's CPU that processes other than this script's children used during a phase whose work runs
# in the foreground (JMH, probes): above ~10% the phase competed with something else and its times are pessimistic.
OTHER=()
phase_begin() { child_ticks; P_CHILD0=$(cat "$WORK/ticks"); P_BUSY0=$(busy_ticks); P_T0=$(now_ms); }
phase_end() {
  local c1 b1 t1
  child_ticks; c1=$(cat "$WORK/ticks"); b1=$(busy_ticks); t1=$(now_ms)
  OTHER+=("$(awk -v n="$1" -v o=$(( (b1 - P_BUSY0) - (c1 - P_CHILD0) )) -v cap=$(( (t1 - P_T0) * HZ * $(nproc) / 1000 )) \
    'BEGIN {s = cap > 0 ? o / cap : 0; if (s < 0) s = 0; printf "\"%s\":%.3f", n, s}')")
}

mkdir -p "$RAW"
rm -f "$RAW"/* "$RESULTS"/*.jfr

# ---- tools --------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq wrk >/dev/null; }
fi
for tool in java jcmd curl wrk; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done
port_free "$PORT" || { echo "port $PORT is in use; set PORT=..." >&2; exit 1; }
port_free "$ECHO_PORT" || { echo "port $ECHO_PORT is in use; set ECHO_PORT=..." >&2; exit 1; }

# ---- 1. build -----------------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  grep -q '<id>bench</id>' pom.xml || { echo "pom.xml has no 'bench' profile: paste bench/POM-PROFILE.xml into it" >&2; exit 1; }
  log "building: ./mvnw -B package -DskipTests -Pbench (log: $RAW/build.log)"
  ./mvnw -B package -DskipTests -Pbench > "$RAW/build.log" 2>&1 || { tail -40 "$RAW/build.log" >&2; exit 1; }
fi
[ -f "$APP" ] && ls target/bench/*-benchmarks.jar >/dev/null 2>&1 || { echo "build outputs missing" >&2; exit 1; }

QUARKUS_VERSION=$(ls target/quarkus-app/lib/main | sed -n 's/^io\.quarkus\.quarkus-core-\(.*\)\.jar$/\1/p' | head -1)
DROOLS_VERSION=$(ls target/quarkus-app/lib/main | sed -n 's/^org\.drools\.drools-core-\(.*\)\.jar$/\1/p' | head -1)
JAVA_VERSION=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')
JAVA_VENDOR=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.vm\.name = //p')

SERVICE_OPTS="-Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT"

# ---- 2. start-up --------------------------------------------------------------------------------------------
log "start-up: $STARTUP_RUNS cold starts of $APP"
READY=(); FIRST_EVAL=(); STARTED_IN=()
for i in $(seq 1 "$STARTUP_RUNS"); do
  t0=$(now_ms)
  (exec java $SERVICE_OPTS -jar "$APP" > "$RAW/startup-$i.log" 2>&1) &
  pid=$!; PIDS+=("$pid")
  ready=$(wait_200 "http://127.0.0.1:$PORT/q/health/ready" "$t0" GET "$pid")
  first=$(wait_200 "http://127.0.0.1:$PORT/evaluate" "$t0" POST "$pid")
  stop_pid "$pid"
  READY+=("$ready"); FIRST_EVAL+=("$first")
  STARTED_IN+=("\"$(sed -n 's/.* started in \([0-9.]*s\).*/\1/p' "$RAW/startup-$i.log" | head -1)\"")
  log "  run $i: ready after $ready ms, first /evaluate 200 after $first ms"
done
printf '{"readyMs":[%s],"firstEvaluateMs":[%s],"quarkusStartedIn":[%s]}\n' "$(IFS=,; echo "${READY[*]}")" \
  "$(IFS=,; echo "${FIRST_EVAL[*]}")" "$(IFS=,; echo "${STARTED_IN[*]}")" > "$RAW/startup.json"

# ---- 3. HTTP: service and echo ceiling ----------------------------------------------------------------------
# The rules are served from a copy of the bundled folder (same files, same version) so that step 4 can reload
# them; no file watcher, an admin token for POST /rules/reload.
cp -r src/main/resources/rules "$WORK/rules"
log "starting the service on 127.0.0.1:$PORT and the echo server on 127.0.0.1:$ECHO_PORT"
t0=$(now_ms)
(exec java $SERVICE_OPTS -Drules.directory="$WORK/rules" -Drules.watch=false -Drules.admin-token="$TOKEN" \
  -jar "$APP" > "$RAW/service.log" 2>&1) &
SERVICE_PID=$!; PIDS+=("$SERVICE_PID")
(exec java -cp "$BENCH_CP" org.csp.decisions.bench.EchoServer "$ECHO_PORT" > "$RAW/echo.log" 2>&1) &
ECHO_PID=$!; PIDS+=("$ECHO_PID")
wait_200 "http://127.0.0.1:$PORT/q/health/ready" "$t0" GET "$SERVICE_PID" >/dev/null
wait_200 "http://127.0.0.1:$ECHO_PORT/ready" "$t0" GET "$ECHO_PID" >/dev/null
EVAL_URL="http://127.0.0.1:$PORT/evaluate"
ECHO_URL="http://127.0.0.1:$ECHO_PORT/echo"
curl -s -X POST -H 'Content-Type: application/json' --data-binary @"$BODY" "$EVAL_URL" > "$RAW/evaluate-response.json"
curl -s -X POST -H 'Content-Type: application/json' --data-binary @"$BODY" "$ECHO_URL" > "$RAW/echo-response.json"
log "warm-up: /evaluate ${WARMUP_SECONDS}s, echo 10s"
run_wrk wrk-warmup-evaluate "$EVAL_URL" "$WARMUP_SECONDS" "$SERVICE_PID" "$ECHO_PID"
run_wrk wrk-warmup-echo "$ECHO_URL" 10 "$ECHO_PID" "$SERVICE_PID"
for r in $(seq 1 "$ROUNDS"); do
  log "round $r/$ROUNDS: echo ${ROUND_SECONDS}s, /evaluate ${ROUND_SECONDS}s"
  run_wrk "wrk-echo-$r" "$ECHO_URL" "$ROUND_SECONDS" "$ECHO_PID" "$SERVICE_PID"
  run_wrk "wrk-evaluate-$r" "$EVAL_URL" "$ROUND_SECONDS" "$SERVICE_PID" "$ECHO_PID"
done
stop_pid "$ECHO_PID"
log "JFR: recording the service during ${JFR_SECONDS}s of wrk on /evaluate"
JFR_FILE="$ROOT/$RESULTS/evaluate.jfr"
jcmd "$SERVICE_PID" JFR.start name=bench settings=default > "$RAW/jfr-start.txt" 2>&1
thread_ticks "$SERVICE_PID" > "$WORK/threads0"
run_wrk wrk-jfr-evaluate "$EVAL_URL" "$JFR_SECONDS" "$SERVICE_PID"
thread_ticks "$SERVICE_PID" > "$WORK/threads1"
# CPU of the service's threads during that run, by thread group (JIT compiler and GC threads included)
awk 'NR == FNR {before[$1] = $2; next} {d = $2 - before[$1]; name = $3; for (i = 4; i <= NF; i++) name = name " " $i;
     gsub(/[-#]?[0-9]+$/, "", name); group[name] += d; total += d}
     END {for (g in group) if (group[g] > 0) printf "%6.1f%%  %6d ticks  %s\n", 100 * group[g] / total, group[g], g}' \
  "$WORK/threads0" "$WORK/threads1" | sort -rn > "$RAW/service-threads-cpu.txt" || true
head -8 "$RAW/service-threads-cpu.txt" >&2 || true
jcmd "$SERVICE_PID" JFR.stop name=bench filename="$JFR_FILE" > "$RAW/jfr-stop.txt" 2>&1 || true
if [ -f "$JFR_FILE" ]; then
  java -cp "$BENCH_CP" org.csp.decisions.bench.JfrTop "$JFR_FILE" 40 > "$RAW/profile-evaluate.txt" 2>&1 || true
  java -cp "$BENCH_CP" org.csp.decisions.bench.JfrTop "$JFR_FILE" 40 executor-thread > "$RAW/profile-evaluate-workers.txt" 2>&1 || true
  jfr summary "$JFR_FILE" > "$RAW/jfr-summary.txt" 2>&1 || true
fi

# ---- 4. warm reloads in the service -------------------------------------------------------------------------
log "reloading the bundled rules $SERVICE_RELOADS times in the service (first 5 are warm-up)"
: > "$RAW/service-reloads.txt"
for i in $(seq 1 "$SERVICE_RELOADS"); do
  printf 'package org.csp.rules.benchedit;\n// edit %s\n' "$i" > "$WORK/rules/zz-bench-edit.drl"
  ms=$(curl -s -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/rules/reload" \
    | sed -n 's/.*"outcome":"LOADED".*"durationMillis":\([0-9]*\).*/\1/p')
  [ -n "$ms" ] || { log "reload $i did not load"; continue; }
  [ "$i" -gt 5 ] && echo "$ms" >> "$RAW/service-reloads.txt"
done
log "  reload ms: $(tr '\n' ' ' < "$RAW/service-reloads.txt")"
stop_pid "$SERVICE_PID"

# ---- 5. JMH -------------------------------------------------------------------------------------------------
phase_begin
log "JMH: in-process evaluation, JSON, compilation (log: $RAW/jmh.log)"
java -cp "$BENCH_CP" org.openjdk.jmh.Main 'EvaluateBenchmark|EngineBreakdownBenchmark|JsonBenchmark|CompileBenchmark' \
  -jvmArgsAppend "$LOGGING_OPTS" -foe true -rf json -rff "$RAW/jmh.json" $JMH_EXTRA > "$RAW/jmh.log" 2>&1 \
  || { tail -30 "$RAW/jmh.log" >&2; log "JMH failed"; }
sed -n '/^Benchmark /,$p' "$RAW/jmh.log" >&2 || true
phase_end jmh

# ---- 6. heap probes -----------------------------------------------------------------------------------------
phase_begin
# Both probes measure heap, not time, so they run side by side (each in its own JVM) to keep the script short.
log "heap: retained per rule base ($RETAINED_N x 1,000 generated rules) and $RELOADS reloads of the bundled rules"
(exec java $LOGGING_OPTS -cp "$BENCH_CP" org.csp.decisions.bench.MemoryProbe retained "$RAW/retained.json" "$RETAINED_N" \
  > "$RAW/retained.log" 2>&1) &
RETAINED_PID=$!; PIDS+=("$RETAINED_PID")
java $LOGGING_OPTS -cp "$BENCH_CP" org.csp.decisions.bench.MemoryProbe reloads "$RAW/reloads.json" "$RELOADS" \
  > "$RAW/reloads.log" 2>&1 || { tail -20 "$RAW/reloads.log" >&2; log "reload probe failed"; }
wait "$RETAINED_PID" || { tail -20 "$RAW/retained.log" >&2; log "retained-heap probe failed"; }
grep -h -E '^(retained|reloads|  after)' "$RAW/retained.log" "$RAW/reloads.log" >&2 || true
phase_end heapProbes

# ---- 7. report ----------------------------------------------------------------------------------------------
cat > "$RAW/env.json" <<EOF
{"date":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","cores":$(nproc),"java":"$JAVA_VERSION ($JAVA_VENDOR)","quarkus":"$QUARKUS_VERSION",
 "drools":"$DROOLS_VERSION","commit":"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet -- src 2>/dev/null || echo '+changes')",
 "otherCpuShare":{$(IFS=,; echo "${OTHER[*]}")},"memoryGb":$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo),
 "wrk":"wrk -t1 -c16 --latency, ${ROUND_SECONDS}s rounds x $ROUNDS after ${WARMUP_SECONDS}s warm-up","totalSeconds":$(( $(date +%s) - STARTED ))}
EOF
java -cp "$BENCH_CP" org.csp.decisions.bench.Report "$RAW" "$RESULTS/latest.json" "$RESULTS/latest.md"
log "done in $(( $(date +%s) - STARTED )) s: $RESULTS/latest.md"
