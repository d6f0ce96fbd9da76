#!/usr/bin/env bash
# Bulk device import: does Mosquitto's dynamic-security plugin take many commands in one
# control message, and does it save dynsec.json once per message or once per command?
# (docs/PERFORMANCE.md "Bulk device import: broker logins")
#
#   bench/import_provision.sh [DEVICES] [BATCHES] [RUNS] [PREFILL]
#
# For each run and each batch size (devices per control message; each device is the
# createRole + createClient pair the devices API sends), starts a fresh broker with
# scripts/mqtt-broker in a temporary folder, optionally gives it PREFILL logins first (in
# batches of 100, not timed), then times DEVICES logins with bench/provision.cpp and counts the
# broker's rename() calls on dynsec.json (each save writes dynsec.json.new and renames it) with
# strace. Needs the bench preset's eldercare_bench_provision (cmake --preset bench && cmake
# --build --preset bench --target eldercare_bench_provision) and strace.
# Output per line: run, batch, devices, seconds, devices/s, dynsec.json saves.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
devices=${1:-300}
batches=${2:-"1 100"}
runs=${3:-3}
prefill=${4:-0}
tool=${PROVISION_TOOL:-$root/build/bench/bench/eldercare_bench_provision}
[[ -x $tool ]] || { echo "no $tool (build the bench preset)" >&2; exit 1; }
command -v strace >/dev/null || { echo "needs strace" >&2; exit 1; }

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), mosquitto $(mosquitto -h 2>&1 | head -1 | awk '{print $3}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run batch devices seconds devices_per_s saves"
for run in $(seq 1 "$runs"); do
  for batch in $batches; do
    dir=$(mktemp -d /tmp/import-provision.XXXXXX)
    url=$(MQTT_BROKER_DIR=$dir "$root/scripts/mqtt-broker" start 2>/dev/null)
    if ((prefill > 0)); then "$tool" "$url" "$dir/admin" fill "$prefill" 100 >/dev/null; fi
    pid=$(cat "$dir/data/mosquitto.pid")
    strace -f -e trace=rename -o "$dir/strace.txt" -p "$pid" 2>/dev/null &
    tracer=$!
    sleep 0.5
    line=$("$tool" "$url" "$dir/admin" dev "$devices" "$batch" | tail -1)
    sleep 0.3
    kill "$tracer" 2>/dev/null || true
    wait "$tracer" 2>/dev/null || true
    saves=$(grep -c 'dynsec.json"' "$dir/strace.txt" || true)
    read -r _ n secs _ <<<"$line"
    echo "$run $batch $n $secs $(awk -v n="$n" -v s="$secs" 'BEGIN{printf "%.0f", n/s}') $saves"
    MQTT_BROKER_DIR=$dir "$root/scripts/mqtt-broker" clean >/dev/null 2>&1 || true
    rm -rf "$dir"
  done
done
