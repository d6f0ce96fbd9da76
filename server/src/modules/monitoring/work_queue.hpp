// The writer's input: the work items that the other threads (MQTT and HTTP ingest, people
// handling alerts, device and settings changes, downlink results) hand to the one writer
// thread (writer.hpp), and the queue that carries them.
//
// Two lanes. Critical events (is_critical: SOS, falls, smoke, gas, water) go into the urgent
// lane, which the writer always empties first and commits as a batch of its own, so that a
// backlog of ordinary events never delays an alarm by more than the batch being committed (the
// rules keep only maxima of times, so the order between the lanes does not change their
// results). Everything else goes into the ordinary lane, in order. Event producers block while
// their lane holds k_queue_max items (MQTT then stops reading and the broker keeps the
// messages); dead letters have a cap of their own and are dropped beyond it (the caller counts
// them); control items are never refused for room (they are few).
//
// Thread-safety: every member of work_queue may be called from any thread.
// Failure: after close(), pushes return false and the item is dropped; take() returns what is
// left, then nullopt.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "modules/monitoring/device_directory.hpp"
#include "modules/monitoring/ingest_report.hpp"
#include "modules/monitoring/types.hpp"

namespace ec::monitoring {

inline constexpr std::size_t k_batch_max = 2000;
inline constexpr std::size_t k_queue_max = 100000;
inline constexpr std::size_t k_dead_letter_queue_max = 10000;

// Waits for the writer to commit an HTTP request's events.
struct http_waiter {
  std::mutex m;
  std::condition_variable cv;
  std::size_t remaining = 0;
  bool failed = false;
  std::vector<ingest_item>* items = nullptr;
};

// A decoded, authenticated device event.
struct ev_item {
  std::shared_ptr<const device_info> dev;
  std::string event_id;
  event ev;
  bool mqtt = true;
  std::int64_t received_at = 0;
  std::shared_ptr<http_waiter> waiter;  // HTTP ingest only
  std::size_t index = 0;                // into waiter->items
};
// Rejected input, for the dead_letters table.
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
// A notification whose result is known only after a commit (downlink PUBACK, live feed).
struct notif_item {
  std::int64_t id = 0;  // update this row; 0: insert a new one
  std::int64_t alert_id = 0;
  int level = 0;
  std::string channel, target, payload, status, error;
  std::int64_t at = 0;
};
using work = std::variant<ev_item, dead_item, resolved_item, reload_device_item,
                          reload_settings_item, notif_item>;

class work_queue {
 public:
  // An event (or any item): blocks while its lane is full. False once closed.
  bool push(work w);
  // False when closed or when k_dead_letter_queue_max dead letters wait already (dropped).
  bool push_dead(dead_item d);
  // Control items (reloads, notification results, resolutions): never refused for room, and
  // queued even while closing (the writer drains the queue before it ends).
  void push_control(work w);
  // One HTTP request's events together, so that one batch commits them; into the urgent lane
  // when one of them is critical. False once closed (nothing queued).
  bool push_request(std::vector<ev_item> items);

  // The writer: waits up to `wait` for work, then takes a batch (at most k_batch_max; the
  // urgent lane first and alone). An empty batch after a timeout; nullopt once closed and
  // empty.
  std::optional<std::vector<work>> take(std::chrono::milliseconds wait);

  // Stops producers (blocked ones return false) and lets the writer drain and end.
  void close();
  bool closed() const;
  // Items waiting in both lanes.
  std::size_t depth() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // the writer waits for work
  std::condition_variable room_cv_;  // producers wait for room
  std::deque<work> queue_;
  std::deque<work> urgent_;
  std::size_t dead_queued_ = 0;
  bool closed_ = false;
};

}  // namespace ec::monitoring
