// The demo's device plan: deterministic, everyone living alone covered, serials valid for the
// devices API and the broker, and the type readable from the serial (for the simulator).
#include "demo/devices.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "demo/gen.hpp"
#include "ingest/dynsec.hpp"
#include "modules/monitoring/devices.hpp"

namespace ec::registry::demo {
namespace {

using namespace std::chrono;

constexpr year_month_day k_today{year{2026}, November, day{29}};

TEST(DemoDevices, EveryoneLivingAloneHasAPendantAndADoorSensor) {
  auto elders = generate(gaoqing_places(), 3000, 7, k_today);
  auto plan = plan_devices(elders, 7, 2026);
  std::map<std::size_t, std::set<std::string>> by_elder;
  std::set<std::string> serials;
  std::map<std::string, int> per_type;
  for (const auto& d : plan) {
    ASSERT_LT(d.elder_index, elders.size());
    EXPECT_TRUE(by_elder[d.elder_index].insert(d.type).second) << "one of each type per elder";
    EXPECT_TRUE(serials.insert(d.serial).second) << d.serial;
    EXPECT_TRUE(monitoring::check_serial(d.serial)) << d.serial;
    EXPECT_TRUE(ingest::dynsec::check_serial(d.serial)) << d.serial;
    EXPECT_EQ(type_of_serial(d.serial), d.type);
    EXPECT_FALSE(d.location.empty());
    ++per_type[d.type];
  }
  int alone = 0;
  for (std::size_t i = 0; i < elders.size(); ++i) {
    if (elders[i].living_status != "alone") continue;
    ++alone;
    EXPECT_TRUE(by_elder[i].contains("sos_pendant")) << i;
    EXPECT_TRUE(by_elder[i].contains("door_sensor")) << i;
  }
  ASSERT_GT(alone, 100);
  // About a third of them also a motion sensor; some the other kinds.
  EXPECT_NEAR(static_cast<double>(per_type["motion_sensor"]) / alone, 0.333, 0.06);
  for (auto t : {"fall_detector", "bed_sensor", "smoke", "gas", "heart_rate_band"})
    EXPECT_GT(per_type[t], 0) << t;
  // Only the living-alone and empty-nest elders get devices.
  for (const auto& [i, types] : by_elder)
    EXPECT_TRUE(elders[i].living_status == "alone" || elders[i].living_status == "empty_nest");
}

TEST(DemoDevices, DeterministicFromTheSeed) {
  auto elders = generate(gaoqing_places(), 800, 11, k_today);
  auto a = plan_devices(elders, 11, 2026);
  auto b = plan_devices(elders, 11, 2026);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].serial, b[i].serial);
    EXPECT_EQ(a[i].location, b[i].location);
  }
  auto c = plan_devices(elders, 12, 2026);
  std::set<std::string> sa, sc;
  for (const auto& d : a) sa.insert(d.serial);
  for (const auto& d : c) sc.insert(d.serial);
  EXPECT_NE(sa, sc);
}

TEST(DemoDevices, SerialPrefixes) {
  EXPECT_EQ(serial_prefix("sos_pendant"), "SOS");
  EXPECT_EQ(serial_prefix("motion_sensor"), "PIR");
  EXPECT_EQ(serial_prefix("toaster"), "");
  EXPECT_EQ(type_of_serial("TZ-SOS-000123"), "sos_pendant");
  EXPECT_EQ(type_of_serial("TZ-HR-000001"), "heart_rate_band");
  EXPECT_FALSE(type_of_serial("TZ-XYZ-000001"));
  EXPECT_FALSE(type_of_serial("SOS-000001"));
  EXPECT_FALSE(type_of_serial("TZ-SOS"));
  for (const auto& t : monitoring::k_device_types) {
    auto serial = "TZ-" + std::string(serial_prefix(t)) + "-000001";
    EXPECT_EQ(type_of_serial(serial), std::string(t));
  }
}

}  // namespace
}  // namespace ec::registry::demo
