#!/usr/bin/env bash
# Delivery benchmark on PostgreSQL (journal and SQL sink): end-to-end latency from POST to
# the committed sink row at 100 and 1,000 events/s, drain rate of a 100,000-event backlog,
# and ingress throughput with and without a backlog draining. Appends to bench/RESULTS.md.
#
#   bench/delivery.sh                      (BACKLOG=100000 RUN_SECONDS=20 by default)
#   BACKLOG=20000 RUN_SECONDS=10 bench/delivery.sh   quicker, for a look
set -euo pipefail
cd "$(dirname "$0")/.."
# the webhook address's token, and a rate limit that never binds (its check still runs on every request)
export HOOKBRIDGE_INGRESS_TOKEN=bench-token-0123456789abcdef
export HOOKBRIDGE_INGRESS_RATE_LIMIT=1000000
export HOOKBRIDGE_INGRESS_MAX_CONNECTIONS_PER_ADDRESS=1000
BACKLOG=${BACKLOG:-100000}
RUN_SECONDS=${RUN_SECONDS:-20}
PORT=${PORT:-18090}
SAMPLE=src/main/resources/samples/systeme/customer.sale.completed.json
PSQL=(psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -qtA)
SCHEMA=hb_bench_$(date +%s)
URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA"

if [ ! -f target/hookbridge.jar ] || [ -n "$(find src pom.xml -newer target/hookbridge.jar -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi
"${PSQL[@]}" -c "CREATE SCHEMA $SCHEMA"
home=$(mktemp -d /tmp/hookbridge-bench-XXXX)
cp application.properties "$home/" && cp -r routes "$home/"
pid=
stop_bridge() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi; }
trap 'stop_bridge; "${PSQL[@]}" -c "DROP SCHEMA $SCHEMA CASCADE" || true; rm -rf "$home"' EXIT

start_bridge() { # extra -D options
  (cd "$home" && exec java "$@" -Dcamel.server.port="$PORT" -Dhookbridge.db.url="$URL" \
     -Dhookbridge.db.username=postgres -jar "$OLDPWD/target/hookbridge.jar" >> bridge.log 2>&1) &
  pid=$!
  until grep -q "started in" "$home/bridge.log" 2>/dev/null; do kill -0 "$pid" || { cat "$home/bridge.log"; exit 1; }; sleep 0.2; done
  : > "$home/bridge.log"
}
load() { java bench/RateLoad.java "http://127.0.0.1:$PORT/webhooks/systeme/$HOOKBRIDGE_INGRESS_TOKEN" "$SAMPLE" "$@"; }
sql() { "${PSQL[@]}" -c "SET search_path TO $SCHEMA; $1"; }
wait_drained() { until [ "$(sql "SELECT COUNT(*) FROM hookbridge_delivery WHERE status <> 'delivered'")" = 0 ]; do sleep 0.5; done; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# p50 and p99, in ms, from receipt to the committed systeme_sales row, for events received in [from, to)
latency() {
  sql "SELECT ROUND(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.finished_at_ms - e.received_at_ms)::numeric, 1)
        || ' | ' || ROUND(percentile_cont(0.99) WITHIN GROUP (ORDER BY a.finished_at_ms - e.received_at_ms)::numeric, 1)
        || ' | ' || COUNT(*)
       FROM hookbridge_event e JOIN hookbridge_delivery d ON d.event_id = e.id AND d.flow = 'sales-to-sql'
       JOIN hookbridge_attempt a ON a.delivery_id = d.id AND a.outcome = 'delivered'
       WHERE e.received_at_ms >= $1 AND e.received_at_ms < $2"
}

rows=()
start_bridge
for rate in 100 1000; do
  from=$(now_ms); out=$(load "$rate" "$RUN_SECONDS"); to=$(now_ms); wait_drained
  echo "$rate/s: $out" >&2
  rows+=("| latency at $rate events/s | $(latency "$from" "$to") | $(sed 's/.*rate=\([0-9]*\).*post_p99_ms=\(.*\)/\1 acknowledged\/s, POST p99 \2 ms/' <<<"$out") |")
done
idle=$(load 0 10); wait_drained
echo "ingress, nothing to drain: $idle" >&2
stop_bridge

make_backlog() {
  start_bridge -Dhookbridge.delivery.enabled=false
  echo "backlog: $(load 0 0 "$BACKLOG")" >&2
  stop_bridge
  sql "SELECT COUNT(*) FROM hookbridge_delivery WHERE status = 'pending'"
}
# the drain alone
before=$(make_backlog)
start_bridge
drain_from=$(now_ms); wait_drained; drain_ms=$(( $(now_ms) - drain_from ))
stop_bridge
# full-speed ingress while a second backlog drains
make_backlog > /dev/null
start_bridge
busy=$(load 0 10)
echo "ingress while draining: $busy" >&2
wait_drained
stop_bridge

rate_of() { sed 's/.*rate=\([0-9]*\).*/\1/' <<<"$1"; }
{
  echo
  echo "## delivery.sh, $(date -u +%Y-%m-%d) (PostgreSQL $("${PSQL[@]}" -c 'SHOW server_version') journal and sink, ${RUN_SECONDS} s per rate)"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
       "$(java -version 2>&1 | head -n 1); load generator (bench/RateLoad.java) and PostgreSQL on the same machine."
  echo
  echo "| run | POST to sink row p50 (ms) | p99 (ms) | events | ingress |"
  echo "| --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Backlog: $before deliveries ($BACKLOG sales, two SQL rows each) drained in $drain_ms ms after the start:" \
       "$(( before * 1000 / drain_ms )) rows/s."
  echo "Ingress at full speed (64 in flight): $(rate_of "$idle") acknowledged/s with nothing to drain," \
       "$(rate_of "$busy") acknowledged/s in the first 10 s of draining a second backlog of the same size."
} | tee -a bench/RESULTS.md
