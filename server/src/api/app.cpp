#include "api/app.hpp"

#include <spdlog/spdlog.h>

#include "api/json.hpp"
#include "api/live_hub.hpp"
#include "api/module.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace ec::api {
namespace {

std::string cookie_value(const request& req, std::string_view name) {
  auto h = req.get("cookie");
  if (!h) return {};
  std::string_view s = *h;
  while (!s.empty()) {
    auto semi = s.find(';');
    auto part = s.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return {};
}

void security_headers(response& r, bool html) {
  r.set("x-content-type-options", "nosniff");
  r.set("x-frame-options", "DENY");
  r.set("referrer-policy", "same-origin");
  if (html)
    r.set("content-security-policy",
          "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
          "script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'");
}

}  // namespace

app::app(const config& cfg, db::database& db) : svc_(cfg, db), static_(cfg.web_root) {
  register_all_routes(router_);
  if (static_.size() == 0)
    spdlog::warn("no web app found under '{}' (build it with: npm --prefix web run build)",
                 cfg.web_root);
}

namespace {

// What every API answer carries: security headers, no caching, and the route's own headers.
response finish_api(response r, const std::vector<header>& extra = {}) {
  r.headers.reserve(r.headers.size() + 4 + extra.size());
  security_headers(r, false);
  r.set("cache-control", "no-store");
  for (const auto& h : extra) r.headers.push_back(h);
  return r;
}

}  // namespace

admission app::admit(request& req) {
  admission a;
  auto parsed = parse_target(req.target);
  if (!parsed || !parsed->path.starts_with("/api/")) return a;
  req.admitted = true;
  const route* rt = router_.match(req.method, parsed->path, req.params, req.path_matched);
  req.route = rt;
  if (!rt || !rt->body_limit) return a;
  const auto raised = rt->body_limit(svc_.cfg);
  if (raised <= (static_cast<std::size_t>(svc_.cfg.body_limit_kib) << 10) || rt->is_public) {
    a.body_limit = raised;
    return a;
  }
  if (auto who = authorize(req, *rt, false); !who) {
    a.refusal = finish_api(error_response(who.err(), lang_of(req)));
    svc_.metrics.record(req.method, rt->pattern, a.refusal->status, 0.0);
    return a;
  }
  a.body_limit = raised;
  return a;
}

result<std::shared_ptr<const sys::principal>> app::authorize(const request& req, const route& rt,
                                                             bool count) {
  auto token = cookie_value(req, session_cookie_name(req.secure || svc_.cfg.secure_cookies));
  auto p = svc_.auth.authenticate(token, req.remote_ip);
  if (!p) return std::move(p).err();
  const auto& who = **p;
  bool mutating = req.method != "GET" && req.method != "HEAD";
  if (mutating) {
    auto sent = req.get("x-csrf-token");
    if (!sent || !crypto::constant_time_equal(*sent, who.csrf_token))
      return error::make(errc::forbidden, "auth.csrf", "Missing or wrong X-CSRF-Token header");
  }
  if (count) {
    if (int wait = svc_.auth.api_hit(who.token_hash)) {
      auto e = error::make(errc::rate_limited, "request.rate_limited", "Too many requests");
      e.retry_after = wait;
      return e;
    }
  }
  // Until a temporary password is replaced, only the password route works.
  if (who.must_change_password && rt.pattern != "/api/v1/me" &&
      rt.pattern != "/api/v1/me/password" && rt.pattern != "/api/v1/auth/logout")
    return error::make(errc::forbidden, "auth.must_change_password",
                       "Change the temporary password first");
  if (!rt.permission.empty() && !who.can(rt.permission))
    return error::make(errc::forbidden, "auth.forbidden", "Missing permission " + rt.permission);
  return std::move(*p);
}

// /metrics holds no personal data but tells how the service is used: with a token configured
// it answers only to that bearer token, else only to clients on this machine (the client's
// address as the server sees it, so behind a reverse proxy with trust_proxy the proxied
// client's, not the proxy's).
std::optional<response> app::metrics_refusal(const request& req, lang lg) const {
  const auto& token = svc_.cfg.metrics_token;
  if (!token.empty()) {
    auto h = req.get("authorization").value_or("");
    constexpr std::string_view bearer = "Bearer ";
    if (h.starts_with(bearer) && crypto::constant_time_equal(h.substr(bearer.size()), token))
      return std::nullopt;
    auto r = error_response(
        error::make(errc::unauthorized, "metrics.token", "/metrics needs its bearer token"), lg);
    r.set("www-authenticate", "Bearer realm=\"metrics\"");
    return r;
  }
  // net/ writes addresses in their canonical text form: 127.x.y.z, ::1, ::ffff:127.x.y.z.
  std::string_view ip = req.remote_ip;
  if (ip.starts_with("::ffff:")) ip.remove_prefix(7);
  if (ip.starts_with("127.") || ip == "::1") return std::nullopt;
  return error_response(error::make(errc::forbidden, "metrics.forbidden",
                                    "/metrics answers only on this machine unless "
                                    "ELDERCARE_METRICS_TOKEN is set"),
                        lg);
}

response app::handle(request& req) {
  auto t0 = std::chrono::steady_clock::now();
  std::string route_label = "unmatched";
  response res = dispatch(req, route_label);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  svc_.metrics.record(req.method, route_label, res.status, secs);
  if (res.status >= 500) spdlog::warn("{} {} -> {}", req.method, req.target, res.status);
  return res;
}

response app::dispatch(request& req, std::string& route_label) {
  auto lg = lang_of(req);
  auto parsed = parse_target(req.target);
  if (!parsed) {
    route_label = "bad_target";
    auto r = error_response(parsed.err(), lg);
    r.status = 400;
    return r;
  }
  std::string& path = parsed->path;
  if (path == "/healthz") {
    route_label = "/healthz";
    response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok\n";
    r.set("cache-control", "no-store");
    return r;
  }
  if (path == "/metrics") {
    route_label = "/metrics";
    if (auto refused = metrics_refusal(req, lg)) return std::move(*refused);
    response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = svc_.metrics.render();
    if (svc_.live) svc_.live->render_metrics(r.body);
    for (const auto* m : all_modules())
      if (m->metrics) m->metrics(svc_, r.body);
    return r;
  }
  if (!path.starts_with("/api/")) {
    route_label = "static";
    if (req.method != "GET" && req.method != "HEAD") {
      return error_response(error::make(errc::not_found, "not_found", "Not found"), lg);
    }
    auto inm = req.get("if-none-match");
    auto accept = req.get("accept-encoding");
    auto s =
        static_.serve(path, inm ? *inm : std::string_view(), accept ? *accept : std::string_view());
    if (!s) {
      response r;
      r.status = 404;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "not found\n";
      return r;
    }
    security_headers(*s, s->content_type.starts_with("text/html"));
    return std::move(*s);
  }

  context ctx{req, svc_, lg, std::move(path), std::move(parsed->query), {}, nullptr, {}};
  bool path_matched = false;
  const route* rt = nullptr;
  if (req.admitted) {  // matched when the headers arrived
    rt = static_cast<const route*>(req.route);
    path_matched = req.path_matched;
    ctx.params = std::move(req.params);
  } else {
    rt = router_.match(req.method, ctx.path, ctx.params, path_matched);
  }
  auto finish = [&](response r) { return finish_api(std::move(r), ctx.extra_headers); };
  if (!rt) {
    route_label = path_matched ? "method_not_allowed" : "not_found";
    auto r = error_response(error::make(errc::not_found, "not_found", "No such route"), lg);
    if (path_matched) {
      r = error_response(error::make(errc::invalid, "request.method_not_allowed",
                                     "Method not allowed on this route"),
                         lg);
      r.status = 405;
    }
    return finish(std::move(r));
  }
  route_label = rt->pattern;

  std::shared_ptr<const sys::principal> who_ptr;
  if (!rt->is_public) {
    // Also for a route that admit() already authorized at header time: a large upload takes a
    // while, and a session signed out or a permission withdrawn meanwhile must not complete it.
    auto p = authorize(req, *rt, true);
    if (!p) return finish(error_response(p.err(), lg));
    who_ptr = std::move(*p);
    ctx.user = who_ptr.get();
  }
  try {
    auto r = rt->fn(ctx);
    if (!r) {
      if (r.err().kind == errc::internal)
        spdlog::error("{} {}: {} ({})", req.method, rt->pattern, r.err().message, r.err().code);
      return finish(error_response(r.err(), lg));
    }
    return finish(std::move(*r));
  } catch (const std::exception& e) {
    spdlog::error("{} {} threw: {}", req.method, rt->pattern, e.what());
    return finish(error_response(error::make(errc::internal, "internal", e.what()), lg));
  }
}

}  // namespace ec::api
