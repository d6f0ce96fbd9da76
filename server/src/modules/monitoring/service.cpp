#include "modules/monitoring/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <mutex>
#include <unordered_map>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "modules/monitoring/alerts.hpp"
#include "modules/monitoring/announcer.hpp"
#include "modules/monitoring/broker.hpp"
#include "modules/monitoring/counters.hpp"
#include "modules/monitoring/device_directory.hpp"
#include "modules/monitoring/event_decode.hpp"
#include "modules/monitoring/health_watch.hpp"
#include "modules/monitoring/notifier.hpp"
#include "modules/monitoring/work_queue.hpp"
#include "modules/monitoring/writer.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

constexpr std::size_t k_dead_payload_max = 4096;
// HTTP ingest without valid device credentials: per client address, at most this many such
// failures a minute; then the address gets 429 until the minute ends. Their payloads are
// never stored (only counted), so a flood cannot fill dead_letters.
constexpr std::int64_t k_http_auth_failures_per_min = 20;

std::int64_t now_ms() {
  return timeutil::now_unix_ms();
}

std::string truncate_utf8(std::string_view s, std::size_t max) {
  std::string out(s.substr(0, std::min(s.size(), max)));
  if (!text::valid_utf8(out)) {
    std::string clean;
    for (unsigned char ch : out) clean += ch < 0x80 ? static_cast<char>(ch) : '?';
    return clean;
  }
  return out;
}

}  // namespace

struct service::impl {
  db::database& db;
  const config& cfg;
  live_feed* feed;
  http_poster* poster;

  broker brk;  // the broker connection and device logins
  work_queue queue;
  device_directory directory;
  ingest_counters counters;
  node_health health;
  announcer announce;
  writer wr;
  health_watch watch;
  std::unique_ptr<notifier> webhooks;  // with monitoring.webhook_url and a poster
  std::atomic<bool> started{false};

  // HTTP ingest sign-in failures per client address: (start of the minute, count).
  std::mutex auth_fail_mu;
  std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>> auth_fails;

  impl(db::database& d, const config& c, live_feed* f, http_poster* p)
      : db(d),
        cfg(c),
        feed(f),
        poster(p),
        brk(c),
        announce(f, brk, queue, counters),
        wr(d, c, queue, directory, announce, counters, health),
        watch(f, [this] { return facts(); }) {}

  // Rejected input: counted, logged, and stored in dead_letters unless flooding.
  void push_dead(dead_item d) {
    counters.count_rejected(d.transport, d.reason);
    spdlog::debug("dead letter {} {} {}: {}", d.transport, d.serial, d.reason, d.detail);
    if (!queue.push_dead(std::move(d))) ++counters.dead_dropped;
  }

  decode_limits limits(std::int64_t now) const {
    return {now, cfg.clock_skew_max_s * 1000, cfg.event_max_age_h * 3'600'000};
  }

  // ---------------------------------------------------------------- MQTT
  status start_mqtt() {
    if (!brk.configured()) return {};
    health.mqtt_changed_at = now_ms();
    return brk.start(
        [this](std::string serial, const ingest::mqtt_view& m) { on_mqtt(std::move(serial), m); },
        [this](bool connected, const std::string& reason) {
          if (connected)
            spdlog::info("monitoring: connected to the MQTT broker");
          else
            spdlog::warn("monitoring: MQTT connection lost: {}", reason);
          if (connected) ++health.mqtt_connects;
          if (health.mqtt_up.exchange(connected) != connected) health.mqtt_changed_at = now_ms();
          watch.wake();
        });
  }

