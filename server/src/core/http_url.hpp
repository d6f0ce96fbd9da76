// URLs for outgoing requests (the alert webhook): `http[s]://host[:port][/path][?query]`.
//
// `https` is sent over TLS with the certificate verified (net/http_client); `http` in clear,
// meant for loopback or a trusted network. The check runs when the setting is loaded, so a bad
// URL stops start-up instead of failing every delivery later.
//
// Failure: parse_http_url() returns kind `invalid`, code "url.invalid", field `field`, and a
// message naming the rule that failed (another scheme, user info, a missing host, a bad port, a
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
  std::uint16_t port = 80;   // 80 (http) or 443 (https) when the URL names none
  std::string target = "/";  // path and query as sent in the request line
  bool ipv6 = false;         // host was written in brackets
  bool tls = false;          // https://
  // The Host header's value: host, in brackets for IPv6, with ":port" unless it is the
  // scheme's default (80 for http, 443 for https).
  std::string host_header() const;
};

ec::result<http_url> parse_http_url(std::string_view url, std::string_view field = "url");

}  // namespace ec
