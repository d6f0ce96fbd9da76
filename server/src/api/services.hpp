// What every route handler and every module's background service can reach: settings, the
// database, authentication, request metrics, the toolkit's live feed and outbound HTTP, and
// the objects that modules start (their background services), found by type.
//
// Thread-safety: `put`/`take` happen before the server starts and after it stops (main walks
// the module list); while serving, `get` only reads and may be called from any thread.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <typeindex>

#include "api/http_poster.hpp"
#include "api/metrics.hpp"
#include "core/config.hpp"
#include "db/db.hpp"
#include "modules/system/system.hpp"

namespace ec::api {

class live_hub;  // api/live_hub.hpp

struct services {
  const config& cfg;
  db::database& db;
  sys::auth_service auth;
  api::metrics metrics;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // The live feed's WebSocket hub; set by main before serving (null: GET /api/v1/live is 503).
  live_hub* live = nullptr;
  // Outbound HTTP (net/http_client); set by main before serving, null in tools.
  http_poster* http = nullptr;

  services(const config& c, db::database& d) : cfg(c), db(d), auth(d, c) {}

  // The running object of type T that a module's background service started, or null (not
  // started: tools, tests, or a start that failed).
  template <class T>
  T* get() const {
    auto it = objects_.find(std::type_index(typeid(T)));
    return it == objects_.end() ? nullptr : static_cast<T*>(it->second.get());
  }
  template <class T>
  T& put(std::shared_ptr<T> object) {
    T& ref = *object;
    objects_[std::type_index(typeid(T))] = std::move(object);
    return ref;
  }
  // Forgets the object of type T (its owner has stopped it); routes then see null.
  template <class T>
  std::shared_ptr<T> take() {
    auto it = objects_.find(std::type_index(typeid(T)));
    if (it == objects_.end()) return nullptr;
    auto p = std::static_pointer_cast<T>(std::move(it->second));
    objects_.erase(it);
    return p;
  }

 private:
  std::map<std::type_index, std::shared_ptr<void>> objects_;
};

}  // namespace ec::api
