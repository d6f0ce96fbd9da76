#include "modules/monitoring/alerts.hpp"

#include "core/phone.hpp"
#include "core/timeutil.hpp"
#include "modules/monitoring/types.hpp"
#include "modules/registry/registry.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

json::value opt_time(const db::row& r, std::size_t i) {
  if (r.is_null(i)) return nullptr;
  return json::string(timeutil::iso8601_shanghai(r.i64(i)));
}

// A webhook target is shown without its path and query (they may carry a gateway's key).
std::string shown_target(const std::string& channel, const std::string& target) {
  if (channel != "webhook") return target;
  auto scheme = target.find("://");
  if (scheme == std::string::npos) return {};
  auto slash = target.find('/', scheme + 3);
  return slash == std::string::npos ? target : target.substr(0, slash);
}

result<json::array> actions_json(db::connection& c, std::int64_t id) {
  json::array actions;
  auto ar = c.query(
      "SELECT id, at, actor_id, actor_name, action, level, note FROM alert_actions "
      "WHERE alert_id = ? ORDER BY at, id",
      {id});
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
  return actions;
}

result<json::array> notifications_json(db::connection& c, std::int64_t id) {
  json::array notes;
  auto nr = c.query(
      "SELECT id, level, channel, target, status, attempts, last_error, created_at, "
      "sent_at, next_attempt_at FROM notifications WHERE alert_id = ? "
      "ORDER BY created_at, id",
      {id});
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
  return notes;
}

// The people and numbers a responder calls for this alert: the personal numbers (the elder's,
// the leaders', the family's) in full when `full`, else masked; the station's and the
// emergency number always in full.
result<json::object> contacts_json(db::connection& c, std::int64_t elder_id,
                                   std::int64_t community_id, bool full) {
  auto shown = [full](std::string p) { return full || p.empty() ? p : phone::mask(p); };
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
    leaders.push_back(json::object{{"user_id", r.i64(0)},
                                   {"name", r.str(1)},
                                   {"relation", r.str(2)},
                                   {"phone", shown(r.str(3))}});
  json::array family;
  auto fr = c.query(
      "SELECT id, name, relation, phone FROM elder_contacts WHERE elder_id = ? ORDER BY sort, id",
      {elder_id});
  if (!fr) return std::move(fr).err();
  for (const auto& r : *fr) {
    // Stored encrypted (registry/pii_rows.hpp).
    auto phone = registry::pii_rows::open_contact_phone(r.str(3));
    if (!phone) return std::move(phone).err();
    family.push_back(json::object{
        {"id", r.i64(0)}, {"name", r.str(1)}, {"relation", r.str(2)}, {"phone", shown(*phone)}});
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
    elder_phone = json::string(shown(*clear));
  }
  return json::object{{"elder", json::object{{"name", elder->str(0)}, {"phone", elder_phone}}},
                      {"leaders", std::move(leaders)},
                      {"family", std::move(family)},
                      {"station", std::move(station)}};
}

struct alert_row {
  std::int64_t id, device_id, version;
  std::string state, kind, serial;
};

// The alert to acknowledge or resolve, in the caller's scope and at `version` (when given);
// fills in what `h` says about it.
result<alert_row> load_for_handling(db::connection& c, std::int64_t alert_id,
                                    const sys::principal& who, std::optional<std::int64_t> version,
                                    handled_alert& h) {
  auto r =
      sys::maybe_one_in_scope(c, who, sys::alert_scope_sql, "a",
                              "SELECT a.id, a.device_id, a.version, a.state, a.kind, d.serial "
                              "FROM alerts a JOIN devices d ON d.id = a.device_id WHERE a.id = ?",
                              {alert_id});
  if (!r) return std::move(r).err();
  if (!*r) return error::make(errc::not_found, "alert.not_found", "No such alert");
  const auto& row = **r;
  alert_row a{row.i64(0), row.i64(1), row.i64(2), row.str(3), row.str(4), row.str(5)};
  h.device_id = a.device_id;
  h.kind = a.kind;
  h.serial = a.serial;
  if (version && *version != a.version)
    return error::make(errc::conflict, "alert.stale", "The alert changed meanwhile; reload");
  return a;
}

