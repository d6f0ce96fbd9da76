// What happens after a commit, and only then (docs/MONITORING.md "What is guaranteed"): the
// live feed hears of every alert change, a critical event's device hears "received", waiting
// HTTP ingest requests get their answer, the webhook notifier is woken for new outbox rows,
// and people's handling is told to the device. The writer, escalation and the service's
// acknowledge/resolve all collect what they did in an after_commit and hand it here once their
// transaction has committed. Downlink results (the broker's PUBACK) come back later and are
// recorded as notification rows through the work queue.
//
// Thread-safety: publish() and downlink() may be called from any thread (the writer, HTTP
// threads); the connection passed is the caller's.
// Failure: nothing is returned; a failed alert read is logged, a failed downlink is counted and
// recorded as a failed notification.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "db/db.hpp"
#include "modules/monitoring/counters.hpp"
#include "modules/monitoring/live.hpp"
#include "modules/monitoring/work_queue.hpp"

namespace ec::monitoring {

class broker;
class notifier;

// One alert that changed in a transaction, as the live feed's `op`.
struct alert_change {
  std::int64_t alert_id = 0;
  std::string op;  // raised | repeat | cleared | escalated | acknowledged | resolved
};

// Everything a transaction did that someone must hear of after its commit.
struct after_commit {
  std::vector<alert_change> changes;
  std::vector<std::tuple<std::string, std::string, std::int64_t>> received;  // serial, event, alert
  std::int64_t mqtt_accepted = 0, mqtt_duplicates = 0;
  std::vector<std::tuple<std::shared_ptr<http_waiter>, std::size_t, ingest_item>> http;
  bool webhook_queued = false;
};

class announcer {
 public:
  // `feed` may be null (no live feed); all must outlive the announcer.
  announcer(live_feed* feed, broker& brk, work_queue& queue, ingest_counters& counters);

  // The webhook notifier to wake for new outbox rows (null: none). Set before any publish.
  void set_webhooks(notifier* n) { webhooks_ = n; }

  // After a commit: the live feed (and a websocket notification row for raised and escalated
  // alerts), "received" downlinks, HTTP waiters, the ingest counters, the webhook notifier.
  void publish(db::connection& c, after_commit& ac);

  // Sends `payload` on the device's down topic (no-op without a broker); the result is
  // recorded as a notification row of `alert_id` once the broker has acknowledged or refused.
  void downlink(const std::string& serial, std::string payload, std::int64_t alert_id, int level);

 private:
  live_feed* feed_;
  broker& brk_;
  work_queue& queue_;
  ingest_counters& counters_;
  notifier* webhooks_ = nullptr;
};

}  // namespace ec::monitoring
