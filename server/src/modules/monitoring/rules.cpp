#include "modules/monitoring/rules.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ec::monitoring {
namespace {

constexpr std::uint16_t bit(alert_kind k) {
  return static_cast<std::uint16_t>(1u << static_cast<unsigned>(k));
}
constexpr int damp_index(alert_kind k) {
  return static_cast<int>(k) - static_cast<int>(alert_kind::no_motion);
}
constexpr bool is_damped(alert_kind k) {
  return damp_index(k) >= 0;
}

// Differences of compact times as int64: never wraps, negative when b is later.
constexpr std::int64_t since(std::uint32_t now, std::uint32_t then) {
  return std::int64_t{now} - std::int64_t{then};
}

// The rule machinery over one state for one call; `out` collects decisions.
class run {
 public:
  run(device_state& s, const thresholds& th) : s_(s), th_(th) {}

  // The condition of `k` holds at t: raise, or repeat while open. A level condition that is
  // merely still true passes emit_repeat = false so it does not count itself every call.
  void fire(alert_kind k, std::uint32_t t, bool emit_repeat) {
    const std::uint16_t b = bit(k);
    if (s_.open & b) {
      if ((s_.held & b) && s_.damp_quiet_since_s[idx(k)] != 0) {
        s_.damp_quiet_since_s[idx(k)] = 0;  // a held (damped) alert re-fired: keep it open
        emit(k, action::repeat, t);
      } else if (emit_repeat) {
        emit(k, action::repeat, t);
      }
      return;
    }
    if (is_damped(k)) {
      const int i = idx(k);
      if (s_.damp_window_start_s[i] == 0 ||
          since(t, s_.damp_window_start_s[i]) >= std::int64_t{th_.damping_window_s}) {
        s_.damp_window_start_s[i] = t;
        s_.damp_raises[i] = 1;
      } else if (s_.damp_raises[i] < 255) {
        ++s_.damp_raises[i];
      }
    }
    s_.open |= b;
    emit(k, action::raise, t);
  }

  // The condition of `k` ended at t: clear, unless damping holds the clear back.
  void settle(alert_kind k, std::uint32_t t) {
    const std::uint16_t b = bit(k);
    if (!(s_.open & b)) return;
    const int i = idx(k);
    if (s_.held & b) {
      if (s_.damp_quiet_since_s[i] == 0) s_.damp_quiet_since_s[i] = t;
      return;
    }
    // Flapping: re-fired damping_refires times (raised that + 1) inside the window.
    const bool flapping = th_.damping_window_s > 0 && s_.damp_raises[i] > th_.damping_refires &&
                          since(t, s_.damp_window_start_s[i]) < std::int64_t{th_.damping_window_s};
    if (flapping) {
      s_.held |= b;
      s_.damp_quiet_since_s[i] = t;
      return;
    }
    s_.open = static_cast<std::uint16_t>(s_.open & ~b);
    emit(k, action::clear, t);
  }

  // Held clears whose condition stayed clear for a whole damping window are let through.
  void release_held(std::uint32_t now) {
    for (int i = 0; i < k_damped_kinds; ++i) {
      const auto k = static_cast<alert_kind>(static_cast<int>(alert_kind::no_motion) + i);
      const std::uint16_t b = bit(k);
      if (!(s_.held & b) || s_.damp_quiet_since_s[i] == 0) continue;
      if (since(now, s_.damp_quiet_since_s[i]) < std::int64_t{th_.damping_window_s}) continue;
      s_.open = static_cast<std::uint16_t>(s_.open & ~b);
      s_.held = static_cast<std::uint16_t>(s_.held & ~b);
      reset_damping(s_, k);
      emit(k, action::clear, now);
    }
  }

  bool active(alert_kind k) const { return s_.active & bit(k); }
  void set_active(alert_kind k, bool on) {
    s_.active = static_cast<std::uint16_t>(on ? (s_.active | bit(k)) : (s_.active & ~bit(k)));
  }

  static void reset_damping(device_state& s, alert_kind k) {
    const int i = damp_index(k);
    s.damp_window_start_s[i] = 0;
    s.damp_quiet_since_s[i] = 0;
    s.damp_raises[i] = 0;
  }

