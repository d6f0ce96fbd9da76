#!/usr/bin/env bash
# Benchmark: an SOS published by a device → the alert on a signed-in user's WebSocket
# (issue 3 "Performance": p99 under 10 ms idle, under 50 ms under background load).
#
#   bench/sos_latency.sh [COUNT=300] [LOAD_RATE=3000] [LOAD_DEVICES=1000] [ELDERS=5000]
#
# Its own broker (scripts/mqtt-broker, dynamic security) and SQLite database (demo data with
# ELDERS elders and their devices); `eldercare serve` subscribed as in production; 80 SOS
# pendants for the measurement, taking turns so that no pendant presses twice within a second
# (the rules take a second press of the same kind within the same second as the same press) (bench/sos_latency.cpp: publish, wait for the live feed's
# "raised", resolve over HTTP, next). First idle, then while `eldercare simulate` plays
# LOAD_DEVICES other devices at LOAD_RATE events/s. Prints a Markdown block for
# docs/PERFORMANCE.md. Everything shares this machine's cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
count=${1:-300}
load_rate=${2:-3000}
load_devices=${3:-1000}
elders=${4:-5000}

log() { echo "sos_latency: $*" >&2; }
cmake --preset bench >/dev/null
cmake --build --preset bench --target eldercare eldercare_bench_sos_latency >/dev/null
bin=build/bench/eldercare
tool=build/bench/bench/eldercare_bench_sos_latency

work=$(mktemp -d /tmp/eldercare-sos-latency.XXXXXX)
broker=$work/mqtt
server_pid=
load_pid=
cleanup() {
  [[ -n $load_pid ]] && kill "$load_pid" 2>/dev/null || true
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  "$root/scripts/mqtt-broker" clean "$broker" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

url=$("$root/scripts/mqtt-broker" start "$broker" 2>/dev/null)
export ELDERCARE_DATABASE_URL="sqlite:$work/bench.db"
# The personal-data key (docs/OPERATIONS.md "Personal-data keys"), beside the bench database.
export ELDERCARE_PII_KEY_FILE="$work/keys/pii.key"
$bin keygen --out "$ELDERCARE_PII_KEY_FILE" >/dev/null
export ELDERCARE_LOG_LEVEL=warn
pw="bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
$bin demo --elders "$elders" --password "$pw" >"$work/demo.out"
devices=$work/demo-devices.txt
grep -m 80 '^TZ-SOS-' "$devices" >"$work/lat.txt"
grep -v -F -f "$work/lat.txt" "$devices" | awk -v n="$load_devices" 'NR <= n' >"$work/load.txt"
log "$(wc -l <"$devices") demo devices; 80 for the measurement, $(wc -l <"$work/load.txt") for the load"

ELDERCARE_MQTT_URL=$url ELDERCARE_MQTT_CREDENTIALS=$broker ELDERCARE_PORT=0 \
  ELDERCARE_MQTT_CLIENT_ID=bench-server ELDERCARE_WEB_ROOT=$work/none \
  ELDERCARE_API_RATE_PER_MIN=1000000 $bin serve >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^LISTENING' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
port=$(awk '/^LISTENING/{print $2}' "$work/serve.out")
[[ -n $port ]] || { cat "$work/serve.log"; exit 1; }

# Broker logins for the devices (the simulator restores missing ones through the admin).
for f in lat load; do
  $bin simulate --credentials "$work/$f.txt" --admin "$broker/admin" --mqtt-url "$url" \
    --rate 1 --duration 2 --sos-rate 0 >/dev/null 2>"$work/provision-$f.log"
done

run() {
  "$tool" --http "127.0.0.1:$port" --user admin --password "$pw" --mqtt "$url" \
    --devices "$work/lat.txt" --count "$count" --interval-ms 20
}
idle=$(run)
log "idle: $idle"
$bin simulate --credentials "$work/load.txt" --admin "$broker/admin" --mqtt-url "$url" \
  --rate "$load_rate" --duration 600 --sos-rate 0 --report-interval 5 >"$work/load.out" \
  2>"$work/load.log" &
load_pid=$!
sleep 10
loaded=$(run)
log "loaded: $loaded"
accepted=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^eldercare_ingest_accepted_total\{transport="mqtt"\}/{print $2}')
kill "$load_pid" 2>/dev/null || true
wait "$load_pid" 2>/dev/null || true
load_pid=

cat <<MD
### SOS → WebSocket ($(date -u +%Y-%m-%d' '%H:%M) UTC, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))

Command: \`bench/sos_latency.sh $count $load_rate $load_devices $elders\` ($elders demo elders;
80 SOS pendants taking turns, one press at a time; background: \`eldercare simulate\` with
$(wc -l <"$work/load.txt") other devices at $load_rate events/s, $accepted events committed during the run)

| condition | result |
|---|---|
| idle | $idle |
| under load | $loaded |
MD
