#!/usr/bin/env bash
# Attacks on rule folders as deployments mount them, and on several instances sharing one (issue 10 items 4 and 10).
# Loopback only, bounded in time (about 3-4 minutes; every wait has a deadline), cleans up after itself.
#
#   bench/attack/cluster-attacks.sh            (JAR=... to attack another build; SWAP_DEADLINE=5 seconds)
#
# 1. Three instances of the packaged jar (ports 18181-18183) on ONE rules folder laid out as kubelet projects a
#    ConfigMap (..data -> ..<timestamp>, top-level names linked through ..data, a sub-folder through items[].path),
#    under load (wrk, or curl loops without it); the folder is swapped the way kubelet does it (new timestamped folder,
#    ..data_tmp renamed over ..data, old folder deleted). All three must serve the new ruleSetVersion within
#    SWAP_DEADLINE seconds of the swap, with 0 failed requests.
# 2. One line per layout attack (a fourth instance on a git-sync link, a fifth on a plain folder replaced with mv).
# Prints one line per attack: "held" or "broke", and a summary; exits 1 if anything broke.
set -uo pipefail
cd "$(dirname "$0")/../.."
JAR="${JAR:-target/quarkus-app/quarkus-run.jar}"
SWAP_DEADLINE="${SWAP_DEADLINE:-5}"
PORTS=(18181 18182 18183)
GIT_PORT=18184
MV_PORT=18185
LOAD_SECONDS=20

if [ ! -f "$JAR" ]; then
  ./mvnw -q -B package -DskipTests >/dev/null || { echo "build failed"; exit 2; }
fi
WORK="$(mktemp -d /tmp/csp-cluster-attacks.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

BROKE=0
result() { # name held|broke detail
  printf '%-5s  %-44s %s\n' "$2" "$1" "$3"
  [ "$2" = held ] || BROKE=$((BROKE + 1))
}

# ---- rule payloads --------------------------------------------------------------------------------------------
analyst_rule() { # id threshold
  cat <<EOF
package org.csp.rules.analyst;
import org.csp.decisions.model.*;

rule "$1 Partnership spans many counties"
    @id("$1")
    @category("COORDINATION_GAP")
    @severity("LOW")
    @source("004_9c6962675188af29.txt")
    @citation("ReThink Health report")
    @paraphrase("Regional partnerships benefit from a wider view of the ecosystem.")
    @explanation("The partnership covers {counties} counties.")
    @recommendation1("Map the other initiatives in each county.")
when
    \$p : Partnership( attributes["countiesCovered"] instanceof java.math.BigDecimal,
                      ((java.math.BigDecimal) attributes["countiesCovered"]).intValue() > $2 )
    \$findings : FindingCollector()
then
    \$findings.emit(kcontext)
        .partnership("attributes.countiesCovered", \$p.attributes().get("countiesCovered"))
        .param("counties", \$p.attributes().get("countiesCovered"));
end
EOF
}
payload() { # dir threshold: the bundled rules plus analyst/counties.drl
  mkdir -p "$1"
  cp -r src/main/resources/rules/. "$1/"
  mkdir -p "$1/analyst"
  analyst_rule ANA-001 "$2" >"$1/analyst/counties.drl"
}

# The version the service computes (RuleSetBuilder.version): sha256 over sorted relative path, 0, content, 0 of
# every rule file - the .drl files and the aggregate file (*.aggregate.json) - hidden entries skipped, first 12 hex
# digits.
version_of() { # plain folder
  (cd "$1" && find -L . \( -name '.?*' -prune \) -o -type f \( -name '*.drl' -o -name '*.aggregate.json' \) -print | sed 's|^\./||' | LC_ALL=C sort |
    while IFS= read -r f; do printf '%s\0' "$f"; cat "$f"; printf '\0'; done) | sha256sum | cut -c1-12 | sed 's/^/sha256:/'
}

