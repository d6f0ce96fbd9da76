// The elder registry: validation, scoped queries and writes.
//
// Every function takes the caller's principal and enforces its data scope in
// SQL: an elder outside it is not_found, never forbidden (which would confirm
// it exists). Writes run in one transaction together with their audit entry.
// Full ID and phone numbers never leave this module except through
// `reveal`, which is audited; records carry masked values for display.
//
// Failure: errc::invalid with field errors for bad input (all fields checked
// at once), errc::conflict for a stale version ("conflict.stale_version") or a
// known ID number ("elder.id_number_duplicate"), errc::not_found.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"
#include "modules/system/system.hpp"

namespace ec::registry {

inline const std::vector<std::string_view> k_living_statuses = {
    "alone", "empty_nest", "with_family", "institution", "other"};
inline const std::vector<std::string_view> k_categories = {
    "extreme_poverty", "subsistence", "lost_only_child", "disabled",
    "low_income",      "left_behind", "veteran",         "advanced_age"};
inline const std::vector<std::string_view> k_relations = {
    "son", "daughter", "spouse", "grandchild", "relative", "neighbor", "other"};

struct contact {
  std::int64_t id = 0;
  std::string name;
  std::string relation;
  std::string phone;  // full; masked by the API layer's renderer
};

struct elder {
  std::int64_t id = 0;
  std::string name;
  std::string id_number;  // full
  char sex = 'F';
  std::string birth_date;
  int age = 0;
  std::optional<std::string> phone;
  std::string living_status;
  std::vector<std::string> categories;
  std::int64_t community_id = 0;
  std::string community_name;
  std::int64_t org_unit_id = 0;
  std::string org_unit_name;
  std::string org_unit_kind;
  std::string address;
  std::string notes;
  std::string status;
  std::optional<std::string> left_reason, left_date, left_note;
  std::int64_t version = 0;
  std::int64_t created_at = 0, updated_at = 0;
  std::vector<contact> contacts;  // filled by get()
  std::string household_code;     // filled by get(); "" when none
  struct member {
    std::int64_t id;
    std::string name;
    char sex;
    int age;
  };
  std::vector<member> household_members;  // others with the same code, in scope; by get()
};

struct contact_input {
  std::optional<std::int64_t> id;
  std::string name;
  std::string relation;
  std::optional<std::string> phone;  // absent on update: keep the stored one
};

// Absent optionals mean "unchanged" on update; create requires the core ones.
class move_followers;  // below

struct elder_input {
  std::optional<std::string> name, id_number, living_status, address, notes, household_code;
  std::optional<std::optional<std::string>> phone;  // present-but-null clears it
  std::optional<std::vector<std::string>> categories;
  std::optional<std::int64_t> org_unit_id;
  std::optional<std::vector<contact_input>> contacts;
  std::optional<std::int64_t> version;
};

struct list_filter {
  std::optional<std::string> q;
  std::optional<std::int64_t> community_id, org_unit_id;
  std::optional<int> age_min, age_max;
  std::optional<std::string> living_status, category, sex;
  std::string status = "active";  // active | left | all
  std::string sort = "-created_at";
  std::int64_t page = 1, size = 20;
};

// One row of a list page, seen in place: the views are valid only during the
// callback of list_each. ID and phone numbers only as their masks: a list never needs more,
// and the masks are stored beside the ciphertext (pii_rows.hpp), so a page decrypts nothing.
struct summary_view {
  std::int64_t id = 0;
  std::string_view name, id_number_masked, birth_date;
  char sex = 'F';
  int age = 0;
  std::optional<std::string_view> phone_masked;
  std::string_view living_status;
  std::string_view categories;  // stored form ",a,b,"; see for_each_category
  std::int64_t community_id = 0;
  std::string_view community_name;
  std::int64_t org_unit_id = 0;
  std::string_view org_unit_name, org_unit_kind, address, status;
};

// Calls `fn` with each category code in the stored form ",a,b,".
template <class Fn>
void for_each_category(std::string_view stored, Fn&& fn) {
  while (!stored.empty()) {
    auto j = stored.find(',');
    if (j == std::string_view::npos) j = stored.size();
    if (j > 0) fn(stored.substr(0, j));
    stored.remove_prefix(j == stored.size() ? j : j + 1);
  }
}

// The summary of a loaded elder, as a list row shows it (the detail starts with it); the
// views point into `e` and `buf`, which must outlive the result.
struct summary_buffer {
  std::string categories, id_number_masked, phone_masked;
};
summary_view summary_of(const elder& e, summary_buffer& buf);

// Parses the list query string values into a filter (errors name the parameter).
result<list_filter> parse_filter(
    const std::function<std::optional<std::string>(std::string_view)>& q, std::int64_t max_size);

// One page of the filtered list, each row handed to `fn` in place (no copies); returns
// the total. An error from `fn` stops the query and is returned.
result<std::int64_t> list_each(db::connection& c, const sys::principal& who, const list_filter& f,
                               db::fn_ref<status(const summary_view&)> fn);
result<elder> get(db::connection& c, const sys::principal& who, std::int64_t id);
result<elder> create(db::connection& c, const sys::principal& who, const elder_input& in);
// `followers`: other modules' part in a move to another unit (move_followers), or null.
result<elder> update(db::connection& c, const sys::principal& who, std::int64_t id,
                     const elder_input& in, const move_followers* followers = nullptr);
result<elder> leave(db::connection& c, const sys::principal& who, std::int64_t id,
                    const std::string& reason, const std::string& date, const std::string& note,
                    std::int64_t version);
// Returns the full value of id_number, phone or a contact's phone; audited.
result<std::string> reveal(db::connection& c, const sys::principal& who, std::int64_t id,
                           const std::string& field, std::optional<std::int64_t> contact_id);

// --- building blocks shared with import ---

struct validated {
  std::optional<std::string> id_number;  // normalized
  std::optional<std::string> birth_date;
  std::optional<char> sex;
  std::optional<std::optional<std::string>> phone;
  std::optional<std::vector<contact_input>> contacts;  // phones normalized
};

// Checks every present field of `in` (and presence of required ones when
// `creating`), appending one field error per bad field. `prefix` names fields
// in errors (import uses the column names instead).
validated validate(const elder_input& in, bool creating, std::chrono::year_month_day today,
                   std::vector<field_error>& errors);

struct unit_ref {
  std::int64_t id = 0, community_id = 0;
  std::string path, kind, name;
};
// A unit where elders may be registered (community, village, grid, building)
// inside the caller's scope.
result<std::optional<unit_ref>> find_unit(db::connection& c, const sys::principal& who,
                                          std::int64_t id);

// Writes a validated new elder (inside the caller's transaction), with audit.
result<std::int64_t> insert_elder(db::connection& c, const sys::principal& who,
                                  const elder_input& in, const validated& v, const unit_ref& unit,
                                  std::string_view audit_action);
// An elder's move to another unit, as other modules see it.
struct elder_move {
  std::int64_t elder_id = 0;
  std::string elder_name;
  std::int64_t from_unit_id = 0;
  unit_ref to;
};

// Other modules' part in an elder's move (monitoring: the elder's devices follow, so that the
// old community no longer sees them and escalation follows the new community's plan). The
// registry module owns one (api::services); modules add their follower when they start.
class move_followers {
 public:
  // Runs inside the move's transaction (an error rolls the whole move back) and returns what
  // to do once the transaction has committed (reload a cache), or an empty function.
  using follower = std::function<result<std::function<void()>>(
      db::connection&, const sys::principal&, const elder_move&)>;
  // At start-up, before serving (not synchronised with moves in flight).
  void add(follower f) { followers_.push_back(std::move(f)); }
  const std::vector<follower>& all() const { return followers_; }

 private:
  std::vector<follower> followers_;
};

// The moves of one transaction: the followers to run and, once it commits, their after-work.
struct move_context {
  const move_followers* followers = nullptr;  // null: nobody follows
  std::vector<std::function<void()>> after_commit;
  // Call after the transaction committed.
  void committed() {
    for (auto& f : after_commit)
      if (f) f();
    after_commit.clear();
  }
};

// Applies a validated change to a loaded elder (inside the caller's
// transaction), with audit. Checks the version when in.version is set. A move to another
// unit runs the followers of `moves` in the same transaction.
status apply_update(db::connection& c, const sys::principal& who, const elder& old,
                    const elder_input& in, const validated& v, const std::optional<unit_ref>& unit,
                    std::string_view audit_action, move_context* moves = nullptr);

std::string categories_text(const std::vector<std::string>& cats);

// Call after a transaction that changed elders commits: list totals computed
// before it are no longer served from the count cache.
void elders_changed();

}  // namespace ec::registry
