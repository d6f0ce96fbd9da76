// The engine against a naive reference on random event streams (fixed seeds).
//
// The reference keeps every event and recomputes what it needs from the history (newest time
// per kind, the heart-rate run, the damping window over the list of raises) using int64
// seconds and plain containers, written from README.md's rules rather than from rules.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <random>
#include <vector>

#include "modules/monitoring/rules.hpp"
#include "modules/monitoring/test_support.hpp"

namespace {

using namespace ec::monitoring;

std::int64_t secs(std::int64_t ms) {
  return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

class reference {
 public:
  reference(const thresholds& th, std::int64_t registered_ms)
      : th_(th), registered_(secs(registered_ms)) {}

  std::vector<decision> evaluate(const event& e) {
    out_.clear();
    const std::int64_t t = secs(e.time_ms);

    if (t > last_seen() && offline_active_) {
      offline_active_ = false;
      settle(alert_kind::offline, t);
    }

    const std::optional<std::int32_t> pct = e.kind == event_kind::battery ? e.value : e.battery;
    if (pct && t > newest([](const rec& r) { return r.pct.has_value(); })) {
      if (*pct <= th_.low_battery_percent) {
        if (!lowbat_active_) {
          lowbat_active_ = true;
          fire(alert_kind::low_battery, t, false);
        }
      } else if (*pct >= th_.low_battery_percent + th_.battery_clear_margin && lowbat_active_) {
        lowbat_active_ = false;
        settle(alert_kind::low_battery, t);
      }
    }

    const auto k = e.kind;
    if (k == event_kind::sos || k == event_kind::fall || k == event_kind::smoke ||
        k == event_kind::gas || k == event_kind::water) {
      const alert_kind a = k == event_kind::sos     ? alert_kind::sos
                           : k == event_kind::fall  ? alert_kind::fall
                           : k == event_kind::smoke ? alert_kind::smoke
                           : k == event_kind::gas   ? alert_kind::gas
                                                    : alert_kind::water;
      const std::int64_t prev = newest([&](const rec& r) { return r.kind == k; });
      if (t > prev || (t < prev && open_[idx(a)])) fire(a, t, true);
    }
    if (k == event_kind::motion || k == event_kind::door_open || k == event_kind::door_close ||
        k == event_kind::bed_in || k == event_kind::bed_out) {
      if (t > last_activity() && nomotion_active_) {
        nomotion_active_ = false;
        settle(alert_kind::no_motion, t);
      }
      if (k == event_kind::door_open && in_window(th_.night, e.time_ms, th_.utc_offset_min)) {
        const std::int64_t prev =
            newest([](const rec& r) { return r.kind == event_kind::door_open; });
        if (t > prev || (t < prev && open_[idx(alert_kind::door_night)])) {
          fire(alert_kind::door_night, t, true);
        }
      }
    }
    bool hr_accepted = false;
    if (k == event_kind::heart_rate && e.value &&
        t > newest([](const rec& r) { return r.kind == event_kind::heart_rate && r.value; })) {
      hr_accepted = true;
    }
    history_.push_back({t, k, e.value, pct, hr_accepted});
    if (hr_accepted) {
      if (abnormal(*e.value)) {
        if (hr_run() >= th_.hr_run) fire(alert_kind::heart_rate, t, true);
      } else {
        settle(alert_kind::heart_rate, t);
      }
    }
    return sorted();
  }

  std::vector<decision> tick(std::int64_t now_ms) {
    out_.clear();
    const std::int64_t n = secs(now_ms);
    const auto limit = static_cast<std::int64_t>(
        std::ceil(static_cast<double>(th_.heartbeat_interval_s) * th_.offline_multiple));
    if (!offline_active_ && n - last_seen() >= limit) {
      offline_active_ = true;
      fire(alert_kind::offline, n, false);
    }
    if (th_.no_motion_hours > 0 && !nomotion_active_ && !offline_active_ &&
        in_window(th_.daytime, now_ms, th_.utc_offset_min)) {
      // The start of today's window: step back minute by minute (naive on purpose).
      std::int64_t start = n - n % 60;
      while (in_window(th_.daytime, (start - 60) * 1000, th_.utc_offset_min)) start -= 60;
      const std::int64_t from = std::max(last_activity(), start);
      if (n - from >= std::int64_t{th_.no_motion_hours} * 3600) {
        nomotion_active_ = true;
        fire(alert_kind::no_motion, n, false);
      }
    }
    if (open_[idx(alert_kind::door_night)] && !in_window(th_.night, now_ms, th_.utc_offset_min)) {
      settle(alert_kind::door_night, n);
    }
    for (int i = 5; i < k_alert_kind_count; ++i) {
      if (held_[i] && quiet_[i] && n - *quiet_[i] >= th_.damping_window_s) {
        open_[i] = held_[i] = false;
        quiet_[i].reset();
        raises_[i].clear();
        out_.push_back(mk(static_cast<alert_kind>(i), action::clear, n));
      }
    }
    return sorted();
  }

  void resolve(alert_kind a, std::int64_t now_ms) {
    const int i = idx(a);
    open_[i] = held_[i] = false;
    quiet_[i].reset();
    raises_[i].clear();
    if (a == alert_kind::heart_rate) hr_reset_ = history_.size();
    if (a == alert_kind::no_motion) {
      resolved_activity_ = std::max(resolved_activity_, secs(now_ms));
      nomotion_active_ = false;
    }
  }

  bool open(alert_kind a) const { return open_[idx(a)]; }

 private:
  struct rec {
    std::int64_t t;
    event_kind kind;
    std::optional<std::int32_t> value, pct;
    bool hr_accepted;
  };
  static int idx(alert_kind a) { return static_cast<int>(a); }
  static decision mk(alert_kind a, action act, std::int64_t t) {
    return {a, severity_of(a), act, t * 1000};
  }
  bool abnormal(std::int32_t bpm) const { return bpm < th_.hr_min || bpm > th_.hr_max; }

  template <class F>
  std::int64_t newest(F pred) const {
    std::int64_t m = 0;  // "never"
    for (const auto& r : history_) {
      if (pred(r)) m = std::max(m, r.t);
    }
    return m;
  }
  std::int64_t last_seen() const {
    return std::max(registered_, newest([](const rec&) { return true; }));
  }
  std::int64_t last_activity() const {
    const std::int64_t a = newest([](const rec& r) {
      return r.kind == event_kind::motion || r.kind == event_kind::door_open ||
             r.kind == event_kind::door_close || r.kind == event_kind::bed_in ||
             r.kind == event_kind::bed_out;
    });
    return std::max({registered_, a, resolved_activity_});
  }
  int hr_run() const {
    int run = 0;
    for (std::size_t i = hr_reset_; i < history_.size(); ++i) {
      const auto& r = history_[i];
      if (!r.hr_accepted) continue;
      run = abnormal(*r.value) ? run + 1 : 0;
    }
    return run;
  }
  // The damping window as README.md defines it: it starts at a raise and lasts
  // damping_window_s; a raise after that starts the next one.
  std::pair<std::int64_t, int> window(int i) const {
    std::int64_t start = 0;
    int count = 0;
    for (std::int64_t r : raises_[i]) {
      if (count == 0 || r - start >= th_.damping_window_s) {
        start = r;
        count = 1;
      } else {
        ++count;
      }
    }
    return {start, count};
  }

  void fire(alert_kind a, std::int64_t t, bool emit_repeat) {
    const int i = idx(a);
    if (open_[i]) {
      if (held_[i] && quiet_[i]) {
        quiet_[i].reset();
        out_.push_back(mk(a, action::repeat, t));
      } else if (emit_repeat) {
        out_.push_back(mk(a, action::repeat, t));
      }
      return;
    }
    raises_[i].push_back(t);
    open_[i] = true;
    out_.push_back(mk(a, action::raise, t));
  }
  void settle(alert_kind a, std::int64_t t) {
    const int i = idx(a);
    if (!open_[i]) return;
    if (held_[i]) {
      if (!quiet_[i]) quiet_[i] = t;
      return;
    }
    const auto [start, count] = window(i);
    if (th_.damping_window_s > 0 && count > th_.damping_refires &&
        t - start < th_.damping_window_s) {
      held_[i] = true;
      quiet_[i] = t;
      return;
    }
    open_[i] = false;
    out_.push_back(mk(a, action::clear, t));
  }
  std::vector<decision> sorted() const {
    auto v = out_;
    std::stable_sort(v.begin(), v.end(),
                     [](const decision& x, const decision& y) { return x.level < y.level; });
    return v;
  }

  thresholds th_;
  std::int64_t registered_;
  std::int64_t resolved_activity_ = 0;
  std::vector<rec> history_;
  std::size_t hr_reset_ = 0;
  bool offline_active_ = false, nomotion_active_ = false, lowbat_active_ = false;
  std::array<bool, k_alert_kind_count> open_{}, held_{};
  std::array<std::optional<std::int64_t>, k_alert_kind_count> quiet_{};
  std::array<std::vector<std::int64_t>, k_alert_kind_count> raises_{};
  std::vector<decision> out_;
};

thresholds random_thresholds(std::mt19937_64& rng) {
  auto pick = [&](auto... xs) {
    const std::array all{xs...};
    return all[std::uniform_int_distribution<std::size_t>(0, all.size() - 1)(rng)];
  };
  thresholds th = defaults_for(device_type::gps_watch);
  th.utc_offset_min = pick(480, 0, -300, 345);
  th.heartbeat_interval_s = pick(60u, 300u, 600u);
  th.offline_multiple = pick(1.5, 3.0, 2.25);
  th.hr_run = static_cast<std::uint8_t>(pick(1, 2, 3));
  th.damping_refires = static_cast<std::uint8_t>(pick(1, 2));
  th.damping_window_s = pick(0u, 600u, 3600u);
  th.daytime = pick(clock_window{7 * 60, 21 * 60}, clock_window{22 * 60, 6 * 60});
  th.no_motion_hours = static_cast<std::uint8_t>(pick(0, 1, 3));
  th.night = pick(clock_window{20 * 60, 5 * 60}, clock_window{0, 0}, clock_window{60, 1440});
  EXPECT_TRUE(validate(th));
  return th;
}

const char* name(action a) {
  return format(a).data();
}

TEST(RuleRandom, EngineMatchesNaiveReference) {
  std::size_t decisions_seen = 0, raises = 0, repeats = 0, clears = 0, ticks_at_wake = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    std::mt19937_64 rng(seed);
    const thresholds th = random_thresholds(rng);
    std::int64_t now = ec::monitoring::testing::sh(6, 30) + static_cast<std::int64_t>(seed) * 997;
    device_state s = new_device_state(now);
    reference ref(th, now);
    std::vector<event> recent;
    std::optional<std::int64_t> wake = next_tick_ms(s, th, now);
    auto chance = [&](int pct) { return std::uniform_int_distribution<int>(0, 99)(rng) < pct; };
    auto uni = [&](std::int64_t lo, std::int64_t hi) {
      return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    constexpr std::array<std::pair<event_kind, int>, 14> weights = {{{event_kind::heartbeat, 20},
                                                                     {event_kind::motion, 10},
                                                                     {event_kind::door_open, 8},
                                                                     {event_kind::door_close, 4},
                                                                     {event_kind::bed_in, 1},
                                                                     {event_kind::bed_out, 1},
                                                                     {event_kind::heart_rate, 18},
                                                                     {event_kind::battery, 8},
                                                                     {event_kind::sos, 3},
                                                                     {event_kind::fall, 1},
                                                                     {event_kind::smoke, 1},
                                                                     {event_kind::gas, 1},
                                                                     {event_kind::water, 1},
                                                                     {event_kind::location, 1}}};
    int total_weight = 0;
    for (const auto& w : weights) total_weight += w.second;

    for (int step = 0; step < 3000; ++step) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " step " + std::to_string(step));
      // Time moves on mostly in small steps, sometimes by hours (offline, no motion).
      now += chance(3) ? uni(3'600'000, 18'000'000) : uni(0, 240'000);
      std::vector<decision> got, want;
      const int what = static_cast<int>(uni(0, 99));
      if (what < 70) {
        event e;
        if (!recent.empty() && chance(10)) {
          e = recent[static_cast<std::size_t>(
              uni(0, static_cast<std::int64_t>(recent.size()) - 1))];
        } else {
          int r = static_cast<int>(uni(0, total_weight - 1));
          std::size_t k = 0;
          while (r >= weights[k].second) r -= weights[k++].second;
          e.kind = weights[k].first;
          e.time_ms = chance(15) ? now - uni(0, 1'200'000) : now;  // late deliveries
          if (e.kind == event_kind::heart_rate && chance(95)) {
            e.value = chance(55)
                          ? static_cast<std::int32_t>(uni(60, 100))
                          : static_cast<std::int32_t>(chance(50) ? uni(20, 44) : uni(121, 200));
          }
          if (e.kind == event_kind::battery) e.value = static_cast<std::int32_t>(uni(0, 40));
          if (e.kind != event_kind::battery && chance(15)) {
            e.battery = static_cast<std::int32_t>(uni(0, 40));
          }
          recent.push_back(e);
          if (recent.size() > 8) recent.erase(recent.begin());
        }
        for (const auto& d : evaluate(s, e, th)) got.push_back(d);
        want = ref.evaluate(e);
      } else if (what < 95) {
        // Sometimes tick exactly when next_tick_ms() said, which must then be >= now.
        // and sometimes a millisecond before it, when nothing may be decided yet.
        if (wake && *wake > now + 1 && chance(40)) now = chance(50) ? *wake : *wake - 1;
        for (const auto& d : tick(s, now, th)) got.push_back(d);
        want = ref.tick(now);
        if (!got.empty()) {
          ASSERT_TRUE(wake.has_value()) << "tick decided something next_tick_ms did not expect";
          ASSERT_LE(*wake, now) << "next_tick_ms was too late";
        }
        ticks_at_wake += wake && *wake == now && !got.empty();
      } else {
        std::vector<alert_kind> open;
        for (int k = 0; k < k_alert_kind_count; ++k) {
          if (ref.open(static_cast<alert_kind>(k))) open.push_back(static_cast<alert_kind>(k));
        }
        if (!open.empty()) {
          const auto k =
              open[static_cast<std::size_t>(uni(0, static_cast<std::int64_t>(open.size()) - 1))];
          on_resolved(s, k, now);
          ref.resolve(k, now);
        }
      }
      ASSERT_EQ(got.size(), want.size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i], want[i])
            << i << ": got " << format(got[i].kind) << " " << name(got[i].act) << " want "
            << format(want[i].kind) << " " << name(want[i].act);
        ++decisions_seen;
        raises += got[i].act == action::raise;
        repeats += got[i].act == action::repeat;
        clears += got[i].act == action::clear;
      }
      wake = next_tick_ms(s, th, now);
      if (wake) {
        ASSERT_GE(*wake, now);
      }
      for (int k = 0; k < k_alert_kind_count; ++k) {
        ASSERT_EQ(is_open(s, static_cast<alert_kind>(k)), ref.open(static_cast<alert_kind>(k)))
            << format(static_cast<alert_kind>(k));
      }
    }
  }
  std::printf(
      "random streams: %zu decisions (%zu raise, %zu repeat, %zu clear); %zu exact wake-ups\n",
      decisions_seen, raises, repeats, clears, ticks_at_wake);
  // The streams must exercise every action, or the comparison proves little.
  EXPECT_GT(raises, 1000u);
  EXPECT_GT(repeats, 1000u);
  EXPECT_GT(clears, 1000u);
  EXPECT_GT(ticks_at_wake, 100u);  // next_tick_ms is not merely "early": often exact
}

}  // namespace