  // Most severe first, otherwise in the order they arose: the caller persists and notifies in
  // this order, so an SOS never waits behind a battery warning from the same event.
  decisions take() {
    decisions sorted;
    for (auto level : {severity::critical, severity::warning, severity::technical}) {
      for (const auto& d : out) {
        if (d.level == level) sorted.push_back(d);
      }
    }
    return sorted;
  }

  decisions out;

 private:
  static int idx(alert_kind k) { return std::max(0, damp_index(k)); }
  void emit(alert_kind k, action a, std::uint32_t t) {
    out.push_back({k, severity_of(k), a, compact_to_unix_ms(t)});
  }

  device_state& s_;
  const thresholds& th_;
};

// A time more than this far ahead of our clock came from a broken device clock. The ingest
// layer rejects such events; should one slip through, tick() and on_resolved() pull the stored
// times back to now so that one bogus date cannot mute a device until 2156.
constexpr std::uint32_t k_future_tolerance_s = 600;

void heal_future(device_state& s, std::uint32_t now) {
  if (now > std::numeric_limits<std::uint32_t>::max() - k_future_tolerance_s) return;
  auto heal = [&](std::uint32_t& t) {
    if (t > now + k_future_tolerance_s) t = now;
  };
  heal(s.last_seen_s);
  heal(s.last_activity_s);
  for (auto& t : s.critical_last_s) heal(t);
  heal(s.hr_last_s);
  heal(s.battery_last_s);
  heal(s.door_last_s);
  for (auto& t : s.damp_window_start_s) heal(t);
  for (auto& t : s.damp_quiet_since_s) heal(t);
}

}  // namespace

std::uint32_t compact_time(std::int64_t unix_ms) {
  // Floor division keeps instants before 1970 ordered; the bounds keep the subtraction safe.
  std::int64_t s = unix_ms / 1000 - ((unix_ms % 1000) < 0 ? 1 : 0);
  s -= k_compact_epoch_unix_s;
  constexpr std::int64_t hi = std::numeric_limits<std::uint32_t>::max();
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(s, 1, hi));
}

std::int64_t compact_to_unix_ms(std::uint32_t compact_s) {
  return (std::int64_t{compact_s} + k_compact_epoch_unix_s) * 1000;
}

device_state new_device_state(std::int64_t registered_at_ms) {
  device_state s;
  s.last_seen_s = compact_time(registered_at_ms);
  s.last_activity_s = s.last_seen_s;
  return s;
}

std::string_view format(action a) {
  switch (a) {
    case action::raise:
      return "raise";
    case action::repeat:
      return "repeat";
    case action::clear:
      return "clear";
  }
  return "raise";
}

