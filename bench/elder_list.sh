#!/usr/bin/env bash
# Benchmark: the elder list filtered by community and living status (20 rows)
# against /healthz on the same server, with wrk at 64 connections on loopback,
# over a SQLite database of 100,000 elders. Also start-up time to ready and the
# idle server's memory. Prints a Markdown block for docs/PERFORMANCE.md.
#
#   bench/elder_list.sh [ELDERS=100000] [DURATION=20s] [CONNECTIONS=64]
set -euo pipefail
cd "$(dirname "$0")/.."
elders=${1:-100000}
duration=${2:-20s}
conns=${3:-64}
threads=${BENCH_SERVER_THREADS:-2}

./scripts/setup >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
bin=build/release/eldercare
work=$(mktemp -d)
# Only the server this script started (`kill 0` would end the caller's whole process group).
trap '[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export ELDERCARE_DATABASE_URL="sqlite:$work/bench.db"
# The personal-data key (docs/OPERATIONS.md "Personal-data keys"), beside the bench database.
export ELDERCARE_PII_KEY_FILE="$work/keys/pii.key"
$bin keygen --out "$ELDERCARE_PII_KEY_FILE" >/dev/null
export ELDERCARE_API_RATE_PER_MIN=10000000   # the benchmark is one very busy session
export ELDERCARE_MAX_CONNECTIONS_PER_IP=0      # wrk may open more than the per-address cap
export ELDERCARE_LOG_LEVEL=warn
export ELDERCARE_THREADS=$threads
pw="bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "loading $elders elders..." >&2
# To a file, not `| head -1`: demo prints more after its first line, and with
# pipefail a demo ended by SIGPIPE would stop this script.
$bin demo --elders "$elders" --password "$pw" >"$work/demo.txt"
head -1 "$work/demo.txt" >&2

start_ns=$(date +%s%N)
ELDERCARE_PORT=0 $bin serve >"$work/out" 2>"$work/log" &
pid=$!
until grep -q '^LISTENING ' "$work/out" 2>/dev/null; do sleep 0.005; done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
port=$(awk '/^LISTENING /{print $2}' "$work/out")
base="http://127.0.0.1:$port"
sleep 1
idle_rss_kib=$(awk '/VmRSS/{print $2}' /proc/$pid/status)

cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$pw\"}" "$base/api/v1/auth/login" |
  awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')
community=$(curl -s -H "Cookie: $cookie" "$base/api/v1/org-units" |
  python3 -c 'import json,sys; print(next(u["id"] for u in json.load(sys.stdin)["items"] if u["name"]=="官庄社区"))')
list_url="$base/api/v1/elders?community_id=$community&living_status=alone&size=20"
total=$(curl -s -H "Cookie: $cookie" "$list_url" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], len(d["items"]))')

# wrk's own CPU time (bash `time`) and the server's (from /proc) are recorded
# per run: on a shared machine the requests/s of each run depend on what else
# was running, the CPU time per request much less so.
TIMEFORMAT='WRKCPU %U %S'
run_wrk() { { time wrk -t2 -c"$conns" -d"$duration" --latency "$@" 2>&1; } 2>&1; }
server_ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
# Warm both paths, then measure each in turn.
wrk -t2 -c"$conns" -d3s -H "Cookie: $cookie" "$list_url" >/dev/null 2>&1
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(server_ticks)
health=$(run_wrk "$base/healthz")
t1=$(server_ticks)
list=$(run_wrk -H "Cookie: $cookie" "$list_url")
t2=$(server_ticks)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
busy_rss_kib=$(awk '/VmRSS/{print $2}' /proc/$pid/status)

rps() { awk '/^Requests\/sec/{print $2}' <<<"$1"; }
pct() { awk -v p="$2" '$1==p {print $2}' <<<"$1"; }
h_rps=$(rps "$health"); l_rps=$(rps "$list")
ratio=$(python3 -c "print(f'{$l_rps/$h_rps:.2f}')")
# Microseconds of CPU per request: server, wrk, and the ratio of the totals
# (the throughput ratio two runs with the same CPU to themselves would show).
cpu=$(python3 - "$(getconf CLK_TCK)" "$t0" "$t1" "$t2" \
  "$(awk '/requests in/{print $1}' <<<"$health")" "$(awk '/requests in/{print $1}' <<<"$list")" \
  "$(awk '/^WRKCPU/{print $2 + $3}' <<<"$health")" "$(awk '/^WRKCPU/{print $2 + $3}' <<<"$list")" <<'PY'
import sys
tck, t0, t1, t2, hn, ln, hw, lw = map(float, sys.argv[1:])
hs, ls = (t1 - t0) / tck * 1e6 / hn, (t2 - t1) / tck * 1e6 / ln
hc, lc = hw * 1e6 / hn, lw * 1e6 / ln
print(f"server {hs:.1f} / {ls:.1f} µs, wrk {hc:.1f} / {lc:.1f} µs; "
      f"CPU cost ratio (healthz total / list total) {(hs + hc) / (ls + lc):.2f}")
PY
)
errors=$(grep -E 'Non-2xx|Socket errors' <<<"$list" || true)

cat <<MD
### Elder list vs /healthz ($(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m))

Command: \`bench/elder_list.sh $elders $duration $conns\` (server threads: $threads; wrk -t2 -c$conns -d$duration on loopback)

| measure | /healthz | elder list (community + living status, 20 rows; total $total) |
|---|---|---|
| requests/s | $h_rps | $l_rps |
| p50 | $(pct "$health" 50%) | $(pct "$list" 50%) |
| p90 | $(pct "$health" 90%) | $(pct "$list" 90%) |
| p99 | $(pct "$health" 99%) | $(pct "$list" 99%) |

- throughput ratio list / healthz: **$ratio** (goal ≥ 0.33)
- CPU per request (/healthz / list): $cpu
- load average (1, 5, 15 min) before the two runs: $load_before; after: $load_after
- start-up to ready (migrations checked, $elders elders on disk): **${ready_ms} ms** (goal < 1000 ms)
- idle server RSS: **$((idle_rss_kib / 1024)) MiB**; after the runs: $((busy_rss_kib / 1024)) MiB
${errors:+- wrk reported: $errors}
MD
