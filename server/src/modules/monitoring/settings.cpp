#include "modules/monitoring/settings.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>

#include "core/phone.hpp"
#include "core/timeutil.hpp"
#include "modules/monitoring/devices.hpp"
#include "modules/monitoring/threshold_json.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

error stale() {
  return error::make(errc::conflict, "conflict.stale_version",
                     "The record was changed by someone else; reload and try again");
}

threshold_overrides parse_stored(const std::string& text, std::string_view what) {
  auto o = parse_overrides_text(text);
  if (!o) {
    spdlog::warn("stored thresholds for {} are unreadable, shown as none: {}", what,
                 o.err().message);
    return {};
  }
  return *o;
}

// "fall_detector" → "跌倒报警器" for Chinese audit summaries (the code itself if unknown).
std::string type_label_zh(const std::string& code) {
  auto t = parse_device_type(code, "device_type");
  return t ? std::string(label_zh(*t)) : code;
}

// Who changed a record last: {id, display_name}, or null.
json::value updated_by_json(const std::optional<std::int64_t>& id, const std::string& name) {
  if (!id) return nullptr;
  return json::object{{"id", *id}, {"display_name", name}};
}

bool empty_overrides(const threshold_overrides& o) {
  return to_json(o).empty();
}

// Parses `settings` into overrides and checks the merged result over `base` (the type's
// defaults for a type, the type's effective values for an elder); every error prefixed
// "settings.".
result<threshold_overrides> check_overrides(const json::object& settings, device_type t,
                                            const std::optional<thresholds>& base) {
  auto o = parse_overrides(settings);
  std::vector<field_error> errs;
  if (!o) {
    for (auto d : o.err().details) {
      d.field = "settings." + d.field;
      errs.push_back(std::move(d));
    }
    return error::fields(std::move(errs));
  }
  status st;
  if (base) {
    st = validate(merge(*base, *o));
  } else if (auto r = monitoring::resolve(t, *o); !r) {
    st = std::move(r).err();
  }
  if (!st) {
    for (auto d : st.err().details) {
      d.field = "settings." + api_threshold_field(d.field);
      errs.push_back(std::move(d));
    }
    return error::fields(std::move(errs));
  }
  return *o;
}

// The row of overrides a put_*_thresholds call writes: in threshold_settings by device type,
// or in elder_thresholds by elder and device type.
struct overrides_row {
  const char* table;
  const char* key_cols;   // "device_type", "elder_id, device_type"
  const char* key_where;  // the same as a condition: "device_type = ?", …
  db::params key;
};

