// Transport-neutral HTTP request and response, so that everything above net/
// compiles without Beast. net/ converts to and from these at the edge.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ec::api {

class socket_peer;  // api/websocket.hpp

struct header {
  std::string name;  // lower-case
  std::string value;
};

// A request header as received (name in any case). The views point into the
// transport's message, which outlives the synchronous call to the handler.
struct header_view {
  std::string_view name;
  std::string_view value;
};

// Header names compare without regard to ASCII case.
inline bool iequals_lower(std::string_view name, std::string_view lower) {
  if (name.size() != lower.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto ch = static_cast<unsigned char>(name[i]);
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<unsigned char>(ch + ('a' - 'A'));
    if (ch != static_cast<unsigned char>(lower[i])) return false;
  }
  return true;
}

// The session cookie's name: with the `__Host-` prefix when cookies are Secure, so that the
// browser accepts it only from this host over HTTPS, with Path=/ and no Domain (a sibling
// subdomain or a plain-HTTP page cannot plant or overwrite it).
inline std::string_view session_cookie_name(bool secure) {
  return secure ? "__Host-ec_session" : "ec_session";
}

// Valid only while the handler runs: views into the transport's buffers.
struct request {
  std::string_view method;  // "GET", "POST", …
  std::string_view target;  // raw target, "/api/v1/elders?page=2"
  std::vector<header_view> headers;
  std::string body;
  std::string remote_ip;
  bool secure = false;  // TLS, or X-Forwarded-Proto: https from a trusted proxy

  // Filled by app::admit when the headers arrive, before net/ reads the body, so that the
  // route is matched once per request. Opaque to net/.
  bool admitted = false;
  const void* route = nullptr;  // the matched api::route, nullptr: none
  bool path_matched = false;    // some route has this path (405 rather than 404)
  std::map<std::string, std::string, std::less<>> params;

  std::optional<std::string_view> get(std::string_view lower_name) const {
    for (const auto& h : headers)
      if (iequals_lower(h.name, lower_name)) return h.value;
    return std::nullopt;
  }
};

struct response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<header> headers;
  std::string body;
  // A file path to send instead of `body` (static assets); net/ streams it.
  std::string file_path;
  // With status 101: the request was a WebSocket upgrade the route accepted; net/ completes
  // the handshake and runs the socket for this peer (api/websocket.hpp).
  std::shared_ptr<socket_peer> upgrade;

  void set(std::string name, std::string value) {
    headers.push_back({std::move(name), std::move(value)});
  }
};

// What the application says when a request's headers have arrived: the largest body it
// accepts for that route, or a refusal to send at once without reading the body (a caller
// who may not use a route with a raised limit never gets that limit).
struct admission {
  std::size_t body_limit = 0;  // 0: the server's default
  std::optional<response> refusal;
};

}  // namespace ec::api
