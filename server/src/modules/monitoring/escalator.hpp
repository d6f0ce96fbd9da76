// Escalation as the writer runs it (the due times themselves are escalation.hpp, pure): the
// timers of unacknowledged alerts, and what happens when one falls due. In one transaction per
// round, for each alert still open: an `escalated` action per level that fell due (levels_due,
// so none is lost and none sent twice after a restart), the alert's last_level_sent and
// next_due_at, and with monitoring.webhook_url one webhook outbox row per level, holding the
// alert, the level's contacts and a Chinese notice for SMS and voice gateways. After the
// commit the live feed hears "escalated" (announcer.hpp) and the next level's timer is armed.
//
// How far an alert climbs: critical to emergency (4), warning to the community station (3);
// technical alerts (offline, low battery) are for the board only and arm no timer.
//
// Thread-safety: none; the writer thread owns it.
// Failure: when the database fails, the round's alerts are tried again 1 s later (logged).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "db/db.hpp"
#include "modules/monitoring/announcer.hpp"
#include "modules/monitoring/counters.hpp"
#include "modules/monitoring/settings_cache.hpp"
#include "modules/monitoring/types.hpp"

namespace ec::monitoring {

// The highest level an alert of this severity reaches (0: it does not escalate).
int top_level_of(severity s);

class escalator {
 public:
  escalator(db::database& db, const config& cfg, const settings_cache& settings,
            ingest_counters& counters, announcer& announce);

  // Arms a timer now (start-up: every unacknowledged alert, due at once).
  void arm(std::int64_t due_ms, std::int64_t alert_id);
  // Arms a timer once the writer's open transaction commits (committed()), or never
  // (rolled_back()).
  void arm_on_commit(std::int64_t due_ms, std::int64_t alert_id);
  void committed();
  void rolled_back();

  // The earliest armed timer; nullopt when none.
  std::optional<std::int64_t> next_due_at() const;
  std::size_t armed() const { return due_.size(); }

  // Sends what fell due at `now`, if anything did.
  void run(std::int64_t now);

 private:
  using due_entry = std::pair<std::int64_t, std::int64_t>;  // (due ms, alert id)

  db::database& db_;
  const config& cfg_;
  const settings_cache& settings_;
  ingest_counters& counters_;
  announcer& announce_;
  std::priority_queue<due_entry, std::vector<due_entry>, std::greater<>> due_;
  std::vector<due_entry> pending_;
};

}  // namespace ec::monitoring
