// The HTTP server: Boost.Beast/Asio behind a small pimpl so that nothing else
// includes them.
//
// HTTP/1.1 with keep-alive; a read timeout per request and an idle timeout
// between requests; a body-size limit chosen per target before the body is
// read; graceful shutdown on SIGINT/SIGTERM (or stop()): the listener closes,
// requests in flight finish and are answered with `Connection: close`, then
// the I/O threads stop (after `shutdown_grace_s` at most).
//
// WebSockets: a request whose handler answers 101 with `response::upgrade` (api/websocket.hpp)
// becomes a WebSocket: net/ completes the handshake, sends the peer's queued text frames one
// write at a time, pings after `ws_ping_s` without a frame from the client (and drops a client
// silent for twice that), reads and discards client frames (at most `ws_message_max` bytes
// each), and closes when the peer asks to. At shutdown every WebSocket gets a close frame
// (1001 going away) and counts as in flight until its closing handshake ends.
//
// Connections per address: beyond `max_connections_per_ip` open connections from one address,
// a new connection's first request is answered `429 request.too_many_connections` (JSON,
// English) and the connection closed.
//
// Thread-safety: `run()` blocks the calling thread and runs the handler on
// `threads` I/O threads concurrently; the handler must be thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/http.hpp"

namespace ec::net {

struct server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  int threads = 4;
  std::size_t body_limit = 1 << 20;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;
  int shutdown_grace_s = 10;
  bool trust_proxy = false;  // take the client address from X-Forwarded-For
  // Open connections (WebSockets included) one client address may hold; 0 = no cap. Not
  // applied with trust_proxy, where every connection comes from the proxy's address.
  int max_connections_per_ip = 0;
  int ws_ping_s = 20;
  std::size_t ws_message_max = 4096;
};

using handler = std::function<api::response(api::request&)>;
// Called when a request's headers have arrived (the request has no body yet): its body limit
// (0: the default) or a response to send at once without reading the body.
using admit_fn = std::function<api::admission(api::request& head)>;

class server {
 public:
  server(server_options opts, handler h, admit_fn admit = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds (throws std::runtime_error if it cannot), calls on_ready with the
  // bound port, serves until a signal or stop(), then returns.
  void run(const std::function<void(std::uint16_t port)>& on_ready);
  // Asks a running server to shut down gracefully; safe from any thread.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ec::net
