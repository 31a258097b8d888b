#!/usr/bin/env bash
# Ingress benchmark: durable acceptances per second and latency of POST /webhooks/systeme
# (embedded SQLite journal, the shipped defaults) against the bare HTTP ceiling, at 16 and 64
# connections; time to ready and memory after the load. Appends the figures to bench/RESULTS.md.
#
#   bench/ingress.sh            30 s per run (the recorded figures)
#   DURATION=10s bench/ingress.sh   shorter, for a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
# the webhook address's token, and a rate limit that never binds (its check still runs on every request)
export HOOKBRIDGE_INGRESS_TOKEN=bench-token-0123456789abcdef
export HOOKBRIDGE_INGRESS_RATE_LIMIT=1000000
export HOOKBRIDGE_INGRESS_MAX_CONNECTIONS_PER_ADDRESS=1000
DURATION=${DURATION:-30s}
PORT=${PORT:-18080}
SAMPLE=src/main/resources/samples/systeme/customer.sale.completed.json

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3; }
if [ ! -f target/hookbridge.jar ] || [ -n "$(find src pom.xml -newer target/hookbridge.jar -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi

home=$(mktemp -d /tmp/hookbridge-bench-XXXX)
cp application.properties "$home/" && cp -r routes "$home/" && cp bench/bare-ceiling.camel.yaml "$home/routes/"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$home"' EXIT

start=$(date +%s%N)
(cd "$home" && exec java ${JAVA_OPTS:-} -Dcamel.server.port="$PORT" -jar "$OLDPWD/target/hookbridge.jar" > bridge.log 2>&1) &
pid=$!
until curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "{\"type\":\"bench.ready\",\"n\":$RANDOM$RANDOM}" "http://127.0.0.1:$PORT/webhooks/systeme/$HOOKBRIDGE_INGRESS_TOKEN" | grep -q 202; do
  kill -0 "$pid" 2>/dev/null || { cat "$home/bridge.log"; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "ready to accept after ${ready_ms} ms"

run() { # name connections url [lua]
  local out
  if [ -n "${4:-}" ]; then
    out=$(wrk -t2 -c"$2" -d"$DURATION" --latency -s "$4" "$3" -- "$PWD/$SAMPLE" "$(date +%s%N)")
  else
    out=$(wrk -t2 -c"$2" -d"$DURATION" --latency -s bench/post-body.lua "$3" -- "$PWD/$SAMPLE")
  fi
  echo "$out" >&2
  local rps p50 p99 non2xx total
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
  echo "| $1 | $2 | $rps | $p50 | $p99 | $total | $non2xx |"
}

rows=()
rows+=("$(run 'bare ceiling (no journal)' 16 "http://127.0.0.1:$PORT/bench/bare")")
rows+=("$(run 'webhook, durable (SQLite)' 16 "http://127.0.0.1:$PORT/webhooks/systeme/$HOOKBRIDGE_INGRESS_TOKEN" bench/unique-sale.lua)")
rows+=("$(run 'bare ceiling (no journal)' 64 "http://127.0.0.1:$PORT/bench/bare")")
rows+=("$(run 'webhook, durable (SQLite)' 64 "http://127.0.0.1:$PORT/webhooks/systeme/$HOOKBRIDGE_INGRESS_TOKEN" bench/unique-sale.lua)")
rss_mb=$(( $(ps -o rss= -p "$pid") / 1024 ))
events=$(sqlite3 "$home/data/hookbridge.db" "SELECT COUNT(*) FROM hookbridge_event")

{
  echo
  echo "## ingress.sh, $(date -u +%Y-%m-%d) ($DURATION per run)"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
       "$(java -version 2>&1 | head -n 1); load generator (wrk, 2 threads) on the same machine."
  echo
  echo "| run | connections | requests/s | p50 | p99 | requests | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Ready to accept a webhook ${ready_ms} ms after \`java -jar\`; RSS ${rss_mb} MB after the runs;" \
       "${events} events in the journal."
} | tee -a bench/RESULTS.md
