// Devices and monitoring settings against the real server: registration shows the secret once
// (and the ingest route accepts exactly that secret), bind / unbind / retire / new secret with
// optimistic concurrency, data scope (another community's devices and elders are 404), bad
// input named field by field, the elder's device event timeline, thresholds per type and per
// elder, escalation plans per community, users' phones, and the audit trail of each write.
//
// Runs on SQLite and, with ELDERCARE_TEST_PG_URL, on PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "core/timeutil.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
using it::client;

using it::backend_name;

std::set<std::string> detail_fields(const it::http_response& r) {
  std::set<std::string> out;
  auto v = r.json();
  if (const auto* d = v.at("error").as_object().if_contains("details"))
    for (const auto& e : d->as_array()) out.insert(std::string(e.at("field").as_string()));
  return out;
}

class Devices : public it::shared_server_test<Devices> {
 protected:
  // The `n`-th active elder of a community, as the admin lists them.
  std::int64_t elder_of(const std::string& community, int n = 0) {
    auto admin = signed_in("admin");
    auto r = admin.get("/api/v1/elders?sort=created_at&size=50&community_id=" +
                       std::to_string(unit(community)));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").at(static_cast<std::size_t>(n)).at("id").as_int64();
  }
  static std::string serial() {
    static int n = 0;
    return "TZ-IT-" + std::to_string(++n) + "-" +
           std::to_string(ec::timeutil::now_unix_ms() % 100000);
  }
  json::object register_device(client& c, const std::string& ser, const std::string& type,
                               std::optional<std::int64_t> elder = {}) {
    json::object body{{"serial", ser}, {"type", type}, {"location", "卧室"}};
    if (elder) body["elder_id"] = *elder;
    auto r = c.post("/api/v1/devices", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().as_object();
  }
  it::http_response ingest(const std::string& serial, const std::string& secret,
                           const std::string& body) {
    client c(srv_->port());
    return c.request("POST", "/api/v1/ingest", body, "application/json",
                     {{"Authorization", "Bearer " + serial + ":" + secret}});
  }
  static std::string event(const std::string& id, const std::string& type, std::int64_t at) {
    return R"({"id":")" + id + R"(","type":")" + type + R"(","time":)" + std::to_string(at) + "}";
  }
  json::array audit(client& admin, const std::string& entity, const std::string& id) {
    auto r = admin.get("/api/v1/audit?entity=" + entity + "&entity_id=" + id + "&size=50");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array();
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, Devices, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(Devices, SecretIsShownOnceAndIsTheIngestToken) {
  auto staff = signed_in("guanzhuang");
  auto elder = elder_of("官庄社区");
  auto ser = serial();
  auto d = register_device(staff, ser, "sos_pendant", elder);
  ASSERT_TRUE(d.contains("secret"));
  std::string secret(d.at("secret").as_string());
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(d.at("elder").at("id").as_int64(), elder);
  EXPECT_EQ(d.at("status"), "active");
  EXPECT_TRUE(d.at("online").is_null());
  EXPECT_EQ(d.at("offline_after_s").as_int64(), 900);  // 300 s × 3 for a pendant
  auto id = std::to_string(d.at("id").as_int64());

  // Never again: not in the detail, the list, the elder's devices or the audit log.
  auto detail = staff.get("/api/v1/devices/" + id);
  ASSERT_EQ(detail.status, 200);
  EXPECT_FALSE(detail.json().as_object().contains("secret"));
  auto list = staff.get("/api/v1/devices?q=" + ser);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().at("total").as_int64(), 1);
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  auto mine = staff.get("/api/v1/elders/" + std::to_string(elder) + "/devices");
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find(ser), std::string::npos);
  EXPECT_EQ(mine.body.find(secret), std::string::npos);
  auto admin = signed_in("admin");
  auto entries = audit(admin, "device", id);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].at("action"), "create");
  EXPECT_EQ(json::serialize(entries[0]).find(secret), std::string::npos);

  // The secret is the device's ingest token at once (the API answers once the service has the
  // new device); a wrong one is refused.
  auto now = ec::timeutil::now_unix_ms();
  auto ok = ingest(ser, secret, event("hb-1", "heartbeat", now));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("accepted").as_int64(), 1);
  EXPECT_EQ(ingest(ser, secret + "x", event("hb-2", "heartbeat", now)).status, 401);
  // The device is now online.
  auto seen = staff.get("/api/v1/devices/" + id).json();
  EXPECT_EQ(seen.at("online"), true);
  EXPECT_FALSE(seen.at("last_seen_at").is_null());

  // A new secret replaces the old one everywhere; it too is shown once.
  auto reset = staff.post("/api/v1/devices/" + id + "/reset-secret", json::object{});
  ASSERT_EQ(reset.status, 200) << reset.body;
  std::string secret2(reset.json().at("secret").as_string());
  EXPECT_NE(secret2, secret);
  auto now2 = ec::timeutil::now_unix_ms();
  EXPECT_EQ(ingest(ser, secret, event("hb-3", "heartbeat", now2)).status, 401);
  EXPECT_EQ(ingest(ser, secret2, event("hb-4", "heartbeat", now2)).status, 200);
  entries = audit(admin, "device", id);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(json::serialize(entries).find(secret2), std::string::npos);
}

