// The registry module's route registration (module.cpp lists it); internal to the module.
#pragma once

#include "api/router.hpp"

namespace ec::api {

void register_elder_routes(router& r);

}  // namespace ec::api
