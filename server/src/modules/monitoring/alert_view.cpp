#include "modules/monitoring/alert_view.hpp"

#include <unordered_map>

#include "core/timeutil.hpp"

namespace ec::monitoring {

namespace {

namespace json = boost::json;

// Columns of k_select, in order.
enum col : std::size_t {
  c_id,
  c_kind,
  c_severity,
  c_state,
  c_count,
  c_version,
  c_raised_at,
  c_created_at,
  c_last_at,
  c_ack_at,
  c_ack_by,
  c_ack_name,
  c_res_at,
  c_res_by,
  c_res_name,
  c_outcome,
  c_note,
  c_level,
  c_next_due,
  c_elder_id,
  c_elder_name,
  c_address,
  c_community_id,
  c_community_name,
  c_device_id,
  c_serial,
  c_device_type,
  c_location,
  c_org_path,
};

// The alert's community (alerts.community_id: where the elder lived when it was raised, the
// same unit its scope path names), its elder, device and the two people who handled it.
constexpr std::string_view k_select =
    "SELECT a.id, a.kind, a.severity, a.state, a.count, a.version, a.raised_at, a.created_at, "
    "a.last_at, a.acknowledged_at, a.acknowledged_by, ua.display_name, a.resolved_at, "
    "a.resolved_by, ur.display_name, a.outcome, a.note, a.last_level_sent, a.next_due_at, "
    "e.id, e.name, e.address, a.community_id, c.name, d.id, d.serial, d.type, d.location, "
    "a.org_path "
    "FROM alerts a "
    "JOIN elders e ON e.id = a.elder_id "
    "JOIN org_units c ON c.id = a.community_id "
    "JOIN devices d ON d.id = a.device_id "
    "LEFT JOIN users ua ON ua.id = a.acknowledged_by "
    "LEFT JOIN users ur ON ur.id = a.resolved_by "
    "WHERE a.id IN (";

json::value time_or_null(const db::row& r, std::size_t i) {
  if (r.is_null(i)) return nullptr;
  return json::string(timeutil::iso8601_shanghai(r.i64(i)));
}

json::value person_or_null(const db::row& r, std::size_t id_col, std::size_t name_col) {
  if (r.is_null(id_col)) return nullptr;
  return json::object{{"id", r.i64(id_col)}, {"display_name", r.str(name_col)}};
}

alert_view view_of(const db::row& r) {
  alert_view v;
  v.id = r.i64(c_id);
  v.elder_id = r.i64(c_elder_id);
  v.org_path = r.str(c_org_path);
  auto& o = v.json;
  o.reserve(21);
  o.emplace("id", v.id);
  o.emplace("kind", r.str(c_kind));
  o.emplace("severity", r.str(c_severity));
  o.emplace("state", r.str(c_state));
  o.emplace("count", r.i64(c_count));
  o.emplace("version", r.i64(c_version));
  o.emplace("raised_at", time_or_null(r, c_raised_at));
  o.emplace("created_at", time_or_null(r, c_created_at));
  o.emplace("last_at", time_or_null(r, c_last_at));
  o.emplace("acknowledged_at", time_or_null(r, c_ack_at));
  o.emplace("acknowledged_by", person_or_null(r, c_ack_by, c_ack_name));
  o.emplace("resolved_at", time_or_null(r, c_res_at));
  o.emplace("resolved_by", person_or_null(r, c_res_by, c_res_name));
  if (r.is_null(c_outcome))
    o.emplace("outcome", nullptr);
  else
    o.emplace("outcome", r.str(c_outcome));
  o.emplace("note", r.str(c_note));
  o.emplace("last_level_sent", r.i64(c_level));
  o.emplace("next_due_at", time_or_null(r, c_next_due));
  o.emplace("elder", json::object{{"id", v.elder_id},
                                  {"name", r.str(c_elder_name)},
                                  {"address", r.str(c_address)},
                                  {"community_id", r.i64(c_community_id)},
                                  {"community_name", r.str(c_community_name)}});
  o.emplace("device", json::object{{"id", r.i64(c_device_id)},
                                   {"serial", r.str(c_serial)},
                                   {"type", r.str(c_device_type)},
                                   {"location", r.str(c_location)}});
  return v;
}

// Keeps the statement's parameter count well below both backends' limits.
constexpr std::size_t k_chunk = 500;

}  // namespace

result<std::vector<alert_view>> load_alert_views(db::connection& c,
                                                 const std::vector<std::int64_t>& ids) {
  std::unordered_map<std::int64_t, alert_view> found;
  for (std::size_t start = 0; start < ids.size(); start += k_chunk) {
    auto end = std::min(ids.size(), start + k_chunk);
    std::string sql(k_select);
    db::params args;
    args.reserve(end - start);
    for (auto i = start; i < end; ++i) {
      sql += i == start ? "?" : ", ?";
      args.emplace_back(ids[i]);
    }
    sql += ")";
    auto rows = c.query(sql, args);
    if (!rows) return std::move(rows).err();
    for (const auto& r : *rows) {
      auto v = view_of(r);
      auto id = v.id;
      found.insert_or_assign(id, std::move(v));
    }
  }
  std::vector<alert_view> out;
  out.reserve(found.size());
  for (auto id : ids) {
    auto it = found.find(id);
    if (it != found.end()) out.push_back(it->second);
  }
  return out;
}

}  // namespace ec::monitoring
