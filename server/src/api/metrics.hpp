// Request counters by route and status, and a latency histogram, rendered in
// the Prometheus text format at /metrics. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace ec::api {

class metrics {
 public:
  void record(std::string_view method, std::string_view route, int status, double seconds);
  // Extra counters from other modules (import rows, rejected logins, …).
  void count(const std::string& name, std::int64_t by = 1);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> k_buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct hist {
    std::array<std::uint64_t, k_buckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  // (method, status) pairs compared with std::string_view methods too.
  struct key_less {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      auto am = std::string_view(a.first), bm = std::string_view(b.first);
      return am < bm || (am == bm && a.second < b.second);
    }
  };
  struct route_stats {
    std::map<std::pair<std::string, int>, std::uint64_t, key_less> requests;  // (method, status)
    hist latency;
  };
  mutable std::mutex mu_;
  // By route pattern; looked up by string_view so that recording allocates nothing.
  std::map<std::string, route_stats, std::less<>> routes_;
  std::map<std::string, std::int64_t> counters_;
};

}  // namespace ec::api
