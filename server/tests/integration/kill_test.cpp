// End-to-end reliability (issue 3): the server is killed with SIGKILL at random moments while
// simulated devices send SOS and falls over the real Mosquitto broker, and restarted each
// time. Afterwards, from the database:
//   - every SOS/fall the simulator sent is in device_events exactly once, linked to exactly
//     one alert of that device and kind (and the simulator got "received" for each);
//   - no device has two open alerts of one kind;
//   - every escalation level that fell due for an unacknowledged alert has exactly one webhook
//     notification row, and last_level_sent says so (escalation delays 0/1/2/3 s; the webhook
//     points at a closed loopback port, so deliveries fail and are retried — only rows count).
//
// Runs only with ELDERCARE_TEST_MQTT_URL and ELDERCARE_TEST_MQTT_ADMIN set (scripts/test), as
// mqtt_test.cpp; on SQLite and, with ELDERCARE_TEST_PG_URL, on PostgreSQL.
// ELDERCARE_KILL_TEST_KILLS overrides the number of kills (default 22).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "core/crypto.hpp"
#include "db/db.hpp"
#include "ingest/mqtt_client.hpp"
#include "simulator/simulator.hpp"
#include "support/harness.hpp"
#include "support/sim_devices.hpp"

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

using it::env;

// The database backends to run on (SQLite, and PostgreSQL with ELDERCARE_TEST_PG_URL), when
// the broker is there.
std::vector<std::string> backends_with_broker() {
  if (env("ELDERCARE_TEST_MQTT_URL").empty() || env("ELDERCARE_TEST_MQTT_ADMIN").empty()) {
    return {};
  }
  return it::backends();
}

using it::closed_port;

class Kill : public ::testing::TestWithParam<std::string> {};

