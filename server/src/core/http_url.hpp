// Plain-HTTP URLs for outgoing requests (the alert webhook): `http://host[:port][/path][?query]`.
//
// Only `http` is accepted. TLS is out of scope for the server's own client: point the URL at a
// relay on the same machine that forwards over HTTPS (docs/OPERATIONS.md "Alert webhook"), so
// certificates and their renewal stay with a tool made for them. The check runs when the
// setting is loaded, so a bad URL stops start-up instead of failing every delivery later.
//
// Failure: parse_http_url() returns kind `invalid`, code "url.invalid", field `field`, and a
// message naming the rule that failed (https, user info, a missing host, a bad port, a
// fragment, spaces or control characters).
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ec {

struct http_url {
  std::string host;          // name, IPv4 address, or IPv6 address without brackets
  std::uint16_t port = 80;   // 80 when the URL names none
  std::string target = "/";  // path and query as sent in the request line
  bool ipv6 = false;         // host was written in brackets
  // The Host header's value: host, in brackets for IPv6, with ":port" unless it is 80.
  std::string host_header() const;
};

ec::result<http_url> parse_http_url(std::string_view url, std::string_view field = "url");

}  // namespace ec
