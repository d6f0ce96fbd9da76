// Loads the Tianzhen demo: the sub-district's org tree (the article's
// communities and villages and a few more, with buildings and grids), about
// 8,000 elders from demo_gen, and one user per role. Deterministic from a seed.
// Everything is written in one transaction; refuses if elders already exist.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace ec::registry {

struct demo_user {
  std::string username, display_name, role, unit;
};

struct demo_summary {
  int units = 0;
  int elders = 0;
  std::vector<demo_user> users;
};

result<demo_summary> load_demo(db::connection& c, std::size_t elders, std::uint64_t seed,
                               const std::string& password);

}  // namespace ec::registry