TEST_P(Devices, BindUnbindRetireWithVersions) {
  auto staff = signed_in("guanzhuang");
  auto elder = elder_of("官庄社区", 1);
  auto ser = serial();
  auto d = register_device(staff, ser, "door_sensor");
  auto id = std::to_string(d.at("id").as_int64());
  auto v = d.at("version").as_int64();
  EXPECT_TRUE(d.at("elder").is_null());
  EXPECT_EQ(d.at("org_unit").at("name"), "官庄社区");  // the registering user's unit
  // The device in stock does not talk yet.
  EXPECT_EQ(ingest(ser, std::string(d.at("secret").as_string()),
                   event("e-1", "door_open", ec::timeutil::now_unix_ms()))
                .status,
            403);

  // Stale version.
  auto stale = staff.post("/api/v1/devices/" + id + "/bind",
                          json::object{{"elder_id", elder}, {"version", v + 5}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.error_code(), "conflict.stale_version");

  auto bound = staff.post("/api/v1/devices/" + id + "/bind",
                          json::object{{"elder_id", elder}, {"version", v}});
  ASSERT_EQ(bound.status, 200) << bound.body;
  EXPECT_EQ(bound.json().at("elder").at("id").as_int64(), elder);
  EXPECT_FALSE(bound.json().at("bound_at").is_null());
  v = bound.json().at("version").as_int64();
  auto again = staff.post("/api/v1/devices/" + id + "/bind",
                          json::object{{"elder_id", elder}, {"version", v}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "device.already_bound");

  // Edit the location with the version; the old version is stale.
  auto moved =
      staff.put("/api/v1/devices/" + id, json::object{{"location", "卫生间"}, {"version", v}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("location"), "卫生间");
  EXPECT_EQ(staff.put("/api/v1/devices/" + id, json::object{{"notes", "x"}, {"version", v}}).status,
            409);
  v = moved.json().at("version").as_int64();

  auto unbound = staff.post("/api/v1/devices/" + id + "/unbind", json::object{{"version", v}});
  ASSERT_EQ(unbound.status, 200) << unbound.body;
  EXPECT_TRUE(unbound.json().at("elder").is_null());
  EXPECT_EQ(unbound.json().at("community").at("name"), "官庄社区");
  v = unbound.json().at("version").as_int64();
  auto not_bound = staff.post("/api/v1/devices/" + id + "/unbind", json::object{{"version", v}});
  EXPECT_EQ(not_bound.status, 409);
  EXPECT_EQ(not_bound.error_code(), "device.not_bound");

  auto retired = staff.post("/api/v1/devices/" + id + "/retire",
                            json::object{{"version", v}, {"reason", "损坏"}});
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.json().at("status"), "retired");
  EXPECT_FALSE(retired.json().at("retired_at").is_null());
  v = retired.json().at("version").as_int64();
  auto rebind = staff.post("/api/v1/devices/" + id + "/bind",
                           json::object{{"elder_id", elder}, {"version", v}});
  EXPECT_EQ(rebind.status, 409);
  EXPECT_EQ(rebind.error_code(), "device.retired");
  EXPECT_EQ(staff.post("/api/v1/devices/" + id + "/reset-secret", json::object{}).status, 409);
  // Retired devices leave the default list but stay in the record.
  EXPECT_EQ(staff.get("/api/v1/devices?q=" + ser).json().at("total").as_int64(), 0);
  EXPECT_EQ(staff.get("/api/v1/devices?status=retired&q=" + ser).json().at("total").as_int64(), 1);

  // Every step is in the audit log, in order.
  auto admin = signed_in("admin");
  std::vector<std::string> actions;
  for (const auto& e : audit(admin, "device", id)) actions.emplace_back(e.at("action").as_string());
  std::reverse(actions.begin(), actions.end());  // the log lists newest first
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "bind", "update", "unbind", "retire"}));
}

