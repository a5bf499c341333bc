#!/usr/bin/env bash
# The attack matrix of issue 10 in one command: runtime (stuck rules, limits everywhere, shutdown, start-up errors),
# input (rule safety, rule-set limits, load, input edge cases) and cluster (rule-folder layouts, three instances on a
# ConfigMap-like folder swapped under load). Loopback only; each part is bounded in time by its own deadlines.
# Prints one held/broke line per attack and a total; exits 1 when anything broke.
#
#   bench/attack/run.sh                 (packages the service first if target/quarkus-app is missing)
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -q -B package -DskipTests || { echo "broke  build: cannot package the service"; exit 1; }
fi
out="$(mktemp /tmp/csp-attacks.XXXXXX)"
trap 'rm -f "$out"' EXIT
started=$(date +%s)
for part in runtime input cluster; do
  echo "== $part attacks"
  timeout -k 10 600 "bench/attack/$part-attacks.sh" 2>/dev/null | tee -a "$out"
done
echo "== all attacks: $(grep -cE '^held' "$out") held, $(grep -cE '^broke' "$out") broke, in $(( $(date +%s) - started )) s"
! grep -qE '^broke' "$out"
