// The assessment module's route registration (module.cpp lists it); internal to the module.
#pragma once

#include "api/router.hpp"

namespace ec::assessment {

void register_routes(api::router& r);

}  // namespace ec::assessment
