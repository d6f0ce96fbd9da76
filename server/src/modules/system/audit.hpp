// The append-only audit log: every write (who, when, what, which fields
// changed) and every reveal of a full ID or phone number. Entries are written
// on the caller's connection, inside the transaction of the change they
// describe, so a change and its audit entry commit or fail together.
//
// Each entry's summary is stored in English and in Chinese (GET /audit shows the
// reader's language). `summary_text` has no default and no one-language
// constructor, so an entry cannot be written without both texts; `audit` also
// refuses an empty text (internal error), and the column refuses ''.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "modules/system/principal.hpp"

namespace ec::sys {

// One short human text in both languages, with the same facts and the same masking:
// {"revealed id_number of 张三", "查看 张三 的身份证号"}.
struct summary_text {
  summary_text(std::string en_text, std::string zh_text)
      : en(std::move(en_text)), zh(std::move(zh_text)) {}
  std::string en;
  std::string zh;
};

struct audit_entry {
  std::string action;  // create, update, leave, reveal, login, login_failed, …
  std::string entity;  // elder, user, org_unit, session, …
  std::string entity_id;
  summary_text summary;                        // required: {English, Chinese}
  std::optional<boost::json::object> changes;  // {"field": [old, new]}
};

// Writes one entry by `who` (may be null for anonymous, e.g. failed sign-in).
// An empty summary in either language is refused (errc::internal, "audit.summary_missing")
// and nothing is written.
status audit(db::connection& c, const principal* who, const std::string& ip, audit_entry e);

// Reading the log (GET /audit): filters, one page, newest first. Only a caller whose data
// scope is the whole sub-district reads it (else errc::forbidden, "auth.forbidden").
struct audit_filter {
  std::optional<std::string> actor;  // the actor's user name, substring, any case
  std::optional<std::string> action, entity, entity_id;
  std::optional<std::int64_t> from, to;  // Unix ms, [from, to)
  std::int64_t page = 1, size = 50;
};
struct audit_record {
  std::int64_t id = 0, at = 0;
  std::optional<std::int64_t> actor_id;
  std::string actor_username, actor_display_name, ip, action, entity, entity_id;
  std::string summary_en;
  std::optional<std::string> summary_zh;  // NULL for entries written before it was stored
  std::optional<std::string> changes;     // JSON text
};
struct audit_page {
  std::vector<audit_record> items;
  std::int64_t total = 0;
};
result<audit_page> search_audit(db::connection& c, const principal& who, const audit_filter& f);

// Adds `field` to `changes` if old != new.
void diff_field(boost::json::object& changes, std::string_view field, const std::string& before,
                const std::string& after);

}  // namespace ec::sys
