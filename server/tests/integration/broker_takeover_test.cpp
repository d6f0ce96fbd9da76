// docs/SECURITY.md "MQTT broker": a device serial cannot take over the broker's own logins
// (issue 9, defect 1). Against the real Mosquitto with dynamic security:
// - registering or importing a device whose serial is the server's service login, its client
//   ids or the dynsec admin is refused (device.serial_reserved), in any case of letters;
// - a login of the device's name that is not a device login (made by an operator) is never
//   deleted or replaced (device.login_foreign);
// - afterwards the server's service login still works and the broker still has its role.
//
// Registered only with ELDERCARE_TEST_MQTT_URL and ELDERCARE_TEST_MQTT_ADMIN (scripts/test).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"
#include "support/broker.hpp"
#include "support/harness.hpp"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
namespace dynsec = ec::ingest::dynsec;
using it::client;
using it::env;

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

class BrokerTakeover : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    broker_dir_ = fs::path(env("ELDERCARE_TEST_MQTT_ADMIN")).parent_path();
    auto url = ec::ingest::parse_mqtt_url(env("ELDERCARE_TEST_MQTT_URL"));
    ASSERT_TRUE(url);
    address_ = *url;
    auto admin = it::read_broker_login(broker_dir_ / "admin");
    admin_user_ = admin.user;
    admin_client_ = it::connect_as(address_, admin, "test-admin-" + it::random_suffix());
    ASSERT_TRUE(admin_client_);
    admin_ = std::make_unique<dynsec::admin>(*admin_client_);
    ASSERT_TRUE(admin_->ready());
    client_id_ = "eldercare-takeover-" + it::random_suffix();
    srv_ = std::make_unique<it::server>(
        20,
        std::map<std::string, std::string>{{"ELDERCARE_MQTT_URL", env("ELDERCARE_TEST_MQTT_URL")},
                                           {"ELDERCARE_MQTT_CREDENTIALS", broker_dir_.string()},
                                           {"ELDERCARE_MQTT_CLIENT_ID", client_id_}});
  }
  void TearDown() override {
    srv_.reset();
    admin_.reset();
    if (admin_client_) admin_client_->stop();
  }

  // The broker's roles of `user`, as the admin sees them (nullopt: no such login).
  std::optional<std::vector<std::string>> roles_of(const std::string& user) {
    auto r = admin_->client_roles(user);
    EXPECT_TRUE(r) << (r ? "" : r.err().message);
    return r ? *r : std::nullopt;
  }

  // The service login still connects (the server's own MQTT identity survived).
  void expect_service_login_works() {
    auto service = it::read_broker_login(broker_dir_ / "service");
    auto c = it::connect_as(address_, service, "test-service-" + it::random_suffix());
    EXPECT_TRUE(c);
    if (c) c->stop();
    const auto& user = service.user;
    auto roles = roles_of(user);
    ASSERT_TRUE(roles);
    EXPECT_FALSE(dynsec::is_device_login(user, *roles));
  }

  fs::path broker_dir_;
  ec::ingest::mqtt_options address_;
  std::string admin_user_, client_id_;
  std::unique_ptr<ec::ingest::mqtt_client> admin_client_;
  std::unique_ptr<dynsec::admin> admin_;
  std::unique_ptr<it::server> srv_;
};

INSTANTIATE_TEST_SUITE_P(Broker, BrokerTakeover, ::testing::ValuesIn(it::mqtt_brokers()));
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BrokerTakeover);

TEST_P(BrokerTakeover, ReservedSerialsAreRefusedAndTheServiceLoginSurvives) {
  auto service_user = it::read_broker_login(broker_dir_ / "service").user;
  auto service_roles = roles_of(service_user);
  ASSERT_TRUE(service_roles);
  client staff(srv_->port());
  ASSERT_EQ(staff.login("guanzhuang", srv_->password()).status, 200);
  const std::vector<std::string> reserved = {service_user, upper(service_user), admin_user_,
                                             client_id_, client_id_ + "-admin"};
  for (const auto& serial : reserved) {
    auto r = staff.request("POST", "/api/v1/devices",
                           json::serialize(json::object{{"serial", serial}, {"type", "smoke"}}),
                           "application/json", {{"Accept-Language", "en"}});
    EXPECT_EQ(r.status, 422) << serial << ": " << r.body;
    EXPECT_NE(r.body.find("device.serial_reserved"), std::string::npos) << r.body;
  }
  // The Chinese message names the rule.
  auto zh = staff.request("POST", "/api/v1/devices",
                          json::serialize(json::object{{"serial", service_user}, {"type", "gas"}}),
                          "application/json", {{"Accept-Language", "zh-CN"}});
  EXPECT_NE(zh.body.find("保留"), std::string::npos) << zh.body;
  // Bulk import: every reserved serial is a row error, nothing is written.
  std::string csv = "序列号,类型\n";
  for (const auto& s : reserved) csv += s + ",gas\n";
  auto imp = staff.request("POST", "/api/v1/devices/import", csv, "text/csv");
  EXPECT_EQ(imp.status, 422) << imp.body;
  auto errors = imp.json().at("report").at("errors").as_array();
  std::size_t flagged = 0;
  for (const auto& e : errors)
    if (e.at("code").as_string() == "device.serial_reserved") ++flagged;
  EXPECT_EQ(flagged, reserved.size()) << imp.body;
  auto list = staff.get("/api/v1/devices?q=" + service_user);
  EXPECT_EQ(list.json().at("total").as_int64(), 0);
  // The broker still has the server's login as it was, and it still works.
  EXPECT_EQ(roles_of(service_user), service_roles);
  auto admin_roles = roles_of(admin_user_);
  ASSERT_TRUE(admin_roles);
  EXPECT_FALSE(admin_roles->empty());
  expect_service_login_works();
  // And the server still ingests over MQTT: its health shows the broker connected.
  auto h = staff.get("/api/v1/monitoring/health");
  EXPECT_EQ(h.status, 200) << h.body;
  EXPECT_NE(h.body.find("\"connected\":true"), std::string::npos) << h.body;
}

TEST_P(BrokerTakeover, AnotherLoginOfTheSameNameIsNeverDeleted) {
  // An operator's own login (not a device login: no device-… role).
  auto name = "ops-" + it::random_suffix();
  auto tag = admin_->next_tag();
  json::array cmds;
  cmds.push_back(json::object{{"command", "createClient"},
                              {"username", name},
                              {"password", dynsec::generate_password()},
                              {"correlationData", tag + ":0"}});
  auto made = admin_->send(json::serialize(json::object{{"commands", cmds}}), tag, 1);
  ASSERT_TRUE(made) << made.err().message;
  ASSERT_TRUE(dynsec::to_status((*made)[0])) << (*made)[0].error;

  client staff(srv_->port());
  ASSERT_EQ(staff.login("guanzhuang", srv_->password()).status, 200);
  auto r = staff.post("/api/v1/devices", json::object{{"serial", name}, {"type", "smoke"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("device.login_foreign"), std::string::npos) << r.body;
  auto imp = staff.request("POST", "/api/v1/devices/import", "序列号,类型\n" + name + ",gas\n",
                           "text/csv");
  EXPECT_EQ(imp.status, 503) << imp.body;
  // The operator's login is still there, untouched (no device role was given to it).
  auto roles = roles_of(name);
  ASSERT_TRUE(roles) << "the foreign login was deleted";
  EXPECT_FALSE(dynsec::is_device_login(name, *roles));
  expect_service_login_works();
  (void)admin_->delete_device(name);
}

}  // namespace
