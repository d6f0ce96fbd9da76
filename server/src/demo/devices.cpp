#include "demo/devices.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "demo/gen.hpp"

namespace ec::registry::demo {
namespace {

struct type_info {
  std::string_view type, prefix, location;
};

constexpr std::array<type_info, 10> k_types = {{
    {"sos_pendant", "SOS", "卧室"},
    {"fall_detector", "FALL", "卫生间"},
    {"door_sensor", "DOOR", "门口"},
    {"motion_sensor", "PIR", "客厅"},
    {"bed_sensor", "BED", "卧室"},
    {"smoke", "SMOKE", "厨房"},
    {"gas", "GAS", "厨房"},
    {"water_leak", "WATER", "卫生间"},
    {"heart_rate_band", "HR", "随身"},
    {"gps_watch", "GPS", "随身"},
}};

// SplitMix64: a fixed, portable mix of (seed, elder, salt), independent of the standard
// library (demo_gen.hpp explains why distributions are written by hand).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// True with probability per_mille / 1000 for this elder and salt.
bool chance(std::uint64_t seed, std::size_t index, std::uint64_t salt, unsigned per_mille) {
  return mix(mix(seed ^ 0x6465766963657321ULL) + index * 0x100000001b3ULL + salt) % 1000 <
         per_mille;
}

}  // namespace

std::string_view serial_prefix(std::string_view device_type) {
  for (const auto& t : k_types)
    if (t.type == device_type) return t.prefix;
  return {};
}

std::optional<std::string> type_of_serial(std::string_view serial) {
  if (!serial.starts_with("TZ-")) return std::nullopt;
  auto rest = serial.substr(3);
  auto dash = rest.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto prefix = rest.substr(0, dash);
  for (const auto& t : k_types)
    if (t.prefix == prefix) return std::string(t.type);
  return std::nullopt;
}

std::vector<device_plan> plan_devices(const std::vector<elder>& elders, std::uint64_t seed,
                                      int today_year) {
  std::vector<device_plan> out;
  for (std::size_t i = 0; i < elders.size(); ++i) {
    const auto& e = elders[i];
    const bool alone = e.living_status == "alone";
    const bool empty_nest = e.living_status == "empty_nest";
    const int age = today_year - static_cast<int>(e.birth.year());
    const bool disabled =
        std::find(e.categories.begin(), e.categories.end(), "disabled") != e.categories.end();
    std::vector<std::string_view> types;
    if (alone) {
      types = {"sos_pendant", "door_sensor"};
      if (chance(seed, i, 1, 333)) types.push_back("motion_sensor");
      if (chance(seed, i, 2, age >= 80 || disabled ? 400 : 120)) types.push_back("fall_detector");
      if (chance(seed, i, 3, 150)) types.push_back("bed_sensor");
      if (chance(seed, i, 4, 200)) types.push_back("smoke");
      if (chance(seed, i, 5, 120)) types.push_back("gas");
      if (chance(seed, i, 6, 50)) types.push_back("water_leak");
      if (chance(seed, i, 7, 100)) types.push_back("heart_rate_band");
    } else if (empty_nest && chance(seed, i, 8, 200)) {
      types = {"sos_pendant"};
    }
    for (auto t : types) {
      char serial[32];
      std::snprintf(serial, sizeof serial, "TZ-%.*s-%06zu",
                    static_cast<int>(serial_prefix(t).size()), serial_prefix(t).data(), i + 1);
      std::string_view location;
      for (const auto& ti : k_types)
        if (ti.type == t) location = ti.location;
      out.push_back({i, serial, std::string(t), std::string(location)});
    }
  }
  return out;
}

}  // namespace ec::registry::demo
