// Which demo elders get which monitoring devices (远程看护), deterministic from the seed.
//
// Every elder living alone gets an SOS pendant and a door sensor; about a third of them also a
// motion sensor, and some a fall detector (more often the oldest and the disabled), a bed
// sensor, a smoke or gas detector, a water-leak sensor or a heart-rate band. About one
// empty-nest elder in five has an SOS pendant. Serials name the type and the elder's position
// in the generated list: TZ-SOS-000123 is the SOS pendant of demo elder 123 (1-based), so the
// type can be read back from the serial (serial_prefix / type_of_serial).
//
// Failure: none. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ec::registry::demo {

struct elder;

struct device_plan {
  std::size_t elder_index = 0;  // into the generated elders
  std::string serial;           // TZ-SOS-000123
  std::string type;             // sos_pendant, door_sensor, … (monitoring device types)
  std::string location;         // 卧室, 卫生间, 客厅, 门口, 厨房, 随身
};

// Serial prefixes by device type: SOS FALL DOOR PIR BED SMOKE GAS WATER HR GPS.
std::string_view serial_prefix(std::string_view device_type);
// The device type of a demo serial ("TZ-PIR-000007" → "motion_sensor"); nullopt otherwise.
std::optional<std::string> type_of_serial(std::string_view serial);

std::vector<device_plan> plan_devices(const std::vector<elder>& elders, std::uint64_t seed,
                                      int today_year);

}  // namespace ec::registry::demo
