#include "modules/monitoring/notifier.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "core/http_url.hpp"
#include "core/text.hpp"

namespace ec::monitoring {
namespace {

constexpr std::int64_t k_backoff_first_ms = 1'000;
constexpr std::int64_t k_backoff_cap_ms = 300'000;
constexpr std::size_t k_error_max = 300;      // bytes of last_error
constexpr std::size_t k_body_in_error = 200;  // bytes of the response body quoted in it

std::int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view cut_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// What last_error records for a failed attempt: short, one line, valid UTF-8.
std::string describe_failure(const post_result& r) {
  std::string e;
  if (r.status != 0) {
    e = "HTTP " + std::to_string(r.status);
    if (!r.body.empty()) e += ": " + std::string(cut_utf8(r.body, k_body_in_error));
  } else {
    e = r.error.empty() ? std::string("no response") : r.error;
  }
  for (auto& c : e)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return text::sanitize_utf8(cut_utf8(e, k_error_max));
}

bool success(const post_result& r) {
  return r.status >= 200 && r.status < 300;
}

}  // namespace

notifier_options notifier_options::from(const config& cfg) {
  notifier_options o;
  o.url = cfg.webhook_url;
  o.timeout_ms = cfg.webhook_timeout_ms;
  o.max_attempts = cfg.webhook_max_attempts;
  return o;
}

std::int64_t backoff_ms(std::int64_t attempts, double unit_random) {
  std::int64_t base = k_backoff_first_ms;
  for (std::int64_t i = 1; i < attempts && base < k_backoff_cap_ms; ++i) base *= 2;
  base = std::min(base, k_backoff_cap_ms);
  double u = std::clamp(unit_random, 0.0, 1.0);
  double factor = 0.8 + 0.4 * u;  // ±20 %
  return static_cast<std::int64_t>(static_cast<double>(base) * factor);
}

struct notifier::impl {
  db::database& db;
  http_poster& poster;
  notifier_options o;

  std::mutex mu;
  std::condition_variable cv;
  bool woken = false;  // guarded by mu
  std::atomic<bool> stopping{false};
  std::thread thread;  // guarded by life_mu
  std::mutex life_mu;  // start/stop

  std::mt19937_64 rng{std::random_device{}()};  // deliver_due's thread only

  std::atomic<std::uint64_t> sent{0}, retried{0}, failed{0}, claims_lost{0}, store_errors{0};
  // For the health panel: failed attempts since the last delivery, and when that was.
  std::atomic<std::int64_t> streak{0}, last_sent_at{0};

  impl(db::database& d, http_poster& p, notifier_options opts)
      : db(d), poster(p), o(std::move(opts)) {}

  std::int64_t now() { return o.now ? o.now() : system_now_ms(); }
  double random() {
    if (o.random) return o.random();
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  }
  std::int64_t lease_ms() const { return o.timeout_ms + o.lease_margin_ms; }

  struct due_row {
    std::int64_t id;
    std::string payload;
    std::int64_t attempts;
    std::int64_t due;  // next_attempt_at as read (0 for NULL)
  };

  result<std::vector<due_row>> select_due(std::int64_t at) {
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    // A pending row without a time (not what the service writes) counts as due at once.
    auto rows = (*c)->query(
        "SELECT id, payload, attempts, COALESCE(next_attempt_at, 0) FROM notifications "
        "WHERE status = 'pending' AND channel = 'webhook' "
        "AND (next_attempt_at <= ? OR next_attempt_at IS NULL) "
        "ORDER BY COALESCE(next_attempt_at, 0), id LIMIT ?",
        {at, static_cast<std::int64_t>(o.batch)});
    if (!rows) return std::move(rows).err();
    std::vector<due_row> out;
    out.reserve(rows->size());
    for (auto& r : *rows) out.push_back({r.i64(0), r.take_str(1), r.i64(2), r.i64(3)});
    return out;
  }

