// User administration (issue 9, defects 5 and 9):
// - it cannot escalate: a user manager below the sub-district may not reset the password of,
//   or edit, an account whose role they could not have granted, nor grant a role holding
//   permissions they lack; a user of another community is 404;
// - the live feed follows the user: changing a user's unit or role, deactivating them or
//   resetting their password closes their WebSockets, and a reconnect gets the new scope.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/crypto.hpp"
#include "core/timeutil.hpp"
#include "db/db.hpp"
#include "support/direct_db.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"
#include "support/ws_client.hpp"

namespace {

namespace json = boost::json;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using it::backend_name;
using it::client;
using it::ws_client;
using namespace std::chrono_literals;

// Direct access to the server's database, for what no API does (a deployment's role grants,
// devices) and to check that a refused request changed nothing.
using database = it::direct_db;

std::string error_code(const it::http_response& r) {
  auto body = r.json();
  return std::string(body.at("error").at("code").as_string());
}

class UserAdmin : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    srv_ = it::start_server(30, GetParam());
    db_ = std::make_unique<database>(*srv_);
  }
  client signed_in(const std::string& user, const std::string& password = "") {
    client c(srv_->port());
    auto r = c.login(user, password.empty() ? srv_->password() : password);
    EXPECT_EQ(r.status, 200) << user << " " << r.body;
    return c;
  }
  std::unique_ptr<it::server> srv_;
  std::unique_ptr<database> db_;
};

