// HTTP ingest end to end against the real server: device authentication, dedupe by event id,
// one open alert per device and kind, rejected input in the dead-letter table and /metrics,
// escalation level 1 at once, and everything still true after a restart.
//
// Runs on SQLite and, with ELDERCARE_TEST_PG_URL, on PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "core/crypto.hpp"
#include "core/timeutil.hpp"
#include "db/db.hpp"
#include "net/test_http_server.hpp"
#include "support/harness.hpp"
#include "support/suite.hpp"

namespace {

namespace json = boost::json;
using it::client;

constexpr const char* k_serial = "TZ-TEST-SOS-1";
constexpr const char* k_secret = "s3cret-for-the-test-device-0001";

using it::backend_name;

class Ingest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    first_ = std::make_unique<it::server>(100, std::map<std::string, std::string>{}, GetParam());
    db_ = ec::db::open({first_->database_url(), 2, 5000});
    auto c = db_->acquire();
    ASSERT_TRUE(c);
    auto elder = (*c)->one(
        "SELECT e.id, e.org_path, e.org_unit_id FROM elders e JOIN org_units o ON o.id = "
        "e.community_id WHERE o.name = '官庄社区' AND e.status = 'active' ORDER BY e.id LIMIT 1");
    ASSERT_TRUE(elder) << elder.err().message;
    elder_id_ = elder->i64(0);
    auto now = ec::timeutil::now_unix_ms();
    auto d = (*c)->query(
        "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
        "token_hash, registered_at, bound_at, created_at, updated_at) VALUES (?, 'sos_pendant', "
        "?, ?, ?, '卧室', ?, ?, ?, ?, ?) RETURNING id",
        {std::string(k_serial), elder_id_, elder->i64(2), elder->str(1),
         ec::crypto::sha256_hex(k_secret), now, now, now, now});
    ASSERT_TRUE(d) << d.err().message;
    device_id_ = d->front().i64(0);
    // The monitoring service loads devices at start: serve the database from a new node.
    first_->stop();
    srv_ = std::make_unique<it::server>(*first_, std::map<std::string, std::string>{});
  }
  void TearDown() override {
    srv_.reset();
    db_.reset();
    first_.reset();
  }

  it::http_response ingest(const std::string& body, const std::string& token) {
    client c(srv_->port());
    return c.request("POST", "/api/v1/ingest", body, "application/json",
                     {{"Authorization", "Bearer " + token}});
  }
  static std::string token() { return std::string(k_serial) + ":" + k_secret; }
  static std::string event(const std::string& id, const std::string& type,
                           std::int64_t at = ec::timeutil::now_unix_ms()) {
    return R"({"id":")" + id + R"(","type":")" + type + R"(","time":)" + std::to_string(at) + "}";
  }
  std::int64_t count(const std::string& sql, const ec::db::params& args = {}) {
    auto c = db_->acquire();
    EXPECT_TRUE(c);
    auto r = (*c)->one(sql, args);
    EXPECT_TRUE(r) << (r ? "" : r.err().message);
    return r ? r->i64(0) : -1;
  }
  // Polls until `sql` counts at least `want` (escalation runs on the writer's timer).
  bool eventually(const std::string& sql, const ec::db::params& args, std::int64_t want) {
    for (int i = 0; i < 100; ++i) {
      if (count(sql, args) >= want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::unique_ptr<it::server> first_, srv_;
  std::unique_ptr<ec::db::database> db_;
  std::int64_t elder_id_ = 0, device_id_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Backends, Ingest, ::testing::ValuesIn(it::backends()), backend_name);

TEST_P(Ingest, SosRaisesOneAlertAndDuplicatesAreAcceptedOnce) {
  auto r = ingest(event("sos-1", "sos"), token());
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json().as_object();
  EXPECT_EQ(j.at("accepted").as_int64(), 1);
  ASSERT_TRUE(j.at("items").as_array()[0].as_object().contains("alert_id"))
      << r.body << srv_->log();
  auto alert_id = j.at("items").as_array()[0].at("alert_id").as_int64();
  EXPECT_GT(alert_id, 0);

  // The same event again (the device did not hear the answer): accepted once, same alert.
  r = ingest(event("sos-1", "sos"), token());
  ASSERT_EQ(r.status, 200) << r.body;
  j = r.json().as_object();
  EXPECT_EQ(j.at("duplicates").as_int64(), 1);
  EXPECT_EQ(j.at("items").as_array()[0].at("outcome").as_string(), "duplicate");
  EXPECT_EQ(j.at("items").as_array()[0].at("alert_id").as_int64(), alert_id);

  // A second press while the alert is open repeats it: count 2, no second alert.
  r = ingest(event("sos-2", "sos", ec::timeutil::now_unix_ms() + 2000), token());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("items").as_array()[0].at("alert_id").as_int64(), alert_id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM alerts WHERE device_id = ?", {device_id_}), 1);
  EXPECT_EQ(count("SELECT count FROM alerts WHERE id = ?", {alert_id}), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM device_events WHERE device_id = ? AND alert_id = ?",
                  {device_id_, alert_id}),
            2);

  // Level 1 of the escalation chain is due at once: recorded as an action.
  EXPECT_TRUE(
      eventually("SELECT COUNT(*) FROM alert_actions WHERE alert_id = ? AND action = 'escalated'",
                 {alert_id}, 1));
  EXPECT_EQ(count("SELECT last_level_sent FROM alerts WHERE id = ?", {alert_id}), 1);
  EXPECT_TRUE(
      eventually("SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND channel = 'websocket'",
                 {alert_id}, 1));
}

TEST_P(Ingest, BadInputGoesToDeadLettersAndRaisesNothing) {
  auto r = ingest(event("x-1", "sos"), std::string(k_serial) + ":wrong");
  EXPECT_EQ(r.status, 401) << r.body;
  r = ingest(event("x-2", "sos"), "TZ-NOPE:whatever");
  EXPECT_EQ(r.status, 401) << r.body;
  r = ingest("{not json", token());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "ingest.malformed");
  // One bad event in a batch: rejected with its reason, the others accepted.
  auto now = ec::timeutil::now_unix_ms();
  r = ingest("[" + event("b-1", "heartbeat", now) + R"(,{"id":"b-2","type":"heart_rate","time":)" +
                 std::to_string(now) + R"(,"value":900},)" + event("b-3", "sos", now + 3'600'000) +
                 "]",
             token());
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.json().at("items").as_array();
  EXPECT_EQ(items[0].at("outcome").as_string(), "accepted");
  EXPECT_EQ(items[1].at("reason").as_string(), "out_of_range");
  EXPECT_EQ(items[2].at("reason").as_string(), "clock_skew");
  EXPECT_EQ(count("SELECT COUNT(*) FROM alerts"), 0);
  // Without valid credentials nothing is stored (issue 9): only counted.
  EXPECT_TRUE(eventually("SELECT COUNT(*) FROM dead_letters", {}, 3));
  EXPECT_EQ(count("SELECT COUNT(*) FROM dead_letters WHERE reason = 'bad_credentials'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM dead_letters WHERE reason = 'unknown_device'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM dead_letters WHERE reason = 'clock_skew'"), 1);
  auto metrics = client(srv_->port()).get("/metrics").body;
  EXPECT_NE(metrics.find(
                R"(eldercare_ingest_rejected_total{transport="http",reason="bad_credentials"} 1)"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find(
                R"(eldercare_ingest_rejected_total{transport="http",reason="unknown_device"} 1)"),
            std::string::npos);
  EXPECT_NE(metrics.find(R"(eldercare_ingest_unauthenticated_total{outcome="rejected"} 2)"),
            std::string::npos);
  EXPECT_NE(metrics.find(R"(eldercare_ingest_accepted_total{transport="http"} 1)"),
            std::string::npos);
  // The server keeps serving.
  EXPECT_EQ(client(srv_->port()).get("/healthz").status, 200);
}

TEST_P(Ingest, DedupeAndOpenAlertsSurviveARestart) {
  auto r = ingest(event("fall-1", "fall"), token());
  ASSERT_EQ(r.status, 200) << r.body;
  auto alert_id = r.json().at("items").as_array()[0].at("alert_id").as_int64();
  ASSERT_EQ(srv_->stop(), 0);
  srv_ = std::make_unique<it::server>(*first_, std::map<std::string, std::string>{});
  r = ingest(event("fall-1", "fall"), token());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("items").as_array()[0].at("outcome").as_string(), "duplicate");
  r = ingest(event("fall-2", "fall", ec::timeutil::now_unix_ms() + 2000), token());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("items").as_array()[0].at("alert_id").as_int64(), alert_id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM alerts"), 1);
  EXPECT_EQ(count("SELECT count FROM alerts WHERE id = ?", {alert_id}), 2);
}

