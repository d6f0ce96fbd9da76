// The simulator's send → acknowledged figure (issue 3 "Simulator"): SOS pendants press over the
// real broker while a staff member acknowledges every open SOS on the alerts API; each
// acknowledgement reaches the pendant as an "acknowledged" downlink, and the simulator reports
// how long after the first send it came.
//
// Runs only with ELDERCARE_TEST_MQTT_URL and ELDERCARE_TEST_MQTT_ADMIN set (scripts/test).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "core/crypto.hpp"
#include "ingest/mqtt_client.hpp"
#include "simulator/simulator.hpp"
#include "support/harness.hpp"
#include "support/sim_devices.hpp"

namespace {

using namespace std::chrono_literals;
using it::client;

using it::env;

std::vector<std::string> with_broker() {
  if (env("ELDERCARE_TEST_MQTT_URL").empty() || env("ELDERCARE_TEST_MQTT_ADMIN").empty()) return {};
  return {"mosquitto"};
}

class SimulatorAck : public ::testing::TestWithParam<std::string> {};

TEST_P(SimulatorAck, ReportsSendToAcknowledgedForWhatStaffAcknowledged) {
  const std::filesystem::path admin_file = env("ELDERCARE_TEST_MQTT_ADMIN");
  auto broker = ec::ingest::parse_mqtt_url(env("ELDERCARE_TEST_MQTT_URL"));
  ASSERT_TRUE(broker) << broker.err().message;
  std::map<std::string, std::string> server_env{
      {"ELDERCARE_MQTT_URL", env("ELDERCARE_TEST_MQTT_URL")},
      {"ELDERCARE_MQTT_CREDENTIALS", admin_file.parent_path().string()},
      {"ELDERCARE_MQTT_CLIENT_ID", "eldercare-simack-" + ec::crypto::random_token(6)},
      {"ELDERCARE_LOGIN_IP_PER_MIN", "1000"}};
  // The devices are written into the database while no server runs (a running one learns of
  // devices through the devices API), then a node serves it.
  it::server primary(20, server_env);
  ASSERT_EQ(primary.stop(), 0) << primary.log();
  const std::string tag = ec::crypto::random_token(4);
  auto devices = it::register_sim_devices(primary.database_url(), env("ELDERCARE_TEST_MQTT_URL"),
                                          admin_file.string(), tag, 4, false);
  ASSERT_TRUE(devices) << devices.err().message;
  it::server srv(primary, server_env);

  // about every other event of a pendant is an SOS
  auto so = it::sim_options(env("ELDERCARE_TEST_MQTT_URL"), *devices, 20, 300);
  ec::ingest::simulator sim(so);
  ec::status sim_status;
  std::thread sim_thread([&] { sim_status = sim.run(); });

  // The staff member on the board: acknowledges every open SOS of these pendants.
  client staff(srv.port());
  ASSERT_EQ(staff.login("admin", primary.password()).status, 200);
  std::set<std::int64_t> acknowledged;
  auto acknowledge_open = [&] {
    auto open = staff.get("/api/v1/alerts?state=open&kind=sos&size=100");
    ASSERT_EQ(open.status, 200) << open.body;
    auto page = open.json();  // kept alive for the loop
    for (const auto& a : page.at("items").as_array()) {
      auto id = a.at("id").as_int64();
      if (a.at("device").at("serial").as_string().find(tag) == std::string::npos) continue;
      auto r = staff.request("POST", "/api/v1/alerts/" + std::to_string(id) + "/acknowledge",
                             R"({"note":"已电话联系"})");
      EXPECT_EQ(r.status, 200) << r.body;
      acknowledged.insert(id);
    }
  };
  auto until = std::chrono::steady_clock::now() + 6s;
  while (std::chrono::steady_clock::now() < until) {
    acknowledge_open();
    std::this_thread::sleep_for(200ms);
  }
  sim.stop_new_events();
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (sim.unreceived() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  acknowledge_open();
  // The last "acknowledged" downlinks arrive.
  deadline = std::chrono::steady_clock::now() + 10s;
  while (sim.report().acknowledged < acknowledged.size() &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  sim.stop();
  sim_thread.join();
  ASSERT_TRUE(sim_status) << sim_status.err().message;
  auto report = sim.report();
  std::cout << ec::ingest::format_report(report);

  ASSERT_GT(report.criticals, 4u) << "too few presses to mean anything";
  EXPECT_EQ(report.received, report.criticals);
  EXPECT_EQ(sim.unreceived(), 0u);
  ASSERT_FALSE(acknowledged.empty());
  // One "acknowledged" per alert a person acknowledged, each measured once: the first press
  // of that alert is where the clock starts.
  EXPECT_EQ(report.acknowledged, acknowledged.size());
  EXPECT_EQ(report.to_acknowledged.count, report.acknowledged);
  // Someone had to see it on the API first: never as quick as nothing.
  EXPECT_GT(report.to_acknowledged.p50, 0.0);
  EXPECT_EQ(srv.stop(), 0) << srv.log();
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SimulatorAck);
INSTANTIATE_TEST_SUITE_P(Broker, SimulatorAck, ::testing::ValuesIn(with_broker()),
                         [](const auto& p) { return p.param; });

}  // namespace
