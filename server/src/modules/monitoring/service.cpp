#include "modules/monitoring/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <variant>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "ingest/dynsec.hpp"
#include "modules/monitoring/alert_view.hpp"
#include "modules/monitoring/broker.hpp"
#include "modules/monitoring/escalation.hpp"
#include "modules/monitoring/event_decode.hpp"
#include "modules/monitoring/health.hpp"
#include "modules/monitoring/notifier.hpp"
#include "modules/monitoring/rules.hpp"
#include "modules/monitoring/threshold_json.hpp"
#include "modules/registry/registry.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

constexpr std::size_t k_batch_max = 2000;
constexpr std::size_t k_queue_max = 100000;
constexpr std::size_t k_dead_letter_queue_max = 10000;
constexpr std::int64_t k_tick_every_ms = 2000;
constexpr std::int64_t k_prune_every_ms = 3'600'000;
constexpr std::size_t k_dead_payload_max = 4096;
// HTTP ingest without valid device credentials: per client address, at most this many such
// failures a minute; then the address gets 429 until the minute ends. Their payloads are
// never stored (only counted), so a flood cannot fill dead_letters.
constexpr std::int64_t k_http_auth_failures_per_min = 20;
// The health thread looks at the alert path at least this often (and at once on a broker
// connect or disconnect).
constexpr std::int64_t k_health_every_ms = 5000;

std::int64_t now_ms() {
  return timeutil::now_unix_ms();
}

// A device as ingest sees it; replaced whole on change (readers hold a shared_ptr).
struct device_info {
  std::int64_t id = 0;
  std::string serial;
  device_type type = device_type::sos_pendant;
  std::int64_t elder_id = 0;  // 0: unbound
  std::int64_t community_id = 0;
  std::string org_path;
  std::string token_hash;
  bool active = true;
  std::int64_t registered_at = 0;
  std::int64_t last_seen_at = 0;
  thresholds th;
};

struct plan_info {
  escalation_plan plan;
  std::string station_phone;
  std::string emergency_phone = "120";
};

// Waits for the writer to commit an HTTP request's events.
struct http_waiter {
  std::mutex m;
  std::condition_variable cv;
  std::size_t remaining = 0;
  bool failed = false;
  std::vector<ingest_item>* items = nullptr;
};

struct ev_item {
  std::shared_ptr<const device_info> dev;
  std::string event_id;
  event ev;
  bool mqtt = true;
  std::int64_t received_at = 0;
  std::shared_ptr<http_waiter> waiter;
  std::size_t index = 0;  // into waiter->items
};
struct dead_item {
  std::string transport, source, serial, reason, detail, payload;
  std::int64_t at = 0;
};
// A person resolved an alert: the rule state must forget it (if it is still that alert).
struct resolved_item {
  std::int64_t device_id = 0;
  alert_kind kind = alert_kind::sos;
  std::int64_t alert_id = 0;
  std::int64_t at = 0;
};
struct acked_item {
  std::int64_t alert_id = 0;
};
// Set once the writer has applied a reload, so that the caller can wait for it.
struct applied_signal {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  void set() {
    {
      std::lock_guard lk(m);
      done = true;
    }
    cv.notify_all();
  }
  bool wait(std::chrono::milliseconds timeout) {
    std::unique_lock lk(m);
    return cv.wait_for(lk, timeout, [&] { return done; });
  }
};
struct reload_device_item {
  std::int64_t device_id = 0;
  std::shared_ptr<applied_signal> applied;  // may be null
};
struct reload_settings_item {};
// A notification whose result is known only after the commit (downlink PUBACK, live feed).
struct notif_item {
  std::int64_t id = 0;  // update this row; 0: insert a new one
  std::int64_t alert_id = 0;
  int level = 0;
  std::string channel, target, payload, status, error;
  std::int64_t at = 0;
};
using work = std::variant<ev_item, dead_item, resolved_item, acked_item, reload_device_item,
                          reload_settings_item, notif_item>;

std::string truncate_utf8(std::string_view s, std::size_t max) {
  std::string out(s.substr(0, std::min(s.size(), max)));
  if (!text::valid_utf8(out)) {
    std::string clean;
    for (unsigned char ch : out) clean += ch < 0x80 ? static_cast<char>(ch) : '?';
    return clean;
  }
  return out;
}

std::int64_t key_of(std::int64_t device_id, alert_kind k) {
  return device_id * 16 + static_cast<int>(k);
}

// How far an unacknowledged alert climbs: critical to emergency (4), warning to the community
// station (3); technical alerts (offline, low battery) are for the board only.
int top_level_of(severity s) {
  return s == severity::critical ? 4 : s == severity::warning ? 3 : 0;
}
bool top_level(severity s) {
  return top_level_of(s) > 0;
}

std::string_view kind_zh(alert_kind k) {
  switch (k) {
    case alert_kind::sos:
      return "紧急呼叫(SOS)";
    case alert_kind::fall:
      return "跌倒";
    case alert_kind::smoke:
      return "烟雾报警";
    case alert_kind::gas:
      return "燃气泄漏";
    case alert_kind::water:
      return "水浸";
    case alert_kind::no_motion:
      return "长时间无活动";
    case alert_kind::door_night:
      return "夜间开门";
    case alert_kind::heart_rate:
      return "心率异常";
    case alert_kind::offline:
      return "设备离线";
    case alert_kind::low_battery:
      return "电量低";
  }
  return "告警";
}

std::string_view level_zh(int level) {
  switch (level) {
    case 1:
      return "楼长/志愿者";
    case 2:
      return "家属";
    case 3:
      return "社区站";
    default:
      return "紧急救援";
  }
}

}  // namespace

struct service::impl {
  db::database& db;
  const config& cfg;
  live_feed* feed;
  http_poster* poster;

  // --- shared with callers (HTTP and MQTT threads) ---
  mutable std::shared_mutex dev_mu;
  std::unordered_map<std::string, std::shared_ptr<const device_info>> by_serial;

  std::mutex q_mu;
  std::condition_variable q_cv;       // writer waits for work
  std::condition_variable q_room_cv;  // producers wait for room
  std::deque<work> queue;
  // SOS, falls, smoke, gas and water: taken before anything in `queue` and committed in a batch
  // of their own, so that a backlog of ordinary events does not delay them (the rules do not
  // depend on the order of events: every time they keep is a maximum).
  std::deque<work> urgent;
  std::size_t dead_queued = 0;
  bool stopping = false;
  std::atomic<bool> started{false};

  broker brk;  // the broker connection and device logins (broker.hpp)
  std::thread writer;
  std::unique_ptr<notifier> webhooks;  // with monitoring.webhook_url and a poster

  // --- metrics ---
  std::atomic<std::int64_t> accepted_mqtt{0}, accepted_http{0}, duplicates{0};
  std::atomic<std::int64_t> batches{0}, batch_failures{0}, commit_us_sum{0}, commit_us_max{0};
  std::atomic<std::int64_t> dead_dropped{0};
  std::atomic<std::int64_t> unauth_rejected{0}, unauth_limited{0};
  std::mutex auth_fail_mu;
  std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>>
      auth_fails;  // ip -> (start, n)
  std::atomic<std::int64_t> raised[k_alert_kind_count]{};
  mutable std::mutex rej_mu;
  std::map<std::pair<std::string, std::string>, std::int64_t> rejected;  // (transport, reason)
  std::atomic<std::int64_t> escalations_sent{0}, downlinks_ok{0}, downlinks_failed{0};

