#include "modules/monitoring/announcer.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <unordered_map>

#include "core/timeutil.hpp"
#include "ingest/dynsec.hpp"
#include "modules/monitoring/alert_view.hpp"
#include "modules/monitoring/broker.hpp"
#include "modules/monitoring/notifier.hpp"

namespace ec::monitoring {
namespace json = boost::json;

announcer::announcer(live_feed* feed, broker& brk, work_queue& queue, ingest_counters& counters)
    : feed_(feed), brk_(brk), queue_(queue), counters_(counters) {}

void announcer::downlink(const std::string& serial, std::string payload, std::int64_t alert_id,
                         int level) {
  if (!brk_.configured()) return;
  auto topic = ingest::dynsec::down_topic(serial);
  // Recorded once the broker has acknowledged it (or refused).
  auto r = brk_.downlink(serial, payload, [this, alert_id, level, topic, payload](status s) {
    if (s)
      ++counters_.downlinks_ok;
    else
      ++counters_.downlinks_failed;
    queue_.push_control(notif_item{0, alert_id, level, "downlink", topic, payload,
                                   s ? "sent" : "failed", s ? "" : s.err().message,
                                   timeutil::now_unix_ms()});
  });
  if (!r) {
    ++counters_.downlinks_failed;
    queue_.push_control(notif_item{0, alert_id, level, "downlink", topic, payload, "failed",
                                   r.err().message, timeutil::now_unix_ms()});
  }
}

void announcer::publish(db::connection& c, after_commit& ac) {
  if (!ac.changes.empty()) {
    std::vector<std::int64_t> ids;
    for (const auto& ch : ac.changes) ids.push_back(ch.alert_id);
    auto views = load_alert_views(c, ids);
    if (!views) {
      spdlog::error("monitoring: loading alert views failed: {}", views.err().message);
    } else {
      std::unordered_map<std::int64_t, const alert_view*> by_id;
      for (const auto& v : *views) by_id[v.id] = &v;
      for (const auto& ch : ac.changes) {
        auto it = by_id.find(ch.alert_id);
        if (it == by_id.end()) continue;
        json::object msg{{"type", "alert"}, {"op", ch.op}, {"alert", it->second->json}};
        auto text = std::make_shared<const std::string>(json::serialize(msg));
        std::size_t n = 0;
        if (feed_) n = feed_->publish({it->second->org_path, it->second->elder_id}, text);
        if (ch.op == "raised" || ch.op == "escalated")
          queue_.push_control(notif_item{0, ch.alert_id, 0, "websocket",
                                         std::to_string(n) + " connections", "", "sent", "",
                                         timeutil::now_unix_ms()});
      }
    }
  }
  // The device hears "received" only now, after the commit (docs/MONITORING.md).
  for (const auto& [serial, event_id, alert_id] : ac.received) {
    json::object msg{{"type", "received"}, {"event_id", event_id}, {"alert_id", alert_id}};
    downlink(serial, json::serialize(msg), alert_id, 0);
  }
  counters_.accepted_mqtt += ac.mqtt_accepted;
  counters_.duplicates += ac.mqtt_duplicates;
  for (auto& [w, idx, item] : ac.http) {
    if (item.outcome == "duplicate")
      ++counters_.duplicates;
    else
      ++counters_.accepted_http;
    std::lock_guard lk(w->m);
    (*w->items)[idx] = std::move(item);
    if (--w->remaining == 0) w->cv.notify_all();
  }
  if (ac.webhook_queued && webhooks_) webhooks_->wake();
}

}  // namespace ec::monitoring
