#include "modules/monitoring/counters.hpp"

namespace ec::monitoring {

void ingest_counters::count_rejected(std::string_view transport, std::string_view reason) {
  std::lock_guard lk(rej_mu_);
  ++rejected_[{std::string(transport), std::string(reason)}];
}

void ingest_counters::render(std::string& out, std::size_t queue_depth) const {
  out += "# HELP eldercare_ingest_accepted_total Device events accepted (committed).\n";
  out += "# TYPE eldercare_ingest_accepted_total counter\n";
  out += "eldercare_ingest_accepted_total{transport=\"mqtt\"} " +
         std::to_string(accepted_mqtt.load()) + "\n";
  out += "eldercare_ingest_accepted_total{transport=\"http\"} " +
         std::to_string(accepted_http.load()) + "\n";
  out += "# HELP eldercare_ingest_duplicates_total Events received again (same event id).\n";
  out += "# TYPE eldercare_ingest_duplicates_total counter\n";
  out += "eldercare_ingest_duplicates_total " + std::to_string(duplicates.load()) + "\n";
  out +=
      "# HELP eldercare_ingest_rejected_total Rejected input, kept in dead_letters "
      "(HTTP without valid credentials: counted only).\n";
  out += "# TYPE eldercare_ingest_rejected_total counter\n";
  {
    std::lock_guard lk(rej_mu_);
    for (const auto& [k, v] : rejected_)
      out += "eldercare_ingest_rejected_total{transport=\"" + k.first + "\",reason=\"" + k.second +
             "\"} " + std::to_string(v) + "\n";
  }
  out +=
      "# HELP eldercare_ingest_unauthenticated_total HTTP ingest without valid device "
      "credentials: rejected (counted, payload not stored) or refused by the per-address limit.\n";
  out += "# TYPE eldercare_ingest_unauthenticated_total counter\n";
  out += "eldercare_ingest_unauthenticated_total{outcome=\"rejected\"} " +
         std::to_string(unauth_rejected.load()) + "\n";
  out += "eldercare_ingest_unauthenticated_total{outcome=\"rate_limited\"} " +
         std::to_string(unauth_limited.load()) + "\n";
  out += "# HELP eldercare_dead_letters_dropped_total Rejections counted but not stored (flood).\n";
  out += "# TYPE eldercare_dead_letters_dropped_total counter\n";
  out += "eldercare_dead_letters_dropped_total " + std::to_string(dead_dropped.load()) + "\n";
  out += "# HELP eldercare_alerts_raised_total Alerts raised by kind.\n";
  out += "# TYPE eldercare_alerts_raised_total counter\n";
  for (int k = 0; k < k_alert_kind_count; ++k)
    out += "eldercare_alerts_raised_total{kind=\"" +
           std::string(format(static_cast<alert_kind>(k))) + "\"} " +
           std::to_string(raised[k].load()) + "\n";
  out += "# HELP eldercare_escalations_total Escalation levels sent.\n";
  out += "# TYPE eldercare_escalations_total counter\n";
  out += "eldercare_escalations_total " + std::to_string(escalations_sent.load()) + "\n";
  out += "# HELP eldercare_downlinks_total Downlinks to devices by result.\n";
  out += "# TYPE eldercare_downlinks_total counter\n";
  out += "eldercare_downlinks_total{result=\"sent\"} " + std::to_string(downlinks_ok.load()) + "\n";
  out += "eldercare_downlinks_total{result=\"failed\"} " + std::to_string(downlinks_failed.load()) +
         "\n";
  out += "# HELP eldercare_ingest_queue_depth Work waiting for the writer.\n";
  out += "# TYPE eldercare_ingest_queue_depth gauge\n";
  out += "eldercare_ingest_queue_depth " + std::to_string(queue_depth) + "\n";
  out +=
      "# HELP eldercare_ingest_batches_total Batches committed, and their total and largest "
      "time in microseconds.\n";
  out += "# TYPE eldercare_ingest_batches_total counter\n";
  out += "eldercare_ingest_batches_total " + std::to_string(batches.load()) + "\n";
  out += "eldercare_ingest_batch_failures_total " + std::to_string(batch_failures.load()) + "\n";
  out += "eldercare_ingest_batch_us_sum " + std::to_string(commit_us_sum.load()) + "\n";
  out += "eldercare_ingest_batch_us_max " + std::to_string(commit_us_max.load()) + "\n";
}

}  // namespace ec::monitoring
