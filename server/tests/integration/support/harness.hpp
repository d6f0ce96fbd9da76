// Integration-test harness: starts the real `eldercare` binary on a random
// loopback port with a temporary database (demo data loaded with a known
// password) and talks to it over plain sockets, so tests can also send bytes
// no well-behaved client would.
//
// The database is a fresh SQLite file, or on backend "postgres" a fresh database
// (ec_it_<random>) created on the server that ELDERCARE_TEST_PG_URL names (a
// maintenance database such as `postgres`; scripts/pg-test-server) and dropped again.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace it {

struct http_response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; last value wins
  std::vector<std::string> set_cookies;
  std::string body;
  boost::json::value json() const;
  // The error envelope's `error.code` and `error.field` ("" when absent).
  std::string error_code() const;
  std::string error_field() const;
};

// Sends raw bytes to 127.0.0.1:port and reads one response (or until close).
http_response send_raw(std::uint16_t port, const std::string& bytes, int timeout_ms = 10000);

// ELDERCARE_TEST_PG_URL, or "" when PostgreSQL tests are off.
std::string pg_test_url();

// An environment variable's value, "" when unset.
std::string env(const char* name);

// A loopback port nobody listens on (bound, then closed).
int closed_port();

// "sqlite", and "postgres" when ELDERCARE_TEST_PG_URL is set: the values to
// instantiate backend-parameterised tests with.
std::vector<std::string> backends();

// Replaces the database name in a libpq URI, keeping user, host, port and query.
std::string with_dbname(const std::string& url, const std::string& db);

// An existing database for a server to serve as it is (a restored copy): no demo load.
struct existing_database {
  std::string backend;       // "sqlite" or "postgres"
  std::string database_url;  // ELDERCARE_DATABASE_URL
  std::string pg_database;   // a database on the test server that the server object drops
  std::string password;      // the demo users' password in it
};

// Every server gets a personal-data key: a key file made by `eldercare keygen` in its test
// directory (ELDERCARE_PII_KEY_FILE), unless `env` names ELDERCARE_PII_KEY_FILE or
// ELDERCARE_PII_KEY itself; a second node of the same database uses the first one's key.
class server {
 public:
  // Loads `elders` demo elders with `password` for every demo user, then serves,
  // on `backend` "sqlite" or "postgres".
  explicit server(int elders = 300, std::map<std::string, std::string> env = {},
                  const std::string& backend = "sqlite");
  // Another node serving the database of `same_database` (no demo load; the
  // database stays `same_database`'s, so destroy this one first).
  server(const server& same_database, std::map<std::string, std::string> env);
  // Serves `db` (no demo load) with `env`, which should name its key.
  server(const existing_database& db, std::map<std::string, std::string> env);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;
  const std::string& backend() const { return backend_; }
  // The ELDERCARE_DATABASE_URL the server runs with.
  const std::string& database_url() const { return database_url_; }
  std::uint16_t port() const { return port_; }
  const std::string& password() const { return password_; }
  const std::string& dir() const { return dir_; }
  int pid() const { return pid_; }
  // The environment the server runs with (database URL, key file, …).
  const std::map<std::string, std::string>& environment() const { return env_; }
  // Sends SIGTERM and waits; returns the exit status (or -1 on timeout).
  int stop(int timeout_ms = 15000);
  // Waits for an exit already asked for (e.g. by a SIGTERM the test sent) without
  // signalling again; returns the exit status (or -1 on timeout, after SIGKILL).
  int wait_exit(int timeout_ms = 15000);
  bool running() const;
  std::string log() const;
  // Runs `eldercare args...` against the same database and settings; returns the
  // exit status, with stdout and stderr in `output`.
  int run(const std::vector<std::string>& args, std::string& output) const;

 private:
  void start(int elders, std::map<std::string, std::string> env, const server* primary,
             const existing_database* existing = nullptr);
  void cleanup() noexcept;
  std::string backend_;
  std::string database_url_;
  std::string pg_database_;  // created by us, dropped by cleanup()
  std::string dir_;
  std::map<std::string, std::string> env_;
  std::string password_;
  int pid_ = -1;
  std::uint16_t port_ = 0;
};

// A signed-in browser-like client: keeps the session cookie and CSRF token.
class client {
 public:
  explicit client(std::uint16_t port) : port_(port) {}
  http_response login(const std::string& user, const std::string& password);
  http_response request(const std::string& method, const std::string& target,
                        const std::string& body = "",
                        const std::string& content_type = "application/json",
                        std::map<std::string, std::string> extra = {});
  http_response get(const std::string& target) { return request("GET", target); }
  http_response post(const std::string& target, const boost::json::value& v) {
    return request("POST", target, boost::json::serialize(v));
  }
  http_response put(const std::string& target, const boost::json::value& v) {
    return request("PUT", target, boost::json::serialize(v));
  }
  std::string cookie;
  std::string csrf;
  bool send_csrf = true;

 private:
  std::uint16_t port_;
};

// Resolves a binary path/source dir from compile definitions.
std::string binary_path();
std::string source_dir();

// A valid ID number for tests (area 370322, born `year`, sequence `seq`).
std::string make_id(int year, int month, int day, int seq);

}  // namespace it
