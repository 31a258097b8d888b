#!/usr/bin/env bash
# Google Sheets benchmark: a burst of 10,000 sales into the bridge (embedded SQLite journal, the
# shipped settings) with the Sheets flows on, against the local Sheets v4 server of the tests
# (io.hookbridge.testing.SheetsApiServer, which like Google refuses more than 60 writes per
# minute). Measures rows per append call, calls, the time from the first sale to the last row,
# and the most append calls in any minute. Appends to bench/RESULTS.md.
#
#   bench/sheets.sh                 (BURST=10000)
#   BURST=2000 bench/sheets.sh      quicker, for a look
set -euo pipefail
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3; }
cd "$(dirname "$0")/.."
# the webhook address's token, and a rate limit that never binds (its check still runs on every request)
export HOOKBRIDGE_INGRESS_TOKEN=bench-token-0123456789abcdef
export HOOKBRIDGE_INGRESS_RATE_LIMIT=1000000
export HOOKBRIDGE_INGRESS_MAX_CONNECTIONS_PER_ADDRESS=1000
BURST=${BURST:-10000}
PORT=${PORT:-18091}
SHEETS_PORT=${SHEETS_PORT:-18092}
SAMPLE=src/main/resources/samples/systeme/customer.sale.completed.json

mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
home=$(mktemp -d /tmp/hookbridge-bench-XXXX)
cp application.properties "$home/" && cp -r routes "$home/"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$home"' EXIT

java -cp "target/test-classes:$(cat target/test-classpath.txt)" io.hookbridge.testing.SheetsApiServer \
  "$SHEETS_PORT" 60 "$home" > "$home/key-path" 2> "$home/sheets.log" &
pids+=($!)
until [ -s "$home/key-path" ]; do sleep 0.2; done
stats() { curl -s "http://127.0.0.1:$SHEETS_PORT/_stats"; }

(cd "$home" && exec java -Dcamel.server.port="$PORT" -Dhookbridge.sheets.spreadsheet-id=bench \
   -Dhookbridge.sheets.service-account-key="$(cat key-path)" \
   -Dhookbridge.sheets.root-url="http://127.0.0.1:$SHEETS_PORT/" -jar "$OLDPWD/target/hookbridge.jar" > bridge.log 2>&1) &
pids+=($!)
until grep -q "started in" "$home/bridge.log" 2>/dev/null; do sleep 0.2; done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
from=$(now_ms)
load=$(java bench/RateLoad.java "http://127.0.0.1:$PORT/webhooks/systeme/$HOOKBRIDGE_INGRESS_TOKEN" "$SAMPLE" 0 0 "$BURST")
acked_ms=$(( $(now_ms) - from ))
echo "load: $load" >&2
rows() { stats | python3 -c 'import json, sys; print(json.load(sys.stdin)["rows"])'; }
until [ "$(rows)" -ge $(( 2 * BURST )) ]; do
  sleep 0.5
  if [ $(( $(now_ms) - from )) -gt 900000 ]; then echo "rows still missing after 15 minutes" >&2; break; fi
done
drained_ms=$(( $(now_ms) - from ))
# the order the sales arrived in: the journal's receive time, then commit order
{ echo ORDER_ID; sqlite3 "$home/data/hookbridge.db" "SELECT s.order_id FROM hookbridge_delivery d
    JOIN hookbridge_event e ON e.id = d.event_id JOIN systeme_sales s ON s.event_id = d.event_id
    WHERE d.flow = 'sales-to-sheets' ORDER BY e.received_at_ms, d.id"; } > "$home/arrival.csv"
report=$(python3 bench/sheets_report.py "http://127.0.0.1:$SHEETS_PORT" "$BURST" "$home/arrival.csv")
{
  echo
  echo "## sheets.sh, $(date -u +%Y-%m-%d) (embedded SQLite journal, burst of $BURST sales)"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
       "$(java -version 2>&1 | head -n 1); load generator (bench/RateLoad.java) and the Sheets stand-in on the same machine."
  echo
  echo "| sales | rows (Sales + Events) | append calls | rows per call | most calls in a minute (quota 55, Google 60) | refused calls | Sales tab |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  echo "$report"
  echo
  echo "All $BURST sales acknowledged in $acked_ms ms ($(sed 's/.*rate=\([0-9]*\).*/\1/' <<<"$load")/s); last row in the sheet $drained_ms ms after the first sale."
} | tee -a bench/RESULTS.md
