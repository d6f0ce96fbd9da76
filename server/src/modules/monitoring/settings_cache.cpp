#include "modules/monitoring/settings_cache.hpp"

#include <spdlog/spdlog.h>

#include "modules/monitoring/threshold_json.hpp"

namespace ec::monitoring {

status settings_cache::load(db::connection& c) {
  auto pr = c.query(
      "SELECT community_id, delay1_ms, delay2_ms, delay3_ms, delay4_ms, station_phone, "
      "emergency_phone FROM escalation_plans");
  if (!pr) return std::move(pr).err();
  plans_.clear();
  for (const auto& r : *pr) {
    plan_info p;
    for (int i = 0; i < k_escalation_levels; ++i) p.plan.delay_ms[i] = r.i64(1 + i);
    p.station_phone = r.str(5);
    p.emergency_phone = r.str(6);
    plans_[r.is_null(0) ? 0 : r.i64(0)] = std::move(p);
  }
  type_overrides_.clear();
  auto tr = c.query("SELECT device_type, settings FROM threshold_settings");
  if (!tr) return std::move(tr).err();
  for (const auto& r : *tr) {
    auto o = parse_overrides_text(r.str(1));
    if (!o) {
      spdlog::warn("thresholds for {} are unreadable, using defaults: {}", r.str(0),
                   o.err().message);
      continue;
    }
    type_overrides_[r.str(0)] = *o;
  }
  elder_overrides_.clear();
  auto er = c.query("SELECT elder_id, device_type, settings FROM elder_thresholds");
  if (!er) return std::move(er).err();
  for (const auto& r : *er) {
    auto o = parse_overrides_text(r.str(2));
    if (o) elder_overrides_[{r.i64(0), r.str(1)}] = *o;
  }
  return {};
}

thresholds settings_cache::thresholds_for(device_type t, std::int64_t elder_id) const {
  auto base = defaults_for(t);
  std::string name(format(t));
  if (auto it = type_overrides_.find(name); it != type_overrides_.end()) {
    auto r = monitoring::resolve(t, it->second);
    if (r) base = *r;
  }
  if (elder_id) {
    if (auto it = elder_overrides_.find({elder_id, name}); it != elder_overrides_.end()) {
      auto merged = merge(base, it->second);
      if (validate(merged)) base = merged;
    }
  }
  return base;
}

const plan_info& settings_cache::plan_for(std::int64_t community_id) const {
  if (auto it = plans_.find(community_id); it != plans_.end()) return it->second;
  if (auto it = plans_.find(0); it != plans_.end()) return it->second;
  static const plan_info fallback;
  return fallback;
}

}  // namespace ec::monitoring
