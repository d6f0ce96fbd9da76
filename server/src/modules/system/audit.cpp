#include "modules/system/audit.hpp"

#include <boost/json/serialize.hpp>

#include "core/timeutil.hpp"

namespace ec::sys {

status audit(db::connection& c, const principal* who, const std::string& ip, audit_entry e) {
  if (e.summary.en.empty() || e.summary.zh.empty())
    return error::make(
        errc::internal, "audit.summary_missing",
        "audit entry " + e.action + " " + e.entity + " needs a summary in English and in Chinese");
  db::params args{timeutil::now_unix_ms(),
                  who ? db::value{who->user_id} : db::null(),
                  who ? who->username : std::string(),
                  ip,
                  e.action,
                  e.entity,
                  e.entity_id,
                  e.summary.en,
                  e.summary.zh,
                  e.changes ? db::value{boost::json::serialize(*e.changes)} : db::null()};
  auto r = c.exec(
      "INSERT INTO audit_log (at, actor_id, actor_name, ip, action, entity, entity_id, summary, "
      "summary_zh, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      args);
  if (!r) return std::move(r).err();
  return {};
}

void diff_field(boost::json::object& changes, std::string_view field, const std::string& before,
                const std::string& after) {
  if (before == after) return;
  changes[field] = boost::json::array{boost::json::string(before), boost::json::string(after)};
}

result<audit_page> search_audit(db::connection& c, const principal& who, const audit_filter& f) {
  // The log spans the whole sub-district; only sub-district-wide roles read it.
  if (who.data_scope != "all")
    return error::make(errc::forbidden, "auth.forbidden",
                       "The audit log needs a sub-district-wide role");
  std::string where = "1=1";
  db::params args;
  // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
  db::and_if(where, args, "lower(a.actor_name) LIKE lower(?) ESCAPE '\\'",
             f.actor ? std::optional(db::like_contains(*f.actor)) : std::nullopt);
  db::and_if(where, args, "a.action = ?", f.action);
  db::and_if(where, args, "a.entity = ?", f.entity);
  db::and_if(where, args, "a.entity_id = ?", f.entity_id);
  db::and_if(where, args, "a.at >= ?", f.from);
  db::and_if(where, args, "a.at < ?", f.to);
  audit_page out;
  auto total = c.one("SELECT COUNT(*) FROM audit_log a WHERE " + where, args);
  if (!total) return std::move(total).err();
  out.total = total->i64(0);
  args.emplace_back(f.size);
  args.emplace_back((f.page - 1) * f.size);
  auto rows = c.query(
      "SELECT a.id, a.at, a.actor_id, a.actor_name, u.display_name, a.ip, a.action, a.entity, "
      "a.entity_id, a.summary, a.changes, a.summary_zh FROM audit_log a LEFT JOIN users u ON "
      "u.id = a.actor_id WHERE " +
          where + " ORDER BY a.id DESC LIMIT ? OFFSET ?",
      args);
  if (!rows) return std::move(rows).err();
  out.items.reserve(rows->size());
  for (auto& row : *rows) {
    audit_record r;
    row.take(0, r.id, r.at, r.actor_id, r.actor_username, r.actor_display_name, r.ip, r.action,
             r.entity, r.entity_id, r.summary_en, r.changes, r.summary_zh);
    out.items.push_back(std::move(r));
  }
  return out;
}

}  // namespace ec::sys
