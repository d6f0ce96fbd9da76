// The webhook outbox: delivers `notifications` rows of channel 'webhook' to the configured URL
// (docs/MONITORING.md "Webhook").
//
// The monitoring service inserts a row (status 'pending', next_attempt_at = now, payload = the
// JSON to send) in the same transaction as the alert change, and calls wake() after the
// commit. Without a webhook URL the service creates no webhook rows and the notifier does
// nothing (start() starts no thread).
//
// The notifier's thread takes due rows (status 'pending', next_attempt_at <= now), earliest
// due first, `batch` at a time. Each row is first claimed — its next_attempt_at moved to now +
// lease, only if it still holds the value just read — so that several servers sharing one
// PostgreSQL database never send the same row at the same time; then its payload is POSTed as
// is with the row id as `Idempotency-Key`, and the result recorded:
//   2xx            status 'sent', sent_at, attempts + 1, next_attempt_at NULL
//   anything else  attempts + 1, last_error ("HTTP 503: <start of body>" or the client's error),
//                  last_error_at = now, next_attempt_at = now + backoff_ms(attempts), or
//                  status 'failed' (and
//                  next_attempt_at NULL) once attempts reach max_attempts.
// Delivery is at least once: a crash between the POST and its record, or a record that the
// database refuses, leaves the row claimed; it is sent again when the lease (timeout + 30 s)
// ends, by this server after a restart or by another one. Gateways drop repeats by the key.
//
// Thread-safety: start(), stop() and wake() may be called from any thread; deliver_due() from
// one thread at a time (the notifier's own, or a test's while the thread is not running).
// Failure: nothing throws after construction; database errors are logged and counted, and the
// rows concerned are retried later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/monitoring/webhook.hpp"

namespace ec::monitoring {

struct notifier_options {
  std::string url;  // monitoring.webhook_url; "" = no webhook, the notifier does nothing
  std::int64_t timeout_ms = 5000;
  std::int64_t max_attempts = 8;
  std::size_t batch = 20;
  // How long a claim holds a row beyond the POST's own timeout.
  std::int64_t lease_margin_ms = 30'000;
  // The thread looks for due rows at least this often even when nobody wakes it (rows left
  // by another server, claims whose lease ended).
  std::int64_t poll_ms = 5'000;
  // Unix milliseconds; the system clock when empty. Tests inject their own.
  std::function<std::int64_t()> now;
  // Uniform in [0, 1), for the back-off jitter; a random engine when empty.
  std::function<double()> random;

  static notifier_options from(const config& cfg);
};

// The wait after the `attempts`-th failed attempt (1, 2, …): 1 s doubling each time, capped at
// 5 min, then ±20 % jitter from `unit_random` in [0, 1) (0.5 = none).
std::int64_t backoff_ms(std::int64_t attempts, double unit_random);

// What the health panel needs from the notifier (modules/monitoring/health.hpp).
struct notifier_health {
  std::int64_t failing_streak = 0;  // recorded failed attempts since the last delivery
  std::optional<std::int64_t> last_sent_at;
};

class notifier {
 public:
  // `db` and `poster` must outlive the notifier.
  notifier(db::database& db, http_poster& poster, notifier_options opts);
  ~notifier();  // stop()
  notifier(const notifier&) = delete;
  notifier& operator=(const notifier&) = delete;

  // Starts the delivery thread (none without a URL); it delivers what is due at once, so rows
  // left pending by a previous run go out. Idempotent.
  status start();
  // Lets the POST in progress finish (it is bounded by the timeout) and records it, then joins
  // the thread. Rows not yet attempted stay pending for the next start. Idempotent.
  void stop();
  // New rows were committed: look for due rows now.
  void wake();

  // Delivers every row due at now(), a batch at a time, on the calling thread, until none is
  // due or stop() was called. Returns how many rows it attempted (claimed and POSTed).
  result<std::size_t> deliver_due();

  // Prometheus text: eldercare_webhook_deliveries_total{result="sent|retry|failed"} (one per
  // recorded attempt: delivered; failed, tried again later; failed for good),
  // eldercare_webhook_claims_lost_total (rows another server took first) and
  // eldercare_webhook_store_errors_total (database errors). Thread-safe.
  void render_metrics(std::string& out) const;
  // Failed attempts since the last delivery and when that was. Thread-safe (atomics).
  notifier_health health() const;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace ec::monitoring