  // `serial`: of the topic eldercare/{serial}/up ("" for any other topic).
  void on_mqtt(std::string serial, const ingest::mqtt_view& m) {
    auto now = now_ms();
    auto dev = directory.find(serial);
    auto dead = [&](std::string reason, std::string detail) {
      push_dead({"mqtt", std::string(m.topic), serial, std::move(reason), std::move(detail),
                 truncate_utf8(m.payload, k_dead_payload_max), now});
    };
    if (!dev) return dead("unknown_device", "no device with this serial");
    if (!dev->active) return dead("retired_device", "the device is retired");
    if (!dev->elder_id) return dead("unbound_device", "the device is not bound to an elder");
    auto decoded = decode(m.payload, limits(now), false);
    if (!decoded) return dead("malformed", decoded.err().message);
    for (auto& d : *decoded) {
      if (!d.ok()) {
        dead(d.reason, d.message);
        continue;
      }
      d.ev.device_id = dev->id;
      ev_item it{dev, std::move(d.event_id), d.ev, true, now, nullptr, 0};
      if (!queue.push(std::move(it))) return;
    }
  }

  // ---------------------------------------------------------------- health
  // The service's own facts (atomics and the queue's size), without SQL.
  health_facts node_facts() const {
    health_facts f;
    f.now = now_ms();
    f.started_at = health.started_at;
    f.broker.configured = !cfg.mqtt_url.empty();
    if (auto bs = brk.state()) {
      f.broker.connected = health.mqtt_up;
      f.broker.refused = bs->refused;
      (f.broker.connected ? f.broker.connected_since : f.broker.disconnected_since) =
          health.mqtt_changed_at.load();
      f.broker.reconnects = std::max<std::int64_t>(0, health.mqtt_connects - 1);
      f.broker.last_error = bs->last_error;
    }
    f.running = started && !queue.closed();
    f.writer.queue_depth = static_cast<std::int64_t>(queue.depth());
    f.writer.queue_max = static_cast<std::int64_t>(k_queue_max);
    if (auto t = health.last_commit_at.load()) f.writer.last_commit_at = t;
    f.writer.last_commit_us = health.last_commit_us;
    f.writer.batch_failures = counters.batch_failures;
    f.writer.failing = health.writer_failing;
    if (auto t = health.last_failure_at.load()) f.writer.last_failure_at = t;
    f.writer.alive_at = health.writer_alive_at;
    f.escalation.timers_armed = health.timers_armed;
    f.webhook.configured = !cfg.webhook_url.empty();
    if (webhooks) {
      auto h = webhooks->health();
      f.webhook.failing_streak = h.failing_streak;
      f.webhook.last_sent_at = h.last_sent_at;
    }
    f.dead_letters.dropped = counters.dead_dropped;
    return f;
  }

  result<health_facts> facts() const {
    auto f = node_facts();
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    if (auto s = load_store_facts(**c, f); !s) return std::move(s).err();
    return f;
  }
};

// ---------------------------------------------------------------------------------------

service::service(db::database& db, const config& cfg, live_feed* feed, http_poster* poster)
    : impl_(std::make_unique<impl>(db, cfg, feed, poster)) {}

service::~service() {
  stop();
}

status service::start() {
  auto& m = *impl_;
  if (m.started) return {};
  if (auto s = m.wr.load(); !s) return s;
  if (auto s = m.start_mqtt(); !s) return s;
  if (m.poster && !m.cfg.webhook_url.empty()) {
    m.webhooks = std::make_unique<notifier>(m.db, *m.poster, notifier_options::from(m.cfg));
    if (auto s = m.webhooks->start(); !s) return s;
    m.announce.set_webhooks(m.webhooks.get());
  }
  m.started = true;
  m.health.started_at = now_ms();
  m.health.writer_alive_at = now_ms();
  m.wr.start();
  m.watch.start();
  return {};
}

void service::stop() {
  auto& m = *impl_;
  if (!m.started) return;
  m.watch.stop();
  // Input first, so that the writer can drain what was already accepted.
  m.brk.stop_uplink();
  m.queue.close();
  m.wr.join();
  m.brk.stop();
  if (m.webhooks) m.webhooks->stop();
  m.started = false;
}

