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

}  // namespace ec::sys