# ---- kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go), step by step --------------------------------------
kubelet_write() { # target payload-dir
  local target="$1" src="$2" old="" ts
  mkdir -p "$target"
  [ -L "$target/..data" ] && old="$(readlink "$target/..data")"
  ts="..$(date -u +%Y_%m_%d_%H_%M_%S).$RANDOM$RANDOM"
  mkdir "$target/$ts" && cp -r "$src/." "$target/$ts/"                 # (5)(6) new timestamped dir with the payload
  ln -s "$ts" "$target/..data_tmp"                                     # (8) ..data_tmp -> new dir
  mv -T "$target/..data_tmp" "$target/..data"                          # (9) rename(2) over ..data: the atomic step
  for name in $(ls -A "$target/$ts"); do                               # (10) user-visible links
    [ -L "$target/$name" ] || ln -s "..data/$name" "$target/$name"
  done
  if [ -n "$old" ]; then
    for name in $(ls -A "$target/$old"); do                            # (11) names gone from the payload
      [ -e "$target/$ts/$name" ] || rm -f "$target/$name"
    done
    rm -rf "${target:?}/$old"                                          # (12) the old timestamped dir
  fi
}

# git-sync: a checkout per revision under .worktrees, the link swapped atomically, the old checkout deleted.
git_sync() { # link payload-dir
  local link="$1" src="$2" parent old rev
  parent="$(dirname "$link")"
  old="$( [ -L "$link" ] && readlink "$link")"
  rev="rev-$RANDOM$RANDOM"
  mkdir -p "$parent/.worktrees/$rev" && cp -r "$src/." "$parent/.worktrees/$rev/"
  ln -s ".worktrees/$rev" "$parent/.tmp-link" && mv -T "$parent/.tmp-link" "$link"
  [ -n "$old" ] && rm -rf "${parent:?}/$old"
}

