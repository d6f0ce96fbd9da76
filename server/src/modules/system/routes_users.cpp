// Users and roles: GET/POST /users, GET/PUT /users/{id}, POST /users/{id}/reset-password,
// GET /roles. Routes parse and render; users.cpp owns the SQL, the transactions, the audit
// entries, the granting rules and what happens after a change (sessions, live feed).
#include <regex>

#include "api/json.hpp"
#include "api/services.hpp"
#include "core/phone.hpp"
#include "modules/system/routes.hpp"
#include "modules/system/users.hpp"

namespace ec::api {
namespace {

// `phone` from a body: absent → nullopt; null or "" → "" (clear); else normalized (or a
// field error).
std::optional<std::string> read_phone(reader& rd) {
  if (!rd.has("phone")) return std::nullopt;
  auto p = rd.nullable_text("phone", 32);
  if (!p) return std::nullopt;
  if (p->empty()) return std::string();
  auto n = phone::normalize(*p, "phone");
  if (!n) {
    rd.add_error("phone", n.err().code, n.err().message);
    return std::nullopt;
  }
  return *n;
}

}  // namespace

void register_user_routes(router& r) {
  r.add("GET", "/api/v1/roles", "system:user:view", [](context& ctx) -> result<response> {
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto roles = sys::list_roles(**c, ctx.who());
    if (!roles) return std::move(roles).err();
    json::array items;
    for (const auto& ro : *roles) items.push_back(sys::role_json(ro, ctx.language));
    return json_response(200, json::object{{"items", std::move(items)}});
  });

  r.add("GET", "/api/v1/users", "system:user:view", [](context& ctx) -> result<response> {
    auto pg = page_params(ctx, 20, 200);
    if (!pg) return std::move(pg).err();
    sys::user_filter f;
    f.page = pg->first;
    f.size = pg->second;
    if (auto q = ctx.q("q")) f.q = *q;
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto users = sys::list_users(**c, ctx.who(), f);
    if (!users) return std::move(users).err();
    json::array items;
    for (const auto& u : users->items) items.push_back(sys::user_json(u, ctx.language));
    return json_response(200, json::object{{"items", std::move(items)},
                                           {"total", users->total},
                                           {"page", f.page},
                                           {"size", f.size}});
  });

  r.add("POST", "/api/v1/users", "system:user:edit", [](context& ctx) -> result<response> {
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    auto username = rd.text("username", true, 32);
    auto display = rd.text("display_name", true, 32);
    auto role = rd.one_of("role", true, sys::k_roles);
    auto org = rd.integer("org_unit_id", true, 1);
    auto password = rd.text("password", true, 128);
    auto phone_v = read_phone(rd);
    static const std::regex name_re("^[A-Za-z0-9_.]{3,32}$");
    if (username && !std::regex_match(*username, name_re))
      rd.add_error("username", "user.username_invalid", "3-32 letters, digits, _ or .");
    if (username && password) {
      auto pw = sys::auth_service::check_password_rule(*username, *password, "password");
      if (!pw) rd.add_error("password", pw.err().code, pw.err().message);
    }
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto u = sys::create_user(ctx.svc, **c, ctx.who(), ctx.req.remote_ip,
                              {*username, *display, *role, *password, *org, phone_v.value_or("")});
    if (!u) return std::move(u).err();
    return json_response(201, sys::user_json(*u, ctx.language));
  });

  r.add("GET", "/api/v1/users/{id}", "system:user:view",
        item_handler([](context& ctx, db::connection& c, std::int64_t id) -> result<response> {
          auto u = sys::get_user(c, ctx.who(), id);
          if (!u) return std::move(u).err();
          return json_response(200, sys::user_json(*u, ctx.language));
        }));

  r.add("PUT", "/api/v1/users/{id}", "system:user:edit", [](context& ctx) -> result<response> {
    auto id = ctx.id();
    if (!id) return std::move(id).err();
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    sys::user_change in;
    in.display_name = rd.text("display_name", false, 32);
    in.role = rd.one_of("role", false, sys::k_roles);
    in.org_unit_id = rd.integer("org_unit_id", false, 1);
    in.active = rd.boolean("active", false);
    in.unlock = rd.boolean("unlock", false);
    in.phone = read_phone(rd);
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto u = sys::update_user(ctx.svc, **c, ctx.who(), ctx.req.remote_ip, *id, in);
    if (!u) return std::move(u).err();
    return json_response(200, sys::user_json(*u, ctx.language));
  });

  r.add("POST", "/api/v1/users/{id}/reset-password", "system:user:edit",
        item_handler([](context& ctx, db::connection& c, std::int64_t id) -> result<response> {
          auto temp = sys::reset_password(ctx.svc, c, ctx.who(), ctx.req.remote_ip, id);
          if (!temp) return std::move(temp).err();
          return json_response(200, json::object{{"temporary_password", *temp}});
        }));
}

}  // namespace ec::api
