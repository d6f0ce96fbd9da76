#include "api/metrics.hpp"

#include <fmt/format.h>

namespace ec::api {

void metrics::record(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard g(mu_);
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.emplace(std::string(route), route_stats{}).first;
  auto& rs = it->second;
  // Compared as a (string_view, int) pair, so that a known key allocates nothing.
  auto rq = rs.requests.find(std::make_pair(method, status));
  if (rq == rs.requests.end())
    rs.requests.emplace(std::make_pair(std::string(method), status), 1);
  else
    ++rq->second;
  auto& h = rs.latency;
  for (std::size_t i = 0; i < k_buckets.size(); ++i)
    if (seconds <= k_buckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void metrics::count(const std::string& name, std::int64_t by) {
  std::lock_guard g(mu_);
  counters_[name] += by;
}

std::string metrics::render() const {
  std::lock_guard g(mu_);
  std::string out;
  out += "# HELP eldercare_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE eldercare_http_requests_total counter\n";
  for (const auto& [route, rs] : routes_)
    for (const auto& [k, v] : rs.requests) {
      const auto& [method, status] = k;
      out += fmt::format(
          "eldercare_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n", method,
          route, status, v);
    }
  out += "# HELP eldercare_http_request_duration_seconds Time to handle a request.\n";
  out += "# TYPE eldercare_http_request_duration_seconds histogram\n";
  for (const auto& [route, rs] : routes_) {
    const auto& h = rs.latency;
    for (std::size_t i = 0; i < k_buckets.size(); ++i)
      out += fmt::format(
          "eldercare_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
          k_buckets[i], h.buckets[i]);
    out += fmt::format(
        "eldercare_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route,
        h.count);
    out += fmt::format("eldercare_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n",
                       route, h.sum);
    out += fmt::format("eldercare_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                       h.count);
  }
  for (const auto& [name, v] : counters_) {
    out += fmt::format("# TYPE eldercare_{} counter\neldercare_{} {}\n", name, name, v);
  }
  return out;
}

}  // namespace ec::api