// An SMS/voice gateway stand-in: answers 500 to the first request, 200 afterwards.
TEST_P(Ingest, EscalationClimbsTheChainAndReachesTheWebhookWithRetries) {
  namespace nt = ec::net::testing;
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> got;  // Idempotency-Key, body
  nt::test_server gateway([&](nt::tcp::socket& sock) {
    nt::http::request<nt::http::string_body> req;
    if (!nt::read_request(sock, req)) return;
    bool first;
    {
      std::lock_guard lk(mu);
      first = got.empty();
      got.emplace_back(std::string(req["Idempotency-Key"]), req.body());
    }
    nt::reply(sock, first ? nt::http::status::internal_server_error : nt::http::status::ok, "");
  });
  {
    // Short delays: level 1 at once, then one level every 300 ms.
    auto c = db_->acquire();
    ASSERT_TRUE(c);
    ASSERT_TRUE(
        (*c)->exec("UPDATE escalation_plans SET delay2_ms = 300, delay3_ms = 300, "
                   "delay4_ms = 300"));
  }
  ASSERT_EQ(srv_->stop(), 0);
  srv_ = std::make_unique<it::server>(
      *first_, std::map<std::string, std::string>{{"ELDERCARE_WEBHOOK_URL", gateway.url()}});
  auto r = ingest(event("sos-w", "sos"), token());
  ASSERT_EQ(r.status, 200) << r.body;
  auto alert_id = r.json().at("items").as_array()[0].at("alert_id").as_int64();
  // Four levels, each one webhook notification, all delivered in the end (one after a retry).
  EXPECT_TRUE(
      eventually("SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND channel = "
                 "'webhook' AND status = 'sent'",
                 {alert_id}, 4))
      << srv_->log();
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND channel = 'webhook'",
                  {alert_id}),
            4);
  EXPECT_EQ(count("SELECT MAX(attempts) FROM notifications WHERE alert_id = ? AND channel = "
                  "'webhook'",
                  {alert_id}),
            2);
  EXPECT_EQ(count("SELECT last_level_sent FROM alerts WHERE id = ?", {alert_id}), 4);
  std::lock_guard lk(mu);
  ASSERT_EQ(got.size(), 5u);
  std::set<int> levels;
  for (const auto& [key, body] : got) {
    EXPECT_FALSE(key.empty());
    auto j = json::parse(body).as_object();
    EXPECT_EQ(j.at("alert").at("id").as_int64(), alert_id);
    EXPECT_NE(std::string(j.at("message").as_string()).find("紧急呼叫"), std::string::npos);
    levels.insert(static_cast<int>(j.at("level").as_int64()));
    if (j.at("level").as_int64() == 4) {
      EXPECT_EQ(j.at("targets").as_array()[0].at("phone").as_string(), "120");
    }
  }
  EXPECT_EQ(levels, (std::set<int>{1, 2, 3, 4}));
}

}  // namespace
