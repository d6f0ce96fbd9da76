// Alerts as people read and handle them: the SQL, transactions and audit entries behind the
// alert routes (routes_alerts.cpp parses input and renders these results). The board's and
// history's list, the samples of the response-time figures, one alert with its actions,
// notifications and the numbers to call, and a person's acknowledge and resolve. Every read
// and write is limited to the caller's data scope (sys::alert_scope_sql); an alert outside it
// is not_found. The alert's own JSON is alert_view's (alert_view.hpp), the one builder.
//
// Phone numbers in the detail (docs/SECURITY.md "Personal numbers"): in full for callers who
// hold `monitoring:alert:handle` or `registry:elder:reveal` (responders must call them), and
// then every read writes one `reveal` audit entry; masked (phone::mask) for everyone else
// (provider staff, auditors), `phones_masked: true`, and nothing is audited. The station's
// duty phone and the emergency number are not personal and always in full.
//
// Thread-safety: stateless; the connection is the caller's.
// Failure: database errors pass through; alert.stale / alert.already_resolved (conflict),
// alert.outcome_invalid (invalid), alert.not_found / not_found.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/monitoring/alert_stats.hpp"
#include "modules/monitoring/alert_view.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {

// GET /api/v1/alerts. `state`: active (not resolved; the board's order: most severe first,
// then the longest waiting) | open | acknowledged | resolved | all (history: newest first).
// `from` inclusive, `to` exclusive, on created_at.
struct alert_filter {
  std::string state = "all";
  std::optional<std::string> severity, kind;
  std::optional<std::int64_t> community_id, elder_id, from, to;
  std::int64_t page = 1, size = 20;
};
struct alert_page {
  std::vector<alert_view> items;
  std::int64_t total = 0;
};
result<alert_page> list_alerts(db::connection& c, const sys::principal& who, const alert_filter& f);

// The alerts created in [from, to) (optionally of one community) as response-time samples.
result<std::vector<alert_sample>> load_alert_samples(db::connection& c, const sys::principal& who,
                                                     std::int64_t from, std::int64_t to,
                                                     std::optional<std::int64_t> community_id);

// The alert as the caller may see it, or not_found.
result<alert_view> visible_alert(db::connection& c, const sys::principal& who, std::int64_t id);

// GET /api/v1/alerts/{id}: the alert's JSON with `actions`, `notifications` (a webhook's
// target without path and query), `contacts` and `phones_masked` (see above). `ip` for the
// reveal audit entry.
result<boost::json::object> alert_detail(db::connection& c, const sys::principal& who,
                                         std::int64_t id, std::string_view ip);

// Whether `who` sees the alert detail's personal phone numbers in full.
bool sees_full_phones(const sys::principal& who);

// What a person's acknowledge or resolve did, for the service to announce after the commit.
struct handled_alert {
  std::int64_t device_id = 0;
  std::string kind;    // alert kind code
  std::string serial;  // the device's, for the downlink
  bool changed = false;
  std::int64_t at = 0;  // Unix ms
};

// In one transaction, with an alert_actions row and an audit entry. Acknowledge: an alert no
// longer open is left as it is (changed false). A stale `version` gives alert.stale.
result<handled_alert> acknowledge_alert(db::connection& c, std::int64_t alert_id,
                                        const sys::principal& who, std::string_view note,
                                        std::optional<std::int64_t> version, std::string_view ip);
// `outcome` one of k_outcomes; a resolved alert gives alert.already_resolved.
result<handled_alert> resolve_alert(db::connection& c, std::int64_t alert_id,
                                    const sys::principal& who, std::string_view outcome,
                                    std::string_view note, std::optional<std::int64_t> version,
                                    std::string_view ip);

}  // namespace ec::monitoring
