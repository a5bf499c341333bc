#!/usr/bin/env bash
# Runtime attacks of issue 10 (items 1, 2, 7, 9) against the packaged jar, on loopback only, bounded in time
# (about 3-5 minutes on 2 busy cores; every wait has a deadline). Prints one line per attack: "held" or "broke", with
# what was seen. Exits 0 when every attack held.
#
#   bench/attack/runtime-attacks.sh            (builds target/quarkus-app/quarkus-run.jar first if it is missing)
#
# Every instance it starts is its own process on a free 127.0.0.1 port, with its own copy of the bundled rules plus
# the misbehaving rules of the attack; all are stopped (by their pid) when the script ends.
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$here/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$jar" ]; then
  (cd "$here" && ./mvnw -q -B package -DskipTests >&2) || { echo "broke  build: cannot package the service"; exit 1; }
fi
work="$(mktemp -d /tmp/csp-runtime-attacks.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
report() { # report held|broke name detail
  printf '%-5s  %-40s %s\n' "$1" "$2" "$3"
  [ "$1" = held ] || failures=$((failures + 1))
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
META='@category("GOVERNANCE") @severity("LOW") @source("test.txt") @citation("Test")
    @paraphrase("A test rule that misbehaves on purpose to attack the service.") @explanation("This rule misbehaves on purpose.") @recommendation1("Fix the rule.")'
rule() { # rule ID "title" condition consequence
  printf 'rule "%s %s"\n    @id("%s")\n    %s\nwhen\n    %s\n    $findings : FindingCollector()\nthen\n    %s\n    $findings.emit(kcontext);\nend\n\n' \
    "$1" "$2" "$1" "$META" "$3" "$4"
}
drl() { printf 'package test.%s;\nimport org.csp.decisions.model.*;\n\n' "$1"; }
rules_folder() { # rules_folder name -> path of a fresh copy of the bundled rules
  local dir="$work/$1"
  mkdir -p "$dir" && cp -r "$here/src/main/resources/rules/." "$dir/"
  echo "$dir"
}
# start name folder [jvm args...] -> sets PORT, PID, LOG
start() {
  local name="$1" folder="$2"; shift 2
  PORT="$(free_port)"; LOG="$work/$name.log"
  RULES_DIRECTORY="$folder" RULES_ADMIN_TOKEN=attack java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
    "$@" -jar "$jar" >"$LOG" 2>&1 &
  PID=$!; pids+=("$PID")
}
await_ready() { # await_ready seconds
  local end=$((SECONDS + $1))
  while [ $SECONDS -lt $end ]; do
    kill -0 "$PID" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://127.0.0.1:$PORT/q/health/ready")" = 200 ] && return 0
    sleep 0.3
  done
  return 1
}
url() { echo "http://127.0.0.1:$PORT$1"; }
item() { # item attribute -> one evaluation request with attributes.<attribute>=true (or none)
  local attrs=""; [ -n "$1" ] && attrs=",\"attributes\":{\"$1\":true}"
  echo "{\"partnership\":{\"id\":\"x-$1\",\"name\":\"X\"$attrs},\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"},{\"id\":\"b\",\"name\":\"B\",\"sector\":\"PUBLIC\"}]}"
}
post() { curl -s -m "${2:-30}" -H 'Content-Type: application/json' --data-binary @- "$(url "$1")"; }
wait_exit() { # wait_exit pid seconds -> 0 when it exited in time
  local end=$((SECONDS + $2))
  while kill -0 "$1" 2>/dev/null; do [ $SECONDS -ge $end ] && return 1; sleep 0.1; done
  return 0
}

# ---------------------------------------------------------------- one service with every misbehaving rule
folder="$(rules_folder main)"
{ drl misbehaving
  rule HANG-001 "Consequence that never returns" 'Partnership( attributes["hang"] == true )' 'while (System.nanoTime() != 0) { }'
  rule SPIN-001 "Spins when asked" 'Partnership( attributes["spin"] == true )' 'while (System.nanoTime() != 0) { }'
  rule BOOM-001 "Throws when asked" 'Partnership( attributes["boom"] == true )' 'if ($findings != null) { throw new IllegalStateException("boom"); }'
} >"$folder/misbehaving.drl"
start main "$folder" -Drules.evaluation-timeout=1s -Drules.watch=false
if ! await_ready 120; then
  report broke "service start" "$(tail -3 "$LOG")"; exit 1
fi
main_pid=$PID

# spinning batch item: answered by the time limit, alone, named
t0=$SECONDS
answer="$(printf '[%s,%s]' "$(item spin)" "$(item '')" | post /evaluate/batch 30)"
if [ "$(jq -r '.[0].rule' <<<"$answer" 2>/dev/null)" = "SPIN-001 Spins when asked" ] \
   && [ "$(jq -r '.[1].partnershipId' <<<"$answer" 2>/dev/null)" = "x-" ]; then
  report held "spinning batch item" "item 0: 500 naming SPIN-001, item 1 answered; $((SECONDS - t0)) s"
else
  report broke "spinning batch item" "answer: ${answer:0:200}"
fi

# throwing rule in a batch: the item's problem names the rule; the batch is a 200
answer="$(printf '[%s,%s]' "$(item boom)" "$(item '')" | post /evaluate/batch 30)"
if [ "$(jq -r '.[0].type' <<<"$answer" 2>/dev/null)" = "https://csp-decisions/problems/rule-failed" ] \
   && [ "$(jq -r '.[0].rule' <<<"$answer")" = "BOOM-001 Throws when asked" ] \
   && [ "$(jq -r '.[1].partnershipId' <<<"$answer")" = "x-" ]; then
  report held "throwing rule in a batch" "item 0: $(jq -r '.[0].detail' <<<"$answer")"
else
  report broke "throwing rule in a batch" "answer: ${answer:0:200}"
fi

# spinning case in a zip sent to /rules/validate: answered, the case fails naming the rule
zipdir="$work/zip/rules"; mkdir -p "$zipdir/cases/spin"
{ drl zip; rule SPIN-001 "Spins when asked" 'Partnership( attributes["spin"] == true )' 'while (System.nanoTime() != 0) { }'; } >"$zipdir/spin.drl"
printf '{"finding":"SPIN-001","cases":[{"name":"spins","request":%s,"expectPresent":["SPIN-001"]}]}' "$(item spin)" \
  >"$zipdir/cases/spin/SPIN-001.json"
(cd "$work/zip" && zip -qr ../rules.zip rules)
t0=$SECONDS
answer="$(curl -s -m 60 -H 'Authorization: Bearer attack' -H 'Content-Type: application/zip' --data-binary @"$work/rules.zip" "$(url /rules/validate)")"
if [ "$(jq -r '.valid' <<<"$answer" 2>/dev/null)" = false ] && grep -q 'SPIN-001 Spins when asked' <<<"$answer"; then
  report held "spinning validate-zip case" "valid=false, case failed naming SPIN-001; $((SECONDS - t0)) s"
else
  report broke "spinning validate-zip case" "answer: ${answer:0:200}"
fi

# spinning warm-up rule on reload: FAILED naming the rule, and the reload lock is free afterwards
{ drl warm; rule WARM-001 "Spins on every request" 'Partnership()' 'while (System.nanoTime() != 0) { }'; } >"$folder/warm.drl"
t0=$SECONDS
answer="$(curl -s -m 90 -X POST -H 'Authorization: Bearer attack' "$(url /rules/reload)")"
rm -f "$folder/warm.drl"
again="$(curl -s -m 90 -X POST -H 'Authorization: Bearer attack' "$(url /rules/reload)" | jq -r .outcome 2>/dev/null)"
if [ "$(jq -r .outcome <<<"$answer" 2>/dev/null)" = FAILED ] && grep -q 'WARM-001 Spins on every request' <<<"$answer" \
   && [ "$again" = UNCHANGED ]; then
  report held "spinning warm-up rule (reload)" "FAILED naming WARM-001 in $((SECONDS - t0)) s; next reload $again"
else
  report broke "spinning warm-up rule (reload)" "answer: ${answer:0:200}; next reload: $again"
fi

# stuck-rule flood: 200 requests to a consequence that never returns
before="$(curl -s -m 10 "$(url /rules)" | jq -r .ruleSetVersion)"
t0=$SECONDS
item hang >"$work/hang.json"
seq 200 | xargs -P 50 -I{} curl -s -o /dev/null -w '%{http_code}\n' -m 60 -H 'Content-Type: application/json' \
  --data-binary @"$work/hang.json" "$(url /evaluate)" >"$work/flood.codes" &
flood=$!
slow=0
for i in 1 2 3 4 5; do
  for path in /rules /q/health/ready /q/health/live; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -m 5 "$(url $path)")"
    [ "$code" = 200 ] || slow=$((slow + 1))
  done
  sleep 0.5
