// The health panel's endpoint against the real server (docs/MONITORING.md "Health"): the
// permission, the data scope of the device counts (and the devices list they link to), a
// webhook pointed at a closed loopback port (degraded with webhook.failing, on the endpoint
// and pushed on the live feed), an escalation level nobody sent (down), and a broker that is
// configured but unreachable (broker.reconnecting, then broker.disconnected: down).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
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
namespace fs = std::filesystem;
using it::client;
using namespace std::chrono_literals;

using it::backend_name;

using it::closed_port;

// Seeds devices, alerts and notifications straight into the server's database.
class seeder : public it::direct_db {
 public:
  using direct_db::direct_db;

  std::int64_t elder_in(const std::string& community) {
    return scalar(
        "SELECT MIN(e.id) FROM elders e JOIN org_units o ON o.id = e.community_id WHERE o.name = "
        "? AND e.status = 'active'",
        {community});
  }
  std::int64_t device(std::int64_t elder_id, const std::string& serial) {
    auto now = ec::timeutil::now_unix_ms();
    return scalar(
        "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
        "token_hash, registered_at, bound_at, created_at, updated_at) "
        "SELECT ?, 'sos_pendant', e.id, e.org_unit_id, e.org_path, '卧室', 'x', ?, ?, ?, ? "
        "FROM elders e WHERE e.id = ? RETURNING id",
        {serial, now, now, now, now, elder_id});
  }
  // An alert of `kind` on the device; `state` open with `next_due_at`, or acknowledged.
  std::int64_t alert(std::int64_t device_id, const std::string& kind, const std::string& severity,
                     const std::string& state, std::optional<std::int64_t> next_due_at) {
    auto now = ec::timeutil::now_unix_ms();
    return scalar(
        "INSERT INTO alerts (elder_id, device_id, community_id, org_path, kind, severity, state, "
        "event_id, raised_at, created_at, last_at, last_level_sent, next_due_at) "
        "SELECT e.id, d.id, e.community_id, e.org_path, ?, ?, ?, '', ?, ?, ?, 1, ? "
        "FROM devices d JOIN elders e ON e.id = d.elder_id WHERE d.id = ? RETURNING id",
        {kind, severity, state, now - 1000, now, now, ec::db::opt(next_due_at), device_id});
  }
  std::int64_t pending_webhook(std::int64_t alert_id) {
    auto now = ec::timeutil::now_unix_ms();
    return scalar(
        "INSERT INTO notifications (alert_id, level, channel, target, payload, status, "
        "created_at, next_attempt_at) VALUES (?, 2, 'webhook', 'http://127.0.0.1/hook', "
        "'{\"level\":2}', 'pending', ?, ?) RETURNING id",
        {alert_id, now, now});
  }
};

using it::ws_client;

bool has_problem(const json::value& h, const std::string& code) {
  for (const auto& p : h.at("problems").as_array())
    if (p.at("code").as_string() == code) return true;
  return false;
}

class Health : public ::testing::TestWithParam<std::string> {
 protected:
  void start(std::map<std::string, std::string> env) {
    env["ELDERCARE_LOGIN_IP_PER_MIN"] = "1000";
    srv_ = std::make_unique<it::server>(60, env, GetParam());
  }
  client signed_in(const std::string& user) { return it::signed_in(*srv_, user); }
  // GET the health until `pred` holds or `limit` passes; returns the last answer.
  json::value poll(client& c, const std::function<bool(const json::value&)>& pred,
                   std::chrono::milliseconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    json::value h;
    for (;;) {
      auto r = c.get("/api/v1/monitoring/health");
      EXPECT_EQ(r.status, 200) << r.body;
      h = r.json();
      if (pred(h) || std::chrono::steady_clock::now() > until) return h;
      std::this_thread::sleep_for(200ms);
    }
  }
  std::unique_ptr<it::server> srv_;
};