  // --- health (docs/MONITORING.md "Health"): atomics written where things happen ---
  std::atomic<std::int64_t> started_at{0};
  std::atomic<bool> mqtt_up{false};
  std::atomic<std::int64_t> mqtt_changed_at{0};  // connected_since or disconnected_since
  std::atomic<std::int64_t> mqtt_connects{0};
  std::atomic<std::int64_t> last_commit_at{0}, last_commit_us{0};
  std::atomic<bool> writer_failing{false};
  std::atomic<std::int64_t> last_failure_at{0};
  std::atomic<std::int64_t> writer_alive_at{0};
  std::atomic<std::int64_t> timers_armed{0};
  // The health thread: re-derives the status and pushes {"type":"health"} when it changes.
  std::thread health_thread;
  std::mutex health_mu;
  std::condition_variable health_cv;
  bool health_wake = false, health_stop = false;  // guarded by health_mu

  // --- writer thread only ---
  struct runtime {
    device_state st;
    std::shared_ptr<const device_info> info;
  };
  std::unordered_map<std::int64_t, runtime> devices;           // by device id
  std::unordered_map<std::int64_t, std::int64_t> open_alerts;  // key_of(device, kind) → alert
  std::map<std::int64_t, plan_info> plans;                     // community id (0: default)
  std::map<std::string, threshold_overrides> type_overrides;   // by device type name
  std::map<std::pair<std::int64_t, std::string>, threshold_overrides> elder_overrides;
  using due_entry = std::pair<std::int64_t, std::int64_t>;  // (due ms, alert id)
  std::priority_queue<due_entry, std::vector<due_entry>, std::greater<>> due;
  std::int64_t next_tick_at = 0, next_prune_at = 0;
  // While a transaction is open: open_alerts entries as they were before it (to undo on a
  // failed commit), and timers to arm once it has committed.
  std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> open_journal;
  std::vector<due_entry> due_pending;

  void set_open(std::int64_t key, std::int64_t alert_id) {
    auto it = open_alerts.find(key);
    open_journal.emplace_back(key,
                              it == open_alerts.end() ? std::nullopt : std::optional(it->second));
    open_alerts[key] = alert_id;
  }
  void erase_open(std::int64_t key) {
    auto it = open_alerts.find(key);
    if (it == open_alerts.end()) return;
    open_journal.emplace_back(key, it->second);
    open_alerts.erase(it);
  }
  // After a failed transaction: open_alerts as before it, no timers armed.
  void undo_open() {
    for (auto it = open_journal.rbegin(); it != open_journal.rend(); ++it) {
      if (it->second)
        open_alerts[it->first] = *it->second;
      else
        open_alerts.erase(it->first);
    }
    open_journal.clear();
    due_pending.clear();
  }
  // After a commit: keep the changes, arm the timers.
  void keep_open() {
    open_journal.clear();
    for (const auto& e : due_pending) due.push(e);
    due_pending.clear();
  }

  impl(db::database& d, const config& c, live_feed* f, http_poster* p)
      : db(d), cfg(c), feed(f), poster(p), brk(c) {}

  // ---------------------------------------------------------------- metrics helpers
  void count_rejected(std::string_view transport, std::string_view reason) {
    std::lock_guard lk(rej_mu);
    ++rejected[{std::string(transport), std::string(reason)}];
  }

  // ---------------------------------------------------------------- queue
  // Blocks while the queue is full (MQTT then stops reading and the broker holds the messages).
  static bool is_urgent(const work& w) {
    auto* e = std::get_if<ev_item>(&w);
    return e && is_critical(e->ev.kind);
  }
  bool push(work w) {
    std::unique_lock lk(q_mu);
    auto& lane = is_urgent(w) ? urgent : queue;
    q_room_cv.wait(lk, [&] { return stopping || lane.size() < k_queue_max; });
    if (stopping) return false;
    lane.push_back(std::move(w));
    lk.unlock();
    q_cv.notify_one();
    return true;
  }
  void push_dead(dead_item d) {
    count_rejected(d.transport, d.reason);
    spdlog::debug("dead letter {} {} {}: {}", d.transport, d.serial, d.reason, d.detail);
    {
      std::lock_guard lk(q_mu);
      if (stopping || dead_queued >= k_dead_letter_queue_max) {
        ++dead_dropped;
        return;
      }
      ++dead_queued;
      queue.push_back(std::move(d));
    }
    q_cv.notify_one();
  }
  // Control items are never refused for room (they are few).
  void push_control(work w) {
    {
      std::lock_guard lk(q_mu);
      queue.push_back(std::move(w));
    }
    q_cv.notify_one();
  }

  // ---------------------------------------------------------------- loading
  status load_settings(db::connection& c) {
    auto pr = c.query(
        "SELECT community_id, delay1_ms, delay2_ms, delay3_ms, delay4_ms, station_phone, "
        "emergency_phone FROM escalation_plans");
    if (!pr) return std::move(pr).err();
    plans.clear();
    for (const auto& r : *pr) {
      plan_info p;
      for (int i = 0; i < k_escalation_levels; ++i) p.plan.delay_ms[i] = r.i64(1 + i);
      p.station_phone = r.str(5);
      p.emergency_phone = r.str(6);
      plans[r.is_null(0) ? 0 : r.i64(0)] = std::move(p);
    }
    type_overrides.clear();
    auto tr = c.query("SELECT device_type, settings FROM threshold_settings");
    if (!tr) return std::move(tr).err();
    for (const auto& r : *tr) {
      auto o = parse_overrides_text(r.str(1));
      if (!o) {
        spdlog::warn("thresholds for {} are unreadable, using defaults: {}", r.str(0),
                     o.err().message);
        continue;
      }
      type_overrides[r.str(0)] = *o;
    }
    elder_overrides.clear();
    auto er = c.query("SELECT elder_id, device_type, settings FROM elder_thresholds");
    if (!er) return std::move(er).err();
    for (const auto& r : *er) {
      auto o = parse_overrides_text(r.str(2));
      if (o) elder_overrides[{r.i64(0), r.str(1)}] = *o;
    }
    return {};
  }

  thresholds thresholds_for(device_type t, std::int64_t elder_id) const {
    auto base = defaults_for(t);
    std::string name(format(t));
    if (auto it = type_overrides.find(name); it != type_overrides.end()) {
      auto r = monitoring::resolve(t, it->second);
      if (r) base = *r;
    }
    if (elder_id) {
      if (auto it = elder_overrides.find({elder_id, name}); it != elder_overrides.end()) {
        auto merged = merge(base, it->second);
        if (validate(merged)) base = merged;
      }
    }
    return base;
  }

  const plan_info& plan_for(std::int64_t community_id) const {
    if (auto it = plans.find(community_id); it != plans.end()) return it->second;
    if (auto it = plans.find(0); it != plans.end()) return it->second;
    static const plan_info fallback;
    return fallback;
  }

  static constexpr std::string_view k_device_select =
      "SELECT d.id, d.serial, d.type, d.elder_id, e.community_id, "
      "COALESCE(e.org_path, d.org_path), d.token_hash, d.status, d.registered_at, "
      "d.last_seen_at FROM devices d LEFT JOIN elders e ON e.id = d.elder_id";

  std::shared_ptr<device_info> device_from_row(const db::row& r) const {
    auto d = std::make_shared<device_info>();
    d->id = r.i64(0);
    d->serial = r.str(1);
    auto t = parse_device_type(r.str(2), "type");
    d->type = t ? *t : device_type::sos_pendant;
    d->elder_id = r.i64(3);
    d->community_id = r.i64(4);
    d->org_path = r.str(5);
    d->token_hash = r.str(6);
    d->active = r.str(7) == "active";
    d->registered_at = r.i64(8);
    d->last_seen_at = r.i64(9);
    d->th = thresholds_for(d->type, d->elder_id);
    return d;
  }