done
wait $flood
codes="$(sort "$work/flood.codes" | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
sleep 3 # the last stuck threads are reclaimed
rules="$(curl -s -m 10 "$(url /rules)")"
live="$(curl -s -m 10 "$(url /q/health/live)")"
ready="$(curl -s -m 10 "$(url /q/health/ready)")"
version="$(jq -r .ruleSetVersion <<<"$rules")"
quarantined="$(jq -r '.quarantined[0].rule // ""' <<<"$rules")"
stuck="$(jq -r '.checks[] | select(.name=="rule-threads") | .data.stuckThreads' <<<"$live")"
after="$(item hang | post /evaluate 10 | jq -r '.ruleSetVersion // .type' 2>/dev/null)"
if [ $slow = 0 ] && [ "$version" = "$before+without:HANG-001" ] && [ "$quarantined" = "HANG-001 Consequence that never returns" ] \
   && [ "$(jq -r .status <<<"$live")" = UP ] && [ "$stuck" = 0 ] && [ "$(jq -r .status <<<"$ready")" = UP ] \
   && [ "$after" = "$before+without:HANG-001" ] && ! grep -qv '^\(200\|500\|503\)$' "$work/flood.codes"; then
  report held "stuck-rule flood (200 requests)" "$codes; /rules, ready, live answered throughout; quarantined after $(jq -r '.quarantined[0].calls' <<<"$rules") calls, served $version, stuck threads $stuck, $((SECONDS - t0)) s"
