// What one HTTP ingest request achieved, event by event (POST /api/v1/ingest's answer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ec::monitoring {

// One event of the request (index into the request's events).
struct ingest_item {
  std::size_t index = 0;
  std::string event_id;
  std::string outcome;  // accepted | duplicate | rejected
  std::string reason;   // for rejected: malformed | out_of_range | clock_skew | …
  std::string message;  // for rejected, in words
  std::optional<std::int64_t> alert_id;  // the alert this event raised or repeated
};
struct ingest_report {
  std::vector<ingest_item> items;
  std::size_t accepted = 0, duplicates = 0, rejected = 0;
};

}  // namespace ec::monitoring