decisions evaluate(device_state& s, const event& e, const thresholds& th) {
  run r(s, th);
  const std::uint32_t t = compact_time(e.time_ms);

  // Liveness: any newer event proves the device is alive (a late, older one does not).
  if (s.last_activity_s == 0) s.last_activity_s = t;  // no-motion counts from first contact
  if (t > s.last_seen_s) {
    s.last_seen_s = t;
    if (r.active(alert_kind::offline)) {
      r.set_active(alert_kind::offline, false);
      r.settle(alert_kind::offline, t);
    }
  }

  // Battery, on a battery event or piggy-backed on any other; hysteresis against wobble.
  const std::optional<std::int32_t> pct = e.kind == event_kind::battery ? e.value : e.battery;
  if (pct && t > s.battery_last_s) {
    s.battery_last_s = t;
    if (*pct <= th.low_battery_percent) {
      if (!r.active(alert_kind::low_battery)) {
        r.set_active(alert_kind::low_battery, true);
        r.fire(alert_kind::low_battery, t, false);
      }
    } else if (*pct >= th.low_battery_percent + th.battery_clear_margin &&
               r.active(alert_kind::low_battery)) {
      r.set_active(alert_kind::low_battery, false);
      r.settle(alert_kind::low_battery, t);
    }
  }

  switch (e.kind) {
    case event_kind::sos:
    case event_kind::fall:
    case event_kind::smoke:
    case event_kind::gas:
    case event_kind::water: {
      const alert_kind k = *critical_alert_of(e.kind);
      std::uint32_t& last = s.critical_last_s[static_cast<std::size_t>(k)];
      // Newer: raise or repeat. Older while open: an earlier press delivered late, a repeat.
      // Same second: a duplicate. Older and already resolved: nothing new to tell.
      if (t > last || (t < last && is_open(s, k))) r.fire(k, t, true);
      last = std::max(last, t);
      break;
    }
    case event_kind::door_open:
    case event_kind::door_close:
    case event_kind::motion:
    case event_kind::bed_in:
    case event_kind::bed_out: {
      if (t > s.last_activity_s) {
        s.last_activity_s = t;
        if (r.active(alert_kind::no_motion)) {
          r.set_active(alert_kind::no_motion, false);
          r.settle(alert_kind::no_motion, t);
        }
      }
      if (e.kind == event_kind::door_open && in_window(th.night, e.time_ms, th.utc_offset_min)) {
        // As for critical kinds: a newer opening, or a late one while the alert is open.
        if (t > s.door_last_s || (t < s.door_last_s && is_open(s, alert_kind::door_night))) {
          r.fire(alert_kind::door_night, t, true);
        }
      }
      if (e.kind == event_kind::door_open) s.door_last_s = std::max(s.door_last_s, t);
      break;
    }
    case event_kind::heart_rate: {
      if (!e.value || t <= s.hr_last_s) break;  // no reading, a duplicate or a stale one
      s.hr_last_s = t;
      if (*e.value < th.hr_min || *e.value > th.hr_max) {
        if (s.hr_run < 255) ++s.hr_run;
        if (s.hr_run >= th.hr_run) r.fire(alert_kind::heart_rate, t, true);
      } else {
        s.hr_run = 0;
        r.settle(alert_kind::heart_rate, t);
      }
      break;
    }
    case event_kind::heartbeat:
    case event_kind::location:
    case event_kind::battery:
      break;
  }
  return r.take();
}

decisions tick(device_state& s, std::int64_t now_ms, const thresholds& th) {
  run r(s, th);
  const std::uint32_t n = compact_time(now_ms);
  heal_future(s, n);

  // Offline: silent for k x interval (device clock vs ours; a device a little ahead just waits
  // a little longer).
  if (s.last_seen_s != 0 && !r.active(alert_kind::offline)) {
    double span = std::ceil(static_cast<double>(th.heartbeat_interval_s) * th.offline_multiple);
    if (!(span >= 1)) span = 1;    // unvalidated NaN or nonsense: fail loud, not silent
    if (span > 1e12) span = 1e12;  // keep the cast defined
    if (since(n, s.last_seen_s) >= static_cast<std::int64_t>(span)) {
      r.set_active(alert_kind::offline, true);
      r.fire(alert_kind::offline, n, false);
    }
  }

  // No motion: inactivity counted inside today's daytime window only, so a night's sleep does
  // not count; a silent (offline) sensor says nothing about the elder and is reported as such.
  if (th.no_motion_hours > 0 && s.last_activity_s != 0 && !r.active(alert_kind::no_motion) &&
      !r.active(alert_kind::offline) && in_window(th.daytime, now_ms, th.utc_offset_min)) {
    const std::int64_t now_unix_s = compact_to_unix_ms(n) / 1000;
    const std::int64_t start_unix_s = window_start_s(th.daytime, now_unix_s, th.utc_offset_min);
    const std::int64_t from = std::max(compact_to_unix_ms(s.last_activity_s) / 1000, start_unix_s);
    if (now_unix_s - from >= std::int64_t{th.no_motion_hours} * 3600) {
      r.set_active(alert_kind::no_motion, true);
      r.fire(alert_kind::no_motion, n, false);
    }
  }

  // Door at night: the alert covers one night; it ends when the night window does.
  if (is_open(s, alert_kind::door_night) && !in_window(th.night, now_ms, th.utc_offset_min)) {
    r.settle(alert_kind::door_night, n);
  }

  r.release_held(n);
  return r.take();
}

