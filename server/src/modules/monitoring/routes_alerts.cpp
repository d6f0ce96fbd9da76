// Alerts (远程看护 · 告警): the board's and history's list, one alert with its actions,
// notifications and the phone numbers to call, acknowledge and resolve, response-time figures
// per community, and the live feed (GET /api/v1/live, a WebSocket). docs/MONITORING.md has
// the alert JSON and the live feed's messages.
#include <charconv>

#include "api/json.hpp"
#include "api/live_hub.hpp"
#include "api/services.hpp"
#include "core/timeutil.hpp"
#include "modules/monitoring/alert_stats.hpp"
#include "modules/monitoring/alert_view.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/monitoring/service.hpp"
#include "modules/registry/registry.hpp"
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

response view_response(monitoring::alert_view v) {
  return json_response(200, json::value(std::move(v.json)));
}

// The alert as the caller may see it, or not_found.
result<monitoring::alert_view> visible_alert(db::connection& c, const sys::principal& who,
                                             std::int64_t id) {
  db::params args{id};
  auto scope = sys::alert_scope_sql(who, "a", args);
  auto row = c.maybe_one("SELECT a.id FROM alerts a WHERE a.id = ? AND " + scope, args);
  if (!row) return std::move(row).err();
  if (!*row) return not_found();
  auto views = monitoring::load_alert_views(c, {id});
  if (!views) return std::move(views).err();
  if (views->empty()) return not_found();
  return std::move(views->front());
}

// A webhook target is shown without its path and query (they may carry a gateway's key).
std::string shown_target(const std::string& channel, const std::string& target) {
  if (channel != "webhook") return target;
  auto scheme = target.find("://");
  if (scheme == std::string::npos) return {};
  auto slash = target.find('/', scheme + 3);
  return slash == std::string::npos ? target : target.substr(0, slash);
}

