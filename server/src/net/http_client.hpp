// The webhook's HTTP client: one JSON POST per call over HTTP/1.1, in clear (http://) or over
// TLS (https://), with an optional HMAC-SHA256 signature of the body. Boost.Beast and OpenSSL
// stay behind this header, so nothing outside net/ includes them.
//
// Each post() parses `url` (core/http_url), resolves the host (IP literals skip the resolver),
// connects, for https:// performs the TLS handshake, sends
//   POST <path?query> HTTP/1.1
//   Host, Content-Type: application/json; charset=utf-8, User-Agent: eldercare,
//   Content-Length, Connection: close, Idempotency-Key when one is given,
//   X-Eldercare-Timestamp and X-Eldercare-Signature when a signing secret is set
// and reads the status line, the headers and at most `body_cap` bytes of the body. The whole
// exchange, connect to last byte, has one deadline of `timeout_ms`; a response whose header
// arrived counts even if its body is cut short by the deadline or the cap. One connection per
// call: deliveries are rare (alerts) and a fresh connection cannot be a stale keep-alive one.
//
// TLS (https://): TLS 1.2 or later; the server's certificate chain must lead to a trusted CA
// (the system store, /etc/ssl/certs, or only the PEM file `ca_file` when set) and must name the
// URL's host (DNS name in subjectAltName, or the IP address for an IP literal). The host name
// goes out as SNI (not for IP literals, RFC 6066). There is no switch to turn verification off.
//
// Signing: with `signing_secret` set, every request carries
//   X-Eldercare-Timestamp: <unix seconds when the request was built>
//   X-Eldercare-Signature: sha256=<lower-case hex HMAC-SHA256(secret, "<timestamp>.<body>")>
// so the receiver can check that the body came from this server and is recent (see
// docs/MONITORING.md "Signed deliveries"). A retry is signed again with a new timestamp.
//
// Failure: never throws. A bad URL, a failed lookup, a refused connection, an untrusted or
// mismatched certificate, a reset or the deadline give status 0 and `error` in words
// ("connection refused", "timed out after 5000 ms", "TLS certificate of gw.example.com not
// accepted: hostname mismatch"). A CA file that cannot be loaded is reported by setup_error()
// and by every https:// post.
// A known weakness: a host name whose DNS server never answers may hold the call past the
// deadline until the system resolver gives up; use an IP address to avoid it.
// Thread-safety: post() may be called from several threads at once (each call has its own
// io_context; the TLS context is shared read-only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/http_poster.hpp"

namespace ec::net {

struct http_client_options {
  std::size_t body_cap = 1024;  // response body bytes kept
  std::string ca_file;          // PEM CA bundle trusted instead of the system store; "" = system
  std::string signing_secret;   // "" = no signature headers
  // Unix seconds for X-Eldercare-Timestamp; empty = the system clock (tests set it).
  std::function<std::int64_t()> now_s;
};

class http_client final : public api::http_poster {
 public:
  static constexpr std::size_t k_default_body_cap = 1024;
  explicit http_client(std::size_t body_cap = k_default_body_cap);
  explicit http_client(http_client_options options);
  ~http_client() override;
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  // "" when https:// can be used; otherwise why not (the CA file could not be loaded).
  const std::string& setup_error() const;

  api::post_result post(std::string_view url, std::string_view json, std::int64_t timeout_ms,
                        std::string_view idempotency_key) override;

  struct tls_context;  // OpenSSL's context, behind the header

 private:
  http_client_options o_;
  std::unique_ptr<tls_context> tls_;
};

// Lower-case hex HMAC-SHA256 of `data` under `key` (the signature's primitive).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// The X-Eldercare-Signature value for `body` sent at `timestamp_s`:
// "sha256=" + hmac_sha256_hex(secret, "<timestamp_s>.<body>").
std::string webhook_signature(std::string_view secret, std::int64_t timestamp_s,
                              std::string_view body);

}  // namespace ec::net