std::optional<std::int64_t> next_tick_ms(const device_state& s, const thresholds& th,
                                         std::int64_t now_ms) {
  // Work in whole Unix seconds inside the compact range, as tick() does.
  const std::int64_t now = compact_to_unix_ms(compact_time(now_ms)) / 1000;
  device_state healed = s;
  heal_future(healed, compact_time(now_ms));
  if (!(healed == s)) return now_ms;  // a bogus future time to pull back: tick now
  auto unix_s = [](std::uint32_t c) { return compact_to_unix_ms(c) / 1000; };
  auto active = [&](alert_kind k) { return (s.active & bit(k)) != 0; };
  std::optional<std::int64_t> due;
  auto consider = [&](std::int64_t t) { due = due ? std::min(*due, t) : t; };

  if (s.last_seen_s != 0 && !active(alert_kind::offline)) {
    double span = std::ceil(static_cast<double>(th.heartbeat_interval_s) * th.offline_multiple);
    if (!(span >= 1)) span = 1;
    if (span > 1e12) span = 1e12;
    consider(unix_s(s.last_seen_s) + static_cast<std::int64_t>(span));
  }

  const int len_min = window_minutes(th.daytime);
  if (th.no_motion_hours > 0 && len_min > 0 && s.last_activity_s != 0 &&
      !active(alert_kind::no_motion) && !active(alert_kind::offline)) {
    const std::int64_t len = std::int64_t{len_min} * 60;
    const std::int64_t span = std::int64_t{th.no_motion_hours} * 3600;
    // The occurrence of the window containing now, or else the next one.
    std::int64_t ws = window_start_s(th.daytime, now, th.utc_offset_min);
    if (now >= ws + len) ws += 86400;
    const std::int64_t activity = unix_s(s.last_activity_s);
    for (int k = 0; k < 3; ++k, ws += 86400) {
      const std::int64_t fire = std::max(activity, ws) + span;
      if (fire < ws + len) {
        consider(fire);
        break;
      }
    }
  }

  if (is_open(s, alert_kind::door_night)) {
    if (!in_window(th.night, now * 1000, th.utc_offset_min)) {
      consider(now);
    } else {
      consider(window_start_s(th.night, now, th.utc_offset_min) +
               std::int64_t{window_minutes(th.night)} * 60);
    }
  }

  for (int i = 0; i < k_damped_kinds; ++i) {
    const auto k = static_cast<alert_kind>(static_cast<int>(alert_kind::no_motion) + i);
    if ((s.held & bit(k)) && s.damp_quiet_since_s[i] != 0) {
      consider(unix_s(s.damp_quiet_since_s[i]) + std::int64_t{th.damping_window_s});
    }
  }

  if (!due) return std::nullopt;
  return std::max(*due * 1000, now_ms);  // in the past: due now
}

void on_resolved(device_state& s, alert_kind kind, std::int64_t now_ms) {
  const auto b = static_cast<std::uint16_t>(1u << static_cast<unsigned>(kind));
  s.open = static_cast<std::uint16_t>(s.open & ~b);
  s.held = static_cast<std::uint16_t>(s.held & ~b);
  if (is_damped(kind)) run::reset_damping(s, kind);  // a person looked: start counting afresh
  heal_future(s, compact_time(now_ms));  // a bogus future press must not mute the next real one
  switch (kind) {
    case alert_kind::heart_rate:
      s.hr_run = 0;
      break;
    case alert_kind::no_motion:
      s.last_activity_s = std::max(s.last_activity_s, compact_time(now_ms));
      s.active = static_cast<std::uint16_t>(s.active & ~b);
      break;
    default:
      break;  // offline and low_battery stay active until the device recovers
  }
}

void restore_open(device_state& s, alert_kind kind, std::int64_t raised_at_ms) {
  const auto b = static_cast<std::uint16_t>(1u << static_cast<unsigned>(kind));
  const std::uint32_t t = compact_time(raised_at_ms);
  s.open |= b;
  switch (kind) {
    case alert_kind::sos:
    case alert_kind::fall:
    case alert_kind::smoke:
    case alert_kind::gas:
    case alert_kind::water: {
      auto& last = s.critical_last_s[static_cast<std::size_t>(kind)];
      last = std::max(last, t);
      break;
    }
    case alert_kind::door_night:
      s.door_last_s = std::max(s.door_last_s, t);
      break;
    case alert_kind::heart_rate:
      s.hr_run = 255;  // the run that raised it is not known; a normal reading clears it
      break;
    case alert_kind::no_motion:
    case alert_kind::offline:
    case alert_kind::low_battery:
      s.active |= b;  // assumed still true; the recovering event clears it
      break;
  }
}

}  // namespace ec::monitoring
