// Device payloads (MQTT uplink and POST /api/v1/ingest): monitoring::decode with and without
// the {"events": [...]} wrapper.
#include "modules/monitoring/event_decode.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "modules/monitoring/types.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  ec::monitoring::decode_limits lim;
  lim.now_ms = 1'795'000'000'000;  // a fixed "now", so runs repeat
  for (bool wrapper : {false, true}) {
    auto r = ec::monitoring::decode(payload, lim, wrapper);
    if (!r) {
      FUZZ_CHECK(r.err().kind == ec::errc::invalid);
      continue;
    }
    FUZZ_CHECK(r->size() <= ec::monitoring::k_max_events_per_payload);
    for (const auto& e : *r) {
      if (!e.ok()) {
        FUZZ_CHECK(e.reason == "malformed" || e.reason == "out_of_range" ||
                   e.reason == "clock_skew");
        continue;
      }
      FUZZ_CHECK(ec::monitoring::valid_event_id(e.event_id));
      (void)ec::monitoring::is_critical(e.ev.kind);
    }
  }
  (void)ec::monitoring::valid_event_id(payload);
  return 0;
}
