// The MQTT path of remote monitoring against the real server and a real Mosquitto: a device
// publishes an SOS on its up topic and hears "received" on its down topic only once the alert
// is committed; the same press again gets "received" for the same alert; a payload the server
// cannot read lands in the dead-letter table.
//
// Registered only with ELDERCARE_TEST_MQTT_URL and ELDERCARE_TEST_MQTT_ADMIN (scripts/test).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "core/crypto.hpp"
#include "core/timeutil.hpp"
#include "db/db.hpp"
#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"
#include "support/broker.hpp"
#include "support/harness.hpp"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
namespace dynsec = ec::ingest::dynsec;
using ec::ingest::mqtt_client;
using ec::ingest::mqtt_message;
using ec::ingest::mqtt_options;

using it::env;

// Messages a device hears on its down topic.
class down_inbox {
 public:
  void add(const mqtt_message& m) {
    std::lock_guard lk(mu_);
    got_.push_back(json::parse(m.payload).as_object());
    cv_.notify_all();
  }
  // Waits for the n-th (1-based) message of `type`.
  std::optional<json::object> wait(const std::string& type, std::size_t n = 1) {
    std::unique_lock lk(mu_);
    std::optional<json::object> found;
    cv_.wait_for(lk, std::chrono::seconds(10), [&] {
      std::size_t seen = 0;
      for (const auto& o : got_)
        if (o.at("type").as_string() == type && ++seen == n) {
          found = o;
          return true;
        }
      return false;
    });
    return found;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<json::object> got_;
};

class MonitoringMqtt : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    broker_dir_ = fs::path(env("ELDERCARE_TEST_MQTT_ADMIN")).parent_path();
    auto url = ec::ingest::parse_mqtt_url(env("ELDERCARE_TEST_MQTT_URL"));
    ASSERT_TRUE(url);
    address_ = *url;
    serial_ = "TZ-MQ-" + it::random_suffix();
    secret_ = dynsec::generate_password();

    // The device's broker login, as the devices API would give it.
    admin_client_ = it::connect_as(address_, it::read_broker_login(broker_dir_ / "admin"),
                                   "test-admin-" + it::random_suffix());
    ASSERT_TRUE(admin_client_);
    admin_ = std::make_unique<dynsec::admin>(*admin_client_);
    ASSERT_TRUE(admin_->ready());
    auto created = admin_->create_device(serial_, secret_);
    ASSERT_TRUE(created) << created.err().message;

    first_ = std::make_unique<it::server>(50);
    db_ = ec::db::open({first_->database_url(), 2, 5000});
    auto c = db_->acquire();
    ASSERT_TRUE(c);
    auto elder = (*c)->one(
        "SELECT id, org_path, org_unit_id FROM elders WHERE status = 'active' ORDER BY id LIMIT 1");
    ASSERT_TRUE(elder);
    auto now = ec::timeutil::now_unix_ms();
    auto d = (*c)->query(
        "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, token_hash, "
        "registered_at, created_at, updated_at) VALUES (?, 'fall_detector', ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {serial_, elder->i64(0), elder->i64(2), elder->str(1), ec::crypto::sha256_hex(secret_), now,
         now, now});
    ASSERT_TRUE(d) << d.err().message;
    device_id_ = d->front().i64(0);
    first_->stop();
    srv_ = std::make_unique<it::server>(
        *first_, std::map<std::string, std::string>{
                     {"ELDERCARE_MQTT_URL", env("ELDERCARE_TEST_MQTT_URL")},
                     {"ELDERCARE_MQTT_CREDENTIALS", broker_dir_.string()},
                     {"ELDERCARE_MQTT_CLIENT_ID", "eldercare-test-" + it::random_suffix()}});

    mqtt_options dv = address_;
    dv.username = serial_;
    dv.password = secret_;
    dv.client_id = serial_;
    device_ = std::make_unique<mqtt_client>(dv);
    ASSERT_TRUE(device_->subscribe(dynsec::down_topic(serial_), 1,
                                   [this](const mqtt_message& m) { inbox_.add(m); }));
    ASSERT_TRUE(device_->start());
    ASSERT_TRUE(device_->wait_connected(std::chrono::seconds(10))) << device_->last_error();
  }

  void TearDown() override {
    if (device_) device_->stop();
    srv_.reset();
    if (admin_) (void)admin_->delete_device(serial_);
    admin_.reset();
    if (admin_client_) admin_client_->stop();
    db_.reset();
    first_.reset();
  }

  void publish(const std::string& payload) {
    auto r = device_->publish(dynsec::up_topic(serial_), payload, 1);
    ASSERT_TRUE(r) << r.err().message;
  }
  std::int64_t count(const std::string& sql, const ec::db::params& args = {}) {
    auto c = db_->acquire();
    auto r = (*c)->one(sql, args);
    EXPECT_TRUE(r) << (r ? "" : r.err().message);
    return r ? r->i64(0) : -1;
  }

  fs::path broker_dir_;
  mqtt_options address_;
  std::string serial_, secret_;
  std::unique_ptr<mqtt_client> admin_client_, device_;
  std::unique_ptr<dynsec::admin> admin_;
  std::unique_ptr<it::server> first_, srv_;
  std::unique_ptr<ec::db::database> db_;
  std::int64_t device_id_ = 0;
  down_inbox inbox_;
};

