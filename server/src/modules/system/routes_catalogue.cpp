// The catalogue that the modules declare (api/module.hpp), for the web app: GET /permissions
// (every signed-in user: the names of codes are not secret, and the menu needs them) and
// GET /audit/labels (the audit page's names of entities and actions). Names are in the
// reader's language.
#include "api/json.hpp"
#include "api/module.hpp"

namespace ec::api {
namespace {

std::string_view pick(lang l, std::string_view zh, std::string_view en) {
  return l == lang::en ? en : zh;
}

json::object labels(lang l, const std::vector<label_def> module::*member) {
  json::object out;
  for (const auto* m : all_modules())
    for (const auto& d : m->*member) out[d.code] = pick(l, d.zh, d.en);
  return out;
}

}  // namespace

void register_catalogue_routes(router& r) {
  r.add("GET", "/api/v1/permissions", "", [](context& ctx) -> result<response> {
    json::array groups;
    for (const auto* m : all_modules()) {
      if (m->permissions.empty()) continue;
      json::array perms;
      for (const auto& p : m->permissions) {
        json::array roles;
        for (auto role : p.default_roles) roles.emplace_back(role);
        perms.push_back(json::object{{"code", p.code},
                                     {"name", pick(ctx.language, p.name_zh, p.name_en)},
                                     {"default_roles", std::move(roles)}});
      }
      groups.push_back(json::object{{"module", m->name},
                                    {"name", pick(ctx.language, m->title_zh, m->title_en)},
                                    {"permissions", std::move(perms)}});
    }
    return json_response(200, json::object{{"groups", std::move(groups)}});
  });

  r.add("GET", "/api/v1/audit/labels", "system:audit:view", [](context& ctx) -> result<response> {
    return json_response(200,
                         json::object{{"entities", labels(ctx.language, &module::audit_entities)},
                                      {"actions", labels(ctx.language, &module::audit_actions)}});
  });
}

}  // namespace ec::api
