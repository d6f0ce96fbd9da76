#!/usr/bin/env bash
# Benchmark: sustained MQTT ingestion through Mosquitto (issue 3 "Performance").
#
#   bench/ingest.sh [DEVICES=100000] [RATES="2000 5000 10000"] [SECONDS=20] [CONNECTIONS=18000]
#   (environment: BENCH_ELDERS=20000 demo elders, BENCH_PER_PUB=50000 events per publisher)
#
# 1. A broker of its own (scripts/mqtt-broker, dynamic security as in production).
# 2. Provisioning: how fast the dynamic-security plugin takes device logins through its
#    control topic (as the devices API does) on an empty broker and on one that holds DEVICES
#    logins — the plugin rewrites its whole dynsec.json after every command, so the rate falls
#    as the broker fills. The DEVICES logins themselves are written into dynsec.json while the
#    broker is stopped (same format), the only practical way to get 100,000 of them here.
# 3. The broker's ceiling at the size of a device event, with no server: 4 device logins send
#    the same 4 x PER_PUB events (mosquitto_pub -l, QoS 1, as fast as it goes) to one
#    mosquitto_sub with the server's login; the broker queues what the subscriber has not
#    taken, so its receive rate is the most the broker delivers to one session here.
#    Then `eldercare simulate` with the DEVICES devices -> mosquitto_sub at each rate.
# 4. The server: DEVICES devices registered directly in a bench database (bound to demo
#    elders), `eldercare serve` subscribed as in production.
#    a) the very same events as in 3 -> the server: events/s committed to device_events,
#       against the ceiling, and that every one of them is stored (nothing dropped);
#    b) `eldercare simulate` at each rate in RATES for SECONDS: events/s committed, and
#       whether every event the broker acknowledged to a device is in device_events.
#
# This machine allows 20,000 open files per process (a hard limit that root cannot raise
# here), so the broker holds at most ~19,900 connections: with more DEVICES than CONNECTIONS,
# devices take turns (a device connects when it has something to send; the least recently
# used idle one is disconnected), as battery-powered devices that wake to report do.
# Prints a Markdown block for docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
devices=${1:-100000}
rates=${2:-"2000 5000 10000"}
secs=${3:-20}
conns=${4:-18000}
elders=${BENCH_ELDERS:-20000}

