// Alerts (远程看护 · 告警): the board's and history's list, one alert with its actions,
// notifications and the phone numbers to call, acknowledge and resolve, response-time figures
// per community, and the live feed (GET /api/v1/live, a WebSocket). docs/MONITORING.md has
// the alert JSON and the live feed's messages. The routes parse and render; the SQL,
// transactions and audit entries are alerts.hpp's, acknowledge and resolve the service's.
#include <charconv>

#include "api/json.hpp"
#include "api/live_hub.hpp"
#include "api/services.hpp"
#include "core/timeutil.hpp"
#include "modules/monitoring/alert_stats.hpp"
#include "modules/monitoring/alerts.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/monitoring/service.hpp"
#include "modules/system/system.hpp"

namespace ec::api {
namespace {

const std::vector<std::string_view> k_states = {"active", "open", "acknowledged", "resolved",
                                                "all"};
const std::vector<std::string_view> k_severities = {"critical", "warning", "technical"};
const std::vector<std::string_view> k_kinds = {"sos",     "fall",       "smoke",      "gas",
                                               "water",   "no_motion",  "door_night", "heart_rate",
                                               "offline", "low_battery"};

constexpr std::int64_t k_day_ms = 86'400'000;

result<std::optional<std::string>> one_of_query(const context& ctx, std::string_view name,
                                                const std::vector<std::string_view>& allowed) {
  auto v = ctx.q(name);
  if (!v) return std::optional<std::string>{};
  for (auto a : allowed)
    if (*v == a) return v;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return error::invalid("request.bad_query", std::string(name), "must be one of " + list);
}

result<std::optional<std::int64_t>> id_query(const context& ctx, std::string_view name) {
  auto v = ctx.q(name);
  if (!v) return std::optional<std::int64_t>{};
  std::int64_t n = 0;
  auto [p, e] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (e != std::errc() || p != v->data() + v->size() || n < 1)
    return error::invalid("request.bad_query", std::string(name), "must be a positive integer");
  return std::optional<std::int64_t>{n};
}

// `from` (inclusive) and `to` (exclusive; a plain date means the whole day) as Unix ms.
result<std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>> range_query(
    const context& ctx) {
  std::optional<std::int64_t> from, to;
  if (auto f = ctx.q("from")) {
    auto t = timeutil::parse_iso8601(*f, "from");
    if (!t) return std::move(t).err();
    from = *t;
  }
  if (auto f = ctx.q("to")) {
    auto t = timeutil::parse_iso8601(*f, "to");
    if (!t) return std::move(t).err();
    to = *t + (f->size() == 10 ? k_day_ms : 0);
  }
  if (from && to && *to <= *from)
    return error::invalid("request.bad_query", "to", "must be later than from");
  return std::make_pair(from, to);
}

json::value opt_number(const std::optional<double>& v) {
  if (!v) return nullptr;
  return *v;
}

json::object figures_json(const monitoring::response_figures& f) {
  return {{"alerts", f.alerts},
          {"acknowledged", f.answered},
          {"resolved", f.resolved},
          {"acknowledged_within_60s", f.within_60s},
          {"ack_median_s", opt_number(f.answer_median_s)},
          {"ack_p90_s", opt_number(f.answer_p90_s)},
          {"resolve_median_s", opt_number(f.resolve_median_s)},
          {"ack_within_60s_share", opt_number(f.within_60s_share)}};
}

// {note?, version?} and, for resolve, {outcome}.
struct handle_input {
  std::string note;
  std::optional<std::int64_t> version;
  std::string outcome;
};

result<handle_input> read_handle_body(const std::string& body, bool resolving) {
  handle_input in;
  // An empty body is fine for acknowledge (one click, nothing to say).
  if (!resolving && body.find_first_not_of(" \t\r\n") == std::string::npos) return in;
  auto obj = parse_object(body);
  if (!obj) return std::move(obj).err();
  reader rd(*obj);
  if (resolving) {
    std::vector<std::string_view> outcomes(std::begin(monitoring::k_outcomes),
                                           std::end(monitoring::k_outcomes));
    in.outcome = rd.one_of("outcome", true, outcomes).value_or("");
  }
  in.note = rd.text("note", false, 500).value_or("");
  in.version = rd.integer("version", false, 1);
  EC_TRY(rd.finish());
  return in;
}

// "Connection: Upgrade" and "Upgrade: websocket", compared without case.
bool is_websocket_upgrade(const request& req) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (auto& ch : out)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
  };
  auto conn = req.get("connection");
  auto up = req.get("upgrade");
  return conn && up && lower(*conn).find("upgrade") != std::string::npos &&
         lower(*up) == "websocket";
}

// The page that opens the socket must be ours: its Origin names the host the request was
// sent to (or a browser-less client sends none). Stops other sites from opening the feed
// with the user's cookie (cross-site WebSocket hijacking).
bool same_origin(const request& req, bool trust_proxy) {
  auto origin = req.get("origin");
  if (!origin) return true;
  auto scheme = origin->find("://");
  if (scheme == std::string_view::npos) return false;  // "null" and the like
  auto authority = origin->substr(scheme + 3);
  auto eq = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
      if (std::tolower(x) != std::tolower(y)) return false;
    }
    return true;
  };
  if (auto host = req.get("host"); host && eq(authority, *host)) return true;
  if (trust_proxy)
    if (auto fwd = req.get("x-forwarded-host"); fwd && eq(authority, *fwd)) return true;
  return false;
}

}  // namespace

