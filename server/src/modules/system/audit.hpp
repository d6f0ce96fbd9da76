// The append-only audit log: every write (who, when, what, which fields
// changed) and every reveal of a full ID or phone number. Entries are written
// on the caller's connection, inside the transaction of the change they
// describe, so a change and its audit entry commit or fail together.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "db/db.hpp"
#include "modules/system/principal.hpp"

namespace ec::sys {

struct audit_entry {
  std::string action;  // create, update, leave, reveal, login, login_failed, …
  std::string entity;  // elder, user, org_unit, session, …
  std::string entity_id;
  std::string summary;                         // short human text
  std::optional<boost::json::object> changes;  // {"field": [old, new]}
};

// Writes one entry by `who` (may be null for anonymous, e.g. failed sign-in).
status audit(db::connection& c, const principal* who, const std::string& ip, audit_entry e);

// Adds `field` to `changes` if old != new.
void diff_field(boost::json::object& changes, std::string_view field, const std::string& before,
                const std::string& after);

}  // namespace ec::sys