  // Moves the row's next_attempt_at from the value read to the end of our lease; true if this
  // server now holds it (exactly one row changed).
  result<bool> claim(const due_row& row, std::int64_t lease_until) {
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    auto n = (*c)->exec(
        "UPDATE notifications SET next_attempt_at = ? WHERE id = ? AND status = 'pending' "
        "AND COALESCE(next_attempt_at, 0) = ?",
        {lease_until, row.id, row.due});
    if (!n) return std::move(n).err();
    return *n == 1;
  }

  // Runs `sql` once more if the database was busy; returns the rows changed.
  result<std::int64_t> exec_retrying(std::string_view sql, const db::params& args) {
    error last;
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
      auto c = db.acquire();
      if (!c) {
        last = std::move(c).err();
        continue;
      }
      auto n = (*c)->exec(sql, args);
      if (n) return n;
      last = std::move(n).err();
      if (last.kind != errc::unavailable) break;
    }
    return last;
  }

  // Records the outcome of one attempt on a row this server claimed until `lease_until`.
  void record(const due_row& row, std::int64_t lease_until, const post_result& r) {
    const std::int64_t attempts = row.attempts + 1;
    const std::int64_t at = now();
    result<std::int64_t> n = std::int64_t{0};
    const char* outcome = "";
    std::string err;
    if (success(r)) {
      // Delivered: recorded even if the lease ran out meanwhile (the gateway has it).
      outcome = "sent";
      n = exec_retrying(
          "UPDATE notifications SET status = 'sent', attempts = ?, sent_at = ?, "
          "next_attempt_at = NULL WHERE id = ? AND status = 'pending'",
          {attempts, at, row.id});
    } else {
      err = describe_failure(r);
      // A failure is recorded only while the claim is ours: once the lease ran out, the
      // attempt of whoever claimed the row next is the one that counts.
      if (attempts >= o.max_attempts) {
        outcome = "failed";
        n = exec_retrying(
            "UPDATE notifications SET status = 'failed', attempts = ?, last_error = ?, "
            "last_error_at = ?, next_attempt_at = NULL WHERE id = ? AND status = 'pending' "
            "AND next_attempt_at = ?",
            {attempts, err, at, row.id, lease_until});
      } else {
        outcome = "retry";
        n = exec_retrying(
            "UPDATE notifications SET attempts = ?, last_error = ?, last_error_at = ?, "
            "next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at = ?",
            {attempts, err, at, at + backoff_ms(attempts, random()), row.id, lease_until});
      }
    }
    if (!n) {
      ++store_errors;
      spdlog::error(
          "webhook: notification {} attempt {} ({}) not recorded: {}; it is sent again "
          "after its lease",
          row.id, attempts, outcome, n.err().message);
      return;
    }
    if (*n != 1) {
      ++claims_lost;
      spdlog::warn(
          "webhook: notification {} attempt {} ({}) not recorded: another server took "
          "the row after this one's lease ran out",
          row.id, attempts, outcome);
      return;
    }
    if (success(r)) {
      streak = 0;
      last_sent_at = at;
    } else {
      ++streak;
    }
    if (success(r)) {
      ++sent;
      spdlog::info("webhook: notification {} delivered (HTTP {}, attempt {})", row.id, r.status,
                   attempts);
    } else if (attempts >= o.max_attempts) {
      ++failed;
      spdlog::error("webhook: notification {} failed for good after {} attempts: {}", row.id,
                    attempts, err);
    } else {
      ++retried;
      spdlog::warn("webhook: notification {} attempt {} failed: {}", row.id, attempts, err);
    }
  }

  result<std::size_t> deliver_due() {
    if (o.url.empty()) return std::size_t{0};
    std::size_t attempted = 0;
    while (!stopping) {
      auto rows = select_due(now());
      if (!rows) {
        ++store_errors;
        return std::move(rows).err();
      }
      for (const auto& row : *rows) {
        if (stopping) break;
        const std::int64_t lease_until = now() + lease_ms();
        auto mine = claim(row, lease_until);
        if (!mine) {
          ++store_errors;
          return std::move(mine).err();
        }
        if (!*mine) {
          ++claims_lost;
          continue;
        }
        auto r = poster.post(o.url, row.payload, o.timeout_ms, std::to_string(row.id));
        ++attempted;
        record(row, lease_until, r);
      }
      if (rows->size() < o.batch) break;
    }
    return attempted;
  }

