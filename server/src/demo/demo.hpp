// Demo data, one loader per module, called through the module list (api::module::demo) by
// `eldercare demo`. Deterministic from a seed, except secrets. Each loader writes what it
// loaded into the summary that `eldercare demo` prints.
#pragma once

#include <cstdint>
#include <string>

#include "core/config.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "demo/load.hpp"

namespace ec::demo {

struct context {
  db::connection& c;
  const config& cfg;
  std::size_t elders = 8000;
  std::uint64_t seed = 20261129;
  std::string password;            // every demo user's
  registry::demo_summary summary;  // filled by the loaders
  std::string notes;               // extra lines for the operator (files written, …)
};

// The org tree, elders, one user per role, building leaders and grid volunteers (and, until
// the loaders are split, the monitoring devices and the escalation plan).
status load_registry(context& ctx);
// Writes the demo devices' secrets (SERIAL:SECRET, mode 600) beside the database, where the
// simulator reads them.
status load_monitoring(context& ctx);
// The home-service catalogue: the GB/T 43153 items a sub-district contracts, with prices.
status load_catalog(context& ctx);
// Ability assessments (GB/T 42195-2022) fitting each elder: reviewed, awaiting review, drafts.
status load_assessments(context& ctx);

}  // namespace ec::demo
