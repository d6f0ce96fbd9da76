// Test-only: the rows a webhook notification hangs off (a community, an elder, a device, an
// alert) and pending webhook rows as the monitoring service writes them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "db/db.hpp"

namespace ec::monitoring::testing {

// Inserts a community, an elder, an SOS pendant and an open SOS alert at `at`; the alert id.
inline std::int64_t seed_alert(db::connection& c, std::int64_t at) {
  auto unit = c.one(
      "INSERT INTO org_units (parent_id, kind, name, path, created_at, updated_at) "
      "VALUES (NULL, 'community', '官庄社区', '/', ?, ?) RETURNING id",
      {at, at});
  EXPECT_TRUE(unit.ok()) << unit.err().message;
  if (!unit) return 0;
  auto u = unit->i64(0);
  auto elder = c.one(
      "INSERT INTO elders (name, id_number, id_tail, sex, birth_date, living_status, "
      "org_unit_id, community_id, org_path, created_at, updated_at) "
      "VALUES ('王秀英', '370322194501010021', '010021', 'F', '1945-01-01', 'alone', ?, ?, "
      "'/1/', ?, ?) RETURNING id",
      {u, u, at, at});
  EXPECT_TRUE(elder.ok()) << elder.err().message;
  if (!elder) return 0;
  auto device = c.one(
      "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, token_hash, "
      "registered_at, created_at, updated_at) "
      "VALUES ('TZ-SOS-000001', 'sos_pendant', ?, ?, '/1/', 'x', ?, ?, ?) RETURNING id",
      {elder->i64(0), u, at, at, at});
  EXPECT_TRUE(device.ok()) << device.err().message;
  if (!device) return 0;
  auto alert = c.one(
      "INSERT INTO alerts (elder_id, device_id, community_id, org_path, kind, severity, "
      "raised_at, created_at, last_at) VALUES (?, ?, ?, '/1/', 'sos', 'critical', ?, ?, ?) "
      "RETURNING id",
      {elder->i64(0), device->i64(0), u, at, at, at});
  EXPECT_TRUE(alert.ok()) << alert.err().message;
  return alert ? alert->i64(0) : 0;
}

// A pending webhook row for `alert_id` due at `due` (NULL if none); its id.
inline std::int64_t add_webhook_row(db::connection& c, std::int64_t alert_id,
                                    const std::string& payload, std::int64_t created_at,
                                    std::optional<std::int64_t> due, const std::string& target) {
  auto r = c.one(
      "INSERT INTO notifications (alert_id, level, channel, target, payload, status, "
      "created_at, next_attempt_at) VALUES (?, 1, 'webhook', ?, ?, 'pending', ?, ?) "
      "RETURNING id",
      {alert_id, target, payload, created_at, db::opt(due)});
  EXPECT_TRUE(r.ok()) << r.err().message;
  return r ? r->i64(0) : 0;
}

}  // namespace ec::monitoring::testing
