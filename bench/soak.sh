#!/usr/bin/env bash
# Soak (issue 9 "Fuzzing and a soak"; not in CI): the server under steady device and API load
# for a long time, watching for anything that grows without bound.
#
#   bench/soak.sh [MINUTES=30] [SAMPLE_S=30] [RATE=2000] [ELDERS=5000]
#   (environment: SOAK_PRESET=bench, or `test` to reuse build/test with the bench tools added;
#    SOAK_LATENCY_COUNT=200 SOS presses per latency measurement; SOAK_API_PAUSE=0.05 s between
#    API requests)
#
# 1. Its own broker (scripts/mqtt-broker, dynamic security) and SQLite database (demo data,
#    ELDERS elders and their devices); `eldercare serve` subscribed as in production.
# 2. Load for MINUTES: `eldercare simulate` plays ~2,000 demo devices at RATE events/s over
#    MQTT, and a signed-in admin browses the API without pause (elder list pages, elder
#    details, active alerts, alert stats, the health view: one request after another with
#    SOAK_API_PAUSE between them).
# 3. Every SAMPLE_S seconds: the server's RSS, open file descriptors and threads, the database's
#    size (file + WAL), rows in device_events and the events accepted so far (/metrics).
# 4. p99 of SOS → live feed (bench/sos_latency.cpp: publish an SOS as a pendant, wait for the
#    WebSocket's "raised", resolve, next) under that load, shortly after the start and again
#    at the end.
# Prints a Markdown block for docs/PERFORMANCE.md (with every sample); the samples also go to
# artifacts/soak-<time>.csv. Everything shares this machine's cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
minutes=${1:-30}
sample_s=${2:-30}
rate=${3:-2000}
elders=${4:-5000}
preset=${SOAK_PRESET:-bench}
lat_count=${SOAK_LATENCY_COUNT:-200}
api_pause=${SOAK_API_PAUSE:-0.05}

log() { echo "soak: $(date -u +%H:%M:%S) $*" >&2; }
cmake --preset "$preset" -DELDERCARE_BUILD_BENCH=ON >/dev/null
cmake --build --preset "$preset" --target eldercare eldercare_bench_sos_latency >/dev/null
bin=$root/build/$preset/eldercare
tool=$root/build/$preset/bench/eldercare_bench_sos_latency

work=$(mktemp -d /tmp/eldercare-soak.XXXXXX)
broker=$work/mqtt
server_pid=
load_pid=
api_pid=
cleanup() {
  [[ -n $api_pid ]] && kill "$api_pid" 2>/dev/null || true
  [[ -n $load_pid ]] && kill "$load_pid" 2>/dev/null || true
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  "$root/scripts/mqtt-broker" clean "$broker" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

url=$("$root/scripts/mqtt-broker" start "$broker" 2>/dev/null)
db=$work/soak.db
export ELDERCARE_DATABASE_URL="sqlite:$db"
# The personal-data key (docs/OPERATIONS.md "Personal-data keys"), beside the bench database.
export ELDERCARE_PII_KEY_FILE="$work/keys/pii.key"
"$bin" keygen --out "$ELDERCARE_PII_KEY_FILE" >/dev/null
export ELDERCARE_LOG_LEVEL=warn
pw="soak-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$bin" demo --elders "$elders" --password "$pw" >"$work/demo.out"
devices=$work/demo-devices.txt
grep -m 80 '^TZ-SOS-' "$devices" >"$work/lat.txt"
grep -v -F -f "$work/lat.txt" "$devices" | awk 'NR <= 2000' >"$work/load.txt"
log "$(wc -l <"$devices") demo devices; 80 for the latency, $(wc -l <"$work/load.txt") for the load"

ELDERCARE_MQTT_URL=$url ELDERCARE_MQTT_CREDENTIALS=$broker ELDERCARE_PORT=0 \
  ELDERCARE_MQTT_CLIENT_ID=soak-server ELDERCARE_WEB_ROOT=$work/none \
  ELDERCARE_API_RATE_PER_MIN=1000000 "$bin" serve >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^LISTENING' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
port=$(awk '/^LISTENING/{print $2}' "$work/serve.out")
[[ -n $port ]] || {
  cat "$work/serve.log"
  exit 1
}
base=http://127.0.0.1:$port

# Broker logins for the devices (the simulator restores missing ones through the admin; the
# broker's plugin takes some 20-50 logins/s, so 2,000 take a while).
for f in lat load; do
  "$bin" simulate --credentials "$work/$f.txt" --admin "$broker/admin" --mqtt-url "$url" \
    --rate 1 --duration $((5 + $(wc -l <"$work/$f.txt") / 25)) --sos-rate 0 >/dev/null \
    2>"$work/provision-$f.log"
done
log "device logins made"

# At most SOAK_LATENCY_TIMEOUT s (a lost SOS costs the tool 10 s).
latency() {
  timeout "${SOAK_LATENCY_TIMEOUT:-240}" "$tool" --http "127.0.0.1:$port" --user admin \
    --password "$pw" --mqtt "$url" --devices "$work/lat.txt" --count "$lat_count" \
    --interval-ms 20 ||
    echo "(no result: the measurement did not finish within ${SOAK_LATENCY_TIMEOUT:-240} s)"
}

# A staff member who never stops clicking: GET requests only (no CSRF token needed).
api_load() {
  local jar=$work/api.jar i=0 code errors=0 total=0 n path
  curl -s -o /dev/null -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$pw\"}" "$base/api/v1/auth/login"
  while [[ ! -e $work/api.stop ]]; do
    n=$((i % 5))
    case $n in
      0) path="/api/v1/elders?page=$((1 + i % 50))&size=20" ;;
      1) path="/api/v1/elders/$((1 + (i * 37) % elders))" ;;
      2) path="/api/v1/alerts?state=active" ;;
      3) path="/api/v1/alerts/stats" ;;
      4) path="/api/v1/monitoring/health" ;;
    esac
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base$path") || code=000
    total=$((total + 1))
    [[ $code == 200 ]] || errors=$((errors + 1))
    ((total % 200 == 0)) && echo "$total $errors" >"$work/api.count"
    i=$((i + 1))
    sleep "$api_pause"
  done
}

