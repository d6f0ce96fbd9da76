// The transport-neutral seam for WebSockets (the live feed, GET /api/v1/live).
//
// A route accepts an upgrade by answering 101 with `response::upgrade` set to a `socket_peer`:
// the application's side of the connection. The request went through the whole pipeline
// first (session cookie, permission, rate limit), so net/ only runs the socket: it performs
// the handshake, then sends what the peer has queued, pings, reads and ignores client frames,
// and closes when the peer asks to, when the client goes away, or at shutdown.
//
// Contract between net/ and the peer:
//   - opened(wake) once after the handshake; net/ never calls take() before it.
//   - take() on net/'s own thread whenever it can write; `wake` tells net/ (from any thread)
//     that take() has something new: messages, or a request to close.
//   - closed() exactly once for every peer net/ received in a 101 answer, also when the
//     handshake failed or the server stopped first. After it, `wake` does nothing.
//
// Thread-safety: opened/take/closed are called by net/ from one thread at a time; a peer's
// own producers (api/live_hub) call `wake` from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ec::api {

// What net/ should do next with a socket.
struct outbox {
  std::vector<std::shared_ptr<const std::string>> messages;  // text frames, in order
  bool close = false;               // close (after nothing else: queued messages are dropped)
  std::uint16_t close_code = 1000;  // RFC 6455 status code for the close frame
  std::string close_reason;         // short, ASCII
};

class socket_peer {
 public:
  virtual ~socket_peer() = default;
  // The handshake is done. `wake` may be called from any thread at any time.
  virtual void opened(std::function<void()> wake) = 0;
  // Moves everything queued into `out` (whose messages are empty on entry).
  virtual void take(outbox& out) = 0;
  // The socket is gone (either side closed it, an error, shutdown). Called once.
  virtual void closed() = 0;
};

}  // namespace ec::api