// In the caller's transaction: writes `o` into `row` if it is at `version` (0: no row yet),
// else stale; with `drop_empty`, overrides that override nothing delete the row instead.
// Returns the audit entry's changes.
result<json::object> write_overrides(db::connection& c, const sys::principal& who,
                                     const overrides_row& row, const threshold_overrides& o,
                                     std::int64_t version, bool drop_empty) {
  const std::string table = row.table, where = std::string(" WHERE ") + row.key_where;
  // The statement's parameters: `head`, the row's key, `tail`.
  auto args = [&](db::params head, const db::params& tail) {
    head.insert(head.end(), row.key.begin(), row.key.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  auto cur = c.maybe_one("SELECT settings, version FROM " + table + where, row.key);
  if (!cur) return std::move(cur).err();
  std::int64_t have = *cur ? (*cur)->i64(1) : 0;
  if (have != version) return stale();
  std::string before = *cur ? (*cur)->str(0) : "{}";
  std::string after = json::serialize(to_json(o));
  auto now = timeutil::now_unix_ms();
  if (drop_empty && empty_overrides(o)) {
    if (*cur) {
      auto del = c.exec("DELETE FROM " + table + where + " AND version = ?", args({}, {version}));
      if (!del) return std::move(del).err();
      if (*del == 0) return stale();
    }
  } else if (*cur) {
    auto up = c.exec("UPDATE " + table +
                         " SET settings = ?, version = version + 1, updated_by = ?, "
                         "updated_at = ?" +
                         where + " AND version = ?",
                     args({after, who.user_id, now}, {version}));
    if (!up) return std::move(up).err();
    if (*up == 0) return stale();
  } else {
    std::string marks;
    for (std::size_t i = 0; i < row.key.size(); ++i) marks += "?, ";
    auto ins =
        c.exec("INSERT INTO " + table + " (" + row.key_cols +
                   ", settings, version, updated_by, updated_at) VALUES (" + marks + "?, 1, ?, ?)",
               args({}, {after, who.user_id, now}));
    if (!ins) {
      if (ins.err().kind == errc::conflict) return stale();
      return std::move(ins).err();
    }
  }
  json::object ch;
  sys::diff_field(ch, "settings", before, after);
  return ch;
}

result<device_type> type_of(const std::string& name) {
  auto t = parse_device_type(name, "device_type");
  if (!t) return error::invalid("validation.enum", "device_type", "is not a device type");
  return *t;
}

json::value opt_time(const std::optional<std::int64_t>& t) {
  return t ? json::value(timeutil::iso8601_shanghai(*t)) : json::value(nullptr);
}

}  // namespace

std::string api_threshold_field(std::string_view f) {
  std::string s(f);
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{".start_min", ".start"},
                          {".end_min", ".end"}}) {
    if (s.ends_with(from)) return s.substr(0, s.size() - from.size()) + std::string(to);
  }
  return s;
}

thresholds threshold_book::for_type(device_type t) const {
  if (auto it = by_type.find(std::string(format(t))); it != by_type.end()) {
    auto r = monitoring::resolve(t, it->second);
    if (r) return *r;
  }
  return defaults_for(t);
}

thresholds threshold_book::for_elder(device_type t, std::int64_t elder_id) const {
  auto base = for_type(t);
  if (auto it = by_elder.find({elder_id, std::string(format(t))}); it != by_elder.end()) {
    auto merged = merge(base, it->second);
    if (validate(merged)) return merged;
  }
  return base;
}

result<threshold_book> load_threshold_book(db::connection& c,
                                           const std::vector<std::int64_t>& elder_ids) {
  threshold_book b;
  auto tr = c.query("SELECT device_type, settings FROM threshold_settings");
  if (!tr) return std::move(tr).err();
  for (const auto& r : *tr) b.by_type[r.str(0)] = parse_stored(r.str(1), r.str(0));
  // In chunks, to keep the statement's parameter count small.
  for (std::size_t i = 0; i < elder_ids.size(); i += 100) {
    std::string in;
    db::params args;
    for (std::size_t j = i; j < elder_ids.size() && j < i + 100; ++j) {
      in += in.empty() ? "?" : ", ?";
      args.emplace_back(elder_ids[j]);
    }
    auto er =
        c.query("SELECT elder_id, device_type, settings FROM elder_thresholds WHERE elder_id IN (" +
                    in + ")",
                args);
    if (!er) return std::move(er).err();
    for (const auto& r : *er)
      b.by_elder[{r.i64(0), r.str(1)}] = parse_stored(r.str(2), "elder " + r.str(0));
  }
  return b;
}

json::object to_json(const threshold_entry& e) {
  json::object o{{"device_type", e.device_type},
                 {"defaults", to_json(e.defaults)},
                 {"overrides", to_json(e.overrides)},
                 {"effective", to_json(e.effective)},
                 {"version", e.version},
                 {"updated_at", opt_time(e.updated_at)},
                 {"updated_by", updated_by_json(e.updated_by_id, e.updated_by_name)}};
  return o;
}