TEST_P(Kill, EverySosOnceAndEveryDueEscalationOnceAcrossSigkills) {
  const fs::path admin_file = env("ELDERCARE_TEST_MQTT_ADMIN");
  const fs::path broker_dir = admin_file.parent_path();
  auto broker = ec::ingest::parse_mqtt_url(env("ELDERCARE_TEST_MQTT_URL"));
  ASSERT_TRUE(broker) << broker.err().message;
  int kills = env("ELDERCARE_KILL_TEST_KILLS").empty()
                  ? 22
                  : std::atoi(env("ELDERCARE_KILL_TEST_KILLS").c_str());

  std::map<std::string, std::string> server_env{
      {"ELDERCARE_MQTT_URL", env("ELDERCARE_TEST_MQTT_URL")},
      {"ELDERCARE_MQTT_CREDENTIALS", broker_dir.string()},
      {"ELDERCARE_WEBHOOK_URL", "http://127.0.0.1:" + std::to_string(closed_port()) + "/hook"},
      {"ELDERCARE_WEBHOOK_TIMEOUT_MS", "500"},
      {"ELDERCARE_WEBHOOK_MAX_ATTEMPTS", "3"},
      // Its own persistent session (tests run in parallel on one broker); the same one for
      // every restart, so messages queued while it is down reach the next node.
      {"ELDERCARE_MQTT_CLIENT_ID", "eldercare-kill-" + ec::crypto::random_token(6)},
  };
  it::server primary(40, server_env, GetParam());
  ASSERT_EQ(primary.stop(), 0) << primary.log();

  // Devices: registered directly in the database (bound to demo elders) and given their
  // broker logins, like the devices API does. Escalation plan: levels due 0, 1, 2 and 3 s
  // after the raise.
  const std::string tag = ec::crypto::random_token(4);
  auto registered = it::register_sim_devices(primary.database_url(), env("ELDERCARE_TEST_MQTT_URL"),
                                             admin_file.string(), tag, 12, true);
  ASSERT_TRUE(registered) << registered.err().message;
  std::vector<ec::ingest::sim_device> devices = std::move(*registered);
  {
    auto db = ec::db::open({primary.database_url(), 1, 5000});
    auto c = db->acquire();
    ASSERT_TRUE(c) << c.err().message;
    auto r = (*c)->exec(
        "UPDATE escalation_plans SET delay1_ms = 0, delay2_ms = 1000, delay3_ms = 2000, "
        "delay4_ms = 3000");
    ASSERT_TRUE(r) << r.err().message;
  }

  // The simulator: SOS and falls at a high rate among heartbeats, repeated every second (up
  // to 3 s apart) until received.
  // ~1 in 3 events of a pendant is an SOS: ~13 a second
  auto so = it::sim_options(env("ELDERCARE_TEST_MQTT_URL"), devices, 40, 150);
  ec::ingest::simulator sim(so);
  ec::status sim_status;
  std::thread sim_thread([&] { sim_status = sim.run(); });

  std::vector<std::unique_ptr<it::server>> nodes;
  nodes.push_back(std::make_unique<it::server>(primary, server_env));
  std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int> pause_ms(150, 2000);
  // Down for up to 2.5 s: most kills outlast the devices' first repeat (1 s), so SOS and falls
  // are repeated while no server runs (a restart takes ~20 ms, and the broker hands a quick
  // restart what it queued, so shorter outages alone may see no repeat at all).
  std::uniform_int_distribution<int> down_ms(0, 2500);
  for (int k = 0; k < kills; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    auto& node = *nodes.back();
    ASSERT_TRUE(node.running()) << "node " << k << " died by itself:\n" << node.log();
    ::kill(node.pid(), SIGKILL);
    EXPECT_EQ(node.wait_exit(), 128 + SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(down_ms(rng)));
    nodes.push_back(std::make_unique<it::server>(primary, server_env));
  }

  // Settle: no new events; every SOS/fall answered (so every alert exists); then wait until
  // every escalation level has fallen due (level 4 is 6 s after an alert's creation).
  sim.stop_new_events();
  auto deadline = std::chrono::steady_clock::now() + 40s;
  while (sim.unreceived() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(sim.unreceived(), 0u) << nodes.back()->log();
  std::this_thread::sleep_for(6s);
  {
    // Level 4 of the last alerts falls due now; give a loaded machine time to send it (the
    // checks below then say what is missing, if anything).
    auto db = ec::db::open({primary.database_url(), 1, 5000});
    auto c = db->acquire();
    ASSERT_TRUE(c) << c.err().message;
    auto until = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < until) {
      auto n = (*c)->one(
          "SELECT COUNT(*) FROM alerts WHERE state = 'open' AND kind IN ('sos', 'fall') AND "
          "last_level_sent < 4");
      ASSERT_TRUE(n) << n.err().message;
      if (n->i64(0) == 0) break;
      std::this_thread::sleep_for(200ms);
    }
  }
  sim.stop();
  sim_thread.join();
  ASSERT_TRUE(sim_status) << sim_status.err().message;
  auto report = sim.report();
  std::cout << ec::ingest::format_report(report) << "kills: " << kills << "\n";
  ASSERT_EQ(nodes.back()->stop(), 0) << nodes.back()->log();

  auto crits = sim.criticals();
  ASSERT_GT(crits.size(), 100u) << "too few SOS/falls to mean anything";
  EXPECT_GT(report.repeats, 0u) << "no SOS/fall was ever repeated: the kills hit nothing";

  auto db = ec::db::open({primary.database_url(), 1, 5000});
  auto c = db->acquire();
  ASSERT_TRUE(c) << c.err().message;

  // Every SOS/fall: once in device_events, linked to one alert of its device and kind.
  for (const auto& cr : crits) {
    EXPECT_TRUE(cr.received) << cr.serial << " " << cr.event_id;
    auto rows = (*c)->query(
        "SELECT e.kind, e.alert_id, a.kind, CASE WHEN a.device_id = e.device_id THEN 1 ELSE 0 END "
        "FROM device_events e "
        "JOIN devices d ON d.id = e.device_id LEFT JOIN alerts a ON a.id = e.alert_id "
        "WHERE d.serial = ? AND e.event_id = ?",
        {cr.serial, cr.event_id});
    ASSERT_TRUE(rows) << rows.err().message;
    ASSERT_EQ(rows->size(), 1u) << cr.serial << " " << cr.event_id;
    const auto& r = rows->front();
    EXPECT_EQ(r.str(0), cr.type);
    ASSERT_FALSE(r.is_null(1)) << "event " << cr.event_id << " has no alert";
    EXPECT_EQ(r.str(2), cr.type) << "alert of another kind";
    EXPECT_EQ(r.i64(3), 1) << "alert of another device";
    EXPECT_EQ(r.i64(1), cr.alert_id) << "the device was told another alert";
  }

  // One open alert per device and kind.
  auto dup = (*c)->query(
      "SELECT device_id, kind, COUNT(*) FROM alerts WHERE state <> 'resolved' "
      "GROUP BY device_id, kind HAVING COUNT(*) > 1");
  ASSERT_TRUE(dup) << dup.err().message;
  EXPECT_TRUE(dup->empty()) << dup->size() << " device/kind pairs with two open alerts";

  // Escalation: every alert nobody acknowledged reached level 4 (all four levels fell due),
  // with exactly one webhook row per level.
  auto alerts = (*c)->query(
      "SELECT a.id, a.last_level_sent, a.state FROM alerts a JOIN devices d ON d.id = "
      "a.device_id WHERE d.serial LIKE ? AND a.kind IN ('sos', 'fall')",
      {"%-" + tag + "-%"});
  ASSERT_TRUE(alerts) << alerts.err().message;
  ASSERT_FALSE(alerts->empty());
  for (const auto& a : *alerts) {
    std::int64_t id = a.i64(0);
    if (a.str(2) != "open") continue;
    EXPECT_EQ(a.i64(1), 4) << "alert " << id;
    auto n = (*c)->query(
        "SELECT level, COUNT(*) FROM notifications WHERE alert_id = ? AND channel = 'webhook' "
        "GROUP BY level ORDER BY level",
        {id});
    ASSERT_TRUE(n) << n.err().message;
    std::set<std::int64_t> levels;
    for (const auto& r : *n) {
      EXPECT_EQ(r.i64(1), 1) << "alert " << id << " level " << r.i64(0) << " sent " << r.i64(1)
                             << " times";
      levels.insert(r.i64(0));
    }
    for (std::int64_t level = 1; level <= 4; ++level) {
      EXPECT_TRUE(levels.count(level)) << "alert " << id << " level " << level << " never sent";
    }
  }
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Kill);
INSTANTIATE_TEST_SUITE_P(Broker, Kill, ::testing::ValuesIn(backends_with_broker()),
                         [](const auto& p) { return p.param; });

}  // namespace