result<ingest_report> service::ingest_http(std::string_view authorization, std::string_view body,
                                           std::string_view remote) {
  auto& m = *impl_;
  auto now = now_ms();
  {
    std::lock_guard lk(m.auth_fail_mu);
    if (auto it = m.auth_fails.find(std::string(remote));
        it != m.auth_fails.end() && now - it->second.first < 60000 &&
        it->second.second >= k_http_auth_failures_per_min) {
      ++m.counters.unauth_limited;
      auto e = error::make(errc::rate_limited, "ingest.rate_limited",
                           "Too many failed device sign-ins from this address");
      e.retry_after = static_cast<int>((60000 - (now - it->second.first) + 999) / 1000);
      return e;
    }
  }
  // Without valid credentials nothing is stored: counted (metrics) and limited per address.
  auto unauthenticated = [&](const std::string& reason) {
    m.counters.count_rejected("http", reason);
    ++m.counters.unauth_rejected;
    std::lock_guard lk(m.auth_fail_mu);
    if (m.auth_fails.size() > 100000)
      std::erase_if(m.auth_fails, [&](const auto& kv) { return now - kv.second.first >= 60000; });
    auto& slot = m.auth_fails[std::string(remote)];
    if (slot.second == 0 || now - slot.first >= 60000) slot = {now, 0};
    ++slot.second;
  };
  auto dead = [&](std::string serial, std::string reason, std::string detail) {
    m.push_dead({"http", std::string(remote), std::move(serial), std::move(reason),
                 std::move(detail), truncate_utf8(body, k_dead_payload_max), now});
  };
  std::string_view tok = authorization;
  if (tok.starts_with("Bearer "))
    tok.remove_prefix(7);
  else
    tok = {};
  auto colon = tok.find(':');
  if (tok.empty() || colon == std::string_view::npos) {
    unauthenticated("bad_credentials");
    return error::make(errc::unauthorized, "ingest.bad_credentials",
                       "Send Authorization: Bearer SERIAL:SECRET");
  }
  std::string serial(tok.substr(0, colon));
  auto dev = m.directory.find(serial);
  auto hash = crypto::sha256_hex(tok.substr(colon + 1));
  if (!dev || !crypto::constant_time_equal(hash, dev->token_hash)) {
    unauthenticated(dev ? "bad_credentials" : "unknown_device");
    return error::make(errc::unauthorized, "ingest.bad_credentials",
                       "Unknown device or wrong secret");
  }
  if (!dev->active) {
    dead(serial, "retired_device", "the device is retired");
    return error::make(errc::forbidden, "ingest.device_retired", "The device is retired");
  }
  if (!dev->elder_id) {
    dead(serial, "unbound_device", "the device is not bound to an elder");
    return error::make(errc::forbidden, "ingest.device_unbound",
                       "The device is not bound to an elder");
  }
  auto decoded = decode(body, m.limits(now), true);
  if (!decoded) {
    dead(serial, "malformed", decoded.err().message);
    return std::move(decoded).err();
  }
  ingest_report rep;
  rep.items.resize(decoded->size());
  auto waiter = std::make_shared<http_waiter>();
  waiter->items = &rep.items;
  std::vector<ev_item> good;
  for (std::size_t i = 0; i < decoded->size(); ++i) {
    auto& d = (*decoded)[i];
    rep.items[i].index = i;
    rep.items[i].event_id = d.event_id;
    if (!d.ok()) {
      rep.items[i].outcome = "rejected";
      rep.items[i].reason = d.reason;
      rep.items[i].message = d.message;
      dead(serial, d.reason, "event " + std::to_string(i) + ": " + d.message);
      continue;
    }
    d.ev.device_id = dev->id;
    good.push_back(ev_item{dev, d.event_id, d.ev, false, now, waiter, i});
  }
  waiter->remaining = good.size();
  // One request's events go into the queue together so that one batch commits them.
  if (!m.started || !m.queue.push_request(std::move(good)))
    return error::make(errc::unavailable, "ingest.unavailable", "The service is stopping");
  {
    std::unique_lock lk(waiter->m);
    if (!waiter->cv.wait_for(lk, std::chrono::seconds(30), [&] { return waiter->remaining == 0; }))
      return error::make(errc::unavailable, "ingest.timeout", "The store is too slow; send again");
    if (waiter->failed)
      return error::make(errc::unavailable, "ingest.store_failed",
                         "The events could not be stored; send again");
  }
  for (const auto& it : rep.items) {
    if (it.outcome == "accepted")
      ++rep.accepted;
    else if (it.outcome == "duplicate")
      ++rep.duplicates;
    else
      ++rep.rejected;
  }
  return rep;
}