// The alert's history line (`done`: acknowledged, resolved) and the audit entry (`action`:
// acknowledge, resolve) of a handling step, in the caller's transaction.
status record_handling(db::connection& c, const sys::principal& who, std::string_view ip,
                       std::int64_t alert_id, std::int64_t now, std::string action,
                       std::string done, std::string note, sys::summary_text text) {
  auto act = c.exec(
      "INSERT INTO alert_actions (alert_id, at, actor_id, actor_name, action, note) VALUES "
      "(?, ?, ?, ?, ?, ?)",
      {alert_id, now, who.user_id, who.display_name, std::move(done), std::move(note)});
  if (!act) return std::move(act).err();
  return sys::audit(
      c, &who, std::string(ip),
      {std::move(action), "alert", std::to_string(alert_id), std::move(text), std::nullopt});
}

}  // namespace

result<alert_page> list_alerts(db::connection& c, const sys::principal& who,
                               const alert_filter& f) {
  db::params args;
  std::string where = sys::alert_scope_sql(who, "a", args);
  if (f.state == "active")
    where += " AND a.state <> 'resolved'";
  else if (f.state != "all") {
    where += " AND a.state = ?";
    args.emplace_back(f.state);
  }
  db::and_if(where, args, "a.severity = ?", f.severity);
  db::and_if(where, args, "a.kind = ?", f.kind);
  db::and_if(where, args, "a.community_id = ?", f.community_id);
  db::and_if(where, args, "a.elder_id = ?", f.elder_id);
  db::and_if(where, args, "a.created_at >= ?", f.from);
  db::and_if(where, args, "a.created_at < ?", f.to);
  // The board: most severe first, then the longest waiting. History: newest first.
  std::string order =
      f.state == "active"
          ? "CASE a.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "
            "a.raised_at, a.id"
          : "a.created_at DESC, a.id DESC";
  auto total = c.one("SELECT COUNT(*) FROM alerts a WHERE " + where, args);
  if (!total) return std::move(total).err();
  auto qargs = args;
  qargs.emplace_back(f.size);
  qargs.emplace_back((f.page - 1) * f.size);
  auto rows = c.query(
      "SELECT a.id FROM alerts a WHERE " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?",
      qargs);
  if (!rows) return std::move(rows).err();
  std::vector<std::int64_t> ids;
  ids.reserve(rows->size());
  for (const auto& row : *rows) ids.push_back(row.i64(0));
  auto views = load_alert_views(c, ids);
  if (!views) return std::move(views).err();
  return alert_page{std::move(*views), total->i64(0)};
}

result<std::vector<alert_sample>> load_alert_samples(db::connection& c, const sys::principal& who,
                                                     std::int64_t from, std::int64_t to,
                                                     std::optional<std::int64_t> community_id) {
  db::params args;
  std::string where = sys::alert_scope_sql(who, "a", args);
  where += " AND a.created_at >= ? AND a.created_at < ?";
  args.emplace_back(from);
  args.emplace_back(to);
  db::and_if(where, args, "a.community_id = ?", community_id);
  auto rows = c.query(
      "SELECT a.community_id, o.name, a.severity, a.created_at, a.acknowledged_at, "
      "a.resolved_at, a.outcome FROM alerts a JOIN org_units o ON o.id = a.community_id "
      "WHERE " +
          where,
      args);
  if (!rows) return std::move(rows).err();
  std::vector<alert_sample> samples;
  samples.reserve(rows->size());
  for (auto& row : *rows)
    samples.push_back({row.i64(0), row.take_str(1), row.take_str(2), row.i64(3), row.opt_i64(4),
                       row.opt_i64(5), row.str(6)});
  return samples;
}

result<alert_view> visible_alert(db::connection& c, const sys::principal& who, std::int64_t id) {
  auto row = sys::maybe_one_in_scope(c, who, sys::alert_scope_sql, "a",
                                     "SELECT a.id FROM alerts a WHERE a.id = ?", {id});
  if (!row) return std::move(row).err();
  if (!*row) return not_found();
  auto views = load_alert_views(c, {id});
  if (!views) return std::move(views).err();
  if (views->empty()) return not_found();
  return std::move(views->front());
}

bool sees_full_phones(const sys::principal& who) {
  return who.can("monitoring:alert:handle") || who.can("registry:elder:reveal");
}

