// The live feed: how a module (today monitoring) pushes changes to signed-in users (the
// WebSocket hub in api/live_hub implements it; tests may use a recording fake).
//
// A message is a JSON text (docs/MONITORING.md "Live feed"). It reaches every connected user
// allowed to see the alert's elder: data scope `all`, `unit_tree` whose unit's path is a prefix
// of `org_path`, or `self` linked to `elder_id` (user_elder_links). The same shared text goes to
// every connection; nothing is copied per user.
//
// Thread-safety: publish() may be called from any thread; it never blocks on a slow client (a
// connection whose queue is full is closed, and the board re-reads on reconnect).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ec::api {

struct audience {
  std::string org_path;  // the elder's org path, "/1/4/17/"
  std::int64_t elder_id = 0;
};

class live_feed {
 public:
  virtual ~live_feed() = default;
  // Queues `message` for every connection whose user may see `who`; returns how many.
  virtual std::size_t publish(const audience& who, std::shared_ptr<const std::string> message) = 0;
  // Queues `message` for every connection: node-wide news that does not depend on the user's
  // data scope (the health of the alert path, {"type":"health"}). Returns how many.
  virtual std::size_t broadcast(std::shared_ptr<const std::string> message) = 0;
};

}  // namespace ec::api
