// Alerts API and the live feed against the real server: list order and data scope, filters,
// one alert with actions, notifications and the phones to call (audited), response-time
// figures from fixed data, strict bodies for acknowledge/resolve, and the WebSocket: hello,
// no cookie, a foreign Origin, a plain GET, sign-out, /metrics and graceful shutdown.
//
// Alerts are seeded straight into the server's database (the monitoring service that raises
// them from device events has its own tests); devices too, bound to demo elders.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "core/crypto.hpp"
#include "core/timeutil.hpp"
#include "db/db.hpp"
#include "support/direct_db.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"
#include "support/ws_client.hpp"

namespace {

namespace json = boost::json;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using it::client;
using namespace std::chrono_literals;

using it::backend_name;

// Direct access to the server's database for seeding.
class seeder : public it::direct_db {
 public:
  using direct_db::direct_db;

  std::int64_t community(const std::string& name) { return unit(name); }
  // An active elder of the community that is not `other_than`.
  std::int64_t elder_in(const std::string& community_name, std::int64_t other_than = 0,
                        std::int64_t not_linked_to = 0) {
    return scalar(
        "SELECT MIN(e.id) FROM elders e WHERE e.community_id = ? AND e.status = 'active' AND "
        "e.id <> ? AND e.id NOT IN (SELECT elder_id FROM user_elder_links WHERE user_id = ?)",
        {community(community_name), other_than, not_linked_to});
  }
  // An elder of 官庄社区 linked to `username` (the demo links building 1's elders to the
  // building leader; with few demo elders there may be none, so link one here).
  std::int64_t linked_elder(const std::string& username) {
    auto uid = user(username);
    auto have =
        scalar("SELECT COALESCE(MIN(elder_id), 0) FROM user_elder_links WHERE user_id = ?", {uid});
    if (have > 0) return have;
    auto e = elder_in("官庄社区");
    exec("INSERT INTO user_elder_links (user_id, elder_id, relation) VALUES (?, ?, ?)",
         {uid, e, std::string("building_leader")});
    return e;
  }
  // The numbers to call for `elder`: `leader` as its only building leader (the demo gives every
  // building its own), phone 13905331111; two family contacts, 13905337788 and 0533-6123456;
  // 官庄社区's station phone 0533-6901234 and emergency number 120.
  void contacts(std::int64_t elder, std::int64_t leader) {
    exec("DELETE FROM user_elder_links WHERE elder_id = ? AND user_id <> ?", {elder, leader});
    exec("UPDATE users SET phone = '13905331111' WHERE id = ?", {leader});
    exec("DELETE FROM elder_contacts WHERE elder_id = ?", {elder});
    exec(
        "INSERT INTO elder_contacts (elder_id, name, relation, phone, sort) VALUES "
        "(?, '李建国', 'son', '13905337788', 0), (?, '李晓红', 'daughter', '0533-6123456', 1)",
        {elder, elder});
    exec(
        "INSERT INTO escalation_plans (community_id, station_phone, emergency_phone, "
        "updated_at) VALUES (?, '0533-6901234', '120', 0) ON CONFLICT (community_id) DO UPDATE "
        "SET station_phone = excluded.station_phone, emergency_phone = excluded.emergency_phone",
        {community("官庄社区")});
  }
  std::int64_t device(std::int64_t elder_id, const std::string& type = "sos_pendant") {
    auto serial = "TZ-T-" + std::to_string(++serial_);
    auto now = ec::timeutil::now_unix_ms();
    return scalar(
        "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
        "token_hash, registered_at, bound_at, created_at, updated_at) "
        "SELECT ?, ?, e.id, e.org_unit_id, e.org_path, '卧室', 'x', ?, ?, ?, ? FROM elders e "
        "WHERE e.id = ? RETURNING id",
        {serial, type, now, now, now, now, elder_id});
  }
  struct alert_spec {
    alert_spec(std::string k, std::string sev, std::string st, std::int64_t created,
               std::optional<std::int64_t> ack_at = std::nullopt,
               std::optional<std::int64_t> res_at = std::nullopt,
               std::optional<std::int64_t> ack_by = std::nullopt,
               std::optional<std::int64_t> res_by = std::nullopt, std::string out = "")
        : kind(std::move(k)),
          severity(std::move(sev)),
          state(std::move(st)),
          created_at(created),
          acknowledged_at(ack_at),
          resolved_at(res_at),
          acknowledged_by(ack_by),
          resolved_by(res_by),
          outcome(std::move(out)) {}
    std::string kind, severity, state;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> acknowledged_at, resolved_at;
    std::optional<std::int64_t> acknowledged_by, resolved_by;
    std::string outcome;
  };
  std::int64_t alert(std::int64_t device_id, const alert_spec& a) {
    return scalar(
        "INSERT INTO alerts (elder_id, device_id, community_id, org_path, kind, severity, state, "
        "event_id, raised_at, created_at, last_at, acknowledged_at, acknowledged_by, "
        "resolved_at, resolved_by, outcome, last_level_sent, next_due_at) "
        "SELECT e.id, d.id, e.community_id, e.org_path, ?, ?, ?, 'e-1', ?, ?, ?, ?, ?, ?, ?, ?, "
        "1, ? FROM devices d JOIN elders e ON e.id = d.elder_id WHERE d.id = ? RETURNING id",
        {a.kind, a.severity, a.state, a.created_at - 1000, a.created_at, a.created_at,
         ec::db::opt(a.acknowledged_at), ec::db::opt(a.acknowledged_by), ec::db::opt(a.resolved_at),
         ec::db::opt(a.resolved_by), a.outcome.empty() ? ec::db::null() : ec::db::value{a.outcome},
         a.state == "open" ? ec::db::value{a.created_at + 60000} : ec::db::null(), device_id});
  }