TEST_P(Devices, BindingNeedsAnActiveElderInScope) {
  auto staff = signed_in("guanzhuang");
  auto d = register_device(staff, serial(), "motion_sensor");
  auto id = std::to_string(d.at("id").as_int64());
  auto v = d.at("version").as_int64();
  // Another community's elder: 404, as if it did not exist.
  auto foreign = staff.post("/api/v1/devices/" + id + "/bind",
                            json::object{{"elder_id", elder_of("台孙村")}, {"version", v}});
  EXPECT_EQ(foreign.status, 404);
  // An elder who left the registry.
  auto elder = elder_of("官庄社区", 2);
  auto e = staff.get("/api/v1/elders/" + std::to_string(elder)).json();
  auto left = staff.post(
      "/api/v1/elders/" + std::to_string(elder) + "/leave",
      json::object{
          {"reason", "moved"}, {"date", "2026-01-05"}, {"version", e.at("version").as_int64()}});
  ASSERT_EQ(left.status, 200) << left.body;
  auto r = staff.post("/api/v1/devices/" + id + "/bind",
                      json::object{{"elder_id", elder}, {"version", v}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_code(), "device.elder_left");
  EXPECT_EQ(r.error_field(), "elder_id");
}

TEST_P(Devices, OtherCommunitiesDevicesAreNotFound) {
  auto gz = signed_in("guanzhuang");
  auto ts = signed_in("taisun");
  auto mine = register_device(gz, serial(), "gas", elder_of("官庄社区", 3));
  auto id = std::to_string(mine.at("id").as_int64());
  auto v = mine.at("version").as_int64();
  EXPECT_EQ(ts.get("/api/v1/devices/" + id).status, 404);
  EXPECT_EQ(ts.put("/api/v1/devices/" + id, json::object{{"notes", "x"}, {"version", v}}).status,
            404);
  EXPECT_EQ(ts.post("/api/v1/devices/" + id + "/retire", json::object{{"version", v}}).status, 404);
  EXPECT_EQ(ts.post("/api/v1/devices/" + id + "/reset-secret", json::object{}).status, 404);
  EXPECT_EQ(ts.get("/api/v1/elders/" + std::to_string(elder_of("官庄社区", 3)) + "/devices").status,
            404);
  EXPECT_EQ(ts.get("/api/v1/elders/" + std::to_string(elder_of("官庄社区", 3)) + "/events").status,
            404);
  // Registering for another community's elder is 404 too.
  auto r = ts.post(
      "/api/v1/devices",
      json::object{{"serial", serial()}, {"type", "smoke"}, {"elder_id", elder_of("官庄社区")}});
  EXPECT_EQ(r.status, 404);
  // Lists stay inside the scope.
  auto list = ts.get("/api/v1/devices?size=200").json();
  for (const auto& d : list.at("items").as_array())
    EXPECT_NE(d.at("community").at("name"), "官庄社区");
  auto all = signed_in("admin").get("/api/v1/devices?size=1").json().at("total").as_int64();
  EXPECT_LT(list.at("total").as_int64(), all);
  // The family member sees only the devices of the elder linked to them.
  auto fam = signed_in("family");
  auto fl = fam.get("/api/v1/devices?size=200");
  ASSERT_EQ(fl.status, 200) << fl.body;
  auto fam_items = fl.json().at("items").as_array();
  for (const auto& d : fam_items) EXPECT_FALSE(d.at("elder").is_null());
  EXPECT_EQ(
      fam.post("/api/v1/devices", json::object{{"serial", serial()}, {"type", "smoke"}}).status,
      403);
}

// Issue 9, defect 4: an elder's devices follow the elder to another community, in the move's
// transaction, and the writer reloads them: the old community can no longer see or retire the
// pendant, and an SOS afterwards belongs to the new community (its escalation plan).
TEST_P(Devices, DevicesFollowTheirElderToAnotherCommunity) {
  auto admin = signed_in("admin");
  auto gz = signed_in("guanzhuang");
  auto ts = signed_in("taisun");
  auto created =
      admin.post("/api/v1/elders", json::object{{"name", "迁居老人"},
                                                {"id_number", it::make_id(1941, 3, 7, 917)},
                                                {"living_status", "alone"},
                                                {"org_unit_id", unit("官庄社区")},
                                                {"address", "官庄社区2号楼3单元201"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto elder = created.json();
  const auto elder_id = elder.at("id").as_int64();
  auto d = register_device(gz, serial(), "sos_pendant", elder_id);
  const auto dev = std::to_string(d.at("id").as_int64());
  const std::string ser(d.at("serial").as_string());
  const std::string secret(d.at("secret").as_string());
  ASSERT_EQ(gz.get("/api/v1/devices/" + dev).status, 200);

  auto moved = admin.put(
      "/api/v1/elders/" + std::to_string(elder_id),
      json::object{{"org_unit_id", unit("台孙村")}, {"version", elder.at("version").as_int64()}});
  ASSERT_EQ(moved.status, 200) << moved.body;

  EXPECT_EQ(gz.get("/api/v1/devices/" + dev).status, 404);
  EXPECT_EQ(gz.post("/api/v1/devices/" + dev + "/retire", json::object{{"version", 2}}).status,
            404);
  auto seen = ts.get("/api/v1/devices/" + dev);
  ASSERT_EQ(seen.status, 200) << seen.body;
  const auto device = seen.json();
  EXPECT_EQ(device.at("community").at("name"), "台孙村");
  EXPECT_EQ(device.at("org_unit").at("name"), "台孙村");
  const auto trail = audit(admin, "device", dev);
  ASSERT_FALSE(trail.empty());
  EXPECT_EQ(trail[0].at("action"), "update");  // newest first: the move
  EXPECT_NE(json::serialize(trail[0]).find("台孙村"), std::string::npos)
      << json::serialize(trail[0]);

  // The writer has the new unit: a heartbeat (behind the reload in the writer's queue), then
  // an SOS, which raises the alert in 台孙村.
  const auto now = ec::timeutil::now_unix_ms();
  ASSERT_EQ(ingest(ser, secret, event("mv-hb", "heartbeat", now)).status, 200);
  auto sos = ingest(ser, secret, event("mv-sos", "sos", now + 1));
  ASSERT_EQ(sos.status, 200) << sos.body;
  const auto report = sos.json();
  const auto alert = std::to_string(report.at("items").at(0).at("alert_id").as_int64());
  auto in_new = ts.get("/api/v1/alerts/" + alert);
  ASSERT_EQ(in_new.status, 200) << in_new.body;
  EXPECT_EQ(in_new.json().at("elder").at("community_name"), "台孙村");
  EXPECT_EQ(gz.get("/api/v1/alerts/" + alert).status, 404);
}

TEST_P(Devices, BadInputNamesTheField) {
  auto staff = signed_in("guanzhuang");
  auto r = staff.post("/api/v1/devices", json::object{{"serial", "ab"}, {"type", "toaster"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(detail_fields(r), (std::set<std::string>{"serial", "type"}));
  r = staff.post("/api/v1/devices",
                 json::object{{"serial", "TZ SOS 1"}, {"type", "smoke"}, {"colour", "red"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(detail_fields(r), (std::set<std::string>{"serial", "colour"}));
  r = staff.post("/api/v1/devices", json::object{{"type", "smoke"}, {"elder_id", "7"}});
  EXPECT_EQ(detail_fields(r), (std::set<std::string>{"serial", "elder_id"}));
  r = staff.post(
      "/api/v1/devices",
      json::object{{"serial", "TZ-LONG-1"}, {"type", "smoke"}, {"location", std::string(33, 'x')}});
  EXPECT_EQ(r.error_field(), "location");
  // The serial is unique, also ignoring case.
  auto ser = serial();
  register_device(staff, ser, "smoke");
  std::string lower = ser;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  r = staff.post("/api/v1/devices", json::object{{"serial", lower}, {"type", "smoke"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "device.serial_taken");
  EXPECT_EQ(r.error_field(), "serial");
  // Query parameters too.
  r = staff.get("/api/v1/devices?type=toaster&bound=maybe");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(detail_fields(r), (std::set<std::string>{"type", "bound"}));
  r = staff.get("/api/v1/elders/" + std::to_string(elder_of("官庄社区")) + "/events?before=x");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "before");
  r = staff.get("/api/v1/elders/" + std::to_string(elder_of("官庄社区")) + "/events?limit=0");
  EXPECT_EQ(r.error_field(), "limit");
  // Messages are in Chinese by default and name the rule.
  r = staff.request("POST", "/api/v1/devices",
                    json::serialize(json::object{{"serial", "a/b"}, {"type", "smoke"}}),
                    "application/json", {{"Accept-Language", "zh-CN"}});
  EXPECT_NE(r.body.find("设备序列号应为4-40位"), std::string::npos) << r.body;
}

TEST_P(Devices, TimelineNewestFirstWithKeysetPaging) {
  auto staff = signed_in("guanzhuang");
  auto elder = elder_of("官庄社区", 4);
  auto ser = serial();
  auto d = register_device(staff, ser, "motion_sensor", elder);
  std::string secret(d.at("secret").as_string());
  auto base = ec::timeutil::now_unix_ms() - 60'000;
  std::string batch = "[";
  for (int i = 0; i < 5; ++i)
    batch += (i ? "," : "") + event("m-" + std::to_string(i), "motion", base + i * 1000);
  batch += "]";
  auto r = ingest(ser, secret, batch);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json().at("accepted").as_int64(), 5);
  auto path = "/api/v1/elders/" + std::to_string(elder) + "/events";
  auto p1 = staff.get(path + "?limit=2");
  ASSERT_EQ(p1.status, 200) << p1.body;
  auto items = p1.json().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("kind"), "motion");
  EXPECT_EQ(items[0].at("device").at("serial").as_string(), ser);
  EXPECT_EQ(items[0].at("transport"), "http");
  EXPECT_EQ(items[0].at("at").as_string(), ec::timeutil::iso8601_shanghai(base + 4000));
  EXPECT_EQ(items[1].at("at").as_string(), ec::timeutil::iso8601_shanghai(base + 3000));
  std::vector<std::string> times;
  std::string before(p1.json().at("next_before").as_string());
  for (int guard = 0; guard < 5 && !before.empty(); ++guard) {
    auto p = staff.get(path + "?limit=2&before=" + before).json();
    for (const auto& e : p.at("items").as_array()) times.emplace_back(e.at("at").as_string());
    before = p.at("next_before").is_null() ? "" : std::string(p.at("next_before").as_string());
  }
  EXPECT_EQ(times, (std::vector<std::string>{ec::timeutil::iso8601_shanghai(base + 2000),
                                             ec::timeutil::iso8601_shanghai(base + 1000),
                                             ec::timeutil::iso8601_shanghai(base)}));
}

TEST_P(Devices, ThresholdsPerTypeValidatedFieldByField) {
  auto admin = signed_in("admin");
  auto all = admin.get("/api/v1/monitoring/thresholds");
  ASSERT_EQ(all.status, 200) << all.body;
  auto items = all.json().at("items").as_array();
  ASSERT_EQ(items.size(), 10u);
  json::object band;
  for (const auto& e : items)
    if (e.at("device_type") == "heart_rate_band") band = e.as_object();
  ASSERT_FALSE(band.empty());
  EXPECT_EQ(band.at("defaults").at("hr_min").as_int64(), 45);
  auto v = band.at("version").as_int64();

  // Each bad field named, with the rule; nothing stored.
  auto bad = admin.put(
      "/api/v1/monitoring/thresholds",
      json::object{
          {"device_type", "heart_rate_band"},
          {"settings", json::object{{"hr_min", 100},
                                    {"hr_max", 90},
                                    {"offline_multiple", 1},
                                    {"night", json::object{{"start", "25:00"}, {"end", "05:00"}}},
                                    {"colour", 1}}},
          {"version", v}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(detail_fields(bad), (std::set<std::string>{"settings.colour", "settings.night.start"}));
  bad = admin.put(
      "/api/v1/monitoring/thresholds",
      json::object{
          {"device_type", "heart_rate_band"},
          {"settings", json::object{{"hr_min", 100}, {"hr_max", 90}, {"offline_multiple", 1}}},
          {"version", v}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(detail_fields(bad),
            (std::set<std::string>{"settings.hr_max", "settings.offline_multiple"}));
  EXPECT_EQ(bad.error_code(), "monitoring.threshold_invalid");
  bad = admin.put(
      "/api/v1/monitoring/thresholds",
      json::object{{"device_type", "toaster"}, {"settings", json::object{}}, {"version", 0}});
  EXPECT_EQ(bad.error_field(), "device_type");

  auto ok = admin.put("/api/v1/monitoring/thresholds",
                      json::object{{"device_type", "heart_rate_band"},
                                   {"settings", json::object{{"hr_max", 130}}},
                                   {"version", v}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("effective").at("hr_max").as_int64(), 130);
  EXPECT_EQ(ok.json().at("overrides"), (json::object{{"hr_max", 130}}));
  EXPECT_EQ(ok.json().at("updated_by").at("display_name"), "田镇街道管理员");
  // The same version again is stale.
  auto stale =
      admin.put("/api/v1/monitoring/thresholds", json::object{{"device_type", "heart_rate_band"},
                                                              {"settings", json::object{}},
                                                              {"version", v}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(audit(admin, "threshold_settings", "heart_rate_band").size(), 1u);
  // Community staff may read but not change the sub-district's thresholds.
  auto staff = signed_in("guanzhuang");
  EXPECT_EQ(staff.get("/api/v1/monitoring/thresholds").status, 200);
  EXPECT_EQ(
      staff
          .put("/api/v1/monitoring/thresholds",
               json::object{{"device_type", "gas"}, {"settings", json::object{}}, {"version", 0}})
          .status,
      403);

  // Per elder, over the type's values (hr_max 130 now).
  auto elder = std::to_string(elder_of("官庄社区", 5));
  auto mine = staff.get("/api/v1/elders/" + elder + "/thresholds");
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto e = staff.put("/api/v1/elders/" + elder + "/thresholds",
                     json::object{{"device_type", "heart_rate_band"},
                                  {"settings", json::object{{"hr_min", 131}}},
                                  {"version", 0}});
  EXPECT_EQ(e.status, 422);
  EXPECT_EQ(e.error_field(), "settings.hr_max");  // must exceed the elder's lower bound
  e = staff.put("/api/v1/elders/" + elder + "/thresholds",
                json::object{{"device_type", "heart_rate_band"},
                             {"settings", json::object{{"hr_min", 55}}},
                             {"version", 0}});
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.json().at("effective").at("hr_min").as_int64(), 55);
  EXPECT_EQ(e.json().at("effective").at("hr_max").as_int64(), 130);
  EXPECT_EQ(e.json().at("defaults").at("hr_min").as_int64(), 45);
  EXPECT_EQ(e.json().at("version").as_int64(), 1);
  // {} removes the override again.
  e = staff.put(
      "/api/v1/elders/" + elder + "/thresholds",
      json::object{
          {"device_type", "heart_rate_band"}, {"settings", json::object{}}, {"version", 1}});
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.json().at("effective").at("hr_min").as_int64(), 45);
  EXPECT_EQ(e.json().at("version").as_int64(), 0);
  EXPECT_EQ(audit(admin, "elder_thresholds", elder + ":heart_rate_band").size(), 2u);
  // Another community's elder is not found.
  auto ts = signed_in("taisun");
  EXPECT_EQ(ts.get("/api/v1/elders/" + elder + "/thresholds").status, 404);
  EXPECT_EQ(
      ts.put("/api/v1/elders/" + elder + "/thresholds",
             json::object{{"device_type", "gas"}, {"settings", json::object{}}, {"version", 0}})
          .status,
      404);
}

TEST_P(Devices, EscalationPlansPerCommunityInScope) {
  auto staff = signed_in("guanzhuang");
  auto plans = staff.get("/api/v1/monitoring/escalation-plans");
  ASSERT_EQ(plans.status, 200) << plans.body;
  auto items = plans.json().at("items").as_array();
  ASSERT_GE(items.size(), 2u);
  EXPECT_TRUE(items[0].at("community_id").is_null());
  EXPECT_EQ(items[0].at("editable"), false);
  EXPECT_EQ(items[0].at("delays_s"), (json::array{0, 60, 120, 300}));
  auto gz = unit("官庄社区");
  json::object own;
  for (const auto& p : items)
    if (!p.at("community_id").is_null() && p.at("community_id").as_int64() == gz)
      own = p.as_object();
  ASSERT_FALSE(own.empty()) << "the demo seeds 官庄社区's plan";
  EXPECT_EQ(own.at("station_phone"), "0533-6981120");
  EXPECT_EQ(own.at("editable"), true);

  auto path = "/api/v1/monitoring/escalation-plans/" + std::to_string(gz);
  auto bad = staff.put(path, json::object{{"delays_s", json::array{-1, 60, 90000, 300}},
                                          {"station_phone", "12345"},
                                          {"emergency_phone", "abc"},
                                          {"version", own.at("version").as_int64()}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(detail_fields(bad), (std::set<std::string>{"delays_s[0]", "delays_s[2]",
                                                       "station_phone", "emergency_phone"}));
  bad = staff.put(path, json::object{{"delays_s", json::array{0, 60}},
                                     {"emergency_phone", "120"},
                                     {"version", own.at("version").as_int64()}});
  EXPECT_EQ(bad.error_field(), "delays_s");
  auto ok = staff.put(path, json::object{{"delays_s", json::array{0, 30, 60, 120}},
                                         {"station_phone", "0533 698 1121"},
                                         {"emergency_phone", "120"},
                                         {"version", own.at("version").as_int64()}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("delays_s"), (json::array{0, 30, 60, 120}));
  EXPECT_EQ(ok.json().at("station_phone"), "0533-6981121");
  EXPECT_EQ(staff
                .put(path, json::object{{"delays_s", json::array{0, 30, 60, 120}},
                                        {"emergency_phone", "120"},
                                        {"version", own.at("version").as_int64()}})
                .status,
            409);

  // Not another community's, not the default.
  auto ts_path = "/api/v1/monitoring/escalation-plans/" + std::to_string(unit("台孙村"));
  auto plan = json::object{
      {"delays_s", json::array{0, 60, 120, 300}}, {"emergency_phone", "120"}, {"version", 0}};
  EXPECT_EQ(staff.put(ts_path, plan).status, 404);
  EXPECT_EQ(staff.put("/api/v1/monitoring/escalation-plans/default", plan).status, 403);
  // Volunteers have no plan permission at all.
  EXPECT_EQ(signed_in("louzhang").put(path, plan).status, 403);
  // The street admin may: a new plan for 台孙村 (version 0), and the default.
  auto admin = signed_in("admin");
  auto created = admin.put(ts_path, plan);
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.json().at("version").as_int64(), 1);
  EXPECT_EQ(created.json().at("community_name"), "台孙村");
  auto def = admin.get("/api/v1/monitoring/escalation-plans").json().at("items").at(0);
  auto dv = def.at("version").as_int64();
  auto d = admin.put("/api/v1/monitoring/escalation-plans/default",
                     json::object{{"delays_s", json::array{0, 60, 120, 300}},
                                  {"emergency_phone", "120"},
                                  {"station_phone", ""},
                                  {"version", dv}});
  ASSERT_EQ(d.status, 200) << d.body;
  // taisun now sees its own plan; guanzhuang does not see taisun's.
  auto gz_items = staff.get("/api/v1/monitoring/escalation-plans").json().at("items").as_array();
  for (const auto& p : gz_items) {
    if (!p.at("community_id").is_null()) {
      EXPECT_EQ(p.at("community_id").as_int64(), gz);
    }
  }
  // Removing a community's plan falls back to the default; the default stays.
  EXPECT_EQ(staff.request("DELETE", ts_path).status, 404);
  EXPECT_EQ(admin.request("DELETE", ts_path + "?version=9").status, 409);
  EXPECT_EQ(admin.request("DELETE", ts_path + "?version=1").status, 204);
  EXPECT_EQ(admin.request("DELETE", ts_path).status, 404);
  auto def_del = admin.request("DELETE", "/api/v1/monitoring/escalation-plans/default");
  EXPECT_EQ(def_del.status, 409);
  EXPECT_EQ(def_del.error_code(), "monitoring.plan_default");
  // Audited, phones masked.
  auto entries = audit(admin, "escalation_plan", std::to_string(gz));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(json::serialize(entries[0]).find("6981121"), std::string::npos);
  EXPECT_EQ(audit(admin, "escalation_plan", std::to_string(unit("台孙村"))).size(), 2u);
}

TEST_P(Devices, UsersHaveMaskedPhones) {
  auto admin = signed_in("admin");
  auto gz = unit("官庄社区");
  auto r = admin.post("/api/v1/users", json::object{{"username", "louzhang2"},
                                                    {"display_name", "楼长 李"},
                                                    {"role", "volunteer"},
                                                    {"org_unit_id", gz},
                                                    {"password", "a-long-password-1"},
                                                    {"phone", "+86 138-0533-7777"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("phone_masked"), "138****7777");
  auto id = std::to_string(r.json().at("id").as_int64());
  auto one = admin.get("/api/v1/users/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body.find("13805337777"), std::string::npos);
  auto list = admin.get("/api/v1/users?q=louzhang");
  EXPECT_EQ(list.body.find("13805337777"), std::string::npos);
  EXPECT_NE(list.body.find("138****6105"), std::string::npos);  // the demo building leader
  auto bad = admin.put("/api/v1/users/" + id, json::object{{"phone", "12345"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "phone");
  auto cleared = admin.put("/api/v1/users/" + id, json::object{{"phone", nullptr}});
  ASSERT_EQ(cleared.status, 200);
  EXPECT_TRUE(cleared.json().at("phone_masked").is_null());
  auto entries = audit(admin, "user", id);
  EXPECT_EQ(json::serialize(entries).find("13805337777"), std::string::npos);
  EXPECT_NE(json::serialize(entries).find("138****7777"), std::string::npos);
  // Community staff do not manage users.
  EXPECT_EQ(signed_in("taisun").get("/api/v1/users/" + id).status, 403);
}

}  // namespace
