// POST /auth/login, POST /auth/logout, GET /me, POST /me/password.
#include "api/json.hpp"
#include "api/live_hub.hpp"
#include "api/services.hpp"
#include "modules/system/routes.hpp"

namespace ec::api {
namespace {

json::object me_json(const sys::principal& p, lang l) {
  json::array perms;
  for (const auto& x : p.permissions) perms.emplace_back(x);
  return {
      {"id", p.user_id},
      {"username", p.username},
      {"display_name", p.display_name},
      {"role", json::object{{"code", p.role_code},
                            {"name", l == lang::zh ? p.role_name_zh : p.role_name_en}}},
      {"org_unit", json::object{{"id", p.org_unit_id}, {"name", p.org_name}, {"kind", p.org_kind}}},
      {"permissions", std::move(perms)},
      {"data_scope", p.data_scope},
      {"csrf_token", p.csrf_token},
      {"must_change_password", p.must_change_password}};
}

std::string session_cookie(const context& ctx, const std::string& value, std::int64_t max_age_s) {
  bool secure = ctx.req.secure || ctx.svc.cfg.secure_cookies;
  return std::string(session_cookie_name(secure)) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
         (secure ? "; Secure" : "");
}

}  // namespace

void register_auth_routes(router& r) {
  r.add("POST", "/api/v1/auth/login", "",
        [](context& ctx) -> result<response> {
          auto body = parse_object(ctx.req.body);
          if (!body) return std::move(body).err();
          reader rd(*body);
          auto user = rd.text("username", true, 64);
          auto pw = rd.text("password", true, 128);
          EC_TRY(rd.finish());
          auto ua = ctx.req.get("user-agent");
          auto res = ctx.svc.auth.login(*user, *pw, ctx.req.remote_ip, ua ? std::string(*ua) : "");
          if (!res) return std::move(res).err();
          ctx.extra_headers.push_back(
              {"set-cookie", session_cookie(ctx, res->token, ctx.svc.cfg.session_ttl_min * 60)});
          return json_response(200, json::object{{"user", me_json(res->who, ctx.language)},
                                                 {"csrf_token", res->who.csrf_token}});
        },
        {.is_public = true});

  r.add("POST", "/api/v1/auth/logout", "", [](context& ctx) -> result<response> {
    EC_TRY(ctx.svc.auth.logout(ctx.who()));
    if (ctx.svc.live) ctx.svc.live->session_ended(ctx.who().token_hash);  // its WebSockets too
    ctx.extra_headers.push_back({"set-cookie", session_cookie(ctx, "", 0)});
    return no_content();
  });

  r.add("GET", "/api/v1/me", "", [](context& ctx) -> result<response> {
    return json_response(200, me_json(ctx.who(), ctx.language));
  });

  r.add("POST", "/api/v1/me/password", "", [](context& ctx) -> result<response> {
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    auto old_pw = rd.text("old_password", true, 128);
    auto new_pw = rd.text("new_password", true, 128);
    EC_TRY(rd.finish());
    EC_TRY(ctx.svc.auth.change_password(ctx.who(), *old_pw, *new_pw));
    // The other sign-ins ended: so do their live feed sockets (this session's stay).
    if (ctx.svc.live) ctx.svc.live->close_user(ctx.who().user_id, ctx.who().token_hash);
    return no_content();
  });
}

}  // namespace ec::api
