#!/usr/bin/env bash
# Interleaved A/B start-ups: process start to the first 200 of POST /evaluate, with the compiled-rules cache and a
# class-data archive made by one cold start first (as bin/run does on Java 17). Each start waits until the machine was
# idle for 2 s. Loopback only; a start that gives no answer in 60 s counts as failed.
# Usage: bench/experiments/startup-ab.sh ROUNDS "java options A" "java options B" ...   (from the repository root, after
# ./mvnw package; bin/jvm.options always applies). Prints each start and each variant's sorted times and median.
set -uo pipefail
cd "$(dirname "$0")/../.."
. bench/experiments/wait-idle.sh
rounds=$1; shift
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
port=18181
base=(@bin/jvm.options -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port -Drules.cache-directory="$work/cache")
now_ms() { date +%s%3N; }
first_200() { # first_200 T0 PID: ms from T0 to the first 200 of POST /evaluate, or "failed"
  local end=$(( $(now_ms) + 60000 )) code
  while [ "$(now_ms)" -lt "$end" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST -H 'Content-Type: application/json' \
      --data-binary @examples/a10-request.json "http://127.0.0.1:$port/evaluate" || true)
    [ "$code" = 200 ] && { echo $(( $(now_ms) - $1 )); return; }
    kill -0 "$2" 2>/dev/null || break
    sleep 0.01
  done
  echo failed
}
stop() { kill "$1" 2>/dev/null; for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return; sleep 0.1; done; kill -9 "$1"; }
t0=$(now_ms)
java -XX:ArchiveClassesAtExit="$work/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off "${base[@]}" \
  -jar target/quarkus-app/quarkus-run.jar > "$work/cold.log" 2>&1 &
pid=$!; echo "cold start (fills the cache, writes the archive at exit): $(first_200 "$t0" "$pid") ms"; stop "$pid"
declare -A times
for r in $(seq 1 "$rounds"); do
  v=0
  for opts in "$@"; do
    v=$((v+1)); wait_idle; t0=$(now_ms)
    # shellcheck disable=SC2086
    java -XX:SharedArchiveFile="$work/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off "${base[@]}" $opts \
      -jar target/quarkus-app/quarkus-run.jar > "$work/run.log" 2>&1 &
    pid=$!; ms=$(first_200 "$t0" "$pid"); stop "$pid"
    times[$v]="${times[$v]:-} $ms"
    echo "round $r variant $v [$opts]: $ms ms ($(grep -o 'started in [0-9.]*s' "$work/run.log"))"
  done
done
v=0
for opts in "$@"; do
  v=$((v+1))
  sorted=$(echo ${times[$v]} | tr ' ' '\n' | sort -n | tr '\n' ' ')
  echo "variant $v [$opts]: $sorted median $(echo ${times[$v]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
