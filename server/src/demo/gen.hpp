// Deterministic demo elders for 高青县 (area code 370322): realistic names, ages, living
// situations, special categories, phones, contacts and addresses, for the `demo` command,
// screenshots, load tests and tests.
//
// Determinism: the same places, count, seed and `today` give byte-identical output on every
// platform and standard library. Only std::mt19937_64's raw output is used (its sequence is
// fixed by the C++ standard); all distributions are written here, because
// std::uniform_int_distribution and friends differ between libstdc++ and libc++. Each elder
// draws from its own engine seeded from (seed, index), so the first N elders of a run with
// count > N are the same as a run with count = N.
//
// Guarantees (tested): every id_number passes ec::idcard::parse with area 370322 and matches
// `birth` and `sex`; ID numbers are unique; every age on `today` is at least 60; every phone
// (elder and contact) is already normalized, passes ec::phone::normalize, and is unique.
// Failure: none; an empty `places` gives an empty result.
// Thread-safety: pure function.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ec::registry::demo {

struct place {
  std::string name;  // "官庄社区", "台孙村"
  bool village;      // villages get street addresses, communities building/unit/room
  int buildings;     // residential buildings of a community; 0 for a village
};

struct contact {
  // relation codes: son daughter spouse grandchild relative neighbor other
  std::string name, relation, phone;
};

struct elder {
  std::string name, id_number, phone /* may be empty */, living_status, address, notes;
  char sex;  // 'M' or 'F', matching the ID number
  std::chrono::year_month_day birth;
  // Codes: extreme_poverty subsistence lost_only_child disabled low_income left_behind
  // veteran advanced_age
  std::vector<std::string> categories;
  std::vector<contact> contacts;  // 1 or 2
  std::size_t place_index;        // into `places`
  int building;                   // 1-based building of a community, 0 = none
};

// Living-status codes: alone empty_nest with_family institution other.
std::vector<elder> generate(const std::vector<place>& places, std::size_t count, std::uint64_t seed,
                            std::chrono::year_month_day today);

// The places of the Tianzhen article: 官庄社区 and the villages around it.
std::vector<place> gaoqing_places();

}  // namespace ec::registry::demo