INSTANTIATE_TEST_SUITE_P(Broker, MonitoringMqtt, ::testing::ValuesIn(it::mqtt_brokers()));
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MonitoringMqtt);

TEST_P(MonitoringMqtt, FallIsReceivedOnlyAfterItsAlertIsStored) {
  auto now = ec::timeutil::now_unix_ms();
  publish(R"({"id":"f-1","type":"fall","time":)" + std::to_string(now) + "}");
  auto got = inbox_.wait("received");
  ASSERT_TRUE(got) << srv_->log();
  EXPECT_EQ(got->at("event_id").as_string(), "f-1");
  auto alert_id = got->at("alert_id").as_int64();
  // "received" promises the alert is on disk.
  EXPECT_EQ(count("SELECT COUNT(*) FROM alerts WHERE id = ? AND device_id = ? AND kind = 'fall'",
                  {alert_id, device_id_}),
            1);

  // The device repeats the press (it missed the answer): "received" again, same alert.
  publish(R"({"id":"f-1","type":"fall","time":)" + std::to_string(now) + "}");
  auto again = inbox_.wait("received", 2);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->at("alert_id").as_int64(), alert_id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM alerts WHERE device_id = ?", {device_id_}), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM device_events WHERE device_id = ?", {device_id_}), 1);
  // The downlink is recorded with its delivery result.
  for (int i = 0; i < 50 && count("SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND "
                                  "channel = 'downlink' AND status = 'sent'",
                                  {alert_id}) < 2;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE alert_id = ? AND channel = "
                  "'downlink' AND status = 'sent'",
                  {alert_id}),
            2);
}

TEST_P(MonitoringMqtt, UnreadablePayloadIsADeadLetter) {
  publish("this is not json");
  publish(R"({"id":"h-1","type":"heart_rate","time":)" +
          std::to_string(ec::timeutil::now_unix_ms()) + R"(,"value":7})");
  // Counted by serial: other tests' devices on the same broker become dead letters here too.
  for (int i = 0;
       i < 50 && count("SELECT COUNT(*) FROM dead_letters WHERE serial = ?", {serial_}) < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(count("SELECT COUNT(*) FROM dead_letters WHERE transport = 'mqtt' AND serial = ? AND "
                  "reason = 'malformed'",
                  {serial_}),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM dead_letters WHERE serial = ? AND reason = "
                  "'out_of_range'",
                  {serial_}),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM alerts"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM device_events"), 0);
  // The uplink session counts what it read, bad or not (at least these two: other tests'
  // devices may publish on the same broker at the same time).
  auto metrics =
      it::send_raw(srv_->port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(metrics.body.find("eldercare_mqtt_uplink_connected 1\n"), std::string::npos)
      << metrics.body;
  const std::string key = "eldercare_mqtt_uplink_messages_total ";
  auto at = metrics.body.find(key);
  ASSERT_NE(at, std::string::npos) << metrics.body;
  EXPECT_GE(std::stoll(metrics.body.substr(at + key.size())), 2) << metrics.body;
}

}  // namespace
