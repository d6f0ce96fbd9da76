// The outbound HTTP seam: one JSON POST, for an SMS or voice gateway or a group robot. net/
// implements it with Beast (net/http_client) and main hands it to the modules through
// api::services; monitoring's notifier owns retries, back-off and recording results in the
// `notifications` table.
//
// Thread-safety: post() may be called from any thread and blocks for at most `timeout_ms`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ec::api {

struct post_result {
  int status = 0;     // HTTP status, 0 if no response arrived
  std::string error;  // connection/timeout error in words, "" on a response
  std::string body;   // first 1 KiB of the response body
};

class http_poster {
 public:
  virtual ~http_poster() = default;
  // POSTs `json` with Content-Type application/json; returns what happened. Never throws.
  // `idempotency_key`, when not empty, goes out as the `Idempotency-Key` header: the same key
  // means the same notification, so a gateway can drop a repeat (delivery is at least once).
  virtual post_result post(std::string_view url, std::string_view json, std::int64_t timeout_ms,
                           std::string_view idempotency_key) = 0;
};

}  // namespace ec::api
