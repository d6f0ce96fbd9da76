#include "modules/monitoring/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "core/timeutil.hpp"
#include "modules/monitoring/escalation.hpp"
#include "modules/monitoring/escalator.hpp"
#include "modules/monitoring/rules.hpp"
#include "modules/monitoring/settings_cache.hpp"

namespace ec::monitoring {
namespace {

constexpr std::int64_t k_tick_every_ms = 2000;
constexpr std::int64_t k_prune_every_ms = 3'600'000;

std::int64_t now_ms() {
  return timeutil::now_unix_ms();
}

std::int64_t key_of(std::int64_t device_id, alert_kind k) {
  return device_id * 16 + static_cast<int>(k);
}

bool top_level(severity s) {
  return top_level_of(s) > 0;
}

constexpr std::string_view k_device_select =
    "SELECT d.id, d.serial, d.type, d.elder_id, e.community_id, "
    "COALESCE(e.org_path, d.org_path), d.token_hash, d.status, d.registered_at, "
    "d.last_seen_at FROM devices d LEFT JOIN elders e ON e.id = d.elder_id";

// Newest event time and battery per device, within one batch.
using seen_map =
    std::unordered_map<std::int64_t, std::pair<std::int64_t, std::optional<std::int32_t>>>;

}  // namespace

struct writer::state {
  db::database& db;
  const config& cfg;
  work_queue& queue;
  device_directory& directory;
  announcer& announce;
  ingest_counters& counters;
  node_health& health;
  settings_cache settings;
  escalator esc;
  std::thread thread;

  struct runtime {
    device_state st;
    std::shared_ptr<const device_info> info;
  };
  std::unordered_map<std::int64_t, runtime> devices;           // by device id
  std::unordered_map<std::int64_t, std::int64_t> open_alerts;  // key_of(device, kind) → alert
  std::int64_t next_tick_at = 0, next_prune_at = 0;
  // While a transaction is open: open_alerts entries as they were before it (to undo on a
  // failed commit).
  std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> open_journal;

  state(db::database& d, const config& c, work_queue& q, device_directory& dir, announcer& a,
        ingest_counters& n, node_health& h)
      : db(d),
        cfg(c),
        queue(q),
        directory(dir),
        announce(a),
        counters(n),
        health(h),
        esc(d, c, settings, n, a) {}

  // ---------------------------------------------------------------- open alerts
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
    esc.rolled_back();
  }
  // After a commit: keep the changes, arm the timers.
  void keep_open() {
    open_journal.clear();
    esc.committed();
  }

