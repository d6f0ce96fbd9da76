// The writer: the one thread that owns the rule engine's per-device state and every alert
// write (docs/MONITORING.md). It takes batches from the work queue (work_queue.hpp: urgent
// lane first) and commits each batch in one transaction: device events (deduplicated by
// device and event id), the rules' decisions as alert rows and actions, dead letters,
// notification results, the devices' last-seen time and battery. Only after the commit does
// anyone hear of it (announcer.hpp). Between batches it runs the rules' ticks every 2 s (one
// transaction for the devices with decisions), the escalation timers (escalator.hpp), and an
// hourly prune of old events and dead letters; after a commit it applies device and settings
// reloads (settings_cache.hpp) and installs the new device copies in the directory.
//
// Restart: load() rebuilds the state from the database (devices, settings, the alerts still
// open) and arms every unacknowledged alert's timer at once, so that levels that fell due
// while the server was down are sent at once (once: escalator uses last_level_sent).
//
// Thread-safety: load() before start(); then only the writer thread touches its state. join()
// after the queue is closed: the writer drains the queue and ends.
// Failure: a failed batch is retried twice (100 and 200 ms later) with the rule state and the
// open-alert map restored; then it is given up, HTTP requests waiting on it fail (the devices
// send again) and node_health says `failing` until a batch commits.
#pragma once

#include <memory>

#include "core/config.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/monitoring/announcer.hpp"
#include "modules/monitoring/counters.hpp"
#include "modules/monitoring/device_directory.hpp"
#include "modules/monitoring/health_watch.hpp"
#include "modules/monitoring/work_queue.hpp"

namespace ec::monitoring {

class writer {
 public:
  writer(db::database& db, const config& cfg, work_queue& queue, device_directory& directory,
         announcer& announce, ingest_counters& counters, node_health& health);
  ~writer();  // joins; the queue must be closed before
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  status load();
  void start();
  void join();

  struct state;

 private:
  std::unique_ptr<state> s_;
};

}  // namespace ec::monitoring