result<json::object> alert_detail(db::connection& c, const sys::principal& who, std::int64_t id,
                                  std::string_view ip) {
  auto v = visible_alert(c, who, id);
  if (!v) return std::move(v).err();
  auto o = std::move(v->json);
  std::int64_t elder_id = 0, community_id = 0;
  std::string elder_name;
  {
    const auto& elder = o.at("elder").as_object();
    elder_id = elder.at("id").as_int64();
    community_id = elder.at("community_id").as_int64();
    elder_name = std::string(elder.at("name").as_string());
  }
  auto actions = actions_json(c, id);
  if (!actions) return std::move(actions).err();
  auto notes = notifications_json(c, id);
  if (!notes) return std::move(notes).err();
  const bool full = sees_full_phones(who);
  auto contacts = contacts_json(c, elder_id, community_id, full);
  if (!contacts) return std::move(contacts).err();
  if (full) {
    // Phone numbers in full: responders must call them. One audit entry per read.
    auto st = db::in_transaction(c, [&]() -> status {
      return sys::audit(
          c, &who, std::string(ip),
          {"reveal",
           "alert",
           std::to_string(id),
           {"revealed the contact phones of alert " + std::to_string(id) + " (" + elder_name + ")",
            "查看告警 #" + std::to_string(id) + " 的联系电话（" + elder_name + "）"},
           {}});
    });
    if (!st) return std::move(st).err();
  }
  o["actions"] = std::move(*actions);
  o["notifications"] = std::move(*notes);
  o["contacts"] = std::move(*contacts);
  o["phones_masked"] = !full;
  return o;
}

result<handled_alert> acknowledge_alert(db::connection& c, std::int64_t alert_id,
                                        const sys::principal& who, std::string_view note,
                                        std::optional<std::int64_t> version, std::string_view ip) {
  handled_alert h;
  auto st = db::in_transaction(c, [&]() -> status {
    auto r = load_for_handling(c, alert_id, who, version, h);
    if (!r) return std::move(r).err();
    const auto& a = *r;
    if (a.state != "open") return {};  // acknowledged or resolved already: nothing to do
    auto now = timeutil::now_unix_ms();
    h.at = now;
    auto u = c.exec(
        "UPDATE alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, "
        "next_due_at = NULL, version = version + 1 WHERE id = ? AND state = 'open'",
        {now, who.user_id, alert_id});
    if (!u) return std::move(u).err();
    if (*u == 0) return {};
    h.changed = true;
    return record_handling(
        c, who, ip, alert_id, now, "acknowledge", "acknowledged", std::string(note),
        {"acknowledged " + a.kind + " alert", "接警：" + alert_label_zh(a.kind)});
  });
  if (!st) return std::move(st).err();
  return h;
}

result<handled_alert> resolve_alert(db::connection& c, std::int64_t alert_id,
                                    const sys::principal& who, std::string_view outcome,
                                    std::string_view note, std::optional<std::int64_t> version,
                                    std::string_view ip) {
  if (!is_outcome(outcome))
    return error::invalid("alert.outcome_invalid", "outcome",
                          "outcome must be false_alarm, safe_on_visit, hospital or other");
  handled_alert h;
  h.at = timeutil::now_unix_ms();
  auto now = h.at;
  auto st = db::in_transaction(c, [&]() -> status {
    auto r = load_for_handling(c, alert_id, who, version, h);
    if (!r) return std::move(r).err();
    const auto& a = *r;
    if (a.state == "resolved")
      return error::make(errc::conflict, "alert.already_resolved", "The alert is resolved already");
    auto u = c.exec(
        "UPDATE alerts SET state = 'resolved', resolved_at = ?, resolved_by = ?, outcome = ?, "
        "note = ?, next_due_at = NULL, acknowledged_at = COALESCE(acknowledged_at, ?), "
        "acknowledged_by = COALESCE(acknowledged_by, ?), version = version + 1 "
        "WHERE id = ? AND state <> 'resolved'",
        {now, who.user_id, std::string(outcome), std::string(note), now, who.user_id, alert_id});
    if (!u) return std::move(u).err();
    if (*u == 0)
      return error::make(errc::conflict, "alert.already_resolved", "The alert is resolved already");
    h.changed = true;
    return record_handling(
        c, who, ip, alert_id, now, "resolve", "resolved",
        std::string(outcome) + (note.empty() ? "" : ": " + std::string(note)),
        {"resolved " + a.kind + " alert: " + std::string(outcome),
         "处置" + alert_label_zh(a.kind) + "：" + std::string(outcome_zh(outcome))});
  });
  if (!st) return std::move(st).err();
  return h;
}

}  // namespace ec::monitoring
