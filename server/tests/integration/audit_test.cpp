// Audit summaries in the reader's language (GET /api/v1/audit) against the real server, on
// every backend: each audited action stores its summary in English and in Chinese, `summary`
// follows Accept-Language, entries from before Chinese summaries (summary_zh NULL) still show
// their English text, and a walk through the audited flows leaves no entry without its Chinese
// text.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include "core/timeutil.hpp"
#include "db/db.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
using it::client;

using it::backend_name;

using it::str;

class Audit : public it::shared_server_test<Audit, 60> {
 protected:
  // The newest entries, as read with `accept_language`.
  json::array entries(client& c, const std::string& accept_language,
                      const std::string& filter = "") {
    auto r = c.request("GET", "/api/v1/audit?size=500" + filter, "", "application/json",
                       {{"Accept-Language", accept_language}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array();
  }
  // The newest entry with this action and entity (and entity id, unless empty).
  static std::optional<json::object> find(const json::array& items, const std::string& action,
                                          const std::string& entity,
                                          const std::string& entity_id = "") {
    for (const auto& e : items) {
      const auto& o = e.as_object();
      if (o.at("action") == action.c_str() && o.at("entity") == entity.c_str() &&
          (entity_id.empty() || o.at("entity_id") == entity_id.c_str()))
        return o;
    }
    return std::nullopt;
  }
  // Direct access to the server's database (seeding an alert, reading raw rows).
  std::unique_ptr<ec::db::database> database() {
    return ec::db::open({srv_->database_url(), 1, 5000});
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, Audit, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(Audit, SummaryFollowsTheReadersLanguage) {
  auto admin = signed_in("admin");
  client stranger(srv_->port());
  EXPECT_EQ(stranger.login("guanzhuang", "not-the-Password-9").status, 401);
  auto gz = it::unit_id(admin, "官庄社区");
  auto elder =
      admin.post("/api/v1/elders", json::object{{"name", "审计测试"},
                                                {"id_number", it::make_id(1945, 5, 6, 881)},
                                                {"living_status", "alone"},
                                                {"org_unit_id", gz}});
  ASSERT_EQ(elder.status, 201) << elder.body;
  auto eid = std::to_string(elder.json().at("id").as_int64());
  ASSERT_EQ(
      admin.post("/api/v1/elders/" + eid + "/reveal", json::object{{"field", "id_number"}}).status,
      200);
  auto building =
      admin.post("/api/v1/org-units",
                 json::object{{"parent_id", gz}, {"name", "审计楼"}, {"kind", "building"}});
  ASSERT_EQ(building.status, 201) << building.body;
  auto bid = std::to_string(building.json().at("id").as_int64());
  auto device = admin.post("/api/v1/devices", json::object{{"serial", "AZ-LANG-0001"},
                                                           {"type", "fall_detector"},
                                                           {"elder_id", std::stoll(eid)}});
  ASSERT_EQ(device.status, 201) << device.body;
  auto did = std::to_string(device.json().at("id").as_int64());

  struct expected {
    std::string action, entity, entity_id, en, zh;
  };
  std::string gz_user;
  auto users = admin.get("/api/v1/users?q=guanzhuang").json();  // alive while the loop reads it
  for (const auto& u : users.at("items").as_array())
    if (u.at("username") == "guanzhuang") gz_user = std::to_string(u.at("id").as_int64());
  ASSERT_FALSE(gz_user.empty());
  const std::vector<expected> want = {
      {"login", "session", "", "signed in", "登录"},
      {"login_failed", "user", gz_user, "wrong password for guanzhuang",
       "登录失败（guanzhuang 密码错误）"},
      {"create", "elder", eid, "registered 审计测试", "新增老人 审计测试"},
      {"reveal", "elder", eid, "revealed id_number of 审计测试", "查看 审计测试 的身份证号"},
      {"create", "org_unit", bid, "created 审计楼", "新增组织 审计楼"},
      {"create", "device", did, "registered device AZ-LANG-0001 for 审计测试",
       "登记设备 AZ-LANG-0001，绑定 审计测试"},
  };
  auto zh = entries(admin, "zh-CN,zh;q=0.9,en;q=0.8");
  auto en = entries(admin, "en-US,en;q=0.9");
  for (const auto& w : want) {
    auto z = find(zh, w.action, w.entity, w.entity_id);
    auto e = find(en, w.action, w.entity, w.entity_id);
    ASSERT_TRUE(z && e) << w.action << " " << w.entity;
    EXPECT_EQ(str(z->at("summary")), w.zh) << w.action << " " << w.entity;
    EXPECT_EQ(str(e->at("summary")), w.en) << w.action << " " << w.entity;
    // Both texts, as stored, whatever the language asked for.
    for (const auto* o : {&*z, &*e}) {
      EXPECT_EQ(str(o->at("summary_en")), w.en);
      EXPECT_EQ(str(o->at("summary_zh")), w.zh);
    }
  }

  // An entry written before Chinese summaries were stored shows its English text in both.
  {
    auto db = database();
    auto c = db->acquire();
    ASSERT_TRUE(c.ok()) << c.err().message;
    auto ins = (*c)->exec(
        "INSERT INTO audit_log (at, actor_name, ip, action, entity, entity_id, summary) "
        "VALUES (?, 'admin', '127.0.0.1', 'update', 'user', '990001', 'updated user old.entry')",
        {ec::timeutil::now_unix_ms()});
    ASSERT_TRUE(ins.ok()) << ins.err().message;
  }
  for (const auto& lang : {"zh-CN", "en"}) {
    auto old = find(entries(admin, lang, "&entity=user&entity_id=990001"), "update", "user");
    ASSERT_TRUE(old) << lang;
    EXPECT_EQ(str(old->at("summary")), "updated user old.entry") << lang;
    EXPECT_EQ(str(old->at("summary_en")), "updated user old.entry");
    EXPECT_TRUE(old->at("summary_zh").is_null());
  }
}

// Walks every flow that writes an audit entry (the API's, and the demo load and first run
// the harness did) and then checks every row of the log: a Chinese summary that is not the
// English one, and for each flow the Chinese text expected.
TEST_P(Audit, EveryAuditedFlowWritesItsChineseSummary) {
  auto admin = signed_in("admin");
  auto gz = it::unit_id(admin, "官庄社区");
  auto ts = it::unit_id(admin, "台孙村");
  std::vector<std::tuple<std::string, std::string, std::string>> want;  // action, entity, zh

  // Elders: create (with a contact), update, reveal each field, leave, export, import.
  auto created = admin.post(
      "/api/v1/elders",
      json::object{
          {"name", "走查老人"},
          {"id_number", it::make_id(1944, 4, 4, 883)},
          {"phone", "13805330001"},
          {"living_status", "alone"},
          {"org_unit_id", gz},
          {"contacts", json::array{json::object{
                           {"name", "李建国"}, {"relation", "son"}, {"phone", "13905337788"}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto eid = std::to_string(created.json().at("id").as_int64());
  auto cid = created.json().at("contacts").at(0).at("id").as_int64();
  auto upd = admin.put("/api/v1/elders/" + eid,
                       json::object{{"address", "官庄社区5号楼101"}, {"version", 1}});
  ASSERT_EQ(upd.status, 200) << upd.body;
  want.emplace_back("update", "elder", "修改老人 走查老人");
  for (const auto& body : {json::object{{"field", "phone"}},
                           json::object{{"field", "contact_phone"}, {"contact_id", cid}}}) {
    auto r = admin.post("/api/v1/elders/" + eid + "/reveal", body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  want.emplace_back("reveal", "elder", "查看 走查老人 的联系电话");
  want.emplace_back("reveal", "elder",
                    "查看 走查老人 的联系人电话（联系人 #" + std::to_string(cid) + "）");
  auto exported = admin.get("/api/v1/elders/export");
  ASSERT_EQ(exported.status, 200);
  auto sheet = std::string(
                   "\xEF\xBB\xBF姓名,身份证号,联系电话,居住状况,特殊类别,所属社区,楼栋/"
                   "网格,家庭住址,紧急联系人,联系人关系,联系人电话\r\n") +
               "孙德胜," + it::make_id(1946, 6, 6, 885) + ",,空巢,,官庄社区,,,,,\r\n";
  auto imported = admin.request("POST", "/api/v1/elders/import?dry_run=false&filename=s.csv", sheet,
                                "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  want.emplace_back("import", "elder", "导入老人 孙德胜");
  want.emplace_back("import", "elder", "批量导入老人档案 1 行");

  // Org units: create, rename, archive.
  auto b = admin.post("/api/v1/org-units",
                      json::object{{"parent_id", gz}, {"name", "走查楼"}, {"kind", "building"}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto bid = std::to_string(b.json().at("id").as_int64());
  ASSERT_EQ(
      admin.put("/api/v1/org-units/" + bid, json::object{{"name", "走查二楼"}, {"version", 1}})
          .status,
      200);
  ASSERT_EQ(
      admin.post("/api/v1/org-units/" + bid + "/archive", json::object{{"version", 2}}).status,
      204);
  want.emplace_back("update", "org_unit", "修改组织 走查楼");
  want.emplace_back("archive", "org_unit", "停用组织 走查二楼");

  // Users: create, change, the user's own password change and sign-out, reset, lock.
  auto nu = admin.post("/api/v1/users", json::object{{"username", "walk.user"},
                                                     {"display_name", "走查用户"},
                                                     {"role", "community_staff"},
                                                     {"org_unit_id", gz},
                                                     {"password", "first-Password-1"}});
  ASSERT_EQ(nu.status, 201) << nu.body;
  auto uid = std::to_string(nu.json().at("id").as_int64());
  want.emplace_back("create", "user", "新增用户 walk.user");
  ASSERT_EQ(admin.put("/api/v1/users/" + uid, json::object{{"display_name", "走查用户二"}}).status,
            200);
  want.emplace_back("update", "user", "修改用户 walk.user");
  client walker(srv_->port());
  ASSERT_EQ(walker.login("walk.user", "first-Password-1").status, 200);
  ASSERT_EQ(walker
                .post("/api/v1/me/password", json::object{{"old_password", "first-Password-1"},
                                                          {"new_password", "second-Password-2"}})
                .status,
            204);
  want.emplace_back("password_change", "user", "修改本人密码");
  ASSERT_EQ(walker.put("/api/v1/me/phone", json::object{{"phone", "13805339999"}}).status, 200);
  want.emplace_back("update", "user", "设置本人联系电话");
  ASSERT_EQ(walker.request("POST", "/api/v1/me/phone/confirm").status, 200);
  want.emplace_back("update", "user", "确认本人联系电话");
  ASSERT_EQ(walker.put("/api/v1/me/phone", json::object{{"phone", nullptr}}).status, 200);
  want.emplace_back("update", "user", "清除本人联系电话");
  ASSERT_EQ(walker.request("POST", "/api/v1/auth/logout").status, 204);
  want.emplace_back("logout", "session", "退出登录");
  ASSERT_EQ(admin.request("POST", "/api/v1/users/" + uid + "/reset-password").status, 200);
  want.emplace_back("password_reset", "user", "重置 walk.user 的密码");
  client stranger(srv_->port());
  EXPECT_EQ(stranger.login("no.such.user", "whatever-long").status, 401);
  want.emplace_back("login_failed", "session", "登录失败（用户名不存在：no.such.user）");
  for (int i = 0; i < 10; ++i)
    if (stranger.login("walk.user", "wrong-Password-" + std::to_string(i)).status == 429) break;
  want.emplace_back("account_locked", "user", "登录失败（walk.user 密码错误，账号已锁定）");

  // Devices: register in stock, edit, bind, unbind, new secret, retire; a file import.
  auto d = admin.post("/api/v1/devices",
                      json::object{{"serial", "AZ-WALK-0001"}, {"type", "door_sensor"}});
  ASSERT_EQ(d.status, 201) << d.body;
  auto did = std::to_string(d.json().at("id").as_int64());
  want.emplace_back("create", "device", "登记设备 AZ-WALK-0001（库存）");
  auto dv = [](const it::http_response& res) { return res.json().at("version").as_int64(); };
  auto r =
      admin.put("/api/v1/devices/" + did, json::object{{"location", "门口"}, {"version", dv(d)}});
  ASSERT_EQ(r.status, 200) << r.body;
  want.emplace_back("update", "device", "修改设备 AZ-WALK-0001");
  r = admin.post("/api/v1/devices/" + did + "/bind",
                 json::object{{"elder_id", std::stoll(eid)}, {"version", dv(r)}});
  ASSERT_EQ(r.status, 200) << r.body;
  want.emplace_back("bind", "device", "设备 AZ-WALK-0001 绑定 走查老人");

  // Alerts on the bound device: the detail (contact phones, audited), acknowledge, resolve.
  std::int64_t alert_id = 0;
  {
    auto db = database();
    auto c = db->acquire();
    ASSERT_TRUE(c.ok()) << c.err().message;
    auto now = ec::timeutil::now_unix_ms();
    auto a = (*c)->one(
        "INSERT INTO alerts (elder_id, device_id, community_id, org_path, kind, severity, state, "
        "event_id, raised_at, created_at, last_at, last_level_sent, next_due_at) "
        "SELECT e.id, d.id, e.community_id, e.org_path, 'fall', 'critical', 'open', 'walk-1', ?, "
        "?, ?, 1, ? FROM devices d JOIN elders e ON e.id = d.elder_id WHERE d.id = ? "
        "RETURNING id",
        {now, now, now, now + 600000, std::stoll(did)});
    ASSERT_TRUE(a.ok()) << a.err().message;
    alert_id = a->i64(0);
  }
  auto aid = std::to_string(alert_id);
  ASSERT_EQ(admin.get("/api/v1/alerts/" + aid).status, 200);
  want.emplace_back("reveal", "alert", "查看告警 #" + aid + " 的联系电话（走查老人）");
  ASSERT_EQ(admin.request("POST", "/api/v1/alerts/" + aid + "/acknowledge", "{}").status, 200);
  want.emplace_back("acknowledge", "alert", "接警：跌倒告警");
  ASSERT_EQ(
      admin.post("/api/v1/alerts/" + aid + "/resolve", json::object{{"outcome", "false_alarm"}})
          .status,
      200);
  want.emplace_back("resolve", "alert", "处置跌倒告警：误报");

  r = admin.get("/api/v1/devices/" + did);
  r = admin.post("/api/v1/devices/" + did + "/unbind", json::object{{"version", dv(r)}});
  ASSERT_EQ(r.status, 200) << r.body;
  want.emplace_back("unbind", "device", "设备 AZ-WALK-0001 与 走查老人 解绑");
  r = admin.request("POST", "/api/v1/devices/" + did + "/reset-secret");
  ASSERT_EQ(r.status, 200) << r.body;
  want.emplace_back("reset_secret", "device", "重置设备 AZ-WALK-0001 的密钥");
  r = admin.post("/api/v1/devices/" + did + "/retire",
                 json::object{{"reason", "外壳损坏"}, {"version", dv(r)}});
  ASSERT_EQ(r.status, 200) << r.body;
  want.emplace_back("retire", "device", "停用设备 AZ-WALK-0001：外壳损坏");
  auto csv = std::string("\xEF\xBB\xBF*序列号,类型\r\nAZ-WALK-0002,烟感\r\n");
  auto di =
      admin.request("POST", "/api/v1/devices/import?dry_run=false", csv, "text/csv; charset=utf-8");
  ASSERT_EQ(di.status, 201) << di.body;
  want.emplace_back("create", "device", "登记设备 AZ-WALK-0002（库存）（批量导入）");
  want.emplace_back("import", "device", "批量导入设备 1 台");

  // Monitoring settings: a type's thresholds, an elder's, plans set and removed.
  std::int64_t tv = -1;
  auto types = admin.get("/api/v1/monitoring/thresholds").json();
  for (const auto& e : types.at("items").as_array())
    if (e.at("device_type") == "heart_rate_band") tv = e.at("version").as_int64();
  ASSERT_GE(tv, 0);
  r = admin.put("/api/v1/monitoring/thresholds",
                json::object{{"device_type", "heart_rate_band"},
                             {"settings", json::object{{"hr_max", 125}}},
                             {"version", tv}});
  ASSERT_EQ(r.status, 200) << r.body;
  want.emplace_back("update", "threshold_settings", "修改心率手环的告警阈值");
  r = admin.put("/api/v1/elders/" + eid + "/thresholds",
                json::object{{"device_type", "heart_rate_band"},
                             {"settings", json::object{{"hr_min", 50}}},
                             {"version", 0}});
  ASSERT_EQ(r.status, 200) << r.body;
  want.emplace_back("update", "elder_thresholds", "修改 走查老人 的心率手环告警阈值");
  auto plan = json::object{
      {"delays_s", json::array{0, 60, 120, 300}}, {"emergency_phone", "120"}, {"version", 0}};
  auto ts_path = "/api/v1/monitoring/escalation-plans/" + std::to_string(ts);
  ASSERT_EQ(admin.put(ts_path, plan).status, 200);
  want.emplace_back("create", "escalation_plan", "修改 台孙村 的升级方案");
  ASSERT_EQ(admin.request("DELETE", ts_path).status, 204);
  want.emplace_back("delete", "escalation_plan", "删除 台孙村 的单独升级方案（改用街道默认方案）");
  auto def = admin.get("/api/v1/monitoring/escalation-plans").json().at("items").at(0);
  ASSERT_TRUE(def.at("community_id").is_null());
  plan["version"] = def.at("version").as_int64();
  ASSERT_EQ(admin.put("/api/v1/monitoring/escalation-plans/default", plan).status, 200);
  want.emplace_back(def.at("version").as_int64() == 0 ? "create" : "update", "escalation_plan",
                    "修改街道默认升级方案");

  // The command line.
  std::string out;
  ASSERT_EQ(
      srv_->run({"user", "add", "--username", "walk.cli", "--password", "Walk-Cli-pass-3"}, out), 0)
      << out;
  want.emplace_back("create", "user", "由命令 eldercare user add 创建");

  // Last, the elder leaves the registry (its alert is resolved and its device retired).
  auto cur = admin.get("/api/v1/elders/" + eid);
  ASSERT_EQ(cur.status, 200) << cur.body;
  auto left = admin.post("/api/v1/elders/" + eid + "/leave",
                         json::object{{"reason", "deceased"},
                                      {"date", "2026-01-05"},
                                      {"version", cur.json().at("version").as_int64()}});
  ASSERT_EQ(left.status, 200) << left.body;
  want.emplace_back("leave", "elder", "走查老人 离册：去世");

  // Every row of the log, first run and demo load included, has a Chinese summary of its own.
  {
    auto db = database();
    auto c = db->acquire();
    ASSERT_TRUE(c.ok()) << c.err().message;
    auto rows = (*c)->query(
        "SELECT id, action, entity, summary, summary_zh FROM audit_log WHERE entity_id <> "
        "'990001' ORDER BY id");
    ASSERT_TRUE(rows.ok()) << rows.err().message;
    std::set<std::string> actions;
    for (const auto& row : *rows) {
      std::string what = row.str(1) + " " + row.str(2) + ": " + row.str(3);
      ASSERT_FALSE(row.is_null(4)) << what;
      auto zh = row.str(4);
      EXPECT_NE(zh, row.str(3)) << what;
      EXPECT_TRUE(std::any_of(zh.begin(), zh.end(), [](char ch) { return ch & 0x80; }))
          << what << " → " << zh;
      for (const char* english : {"id_number", "contact_phone", "device", "alert", " of "})
        EXPECT_EQ(zh.find(english), std::string::npos) << what << " → " << zh;
      actions.insert(row.str(1));
    }
    for (const char* a :
         {"create",          "update",         "leave",        "reveal",         "import",
          "export",          "login",          "login_failed", "account_locked", "logout",
          "password_change", "password_reset", "demo",         "archive",        "bind",
          "unbind",          "retire",         "reset_secret", "acknowledge",    "resolve",
          "delete"})
      EXPECT_TRUE(actions.count(a)) << a;
  }
  auto zh = entries(admin, "zh-CN");
  for (const auto& [action, entity, text] : want) {
    bool found = false;
    for (const auto& e : zh)
      if (e.at("action") == action.c_str() && e.at("entity") == entity.c_str() &&
          e.at("summary") == text.c_str())
        found = true;
    EXPECT_TRUE(found) << action << " " << entity << " " << text;
  }
  auto demo = find(zh, "demo", "system");
  ASSERT_TRUE(demo);
  EXPECT_EQ(str(demo->at("summary")).rfind("载入演示数据：老人 60 人，设备 ", 0), 0u)
      << str(demo->at("summary"));
  auto export_entry = find(zh, "export", "elder");
  ASSERT_TRUE(export_entry);
  EXPECT_EQ(str(export_entry->at("summary")).rfind("导出老人 ", 0), 0u);
  EXPECT_NE(str(export_entry->at("summary")).find(" 人（已脱敏）"), std::string::npos);
}

}  // namespace
