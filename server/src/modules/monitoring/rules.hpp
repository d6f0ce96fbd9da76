// The monitoring rule engine: per-device state in memory and pure functions that turn events
// and the passage of time into alert decisions. No I/O, no clock, no allocation.
//
// Contract (README.md has the rules in full):
// - evaluate() handles one event; tick() handles time-driven rules (offline, no motion, end of
//   the night window, release of damped clears) and is meant to be called periodically (e.g.
//   every few seconds, or at the next time a rule can fire).
// - At most one open alert per (device, alert_kind) — the elder is fixed by the device's
//   binding. While open, further evidence gives `repeat`, never a second `raise`; `clear` or
//   on_resolved() end it and the condition can then raise again.
// - A duplicate event (same kind, same second) changes nothing. Events older than the newest of
//   their kind are never raised anew; while their alert is open they count as a repeat.
// - Any int64 time is safe (clamped into the compact range, no overflow); rejecting absurd
//   clocks is the ingest layer's job. Should an event dated more than 10 minutes ahead slip
//   through, the next tick() or on_resolved() pulls the stored times back to now, so a bogus
//   date cannot mute later events of the device.
// - Decisions carry no alert ids: the alert layer maps (device, kind) to its open alert row.
// Thread-safety: none inside; a device_state must be touched by one thread at a time (shard
// devices by id). thresholds are read-only.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <optional>

#include "modules/monitoring/thresholds.hpp"
#include "modules/monitoring/types.hpp"

namespace ec::monitoring {

// Compact times are uint32 seconds since 2020-01-01T00:00:00Z (good until 2156); 0 = never.
inline constexpr std::int64_t k_compact_epoch_unix_s = 1577836800;
// Unix ms -> compact seconds, clamped into [1, UINT32_MAX] (ordering is kept, never wraps).
std::uint32_t compact_time(std::int64_t unix_ms);
std::int64_t compact_to_unix_ms(std::uint32_t compact_s);

inline constexpr int k_critical_kinds = 5;  // sos, fall, smoke, gas, water (alert_kind 0..4)
inline constexpr int k_damped_kinds = 5;    // no_motion .. low_battery (alert_kind 5..9)

// One device's rule state: 92 bytes, no heap. Layout (README.md "State"):
struct device_state {
  std::uint32_t last_seen_s = 0;      // newest event of any kind (offline rule)
  std::uint32_t last_activity_s = 0;  // newest motion/door/bed event, first event, or resolve
  std::array<std::uint32_t, k_critical_kinds> critical_last_s{};  // newest sos..water event
  std::uint32_t hr_last_s = 0;                                    // newest heart-rate reading
  std::uint32_t battery_last_s = 0;                               // newest battery reading
  std::uint32_t door_last_s = 0;                                  // newest door_open
  // Damping, indexed by alert_kind - no_motion:
  std::array<std::uint32_t, k_damped_kinds> damp_window_start_s{};  // first raise in window
  std::array<std::uint32_t, k_damped_kinds> damp_quiet_since_s{};   // held: clear since
  std::array<std::uint8_t, k_damped_kinds> damp_raises{};           // raises in the window
  std::uint8_t hr_run = 0;   // abnormal heart-rate readings in a row (saturates at 255)
  std::uint16_t open = 0;    // bit (1 << alert_kind): alert open
  std::uint16_t held = 0;    // open only because damping held back its clear
  std::uint16_t active = 0;  // level conditions now true: no_motion, offline, low_battery
  bool operator==(const device_state&) const = default;
};

// A device registered at `registered_at_ms` and never heard from: it goes offline after
// k x interval, and its no-motion clock starts then.
device_state new_device_state(std::int64_t registered_at_ms);

enum class action : std::uint8_t {
  raise,   // open a new alert
  repeat,  // the same open alert again: count + 1, last time = at_ms
  clear,   // the condition ended; the open alert is closed by the system
};
std::string_view format(action a);

struct decision {
  alert_kind kind = alert_kind::sos;
  severity level = severity::critical;
  action act = action::raise;
  std::int64_t at_ms = 0;  // the event's time, or tick's now
  bool operator==(const decision&) const = default;
};

// A fixed-capacity list. evaluate() yields at most 4 decisions (its kind, no_motion cleared by
// activity, offline cleared, battery); tick() at most 8 (offline, no_motion, door_night, and the
// release of the 5 damped kinds, door_night counted once), so 12 never overflows.
class decisions {
 public:
  static constexpr std::size_t k_capacity = 12;
  void push_back(const decision& d) {
    assert(n_ < k_capacity);
    if (n_ < k_capacity) items_[n_++] = d;
  }
  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const decision& operator[](std::size_t i) const { return items_[i]; }
  const decision* begin() const { return items_.data(); }
  const decision* end() const { return items_.data() + n_; }

 private:
  std::array<decision, k_capacity> items_{};
  std::size_t n_ = 0;
};

// Both return their decisions most severe first (critical, warning, technical), otherwise in
// the order they arose.
decisions evaluate(device_state& s, const event& e, const thresholds& th);
decisions tick(device_state& s, std::int64_t now_ms, const thresholds& th);

// When tick() next needs calling: the earliest instant (Unix ms, >= now_ms) at which it could
// decide something if no event arrives; nullopt when only an event can change anything. Never
// later than the true time (it may be earlier, and tick() then decides nothing), so a timer
// wheel keyed on it loses nothing. Ask again after every evaluate(), tick() and on_resolved().
std::optional<std::int64_t> next_tick_ms(const device_state& s, const thresholds& th,
                                         std::int64_t now_ms);

// A person resolved the open alert of `kind` at now_ms. The condition can raise again: a
// critical kind on the next newer event; heart rate after hr_run more abnormal readings; no
// motion after no_motion_hours more without activity; door_night on the next night opening;
// offline and low battery once the device has recovered and failed again (no nagging about a
// device someone has already dealt with).
void on_resolved(device_state& s, alert_kind kind, std::int64_t now_ms);

// After a restart: mark an alert the database holds as open, so that its repeats are repeats.
void restore_open(device_state& s, alert_kind kind, std::int64_t raised_at_ms);

inline bool is_open(const device_state& s, alert_kind k) {
  return (s.open >> static_cast<int>(k)) & 1u;
}

}  // namespace ec::monitoring