  void install_device(std::shared_ptr<device_info> d, bool fresh_state) {
    {
      std::unique_lock lk(dev_mu);
      by_serial[d->serial] = d;
    }
    auto [it, inserted] = devices.try_emplace(d->id);
    if (inserted || fresh_state)
      it->second.st = new_device_state(std::max(d->last_seen_at, d->registered_at));
    it->second.info = std::move(d);
  }

  status load_all() {
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    if (auto s = load_settings(**c); !s) return s;
    auto rows = (*c)->query(std::string(k_device_select));
    if (!rows) return std::move(rows).err();
    for (const auto& r : *rows) install_device(device_from_row(r), true);
    auto open = (*c)->query(
        "SELECT id, device_id, kind, raised_at, state FROM alerts WHERE state <> 'resolved'");
    if (!open) return std::move(open).err();
    auto now = now_ms();
    for (const auto& r : *open) {
      auto k = parse_alert_kind(r.str(2), "kind");
      if (!k) continue;
      auto it = devices.find(r.i64(1));
      if (it != devices.end()) restore_open(it->second.st, *k, r.i64(3));
      open_alerts[key_of(r.i64(1), *k)] = r.i64(0);
      // Unacknowledged: whatever fell due while we were down is sent at once.
      if (r.str(4) == "open") due.push({now, r.i64(0)});
    }
    spdlog::info("monitoring: {} devices, {} open alerts", devices.size(), open->size());
    return {};
  }

  // ---------------------------------------------------------------- MQTT
  status start_mqtt() {
    if (!brk.configured()) return {};
    mqtt_changed_at = now_ms();
    return brk.start(
        [this](std::string serial, const ingest::mqtt_view& m) { on_mqtt(std::move(serial), m); },
        [this](bool connected, const std::string& reason) {
          if (connected)
            spdlog::info("monitoring: connected to the MQTT broker");
          else
            spdlog::warn("monitoring: MQTT connection lost: {}", reason);
          if (connected) ++mqtt_connects;
          if (mqtt_up.exchange(connected) != connected) mqtt_changed_at = now_ms();
          wake_health();
        });
  }