INSTANTIATE_TEST_SUITE_P(Backends, Health, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(Health, PermissionAndScopeOfTheDeviceCounts) {
  start({});
  seeder db(*srv_);
  auto gz = db.device(db.elder_in("官庄社区"), "TZ-H-GZ-1");
  auto gz2 = db.device(db.elder_in("官庄社区"), "TZ-H-GZ-2");
  auto ts = db.device(db.elder_in("台孙村"), "TZ-H-TS-1");
  db.alert(gz, "offline", "technical", "open", std::nullopt);
  db.alert(gz2, "low_battery", "technical", "acknowledged", std::nullopt);
  db.alert(ts, "offline", "technical", "open", std::nullopt);

  // The kitchen has no monitoring:alert:view; nobody signed in gets 401.
  EXPECT_EQ(signed_in("kitchen").get("/api/v1/monitoring/health").status, 403);
  EXPECT_EQ(client(srv_->port()).get("/api/v1/monitoring/health").status, 401);

  auto admin = signed_in("admin");
  auto h = admin.get("/api/v1/monitoring/health");
  ASSERT_EQ(h.status, 200) << h.body;
  auto a = h.json();
  EXPECT_EQ(a.at("status"), "ok") << h.body;
  EXPECT_TRUE(a.at("problems").as_array().empty());
  EXPECT_EQ(a.at("monitoring").at("running"), true);
  EXPECT_EQ(a.at("broker").at("configured"), false);
  EXPECT_EQ(a.at("webhook").at("configured"), false);
  EXPECT_TRUE(std::string(a.at("checked_at").as_string()).ends_with("+08:00"));
  EXPECT_EQ(a.at("devices").at("offline"), 2);
  EXPECT_EQ(a.at("devices").at("low_battery"), 1);
  auto all_active = a.at("devices").at("active").as_int64();
  EXPECT_GE(all_active, 3);

  auto staff = signed_in("guanzhuang");
  auto s = staff.get("/api/v1/monitoring/health").json();
  EXPECT_EQ(s.at("devices").at("offline"), 1);
  EXPECT_EQ(s.at("devices").at("low_battery"), 1);
  EXPECT_LT(s.at("devices").at("active").as_int64(), all_active);
  auto t = signed_in("taisun").get("/api/v1/monitoring/health").json();
  EXPECT_EQ(t.at("devices").at("offline"), 1);
  EXPECT_EQ(t.at("devices").at("low_battery"), 0);

  // The strip links to the devices list filtered the same way.
  auto list = staff.get("/api/v1/devices?alert=offline");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().at("total"), 1);
  EXPECT_EQ(list.json().at("items").at(0).at("serial"), "TZ-H-GZ-1");
  EXPECT_EQ(admin.get("/api/v1/devices?alert=offline").json().at("total"), 2);
  auto bad = staff.get("/api/v1/devices?alert=asleep");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("\"alert\""), std::string::npos) << bad.body;

  // English messages on request (none here; the field is there and the status the same).
  auto en = admin.request("GET", "/api/v1/monitoring/health", "", "application/json",
                          {{"Accept-Language", "en"}});
  EXPECT_EQ(en.json().at("status"), "ok");
}

