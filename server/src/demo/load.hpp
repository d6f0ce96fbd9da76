// Loads the Tianzhen demo: the sub-district's org tree (the article's
// communities and villages and a few more, with buildings and grids), about
// 8,000 elders from demo_gen, one user per role (with work phones), monitoring devices for
// the elders who live alone (demo_devices.hpp; each with its own random secret) and an
// escalation plan for 官庄社区 with its station's duty phone. Deterministic from a seed, except
// the device secrets. Everything is written in one transaction; refuses if elders already
// exist.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace ec::registry {

struct demo_user {
  std::string username, display_name, role, unit, phone;
};

// A registered demo device and its secret (shown once: written to data/demo-devices.txt so
// that the simulator can sign in as the device).
struct demo_device {
  std::string serial, secret;
};

struct demo_summary {
  int units = 0;
  int elders = 0;
  std::vector<demo_user> users;
  int leaders = 0;  // building leaders and grid volunteers besides `louzhang`
  std::vector<demo_device> devices;
};

// Writes one "SERIAL:SECRET" line per device to `path`, readable by the owner only (the
// file is created with mode 600 and set to it if it existed). Failure: errc::internal.
status write_device_secrets(const std::string& path, const std::vector<demo_device>& devices);

result<demo_summary> load_demo(db::connection& c, std::size_t elders, std::uint64_t seed,
                               const std::string& password);

}  // namespace ec::registry