 private:
  int serial_ = 0;
};

std::vector<std::int64_t> ids_of(const json::value& page) {
  std::vector<std::int64_t> out;
  for (const auto& a : page.at("items").as_array()) out.push_back(a.at("id").as_int64());
  return out;
}

using it::ws_client;

class Alerts : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    srv_ = it::start_server(120, GetParam());
    db_ = std::make_unique<seeder>(*srv_);
  }
  client signed_in(const std::string& user) { return it::signed_in(*srv_, user); }
  std::unique_ptr<it::server> srv_;
  std::unique_ptr<seeder> db_;
};

INSTANTIATE_TEST_SUITE_P(Backends, Alerts, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(Alerts, BoardOrderScopeAndFilters) {
  auto now = ec::timeutil::now_unix_ms();
  auto leader_elder = db_->linked_elder("louzhang");
  auto other = db_->elder_in("官庄社区", leader_elder, db_->user("louzhang"));
  auto village = db_->elder_in("台孙村");
  ASSERT_GT(leader_elder, 0);
  ASSERT_GT(other, 0);
  ASSERT_GT(village, 0);
  auto d_leader = db_->device(leader_elder);
  auto d_other = db_->device(other, "fall_detector");
  auto d_village = db_->device(village);
  using spec = seeder::alert_spec;
  auto a_leader_sos = db_->alert(d_leader, spec{"sos", "critical", "open", now - 100'000});
  auto a_leader_batt =
      db_->alert(d_leader, spec{"low_battery", "technical", "open", now - 500'000});
  auto a_other_nomotion = db_->alert(
      d_other, spec{"no_motion", "warning", "acknowledged", now - 300'000, now - 290'000});
  auto a_other_fall = db_->alert(d_other, spec{"fall", "critical", "open", now - 50'000});
  auto a_village_sos = db_->alert(d_village, spec{"sos", "critical", "open", now - 200'000});
  auto a_village_old =
      db_->alert(d_village, spec{"sos", "critical", "resolved", now - 900'000, now - 890'000,
                                 now - 800'000, std::nullopt, std::nullopt, "false_alarm"});

  auto admin = signed_in("admin");
  auto board = admin.get("/api/v1/alerts?state=active&size=500");
  ASSERT_EQ(board.status, 200) << board.body;
  // Critical by age (oldest first), then warning, then technical; the resolved one is gone.
  EXPECT_EQ(ids_of(board.json()),
            (std::vector<std::int64_t>{a_village_sos, a_leader_sos, a_other_fall, a_other_nomotion,
                                       a_leader_batt}));
  EXPECT_EQ(board.json().at("total").as_int64(), 5);

  // The alert JSON of docs/MONITORING.md.
  auto board_json = board.json();
  const auto& first = board_json.at("items").at(0).as_object();
  EXPECT_EQ(first.at("kind"), "sos");
  EXPECT_EQ(first.at("severity"), "critical");
  EXPECT_EQ(first.at("state"), "open");
  EXPECT_EQ(first.at("count").as_int64(), 1);
  EXPECT_TRUE(first.at("acknowledged_at").is_null());
  EXPECT_TRUE(first.at("acknowledged_by").is_null());
  EXPECT_TRUE(first.at("outcome").is_null());
  EXPECT_TRUE(first.at("raised_at").as_string().ends_with("+08:00"));
  EXPECT_EQ(first.at("elder").at("id").as_int64(), village);
  EXPECT_EQ(first.at("elder").at("community_name"), "台孙村");
  EXPECT_EQ(first.at("device").at("type"), "sos_pendant");
  EXPECT_EQ(first.at("device").at("location"), "卧室");

  // History: newest first, every state.
  auto hist = admin.get("/api/v1/alerts?state=all&size=500").json();
  EXPECT_EQ(ids_of(hist),
            (std::vector<std::int64_t>{a_other_fall, a_leader_sos, a_village_sos, a_other_nomotion,
                                       a_leader_batt, a_village_old}));
  EXPECT_EQ(ids_of(admin.get("/api/v1/alerts?state=resolved").json()),
            std::vector<std::int64_t>{a_village_old});
  EXPECT_EQ(ids_of(admin.get("/api/v1/alerts?state=acknowledged").json()),
            std::vector<std::int64_t>{a_other_nomotion});
  EXPECT_EQ(ids_of(admin.get("/api/v1/alerts?state=open&severity=technical").json()),
            std::vector<std::int64_t>{a_leader_batt});
  EXPECT_EQ(ids_of(admin.get("/api/v1/alerts?kind=fall").json()),
            std::vector<std::int64_t>{a_other_fall});
  EXPECT_EQ(ids_of(admin.get("/api/v1/alerts?elder_id=" + std::to_string(village)).json()),
            (std::vector<std::int64_t>{a_village_sos, a_village_old}));
  auto tsc = std::to_string(db_->community("台孙村"));
  EXPECT_EQ(ids_of(admin.get("/api/v1/alerts?community_id=" + tsc).json()),
            (std::vector<std::int64_t>{a_village_sos, a_village_old}));
  auto from = ec::timeutil::iso8601_shanghai(now - 250'000);
  from.replace(from.find('+'), 1, "%2B");
  EXPECT_EQ(ids_of(admin.get("/api/v1/alerts?from=" + from).json()),
            (std::vector<std::int64_t>{a_other_fall, a_leader_sos, a_village_sos}));
  auto page2 = admin.get("/api/v1/alerts?size=2&page=2").json();
  EXPECT_EQ(ids_of(page2), (std::vector<std::int64_t>{a_village_sos, a_other_nomotion}));
  EXPECT_EQ(page2.at("total").as_int64(), 6);

  // Data scope: the community, the village, the building leader (linked elders only).
  EXPECT_EQ(
      ids_of(signed_in("guanzhuang").get("/api/v1/alerts?state=active").json()),
      (std::vector<std::int64_t>{a_leader_sos, a_other_fall, a_other_nomotion, a_leader_batt}));
  EXPECT_EQ(ids_of(signed_in("taisun").get("/api/v1/alerts?state=all").json()),
            (std::vector<std::int64_t>{a_village_sos, a_village_old}));
  EXPECT_EQ(ids_of(signed_in("louzhang").get("/api/v1/alerts?state=active").json()),
            (std::vector<std::int64_t>{a_leader_sos, a_leader_batt}));
  // Without the permission (kitchen staff).
  EXPECT_EQ(signed_in("kitchen").get("/api/v1/alerts").status, 403);

  // Bad filters name the parameter.
  for (const auto& [q, field] : std::vector<std::pair<std::string, std::string>>{
           {"state=closed", "state"},
           {"severity=urgent", "severity"},
           {"kind=burglary", "kind"},
           {"community_id=abc", "community_id"},
           {"elder_id=0", "elder_id"},
           {"from=yesterday", "from"},
           {"from=2026-11-02&to=2026-11-01", "to"},
           {"size=501", "size"},
       }) {
    auto r = admin.get("/api/v1/alerts?" + q);
    EXPECT_EQ(r.status, 422) << q << " " << r.body;
    EXPECT_EQ(std::string(r.json().at("error").at("field").as_string()), field) << q;
  }
}

TEST_P(Alerts, DetailWithContactsIsAudited) {
  auto now = ec::timeutil::now_unix_ms();
  auto elder = db_->linked_elder("louzhang");
  auto leader = db_->user("louzhang");
  db_->contacts(elder, leader);
  auto dev = db_->device(elder);
  auto staff = db_->user("guanzhuang");
  auto id = db_->alert(
      dev, {"sos", "critical", "acknowledged", now - 120'000, now - 90'000, std::nullopt, staff});
  db_->exec(
      "INSERT INTO alert_actions (alert_id, at, actor_id, actor_name, action, level, note) "
      "VALUES (?, ?, NULL, '', 'raised', NULL, ''), (?, ?, NULL, '', 'escalated', 1, ''), "
      "(?, ?, ?, '官庄社区 王丽', 'acknowledged', NULL, '已电话联系')",
      {id, now - 120'000, id, now - 119'000, id, now - 90'000, staff});
  db_->exec(
      "INSERT INTO notifications (alert_id, level, channel, target, payload, status, attempts, "
      "last_error, created_at, sent_at, next_attempt_at) VALUES "
      "(?, 1, 'websocket', '2 sessions', '', 'sent', 1, '', ?, ?, NULL), "
      "(?, 1, 'webhook', 'http://127.0.0.1:9/sms?key=secret', '{}', 'pending', 2, 'HTTP 500', "
      "?, NULL, ?)",
      {id, now - 119'000, now - 119'000, id, now - 119'000, now + 4000});

  auto c = signed_in("guanzhuang");
  auto r = c.get("/api/v1/alerts/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r.body;
  auto a = r.json().as_object();
  EXPECT_EQ(a.at("state"), "acknowledged");
  EXPECT_EQ(a.at("acknowledged_by").at("id").as_int64(), staff);
  EXPECT_EQ(a.at("acknowledged_by").at("display_name"), "官庄社区 王丽");
  const auto& actions = a.at("actions").as_array();
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].at("action"), "raised");
  EXPECT_TRUE(actions[0].at("actor").is_null());
  EXPECT_EQ(actions[1].at("level").as_int64(), 1);
  EXPECT_EQ(actions[2].at("actor").at("id").as_int64(), staff);
  EXPECT_EQ(actions[2].at("note"), "已电话联系");
  const auto& notes = a.at("notifications").as_array();
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].at("channel"), "websocket");
  EXPECT_EQ(notes[0].at("status"), "sent");
  EXPECT_EQ(notes[1].at("target"), "http://127.0.0.1:9");  // no path, no key
  EXPECT_EQ(notes[1].at("attempts").as_int64(), 2);
  EXPECT_EQ(notes[1].at("last_error"), "HTTP 500");
  EXPECT_TRUE(notes[1].at("sent_at").is_null());
  const auto& contacts = a.at("contacts").as_object();
  const auto& leaders = contacts.at("leaders").as_array();
  ASSERT_EQ(leaders.size(), 1u);
  EXPECT_EQ(leaders[0].at("user_id").as_int64(), leader);
  EXPECT_EQ(leaders[0].at("phone"), "13905331111");
  EXPECT_EQ(leaders[0].at("relation"), "building_leader");
  const auto& family = contacts.at("family").as_array();
  ASSERT_EQ(family.size(), 2u);
  EXPECT_EQ(family[0].at("phone"), "13905337788");  // in full
  EXPECT_EQ(family[1].at("phone"), "0533-6123456");
  EXPECT_EQ(contacts.at("station").at("station_phone"), "0533-6901234");
  EXPECT_EQ(contacts.at("station").at("emergency_phone"), "120");
  EXPECT_EQ(contacts.at("station").at("community_name"), "官庄社区");
  EXPECT_EQ(a.at("phones_masked"), false);

  // One audit entry per read.
  auto admin = signed_in("admin");
  auto audit_q = "/api/v1/audit?action=reveal&entity=alert&entity_id=" + std::to_string(id);
  EXPECT_EQ(admin.get(audit_q).json().at("total").as_int64(), 1);
  EXPECT_EQ(c.get("/api/v1/alerts/" + std::to_string(id)).status, 200);
  EXPECT_EQ(admin.get(audit_q).json().at("total").as_int64(), 2);

  // Another community's staff and an unknown id: 404; the elder's community falls back to the
  // default plan when it has none.
  EXPECT_EQ(signed_in("taisun").get("/api/v1/alerts/" + std::to_string(id)).status, 404);
  EXPECT_EQ(c.get("/api/v1/alerts/99999999").status, 404);
  EXPECT_EQ(c.get("/api/v1/alerts/abc").status, 404);
  EXPECT_EQ(admin.get(audit_q).json().at("total").as_int64(), 2);  // no entry for a 404
  auto village = db_->elder_in("台孙村");
  auto vid = db_->alert(db_->device(village), {"gas", "critical", "open", now - 1000});
  auto v = signed_in("taisun").get("/api/v1/alerts/" + std::to_string(vid));
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.json().at("contacts").at("station").at("station_phone"), "");
  EXPECT_EQ(v.json().at("contacts").at("station").at("emergency_phone"), "120");
  // The demo gives every village grid its volunteer: the one to call first.
  auto vj = v.json();
  const auto& grid = vj.at("contacts").at("leaders").as_array();
  ASSERT_EQ(grid.size(), 1u) << v.body;
  EXPECT_EQ(grid[0].at("relation"), "building_leader");
  EXPECT_TRUE(grid[0].at("name").as_string().starts_with("网格员")) << v.body;
  EXPECT_EQ(grid[0].at("phone").as_string().size(), 11u);
  // Without a leader linked, the list is empty.
  db_->exec("DELETE FROM user_elder_links WHERE elder_id = ?", {village});
  auto none = signed_in("taisun").get("/api/v1/alerts/" + std::to_string(vid));
  EXPECT_TRUE(none.json().at("contacts").at("leaders").as_array().empty());
}

// Issue 9, defect 8: users who may see alerts but neither handle them nor reveal numbers
// (provider staff, auditors) get the personal numbers masked, phones_masked true, and no
// reveal audit entry; a handler gets them in full, and that read is audited.
TEST_P(Alerts, DetailMasksPhonesWithoutHandleOrReveal) {
  auto now = ec::timeutil::now_unix_ms();
  auto elder = db_->linked_elder("louzhang");
  auto leader = db_->user("louzhang");
  db_->contacts(elder, leader);
  db_->exec("UPDATE elders SET phone = '13905332222' WHERE id = ?", {elder});
  auto id = db_->alert(db_->device(elder), {"fall", "critical", "open", now - 30'000});
  auto path = "/api/v1/alerts/" + std::to_string(id);
  auto admin = signed_in("admin");
  auto audit_q = "/api/v1/audit?action=reveal&entity=alert&entity_id=" + std::to_string(id);
  auto reveals = [&] {
    auto r = admin.get(audit_q);
    EXPECT_EQ(r.status, 200) << r.body;
    auto body = r.json();
    return body.at("total").as_int64();
  };
  ASSERT_EQ(reveals(), 0);

  for (const std::string who : {"provider", "auditor"}) {
    auto r = signed_in(who).get(path);
    ASSERT_EQ(r.status, 200) << who << " " << r.body;
    auto body = r.json();
    EXPECT_EQ(body.at("phones_masked"), true) << who;
    const auto& contacts = body.at("contacts").as_object();
    EXPECT_EQ(contacts.at("elder").at("phone"), "139****2222") << who;
    const auto& leaders = contacts.at("leaders").as_array();
    ASSERT_EQ(leaders.size(), 1u) << who;
    EXPECT_EQ(leaders[0].at("user_id").as_int64(), leader) << who;
    EXPECT_EQ(leaders[0].at("phone"), "139****1111") << who;
    const auto& family = contacts.at("family").as_array();
    ASSERT_EQ(family.size(), 2u) << who;
    EXPECT_EQ(family[0].at("name"), "李建国") << who;
    EXPECT_EQ(family[0].at("phone"), "139****7788") << who;
    EXPECT_EQ(family[1].at("phone"), "0533-****456") << who;
    // Not personal: the station's duty phone and the emergency number stay in full.
    EXPECT_EQ(contacts.at("station").at("station_phone"), "0533-6901234") << who;
    EXPECT_EQ(contacts.at("station").at("emergency_phone"), "120") << who;
    // No full number anywhere in the answer.
    for (const char* full : {"13905331111", "13905332222", "13905337788", "0533-6123456"})
      EXPECT_EQ(r.body.find(full), std::string::npos) << who << " " << full;
    // Masked: nothing revealed, nothing audited.
    EXPECT_EQ(reveals(), 0) << who;
  }

  // A handler (building leader: monitoring:alert:handle) sees the numbers in full, audited.
  auto r = signed_in("louzhang").get(path);
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = r.json();
  EXPECT_EQ(body.at("phones_masked"), false);
  const auto& contacts = body.at("contacts").as_object();
  EXPECT_EQ(contacts.at("elder").at("phone"), "13905332222");
  EXPECT_EQ(contacts.at("leaders").at(0).at("phone"), "13905331111");
  EXPECT_EQ(contacts.at("family").at(0).at("phone"), "13905337788");
  EXPECT_EQ(contacts.at("family").at(1).at("phone"), "0533-6123456");
  EXPECT_EQ(reveals(), 1);
}

TEST_P(Alerts, StatsFromFixedData) {
  // A fixed day in the past, so that nothing else falls into the range.
  auto day = ec::timeutil::parse_iso8601("2026-06-01T08:00:00+08:00", "t");
  ASSERT_TRUE(day);
  auto t0 = *day;
  auto gz_elder = db_->elder_in("官庄社区");
  auto ts_elder = db_->elder_in("台孙村");
  auto staff = db_->user("guanzhuang");
  using spec = seeder::alert_spec;
  // 官庄社区: critical answered in 10 s (resolved after 10 min), 30 s (20 min), 90 s (open),
  // one never answered; warning answered in 60 s, resolved after 2 min.
  auto add = [&](std::int64_t elder, spec s) { db_->alert(db_->device(elder), s); };
  add(gz_elder, spec{"sos", "critical", "resolved", t0, t0 + 10'000, t0 + 600'000, staff, staff,
                     "safe_on_visit"});
  add(gz_elder, spec{"fall", "critical", "resolved", t0, t0 + 30'000, t0 + 1'200'000, staff, staff,
                     "hospital"});
  add(gz_elder, spec{"sos", "critical", "acknowledged", t0, t0 + 90'000, std::nullopt, staff});
  add(gz_elder, spec{"smoke", "critical", "open", t0});
  add(gz_elder, spec{"no_motion", "warning", "resolved", t0, t0 + 60'000, t0 + 120'000, staff,
                     staff, "false_alarm"});
  // 台孙村: technical acknowledged in 5 s; a warning resolved in 40 s without acknowledging; a
  // technical one the system cleared.
  add(ts_elder, spec{"offline", "technical", "acknowledged", t0, t0 + 5'000, std::nullopt, staff});
  add(ts_elder, spec{"heart_rate", "warning", "resolved", t0, std::nullopt, t0 + 40'000,
                     std::nullopt, staff, "false_alarm"});
  add(ts_elder, spec{"low_battery", "technical", "resolved", t0, std::nullopt, t0 + 5'000,
                     std::nullopt, std::nullopt, "auto_cleared"});
  // The day before: outside the range.
  add(ts_elder, spec{"sos", "critical", "open", t0 - 86'400'000});

  auto admin = signed_in("admin");
  auto r = admin.get("/api/v1/alerts/stats?from=2026-06-01&to=2026-06-01");
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = r.json();
  EXPECT_EQ(s.at("from"), "2026-06-01T00:00:00+08:00");
  EXPECT_EQ(s.at("to"), "2026-06-02T00:00:00+08:00");
  const auto& list = s.at("communities").as_array();
  ASSERT_EQ(list.size(), 2u) << r.body;
  const auto& gz = list[0].at("community_name") == "官庄社区" ? list[0] : list[1];
  const auto& ts = list[0].at("community_name") == "官庄社区" ? list[1] : list[0];
  EXPECT_EQ(gz.at("alerts").as_int64(), 5);
  EXPECT_EQ(gz.at("acknowledged").as_int64(), 4);
  EXPECT_EQ(gz.at("resolved").as_int64(), 3);
  EXPECT_EQ(gz.at("acknowledged_within_60s").as_int64(), 3);
  EXPECT_DOUBLE_EQ(gz.at("ack_within_60s_share").as_double(), 0.6);
  EXPECT_DOUBLE_EQ(gz.at("ack_median_s").as_double(), 30.0);
  EXPECT_DOUBLE_EQ(gz.at("ack_p90_s").as_double(), 90.0);
  EXPECT_DOUBLE_EQ(gz.at("resolve_median_s").as_double(), 600.0);
  EXPECT_EQ(gz.at("critical").at("alerts").as_int64(), 4);
  EXPECT_DOUBLE_EQ(gz.at("critical").at("ack_within_60s_share").as_double(), 0.5);
  EXPECT_EQ(gz.at("technical").at("alerts").as_int64(), 0);
  EXPECT_TRUE(gz.at("technical").at("ack_median_s").is_null());
  EXPECT_EQ(ts.at("alerts").as_int64(), 3);
  EXPECT_EQ(ts.at("acknowledged").as_int64(), 2);
  EXPECT_EQ(ts.at("resolved").as_int64(), 1);
  EXPECT_DOUBLE_EQ(ts.at("ack_p90_s").as_double(), 40.0);
  EXPECT_EQ(s.at("total").at("alerts").as_int64(), 8);

  // Scope and filter: the community's staff see their own only; community_id narrows.
  auto own = signed_in("guanzhuang").get("/api/v1/alerts/stats?from=2026-06-01&to=2026-06-01");
  ASSERT_EQ(own.status, 200);
  ASSERT_EQ(own.json().at("communities").as_array().size(), 1u);
  EXPECT_EQ(own.json().at("total").at("alerts").as_int64(), 5);
  auto one = admin.get("/api/v1/alerts/stats?from=2026-05-31&to=2026-06-01&community_id=" +
                       std::to_string(db_->community("台孙村")));
  EXPECT_EQ(one.json().at("total").at("alerts").as_int64(), 4);
  EXPECT_EQ(admin.get("/api/v1/alerts/stats?from=2025-01-01&to=2026-06-01").status, 422);
  EXPECT_EQ(admin.get("/api/v1/alerts/stats?community_id=-1").status, 422);
}

TEST_P(Alerts, HandleBodiesAreStrict) {
  auto now = ec::timeutil::now_unix_ms();
  auto id = db_->alert(db_->device(db_->elder_in("官庄社区")), {"sos", "critical", "open", now});
  auto c = signed_in("guanzhuang");
  auto base = "/api/v1/alerts/" + std::to_string(id);
  struct bad_case {
    std::string path, body, field, code;
  };
  for (const auto& b : std::vector<bad_case>{
           {"/resolve", "{}", "outcome", "validation.required"},
           {"/resolve", R"({"outcome":"fixed"})", "outcome", "validation.enum"},
           {"/resolve", R"({"outcome":"other","note":")" + std::string(501, 'x') + "\"}", "note",
            "validation.too_long"},
           {"/acknowledge", R"({"version":0})", "version", "validation.range"},
           {"/acknowledge", R"({"nope":1})", "nope", "validation.unknown_field"},
           {"/acknowledge", R"({"note":5})", "note", "validation.type"},
       }) {
    auto r = c.request("POST", base + b.path, b.body);
    EXPECT_EQ(r.status, 422) << b.path << " " << b.body << " " << r.body;
    EXPECT_EQ(std::string(r.json().at("error").at("field").as_string()), b.field) << b.body;
    EXPECT_EQ(std::string(r.json().at("error").at("code").as_string()), b.code) << b.body;
  }
  auto malformed = c.request("POST", base + "/resolve", "not json");
  EXPECT_EQ(malformed.status, 422);
  EXPECT_EQ(malformed.json().at("error").at("code"), "request.malformed_json");
  // Needs monitoring:alert:handle (provider staff may only look) and the CSRF token.
  EXPECT_EQ(signed_in("provider").request("POST", base + "/acknowledge", "{}").status, 403);
  c.send_csrf = false;
  EXPECT_EQ(c.request("POST", base + "/acknowledge", "{}").status, 403);
}

TEST_P(Alerts, HandlingFollowsTheScopeTheListsUse) {
  // An alert raised in 官庄社区; then the elder moves to 台孙村. The alert stays where it was
  // raised: 官庄's staff see it in their list, open it and handle it; 台孙's staff see none of it.
  auto now = ec::timeutil::now_unix_ms();
  auto elder = db_->elder_in("官庄社区");
  auto id = db_->alert(db_->device(elder), {"sos", "critical", "open", now});
  auto tsc = db_->community("台孙村");
  db_->exec(
      "UPDATE elders SET org_unit_id = o.id, community_id = o.id, org_path = o.path FROM "
      "(SELECT id, path FROM org_units WHERE id = ?) o WHERE elders.id = ?",
      {tsc, elder});
  auto base = "/api/v1/alerts/" + std::to_string(id);
  auto taisun = signed_in("taisun");
  EXPECT_EQ(ids_of(taisun.get("/api/v1/alerts?state=all").json()), std::vector<std::int64_t>{});
  EXPECT_EQ(taisun.get(base).status, 404);
  EXPECT_EQ(taisun.request("POST", base + "/acknowledge", "{}").status, 404);

  auto gz = signed_in("guanzhuang");
  EXPECT_EQ(ids_of(gz.get("/api/v1/alerts?state=active").json()), std::vector<std::int64_t>{id});
  EXPECT_EQ(gz.get(base).status, 200);
  auto ack = gz.request("POST", base + "/acknowledge", "{}");
  EXPECT_EQ(ack.status, 200) << ack.body;
  auto res = gz.request("POST", base + "/resolve", R"({"outcome":"safe_on_visit"})");
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json().at("state"), "resolved");
}

TEST_P(Alerts, LiveFeedNeedsSessionAndSameOrigin) {
  auto admin = signed_in("admin");
  auto port = srv_->port();
  {
    ws_client ws;
    auto ec = ws.open(port, admin.cookie);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(ws.read(), R"({"type":"hello"})");
  }
  {  // Same origin as the Host the browser sent.
    ws_client ws;
    auto ec = ws.open(port, admin.cookie, "http://127.0.0.1:" + std::to_string(port));
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(ws.read(), R"({"type":"hello"})");
  }
  {
    ws_client ws;
    auto ec = ws.open(port, "");
    EXPECT_EQ(ec, websocket::error::upgrade_declined);
    EXPECT_EQ(ws.response().result_int(), 401);
  }
  {
    ws_client ws;
    auto ec = ws.open(port, admin.cookie, "https://evil.example");
    EXPECT_EQ(ec, websocket::error::upgrade_declined);
    EXPECT_EQ(ws.response().result_int(), 403);
    EXPECT_NE(ws.response().body().find("live.origin"), std::string::npos);
  }
  {
    ws_client ws;
    EXPECT_EQ(ws.open(port, admin.cookie, "null"), websocket::error::upgrade_declined);
    EXPECT_EQ(ws.response().result_int(), 403);
  }
  {  // The kitchen has no monitoring:alert:view.
    ws_client ws;
    EXPECT_EQ(ws.open(port, signed_in("kitchen").cookie), websocket::error::upgrade_declined);
    EXPECT_EQ(ws.response().result_int(), 403);
  }
  auto plain = admin.get("/api/v1/live");
  EXPECT_EQ(plain.status, 426);
  EXPECT_EQ(plain.json().at("error").at("code"), "live.upgrade_required");
}

TEST_P(Alerts, LiveFeedEndsWithTheSessionAndCounts) {
  auto admin = signed_in("admin");
  auto other = signed_in("admin");
  ws_client a, b;
  ASSERT_FALSE(a.open(srv_->port(), admin.cookie));
  ASSERT_FALSE(b.open(srv_->port(), other.cookie));
  EXPECT_EQ(a.read(), R"({"type":"hello"})");
  EXPECT_EQ(b.read(), R"({"type":"hello"})");
  a.send("hi");  // client frames are read and ignored
  auto metrics =
      it::send_raw(srv_->port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(metrics.body.find("eldercare_live_connections 2"), std::string::npos) << metrics.body;

  ASSERT_EQ(admin.request("POST", "/api/v1/auth/logout").status, 204);
  beast::error_code ec;
  EXPECT_FALSE(a.read(5s, ec));
  EXPECT_EQ(ec, websocket::error::closed) << ec.message();
  EXPECT_EQ(a.close_reason().code, 1008);
  // The other session stays open (a timed-out read leaves `b` unusable, so it comes last).
  EXPECT_FALSE(b.read(300ms, ec));
  EXPECT_EQ(ec, beast::error::timeout) << ec.message();

  // A frame over 4 KiB closes with 1009.
  ws_client c;
  ASSERT_FALSE(c.open(srv_->port(), other.cookie));
  EXPECT_EQ(c.read(), R"({"type":"hello"})");
  c.send(std::string(5000, 'x'));
  EXPECT_FALSE(c.read(5s, ec));
  EXPECT_EQ(ec, websocket::error::closed) << ec.message();
  EXPECT_EQ(c.close_reason().code, 1009);
}

TEST_P(Alerts, ShutdownClosesWebSocketsGracefully) {
  auto admin = signed_in("admin");
  ws_client ws;
  ASSERT_FALSE(ws.open(srv_->port(), admin.cookie));
  EXPECT_EQ(ws.read(), R"({"type":"hello"})");
  auto t0 = std::chrono::steady_clock::now();
  std::thread stopper([&] { EXPECT_EQ(srv_->stop(), 0); });
  beast::error_code ec;
  EXPECT_FALSE(ws.read(10s, ec));
  EXPECT_EQ(ec, websocket::error::closed) << ec.message();
  EXPECT_EQ(ws.close_reason().code, 1001);
  stopper.join();
  // Well within the shutdown grace (10 s): the socket did not hold the server up.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

// The whole path with the monitoring service: an SOS through HTTP ingest reaches the live feed
// of the users who may see the elder (and no one else), and acknowledging and resolving it
// through the API push the new state to the same sockets.
class LiveEndToEnd : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    first_ = it::start_server(120, GetParam());
    seeder db(*first_);
    elder_ = db.elder_in("官庄社区");
    auto now = ec::timeutil::now_unix_ms();
    db.exec(
        "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
        "token_hash, registered_at, bound_at, created_at, updated_at) SELECT ?, 'sos_pendant', "
        "e.id, e.org_unit_id, e.org_path, '卧室', ?, ?, ?, ?, ? FROM elders e WHERE e.id = ?",
        {std::string(k_serial), ec::crypto::sha256_hex(k_secret), now, now, now, now, elder_});
    // The service loads devices at start: serve the same database from a new node.
    first_->stop();
    srv_ = std::make_unique<it::server>(
        *first_, std::map<std::string, std::string>{{"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}});
  }
  void TearDown() override {
    srv_.reset();
    first_.reset();
  }
  client signed_in(const std::string& user) { return it::signed_in(*srv_, user); }
  // Reads frames until an alert message with `op` for `id` (other ops, e.g. escalated, pass).
  static std::optional<json::object> read_op(ws_client& ws, const std::string& op,
                                             std::int64_t id) {
    for (int i = 0; i < 10; ++i) {
      auto text = ws.read(5s);
      if (!text) return std::nullopt;
      auto m = json::parse(*text).as_object();
      if (m.at("type") == "alert" && m.at("op").as_string() == op &&
          m.at("alert").at("id").as_int64() == id)
        return m;
    }
    return std::nullopt;
  }
  static constexpr const char* k_serial = "TZ-LIVE-SOS-1";
  static constexpr const char* k_secret = "live-test-device-secret-0001";
  std::unique_ptr<it::server> first_, srv_;
  std::int64_t elder_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Backends, LiveEndToEnd, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(LiveEndToEnd, SosReachesTheBoardAndItsHandlingToo) {
  auto admin = signed_in("admin");
  auto staff = signed_in("guanzhuang");
  auto other = signed_in("taisun");
  ws_client ws_admin, ws_staff, ws_other;
  ASSERT_FALSE(ws_admin.open(srv_->port(), admin.cookie));
  ASSERT_FALSE(ws_staff.open(srv_->port(), staff.cookie));
  ASSERT_FALSE(ws_other.open(srv_->port(), other.cookie));
  for (auto* ws : {&ws_admin, &ws_staff, &ws_other}) EXPECT_EQ(ws->read(), R"({"type":"hello"})");

  client device(srv_->port());
  auto body =
      R"({"id":"live-1","type":"sos","time":)" + std::to_string(ec::timeutil::now_unix_ms()) + "}";
  auto r = device.request("POST", "/api/v1/ingest", body, "application/json",
                          {{"Authorization", std::string("Bearer ") + k_serial + ":" + k_secret}});
  ASSERT_EQ(r.status, 200) << r.body << srv_->log();
  auto id = r.json().at("items").at(0).at("alert_id").as_int64();

  auto raised = read_op(ws_staff, "raised", id);
  ASSERT_TRUE(raised) << srv_->log();
  const auto& a = raised->at("alert").as_object();
  EXPECT_EQ(a.at("kind"), "sos");
  EXPECT_EQ(a.at("state"), "open");
  EXPECT_EQ(a.at("elder").at("id").as_int64(), elder_);
  EXPECT_EQ(a.at("device").at("serial"), k_serial);
  ASSERT_TRUE(read_op(ws_admin, "raised", id));

  // The board's re-read agrees with the feed.
  auto board = staff.get("/api/v1/alerts?state=active").json();
  ASSERT_EQ(board.at("items").as_array().size(), 1u);
  EXPECT_EQ(board.at("items").at(0).at("id").as_int64(), id);

  // A stale version is refused; a plain acknowledge works and reaches the sockets.
  auto stale = staff.post("/api/v1/alerts/" + std::to_string(id) + "/acknowledge",
                          json::object{{"version", 999}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  auto ack = staff.request("POST", "/api/v1/alerts/" + std::to_string(id) + "/acknowledge", "");
  ASSERT_EQ(ack.status, 200) << ack.body;
  auto acked = ack.json();
  EXPECT_EQ(acked.at("state"), "acknowledged");
  EXPECT_EQ(acked.at("acknowledged_by").at("display_name"), "官庄社区 王丽");
  auto pushed = read_op(ws_admin, "acknowledged", id);
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->at("alert").at("version"), acked.at("version"));
  ASSERT_TRUE(read_op(ws_staff, "acknowledged", id));

  auto res = staff.post("/api/v1/alerts/" + std::to_string(id) + "/resolve",
                        json::object{{"outcome", "safe_on_visit"},
                                     {"note", "楼长上门，老人安全"},
                                     {"version", acked.at("version")}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json().at("state"), "resolved");
  EXPECT_EQ(res.json().at("outcome"), "safe_on_visit");
  ASSERT_TRUE(read_op(ws_admin, "resolved", id));
  EXPECT_TRUE(staff.get("/api/v1/alerts?state=active").json().at("items").as_array().empty());
  auto again = staff.post("/api/v1/alerts/" + std::to_string(id) + "/resolve",
                          json::object{{"outcome", "other"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json().at("error").at("code"), "alert.already_resolved");

  // The history shows who did what.
  auto detail = staff.get("/api/v1/alerts/" + std::to_string(id)).json();
  std::vector<std::string> actions;
  for (const auto& act : detail.at("actions").as_array())
    actions.emplace_back(act.at("action").as_string());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "acknowledged"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "resolved"), actions.end());

  // 台孙村's staff heard none of it (read last: a timed-out read ends that socket).
  beast::error_code ec;
  EXPECT_FALSE(ws_other.read(500ms, ec));
  EXPECT_EQ(ec, beast::error::timeout) << ec.message();
}

}  // namespace