metric() { curl -s "$base/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {print s + 0}'; }

sample() {
  local t=$1 rss fds threads dbkb walkb rows accepted api
  rss=$(awk '/^VmRSS/{print $2}' "/proc/$server_pid/status")
  fds=$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  threads=$(awk '/^Threads/{print $2}' "/proc/$server_pid/status")
  dbkb=$(($(stat -c %s "$db") / 1024))
  walkb=$(($( (stat -c %s "$db-wal" 2>/dev/null || echo 0)) / 1024))
  rows=$(sqlite3 -cmd '.timeout 5000' "$db" 'SELECT max(id) FROM device_events' 2>/dev/null || echo "?")
  accepted=$(metric 'eldercare_ingest_accepted_total{transport="mqtt"}')
  api=$(cat "$work/api.count" 2>/dev/null || echo "0 0")
  echo "$t,$rss,$fds,$threads,$dbkb,$walkb,$rows,$accepted,${api/ /,}" >>"$work/samples.csv"
  log "t=${t}s rss=${rss}kB fds=$fds threads=$threads db=${dbkb}kB wal=${walkb}kB events=$rows accepted=$accepted api(total errors)=$api"
}

secs=$((minutes * 60))
"$bin" simulate --credentials "$work/load.txt" --admin "$broker/admin" --mqtt-url "$url" \
  --rate "$rate" --duration $((secs + 600)) --sos-rate 0 --report-interval 30 >"$work/load.out" \
  2>"$work/load.log" &
load_pid=$!
api_load &
api_pid=$!
echo "t_s,rss_kb,fds,threads,db_kb,wal_kb,events,accepted,api_requests,api_errors" >"$work/samples.csv"
sleep 10
t0=$(date +%s)
start_time=$(date -u +%Y-%m-%d' '%H:%M)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
sample 0
lat_start=$(latency)
log "latency at the start: $lat_start"
next=$sample_s
while :; do
  now=$(($(date +%s) - t0))
  ((now >= secs)) && break
  if ((now >= next)); then
    sample "$now"
    next=$((next + sample_s))
  fi
  kill -0 "$server_pid" 2>/dev/null || {
    cat "$work/serve.log" >&2
    log "the server died"
    exit 1
  }
  sleep 1
done
sample "$(($(date +%s) - t0))"
lat_end=$(latency)
log "latency at the end: $lat_end"
sample "$(($(date +%s) - t0))"
end_time=$(date -u +%H:%M)
touch "$work/api.stop"
wait "$api_pid" 2>/dev/null || true
api_pid=
kill "$load_pid" 2>/dev/null || true
wait "$load_pid" 2>/dev/null || true
load_pid=
mkdir -p artifacts
csv=artifacts/soak-$(date -u +%Y%m%d-%H%M).csv
cp "$work/samples.csv" "$csv"

# Growth from the first sample after warm-up (a quarter of the run) to the last.
summary=$(awk -F, -v q=$((secs / 4)) 'NR == 1 {next}
  { if (first == "" && $1 >= q) { first = $0 } last = $0; if ($2 > maxrss) maxrss = $2
    if ($3 > maxfd) maxfd = $3 }
  END { split(first, a, ","); split(last, b, ",");
    mins = (b[1] - a[1]) / 60; if (mins <= 0) mins = 1
    printf "from t=%d s to t=%d s: RSS %d -> %d kB (max %d), open fds %d -> %d (max %d), threads %d -> %d, ", a[1], b[1], a[2], b[2], maxrss, a[3], b[3], maxfd, a[4], b[4]
    printf "database + WAL %.1f -> %.1f MB (%.1f MB/min; %.0f events/s stored)", (a[5] + a[6]) / 1024, (b[5] + b[6]) / 1024, ((b[5] + b[6]) - (a[5] + a[6])) / 1024 / mins, (b[7] - a[7]) / (b[1] - a[1] > 0 ? b[1] - a[1] : 1) }' "$work/samples.csv")

cat <<MD
### Soak ($start_time–$end_time UTC, $(nproc) cores, load average before $load_before)

Command: \`bench/soak.sh $minutes $sample_s $rate $elders\` (preset \`$preset\`; $elders demo elders;
\`eldercare simulate\` with $(wc -l <"$work/load.txt") devices at $rate events/s over MQTT; one admin
browsing the API with ${api_pause} s between requests; samples every $sample_s s; samples in \`$csv\`)

Simulator, last report: $(grep -E '^simulate: [0-9]+ s' "$work/load.out" | tail -1 | sed 's/^simulate: //')

| SOS → live feed | result |
|---|---|
| at the start | $lat_start |
| at the end | $lat_end |

Growth: $summary.

| t (s) | RSS (kB) | open fds | threads | db (kB) | WAL (kB) | device_events | accepted (MQTT) | API requests (by 200) | API errors |
|---|---|---|---|---|---|---|---|---|---|
$(tail -n +2 "$work/samples.csv" | awk -F, '{ printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; print "" }')
MD