TEST_P(Health, WebhookFailuresMakeItDegradedAndReachTheLiveFeed) {
  start({{"ELDERCARE_WEBHOOK_URL", "http://127.0.0.1:" + std::to_string(closed_port()) + "/sms"},
         {"ELDERCARE_WEBHOOK_TIMEOUT_MS", "500"},
         {"ELDERCARE_WEBHOOK_MAX_ATTEMPTS", "2"}});
  auto admin = signed_in("admin");
  auto before = admin.get("/api/v1/monitoring/health").json();
  EXPECT_EQ(before.at("status"), "ok");
  EXPECT_EQ(before.at("webhook").at("configured"), true);
  EXPECT_EQ(before.at("webhook").at("pending"), 0);

  ws_client ws;
  ASSERT_FALSE(ws.open(srv_->port(), admin.cookie));
  EXPECT_EQ(ws.read(5s), R"({"type":"hello"})");

  // A notification for the SMS gateway, due now (the notifier looks at least every 5 s).
  seeder db(*srv_);
  auto dev = db.device(db.elder_in("官庄社区"), "TZ-H-WH-1");
  auto alert = db.alert(dev, "sos", "critical", "acknowledged", std::nullopt);
  db.pending_webhook(alert);

  auto h = poll(
      admin, [](const json::value& v) { return has_problem(v, "webhook.failing"); }, 20s);
  ASSERT_TRUE(has_problem(h, "webhook.failing")) << json::serialize(h) << srv_->log();
  EXPECT_EQ(h.at("status"), "degraded");
  const auto& wh = h.at("webhook");
  EXPECT_GE(wh.at("failing_streak").as_int64(), 1);
  EXPECT_GE(wh.at("failed_last_hour").as_int64(), 1);
  EXPECT_FALSE(wh.at("last_error").as_string().empty());
  EXPECT_TRUE(wh.at("last_error_at").is_string());
  // What to do, in the caller's language (the harness sends Accept-Language: en).
  auto message = [](const json::value& v) {
    for (const auto& p : v.at("problems").as_array())
      if (p.at("code") == "webhook.failing") return std::string(p.at("message").as_string());
    return std::string();
  };
  EXPECT_NE(message(h).find("Phone them"), std::string::npos) << message(h);
  auto zh = admin.request("GET", "/api/v1/monitoring/health", "", "application/json",
                          {{"Accept-Language", "zh-CN"}});
  EXPECT_NE(message(zh.json()).find("短信/语音网关连续失败"), std::string::npos) << zh.body;
  EXPECT_NE(message(zh.json()).find("请电话通知"), std::string::npos) << zh.body;

  // The board heard it without asking: a {"type":"health"} message on the live feed.
  std::optional<json::object> pushed;
  for (int i = 0; i < 10 && !pushed; ++i) {
    auto text = ws.read(10s);
    if (!text) break;
    auto m = json::parse(*text).as_object();
    if (m.at("type") == "health" && m.at("status") == "degraded") pushed = m;
  }
  ASSERT_TRUE(pushed) << srv_->log();
  EXPECT_TRUE(has_problem(*pushed, "webhook.failing"));
  EXPECT_FALSE(pushed->contains("devices"));  // they depend on the user

  // With two attempts allowed the row is given up: that shows too, for the hour.
  h = poll(
      admin, [](const json::value& v) { return has_problem(v, "webhook.gave_up"); }, 15s);
  EXPECT_TRUE(has_problem(h, "webhook.gave_up")) << json::serialize(h);
  EXPECT_EQ(h.at("webhook").at("gave_up_last_hour"), 1);
  EXPECT_EQ(h.at("webhook").at("pending"), 0);
}

TEST_P(Health, AnEscalationNobodySentIsDown) {
  start({});
  seeder db(*srv_);
  auto dev = db.device(db.elder_in("台孙村"), "TZ-H-ES-1");
  // Written behind the running service's back, so no timer is armed for it: level 2 is late.
  db.alert(dev, "fall", "critical", "open", ec::timeutil::now_unix_ms() - 120'000);
  auto admin = signed_in("admin");
  auto h = admin.get("/api/v1/monitoring/health").json();
  EXPECT_EQ(h.at("status"), "down") << json::serialize(h);
  EXPECT_TRUE(has_problem(h, "escalation.overdue"));
  EXPECT_EQ(h.at("escalation").at("overdue"), 1);
}

TEST_P(Health, UnreachableBrokerIsAProblem) {
  auto dir = fs::temp_directory_path() / ("ec-health-" + ec::crypto::random_token(6));
  fs::create_directories(dir);
  std::ofstream(dir / "service") << "eldercare-service:not-a-real-password\n";
  start({{"ELDERCARE_MQTT_URL", "mqtt://127.0.0.1:" + std::to_string(closed_port())},
         {"ELDERCARE_MQTT_CREDENTIALS", dir.string()},
         {"ELDERCARE_MQTT_CLIENT_ID", "eldercare-health-" + ec::crypto::random_token(6)}});
  auto admin = signed_in("admin");
  auto h = admin.get("/api/v1/monitoring/health").json();
  const auto& b = h.at("broker");
  EXPECT_EQ(b.at("configured"), true);
  EXPECT_EQ(b.at("connected"), false);
  EXPECT_EQ(b.at("connected_since"), nullptr);
  EXPECT_TRUE(b.at("disconnected_since").is_string());
  EXPECT_NE(h.at("status"), "ok");
  EXPECT_TRUE(has_problem(h, "broker.reconnecting") || has_problem(h, "broker.disconnected"))
      << json::serialize(h);
  // After the grace it is down: no SOS from an MQTT device can arrive.
  h = poll(
      admin, [](const json::value& v) { return has_problem(v, "broker.disconnected"); }, 25s);
  EXPECT_TRUE(has_problem(h, "broker.disconnected")) << json::serialize(h);
  EXPECT_EQ(h.at("status"), "down");
  srv_.reset();
  fs::remove_all(dir);
}

}  // namespace
