// The live feed's hub: every open WebSocket of GET /api/v1/live, with the data scope of its
// user, and the fan-out of alert messages to them (ec::api::live_feed).
//
// A connection's audience filter is fixed when it opens: data scope `all` sees everything,
// `unit_tree` the elders whose org_path starts with the user's unit path, `self` the elders
// linked to the user in user_elder_links (loaded at connect and again at every `recheck`, so
// that a new or removed link reaches an open board within that time). publish() copies the
// matching connections under the lock and queues the one shared message to each outside it;
// it never waits for a socket. A connection holds at most `queue_limit` messages; one that
// falls that far behind is closed (1013, "queue full") and the board re-reads on reconnect.
//
// Sessions: a connection belongs to the session (and user, and role) that opened it.
// session_ended() (sign-out) closes that session's connections at once; close_user() closes a
// user's connections when the system module changes what they may see (role, unit, active
// flag, password), and close_role() those of every holder of a role whose permissions change;
// the client then reconnects and gets the new scope, or is refused. A background check every
// `recheck` closes connections whose session was revoked, expired, or whose user was
// deactivated, or whose user's role or unit is no longer the one the connection was opened
// with (changes made on another node, or outside the server: the command line, the database).
//
// Failure: connect() passes database errors through. Nothing else fails.
// Thread-safety: every member may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/live_feed.hpp"
#include "api/websocket.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/system/system.hpp"

namespace ec::api {

class live_connection;

class live_hub : public live_feed {
 public:
  struct options {
    std::size_t queue_limit = 256;
    std::chrono::milliseconds recheck{60000};
  };
  // Whether the sessions with these token hashes are still valid; returns the valid ones.
  using session_check =
      std::function<result<std::vector<std::string>>(const std::vector<std::string>& token_hashes)>;
  // The elders linked to a user (scope `self`).
  using links_loader = std::function<result<std::vector<std::int64_t>>(std::int64_t user_id)>;
  // A user's current role code and unit path, or nullopt when the user is gone.
  struct user_scope {
    std::string role_code, org_path;
  };
  using scope_loader = std::function<result<std::optional<user_scope>>(std::int64_t user_id)>;

  // Sessions are checked against `db` (sessions.revoked, expires_at, users.active).
  live_hub(db::database& db, options opts);
  // For tests: a custom session check and no database (scope `self` then needs
  // connect_with_elders, or a loader from set_links_loader).
  live_hub(session_check check, options opts);
  void set_links_loader(links_loader loader);
  // For tests: how recheck_sessions() reads a user's role and unit (the database's by default).
  void set_scope_loader(scope_loader loader);
  ~live_hub() override;
  live_hub(const live_hub&) = delete;
  live_hub& operator=(const live_hub&) = delete;

  // A peer for a WebSocket of `who`; it joins the feed when net/ opens it and greets the
  // client with {"type":"hello"}. For scope `self`, loads the user's linked elders.
  result<std::shared_ptr<socket_peer>> connect(const sys::principal& who);
  // As connect(), with the linked elders given (scope `self`).
  std::shared_ptr<socket_peer> connect_with_elders(const sys::principal& who,
                                                   std::vector<std::int64_t> elder_ids);

  std::size_t publish(const audience& who, std::shared_ptr<const std::string> message) override;
  std::size_t broadcast(std::shared_ptr<const std::string> message) override;

  // Closes every connection of the session with this token hash (sign-out).
  void session_ended(const std::string& token_hash);
  // Closes every connection of the user (1008, "user changed"), except those of the session
  // `keep_token_hash` when it is not empty; returns how many it closed (not those closing
  // already).
  std::size_t close_user(std::int64_t user_id, const std::string& keep_token_hash = "");
  // Closes every connection of a holder of the role (1008, "role changed"); returns how many
  // it closed.
  std::size_t close_role(const std::string& role_code);
  // Runs the session check now, closes connections whose user's role or unit changed
  // (1008, "user changed"), and reloads the linked elders of scope `self` connections (the
  // background thread calls it every `recheck`).
  void recheck_sessions();
  // Closes every connection (shutdown).
  void close_all(std::uint16_t code, const std::string& reason);

  std::size_t connections() const;
  // Prometheus text: eldercare_live_connections and counters of messages and closes.
  void render_metrics(std::string& out) const;

  struct state;

 private:
  void refresh_links(const std::vector<std::shared_ptr<live_connection>>& all);
  std::size_t close_changed_users(const std::vector<std::shared_ptr<live_connection>>& all);
  std::shared_ptr<state> st_;
  db::database* db_ = nullptr;
};

}  // namespace ec::api
