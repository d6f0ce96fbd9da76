// The webhook's HTTP client: one JSON POST per call over plain HTTP/1.1 (Boost.Beast behind
// this header, so nothing outside net/ includes Beast).
//
// Each post() parses `url` (core/http_url: http:// only; TLS goes through a local relay, see
// docs/OPERATIONS.md "Alert webhook"), resolves the host (IP literals skip the resolver),
// connects, sends
//   POST <path?query> HTTP/1.1
//   Host, Content-Type: application/json; charset=utf-8, User-Agent: eldercare,
//   Content-Length, Connection: close, and Idempotency-Key when one is given
// and reads the status line, the headers and at most `body_cap` bytes of the body. The whole
// exchange, connect to last byte, has one deadline of `timeout_ms`; a response whose header
// arrived counts even if its body is cut short by the deadline or the cap. One connection per
// call: deliveries are rare (alerts) and a fresh connection cannot be a stale keep-alive one.
//
// Failure: never throws. A bad URL, a failed lookup, a refused connection, a reset or the
// deadline give status 0 and `error` in words ("connection refused", "timed out after 5000 ms").
// A known weakness: a host name whose DNS server never answers may hold the call past the
// deadline until the system resolver gives up; use an IP address (a local relay) to avoid it.
// Thread-safety: post() may be called from several threads at once (each call has its own
// io_context).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/http_poster.hpp"

namespace ec::net {

class http_client final : public api::http_poster {
 public:
  static constexpr std::size_t k_default_body_cap = 1024;
  explicit http_client(std::size_t body_cap = k_default_body_cap) : body_cap_(body_cap) {}

  api::post_result post(std::string_view url, std::string_view json, std::int64_t timeout_ms,
                        std::string_view idempotency_key) override;

 private:
  std::size_t body_cap_;
};

}  // namespace ec::net