void register_alert_routes(router& r) {
  r.add("GET", "/api/v1/alerts", "monitoring:alert:view", [](context& ctx) -> result<response> {
    auto state = one_of_query(ctx, "state", k_states);
    if (!state) return std::move(state).err();
    auto severity = one_of_query(ctx, "severity", k_severities);
    if (!severity) return std::move(severity).err();
    auto kind = one_of_query(ctx, "kind", k_kinds);
    if (!kind) return std::move(kind).err();
    auto community = id_query(ctx, "community_id");
    if (!community) return std::move(community).err();
    auto elder = id_query(ctx, "elder_id");
    if (!elder) return std::move(elder).err();
    auto range = range_query(ctx);
    if (!range) return std::move(range).err();
    auto pg = page_params(ctx, 20, 500);
    if (!pg) return std::move(pg).err();
    auto [page, size] = *pg;

    monitoring::alert_filter f;
    f.state = state->value_or("all");
    f.severity = *severity;
    f.kind = *kind;
    f.community_id = *community;
    f.elder_id = *elder;
    f.from = range->first;
    f.to = range->second;
    f.page = page;
    f.size = size;
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto found = monitoring::list_alerts(**c, ctx.who(), f);
    if (!found) return std::move(found).err();
    json::array items;
    items.reserve(found->items.size());
    for (auto& v : found->items) items.emplace_back(std::move(v.json));
    return json_response(
        200,
        json::object{
            {"items", std::move(items)}, {"total", found->total}, {"page", page}, {"size", size}});
  });

  r.add("GET", "/api/v1/alerts/stats", "monitoring:alert:view",
        [](context& ctx) -> result<response> {
          auto community = id_query(ctx, "community_id");
          if (!community) return std::move(community).err();
          auto range = range_query(ctx);
          if (!range) return std::move(range).err();
          auto to = range->second.value_or(timeutil::now_unix_ms());
          auto from = range->first.value_or(to - 30 * k_day_ms);
          if (to <= from) return error::invalid("request.bad_query", "from", "must be before to");
          if (to - from > 400 * k_day_ms)
            return error::invalid("request.bad_query", "from", "the range is at most 400 days");
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto samples = monitoring::load_alert_samples(**c, ctx.who(), from, to, *community);
          if (!samples) return std::move(samples).err();
          auto rep = monitoring::compute_stats(*samples);
          json::array list;
          for (const auto& cf : rep.communities) {
            auto o = figures_json(cf.all);
            o["community_id"] = cf.community_id;
            o["community_name"] = cf.community_name;
            o["critical"] = figures_json(cf.critical);
            o["warning"] = figures_json(cf.warning);
            o["technical"] = figures_json(cf.technical);
            list.push_back(std::move(o));
          }
          return json_response(200, json::object{{"from", timeutil::iso8601_shanghai(from)},
                                                 {"to", timeutil::iso8601_shanghai(to)},
                                                 {"communities", std::move(list)},
                                                 {"total", figures_json(rep.total)}});
        });

  r.add("GET", "/api/v1/alerts/{id}", "monitoring:alert:view",
        item_handler([](context& ctx, db::connection& c, std::int64_t id) -> result<response> {
          auto detail = monitoring::alert_detail(c, ctx.who(), id, ctx.req.remote_ip);
          if (!detail) return std::move(detail).err();
          return json_response(200, *detail);
        }));

  auto handle = [](bool resolving) {
    return [resolving](context& ctx) -> result<response> {
      auto id = ctx.id();
      if (!id) return std::move(id).err();
      auto in = read_handle_body(ctx.req.body, resolving);
      if (!in) return std::move(in).err();
      if (!ctx.svc.get<monitoring::service>())
        return error::make(errc::unavailable, "monitoring.unavailable",
                           "Remote monitoring is not running");
      auto done = resolving
                      ? ctx.svc.get<monitoring::service>()->resolve(
                            *id, ctx.who(), in->outcome, in->note, in->version, ctx.req.remote_ip)
                      : ctx.svc.get<monitoring::service>()->acknowledge(
                            *id, ctx.who(), in->note, in->version, ctx.req.remote_ip);
      if (!done) return std::move(done).err();
      auto c = ctx.svc.db.acquire();
      if (!c) return std::move(c).err();
      auto v = monitoring::visible_alert(**c, ctx.who(), *id);
      if (!v) return std::move(v).err();
      return json_response(200, json::value(std::move(v->json)));
    };
  };
  r.add("POST", "/api/v1/alerts/{id}/acknowledge", "monitoring:alert:handle", handle(false));
  r.add("POST", "/api/v1/alerts/{id}/resolve", "monitoring:alert:handle", handle(true));

  r.add("GET", "/api/v1/live", "monitoring:alert:view", [](context& ctx) -> result<response> {
    if (!is_websocket_upgrade(ctx.req)) {
      auto res = error_response(error::make(errc::invalid, "live.upgrade_required",
                                            "This route is a WebSocket: send an upgrade request"),
                                ctx.language);
      res.status = 426;
      res.set("upgrade", "websocket");
      return res;
    }
    if (!same_origin(ctx.req, ctx.svc.cfg.trust_proxy))
      return error::make(errc::forbidden, "live.origin",
                         "The Origin header does not match the host");
    if (!ctx.svc.live)
      return error::make(errc::unavailable, "monitoring.unavailable", "The live feed is off");
    auto peer = ctx.svc.live->connect(ctx.who());
    if (!peer) return std::move(peer).err();
    response res;
    res.status = 101;
    res.content_type.clear();
    res.upgrade = std::move(*peer);
    return res;
  });
}

}  // namespace ec::api