INSTANTIATE_TEST_SUITE_P(Backends, UserAdmin, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(UserAdmin, ManagersBelowTheSubDistrictCannotEscalate) {
  // A deployment lets community staff manage the users of their own community; the kitchen
  // role holds one permission that community staff lack.
  db_->exec(
      "INSERT INTO role_permissions (role_code, permission) VALUES "
      "('community_staff', 'system:user:view'), ('community_staff', 'system:user:edit'), "
      "('kitchen', 'monitoring:settings:edit')");
  auto gz = db_->unit("官庄社区");
  auto admin = signed_in("admin");
  auto make = [&](client& c, const std::string& name, const std::string& role) {
    return c.post("/api/v1/users", json::object{{"username", name},
                                                {"display_name", name},
                                                {"role", role},
                                                {"org_unit_id", gz},
                                                {"password", "Start-2026-pass"}});
  };
  // The sub-district admin puts a second admin and a kitchen user into the community.
  auto boss = make(admin, "gz.boss", "street_admin");
  ASSERT_EQ(boss.status, 201) << boss.body;
  auto boss_id = boss.json().at("id").as_int64();
  auto cook = make(admin, "gz.cook", "kitchen");
  ASSERT_EQ(cook.status, 201) << cook.body;
  auto cook_id = cook.json().at("id").as_int64();
  auto boss_url = "/api/v1/users/" + std::to_string(boss_id);
  auto cook_url = "/api/v1/users/" + std::to_string(cook_id);

  auto boss_version = db_->scalar("SELECT version FROM users WHERE id = ?", {boss_id});
  auto target_audits = [&] {
    return db_->scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND entity_id IN (?, ?)",
        {std::to_string(boss_id), std::to_string(cook_id)});
  };
  auto audits = target_audits();
  auto staff = signed_in("guanzhuang");
  // The roles list says what the caller may grant.
  {
    auto roles = staff.get("/api/v1/roles");
    ASSERT_EQ(roles.status, 200) << roles.body;
    auto body = roles.json();
    std::map<std::string, bool> grantable;
    for (const auto& ro : body.at("items").as_array())
      grantable[std::string(ro.at("code").as_string())] = ro.at("grantable").as_bool();
    EXPECT_FALSE(grantable.at("street_admin"));
    EXPECT_FALSE(grantable.at("auditor"));
    EXPECT_FALSE(grantable.at("kitchen"));
    EXPECT_TRUE(grantable.at("volunteer"));
    EXPECT_TRUE(grantable.at("community_staff"));
  }
  // Taking over the admin account by a password reset: refused, nothing changed.
  auto reset = staff.post(boss_url + "/reset-password", json::object{});
  EXPECT_EQ(reset.status, 403) << reset.body;
  EXPECT_EQ(error_code(reset), "user.role_not_grantable");
  EXPECT_EQ(db_->scalar("SELECT version FROM users WHERE id = ?", {boss_id}), boss_version);
  // Editing it without touching the role (its name, deactivating it, its phone): refused.
  for (const auto& body : {json::object{{"display_name", "x"}}, json::object{{"active", false}},
                           json::object{{"phone", "13905330000"}}}) {
    auto put = staff.put(boss_url, body);
    EXPECT_EQ(put.status, 403) << put.body;
    EXPECT_EQ(error_code(put), "user.role_not_grantable");
  }
  EXPECT_EQ(db_->scalar("SELECT version FROM users WHERE id = ?", {boss_id}), boss_version);
  // Granting a role that sees the whole sub-district, or holds more permissions: refused.
  EXPECT_EQ(make(staff, "gz.admin2", "street_admin").status, 403);
  EXPECT_EQ(make(staff, "gz.auditor", "auditor").status, 403);
  auto cook2 = make(staff, "gz.cook2", "kitchen");
  EXPECT_EQ(cook2.status, 403) << cook2.body;
  EXPECT_EQ(error_code(cook2), "user.role_not_grantable");
  // The holder of such a role: not manageable, not even by demoting them.
  EXPECT_EQ(staff.post(cook_url + "/reset-password", json::object{}).status, 403);
  EXPECT_EQ(staff.put(cook_url, json::object{{"role", "volunteer"}}).status, 403);
  EXPECT_EQ(staff.put(cook_url, json::object{{"display_name", "厨师"}}).status, 403);
  // Nor may a volunteer they manage be promoted into it.
  auto vol = make(staff, "gz.helper", "volunteer");
  ASSERT_EQ(vol.status, 201) << vol.body;
  auto vol_id = vol.json().at("id").as_int64();
  auto vol_url = "/api/v1/users/" + std::to_string(vol_id);
  EXPECT_EQ(staff.put(vol_url, json::object{{"role", "kitchen"}}).status, 403);
  EXPECT_EQ(staff.put(vol_url, json::object{{"role", "street_admin"}}).status, 403);
  EXPECT_EQ(db_->scalar("SELECT COUNT(*) FROM users WHERE username IN ('gz.cook2', 'gz.admin2', "
                        "'gz.auditor')"),
            0);
  EXPECT_EQ(
      db_->scalar("SELECT COUNT(*) FROM users WHERE id = ? AND role_code = 'volunteer'", {vol_id}),
      1);
  // Nothing was written about the accounts they tried to take over.
  EXPECT_EQ(target_audits(), audits);

  // Another community's users do not exist for them: 404, not 403.
  auto ts_user = db_->user("taisun");
  auto ts_url = "/api/v1/users/" + std::to_string(ts_user);
  EXPECT_EQ(staff.get(ts_url).status, 404);
  EXPECT_EQ(staff.put(ts_url, json::object{{"display_name", "x"}}).status, 404);
  EXPECT_EQ(staff.post(ts_url + "/reset-password", json::object{}).status, 404);
  // Nor may they place a user there.
  auto ts_unit = db_->unit("台孙村");
  EXPECT_EQ(staff.put(vol_url, json::object{{"org_unit_id", ts_unit}}).status, 422);

  // What they may grant, they may still manage.
  auto ok = staff.put(vol_url, json::object{{"display_name", "网格员 小李"}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto promoted = staff.put(vol_url, json::object{{"role", "field_worker"}});
  EXPECT_EQ(promoted.status, 200) << promoted.body;
  auto temp = staff.post(vol_url + "/reset-password", json::object{});
  ASSERT_EQ(temp.status, 200) << temp.body;
  // And the sub-district admin, who holds every permission, manages everyone.
  EXPECT_EQ(admin.post(boss_url + "/reset-password", json::object{}).status, 200);
  EXPECT_EQ(admin.put(cook_url, json::object{{"display_name", "厨师"}}).status, 200);
  auto admin_roles = admin.get("/api/v1/roles").json();
  for (const auto& ro : admin_roles.at("items").as_array())
    EXPECT_TRUE(ro.at("grantable").as_bool()) << ro.at("code");
}

// Without system:user:edit nothing changes at all: the auditor may read users only.
TEST_P(UserAdmin, ReadersCannotWrite) {
  auto auditor = signed_in("auditor");
  auto vol = db_->user("louzhang");
  auto put = auditor.put("/api/v1/users/" + std::to_string(vol), json::object{{"active", false}});
  EXPECT_EQ(put.status, 403);
  EXPECT_EQ(error_code(put), "auth.forbidden");
  auto roles = auditor.get("/api/v1/roles").json();
  for (const auto& ro : roles.at("items").as_array())
    EXPECT_FALSE(ro.at("grantable").as_bool()) << ro.at("code");
}

// The live feed follows changes to its user. One SOS pendant in 官庄社区; the server is
// restarted on the same database so that the monitoring service loads it.
class LiveFollowsUser : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    first_ = std::make_unique<it::server>(
        60, std::map<std::string, std::string>{{"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}}, GetParam());
    {
      database db(*first_);
      auto elder =
          db.scalar("SELECT MIN(id) FROM elders WHERE community_id = ? AND status = 'active'",
                    {db.unit("官庄社区")});
      auto now = ec::timeutil::now_unix_ms();
      db.exec(
          "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
          "token_hash, registered_at, bound_at, created_at, updated_at) SELECT ?, 'sos_pendant', "
          "e.id, e.org_unit_id, e.org_path, '卧室', ?, ?, ?, ?, ? FROM elders e WHERE e.id = ?",
          {std::string(k_serial), ec::crypto::sha256_hex(k_secret), now, now, now, now, elder});
    }
    first_->stop();
    srv_ = std::make_unique<it::server>(
        *first_, std::map<std::string, std::string>{{"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}});
    db_ = std::make_unique<database>(*srv_);
  }
  void TearDown() override {
    db_.reset();
    srv_.reset();
    first_.reset();
  }
  client signed_in(const std::string& user) { return it::signed_in(*srv_, user); }
  // Opens the live feed as `c` and reads the hello.
  void open(ws_client& ws, const client& c) {
    ASSERT_FALSE(ws.open(srv_->port(), c.cookie));
    ASSERT_EQ(ws.read(), R"({"type":"hello"})");
  }
  // The socket is closed by the server with 1008.
  static void expect_closed(ws_client& ws) {
    beast::error_code ec;
    EXPECT_FALSE(ws.read(5s, ec));
    EXPECT_EQ(ec, websocket::error::closed) << ec.message();
    EXPECT_EQ(ws.close_reason().code, 1008);
  }
  // Sends an SOS from the pendant; returns the alert id.
  std::int64_t sos(const std::string& event_id) {
    client device(srv_->port());
    auto body = R"({"id":")" + event_id + R"(","type":"sos","time":)" +
                std::to_string(ec::timeutil::now_unix_ms()) + "}";
    auto r =
        device.request("POST", "/api/v1/ingest", body, "application/json",
                       {{"Authorization", std::string("Bearer ") + k_serial + ":" + k_secret}});
    EXPECT_EQ(r.status, 200) << r.body;
    auto out = r.json();
    return out.at("items").at(0).at("alert_id").as_int64();
  }
  // Whether a "raised" message for alert `id` arrives within `limit` (a timeout ends the
  // socket, so call it last on a socket).
  static bool hears(ws_client& ws, std::int64_t id, std::chrono::milliseconds limit) {
    for (int i = 0; i < 10; ++i) {
      auto text = ws.read(limit);
      if (!text) return false;
      auto m = json::parse(*text);
      const auto& o = m.as_object();
      if (o.at("type") == "alert" && o.at("op") == "raised" &&
          o.at("alert").at("id").as_int64() == id)
        return true;
    }
    return false;
  }
  static constexpr const char* k_serial = "TZ-LIVE-USER-1";
  static constexpr const char* k_secret = "live-user-device-secret-0001";
  std::unique_ptr<it::server> first_, srv_;
  std::unique_ptr<database> db_;
};

INSTANTIATE_TEST_SUITE_P(Backends, LiveFollowsUser, ::testing::ValuesIn(it::backends()),
                         backend_name);

TEST_P(LiveFollowsUser, UnitChangeClosesTheSocketAndTheReconnectSeesTheNewScope) {
  auto admin = signed_in("admin");
  auto gz_staff = signed_in("guanzhuang");  // 官庄社区, moves to 台孙村
  auto ts_staff = signed_in("taisun");      // 台孙村, moves to 官庄社区
  ws_client gz_old, ts_old, untouched;
  open(gz_old, gz_staff);
  open(ts_old, ts_staff);
  open(untouched, admin);

  auto gz = db_->unit("官庄社区"), ts = db_->unit("台孙村");
  auto move = [&](const std::string& username, std::int64_t unit) {
    auto r = admin.put("/api/v1/users/" + std::to_string(db_->user(username)),
                       json::object{{"org_unit_id", unit}});
    EXPECT_EQ(r.status, 200) << r.body;
  };
  move("guanzhuang", ts);
  expect_closed(gz_old);
  move("taisun", gz);
  expect_closed(ts_old);

  // Same sessions, new scope.
  ws_client gz_new, ts_new;
  open(gz_new, gz_staff);
  open(ts_new, ts_staff);
  auto id = sos("user-move-1");
  EXPECT_TRUE(hears(untouched, id, 5s));  // the admin's socket was not touched
  EXPECT_TRUE(hears(ts_new, id, 5s)) << srv_->log();
  EXPECT_FALSE(hears(gz_new, id, 1s));  // 官庄's alert is no longer theirs
  // The lists agree with the feed.
  EXPECT_EQ(ts_staff.get("/api/v1/alerts/" + std::to_string(id)).status, 200);
  EXPECT_EQ(gz_staff.get("/api/v1/alerts/" + std::to_string(id)).status, 404);
}

TEST_P(LiveFollowsUser, DeactivationRoleChangeAndPasswordResetCloseTheSockets) {
  auto admin = signed_in("admin");
  auto leader = signed_in("louzhang");
  auto staff = signed_in("guanzhuang");
  auto family = signed_in("family");
  ws_client w_leader, w_staff, w_family, w_admin;
  open(w_leader, leader);
  open(w_staff, staff);
  open(w_family, family);
  open(w_admin, admin);

  auto url = [&](const std::string& u) { return "/api/v1/users/" + std::to_string(db_->user(u)); };
  // Deactivated: closed, and no way back in.
  ASSERT_EQ(admin.put(url("louzhang"), json::object{{"active", false}}).status, 200);
  expect_closed(w_leader);
  ws_client again;
  EXPECT_EQ(again.open(srv_->port(), leader.cookie), websocket::error::upgrade_declined);
  EXPECT_EQ(again.response().result_int(), 401);
  // A new role: closed; the reconnect carries the new role's rights (the kitchen has no
  // monitoring:alert:view, so it is refused).
  ASSERT_EQ(admin.put(url("guanzhuang"), json::object{{"role", "kitchen"}}).status, 200);
  expect_closed(w_staff);
  ws_client as_kitchen;
  EXPECT_EQ(as_kitchen.open(srv_->port(), staff.cookie), websocket::error::upgrade_declined);
  EXPECT_EQ(as_kitchen.response().result_int(), 403);
  // A password reset: closed (the session is revoked).
  ASSERT_EQ(admin.post(url("family") + "/reset-password", json::object{}).status, 200);
  expect_closed(w_family);
  // A change that does not touch what the user sees keeps the socket: the admin's own name.
  ASSERT_EQ(admin.put(url("admin"), json::object{{"display_name", "街道管理员"}}).status, 200);
  beast::error_code ec;
  EXPECT_FALSE(w_admin.read(500ms, ec));
  EXPECT_EQ(ec, beast::error::timeout) << ec.message();
}

TEST_P(LiveFollowsUser, OwnPasswordChangeClosesTheOtherSessionsSockets) {
  auto here = signed_in("taisun");
  auto elsewhere = signed_in("taisun");
  ws_client w_here, w_elsewhere;
  open(w_here, here);
  open(w_elsewhere, elsewhere);
  auto r = here.post("/api/v1/me/password", json::object{{"old_password", srv_->password()},
                                                         {"new_password", "a-New-Password-2026"}});
  ASSERT_EQ(r.status, 204) << r.body;
  expect_closed(w_elsewhere);
  beast::error_code ec;
  EXPECT_FALSE(w_here.read(500ms, ec));
  EXPECT_EQ(ec, beast::error::timeout) << ec.message();
}

}  // namespace