else
  report broke "stuck-rule flood (200 requests)" "$codes; slow=$slow version=$version quarantined=$quarantined stuck=$stuck live=$(jq -r .status <<<"$live") after=$after"
fi
{ kill -9 "$main_pid"; wait "$main_pid"; } 2>/dev/null

# ---------------------------------------------------------------- spinning warm-up rule at start-up
folder="$(rules_folder warmstart)"
{ drl warm; rule WARM-001 "Spins on every request" 'Partnership()' 'while (System.nanoTime() != 0) { }'; } >"$folder/warm.drl"
t0=$SECONDS
start warmstart "$folder" -Drules.evaluation-timeout=1s
if wait_exit "$PID" 120; then
  wait "$PID"; code=$?
  line="$(grep 'csp-decisions: cannot start:' "$LOG")"
  if [ $code = 1 ] && grep -q 'WARM-001 Spins on every request' <<<"$line"; then
    report held "spinning warm-up rule (start-up)" "exit $code in $((SECONDS - t0)) s: ${line:0:160}"
  else
    report broke "spinning warm-up rule (start-up)" "exit $code: $(tail -2 "$LOG")"
  fi
else
  report broke "spinning warm-up rule (start-up)" "still running after 120 s"
fi

# ---------------------------------------------------------------- SIGTERM with batches in flight
folder="$(rules_folder sigterm)"
{ drl slow; rule SLOW-001 "Takes 50 ms" 'Partnership( attributes["slow"] == true )' 'long end = System.nanoTime() + 50_000_000L; while (System.nanoTime() < end) { }'; } >"$folder/slow.drl"
start sigterm "$folder" -Dquarkus.shutdown.delay=2s
if await_ready 120; then
  batch="[$(for i in $(seq 10); do item slow; done | paste -sd,)]"
  echo "$batch" >"$work/batch.json"
  for i in 1 2 3 4 5 6; do
    curl -s -m 60 -o "$work/batch.$i.out" -w '%{http_code}' -H 'Content-Type: application/json' \
      --data-binary @"$work/batch.json" "$(url /evaluate/batch)" >"$work/batch.$i.code" &
  done
  sleep 0.3
  t0=$SECONDS
  kill -TERM "$PID"
  sleep 0.3
  ready="$(curl -s -o /dev/null -w '%{http_code}' -m 5 "$(url /q/health/ready)")"
  during="$(item '' | curl -s -o /dev/null -w '%{http_code}' -m 10 -H 'Content-Type: application/json' --data-binary @- "$(url /evaluate)")"
  wait_exit "$PID" 60; exited=$?
  sleep 0.5
  ok=0
  for i in 1 2 3 4 5 6; do
    [ "$(cat "$work/batch.$i.code")" = 200 ] && [ "$(jq '[.[] | select(.partnershipId=="x-slow")] | length' "$work/batch.$i.out" 2>/dev/null)" = 10 ] && ok=$((ok + 1))
  done
  if [ $ok = 6 ] && [ "$ready" = 503 ] && [ "$during" = 200 ] && [ $exited = 0 ] && ! grep -q RejectedExecution "$LOG"; then
    report held "SIGTERM with 6 batches in flight" "6/6 batches answered in full; readiness $ready and /evaluate $during during the delay; exit $((SECONDS - t0)) s after SIGTERM"
  else
    report broke "SIGTERM with 6 batches in flight" "$ok/6 batches complete; readiness $ready; during $during; exited=$exited"
  fi
