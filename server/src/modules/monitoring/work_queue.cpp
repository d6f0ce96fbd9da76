#include "modules/monitoring/work_queue.hpp"

#include <algorithm>

namespace ec::monitoring {
namespace {

bool is_urgent(const work& w) {
  auto* e = std::get_if<ev_item>(&w);
  return e && is_critical(e->ev.kind);
}

}  // namespace

bool work_queue::push(work w) {
  std::unique_lock lk(mu_);
  auto& lane = is_urgent(w) ? urgent_ : queue_;
  room_cv_.wait(lk, [&] { return closed_ || lane.size() < k_queue_max; });
  if (closed_) return false;
  lane.push_back(std::move(w));
  lk.unlock();
  work_cv_.notify_one();
  return true;
}

bool work_queue::push_dead(dead_item d) {
  {
    std::lock_guard lk(mu_);
    if (closed_ || dead_queued_ >= k_dead_letter_queue_max) return false;
    ++dead_queued_;
    queue_.push_back(std::move(d));
  }
  work_cv_.notify_one();
  return true;
}

void work_queue::push_control(work w) {
  {
    std::lock_guard lk(mu_);
    queue_.push_back(std::move(w));
  }
  work_cv_.notify_one();
}

bool work_queue::push_request(std::vector<ev_item> items) {
  {
    std::lock_guard lk(mu_);
    if (closed_) return false;
    auto& lane = std::any_of(items.begin(), items.end(),
                             [](const ev_item& e) { return is_critical(e.ev.kind); })
                     ? urgent_
                     : queue_;
    for (auto& g : items) lane.push_back(std::move(g));
  }
  work_cv_.notify_one();
  return true;
}

std::optional<std::vector<work>> work_queue::take(std::chrono::milliseconds wait) {
  std::vector<work> batch;
  {
    std::unique_lock lk(mu_);
    work_cv_.wait_for(lk, wait, [&] { return closed_ || !queue_.empty() || !urgent_.empty(); });
    if (closed_ && queue_.empty() && urgent_.empty()) return std::nullopt;
    if (!urgent_.empty()) {
      while (!urgent_.empty() && batch.size() < k_batch_max) {
        batch.push_back(std::move(urgent_.front()));
        urgent_.pop_front();
      }
    } else {
      while (!queue_.empty() && batch.size() < k_batch_max) {
        if (std::holds_alternative<dead_item>(queue_.front())) --dead_queued_;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
  }
  room_cv_.notify_all();
  return batch;
}

void work_queue::close() {
  {
    std::lock_guard lk(mu_);
    closed_ = true;
  }
  work_cv_.notify_all();
  room_cv_.notify_all();
}

bool work_queue::closed() const {
  std::lock_guard lk(mu_);
  return closed_;
}

std::size_t work_queue::depth() const {
  std::lock_guard lk(mu_);
  return queue_.size() + urgent_.size();
}

}  // namespace ec::monitoring
