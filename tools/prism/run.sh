#!/usr/bin/env bash
# Starts the packaged service, runs Stoplight Prism as a validating proxy built from the service's own /q/openapi,
# sends N random valid requests through it (tools/oracle/gen.py; nulls for optional fields included; every tenth a
# batch, a few GET /rules) and counts the request and response violations Prism reports. Exit 1 if any (or a non-200).
# Loopback only; needs Java 17, Node/npm (Prism is installed into target/prism from the npm registry) and python3.
#   tools/prism/run.sh [N=300] [SEED=1]        (PRISM_DOCUMENT=file: validate against that document instead)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-300}
SEED=${2:-1}
SERVICE_PORT=${SERVICE_PORT:-18090}
PRISM_PORT=${PRISM_PORT:-4010}
PRISM_VERSION=5.14.2
WORK=target/prism
mkdir -p "$WORK"

if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ -n "$(find src/main pom.xml -newer target/quarkus-app/quarkus-run.jar -print -quit)" ]; then
  ./mvnw -q package -DskipTests
fi
if [ ! -x "$WORK/node_modules/.bin/prism" ]; then
  npm install --prefix "$WORK" --no-audit --no-fund --silent "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$SERVICE_PORT" -Dquarkus.log.category.\"csp.access\".level=WARN \
  -jar target/quarkus-app/quarkus-run.jar >"$WORK/service.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$SERVICE_PORT/q/health/ready" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$SERVICE_PORT/q/openapi?format=json" -o "$WORK/openapi.json"
if [ -n "${PRISM_DOCUMENT:-}" ]; then cp "$PRISM_DOCUMENT" "$WORK/openapi.json"; fi  # e.g. an older document, for comparison
echo "document: $(python3 -c "import json,sys; d=json.load(open('$WORK/openapi.json')); print('OpenAPI', d['openapi'], 'info.version', d['info']['version'])")"

"$WORK/node_modules/.bin/prism" proxy "$WORK/openapi.json" "http://127.0.0.1:$SERVICE_PORT" \
  --host 127.0.0.1 --port "$PRISM_PORT" --errors false >"$WORK/prism.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$PRISM_PORT/rules" && break
  sleep 1
done

status=0
PRISM_URL="http://127.0.0.1:$PRISM_PORT" python3 tools/prism/send.py "$N" "$SEED" "$WORK/violations.json" || status=$?
sleep 1
# Prism logs every violation it finds, one line each (its sl-violations header is cut off at 8 KiB).
requests=$(grep -c 'Violation: request' "$WORK/prism.log" || true)
responses=$(grep -c 'Violation: response' "$WORK/prism.log" || true)
echo "Prism: $requests request violations, $responses response violations (log: $WORK/prism.log)"
# Control: the proxy does validate - one request with an unknown property must show up as a request violation.
curl -s -o /dev/null -X POST "http://127.0.0.1:$PRISM_PORT/evaluate" -H 'Content-Type: application/json' \
  -d '{"partnership":{"id":"x","name":"X","phse":"MIDDLE"},"partners":[{"id":"p","name":"P","sector":"PUBLIC"}]}'
sleep 1
if [ "$(grep -c 'Violation: request' "$WORK/prism.log" || true)" -gt "$requests" ]; then
  echo "control: a request with an unknown property was reported by Prism (it validates)"
else
  echo "control FAILED: Prism did not report a request with an unknown property"; exit 1
fi
[ "$requests" = 0 ] && [ "$responses" = 0 ] && exit "$status"
exit 1