json::value opt_time(const db::row& r, std::size_t i) {
  if (r.is_null(i)) return nullptr;
  return json::string(timeutil::iso8601_shanghai(r.i64(i)));
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

// The people and numbers a responder calls for this alert, in full (the read is audited).
result<json::object> contacts_json(db::connection& c, std::int64_t elder_id,
                                   std::int64_t community_id) {
  auto elder = c.one("SELECT name, phone FROM elders WHERE id = ?", {elder_id});
  if (!elder) return std::move(elder).err();
  json::array leaders;
  auto lr = c.query(
      "SELECT u.id, u.display_name, l.relation, u.phone FROM user_elder_links l "
      "JOIN users u ON u.id = l.user_id "
      "WHERE l.elder_id = ? AND u.role_code = 'volunteer' AND u.active = 1 ORDER BY u.id",
      {elder_id});
  if (!lr) return std::move(lr).err();
  for (const auto& r : *lr)
    leaders.push_back(json::object{
        {"user_id", r.i64(0)}, {"name", r.str(1)}, {"relation", r.str(2)}, {"phone", r.str(3)}});
  json::array family;
  auto fr = c.query(
      "SELECT id, name, relation, phone FROM elder_contacts WHERE elder_id = ? ORDER BY sort, id",
      {elder_id});
  if (!fr) return std::move(fr).err();
  for (const auto& r : *fr) {
    auto phone = registry::pii_rows::open_contact_phone(r.str(3));
    if (!phone) return std::move(phone).err();
    family.push_back(json::object{
        {"id", r.i64(0)}, {"name", r.str(1)}, {"relation", r.str(2)}, {"phone", *phone}});
  }
  // The community's own plan, else the sub-district's default row.
  auto plan = c.maybe_one(
      "SELECT p.station_phone, p.emergency_phone, o.name FROM escalation_plans p "
      "LEFT JOIN org_units o ON o.id = ? "
      "WHERE p.community_id = ? OR p.community_id IS NULL "
      "ORDER BY CASE WHEN p.community_id IS NULL THEN 1 ELSE 0 END LIMIT 1",
      {community_id, community_id});
  if (!plan) return std::move(plan).err();
  json::object station{{"community_id", community_id},
                       {"community_name", nullptr},
                       {"station_phone", ""},
                       {"emergency_phone", "120"}};
  if (*plan) {
    station["station_phone"] = (*plan)->str(0);
    station["emergency_phone"] = (*plan)->str(1);
    station["community_name"] = (*plan)->str(2);
  }
  json::value elder_phone = nullptr;
  if (auto p = elder->opt_str(1); p && !p->empty()) {
    auto clear = registry::pii_rows::open_phone(*p);
    if (!clear) return std::move(clear).err();
    elder_phone = json::string(*clear);
  }
  return json::object{{"elder", json::object{{"name", elder->str(0)}, {"phone", elder_phone}}},
                      {"leaders", std::move(leaders)},
                      {"family", std::move(family)},
                      {"station", std::move(station)}};
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

    std::string st = state->value_or("all");
    db::params args;
    std::string where = sys::alert_scope_sql(ctx.who(), "a", args);
    if (st == "active")
      where += " AND a.state <> 'resolved'";
    else if (st != "all") {
      where += " AND a.state = ?";
      args.emplace_back(st);
    }
    if (*severity) {
      where += " AND a.severity = ?";
      args.emplace_back(**severity);
    }
    if (*kind) {
      where += " AND a.kind = ?";
      args.emplace_back(**kind);
    }
    if (*community) {
      where += " AND a.community_id = ?";
      args.emplace_back(**community);
    }
    if (*elder) {
      where += " AND a.elder_id = ?";
      args.emplace_back(**elder);
    }
    if (range->first) {
      where += " AND a.created_at >= ?";
      args.emplace_back(*range->first);
    }
    if (range->second) {
      where += " AND a.created_at < ?";
      args.emplace_back(*range->second);
    }
    // The board: most severe first, then the longest waiting. History: newest first.
    std::string order =
        st == "active" ? "CASE a.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "
                         "a.raised_at, a.id"
                       : "a.created_at DESC, a.id DESC";

    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto total = (*c)->one("SELECT COUNT(*) FROM alerts a WHERE " + where, args);
    if (!total) return std::move(total).err();
    auto qargs = args;
    qargs.emplace_back(size);
    qargs.emplace_back((page - 1) * size);
    auto rows = (*c)->query(
        "SELECT a.id FROM alerts a WHERE " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?",
        qargs);
    if (!rows) return std::move(rows).err();
    std::vector<std::int64_t> ids;
    ids.reserve(rows->size());
    for (const auto& row : *rows) ids.push_back(row.i64(0));
    auto views = monitoring::load_alert_views(**c, ids);
    if (!views) return std::move(views).err();
    json::array items;
    items.reserve(views->size());
    for (auto& v : *views) items.emplace_back(std::move(v.json));
    return json_response(
        200,
        json::object{
            {"items", std::move(items)}, {"total", total->i64(0)}, {"page", page}, {"size", size}});
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
          db::params args;
          std::string where = sys::alert_scope_sql(ctx.who(), "a", args);
          where += " AND a.created_at >= ? AND a.created_at < ?";
          args.emplace_back(from);
          args.emplace_back(to);
          if (*community) {
            where += " AND a.community_id = ?";
            args.emplace_back(**community);
          }
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto rows = (*c)->query(
              "SELECT a.community_id, o.name, a.severity, a.created_at, a.acknowledged_at, "
              "a.resolved_at, a.outcome FROM alerts a JOIN org_units o ON o.id = a.community_id "
              "WHERE " +
                  where,
              args);
          if (!rows) return std::move(rows).err();
          std::vector<monitoring::alert_sample> samples;
          samples.reserve(rows->size());
          for (auto& row : *rows)
            samples.push_back({row.i64(0), row.take_str(1), row.take_str(2), row.i64(3),
                               row.opt_i64(4), row.opt_i64(5), row.str(6)});
          auto rep = monitoring::compute_stats(samples);
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
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto& conn = **c;
          auto v = visible_alert(conn, ctx.who(), *id);
          if (!v) return std::move(v).err();
          auto o = std::move(v->json);
          const auto& elder = o.at("elder").as_object();
          auto elder_id = elder.at("id").as_int64();
          auto community_id = elder.at("community_id").as_int64();
          std::string elder_name(elder.at("name").as_string());

          json::array actions;
          auto ar = conn.query(
              "SELECT id, at, actor_id, actor_name, action, level, note FROM alert_actions "
              "WHERE alert_id = ? ORDER BY at, id",
              {*id});
          if (!ar) return std::move(ar).err();
          for (const auto& row : *ar) {
            json::value actor = nullptr;
            if (!row.is_null(2)) actor = json::object{{"id", row.i64(2)}, {"name", row.str(3)}};
            json::value level = nullptr;
            if (!row.is_null(5)) level = row.i64(5);
            actions.push_back(json::object{{"id", row.i64(0)},
                                           {"at", opt_time(row, 1)},
                                           {"actor", std::move(actor)},
                                           {"actor_name", row.str(3)},
                                           {"action", row.str(4)},
                                           {"level", std::move(level)},
                                           {"note", row.str(6)}});
          }
          json::array notes;
          auto nr = conn.query(
              "SELECT id, level, channel, target, status, attempts, last_error, created_at, "
              "sent_at, next_attempt_at FROM notifications WHERE alert_id = ? "
              "ORDER BY created_at, id",
              {*id});
          if (!nr) return std::move(nr).err();
          for (const auto& row : *nr) {
            auto channel = row.str(2);
            notes.push_back(json::object{{"id", row.i64(0)},
                                         {"level", row.i64(1)},
                                         {"channel", channel},
                                         {"target", shown_target(channel, row.str(3))},
                                         {"status", row.str(4)},
                                         {"attempts", row.i64(5)},
                                         {"last_error", row.str(6)},
                                         {"created_at", opt_time(row, 7)},
                                         {"sent_at", opt_time(row, 8)},
                                         {"next_attempt_at", opt_time(row, 9)}});
          }
          auto contacts = contacts_json(conn, elder_id, community_id);
          if (!contacts) return std::move(contacts).err();
          // Phone numbers in full: responders must call them. One audit entry per read.
          auto st = db::in_transaction(conn, [&]() -> status {
            return sys::audit(
                conn, &ctx.who(), ctx.req.remote_ip,
                {"reveal",
                 "alert",
                 std::to_string(*id),
                 {"revealed the contact phones of alert " + std::to_string(*id) + " (" +
                      elder_name + ")",
                  "查看告警 #" + std::to_string(*id) + " 的联系电话（" + elder_name + "）"},
                 {}});
          });
          if (!st) return std::move(st).err();
          o["actions"] = std::move(actions);
          o["notifications"] = std::move(notes);
          o["contacts"] = std::move(*contacts);
          return json_response(200, o);
        });

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
      auto v = visible_alert(**c, ctx.who(), *id);
      if (!v) return std::move(v).err();
      return view_response(std::move(*v));
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
