#!/usr/bin/env bash
# Attacks of issue 10 items 3, 5, 6 and 8 (rule code at build time, impossible rule sets, load, hostile input)
# against the packaged jar, on loopback only, bounded in time (about 4 minutes; hard limit 9). Prints one line per
# attack: "held <attack>: <evidence>" or "broke <attack>: <evidence>"; exits 1 if any broke.
#   bench/attack/input-attacks.sh            # builds the jar first if there is none
# Environment: ATTACK_PORT (default 18390), ATTACK_SLOW_SOCKETS (default: as many as `ulimit -Hn` allows, at most
# 20000), ATTACK_KEEP=1 keeps the work folder (server logs) for inspection.
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
jar="target/quarkus-app/quarkus-run.jar"
if [ ! -f "$jar" ]; then
  ./mvnw -q -B package -DskipTests || exit 2
fi
exec timeout -k 10 540 python3 bench/attack/input_attacks.py "$jar"