./scripts/setup >/dev/null
cmake --preset bench >/dev/null
cmake --build --preset bench >/dev/null
bin=$root/build/bench/eldercare
prov=$root/build/bench/bench/eldercare_bench_provision
work=$(mktemp -d)
broker=$work/mqtt
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  "$root/scripts/mqtt-broker" clean "$broker" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "ingest: $*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- 1. provisioning through the plugin, then DEVICES device logins ------------------------
url=$("$root/scripts/mqtt-broker" start "$broker" 2>/dev/null)
prov_empty=$("$prov" "$url" "$broker/admin" PROVA 500 1 | tail -1)
log "provisioning on an empty broker: $prov_empty"
"$root/scripts/mqtt-broker" stop "$broker" >/dev/null 2>&1
python3 bench/ingest_setup.py devices "$devices" BENCH "$work/devices.txt"
t0=$(now_ms)
python3 bench/ingest_setup.py dynsec "$broker/data/dynsec.json" "$work/devices.txt"
gen_ms=$(($(now_ms) - t0))
dynsec_mib=$(($(stat -c %s "$broker/data/dynsec.json") / 1048576))
t0=$(now_ms)
url=$("$root/scripts/mqtt-broker" start "$broker" 2>/dev/null)
start_ms=$(($(now_ms) - t0))
port=${url##*:}
svc=$(cat "$broker/service")
log "broker on $url with $devices device logins (written in $gen_ms ms, $dynsec_mib MiB, broker start $start_ms ms)"
prov_full=$("$prov" "$url" "$broker/admin" PROVB 10 1 | tail -1)
log "provisioning on top of $devices: $prov_full"

# --- 3a. ceiling: mosquitto_pub -> mosquitto_sub -------------------------------------------
# Four device logins each publish PER_PUB events (QoS 1, as fast as mosquitto_pub goes) to
# their own topic; one subscriber with the server's login takes them. The broker queues what
# the subscriber has not taken yet (max_queued_messages is far above the total), so nothing is
# dropped and the subscriber's receive rate is the most this broker delivers to one session
# on this machine. Step 4a sends the very same events to the server.
per_pub=${BENCH_PER_PUB:-50000}
mapfile -t pubs < <(head -n 4 "$work/devices.txt")
now=$(now_ms)
for i in 0 1 2 3; do
  python3 - "$work/lines$i" "$per_pub" "$i" "$now" <<'PY'
import sys
path, n, k, t = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with open(path, "w") as f:
    for j in range(n):
        f.write('{"id":"b%s-%07d","type":"heartbeat","time":%d,"battery":87}\n' % (k, j, t))
PY
done
sample=$(head -1 "$work/lines0")
size=${#sample}
total=$((per_pub * 4))
# receive_rate FILE: messages per second between the first and the last one received
# (mosquitto_sub -F %U prints each message's arrival time).
receive_rate() {
  awk 'NR==1{first=$1} {last=$1} END{if (NR > 1 && last > first) printf "%d", (NR-1)/(last-first); else print 0}' "$1"
}
# wait_quiet FILE: until FILE has stopped growing for 3 s
wait_quiet() {
  local prev=-1 cur quiet=0
  while ((quiet < 3)); do
    cur=$(wc -l <"$1")
    if [[ $cur == "$prev" ]]; then quiet=$((quiet + 1)); else quiet=0; fi
    prev=$cur
    sleep 1
  done
}
# publish_all: the four mosquitto_pub processes, each with its own device login and file
publish_all() {
  local pids=() i p
  for i in 0 1 2 3; do
    p=${pubs[$i]}
    mosquitto_pub -h 127.0.0.1 -p "$port" -u "${p%%:*}" -P "${p#*:}" -i "${p%%:*}" -q 1 \
      -t "eldercare/${p%%:*}/up" -l <"$work/lines$i" &
    pids+=($!)
  done
  wait "${pids[@]}"
}
drops() { grep -c "being dropped" "$broker/data/mosquitto.log" || true; }
drops0=$(drops)
mosquitto_sub -h 127.0.0.1 -p "$port" -u "${svc%%:*}" -P "${svc#*:}" -i bench-sub -q 1 \
  -t 'eldercare/+/up' -F '%U' >"$work/sub.out" &
sub_pid=$!
sleep 1
t0=$(now_ms)
publish_all
pub_ms=$(($(now_ms) - t0))
wait_quiet "$work/sub.out"
kill "$sub_pid" 2>/dev/null || true
wait "$sub_pid" 2>/dev/null || true
got=$(wc -l <"$work/sub.out")
ceiling_pub=$(receive_rate "$work/sub.out")
ceiling_drops=$(($(drops) - drops0))
((got == total)) || ceiling_pub=0 # lost messages: not a ceiling with nothing dropped
log "ceiling (mosquitto_pub x4 -> mosquitto_sub): published in $pub_ms ms, received $got of $total at $ceiling_pub msg/s"

# --- bench database -------------------------------------------------------------------------
export ELDERCARE_DATABASE_URL="sqlite:$work/bench.db"
# The personal-data key (docs/OPERATIONS.md "Personal-data keys"), beside the bench database.
export ELDERCARE_PII_KEY_FILE="$work/keys/pii.key"
$bin keygen --out "$ELDERCARE_PII_KEY_FILE" >/dev/null
export ELDERCARE_LOG_LEVEL=warn
pw="bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
$bin demo --elders "$elders" --password "$pw" >/dev/null
sqlite3 "$work/bench.db" "SELECT id, org_unit_id, org_path FROM elders" >"$work/elders"
python3 bench/ingest_setup.py sql "$work/devices.txt" "$work/elders" "$work/devices.sql"
sqlite3 "$work/bench.db" <"$work/devices.sql"
log "bench database: $elders elders, $(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM devices') devices"

# simulate DEVICES RATE SECONDS: runs the simulator; its final report in $work/sim.out
simulate() {
  $bin simulate --credentials "$work/devices.txt" --admin "$broker/admin" --mqtt-url "$url" \
    --devices "$1" --rate "$2" --duration "$3" --max-connections "$conns" --report-interval 5 \
    --sos-rate 0 >"$work/sim.out" 2>"$work/sim.log"
}
sim_value() { # the number after a label in the final report
  sed -n '/== final/,$p' "$work/sim.out" | grep -o "$1 [0-9]*" | head -1 | awk '{print $NF}'
}
connected=$((devices < conns ? devices : conns))

# --- 3b. ceiling: the simulator's devices -> mosquitto_sub, at each rate, in both modes -----
# (all connected, and — with more devices than connections — all DEVICES taking turns), so
# that the server is compared with the broker under the same device behaviour.
sizes=("$connected")
((devices > connected)) && sizes+=("$devices")
declare -A ceiling_mode
ceiling_rows=""
for rate in $rates; do
  for n in "${sizes[@]}"; do
    [[ $n == "$connected" ]] && mode="$n, all connected" || mode="$n, taking turns"
    mosquitto_sub -h 127.0.0.1 -p "$port" -u "${svc%%:*}" -P "${svc#*:}" -i bench-sub -q 1 \
      -t 'eldercare/+/up' -F '%U' >"$work/sub2.out" &
    sub_pid=$!
    sleep 1
    simulate "$n" "$rate" "$secs"
    wait_quiet "$work/sub2.out"
    kill "$sub_pid" 2>/dev/null || true
    wait "$sub_pid" 2>/dev/null || true
    sim_acked=$(sim_value "broker-acked")
    sim_got=$(wc -l <"$work/sub2.out")
    r=$(receive_rate "$work/sub2.out")
    log "ceiling (simulate $mode at $rate/s -> mosquitto_sub): acked $sim_acked, received $sim_got at $r msg/s"
    ceiling_rows+="| $mode | $rate | $sim_acked | $sim_got | $r |"$'\n'
    if [[ $sim_got -ge $sim_acked && $r -gt ${ceiling_mode[$n]:-0} ]]; then ceiling_mode[$n]=$r; fi
  done
done
ceiling_sim=${ceiling_mode[$connected]:-0}

# --- 4. the server ----------------------------------------------------------------------------
export ELDERCARE_MQTT_URL=$url
export ELDERCARE_MQTT_CREDENTIALS=$broker
t0=$(now_ms)
ELDERCARE_PORT=0 $bin serve >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q '^LISTENING ' "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
grep -q '^LISTENING ' "$work/server.out" || { cat "$work/server.log" >&2; exit 1; }
ready_ms=$(($(now_ms) - t0))
idle_rss=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$server_pid/status")
log "server ready in $ready_ms ms with $devices devices ($idle_rss MiB)"
sleep 2
count() { sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM device_events"; }
# wait_stored: until device_events has not grown for 2 s; sets last_change to the time (ms)
# it last grew, i.e. when the last event was committed (to within 0.1 s).
wait_stored() {
  local prev=-1 cur
  last_change=$(now_ms)
  while (($(now_ms) - last_change < 2000)); do
    cur=$(count)
    if [[ $cur != "$prev" ]]; then
      prev=$cur
      last_change=$(now_ms)
    fi
    sleep 0.1
  done
}

# --- 4a. the server fed exactly as mosquitto_sub was in 3a ---------------------------------
drops0=$(drops)
dead0=$(sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM dead_letters")
before=$(count)
first_id=$(sqlite3 "$work/bench.db" "SELECT COALESCE(MAX(id), 0) FROM device_events")
publish_all
wait_stored
stored_pub=$(($(count) - before))
first_at=$(sqlite3 "$work/bench.db" "SELECT MIN(received_at) FROM device_events WHERE id > $first_id")
server_pub=$((stored_pub * 1000 / (last_change - first_at)))
server_pub_drops=$(($(drops) - drops0))
server_pub_dead=$(($(sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM dead_letters") - dead0))
((stored_pub == total)) || server_pub=0
ratio_pub=$(python3 -c "print(f'{$server_pub / $ceiling_pub:.2f}' if $ceiling_pub else 'n/a')")
log "server (mosquitto_pub x4 -> server): stored $stored_pub of $total at $server_pub events/s = $ratio_pub of the ceiling"
rows=""
best=0
declare -A best_mode
for rate in $rates; do
  for n in "${sizes[@]}"; do
    [[ $n == "$connected" ]] && mode="$n, all connected" || mode="$n, taking turns"
    before=$(count)
    first_id=$(sqlite3 "$work/bench.db" "SELECT COALESCE(MAX(id), 0) FROM device_events")
    simulate "$n" "$rate" "$secs"
    # Let the server finish what is queued, noting when the last event was committed; then
    # compare with what the broker acknowledged.
    wait_stored
    after=$(count)
    acked=$(sim_value "broker-acked")
    sent=$(sim_value "events")
    unsent=$(($(sim_value "queued") + $(sim_value "dropped")))
    logins=$(sim_value "open,")
    # The server's throughput: this run's events over the time from the first one's arrival to
    # the last one's commit (a server that falls behind shows its own rate, not the offered one).
    first_at=$(sqlite3 "$work/bench.db" "SELECT MIN(received_at) FROM device_events WHERE id > $first_id")
    accepted=$(((after - before) * 1000 / (last_change - first_at)))
    stored=$((after - before))
    missing=$((acked - stored))
    rss=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$server_pid/status")
    log "$mode at $rate/s: sent $sent, broker-acked $acked, stored $stored, committed $accepted/s"
    rows+="| $mode | $rate | $sent | $unsent | $acked | $stored | $missing | $accepted | $rss MiB |"$'\n'
    if [[ $missing -le 0 && $accepted -gt $best ]]; then best=$accepted; fi
    if [[ $missing -le 0 && $accepted -gt ${best_mode[$n]:-0} ]]; then best_mode[$n]=$accepted; fi
    cp "$work/sim.out" "$work/sim-$n-$rate.out"
  done
done
dead=$(sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM dead_letters")
broker_drops=$(grep -c "being dropped for client eldercare-server" "$broker/data/mosquitto.log" || true)

cat <<MD
### MQTT ingestion ($(date -u +%Y-%m-%d), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo))

Command: \`bench/ingest.sh $devices "$rates" $secs $conns\` (event size $size bytes, QoS 1 both ways;
$elders demo elders, $devices devices, at most $conns device connections at once)

**The broker's ceiling and the server against it** (the same $total events from 4 device
logins, as fast as mosquitto_pub sends them; the broker queues what the subscriber has not
taken yet, so nothing is dropped and the subscriber's own rate shows):

| subscriber | events received / stored | dropped by the broker | dead letters | rate (first arrival → last one received / committed) |
|---|---|---|---|---|
| mosquitto_sub (the broker's ceiling) | $got of $total | $ceiling_drops | – | $ceiling_pub msg/s |
| the server (decode, rules, SQLite commit) | $stored_pub of $total | $server_pub_drops | $server_pub_dead | $server_pub events/s |

- **server / ceiling: $ratio_pub** (goal ≥ 0.8, nothing dropped)

| step | result |
|---|---|
| provisioning through the plugin, empty broker, 500 devices one by one | $prov_empty |
| $devices device logins written into dynsec.json (broker stopped) | $gen_ms ms, $dynsec_mib MiB; broker start with them $start_ms ms |
| provisioning through the plugin on top of $devices logins, 10 devices | $prov_full |
| server start with $devices devices | ready in $ready_ms ms, $idle_rss MiB |

(provisioning columns: devices, seconds in all, devices/s in the last tenth)

**$devices simulated devices** (\`eldercare simulate\`: realistic events, at most $conns connected
at once), offered at each rate, to mosquitto_sub and to the server:

| devices | offered events/s | broker-acked | received by mosquitto_sub | receive rate msg/s |
|---|---|---|---|---|
$ceiling_rows
| devices | offered events/s | events | not sent (device offline) | broker-acked | in device_events | missing | server events/s (first arrival → last commit) | server RSS |
|---|---|---|---|---|---|---|---|---|
$rows
- dead letters in all: $dead; "Outgoing messages are being dropped for client eldercare-server" in the
  broker's log: $broker_drops
$(for n in "${sizes[@]}"; do
  c=${ceiling_mode[$n]:-0}; b=${best_mode[$n]:-0}
  [[ $n == "$connected" ]] && m="$n devices all connected" || m="$n devices taking turns"
  r=$(python3 -c "print(f'{$b / $c:.2f}' if $c else 'n/a')")
  echo "- $m: server **$b events/s** with nothing missing vs the broker alone **$c msg/s** with nothing dropped, in the same mode: **$r**"
done)
MD
