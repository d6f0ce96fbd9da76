// The monitoring service: ingest → rules → alerts (durable) → notify → escalation timers
// (docs/MONITORING.md has the whole flow and the wire formats). It coordinates the parts:
// broker.hpp (the broker connection, device logins), work_queue.hpp (the writer's lanes),
// writer.hpp (the writer thread, rule state, reloads), escalator.hpp (escalation timers and
// notices), announcer.hpp (what happens after a commit), health_watch.hpp (health atomics and
// thread), counters.hpp (metrics), alerts.hpp (people's acknowledge and resolve). It checks
// device input on the caller's thread (authentication, decoding, the per-address limit of
// failed HTTP sign-ins) before anything is queued.
//
// One writer thread owns the rule engine's per-device state and every alert write. Events from
// MQTT (eldercare/{serial}/up) and from HTTP (POST /api/v1/ingest) are decoded, authenticated
// and checked on the caller's thread, then queued; the writer takes them in batches and commits
// each batch in one transaction (events, alert changes, escalation steps and notification
// rows). Only after that commit does anyone hear of it: the live feed, the device's
// "received" downlink, the HTTP ingest response, the webhook outbox. Rejected input goes to
// `dead_letters` and the metrics, never to the rules.
//
// Restart: start() rebuilds the rule state from the database (devices, their newest events,
// the alerts still open), then sends the escalation levels that fell due while the server was
// down and arms the rest. Nothing is kept only in memory that a crash could lose.
//
// Thread-safety: every public function may be called from any thread after start().
// Failure: functions return ec::result; nothing throws after start().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/monitoring/health.hpp"
#include "modules/monitoring/ingest_report.hpp"
#include "modules/monitoring/live.hpp"
#include "modules/monitoring/provisioner.hpp"
#include "modules/monitoring/types.hpp"
#include "modules/monitoring/webhook.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {

class service final : public device_provisioner {
 public:
  // `feed` and `poster` may be null (no live feed / no webhook); they must outlive the service.
  service(db::database& db, const config& cfg, live_feed* feed, http_poster* poster);
  ~service();  // stop()
  service(const service&) = delete;
  service& operator=(const service&) = delete;

  // Loads state, connects to the broker when monitoring.mqtt_url is set, starts the threads.
  status start();
  // Finishes the batch in progress, disconnects, joins the threads. Idempotent.
  void stop();

  // HTTP ingest: `authorization` is the request's Authorization header ("Bearer SERIAL:SECRET"),
  // `body` one event object, an array of them, or {"events": [...]} (at most 100). Returns once
  // every accepted event is committed. Errors: unauthorized (unknown device or wrong secret,
  // also recorded as a dead letter), invalid (the body is not JSON of that shape), unavailable
  // (the service is stopping or the store failed; the device should send again).
  result<ingest_report> ingest_http(std::string_view authorization, std::string_view body,
                                    std::string_view remote);

  // A person acknowledges or resolves an alert in `who`'s scope (not_found outside it). A stale
  // `version` gives conflict; acknowledging an acknowledged alert is a no-op; resolving needs an
  // outcome from k_outcomes. Written with an alert_actions row and an audit entry, then pushed
  // to the live feed and (acknowledge) told to the device.
  result<std::int64_t> acknowledge(std::int64_t alert_id, const sys::principal& who,
                                   std::string_view note, std::optional<std::int64_t> version,
                                   std::string_view ip);
  result<std::int64_t> resolve(std::int64_t alert_id, const sys::principal& who,
                               std::string_view outcome, std::string_view note,
                               std::optional<std::int64_t> version, std::string_view ip);

  // Device management (device_provisioner, provisioner.hpp; the devices API calls these).
  // The broker side is broker.hpp: logins that are not device logins are never touched, and
  // serials naming the broker's own logins are refused.
  status check_serial_free(std::string_view serial) const override;
  status provision_device(std::string_view serial, std::string_view secret) override;
  status revoke_device(std::string_view serial) override;
  std::vector<status> provision_devices(
      const std::vector<std::pair<std::string, std::string>>& logins) override;
  void revoke_devices(const std::vector<std::string>& serials) override;
  // Returns once the writer has the new rows (or after 2 s), so that the device works with
  // its new state at once.
  void devices_changed(const std::vector<std::int64_t>& device_ids) override;
  // Thresholds or escalation plans changed: reload them.
  void settings_changed();

  // The alert path's health (docs/MONITORING.md "Health"): this node's broker connection,
  // writer, escalation timers and webhook notifier, and from SQL the webhook outbox, dead
  // letters of the last hour and overdue escalations. Cheap; reads only atomics, the queue's
  // size and a few indexed queries. A thread re-derives the status every 5 s (at once on a
  // broker connect or disconnect) and pushes {"type":"health", …} to the live feed whenever
  // the status or its problems change.
  result<health_facts> health() const;

  // Prometheus text for /metrics (ingest, alerts, notifications, queue depth, commit latency).
  void render_metrics(std::string& out) const;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace ec::monitoring