  // ---------------------------------------------------------------- devices
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
    d->th = settings.thresholds_for(d->type, d->elder_id);
    return d;
  }

  void install_device(std::shared_ptr<device_info> d, bool fresh_state) {
    directory.put(d);
    auto [it, inserted] = devices.try_emplace(d->id);
    if (inserted || fresh_state)
      it->second.st = new_device_state(std::max(d->last_seen_at, d->registered_at));
    it->second.info = std::move(d);
  }

  status load_all() {
    auto c = db.acquire();
    if (!c) return std::move(c).err();
    if (auto s = settings.load(**c); !s) return s;
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
      if (r.str(4) == "open") esc.arm(now, r.i64(0));
    }
    spdlog::info("monitoring: {} devices, {} open alerts", devices.size(), open->size());
    return {};
  }

  void reload_device(db::connection& c, std::int64_t id) {
    auto r = c.maybe_one(std::string(k_device_select) + " WHERE d.id = ?", {id});
    if (!r || !*r) return;
    auto d = device_from_row(**r);
    auto old = devices.find(id);
    bool rebound = old == devices.end() || old->second.info->elder_id != d->elder_id;
    if (old != devices.end() && old->second.info->serial != d->serial)
      directory.erase(old->second.info->serial);
    install_device(std::move(d), rebound);
  }

  void reload_settings(db::connection& c) {
    if (auto s = settings.load(c); !s) {
      spdlog::error("monitoring: reloading settings failed: {}", s.err().message);
      return;
    }
    for (auto& [id, rt] : devices) {
      auto d = std::make_shared<device_info>(*rt.info);
      d->th = settings.thresholds_for(d->type, d->elder_id);
      install_device(std::move(d), false);
    }
  }

  // ---------------------------------------------------------------- the loop
  void run() {
    next_tick_at = now_ms() + k_tick_every_ms;
    next_prune_at = now_ms() + 60'000;
    for (;;) {
      auto wake_at = std::min(next_tick_at, esc.next_due_at().value_or(next_tick_at));
      auto wait_ms = std::max<std::int64_t>(0, wake_at - now_ms());
      auto batch = queue.take(std::chrono::milliseconds(wait_ms));
      if (!batch) break;
      health.writer_alive_at = now_ms();
      health.timers_armed = static_cast<std::int64_t>(esc.armed());
      if (!batch->empty()) process(std::move(*batch));
      auto now = now_ms();
      esc.run(now);
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
        const auto& plan = settings.plan_for(dev.community_id).plan;
        auto r = c.query(
            "INSERT INTO alerts (elder_id, device_id, community_id, org_path, kind, severity, "
            "event_id, raised_at, created_at, last_at, next_due_at) "
            "SELECT e.id, ?, e.community_id, e.org_path, ?, ?, ?, ?, ?, ?, ? FROM elders e "
            "WHERE e.id = ? RETURNING id",
            {dev.id, std::string(format(d.kind)), std::string(format(d.level)),
             severity_of(d.kind) == severity::critical ? event_id : std::string(), d.at_ms, now,
             d.at_ms, top_level(d.level) ? db::value(due_at(plan, now, 1)) : db::null(),
             dev.elder_id});
        if (!r) return std::move(r).err();
        if (r->empty()) continue;
        auto id = r->front().i64(0);
        auto a = c.exec(
            "INSERT INTO alert_actions (alert_id, at, action, note) VALUES (?, ?, 'raised', ?)",
            {id, now, event_id});
        if (!a) return std::move(a).err();
        set_open(key, id);
        if (top_level(d.level)) esc.arm_on_commit(due_at(plan, now, 1), id);
        ++counters.raised[static_cast<int>(d.kind)];
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
      seen_map seen;
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
          }
          // Reloads: applied after the commit.
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
        ++counters.batch_failures;
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
      ++counters.batches;
      health.writer_failing = false;
      health.last_commit_at = now_ms();
      health.last_commit_us = us;
      counters.commit_us_sum += us;
      if (us > counters.commit_us_max) counters.commit_us_max = us;
      // Committed: now tell people, devices and waiting HTTP requests.
      for (auto& w : batch) {
        if (auto* r = std::get_if<reload_device_item>(&w)) {
          reload_device(**c, r->device_id);
          if (r->applied) r->applied->set();
        }
        if (std::holds_alternative<reload_settings_item>(w)) reload_settings(**c);
      }
      announce.publish(**c, ac);
      return;
    }
    // Gave up: undo nothing more (already restored); fail the HTTP requests so devices resend.
    health.writer_failing = true;
    health.last_failure_at = now_ms();
    for (auto& w : batch)
      if (auto* e = std::get_if<ev_item>(&w); e && e->waiter) {
        std::lock_guard lk(e->waiter->m);
        e->waiter->failed = true;
        if (--e->waiter->remaining == 0) e->waiter->cv.notify_all();
      }
  }

  status process_event(db::connection& c, ev_item& e, std::int64_t now,
                       std::unordered_map<std::int64_t, device_state>& before, seen_map& seen,
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
    announce.publish(**c, ac);
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

writer::writer(db::database& db, const config& cfg, work_queue& queue, device_directory& directory,
               announcer& announce, ingest_counters& counters, node_health& health)
    : s_(std::make_unique<state>(db, cfg, queue, directory, announce, counters, health)) {}

writer::~writer() {
  join();
}

status writer::load() {
  return s_->load_all();
}

void writer::start() {
  s_->thread = std::thread([s = s_.get()] { s->run(); });
}

void writer::join() {
  if (s_->thread.joinable()) s_->thread.join();
}

}  // namespace ec::monitoring
