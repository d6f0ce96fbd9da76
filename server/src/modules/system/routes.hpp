// The system module's route registration (module.cpp lists them); internal to the module.
#pragma once

#include "api/router.hpp"

namespace ec::api {

void register_auth_routes(router& r);
void register_org_routes(router& r);
void register_user_routes(router& r);
void register_audit_routes(router& r);
void register_account_routes(router& r);
// GET /api/v1/permissions and GET /api/v1/audit/labels: the catalogue the modules declare.
void register_catalogue_routes(router& r);

}  // namespace ec::api
