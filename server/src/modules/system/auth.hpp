// Sign-in, sessions, CSRF tokens, lockout and password changes.
//
// Sessions are random 256-bit tokens held by the browser in an HttpOnly
// cookie; the database keeps only their SHA-256. Each session has its own
// CSRF token that every state-changing request must echo in X-CSRF-Token.
// Authenticated principals are cached in memory for a few seconds so that the
// hot path (every API request) does not query the database; a change to a
// user (role, unit, deactivation, password) drops that user's cache entries.
//
// Limits: `login_max_failures` wrong passwords in a row lock an account for
// `login_lockout_min`; each client address may try `login_ip_per_min` times a
// minute, whichever account it names. Both answer 429 with Retry-After.
//
// Thread-safety: all members are safe to call from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/config.hpp"
#include "db/db.hpp"
#include "modules/system/principal.hpp"

namespace ec::sys {

struct login_result {
  std::string token;  // goes into the cookie; never stored
  principal who;
};

// A fixed-window counter per key (client address, session).
class rate_limiter {
 public:
  rate_limiter(int per_window, std::chrono::seconds window) : limit_(per_window), window_(window) {}
  // Counts one hit; returns 0 if allowed, else seconds until the window resets.
  int hit(const std::string& key);

 private:
  struct slot {
    std::chrono::steady_clock::time_point start;
    int count = 0;
  };
  int limit_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, slot> slots_;
};

class auth_service {
 public:
  auth_service(db::database& db, const config& cfg);

  result<login_result> login(const std::string& username, const std::string& password,
                             const std::string& ip, const std::string& user_agent);
  // Resolves a cookie token to a principal; unauthorized if unknown/expired.
  // Shared and immutable: the hot path copies no strings.
  result<std::shared_ptr<const principal>> authenticate(const std::string& token,
                                                        const std::string& ip);
  status logout(const principal& p);
  status change_password(const principal& p, const std::string& old_pw, const std::string& new_pw);
  // Drops cached sessions of a user after their account changed.
  void invalidate_user(std::int64_t user_id);
  // Creates a user (used by `eldercare user add`, demo data and the users API).
  result<std::int64_t> create_user(db::connection& c, const std::string& username,
                                   const std::string& display_name, const std::string& role,
                                   std::int64_t org_unit_id, const std::string& password,
                                   bool must_change);
  // Password rule shared by every path that sets one.
  static status check_password_rule(const std::string& username, const std::string& pw,
                                    std::string_view field);
  // API rate limit per session.
  int api_hit(const std::string& key) { return api_limiter_.hit(key); }

 private:
  result<principal> load_principal(db::connection& c, std::int64_t user_id);

  db::database& db_;
  const config& cfg_;
  rate_limiter ip_limiter_;
  rate_limiter api_limiter_;
  struct cached {
    std::shared_ptr<const principal> who;
    std::chrono::steady_clock::time_point loaded;
  };
  std::mutex mu_;
  std::unordered_map<std::string, cached> cache_;  // token hash → principal
};

}  // namespace ec::sys
