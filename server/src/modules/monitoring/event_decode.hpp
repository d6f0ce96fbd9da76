// Decoding device payloads (docs/MONITORING.md "Events"): one JSON object, an array of up to
// 100, or {"events": [...]}. Each event is checked on its own, so one bad event in a batch does
// not reject the others; a payload that is not JSON of that shape fails as a whole.
//
// Failure: decode() returns kind `invalid` (code "ingest.malformed") for a payload of the wrong
// shape; per-event problems are in decoded_event::reason/message.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "modules/monitoring/types.hpp"

namespace ec::monitoring {

inline constexpr std::size_t k_max_events_per_payload = 100;

struct decode_limits {
  std::int64_t now_ms = 0;
  std::int64_t max_ahead_ms = 600'000;          // monitoring.clock_skew_max_s
  std::int64_t max_age_ms = 168LL * 3'600'000;  // monitoring.event_max_age_h
};

struct decoded_event {
  std::string event_id;
  event ev;            // device_id left 0
  std::string reason;  // "" when valid; malformed | out_of_range | clock_skew
  std::string message;
  bool ok() const { return reason.empty(); }
};

// `allow_wrapper`: accept {"events": [...]} (HTTP) besides an object or an array.
result<std::vector<decoded_event>> decode(std::string_view payload, const decode_limits& lim,
                                          bool allow_wrapper);

// Whether an event id is 1-64 characters of A-Z a-z 0-9 . _ : -
bool valid_event_id(std::string_view id);

}  // namespace ec::monitoring
