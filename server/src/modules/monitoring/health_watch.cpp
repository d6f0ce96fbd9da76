#include "modules/monitoring/health_watch.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <memory>
#include <optional>
#include <string>

namespace ec::monitoring {

health_watch::health_watch(live_feed* feed, facts_fn facts)
    : feed_(feed), facts_(std::move(facts)) {}

health_watch::~health_watch() {
  stop();
}

void health_watch::start() {
  {
    std::lock_guard lk(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void health_watch::stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void health_watch::wake() {
  {
    std::lock_guard lk(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

// Every k_health_every_ms, or at once when woken: derive the status and tell the live feed
// when it (or the list of problems) changed.
void health_watch::run() {
  std::optional<health_verdict> last;
  std::unique_lock lk(mu_);
  while (!stop_) {
    wake_ = false;
    lk.unlock();
    auto f = facts_();
    if (!f) {
      spdlog::warn("monitoring: health check failed: {}", f.err().message);
    } else {
      auto v = derive(*f);
      if (last && !(*last == v)) {
        spdlog::log(v.status == "ok" ? spdlog::level::info : spdlog::level::warn,
                    "monitoring: health {} ({} problems)", v.status, v.problems.size());
        if (feed_) {
          auto msg = health_json(*f, v, false);
          msg.emplace("type", "health");
          feed_->broadcast(std::make_shared<const std::string>(boost::json::serialize(msg)));
        }
      }
      last = std::move(v);
    }
    lk.lock();
    cv_.wait_for(lk, std::chrono::milliseconds(k_health_every_ms), [&] { return stop_ || wake_; });
  }
}

}  // namespace ec::monitoring
