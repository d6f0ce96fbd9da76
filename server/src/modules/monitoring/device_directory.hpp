// The devices as ingest sees them, by serial: what the MQTT and HTTP threads check an event
// against (known, active, bound, the secret's hash) before it is queued, and what the writer
// hands to the rules (thresholds, community). The writer installs a new copy of a device
// whenever its row or the settings change; readers keep the shared_ptr they took, so an entry
// is never changed in place.
//
// Thread-safety: find() from any thread; put() and erase() from the writer thread (they take
// the lock themselves).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "modules/monitoring/thresholds.hpp"
#include "modules/monitoring/types.hpp"

namespace ec::monitoring {

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

class device_directory {
 public:
  // Null when no device has this serial.
  std::shared_ptr<const device_info> find(const std::string& serial) const {
    std::shared_lock lk(mu_);
    auto it = by_serial_.find(serial);
    return it == by_serial_.end() ? nullptr : it->second;
  }
  void put(std::shared_ptr<const device_info> d) {
    std::unique_lock lk(mu_);
    auto serial = d->serial;
    by_serial_[serial] = std::move(d);
  }
  void erase(const std::string& serial) {
    std::unique_lock lk(mu_);
    by_serial_.erase(serial);
  }

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const device_info>> by_serial_;
};

}  // namespace ec::monitoring
