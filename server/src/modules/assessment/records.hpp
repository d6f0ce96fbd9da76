// Assessment records (internal to the assessment module; routes.cpp calls these): one
// GB/T 42195-2022 form of one elder, from draft to review. SQL, transactions and audit live in
// records.cpp; every write is one transaction with its audit entry.
//
// States: draft → submitted → reviewed; submitted → returned (with a reason) → submitted …
// Only draft and returned records are edited. A reviewed record is never edited: a correction
// is a new record with `supersedes_id`, and the old one becomes `superseded` when the new one
// is reviewed. Scope: the elder's (community_id, org_path, copied at create); a record outside
// the caller's scope is not_found.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/assessment/ability.hpp"
#include "modules/system/system.hpp"

namespace ec::assessment {

// What a create or an update carries, already checked by the route (codes and scores of the
// answers present; a draft may leave items unanswered).
struct form_input {
  std::string reason;  // first | routine | immediate | review | other
  std::optional<std::int64_t> assessor1_id, assessor2_id;
  std::string informant_name, informant_relation, place, assessed_on, diagnoses;
  bool dementia = false, other_mental_disorder = false, comatose = false;
  std::map<std::string, int, std::less<>> risk_events;  // code → 0–3
  std::map<std::string, int, std::less<>> answers;      // item code → score
};

struct record {
  std::int64_t id = 0;
  std::string client_id;
  std::int64_t elder_id = 0;
  std::string elder_name;
  std::int64_t community_id = 0;
  std::string community_name;
  std::string state;
  form_input form;
  std::string assessor1_name, assessor2_name;
  std::optional<std::int64_t> total;
  std::string group_scores, preliminary_grade, final_grade, adjustments;  // JSON text or ""
  std::optional<std::int64_t> submitted_by, submitted_at, reviewed_by, reviewed_at, returned_by,
      returned_at, supersedes_id;
  std::string reviewed_by_name, return_reason;
  std::int64_t version = 0, created_by = 0, created_at = 0, updated_by = 0, updated_at = 0;
};

// The scoped record; not_found otherwise.
result<record> get(db::connection& c, const sys::principal& who, std::int64_t id);

// An elder's records, newest first, and the elder's current grade: the latest reviewed record
// (superseded ones are not `reviewed`). not_found when the elder is not in scope.
struct elder_history {
  std::vector<record> items;
  std::optional<record> current;
  std::optional<std::string> due_on;  // see due_date(); null when never reviewed
  bool due = true;                    // reassessment due today (or never assessed)
};
result<elder_history> for_elder(db::connection& c, const sys::principal& who,
                                std::int64_t elder_id);

// Creates a draft. A `client_id` already stored in the caller's scope returns that record and
// `created` false (nothing written). Failure: not_found (elder_id); invalid
// "assessment.supersedes_invalid" (supersedes_id not a reviewed record of the same elder);
// conflict "assessment.client_id_taken" (the id belongs to a record outside the scope).
struct created_record {
  record rec;
  bool created = true;
};
result<created_record> create(db::connection& c, const sys::principal& who, const std::string& ip,
                              std::int64_t elder_id, const std::string& client_id,
                              std::optional<std::int64_t> supersedes_id, const form_input& in);

// Edits a draft or returned record. Failure: not_found; conflict "assessment.not_editable",
// "conflict.stale_version".
result<record> update(db::connection& c, const sys::principal& who, const std::string& ip,
                      std::int64_t id, std::int64_t version, const form_input& in);

// draft/returned → submitted: every answer through evaluate() (errors name answers.<code>),
// both assessors, informant, place and date required; stores the scores and grades.
result<record> submit(db::connection& c, const sys::principal& who, const std::string& ip,
                      std::int64_t id, std::int64_t version);

// submitted → reviewed (the superseded record, if any, becomes superseded in the same
// transaction). Failure: forbidden "assessment.reviewer_is_assessor" when the caller is an
// assessor or the submitter; conflict "assessment.not_submitted".
result<record> review(db::connection& c, const sys::principal& who, const std::string& ip,
                      std::int64_t id, std::int64_t version);

// submitted → returned with a reason (same reviewer rule as review()).
result<record> send_back(db::connection& c, const sys::principal& who, const std::string& ip,
                         std::int64_t id, std::int64_t version, const std::string& reason);

// Reassessment due date: the review date (Shanghai) plus one calendar year (29 Feb → 28 Feb).
std::string due_date(std::int64_t reviewed_at_ms);

// Active elders in scope (optionally of one community) whose reassessment is due: never
// reviewed, reviewed a year ago or more, or with an open 即时 (immediate) assessment — a change
// of condition makes one due now. Paged, by elder id.
struct due_row {
  std::int64_t elder_id = 0;
  std::string elder_name;
  std::int64_t community_id = 0;
  std::string community_name;
  std::optional<std::int64_t> last_id;
  std::string last_grade;
  std::optional<std::string> due_on;
  std::string why;  // never | expired | immediate
};
result<std::pair<std::vector<due_row>, std::int64_t>> due_list(
    db::connection& c, const sys::principal& who, std::optional<std::int64_t> community_id,
    std::int64_t page, std::int64_t size);

// People who may sign as assessors: active users of the caller's unit and below (every unit for
// scope `all`), by unit and name; at most 500.
struct assessor {
  std::int64_t id = 0;
  std::string name, unit;
};
result<std::vector<assessor>> assessors(db::connection& c, const sys::principal& who);

// The record's JSON, the one shape every response uses.
boost::json::object record_json(const record& r);

}  // namespace ec::assessment
