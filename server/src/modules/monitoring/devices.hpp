// Devices in elders' homes (docs/MONITORING.md "Devices"): register, bind to an elder, unbind,
// move, retire, reset the secret; the list, one elder's devices and their event timeline.
//
// Scope: every function takes the caller's principal and restricts rows in SQL
// (sys::device_scope_sql for devices, sys::elder_scope_sql for elders); a device or elder outside
// it is not_found. Writes run in one transaction with their audit entry (no secret is ever
// audited or logged). The device's secret is generated here, shown once (the `secret` of
// `registered`), and only its SHA-256 (hex) is stored.
//
// Broker logins: `svc` may be null (tools, tests without a broker). Registration and a secret
// reset call svc->provision_device() inside the transaction, after the row is written and
// before the commit, so a refused serial never touches the broker and a failed provisioning
// writes nothing; if the commit then fails, the login is revoked again. Retiring commits first
// and then revokes the login (a retired device's events are dead letters whatever the broker
// says). After every committed change svc->device_changed(id) reloads the device in the rules.
//
// Failure: errc::invalid with one field error per bad field; errc::conflict for a stale
// version ("conflict.stale_version"), a serial already registered ("device.serial_taken"), a
// device already bound ("device.already_bound"), not bound ("device.not_bound") or retired
// ("device.retired"); errc::unavailable ("device.provision_failed") when the broker refuses.
// Thread-safety: free functions over the caller's connection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"
#include "modules/monitoring/provisioner.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {

// The serial rule of docs/MONITORING.md: 4–40 of [A-Za-z0-9-]. Stricter than the broker's
// own rule (ingest/dynsec.hpp check_serial), so every valid serial is a valid login.
// Error code "device.serial_invalid" naming `field`.
status check_serial(std::string_view serial, std::string_view field = "serial");

// The device type names (types.hpp format(device_type)), in the schema's order.
inline const std::vector<std::string_view> k_device_types = {
    "sos_pendant", "fall_detector", "door_sensor", "motion_sensor",   "bed_sensor",
    "smoke",       "gas",           "water_leak",  "heart_rate_band", "gps_watch"};

struct device_record {
  std::int64_t id = 0;
  std::string serial, type, status, location, notes;
  std::optional<std::int64_t> elder_id;
  std::string elder_name;
  std::int64_t org_unit_id = 0;
  std::string org_unit_name;
  std::optional<std::int64_t> community_id;
  std::string community_name;
  std::optional<std::int64_t> battery, last_seen_at, bound_at, retired_at;
  std::int64_t registered_at = 0, version = 0, created_at = 0, updated_at = 0;
  // Effective offline limit (heartbeat interval × offline multiple, with the elder's
  // overrides) and whether the device was heard from within it at read time.
  std::int64_t offline_after_s = 0;
  std::optional<bool> online;  // nullopt: never heard from
};

struct device_filter {
  std::optional<std::string> type;
  std::string status = "active";  // active | retired | all
  std::optional<bool> bound;
  std::optional<std::int64_t> elder_id, community_id;
  std::optional<std::string> q;           // serial or elder name, substring
  std::optional<std::string> open_alert;  // offline | low_battery: devices with that alert open
  std::int64_t page = 1, size = 20;
};

// Parses the list query values (errors name the parameter, code "request.bad_query").
result<device_filter> parse_device_filter(
    const std::function<std::optional<std::string>(std::string_view)>& q, std::int64_t max_size);

struct device_list {
  std::vector<device_record> items;
  std::int64_t total = 0;
};

result<device_list> list_devices(db::connection& c, const sys::principal& who,
                                 const device_filter& f);
result<device_record> get_device(db::connection& c, const sys::principal& who, std::int64_t id);
// Active devices bound to an elder in scope (not_found for the elder otherwise).
result<std::vector<device_record>> elder_devices(db::connection& c, const sys::principal& who,
                                                 std::int64_t elder_id);

struct register_input {
  std::string serial, type, location, notes;
  std::optional<std::int64_t> elder_id;
};
struct registered {
  device_record device;
  std::string secret;  // shown once
};

result<registered> register_device(db::connection& c, const sys::principal& who,
                                   const register_input& in, device_provisioner* svc);
// location/notes: absent keeps the value.
result<device_record> update_device(db::connection& c, const sys::principal& who, std::int64_t id,
                                    const std::optional<std::string>& location,
                                    const std::optional<std::string>& notes, std::int64_t version,
                                    device_provisioner* svc);
result<device_record> bind_device(db::connection& c, const sys::principal& who, std::int64_t id,
                                  std::int64_t elder_id, std::int64_t version,
                                  device_provisioner* svc);
result<device_record> unbind_device(db::connection& c, const sys::principal& who, std::int64_t id,
                                    std::int64_t version, device_provisioner* svc);
result<device_record> retire_device(db::connection& c, const sys::principal& who, std::int64_t id,
                                    std::int64_t version, const std::string& reason,
                                    device_provisioner* svc);
// A new secret (the old one stops working); `version` checked when given.
result<registered> reset_device_secret(db::connection& c, const sys::principal& who,
                                       std::int64_t id, std::optional<std::int64_t> version,
                                       device_provisioner* svc);

// The elder moved to unit `unit_id` (path `unit_path`): its active devices move with it, each
// audited, inside the caller's transaction (registry::move_followers). Returns their ids, for
// device_provisioner::device_changed once the transaction has committed.
result<std::vector<std::int64_t>> follow_elder(db::connection& c, const sys::principal& who,
                                               std::int64_t elder_id, const std::string& elder_name,
                                               std::int64_t unit_id, const std::string& unit_path,
                                               const std::string& unit_name);

// One event of an elder's timeline (device_events joined with devices).
struct timeline_event {
  std::int64_t id = 0, device_id = 0;
  std::string serial, device_type, location, kind, transport;
  std::int64_t at = 0, received_at = 0;
  std::optional<std::int64_t> value, battery, alert_id;
  std::optional<double> lat, lon;
};
struct timeline_page {
  std::vector<timeline_event> items;
  std::optional<std::string> next_before;  // cursor for the next (older) page
};

// Newest first. `before` is a cursor from a previous page ("{at_ms}_{id}"); limit 1..200.
// A malformed cursor is errc::invalid naming `before`.
result<timeline_page> elder_timeline(db::connection& c, const sys::principal& who,
                                     std::int64_t elder_id,
                                     const std::optional<std::string>& before, std::int64_t limit);

// The cursor format, exposed for tests.
std::string timeline_cursor(std::int64_t at_ms, std::int64_t id);
std::optional<std::pair<std::int64_t, std::int64_t>> parse_timeline_cursor(std::string_view s);

}  // namespace ec::monitoring