  // How long to sleep: until the earliest pending row falls due, at most poll_ms.
  std::int64_t wait_ms() {
    auto c = db.acquire();
    if (!c) return std::min<std::int64_t>(o.poll_ms, 1000);
    auto r = (*c)->one(
        "SELECT MIN(next_attempt_at) FROM notifications "
        "WHERE status = 'pending' AND channel = 'webhook'");
    if (!r) return std::min<std::int64_t>(o.poll_ms, 1000);
    if (r->is_null(0)) return o.poll_ms;
    return std::clamp<std::int64_t>(r->i64(0) - now(), 0, o.poll_ms);
  }

  void run() {
    while (!stopping) {
      {
        std::lock_guard g(mu);
        woken = false;
      }
      std::int64_t wait = 0;
      if (auto r = deliver_due(); !r) {
        spdlog::error("webhook: cannot read the outbox: {}", r.err().message);
        wait = std::min<std::int64_t>(o.poll_ms, 1000);
      } else {
        wait = wait_ms();
      }
      std::unique_lock lk(mu);
      cv.wait_for(lk, std::chrono::milliseconds(wait), [&] { return stopping || woken; });
    }
  }
};

notifier::notifier(db::database& db, http_poster& poster, notifier_options opts)
    : impl_(std::make_unique<impl>(db, poster, std::move(opts))) {}

notifier::~notifier() {
  stop();
}

status notifier::start() {
  std::lock_guard life(impl_->life_mu);
  if (impl_->o.url.empty()) {
    spdlog::info("webhook: no monitoring.webhook_url; alert notifications go to the board only");
    return {};
  }
  if (auto u = parse_http_url(impl_->o.url, "monitoring.webhook_url"); !u) return u.err();
  if (impl_->thread.joinable()) return {};
  impl_->stopping = false;
  impl_->thread = std::thread([this] { impl_->run(); });
  return {};
}

void notifier::stop() {
  std::lock_guard life(impl_->life_mu);
  if (!impl_->thread.joinable()) return;
  {
    std::lock_guard g(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  impl_->thread.join();
}

void notifier::wake() {
  {
    std::lock_guard g(impl_->mu);
    impl_->woken = true;
  }
  impl_->cv.notify_all();
}

result<std::size_t> notifier::deliver_due() {
  return impl_->deliver_due();
}

notifier_health notifier::health() const {
  notifier_health h;
  h.failing_streak = impl_->streak.load();
  if (auto t = impl_->last_sent_at.load()) h.last_sent_at = t;
  return h;
}

void notifier::render_metrics(std::string& out) const {
  const auto& m = *impl_;
  out += "# HELP eldercare_webhook_deliveries_total Webhook delivery attempts by result.\n";
  out += "# TYPE eldercare_webhook_deliveries_total counter\n";
  out += fmt::format("eldercare_webhook_deliveries_total{{result=\"sent\"}} {}\n", m.sent.load());
  out +=
      fmt::format("eldercare_webhook_deliveries_total{{result=\"retry\"}} {}\n", m.retried.load());
  out +=
      fmt::format("eldercare_webhook_deliveries_total{{result=\"failed\"}} {}\n", m.failed.load());
  out += "# HELP eldercare_webhook_claims_lost_total Outbox rows another server took first.\n";
  out += "# TYPE eldercare_webhook_claims_lost_total counter\n";
  out += fmt::format("eldercare_webhook_claims_lost_total {}\n", m.claims_lost.load());
  out +=
      "# HELP eldercare_webhook_store_errors_total Database errors reading or recording the "
      "outbox.\n";
  out += "# TYPE eldercare_webhook_store_errors_total counter\n";
  out += fmt::format("eldercare_webhook_store_errors_total {}\n", m.store_errors.load());
}

}  // namespace ec::monitoring
