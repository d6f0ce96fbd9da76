// A module: everything one capability brings to the server, declared in one place
// (modules/<m>/module.cpp) and listed once in modules/modules.cpp. The app, `main` and the
// tests walk that list; nothing else that is shared names a module.
//
// A declaration is plain data plus function pointers, built once at start and read-only
// afterwards (thread-safe to read). docs/ARCHITECTURE.md "Adding a module" is the checklist.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/router.hpp"
#include "api/services.hpp"
#include "core/result.hpp"

namespace ec::demo {
struct context;  // demo/demo.hpp
}

namespace ec::api {

// A permission `module:entity:action`, its names, and the roles that hold it by default (granted
// once, when the permission is first seen by a database; an administrator's later change stays).
struct permission_def {
  std::string_view code;
  std::string_view name_zh;
  std::string_view name_en;
  std::vector<std::string_view> default_roles;
};

// A code with its Chinese and English text: an audit entity or action, a field label.
struct label_def {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};

// An error code and its messages. `{f}` in the Chinese text is replaced by the field's label;
// the English text is the default, call sites may give a more specific one.
struct error_def {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};

// Work that runs beside the HTTP server (ingestion, timers). `start` runs before the server
// accepts requests and may `svc.put` the object its routes use; `stop` runs after the server
// has finished its requests, in the reverse order of the module list.
struct background_service {
  std::string_view name;
  std::function<status(services&)> start;
  std::function<void(services&)> stop;
};

struct module {
  // Members have default initializers, so a declaration names only what it brings.
  std::string_view name = {};  // "registry": the first part of its permission codes
  std::string_view title_zh = {};
  std::string_view title_en = {};
  void (*routes)(router&) = nullptr;
  std::vector<permission_def> permissions = {};
  std::vector<label_def> audit_entities = {};
  std::vector<label_def> audit_actions = {};
  std::vector<label_def> fields = {};  // field labels for error messages ("serial" → 设备序列号)
  std::vector<error_def> errors = {};
  // Appends the module's lines to /metrics (Prometheus text); null: none.
  void (*metrics)(const services&, std::string& out) = nullptr;
  std::vector<background_service> background = {};
  // Loads the module's demo data (demo/); null: none. Called in the list's order.
  status (*demo)(demo::context&) = nullptr;
};

// The catalogue built from the module list (modules/modules.cpp).
const std::vector<const module*>& all_modules();

// Every route of every module (the app and the OpenAPI test use this one list).
void register_all_routes(router& r);

// Adds every declared permission that the database has not seen yet to `permissions` and grants
// it to its default roles, in one transaction (run at start, after the migrations). Failure: a
// database error, or a default role that does not exist (errc::internal, naming it).
status sync_permissions(db::connection& c);

// Lookups over the catalogue; null when unknown.
const permission_def* find_permission(std::string_view code);
const error_def* find_error(std::string_view code);
const label_def* find_field(std::string_view code);

}  // namespace ec::api