# ---- instances ------------------------------------------------------------------------------------------------
start() { # port rules-dir log
  RULES_DIRECTORY="$2" QUARKUS_HTTP_PORT="$1" QUARKUS_HTTP_HOST=127.0.0.1 RULES_RELOAD_DEBOUNCE=300ms \
    java -Xmx384m -XX:+ExitOnOutOfMemoryError -jar "$JAR" >"$3" 2>&1 &
  PIDS+=($!)
}
ready() { # port deadline-seconds [pid]: false at the deadline or as soon as the instance has exited
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do
    [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null && return 1
    [ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/q/health/ready")" = 200 ] && return 0
    sleep 0.5
  done
  return 1
}
served() { curl -s --max-time 5 "http://127.0.0.1:$1/rules" | grep -o '"ruleSetVersion":"[^"]*"' | head -1 | cut -d'"' -f4; }
rules_json() { curl -s --max-time 5 "http://127.0.0.1:$1/rules"; }
await_version() { # port version deadline-seconds -> prints seconds taken
  local start_ns end_ns now
  start_ns=$(date +%s%N); end_ns=$((start_ns + $3 * 1000000000))
  while :; do
    [ "$(served "$1")" = "$2" ] && { now=$(date +%s%N); awk -v d=$((now - start_ns)) 'BEGIN{printf "%.2f", d/1e9}'; return 0; }
    [ "$(date +%s%N)" -gt "$end_ns" ] && return 1
    sleep 0.1
  done
}

echo "cluster-attacks: jar $JAR, work dir $WORK, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

# ---- 1. three instances on one ConfigMap-style folder, swapped under load ---------------------------------------
CM="$WORK/configmap/rules"
payload "$WORK/v1" 3
payload "$WORK/v2" 5
kubelet_write "$CM" "$WORK/v1"
V1="$(version_of "$WORK/v1")"
V2="$(version_of "$WORK/v2")"
INSTANCE_PIDS=()
for i in 0 1 2; do start "${PORTS[$i]}" "$CM" "$WORK/instance-$i.log"; INSTANCE_PIDS+=($!); done
up=0
for i in 0 1 2; do ready "${PORTS[$i]}" 240 "${INSTANCE_PIDS[$i]}" && up=$((up + 1)); done
if [ $up -ne 3 ]; then
  result "configmap: 3 instances start on ..data layout" broke "$up of 3 ready; $(grep -h -m1 -E 'Duplicate|cannot start|ERROR' "$WORK"/instance-0.log | head -c 300)"
else
  versions="$(for p in "${PORTS[@]}"; do served "$p"; done | sort -u | tr '\n' ' ')"
  if [ "$versions" = "$V1 " ] && ! rules_json "${PORTS[0]}" | grep -q '"file":"\.\.'; then
    result "configmap: 3 instances start on ..data layout" held "all serve $V1, each file once, sub-folder analyst/ loaded"
  else
    result "configmap: 3 instances start on ..data layout" broke "served: $versions expected $V1"
  fi

  # load on all three
  LOAD_OUT="$WORK/load"; LOAD_PIDS=()
  mkdir -p "$LOAD_OUT"
  if command -v wrk >/dev/null; then
    for p in "${PORTS[@]}"; do
      wrk -t1 -c4 -d${LOAD_SECONDS}s --timeout 10s -s bench/wrk/post-json.lua "http://127.0.0.1:$p/evaluate" >"$LOAD_OUT/$p" 2>&1 &
      PIDS+=($!); LOAD_PIDS+=($!)
    done
    LOADER=wrk
  else
    for p in "${PORTS[@]}"; do
      (end=$((SECONDS + LOAD_SECONDS)); ok=0; bad=0
       while [ $SECONDS -lt $end ]; do
         code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
                --data-binary @examples/a10-request.json "http://127.0.0.1:$p/evaluate")
         [ "$code" = 200 ] && ok=$((ok + 1)) || bad=$((bad + 1))
       done
       echo "CURL $ok $bad" >"$LOAD_OUT/$p") &
      PIDS+=($!); LOAD_PIDS+=($!)
    done
    LOADER=curl
  fi
  sleep 5
  kubelet_write "$CM" "$WORK/v2"
  swap_ns=$(date +%s%N)
  pending=(0 1 2); times=()
  while [ ${#pending[@]} -gt 0 ] && [ $(( ($(date +%s%N) - swap_ns) / 1000000000 )) -lt 60 ]; do
    rest=()
    for i in "${pending[@]}"; do
      if [ "$(served "${PORTS[$i]}")" = "$V2" ]; then
        times[$i]=$(awk -v d=$(( $(date +%s%N) - swap_ns )) 'BEGIN{printf "%.2f", d/1e9}')
      else
        rest+=("$i")
      fi
    done
    pending=("${rest[@]}")
    sleep 0.05
  done
  for pid in "${LOAD_PIDS[@]}"; do wait "$pid"; done  # the load runs LOAD_SECONDS (wrk -d, curl loop deadline)
  requests=0; failed=0
  for p in "${PORTS[@]}"; do
    if [ $LOADER = wrk ]; then
      line="$(grep WRKJSON "$LOAD_OUT/$p" | sed 's/WRKJSON //')"
      r=$(echo "$line" | sed -n 's/.*"requests":\([0-9]*\).*/\1/p')
      e=$(echo "$line" | sed -n 's/.*"errors_connect":\([0-9]*\),"errors_read":\([0-9]*\),"errors_write":\([0-9]*\),"errors_status":\([0-9]*\),"errors_timeout":\([0-9]*\).*/\1 \2 \3 \4 \5/p' | awk '{print $1+$2+$3+$4+$5}')
      requests=$((requests + ${r:-0})); failed=$((failed + ${e:-1}))
      [ "${e:-1}" -eq 0 ] || echo "  load on $p: $line"
    else
      read -r _ ok bad <"$LOAD_OUT/$p"; requests=$((requests + ok + bad)); failed=$((failed + bad))
    fi
  done
  # how long each instance's reload (compile + warm-up) took: the rest of the time is noticing the swap
  builds="$(for i in 0 1 2; do grep -h "version $V2 (file change" "$WORK/instance-$i.log" | head -1 | sed -n 's/.*, \([0-9]*\) ms)$/\1/p' | awk '{printf "%.1f", $1/1000}'; printf '/'; done | sed 's|/$||')"
  worst=$(printf '%s\n' "${times[@]:-99}" | sort -n | tail -1)
  if [ ${#pending[@]} -eq 0 ] && awk -v w="$worst" -v d="$SWAP_DEADLINE" 'BEGIN{exit !(w <= d)}' && [ "$failed" -eq 0 ] && [ "$requests" -gt 0 ]; then
    result "configmap: kubelet swap under load, 3 instances" held "all 3 serve $V2 after ${times[0]}/${times[1]}/${times[2]} s (limit ${SWAP_DEADLINE} s; the reloads took $builds s); $requests requests ($LOADER), 0 failed"
  else
    result "configmap: kubelet swap under load, 3 instances" broke "serving $V2 after: ${times[0]:-never}/${times[1]:-never}/${times[2]:-never} s (limit ${SWAP_DEADLINE} s; the reloads took ${builds:-?} s, load average $(cut -d' ' -f1 /proc/loadavg)); $requests requests, $failed failed"
  fi

  # a second swap: the watch must have followed the first one
  kubelet_write "$CM" "$WORK/v1"
  ok=0; for p in "${PORTS[@]}"; do await_version "$p" "$V1" 30 >/dev/null && ok=$((ok + 1)); done
  [ $ok -eq 3 ] && result "configmap: a second swap is followed too" held "all 3 back on $V1" \
                || result "configmap: a second swap is followed too" broke "$ok of 3 serve $V1"

  # hidden entries: a .git folder and a stray ..folder with duplicate rules must not count
  mkdir -p "$CM/.git/refs" "$CM/..2020_01_01_00_00_00.1"
  cp "$WORK/v2/analyst/counties.drl" "$CM/.git/refs/counties.drl"
  cp "$WORK/v2/analyst/counties.drl" "$CM/..2020_01_01_00_00_00.1/counties.drl"
  sleep 2
  body="$(rules_json "${PORTS[0]}")"
  if [ "$(served "${PORTS[0]}")" = "$V1" ] && ! echo "$body" | grep -q '"outcome":"FAILED"'; then
    result "hidden entries (.git, ..*) are not rules" held "still $V1, last reload not FAILED"
  else
    result "hidden entries (.git, ..*) are not rules" broke "$(echo "$body" | grep -o '"lastReload":{[^}]*' | head -c 200)"
  fi
  rm -rf "$CM/.git" "$CM/..2020_01_01_00_00_00.1"

  # a link out of the folder: refused by its relative name, nothing of the target shown, last good set kept
  ln -s /etc/passwd "$CM/passwd.drl"
  end=$((SECONDS + 20)); body=""
  while [ $SECONDS -lt $end ]; do body="$(rules_json "${PORTS[0]}")"; echo "$body" | grep -q '"outcome":"FAILED"' && break; sleep 0.3; done
  if echo "$body" | grep -q '"file":"passwd.drl"' && ! echo "$body" | grep -q 'root:' && [ "$(served "${PORTS[0]}")" = "$V1" ]; then
    result "link to /etc/passwd in the folder" held "FAILED naming passwd.drl, no content shown, still $V1"
  else
    result "link to /etc/passwd in the folder" broke "$(echo "$body" | grep -o '"errors":\[[^]]*' | head -c 240)"
  fi
  rm -f "$CM/passwd.drl"

  # absolute paths
  body="$(rules_json "${PORTS[0]}")$(curl -s "http://127.0.0.1:${PORTS[0]}/q/health/ready")"
  if echo "$body" | grep -q "$WORK"; then
    result "GET /rules and readiness show no absolute path" broke "$(echo "$body" | grep -o "\"[^\"]*$WORK[^\"]*\"" | head -1)"
  else
    result "GET /rules and readiness show no absolute path" held "origin $(echo "$body" | sed -n 's/.*"origin":"\([^"]*\)".*/\1/p' | head -1)"
  fi
fi
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
sleep 2

# ---- 2. git-sync link swap, mv replace, linked file target ---------------------------------------------------------
GIT="$WORK/git/rules"
mkdir -p "$WORK/git"
git_sync "$GIT" "$WORK/v1"
MVD="$WORK/srv/rules"
mkdir -p "$WORK/srv" && cp -r "$WORK/v1" "$MVD"
start "$GIT_PORT" "$GIT" "$WORK/git.log"; GIT_PID=$!
start "$MV_PORT" "$MVD" "$WORK/mv.log"; MV_PID=$!
GIT_UP=1; MV_UP=1
ready "$GIT_PORT" 240 "$GIT_PID" || { GIT_UP=0; result "git-sync: instance starts on a link" broke "$(grep -m1 -E 'ERROR' "$WORK/git.log" | head -c 200)"; }
ready "$MV_PORT" 240 "$MV_PID" || { MV_UP=0; result "mv: instance starts" broke "$(grep -m1 -E 'ERROR' "$WORK/mv.log" | head -c 200)"; }

# git-sync: swap twice, then edit inside the new checkout
if [ $GIT_UP -eq 1 ]; then
git_sync "$GIT" "$WORK/v2"
t1=$(await_version "$GIT_PORT" "$V2" 30); r1=$?
git_sync "$GIT" "$WORK/v1"
t2=$(await_version "$GIT_PORT" "$V1" 30); r2=$?
analyst_rule ANA-001 7 >"$GIT/analyst/counties.drl"
V3="$(version_of "$GIT")"
t3=$(await_version "$GIT_PORT" "$V3" 30); r3=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ $r3 -eq 0 ] \
  && result "git-sync: link swapped twice, then an edit" held "served after ${t1}/${t2}/${t3} s" \
  || result "git-sync: link swapped twice, then an edit" broke "swap 1: ${t1:-never}, swap 2: ${t2:-never}, edit: ${t3:-never} (served $(served $GIT_PORT))"

fi

# mv: replace the folder twice, then edit inside the folder moved in
if [ $MV_UP -eq 1 ]; then
mvrep() { rm -rf "$WORK/srv/rules.new"; cp -r "$1" "$WORK/srv/rules.new"; mv "$MVD" "$WORK/srv/rules.old"; mv "$WORK/srv/rules.new" "$MVD"; rm -rf "$WORK/srv/rules.old"; }
mvrep "$WORK/v2"; t1=$(await_version "$MV_PORT" "$V2" 30); r1=$?
mvrep "$WORK/v1"; t2=$(await_version "$MV_PORT" "$V1" 30); r2=$?
analyst_rule ANA-001 8 >"$MVD/analyst/counties.drl"
V4="$(version_of "$MVD")"
t3=$(await_version "$MV_PORT" "$V4" 30); r3=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ $r3 -eq 0 ] \
  && result "mv: folder replaced twice, then an edit" held "served after ${t1}/${t2}/${t3} s" \
  || result "mv: folder replaced twice, then an edit" broke "replace 1: ${t1:-never}, replace 2: ${t2:-never}, edit: ${t3:-never} (served $(served $MV_PORT))"

# a linked file whose target changes in place, then is relinked (ln -sfn)
mkdir -p "$MVD/.store" && analyst_rule ANA-002 1 >"$MVD/.store/linked.drl" && ln -sfn .store/linked.drl "$MVD/linked.drl"
V5="$(version_of "$MVD")"; await_version "$MV_PORT" "$V5" 30 >/dev/null
analyst_rule ANA-002 4 >"$MVD/.store/linked.drl"
V6="$(version_of "$MVD")"; t1=$(await_version "$MV_PORT" "$V6" 30); r1=$?
analyst_rule ANA-002 6 >"$MVD/.store/other.drl"; ln -s .store/other.drl "$MVD/.tmp-link" && mv -T "$MVD/.tmp-link" "$MVD/linked.drl"
V7="$(version_of "$MVD")"; t2=$(await_version "$MV_PORT" "$V7" 30); r2=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] \
  && result "linked file: target edited, then relinked" held "served after ${t1}/${t2} s" \
  || result "linked file: target edited, then relinked" broke "edit: ${t1:-never}, relink: ${t2:-never} (served $(served $MV_PORT))"

fi

echo "cluster-attacks: $BROKE broke"
[ $BROKE -eq 0 ]
