// The monitoring module's route registration (module.cpp lists them); internal to the module.
#pragma once

#include "api/router.hpp"

namespace ec::api {

void register_ingest_routes(router& r);
void register_device_routes(router& r);
void register_device_import_routes(router& r);
void register_monitoring_settings_routes(router& r);
void register_alert_routes(router& r);
void register_health_routes(router& r);

}  // namespace ec::api