namespace {

// One entry a device type, in k_device_types order, each completed by `fill(type, entry)`
// with the row of `stored` (device_type first) that belongs to it, if any.
template <class Fill>
std::vector<threshold_entry> entry_per_type(const db::rows& stored, Fill fill) {
  std::vector<threshold_entry> out;
  for (auto name : k_device_types) {
    threshold_entry e;
    e.device_type = std::string(name);
    const db::row* row = nullptr;
    for (const auto& r : stored)
      if (r.str(0) == name) row = &r;
    fill(*parse_device_type(name, "device_type"), row, e);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

result<std::vector<threshold_entry>> type_thresholds(db::connection& c) {
  auto rows = c.query(
      "SELECT t.device_type, t.settings, t.version, t.updated_at, t.updated_by, u.display_name "
      "FROM threshold_settings t LEFT JOIN users u ON u.id = t.updated_by");
  if (!rows) return std::move(rows).err();
  return entry_per_type(*rows, [](device_type t, const db::row* r, threshold_entry& e) {
    e.defaults = defaults_for(t);
    if (r) {
      e.overrides = parse_stored(r->str(1), e.device_type);
      r->read(2, e.version, e.updated_at, e.updated_by_id, e.updated_by_name);
    }
    auto eff = monitoring::resolve(t, e.overrides);
    e.effective = eff ? *eff : e.defaults;
  });
}

result<threshold_entry> put_type_thresholds(db::connection& c, const sys::principal& who,
                                            const std::string& device_type,
                                            const json::object& settings, std::int64_t version) {
  auto t = type_of(device_type);
  if (!t) return std::move(t).err();
  auto o = check_overrides(settings, *t, std::nullopt);
  if (!o) return std::move(o).err();
  auto st = db::in_transaction(c, [&]() -> status {
    auto ch = write_overrides(
        c, who, {"threshold_settings", "device_type", "device_type = ?", {device_type}}, *o,
        version, false);
    if (!ch) return std::move(ch).err();
    return sys::audit(c, &who, who.ip,
                      {"update",
                       "threshold_settings",
                       device_type,
                       {"changed the thresholds of " + device_type,
                        "修改" + type_label_zh(device_type) + "的告警阈值"},
                       std::move(*ch)});
  });
  if (!st) return std::move(st).err();
  auto all = type_thresholds(c);
  if (!all) return std::move(all).err();
  for (auto& e : *all)
    if (e.device_type == device_type) return std::move(e);
  return not_found();
}

namespace {

result<std::optional<std::string>> elder_in_scope(db::connection& c, const sys::principal& who,
                                                  std::int64_t elder_id) {
  auto r = sys::maybe_one_in_scope(c, who, sys::elder_scope_sql, "e",
                                   "SELECT e.name FROM elders e WHERE e.id = ?", {elder_id});
  if (!r) return std::move(r).err();
  if (!*r) return std::optional<std::string>{};
  return std::optional<std::string>{(*r)->str(0)};
}

}  // namespace

result<std::vector<threshold_entry>> elder_thresholds(db::connection& c, const sys::principal& who,
                                                      std::int64_t elder_id) {
  auto name = elder_in_scope(c, who, elder_id);
  if (!name) return std::move(name).err();
  if (!*name) return not_found();
  auto book = load_threshold_book(c, {elder_id});
  if (!book) return std::move(book).err();
  auto rows = c.query(
      "SELECT t.device_type, t.version, t.updated_at, t.updated_by, u.display_name "
      "FROM elder_thresholds t LEFT JOIN users u ON u.id = t.updated_by WHERE t.elder_id = ?",
      {elder_id});
  if (!rows) return std::move(rows).err();
  return entry_per_type(*rows, [&](device_type t, const db::row* r, threshold_entry& e) {
    e.defaults = book->for_type(t);
    if (auto it = book->by_elder.find({elder_id, e.device_type}); it != book->by_elder.end())
      e.overrides = it->second;
    e.effective = book->for_elder(t, elder_id);
    if (r) r->read(1, e.version, e.updated_at, e.updated_by_id, e.updated_by_name);
  });
}

result<threshold_entry> put_elder_thresholds(db::connection& c, const sys::principal& who,
                                             std::int64_t elder_id, const std::string& device_type,
                                             const json::object& settings, std::int64_t version) {
  auto name = elder_in_scope(c, who, elder_id);
  if (!name) return std::move(name).err();
  if (!*name) return not_found();
  auto t = type_of(device_type);
  if (!t) return std::move(t).err();
  auto book = load_threshold_book(c, {});
  if (!book) return std::move(book).err();
  auto o = check_overrides(settings, *t, book->for_type(*t));
  if (!o) return std::move(o).err();
  auto st = db::in_transaction(c, [&]() -> status {
    // No overrides left: the row goes and the elder follows the type's values again.
    auto ch = write_overrides(c, who,
                              {"elder_thresholds",
                               "elder_id, device_type",
                               "elder_id = ? AND device_type = ?",
                               {elder_id, device_type}},
                              *o, version, true);
    if (!ch) return std::move(ch).err();
    return sys::audit(c, &who, who.ip,
                      {"update",
                       "elder_thresholds",
                       std::to_string(elder_id) + ":" + device_type,
                       {"changed the " + device_type + " thresholds of " + **name,
                        "修改 " + **name + " 的" + type_label_zh(device_type) + "告警阈值"},
                       std::move(*ch)});
  });
  if (!st) return std::move(st).err();
  auto all = elder_thresholds(c, who, elder_id);
  if (!all) return std::move(all).err();
  for (auto& e : *all)
    if (e.device_type == device_type) return std::move(e);
  return not_found();
}

// ------------------------------------------------------------------ escalation plans

json::object to_json(const plan_record& p) {
  json::array delays;
  for (auto d : p.plan.delay_ms) delays.emplace_back(d / 1000);
  json::object o{{"community_id", p.community_id ? json::value(*p.community_id) : nullptr},
                 {"community_name", p.community_name},
                 {"delays_s", std::move(delays)},
                 {"station_phone", p.station_phone},
                 {"emergency_phone", p.emergency_phone},
                 {"version", p.version},
                 {"updated_at", timeutil::iso8601_shanghai(p.updated_at)},
                 {"editable", p.editable},
                 {"updated_by", updated_by_json(p.updated_by_id, p.updated_by_name)}};
  return o;
}

namespace {

constexpr const char* k_plan_cols =
    "p.community_id, c.name, p.delay1_ms, p.delay2_ms, p.delay3_ms, p.delay4_ms, "
    "p.station_phone, p.emergency_phone, p.version, p.updated_at, p.updated_by, u.display_name";
constexpr const char* k_plan_from =
    " FROM escalation_plans p LEFT JOIN org_units c ON c.id = p.community_id "
    "LEFT JOIN users u ON u.id = p.updated_by";

plan_record plan_from_row(const db::row& r) {
  plan_record p;
  auto& delays = p.plan.delay_ms;
  r.read(0, p.community_id, p.community_name);
  for (std::size_t i = 0; i < delays.size(); ++i) delays[i] = r.i64(2 + i);
  r.read(2 + delays.size(), p.station_phone, p.emergency_phone, p.version, p.updated_at,
         p.updated_by_id, p.updated_by_name);
  return p;
}

// A community (or village) the caller may change; nullopt if none.
result<std::optional<std::string>> writable_community(db::connection& c, const sys::principal& who,
                                                      std::int64_t community_id) {
  auto r = sys::maybe_one_in_scope(c, who, sys::org_write_scope_sql, "o",
                                   "SELECT o.name FROM org_units o WHERE o.id = ? AND o.kind IN "
                                   "('community', 'village') AND o.archived = 0",
                                   {community_id});
  if (!r) return std::move(r).err();
  if (!*r) return std::optional<std::string>{};
  return std::optional<std::string>{(*r)->str(0)};
}

// Short service numbers (120, 110, 119, 12349) or an ordinary phone number.
result<std::string> emergency_number(const std::string& s) {
  if (s.size() >= 3 && s.size() <= 5 && s[0] == '1' &&
      s.find_first_not_of("0123456789") == std::string::npos)
    return s;
  auto p = phone::normalize(s, "emergency_phone");
  if (!p)
    return error::invalid("phone.invalid", "emergency_phone",
                          "must be a service number such as 120 or a phone number");
  return *p;
}

}  // namespace

result<std::vector<plan_record>> list_plans(db::connection& c, const sys::principal& who) {
  db::params args;
  auto scope = sys::org_scope_sql(who, "c", args);
  auto rows = c.query(std::string("SELECT ") + k_plan_cols + k_plan_from +
                          " WHERE p.community_id IS NULL OR " + scope +
                          " ORDER BY CASE WHEN p.community_id IS NULL THEN 0 ELSE 1 END, c.sort, "
                          "p.community_id",
                      args);
  if (!rows) return std::move(rows).err();
  std::vector<plan_record> out;
  for (const auto& r : *rows) {
    auto p = plan_from_row(r);
    if (!p.community_id) {
      p.editable = who.data_scope == "all";
    } else {
      auto w = writable_community(c, who, *p.community_id);
      if (!w) return std::move(w).err();
      p.editable = w->has_value();
    }
    out.push_back(std::move(p));
  }
  return out;
}

result<plan_record> put_plan(db::connection& c, const sys::principal& who,
                             std::optional<std::int64_t> community_id, const plan_input& in) {
  std::string community_name;
  if (community_id) {
    auto w = writable_community(c, who, *community_id);
    if (!w) return std::move(w).err();
    if (!*w) return not_found();
    community_name = **w;
  } else if (who.data_scope != "all") {
    return error::make(errc::forbidden, "auth.forbidden",
                       "Only a sub-district admin changes the default plan");
  }
  std::vector<field_error> errs;
  escalation_plan plan;
  for (int i = 0; i < k_escalation_levels; ++i) {
    auto idx = static_cast<std::size_t>(i);
    auto s = in.delays_s[idx];
    plan.delay_ms[idx] = s > INT64_MAX / 1000 || s < INT64_MIN / 1000 ? -1 : s * 1000;
  }
  if (auto v = validate_plan(plan); !v) {
    for (auto d : v.err().details) {
      // "delay_ms[2]" → "delays_s[2]"
      if (d.field.starts_with("delay_ms")) d.field = "delays_s" + d.field.substr(8);
      errs.push_back(std::move(d));
    }
  }
  std::string station;
  if (!in.station_phone.empty()) {
    auto p = phone::normalize(in.station_phone, "station_phone");
    if (!p)
      errs.push_back({"station_phone", p.err().code, p.err().message});
    else
      station = *p;
  }
  std::string emergency;
  if (in.emergency_phone.empty()) {
    errs.push_back({"emergency_phone", "validation.required", "is required"});
  } else {
    auto e = emergency_number(in.emergency_phone);
    if (!e)
      errs.push_back({"emergency_phone", e.err().code, e.err().message});
    else
      emergency = *e;
  }
  if (!errs.empty()) return error::fields(std::move(errs));
  auto now = timeutil::now_unix_ms();
  std::string entity_id = community_id ? std::to_string(*community_id) : "default";
  auto st = db::in_transaction(c, [&]() -> status {
    auto cur = community_id ? c.maybe_one(std::string("SELECT ") + k_plan_cols + k_plan_from +
                                              " WHERE p.community_id = ?",
                                          {*community_id})
                            : c.maybe_one(std::string("SELECT ") + k_plan_cols + k_plan_from +
                                          " WHERE p.community_id IS NULL");
    if (!cur) return std::move(cur).err();
    std::int64_t have = *cur ? (*cur)->i64(8) : 0;
    if (have != in.version) return stale();
    db::params vals{plan.delay_ms[0], plan.delay_ms[1], plan.delay_ms[2], plan.delay_ms[3],
                    station,          emergency,        who.user_id,      now};
    json::object ch;
    auto delays_text = [](const escalation_plan& p) {
      std::string s;
      for (auto d : p.delay_ms) s += (s.empty() ? "" : "/") + std::to_string(d / 1000);
      return s;
    };
    if (*cur) {
      auto old = plan_from_row(**cur);
      sys::diff_field(ch, "delays_s", delays_text(old.plan), delays_text(plan));
      sys::diff_field(ch, "station_phone", phone::mask(old.station_phone), phone::mask(station));
      sys::diff_field(ch, "emergency_phone", old.emergency_phone, emergency);
      vals.emplace_back(in.version);
      std::string where = community_id ? "community_id = ?" : "community_id IS NULL";
      if (community_id) vals.emplace_back(*community_id);
      auto up = c.exec(
          "UPDATE escalation_plans SET delay1_ms = ?, delay2_ms = ?, delay3_ms = ?, delay4_ms = "
          "?, station_phone = ?, emergency_phone = ?, updated_by = ?, updated_at = ?, version = "
          "version + 1 WHERE version = ? AND " +
              where,
          vals);
      if (!up) return std::move(up).err();
      if (*up == 0) return stale();
    } else {
      vals.insert(vals.begin(), db::opt(community_id));
      auto ins = c.exec(
          "INSERT INTO escalation_plans (community_id, delay1_ms, delay2_ms, delay3_ms, "
          "delay4_ms, station_phone, emergency_phone, updated_by, updated_at) VALUES (?, ?, ?, ?, "
          "?, ?, ?, ?, ?)",
          vals);
      if (!ins) {
        if (ins.err().kind == errc::conflict) return stale();
        return std::move(ins).err();
      }
      ch["delays_s"] = json::array{nullptr, json::string(delays_text(plan))};
      if (!station.empty())
        ch["station_phone"] = json::array{nullptr, json::string(phone::mask(station))};
      ch["emergency_phone"] = json::array{nullptr, json::string(emergency)};
    }
    return sys::audit(c, &who, who.ip,
                      {*cur ? "update" : "create",
                       "escalation_plan",
                       entity_id,
                       {"changed the escalation plan of " +
                            (community_id ? community_name : std::string("the sub-district")),
                        community_id ? "修改 " + community_name + " 的升级方案"
                                     : std::string("修改街道默认升级方案")},
                       ch});
  });
  if (!st) return std::move(st).err();
  auto all = list_plans(c, who);
  if (!all) return std::move(all).err();
  for (auto& p : *all)
    if (p.community_id == community_id) return std::move(p);
  return not_found();
}

status delete_plan(db::connection& c, const sys::principal& who, std::int64_t community_id,
                   std::optional<std::int64_t> version) {
  auto w = writable_community(c, who, community_id);
  if (!w) return std::move(w).err();
  if (!*w) return not_found();
  return db::in_transaction(c, [&]() -> status {
    auto cur =
        c.maybe_one("SELECT version FROM escalation_plans WHERE community_id = ?", {community_id});
    if (!cur) return std::move(cur).err();
    if (!*cur) return not_found();
    if (version && (*cur)->i64(0) != *version) return stale();
    auto del = c.exec("DELETE FROM escalation_plans WHERE community_id = ? AND version = ?",
                      {community_id, (*cur)->i64(0)});
    if (!del) return std::move(del).err();
    if (*del == 0) return stale();
    return sys::audit(c, &who, who.ip,
                      {"delete",
                       "escalation_plan",
                       std::to_string(community_id),
                       {"removed the own escalation plan of " + **w + " (the default applies)",
                        "删除 " + **w + " 的单独升级方案（改用街道默认方案）"},
                       {}});
  });
}

}  // namespace ec::monitoring