result<std::int64_t> service::acknowledge(std::int64_t alert_id, const sys::principal& who,
                                          std::string_view note,
                                          std::optional<std::int64_t> version,
                                          std::string_view ip) {
  auto& m = *impl_;
  auto c = m.db.acquire();
  if (!c) return std::move(c).err();
  auto h = acknowledge_alert(**c, alert_id, who, note, version, ip);
  if (!h) return std::move(h).err();
  if (h->changed) {
    after_commit ac;
    ac.changes.push_back({alert_id, "acknowledged"});
    m.announce.publish(**c, ac);
    json::object msg{{"type", "acknowledged"}, {"alert_id", alert_id}, {"by", who.display_name}};
    m.announce.downlink(h->serial, json::serialize(msg), alert_id, 0);
  }
  return alert_id;
}

result<std::int64_t> service::resolve(std::int64_t alert_id, const sys::principal& who,
                                      std::string_view outcome, std::string_view note,
                                      std::optional<std::int64_t> version, std::string_view ip) {
  auto& m = *impl_;
  auto c = m.db.acquire();
  if (!c) return std::move(c).err();
  auto h = resolve_alert(**c, alert_id, who, outcome, note, version, ip);
  if (!h) return std::move(h).err();
  // The rule state forgets the alert (the writer checks it is still that alert).
  if (auto kind = parse_alert_kind(h->kind, "kind"))
    m.queue.push_control(resolved_item{h->device_id, *kind, alert_id, h->at});
  after_commit ac;
  ac.changes.push_back({alert_id, "resolved"});
  m.announce.publish(**c, ac);
  json::object msg{{"type", "resolved"}, {"alert_id", alert_id}};
  m.announce.downlink(h->serial, json::serialize(msg), alert_id, 0);
  return alert_id;
}

status service::check_serial_free(std::string_view serial) const {
  return impl_->brk.reserved(serial);
}

status service::provision_device(std::string_view serial, std::string_view secret) {
  return impl_->brk.provision(serial, secret);
}

status service::revoke_device(std::string_view serial) {
  return impl_->brk.revoke(serial);
}

std::vector<status> service::provision_devices(
    const std::vector<std::pair<std::string, std::string>>& logins) {
  return impl_->brk.provision_many(logins);
}

void service::revoke_devices(const std::vector<std::string>& serials) {
  impl_->brk.revoke_many(serials);
}

void service::devices_changed(const std::vector<std::int64_t>& device_ids) {
  auto& m = *impl_;
  if (device_ids.empty()) return;
  if (!m.started || m.queue.closed()) return;  // loaded from the database at the next start
  // Waits (briefly) until the writer has the new rows, so that a device registered a moment
  // ago is not refused by HTTP ingest or MQTT decoding with a stale copy. Control items are
  // taken in order, so the last one applied means all are.
  auto applied = std::make_shared<applied_signal>();
  for (std::size_t i = 0; i < device_ids.size(); ++i)
    m.queue.push_control(
        reload_device_item{device_ids[i], i + 1 == device_ids.size() ? applied : nullptr});
  if (!applied->wait(std::chrono::seconds(2)))
    spdlog::warn("monitoring: {} device reload(s) not applied within 2 s", device_ids.size());
}

void service::settings_changed() {
  impl_->queue.push_control(reload_settings_item{});
}

result<health_facts> service::health() const {
  return impl_->facts();
}

void service::render_metrics(std::string& out) const {
  const auto& m = *impl_;
  m.counters.render(out, m.queue.depth());
  m.brk.render_metrics(out);
  if (m.webhooks) m.webhooks->render_metrics(out);
}

}  // namespace ec::monitoring