  // `serial`: of the topic eldercare/{serial}/up ("" for any other topic).
  void on_mqtt(std::string serial, const ingest::mqtt_view& m) {
    auto now = now_ms();
    std::shared_ptr<const device_info> dev;
    {
      std::shared_lock lk(dev_mu);
      if (auto it = by_serial.find(serial); it != by_serial.end()) dev = it->second;
    }
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
      if (!push(std::move(it))) return;
    }
  }

  decode_limits limits(std::int64_t now) const {
    return {now, cfg.clock_skew_max_s * 1000, cfg.event_max_age_h * 3'600'000};
  }

  void downlink(const std::string& serial, std::string payload, std::int64_t alert_id, int level) {
    if (!brk.configured()) return;
    auto topic = ingest::dynsec::down_topic(serial);
    // Recorded once the broker has acknowledged it (or refused).
    auto r = brk.downlink(serial, payload, [this, alert_id, level, topic, payload](status s) {
      if (s)
        ++downlinks_ok;
      else
        ++downlinks_failed;
      push_control(notif_item{0, alert_id, level, "downlink", topic, payload, s ? "sent" : "failed",
                              s ? "" : s.err().message, now_ms()});
    });
    if (!r) {
      ++downlinks_failed;
      push_control(notif_item{0, alert_id, level, "downlink", topic, payload, "failed",
                              r.err().message, now_ms()});
    }
  }

  // ---------------------------------------------------------------- writer
  struct change {
    std::int64_t alert_id;
    std::string op;  // raised | repeat | cleared | escalated | acknowledged | resolved
  };
  struct after_commit {
    std::vector<change> changes;
    std::vector<std::pair<std::string, std::string>> downlinks;  // serial, payload
    std::vector<std::tuple<std::string, std::string, std::int64_t>>
        received;  // serial, event, alert
    std::int64_t mqtt_accepted = 0, mqtt_duplicates = 0;
    std::vector<std::tuple<std::shared_ptr<http_waiter>, std::size_t, ingest_item>> http;
    bool webhook_queued = false;
  };

  void run() {
    next_tick_at = now_ms() + k_tick_every_ms;
    next_prune_at = now_ms() + 60'000;
    for (;;) {
      std::vector<work> batch;
      {
        std::unique_lock lk(q_mu);
        auto wake_at = std::min(next_tick_at, due.empty() ? next_tick_at : due.top().first);
        auto wait_ms = std::max<std::int64_t>(0, wake_at - now_ms());
        q_cv.wait_for(lk, std::chrono::milliseconds(wait_ms),
                      [&] { return stopping || !queue.empty() || !urgent.empty(); });
        if (stopping && queue.empty() && urgent.empty()) break;
        writer_alive_at = now_ms();
        timers_armed = static_cast<std::int64_t>(due.size());
        if (!urgent.empty()) {
          while (!urgent.empty() && batch.size() < k_batch_max) {
            batch.push_back(std::move(urgent.front()));
            urgent.pop_front();
          }
        } else {
          while (!queue.empty() && batch.size() < k_batch_max) {
            if (std::holds_alternative<dead_item>(queue.front())) --dead_queued;
            batch.push_back(std::move(queue.front()));
            queue.pop_front();
          }
        }
      }
      q_room_cv.notify_all();
      if (!batch.empty()) process(std::move(batch));
      auto now = now_ms();
      if (!due.empty() && due.top().first <= now) escalate(now);
      if (now >= next_tick_at) {
        run_ticks(now);
        next_tick_at = now + k_tick_every_ms;
      }
      if (now >= next_prune_at) {
        prune(now);
        next_prune_at = now + k_prune_every_ms;
      }
    }
  }

  // Applies the rule decisions for one device inside the open transaction.
  // Returns the alert the triggering event belongs to (raise/repeat), if any.
  result<std::optional<std::int64_t>> apply(db::connection& c, runtime& rt, const decisions& ds,
                                            const std::string& event_id, std::int64_t now,
                                            after_commit& ac) {
    std::optional<std::int64_t> linked;
    const auto& dev = *rt.info;
    for (const auto& d : ds) {
      auto key = key_of(dev.id, d.kind);
      auto it = open_alerts.find(key);
      bool do_raise = d.act == action::raise;
      if (d.act == action::repeat) {
        if (it == open_alerts.end()) {
          do_raise = true;
        } else {
          auto n = c.exec(
              "UPDATE alerts SET count = count + 1, last_at = CASE WHEN last_at < ? THEN ? ELSE "
              "last_at END, version = version + 1 WHERE id = ? AND state <> 'resolved'",
              {d.at_ms, d.at_ms, it->second});
          if (!n) return std::move(n).err();
          if (*n == 0) {
            do_raise = true;  // a person resolved it a moment ago: this is a new alert
          } else {
            ac.changes.push_back({it->second, "repeat"});
            if (!linked) linked = it->second;
          }
        }
      }
      if (do_raise) {
        if (!dev.elder_id) continue;
        auto r = c.query(
            "INSERT INTO alerts (elder_id, device_id, community_id, org_path, kind, severity, "
            "event_id, raised_at, created_at, last_at, next_due_at) "
            "SELECT e.id, ?, e.community_id, e.org_path, ?, ?, ?, ?, ?, ?, ? FROM elders e "
            "WHERE e.id = ? RETURNING id",
            {dev.id, std::string(format(d.kind)), std::string(format(d.level)),
             d.kind <= alert_kind::water ? event_id : std::string(), d.at_ms, now, d.at_ms,
             top_level(d.level) ? db::value(due_at(plan_for(dev.community_id).plan, now, 1))
                                : db::null(),
             dev.elder_id});
        if (!r) return std::move(r).err();
        if (r->empty()) continue;
        auto id = r->front().i64(0);
        auto a = c.exec(
            "INSERT INTO alert_actions (alert_id, at, action, note) VALUES (?, ?, 'raised', ?)",
            {id, now, event_id});
        if (!a) return std::move(a).err();
        set_open(key, id);
        if (top_level(d.level))
          due_pending.push_back({due_at(plan_for(dev.community_id).plan, now, 1), id});
        ++raised[static_cast<int>(d.kind)];
        ac.changes.push_back({id, "raised"});
        if (!linked) linked = id;
      } else if (d.act == action::clear && it != open_alerts.end()) {
        auto n = c.exec(
            "UPDATE alerts SET state = 'resolved', outcome = 'auto_cleared', resolved_at = ?, "
            "next_due_at = NULL, version = version + 1 WHERE id = ? AND state <> 'resolved'",
            {now, it->second});
        if (!n) return std::move(n).err();
        if (*n) {
          auto a =
              c.exec("INSERT INTO alert_actions (alert_id, at, action) VALUES (?, ?, 'cleared')",
                     {it->second, now});
          if (!a) return std::move(a).err();
          ac.changes.push_back({it->second, "cleared"});
        }
        erase_open(key);
      }
    }
    return linked;
  }

  void process(std::vector<work> batch) {
    // Snapshot of every state the batch may change, to undo on a failed commit.
    std::unordered_map<std::int64_t, device_state> before;
    auto t0 = std::chrono::steady_clock::now();
    for (int attempt = 0; attempt < 3; ++attempt) {
      after_commit ac;
      auto c = db.acquire();
      if (!c) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
        continue;
      }
      auto now = now_ms();
      std::unordered_map<std::int64_t, std::pair<std::int64_t, std::optional<std::int32_t>>> seen;
      auto st = db::in_transaction(**c, [&]() -> status {
        for (auto& w : batch) {
          if (auto* e = std::get_if<ev_item>(&w)) {
            auto s = process_event(**c, *e, now, before, seen, ac);
            if (!s) return s;
          } else if (auto* d = std::get_if<dead_item>(&w)) {
            auto r = (*c)->exec(
                "INSERT INTO dead_letters (received_at, transport, source, serial, reason, "
                "detail, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
                {d->at, d->transport, d->source, d->serial, d->reason, d->detail, d->payload});
            if (!r) return std::move(r).err();
          } else if (auto* rs = std::get_if<resolved_item>(&w)) {
            auto key = key_of(rs->device_id, rs->kind);
            if (auto it = open_alerts.find(key);
                it != open_alerts.end() && it->second == rs->alert_id) {
              erase_open(key);
              if (auto dv = devices.find(rs->device_id); dv != devices.end()) {
                before.try_emplace(rs->device_id, dv->second.st);
                on_resolved(dv->second.st, rs->kind, rs->at);
              }
            }
          } else if (auto* n = std::get_if<notif_item>(&w)) {
            auto r = n->id ? (*c)->exec(
                                 "UPDATE notifications SET status = ?, last_error = ?, "
                                 "sent_at = ? WHERE id = ?",
                                 {n->status, n->error, n->at, n->id})
                           : (*c)->exec(
                                 "INSERT INTO notifications (alert_id, level, channel, target, "
                                 "payload, status, attempts, last_error, created_at, sent_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                                 {n->alert_id, static_cast<std::int64_t>(n->level), n->channel,
                                  n->target, n->payload, n->status, n->error, n->at,
                                  n->status == "sent" ? db::value(n->at) : db::null()});
            if (!r) return std::move(r).err();
          } else if (std::holds_alternative<reload_device_item>(w) ||
                     std::holds_alternative<reload_settings_item>(w)) {
            // handled after the commit
          }
          // acked_item: nothing to write; the alert row already says it.
        }
        for (const auto& [id, v] : seen) {
          auto r = (*c)->exec(
              "UPDATE devices SET last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at "
              "< ? THEN ? ELSE last_seen_at END, battery = COALESCE(?, battery) WHERE id = ?",
              {v.first, v.first,
               v.second ? db::value(static_cast<std::int64_t>(*v.second)) : db::null(), id});
          if (!r) return std::move(r).err();
        }
        return {};
      });
      if (!st) {
        ++batch_failures;
        spdlog::error("monitoring: batch of {} failed (attempt {}): {}", batch.size(), attempt + 1,
                      st.err().message);
        for (auto& [id, s] : before)
          if (auto it = devices.find(id); it != devices.end()) it->second.st = s;
        before.clear();
        undo_open();
        std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
        continue;
      }
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - t0)
                    .count();
      keep_open();
      ++batches;
      writer_failing = false;
      last_commit_at = now_ms();
      last_commit_us = us;
      commit_us_sum += us;
      if (us > commit_us_max) commit_us_max = us;
      // Committed: now tell people, devices and waiting HTTP requests.
      for (auto& w : batch) {
        if (auto* r = std::get_if<reload_device_item>(&w)) {
          reload_device(**c, r->device_id);
          if (r->applied) r->applied->set();
        }
        if (std::holds_alternative<reload_settings_item>(w)) reload_settings(**c);
        if (auto* a = std::get_if<acked_item>(&w)) (void)a;
      }
      publish(**c, ac);
      return;
    }
    // Gave up: undo nothing more (already restored); fail the HTTP requests so devices resend.
    writer_failing = true;
    last_failure_at = now_ms();
    for (auto& w : batch)
      if (auto* e = std::get_if<ev_item>(&w); e && e->waiter) {
        std::lock_guard lk(e->waiter->m);
        e->waiter->failed = true;
        if (--e->waiter->remaining == 0) e->waiter->cv.notify_all();
      }
  }

  status process_event(
      db::connection& c, ev_item& e, std::int64_t now,
      std::unordered_map<std::int64_t, device_state>& before,
      std::unordered_map<std::int64_t, std::pair<std::int64_t, std::optional<std::int32_t>>>& seen,
      after_commit& ac) {
    auto dv = devices.find(e.dev->id);
    ingest_item item{e.index, e.event_id, "accepted", "", "", std::nullopt};
    auto ins = c.query(
        "INSERT INTO device_events (device_id, elder_id, event_id, kind, at, received_at, value, "
        "lat, lon, battery, transport) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (device_id, event_id) DO NOTHING RETURNING id",
        {e.dev->id, e.dev->elder_id ? db::value(e.dev->elder_id) : db::null(), e.event_id,
         std::string(format(e.ev.kind)), e.ev.time_ms, e.received_at,
         e.ev.value ? db::value(static_cast<std::int64_t>(*e.ev.value)) : db::null(),
         e.ev.lat ? db::value(*e.ev.lat) : db::null(), e.ev.lon ? db::value(*e.ev.lon) : db::null(),
         e.ev.battery ? db::value(static_cast<std::int64_t>(*e.ev.battery)) : db::null(),
         std::string(e.mqtt ? "mqtt" : "http")});
    if (!ins) return std::move(ins).err();
    if (ins->empty()) {
      // The same event again: accepted once already. Tell a critical event's device again,
      // since it repeats until it hears "received".
      item.outcome = "duplicate";
      auto prev =
          c.maybe_one("SELECT alert_id FROM device_events WHERE device_id = ? AND event_id = ?",
                      {e.dev->id, e.event_id});
      if (!prev) return std::move(prev).err();
      if (*prev && !(*prev)->is_null(0)) item.alert_id = (*prev)->i64(0);
      if (e.mqtt && is_critical(e.ev.kind) && item.alert_id)
        ac.received.emplace_back(e.dev->serial, e.event_id, *item.alert_id);
    } else if (dv != devices.end()) {
      auto row_id = ins->front().i64(0);
      before.try_emplace(dv->first, dv->second.st);
      auto ds = evaluate(dv->second.st, e.ev, dv->second.info->th);
      auto linked = apply(c, dv->second, ds, e.event_id, now, ac);
      if (!linked) return std::move(linked).err();
      if (!*linked && is_critical(e.ev.kind)) {
        // The rules saw nothing new (the same press within a second, or a late copy of a press
        // already handled). It still belongs to an alert, and the device still needs to hear
        // "received": the open alert of its kind, else the latest one.
        auto kind = *critical_alert_of(e.ev.kind);
        if (auto it = open_alerts.find(key_of(dv->first, kind)); it != open_alerts.end()) {
          *linked = it->second;
        } else {
          auto last = c.maybe_one("SELECT MAX(id) FROM alerts WHERE device_id = ? AND kind = ?",
                                  {dv->first, std::string(format(kind))});
          if (!last) return std::move(last).err();
          if (*last && !(*last)->is_null(0)) *linked = (*last)->i64(0);
        }
      }
      if (*linked) {
        item.alert_id = *linked;
        auto u = c.exec("UPDATE device_events SET alert_id = ? WHERE id = ?", {**linked, row_id});
        if (!u) return std::move(u).err();
      }
      if (e.mqtt && is_critical(e.ev.kind) && item.alert_id)
        ac.received.emplace_back(e.dev->serial, e.event_id, *item.alert_id);
      auto& s = seen[dv->first];
      if (e.ev.time_ms >= s.first) {
        s.first = e.ev.time_ms;
        if (e.ev.battery) s.second = e.ev.battery;
        if (e.ev.kind == event_kind::battery && e.ev.value) s.second = e.ev.value;
      }
    }
    if (e.waiter)
      ac.http.emplace_back(e.waiter, e.index, std::move(item));
    else if (item.outcome == "duplicate")
      ++ac.mqtt_duplicates;
    else
      ++ac.mqtt_accepted;
    return {};
  }

  // After a commit: the live feed, downlinks, HTTP waiters, the webhook outbox.
  void publish(db::connection& c, after_commit& ac) {
    if (!ac.changes.empty()) {
      std::vector<std::int64_t> ids;
      for (const auto& ch : ac.changes) ids.push_back(ch.alert_id);
      auto views = load_alert_views(c, ids);
      if (!views) {
        spdlog::error("monitoring: loading alert views failed: {}", views.err().message);
      } else {
        std::unordered_map<std::int64_t, const alert_view*> by_id;
        for (const auto& v : *views) by_id[v.id] = &v;
        for (const auto& ch : ac.changes) {
          auto it = by_id.find(ch.alert_id);
          if (it == by_id.end()) continue;
          json::object msg{{"type", "alert"}, {"op", ch.op}, {"alert", it->second->json}};
          auto text = std::make_shared<const std::string>(json::serialize(msg));
          std::size_t n = 0;
          if (feed) n = feed->publish({it->second->org_path, it->second->elder_id}, text);
          if (ch.op == "raised" || ch.op == "escalated")
            push_control(notif_item{0, ch.alert_id, 0, "websocket",
                                    std::to_string(n) + " connections", "", "sent", "", now_ms()});
        }
      }
    }
    // The device hears "received" only now, after the commit (docs/MONITORING.md).
    for (const auto& [serial, event_id, alert_id] : ac.received) {
      json::object msg{{"type", "received"}, {"event_id", event_id}, {"alert_id", alert_id}};
      downlink(serial, json::serialize(msg), alert_id, 0);
    }
    accepted_mqtt += ac.mqtt_accepted;
    duplicates += ac.mqtt_duplicates;
    for (auto& [w, idx, item] : ac.http) {
      if (item.outcome == "duplicate")
        ++duplicates;
      else
        ++accepted_http;
      std::lock_guard lk(w->m);
      (*w->items)[idx] = std::move(item);
      if (--w->remaining == 0) w->cv.notify_all();
    }
    if (ac.webhook_queued && webhooks) webhooks->wake();
  }

  void reload_device(db::connection& c, std::int64_t id) {
    auto r = c.maybe_one(std::string(k_device_select) + " WHERE d.id = ?", {id});
    if (!r || !*r) return;
    auto d = device_from_row(**r);
    auto old = devices.find(id);
    bool rebound = old == devices.end() || old->second.info->elder_id != d->elder_id;
    if (old != devices.end() && old->second.info->serial != d->serial) {
      std::unique_lock lk(dev_mu);
      by_serial.erase(old->second.info->serial);
    }
    install_device(std::move(d), rebound);
  }

  void reload_settings(db::connection& c) {
    if (auto s = load_settings(c); !s) {
      spdlog::error("monitoring: reloading settings failed: {}", s.err().message);
      return;
    }
    for (auto& [id, rt] : devices) {
      auto d = std::make_shared<device_info>(*rt.info);
      d->th = thresholds_for(d->type, d->elder_id);
      install_device(std::move(d), false);
    }
  }

  void run_ticks(std::int64_t now) {
    // Most ticks decide nothing; only devices with decisions touch the database.
    std::vector<std::pair<std::int64_t, decisions>> todo;
    std::unordered_map<std::int64_t, device_state> before;
    for (auto& [id, rt] : devices) {
      if (!rt.info->active || !rt.info->elder_id) continue;
      auto copy = rt.st;
      auto ds = tick(rt.st, now, rt.info->th);
      if (!ds.empty()) {
        before.emplace(id, copy);
        todo.emplace_back(id, ds);
      }
    }
    if (todo.empty()) return;
    after_commit ac;
    auto c = db.acquire();
    status st = c ? db::in_transaction(**c,
                                       [&]() -> status {
                                         for (auto& [id, ds] : todo) {
                                           auto r = apply(**c, devices.at(id), ds, "", now, ac);
                                           if (!r) return std::move(r).err();
                                         }
                                         return {};
                                       })
                  : status(c.err());
    if (!st) {
      spdlog::error("monitoring: tick failed: {}", st.err().message);
      for (auto& [id, s] : before) devices.at(id).st = s;
      undo_open();
      return;
    }
    keep_open();
    publish(**c, ac);
  }

  // Contacts of a level, for the webhook payload: [{name, role, phone}].
  json::array targets(db::connection& c, int level, std::int64_t elder_id,
                      std::int64_t community_id) {
    json::array out;
    const auto& p = plan_for(community_id);
    if (level == 1) {
      auto r = c.query(
          "SELECT u.display_name, u.phone FROM user_elder_links l JOIN users u ON u.id = "
          "l.user_id WHERE l.elder_id = ? AND u.role_code = 'volunteer' AND u.active = 1 "
          "ORDER BY u.id",
          {elder_id});
      if (r)
        for (const auto& row : *r)
          out.push_back(
              json::object{{"name", row.str(0)}, {"role", "volunteer"}, {"phone", row.str(1)}});
    } else if (level == 2) {
      auto r = c.query(
          "SELECT name, relation, phone FROM elder_contacts WHERE elder_id = ? ORDER BY sort, id",
          {elder_id});
      if (r)
        for (const auto& row : *r) {
          // Stored encrypted; a value that does not decrypt is left out, never sent as is.
          auto phone = registry::pii_rows::open_contact_phone(row.str(2));
          if (!phone) {
            spdlog::error("notifier: contact phone of elder {}: {}", elder_id, phone.err().message);
            continue;
          }
          out.push_back(json::object{
              {"name", row.str(0)}, {"role", "family:" + row.str(1)}, {"phone", *phone}});
        }
    } else if (level == 3) {
      if (!p.station_phone.empty())
        out.push_back(json::object{
            {"name", "社区站值班电话"}, {"role", "station"}, {"phone", p.station_phone}});
      auto r = c.query(
          "SELECT u.display_name, u.phone FROM users u JOIN org_units o ON o.id = u.org_unit_id "
          "WHERE u.role_code = 'community_staff' AND u.active = 1 AND (o.id = ? OR "
          "o.community_id = ?) ORDER BY u.id",
          {community_id, community_id});
      if (r)
        for (const auto& row : *r)
          out.push_back(json::object{
              {"name", row.str(0)}, {"role", "community_staff"}, {"phone", row.str(1)}});
    } else {
      out.push_back(
          json::object{{"name", "紧急救援"}, {"role", "emergency"}, {"phone", p.emergency_phone}});
    }
    return out;
  }

  void escalate(std::int64_t now) {
    std::vector<std::int64_t> ids;
    while (!due.empty() && due.top().first <= now) {
      ids.push_back(due.top().second);
      due.pop();
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    after_commit ac;
    std::vector<due_entry> rearm;
    auto c = db.acquire();
    if (!c) {
      for (auto id : ids) due.push({now + 1000, id});
      return;
    }
    auto st = db::in_transaction(**c, [&]() -> status {
      for (auto id : ids) {
        auto r = (*c)->maybe_one(
            "SELECT state, last_level_sent, created_at, community_id, elder_id, severity FROM "
            "alerts WHERE id = ?",
            {id});
        if (!r) return std::move(r).err();
        if (!*r || (*r)->str(0) != "open") continue;
        const auto& row = **r;
        auto community = row.i64(3);
        const auto& plan = plan_for(community).plan;
        // An unreadable severity climbs all the way: the safe side.
        auto sev = parse_severity(row.str(5), "severity");
        int top = top_level_of(sev ? *sev : severity::critical);
        auto steps = levels_due(plan, row.i64(2), static_cast<int>(row.i64(1)), now);
        std::erase_if(steps, [&](const escalation_step& s) { return s.level > top; });
        auto next = next_due(plan, row.i64(2), false, now);
        if (next && next->level > top) next.reset();
        for (const auto& s : steps) {
          auto a = (*c)->exec(
              "INSERT INTO alert_actions (alert_id, at, action, level) VALUES (?, ?, "
              "'escalated', ?)",
              {id, now, static_cast<std::int64_t>(s.level)});
          if (!a) return std::move(a).err();
          if (!cfg.webhook_url.empty()) {
            auto views = load_alert_views(**c, {id});
            if (!views) return std::move(views).err();
            if (views->empty()) continue;
            auto tg = targets(**c, s.level, row.i64(4), community);
            const auto& v = views->front().json;
            std::string msg = "【天镇养老】" +
                              std::string(kind_zh(*parse_alert_kind(
                                  std::string_view(v.at("kind").as_string()), "kind"))) +
                              "：" + std::string(v.at("elder").at("community_name").as_string()) +
                              " " + std::string(v.at("elder").at("name").as_string()) + "，" +
                              std::string(v.at("elder").at("address").as_string()) + "。第" +
                              std::to_string(s.level) + "级通知（" +
                              std::string(level_zh(s.level)) + "），告警号" + std::to_string(id) +
                              "，请立即联系处置。";
            json::object payload{
                {"alert", v}, {"level", s.level}, {"targets", tg}, {"message", msg}};
            auto n = (*c)->exec(
                "INSERT INTO notifications (alert_id, level, channel, target, payload, status, "
                "created_at, next_attempt_at) VALUES (?, ?, 'webhook', ?, ?, 'pending', ?, ?)",
                {id, static_cast<std::int64_t>(s.level), cfg.webhook_url, json::serialize(payload),
                 now, now});
            if (!n) return std::move(n).err();
            ac.webhook_queued = true;
          }
        }
        auto u = (*c)->exec(
            "UPDATE alerts SET last_level_sent = ?, next_due_at = ?, version = version + 1 "
            "WHERE id = ?",
            {steps.empty() ? row.i64(1) : static_cast<std::int64_t>(steps.back().level),
             next ? db::value(next->due_ms) : db::null(), id});
        if (!u) return std::move(u).err();
        if (!steps.empty()) {
          escalations_sent += static_cast<std::int64_t>(steps.size());
          ac.changes.push_back({id, "escalated"});
        }
        if (next) rearm.push_back({next->due_ms, id});
      }
      return {};
    });
    if (!st) {
      spdlog::error("monitoring: escalation failed, retrying in 1 s: {}", st.err().message);
      for (auto id : ids) due.push({now + 1000, id});
      return;
    }
    for (const auto& e : rearm) due.push(e);
    publish(**c, ac);
  }

  // ---------------------------------------------------------------- health
  void wake_health() {
    {
      std::lock_guard lk(health_mu);
      health_wake = true;
    }
    health_cv.notify_all();
  }

  // The service's own facts (atomics and the queue's size), without SQL.
  health_facts node_facts() const {
    health_facts f;
    f.now = now_ms();
    f.started_at = started_at;
    f.broker.configured = !cfg.mqtt_url.empty();
    if (auto bs = brk.state()) {
      f.broker.connected = mqtt_up;
      f.broker.refused = bs->refused;
      (f.broker.connected ? f.broker.connected_since : f.broker.disconnected_since) =
          mqtt_changed_at.load();
      f.broker.reconnects = std::max<std::int64_t>(0, mqtt_connects - 1);
      f.broker.last_error = bs->last_error;
    }
    {
      std::lock_guard lk(const_cast<std::mutex&>(q_mu));
      f.running = started && !stopping;
      f.writer.queue_depth = static_cast<std::int64_t>(queue.size() + urgent.size());
    }
    f.writer.queue_max = static_cast<std::int64_t>(k_queue_max);
    if (auto t = last_commit_at.load()) f.writer.last_commit_at = t;
    f.writer.last_commit_us = last_commit_us;
    f.writer.batch_failures = batch_failures;
    f.writer.failing = writer_failing;
    if (auto t = last_failure_at.load()) f.writer.last_failure_at = t;
    f.writer.alive_at = writer_alive_at;
    f.escalation.timers_armed = timers_armed;
    f.webhook.configured = !cfg.webhook_url.empty();
    if (webhooks) {
      auto h = webhooks->health();
      f.webhook.failing_streak = h.failing_streak;
      f.webhook.last_sent_at = h.last_sent_at;
    }
    f.dead_letters.dropped = dead_dropped;
    return f;
  }

  result<health_facts> facts() const {
    auto f = node_facts();
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    if (auto s = load_store_facts(**c, f); !s) return std::move(s).err();
    return f;
  }

  // Every k_health_every_ms, or at once when woken: derive the status and tell the live feed
  // when it (or the list of problems) changed.
  void run_health() {
    std::optional<health_verdict> last;
    std::unique_lock lk(health_mu);
    while (!health_stop) {
      health_wake = false;
      lk.unlock();
      auto f = facts();
      if (!f) {
        spdlog::warn("monitoring: health check failed: {}", f.err().message);
      } else {
        auto v = derive(*f);
        if (last && !(*last == v)) {
          spdlog::log(v.status == "ok" ? spdlog::level::info : spdlog::level::warn,
                      "monitoring: health {} ({} problems)", v.status, v.problems.size());
          if (feed) {
            auto msg = health_json(*f, v, false);
            msg.emplace("type", "health");
            feed->broadcast(std::make_shared<const std::string>(json::serialize(msg)));
          }
        }
        last = std::move(v);
      }
      lk.lock();
      health_cv.wait_for(lk, std::chrono::milliseconds(k_health_every_ms),
                         [&] { return health_stop || health_wake; });
    }
  }

  void prune(std::int64_t now) {
    auto c = db.acquire();
    if (!c) return;
    auto cutoff = now - cfg.event_retention_days * 86'400'000;
    auto r = (*c)->exec(
        "DELETE FROM device_events WHERE id IN (SELECT id FROM device_events WHERE received_at "
        "< ? AND alert_id IS NULL LIMIT 20000)",
        {cutoff});
    auto d = (*c)->exec(
        "DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE received_at < "
        "? LIMIT 20000)",
        {cutoff});
    if (r && *r) spdlog::info("monitoring: pruned {} old device events", *r);
    (void)d;
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
  if (auto s = m.load_all(); !s) return s;
  if (auto s = m.start_mqtt(); !s) return s;
  if (m.poster && !m.cfg.webhook_url.empty()) {
    m.webhooks = std::make_unique<notifier>(m.db, *m.poster, notifier_options::from(m.cfg));
    if (auto s = m.webhooks->start(); !s) return s;
  }
  m.started = true;
  m.started_at = now_ms();
  m.writer_alive_at = now_ms();
  m.writer = std::thread([&m] { m.run(); });
  {
    std::lock_guard lk(m.health_mu);
    m.health_stop = false;
  }
  m.health_thread = std::thread([&m] { m.run_health(); });
  return {};
}

void service::stop() {
  auto& m = *impl_;
  if (!m.started) return;
  {
    std::lock_guard lk(m.health_mu);
    m.health_stop = true;
  }
  m.health_cv.notify_all();
  if (m.health_thread.joinable()) m.health_thread.join();
  // Input first, so that the writer can drain what was already accepted.
  m.brk.stop_uplink();
  {
    std::lock_guard lk(m.q_mu);
    m.stopping = true;
  }
  m.q_cv.notify_all();
  m.q_room_cv.notify_all();
  if (m.writer.joinable()) m.writer.join();
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
      ++m.unauth_limited;
      auto e = error::make(errc::rate_limited, "ingest.rate_limited",
                           "Too many failed device sign-ins from this address");
      e.retry_after = static_cast<int>((60000 - (now - it->second.first) + 999) / 1000);
      return e;
    }
  }
  // Without valid credentials nothing is stored: counted (metrics) and limited per address.
  auto unauthenticated = [&](const std::string& reason) {
    m.count_rejected("http", reason);
    ++m.unauth_rejected;
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
  std::shared_ptr<const device_info> dev;
  {
    std::shared_lock lk(m.dev_mu);
    if (auto it = m.by_serial.find(serial); it != m.by_serial.end()) dev = it->second;
  }
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
  {
    // One request's events go into the queue together so that one batch commits them; into
    // the urgent lane when one of them is critical.
    std::unique_lock lk(m.q_mu);
    if (m.stopping || !m.started)
      return error::make(errc::unavailable, "ingest.unavailable", "The service is stopping");
    auto& lane = std::any_of(good.begin(), good.end(),
                             [](const ev_item& e) { return is_critical(e.ev.kind); })
                     ? m.urgent
                     : m.queue;
    for (auto& g : good) lane.push_back(std::move(g));
  }
  m.q_cv.notify_one();
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

namespace {

struct alert_row {
  std::int64_t id, device_id, version;
  std::string state, kind, serial;
};

// "fall" → "跌倒告警" for Chinese audit summaries.
std::string kind_alert_zh(const std::string& kind) {
  auto k = parse_alert_kind(kind, "kind");
  return (k ? std::string(label_zh(*k)) : kind) + "告警";
}

result<alert_row> load_for_person(db::connection& c, std::int64_t alert_id,
                                  const sys::principal& who) {
  db::params args{alert_id};
  auto scope = sys::alert_scope_sql(who, "a", args);
  auto r = c.maybe_one(
      "SELECT a.id, a.device_id, a.version, a.state, a.kind, d.serial FROM alerts a "
      "JOIN devices d ON d.id = a.device_id WHERE a.id = ? AND " +
          scope,
      args);
  if (!r) return std::move(r).err();
  if (!*r) return error::make(errc::not_found, "alert.not_found", "No such alert");
  const auto& row = **r;
  return alert_row{row.i64(0), row.i64(1), row.i64(2), row.str(3), row.str(4), row.str(5)};
}

}  // namespace

result<std::int64_t> service::acknowledge(std::int64_t alert_id, const sys::principal& who,
                                          std::string_view note,
                                          std::optional<std::int64_t> version,
                                          std::string_view ip) {
  auto& m = *impl_;
  auto c = m.db.acquire();
  if (!c) return std::move(c).err();
  bool changed = false;
  alert_row a{};
  auto st = db::in_transaction(**c, [&]() -> status {
    auto r = load_for_person(**c, alert_id, who);
    if (!r) return std::move(r).err();
    a = *r;
    if (version && *version != a.version)
      return error::make(errc::conflict, "alert.stale", "The alert changed meanwhile; reload");
    if (a.state != "open") return {};  // acknowledged or resolved already: nothing to do
    auto now = now_ms();
    auto u = (*c)->exec(
        "UPDATE alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, "
        "next_due_at = NULL, version = version + 1 WHERE id = ? AND state = 'open'",
        {now, who.user_id, alert_id});
    if (!u) return std::move(u).err();
    if (*u == 0) return {};
    auto act = (*c)->exec(
        "INSERT INTO alert_actions (alert_id, at, actor_id, actor_name, action, note) VALUES "
        "(?, ?, ?, ?, 'acknowledged', ?)",
        {alert_id, now, who.user_id, who.display_name, std::string(note)});
    if (!act) return std::move(act).err();
    changed = true;
    return sys::audit(**c, &who, std::string(ip),
                      {"acknowledge",
                       "alert",
                       std::to_string(alert_id),
                       {"acknowledged " + a.kind + " alert", "接警：" + kind_alert_zh(a.kind)},
                       std::nullopt});
  });
  if (!st) return std::move(st).err();
  if (changed) {
    impl::after_commit ac;
    ac.changes.push_back({alert_id, "acknowledged"});
    m.publish(**c, ac);
    json::object msg{{"type", "acknowledged"}, {"alert_id", alert_id}, {"by", who.display_name}};
    m.downlink(a.serial, json::serialize(msg), alert_id, 0);
  }
  return alert_id;
}

result<std::int64_t> service::resolve(std::int64_t alert_id, const sys::principal& who,
                                      std::string_view outcome, std::string_view note,
                                      std::optional<std::int64_t> version, std::string_view ip) {
  auto& m = *impl_;
  if (!is_outcome(outcome))
    return error::invalid("alert.outcome_invalid", "outcome",
                          "outcome must be false_alarm, safe_on_visit, hospital or other");
  auto c = m.db.acquire();
  if (!c) return std::move(c).err();
  alert_row a{};
  auto now = now_ms();
  auto st = db::in_transaction(**c, [&]() -> status {
    auto r = load_for_person(**c, alert_id, who);
    if (!r) return std::move(r).err();
    a = *r;
    if (version && *version != a.version)
      return error::make(errc::conflict, "alert.stale", "The alert changed meanwhile; reload");
    if (a.state == "resolved")
      return error::make(errc::conflict, "alert.already_resolved", "The alert is resolved already");
    auto u = (*c)->exec(
        "UPDATE alerts SET state = 'resolved', resolved_at = ?, resolved_by = ?, outcome = ?, "
        "note = ?, next_due_at = NULL, acknowledged_at = COALESCE(acknowledged_at, ?), "
        "acknowledged_by = COALESCE(acknowledged_by, ?), version = version + 1 "
        "WHERE id = ? AND state <> 'resolved'",
        {now, who.user_id, std::string(outcome), std::string(note), now, who.user_id, alert_id});
    if (!u) return std::move(u).err();
    if (*u == 0)
      return error::make(errc::conflict, "alert.already_resolved", "The alert is resolved already");
    auto act = (*c)->exec(
        "INSERT INTO alert_actions (alert_id, at, actor_id, actor_name, action, note) VALUES "
        "(?, ?, ?, ?, 'resolved', ?)",
        {alert_id, now, who.user_id, who.display_name,
         std::string(outcome) + (note.empty() ? "" : ": " + std::string(note))});
    if (!act) return std::move(act).err();
    return sys::audit(**c, &who, std::string(ip),
                      {"resolve",
                       "alert",
                       std::to_string(alert_id),
                       {"resolved " + a.kind + " alert: " + std::string(outcome),
                        "处置" + kind_alert_zh(a.kind) + "：" + std::string(outcome_zh(outcome))},
                       std::nullopt});
  });
  if (!st) return std::move(st).err();
  auto kind = parse_alert_kind(a.kind, "kind");
  if (kind) m.push_control(resolved_item{a.device_id, *kind, alert_id, now});
  impl::after_commit ac;
  ac.changes.push_back({alert_id, "resolved"});
  m.publish(**c, ac);
  json::object msg{{"type", "resolved"}, {"alert_id", alert_id}};
  m.downlink(a.serial, json::serialize(msg), alert_id, 0);
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
  {
    std::lock_guard lk(m.q_mu);
    if (!m.started || m.stopping) return;  // loaded from the database at the next start
  }
  // Waits (briefly) until the writer has the new rows, so that a device registered a moment
  // ago is not refused by HTTP ingest or MQTT decoding with a stale copy. Control items are
  // taken in order, so the last one applied means all are.
  auto applied = std::make_shared<applied_signal>();
  for (std::size_t i = 0; i < device_ids.size(); ++i)
    m.push_control(
        reload_device_item{device_ids[i], i + 1 == device_ids.size() ? applied : nullptr});
  if (!applied->wait(std::chrono::seconds(2)))
    spdlog::warn("monitoring: {} device reload(s) not applied within 2 s", device_ids.size());
}

void service::settings_changed() {
  impl_->push_control(reload_settings_item{});
}

result<health_facts> service::health() const {
  return impl_->facts();
}

void service::render_metrics(std::string& out) const {
  const auto& m = *impl_;
  out += "# HELP eldercare_ingest_accepted_total Device events accepted (committed).\n";
  out += "# TYPE eldercare_ingest_accepted_total counter\n";
  out += "eldercare_ingest_accepted_total{transport=\"mqtt\"} " +
         std::to_string(m.accepted_mqtt.load()) + "\n";
  out += "eldercare_ingest_accepted_total{transport=\"http\"} " +
         std::to_string(m.accepted_http.load()) + "\n";
  out += "# HELP eldercare_ingest_duplicates_total Events received again (same event id).\n";
  out += "# TYPE eldercare_ingest_duplicates_total counter\n";
  out += "eldercare_ingest_duplicates_total " + std::to_string(m.duplicates.load()) + "\n";
  out +=
      "# HELP eldercare_ingest_rejected_total Rejected input, kept in dead_letters "
      "(HTTP without valid credentials: counted only).\n";
  out += "# TYPE eldercare_ingest_rejected_total counter\n";
  {
    std::lock_guard lk(m.rej_mu);
    for (const auto& [k, v] : m.rejected)
      out += "eldercare_ingest_rejected_total{transport=\"" + k.first + "\",reason=\"" + k.second +
             "\"} " + std::to_string(v) + "\n";
  }
  out +=
      "# HELP eldercare_ingest_unauthenticated_total HTTP ingest without valid device "
      "credentials: rejected (counted, payload not stored) or refused by the per-address limit.\n";
  out += "# TYPE eldercare_ingest_unauthenticated_total counter\n";
  out += "eldercare_ingest_unauthenticated_total{outcome=\"rejected\"} " +
         std::to_string(m.unauth_rejected.load()) + "\n";
  out += "eldercare_ingest_unauthenticated_total{outcome=\"rate_limited\"} " +
         std::to_string(m.unauth_limited.load()) + "\n";
  out += "# HELP eldercare_dead_letters_dropped_total Rejections counted but not stored (flood).\n";
  out += "# TYPE eldercare_dead_letters_dropped_total counter\n";
  out += "eldercare_dead_letters_dropped_total " + std::to_string(m.dead_dropped.load()) + "\n";
  out += "# HELP eldercare_alerts_raised_total Alerts raised by kind.\n";
  out += "# TYPE eldercare_alerts_raised_total counter\n";
  for (int k = 0; k < k_alert_kind_count; ++k)
    out += "eldercare_alerts_raised_total{kind=\"" +
           std::string(format(static_cast<alert_kind>(k))) + "\"} " +
           std::to_string(m.raised[k].load()) + "\n";
  out += "# HELP eldercare_escalations_total Escalation levels sent.\n";
  out += "# TYPE eldercare_escalations_total counter\n";
  out += "eldercare_escalations_total " + std::to_string(m.escalations_sent.load()) + "\n";
  out += "# HELP eldercare_downlinks_total Downlinks to devices by result.\n";
  out += "# TYPE eldercare_downlinks_total counter\n";
  out +=
      "eldercare_downlinks_total{result=\"sent\"} " + std::to_string(m.downlinks_ok.load()) + "\n";
  out += "eldercare_downlinks_total{result=\"failed\"} " +
         std::to_string(m.downlinks_failed.load()) + "\n";
  std::size_t depth = 0;
  {
    std::lock_guard lk(const_cast<std::mutex&>(m.q_mu));
    depth = m.queue.size() + m.urgent.size();
  }
  out += "# HELP eldercare_ingest_queue_depth Work waiting for the writer.\n";
  out += "# TYPE eldercare_ingest_queue_depth gauge\n";
  out += "eldercare_ingest_queue_depth " + std::to_string(depth) + "\n";
  out +=
      "# HELP eldercare_ingest_batches_total Batches committed, and their total and largest "
      "time in microseconds.\n";
  out += "# TYPE eldercare_ingest_batches_total counter\n";
  out += "eldercare_ingest_batches_total " + std::to_string(m.batches.load()) + "\n";
  out += "eldercare_ingest_batch_failures_total " + std::to_string(m.batch_failures.load()) + "\n";
  out += "eldercare_ingest_batch_us_sum " + std::to_string(m.commit_us_sum.load()) + "\n";
  out += "eldercare_ingest_batch_us_max " + std::to_string(m.commit_us_max.load()) + "\n";
  m.brk.render_metrics(out);
  if (m.webhooks) m.webhooks->render_metrics(out);
}

}  // namespace ec::monitoring
