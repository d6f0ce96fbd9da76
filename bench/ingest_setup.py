#!/usr/bin/env python3
"""Set-up for bench/ingest.sh: N simulated devices at once, without the API.

  ingest_setup.py devices N PREFIX OUT_CREDENTIALS
      N device serials PREFIX-000000… with random secrets -> OUT_CREDENTIALS (SERIAL:SECRET)
  ingest_setup.py dynsec DYNSEC_JSON CREDENTIALS
      adds each device's broker login to a stopped broker's dynsec.json (scripts/dynsec-logins:
      exactly what ingest/dynsec.hpp creates through the plugin)
  ingest_setup.py sql CREDENTIALS ORG_SQL_ROWS OUT_SQL
      INSERTs for the devices table, bound round-robin to the elders listed in ORG_SQL_ROWS
      (lines "elder_id|org_unit_id|org_path"); token_hash = SHA-256 hex of the secret
"""
import hashlib
import os
import secrets
import subprocess
import sys
import time

TYPES = ["sos_pendant", "door_sensor", "motion_sensor", "bed_sensor", "fall_detector",
         "heart_rate_band", "smoke", "gas", "water_leak", "gps_watch"]


def read_creds(path):
    with open(path) as f:
        return [line.strip().split(":", 1) for line in f if line.strip()]


def cmd_devices(n, prefix, out):
    old = os.umask(0o077)
    with open(out, "w") as f:
        for i in range(int(n)):
            f.write(f"{prefix}-{i:06d}:{secrets.token_urlsafe(24)}\n")
    os.umask(old)


def cmd_dynsec(path, creds_path):
    # The same writer scripts/run uses for the demo devices.
    t0 = time.time()
    subprocess.run([os.path.join(os.path.dirname(__file__), "..", "scripts", "dynsec-logins"),
                    path, creds_path], check=True)
    print(f"dynsec.json: logins written in {time.time() - t0:.1f} s", file=sys.stderr)


def cmd_sql(creds_path, elders_path, out):
    with open(elders_path) as f:
        elders = [line.rstrip("\n").split("|") for line in f if line.strip()]
    now = int(time.time() * 1000)
    with open(out, "w") as f:
        f.write("BEGIN;\n")
        for i, (serial, secret) in enumerate(read_creds(creds_path)):
            eid, unit, path = elders[i % len(elders)]
            th = hashlib.sha256(secret.encode()).hexdigest()
            f.write("INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location,"
                    " token_hash, status, registered_at, bound_at, created_at, updated_at) VALUES"
                    f" ('{serial}', '{TYPES[i % len(TYPES)]}', {eid}, {unit}, '{path}', '',"
                    f" '{th}', 'active', {now}, {now}, {now}, {now});\n")
        f.write("COMMIT;\n")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"devices": cmd_devices, "dynsec": cmd_dynsec, "sql": cmd_sql}[cmd](*args)