else
  report broke "SIGTERM with 6 batches in flight" "service did not start"
fi

# ---------------------------------------------------------------- SIGTERM with stuck threads (that swallow ThreadDeath)
folder="$(rules_folder stuckexit)"
{ drl stuck; rule HANG-002 "Cannot be stopped" 'Partnership( attributes["hang"] == true )' 'while (System.nanoTime() != 0) { try { while (System.nanoTime() != 0) { } } catch (Throwable ignored) { } }'; } >"$folder/stuck.drl"
start stuckexit "$folder" -Drules.evaluation-timeout=1s -Drules.quarantine-after=1000 -Drules.max-stuck-threads=1000 \
  -Drules.evaluation-threads=16
if await_ready 120; then
  item hang >"$work/hang2.json"
  seq 20 | xargs -P 20 -I{} curl -s -o /dev/null -m 30 -H 'Content-Type: application/json' --data-binary @"$work/hang2.json" "$(url /evaluate)"
  sleep 2
  stuck="$(curl -s -m 10 "$(url /q/health/live)" | jq -r '.checks[] | select(.name=="rule-threads") | .data.stuckThreads')"
  t0=$(date +%s%N)
  kill -TERM "$PID"
  if wait_exit "$PID" 30; then
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    if [ $ms -lt 15000 ]; then
      report held "SIGTERM with stuck rule threads" "$stuck stuck threads; exit ${ms} ms after SIGTERM (delay 5 s included)"
    else
      report broke "SIGTERM with stuck rule threads" "$stuck stuck threads; exit took ${ms} ms"
    fi
  else
    report broke "SIGTERM with stuck rule threads" "$stuck stuck threads; still running 30 s after SIGTERM"
  fi
else
  report broke "SIGTERM with stuck rule threads" "service did not start"
fi

# ---------------------------------------------------------------- RULES_DIRECTORY pointing nowhere, five times
good=0; seen=""
for i in 1 2 3 4 5; do
  start nowhere.$i /nonexistent/csp-rules
  if wait_exit "$PID" 60; then
    wait "$PID"; code=$?
    lines="$(grep -cv '^\s*$' "$LOG")"
    if [ $code = 1 ] && [ "$lines" = 1 ] && grep -q 'cannot start: rules folder /nonexistent/csp-rules does not exist' "$LOG"; then
      good=$((good + 1))
    else
      seen="run $i: exit $code, $lines lines"
    fi
  fi
done
if [ $good = 5 ]; then
  report held "RULES_DIRECTORY nowhere x5" "5/5 exit 1 with one line: $(cat "$LOG")"
else
  report broke "RULES_DIRECTORY nowhere x5" "$good/5 clear; $seen"
fi

exit $((failures > 0))
