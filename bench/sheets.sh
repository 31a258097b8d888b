#!/usr/bin/env bash
# Google Sheets benchmark, against the local Sheets v4 server of the tests
# (io.hookbridge.testing.SheetsApiServer, which like Google refuses more than 60 writes per minute),
# the bridge on its embedded SQLite journal with the shipped settings and the Sheets flows on:
#   1. a burst of BURST sales (default 10,000): rows per write call, calls, the time from the first
#      sale to the last row, the most write calls in any minute, the Sales tab against arrival order;
#   2. then a burst of UPSERTS contact events (default 5,000) for CONTACTS contacts (default 500),
#      upserted into the Contacts tab (one row per contact, its tags kept current) and appended to
#      the Events tab: rows appended or updated per write call, calls, the most write calls in any
#      minute, and every contact's row and tags checked.
# Appends both to bench/RESULTS.md.
#
#   bench/sheets.sh                          (BURST=10000 UPSERTS=5000 CONTACTS=500)
#   BURST=0 bench/sheets.sh                  the upserts only
#   BURST=2000 UPSERTS=1000 CONTACTS=100 bench/sheets.sh    quicker, for a look
#   MVN="mvn -o" bench/sheets.sh             Maven offline
#   KEEP=1 bench/sheets.sh                   keep the bridge's folder (journal, logs) to look at afterwards
set -euo pipefail
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3; }
cd "$(dirname "$0")/.."
# the webhook address's token, and a rate limit that never binds (its check still runs on every request)
export HOOKBRIDGE_INGRESS_TOKEN=bench-token-0123456789abcdef
export HOOKBRIDGE_INGRESS_RATE_LIMIT=1000000
export HOOKBRIDGE_INGRESS_MAX_CONNECTIONS_PER_ADDRESS=1000
BURST=${BURST:-10000}
UPSERTS=${UPSERTS:-5000}
CONTACTS=${CONTACTS:-500}
PORT=${PORT:-18091}
SHEETS_PORT=${SHEETS_PORT:-18092}
MVN=${MVN:-mvn}
SAMPLES=src/main/resources/samples/systeme

$MVN -B -q package -DskipTests
$MVN -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
home=$(mktemp -d /tmp/hookbridge-bench-XXXX)
cp application.properties "$home/" && cp -r routes "$home/"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; [ -n "${KEEP:-}" ] && echo "kept $home" >&2 || rm -rf "$home"' EXIT

java -cp "target/test-classes:$(cat target/test-classpath.txt)" io.hookbridge.testing.SheetsApiServer \
  "$SHEETS_PORT" 60 "$home" > "$home/key-path" 2> "$home/sheets.log" &
pids+=($!)
until [ -s "$home/key-path" ]; do sleep 0.2; done
server="http://127.0.0.1:$SHEETS_PORT"
tab_rows() { curl -s "$server/_stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["tabs"].get("bench/'"$1"'", 0))'; }
pending() { sqlite3 "$home/data/hookbridge.db" "SELECT COUNT(*) FROM hookbridge_delivery WHERE flow LIKE '%-to-sheets' AND status <> 'delivered'"; }

(cd "$home" && exec java -Dcamel.server.port="$PORT" -Dhookbridge.sheets.spreadsheet-id=bench \
   -Dhookbridge.sheets.service-account-key="$(cat key-path)" \
   -Dhookbridge.sheets.root-url="$server/" -jar "$OLDPWD/target/hookbridge.jar" > bridge.log 2>&1) &
pids+=($!)
until grep -q "started in" "$home/bridge.log" 2>/dev/null; do sleep 0.2; done
url="http://127.0.0.1:$PORT/webhooks/systeme/$HOOKBRIDGE_INGRESS_TOKEN"
machine="Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -n 1); load generator and the Sheets stand-in on the same machine."
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

if [ "$BURST" -gt 0 ]; then
  from=$(now_ms)
  load=$(java bench/RateLoad.java "$url" "$SAMPLES/customer.sale.completed.json" 0 0 "$BURST")
  acked_ms=$(( $(now_ms) - from ))
  echo "sales: $load" >&2
  # each tab has its header row above the rows
  until [ "$(tab_rows Sales)" -gt "$BURST" ] && [ "$(tab_rows Events)" -gt "$BURST" ]; do
    sleep 0.5
    if [ $(( $(now_ms) - from )) -gt 900000 ]; then echo "rows still missing after 15 minutes" >&2; break; fi
  done
  drained_ms=$(( $(now_ms) - from ))
  # the order the sales were journaled in (commit order, the deliveries' ids), which the flow keeps; under 64
  # concurrent connections the receive times of a group commit's events may be in another order
  { echo ORDER_ID; sqlite3 "$home/data/hookbridge.db" "SELECT s.order_id FROM hookbridge_delivery d
      JOIN systeme_sales s ON s.event_id = d.event_id WHERE d.flow = 'sales-to-sheets' ORDER BY d.id"; } > "$home/arrival.csv"
  report=$(python3 bench/sheets_report.py sales "$server" "$BURST" "$home/arrival.csv")
  {
    echo
    echo "## sheets.sh, $(date -u +%Y-%m-%d) (embedded SQLite journal, burst of $BURST sales)"
    echo
    echo "$machine"
    echo
    echo "| sales | rows (Sales + Events) | write calls | rows per call | most calls in a minute (quota 55, Google 60) | refused calls | Sales tab |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
    echo "$report"
    echo
    echo "All $BURST sales acknowledged in $acked_ms ms ($(sed 's/.*rate=\([0-9]*\).*/\1/' <<<"$load")/s); last row in the sheet $drained_ms ms after the first sale."
  } | tee -a bench/RESULTS.md
fi

if [ "$UPSERTS" -gt 0 ]; then
  until [ "$(pending)" -eq 0 ]; do sleep 0.5; done
  since=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
  from=$(now_ms)
  load=$(java bench/ContactLoad.java "$url" "$SAMPLES" "$UPSERTS" "$CONTACTS")
  acked_ms=$(( $(now_ms) - from ))
  echo "contacts: $load" >&2
  until [ "$(sqlite3 "$home/data/hookbridge.db" "SELECT COUNT(*) FROM hookbridge_delivery WHERE flow = 'contacts-to-sheets' AND status = 'delivered'")" -ge "$UPSERTS" ] && [ "$(pending)" -eq 0 ]; do
    sleep 0.5
    if [ $(( $(now_ms) - from )) -gt 900000 ]; then echo "deliveries still pending after 15 minutes" >&2; break; fi
  done
  drained_ms=$(( $(now_ms) - from ))
  report=$(python3 bench/sheets_report.py upserts "$server" "$UPSERTS" "$CONTACTS" "$since" "$BURST")
  {
    echo
    echo "## sheets.sh upserts, $(date -u +%Y-%m-%d) (embedded SQLite journal, burst of $UPSERTS contact events for $CONTACTS contacts)"
    echo
    echo "$machine"
    echo
    echo "| contact events | Contacts rows (one per contact) | Events rows added | write calls | rows appended or updated per call | most calls in a minute (quota 55, Google 60) | refused calls | reads | Contacts tab |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    echo "$report"
    echo
    echo "All $UPSERTS contact events acknowledged in $acked_ms ms ($(sed 's/.*rate=\([0-9]*\).*/\1/' <<<"$load")/s, 8 connections, each contact's events in order on one); every delivery done $drained_ms ms after the first event."
  } | tee -a bench/RESULTS.md
fi
