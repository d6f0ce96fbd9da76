// The one list of modules. Adding a module: write modules/<m>/module.cpp, then add it here
// (docs/ARCHITECTURE.md "Adding a module"). The order is the order of the menu groups in the
// permission catalogue, of demo loading, and of starting background services (stopped in
// reverse).
#include "api/module.hpp"

namespace ec {
namespace sys {
const api::module& module_def();
}
namespace registry {
const api::module& module_def();
}
namespace monitoring {
const api::module& module_def();
}
namespace catalog {
const api::module& module_def();
}
namespace assessment {
const api::module& module_def();
}

const std::vector<const api::module*>& api::all_modules() {
  // One module a line.
  // clang-format off
  static const std::vector<const module*> list = {
      &sys::module_def(),
      &registry::module_def(),
      &monitoring::module_def(),
      &catalog::module_def(),
      &assessment::module_def(),
  };
  // clang-format on
  return list;
}

}  // namespace ec
