#include "support/harness.hpp"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "db/test_database.hpp"
#include "ingest/mqtt_client.hpp"

namespace it {
namespace fs = std::filesystem;

std::string binary_path() {
  return ELDERCARE_BINARY;
}
std::string source_dir() {
  return ELDERCARE_SOURCE_DIR;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string pg_test_url() {
  return ec::db::testing::pg_test_url();
}

std::vector<std::string> backends() {
  return ec::db::testing::backends();
}

std::string with_dbname(const std::string& url, const std::string& name) {
  return ec::db::testing::with_dbname(url, name);
}

boost::json::value http_response::json() const {
  std::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) throw std::runtime_error("response is not JSON: " + body.substr(0, 200));
  return v;
}

std::string http_response::error_code() const {
  std::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const auto* e = v.as_object().if_contains("error");
  const auto* code = e && e->is_object() ? e->as_object().if_contains("code") : nullptr;
  return code && code->is_string() ? std::string(code->as_string()) : "";
}

std::string http_response::error_field() const {
  std::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const auto* e = v.as_object().if_contains("error");
  const auto* f = e && e->is_object() ? e->as_object().if_contains("field") : nullptr;
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

http_response send_raw(std::uint16_t port, const std::string& bytes, int timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  std::size_t off = 0;
  while (off < bytes.size()) {
    auto n = ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) and close before reading it all
    off += static_cast<std::size_t>(n);
  }
  std::string in;
  char buf[65536];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  http_response r;
  std::size_t header_end = std::string::npos;
  std::size_t content_length = std::string::npos;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) {
      header_end = in.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::istringstream hs(in.substr(0, header_end));
        std::string line;
        std::getline(hs, line);
        r.status = std::atoi(line.substr(9, 3).c_str());
        while (std::getline(hs, line)) {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          auto colon = line.find(':');
          if (colon == std::string::npos) continue;
          std::string name = line.substr(0, colon);
          for (auto& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          std::string value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.erase(0, 1);
          if (name == "set-cookie") r.set_cookies.push_back(value);
          r.headers[name] = value;
        }
        if (r.headers.count("content-length"))
          content_length = std::stoul(r.headers["content-length"]);
      }
    }
    if (header_end != std::string::npos && content_length != std::string::npos &&
        in.size() >= header_end + 4 + content_length)
      break;
  }
  ::close(fd);
  if (header_end != std::string::npos) r.body = in.substr(header_end + 4);
  return r;
}

namespace {

std::string read_file(const std::string& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

int run_and_wait(const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env, const std::string& out_path) {
  pid_t pid = ::fork();
  if (pid == 0) {
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    auto* out = std::freopen(out_path.c_str(), "a", stdout);
    auto* err = std::freopen(out_path.c_str(), "a", stderr);
    (void)out;
    (void)err;
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// Runs one statement on the PostgreSQL server named by `url`; throws on failure.
void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* h = PQconnectdb(url.c_str());
  std::string msg;
  bool ok = false;
  if (PQstatus(h) == CONNECTION_OK) {
    PGresult* r = PQexec(h, sql.c_str());
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) msg = PQresultErrorMessage(r);
    PQclear(r);
  } else {
    msg = PQerrorMessage(h);
  }
  PQfinish(h);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

}  // namespace

server::server(int elders, std::map<std::string, std::string> env, const std::string& backend)
    : backend_(backend) {
  if (backend_ != "sqlite" && backend_ != "postgres")
    throw std::invalid_argument("unknown backend " + backend_);
  if (backend_ == "postgres" && pg_test_url().empty())
    throw std::runtime_error("backend postgres needs ELDERCARE_TEST_PG_URL");
  try {
    start(elders, std::move(env), nullptr);
  } catch (...) {
    cleanup();
    throw;
  }
}

server::server(const server& same_database, std::map<std::string, std::string> env)
    : backend_(same_database.backend_) {
  try {
    start(0, std::move(env), &same_database);
  } catch (...) {
    cleanup();
    throw;
  }
}

server::server(const existing_database& db, std::map<std::string, std::string> env)
    : backend_(db.backend) {
  pg_database_ = db.pg_database;
  try {
    start(0, std::move(env), nullptr, &db);
  } catch (...) {
    cleanup();
    throw;
  }
}

void server::start(int elders, std::map<std::string, std::string> env, const server* primary,
                   const existing_database* existing) {
  std::random_device rd;
  std::mt19937_64 gen((std::uint64_t{rd()} << 32) ^ rd());
  char name[32];
  std::snprintf(name, sizeof name, "ec_it_%016llx", static_cast<unsigned long long>(gen()));
  dir_ = (fs::temp_directory_path() / name).string();
  fs::create_directories(dir_);
  password_ = primary    ? primary->password_
              : existing ? existing->password
                         : "It-pass-" + std::to_string(rd());
  // A tiny web root so static serving is tested without a web build.
  fs::create_directories(dir_ + "/web/assets");
  std::ofstream(dir_ + "/web/index.html") << "<!doctype html><title>天镇</title><div id=app></div>";
  std::ofstream(dir_ + "/web/assets/app-abc123.js") << "console.log('ok')";
  std::ofstream(dir_ + "/secret.txt") << "outside the web root";
  if (existing) {
    database_url_ = existing->database_url;
  } else if (primary) {
    database_url_ = primary->database_url_;
  } else if (backend_ == "postgres") {
    // UTF8 with C collation from template0: the same on any server CI points us at
    // (the org path columns are byte-wise by themselves; see docs/DATABASE.md).
    pg_exec(pg_test_url(), std::string("CREATE DATABASE ") + name +
                               " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    pg_database_ = name;
    database_url_ = with_dbname(pg_test_url(), name);
  } else {
    database_url_ = "sqlite:" + dir_ + "/data/eldercare.db";
  }
  env["ELDERCARE_DATABASE_URL"] = database_url_;
  env["ELDERCARE_WEB_ROOT"] = dir_ + "/web";
  env["ELDERCARE_PORT"] = "0";
  env["ELDERCARE_LOG_LEVEL"] =
      env.count("ELDERCARE_LOG_LEVEL") ? env["ELDERCARE_LOG_LEVEL"] : "warn";
  if (!env.count("ELDERCARE_PII_KEY_FILE") && !env.count("ELDERCARE_PII_KEY")) {
    if (primary) {
      for (const char* k : {"ELDERCARE_PII_KEY_FILE", "ELDERCARE_PII_KEY"})
        if (auto it = primary->env_.find(k); it != primary->env_.end()) env[k] = it->second;
    } else {
      // Outside the data directory, as in production (a copy of data/ holds no key).
      std::string key = dir_ + "/keys/pii.key";
      int rc = run_and_wait({binary_path(), "keygen", "--out", key}, env, dir_ + "/keygen.log");
      if (rc != 0) throw std::runtime_error("keygen failed: " + read_file(dir_ + "/keygen.log"));
      env["ELDERCARE_PII_KEY_FILE"] = key;
    }
  }
  env_ = env;
  if (!primary && !existing) {
    int rc = run_and_wait(
        {binary_path(), "demo", "--elders", std::to_string(elders), "--password", password_}, env,
        dir_ + "/demo.log");
    if (rc != 0) throw std::runtime_error("demo failed: " + read_file(dir_ + "/demo.log"));
  }
  std::string out = dir_ + "/server.out";
  pid_ = ::fork();
  if (pid_ == 0) {
    // A crashed test process takes its server along (which frees the database).
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    auto* o = std::freopen(out.c_str(), "w", stdout);
    auto* e = std::freopen((dir_ + "/server.log").c_str(), "w", stderr);
    (void)o;
    (void)e;
    std::string bin = binary_path();
    char* argv[] = {bin.data(), const_cast<char*>("serve"), nullptr};
    ::execv(argv[0], argv);
    std::_Exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = read_file(out);
    auto p = text.find("LISTENING ");
    if (p != std::string::npos && text.find('\n', p) != std::string::npos) {
      port_ = static_cast<std::uint16_t>(std::atoi(text.c_str() + p + 10));
      return;
    }
    if (!running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("server did not start: " + log());
}

bool server::running() const {
  if (pid_ <= 0) return false;
  int st = 0;
  return ::waitpid(pid_, &st, WNOHANG) == 0;
}

int server::stop(int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  return wait_exit(timeout_ms);
}

int server::wait_exit(int timeout_ms) {
  if (pid_ <= 0) return -1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

server::~server() {
  cleanup();
}

// A test server's persistent session at the broker would outlive the test and queue every
// device message of every later test (up to max_queued_messages each), which the broker then
// rewrites to disk at every autosave — seconds of stall per save once a run has left a few
// dozen sessions behind. Connecting once more with the same client id and a clean session
// ends it (MQTT 3.1.1, as the server's uplink session).
static void end_broker_session(const std::map<std::string, std::string>& env) {
  auto url = env.find("ELDERCARE_MQTT_URL");
  auto id = env.find("ELDERCARE_MQTT_CLIENT_ID");
  auto dir = env.find("ELDERCARE_MQTT_CREDENTIALS");
  if (url == env.end() || id == env.end() || dir == env.end()) return;
  auto o = ec::ingest::parse_mqtt_url(url->second);
  if (!o) return;
  std::string creds = read_file(dir->second + "/service");
  while (!creds.empty() && (creds.back() == '\n' || creds.back() == '\r')) creds.pop_back();
  auto colon = creds.find(':');
  if (colon == std::string::npos) return;
  o->username = creds.substr(0, colon);
  o->password = creds.substr(colon + 1);
  o->client_id = id->second;
  o->clean_session = true;
  o->protocol = ec::ingest::mqtt_protocol::v311;
  ec::ingest::mqtt_client c(*o);
  if (c.start()) (void)c.wait_connected(std::chrono::seconds(5));
  c.stop();
}

void server::cleanup() noexcept {
  if (pid_ > 0) stop(5000);
  try {
    end_broker_session(env_);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "harness: could not end the broker session: %s\n", e.what());
  }
  bool keep = std::getenv("ELDERCARE_KEEP_TEST_DIRS") != nullptr;
  if (!pg_database_.empty() && !keep) {
    // After the server stopped; FORCE ends any session still open (a killed server's).
    try {
      pg_exec(pg_test_url(), "DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "harness: could not drop %s: %s\n", pg_database_.c_str(), e.what());
    }
    pg_database_.clear();
  }
  std::error_code ec;
  if (!dir_.empty() && !keep) fs::remove_all(dir_, ec);
}

int server::run(const std::vector<std::string>& args, std::string& output) const {
  std::vector<std::string> argv{binary_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string out = dir_ + "/run.out";
  std::error_code ec;
  fs::remove(out, ec);
  int rc = run_and_wait(argv, env_, out);
  output = read_file(out);
  return rc;
}

std::string server::log() const {
  return read_file(dir_ + "/server.log");
}

http_response client::login(const std::string& user, const std::string& password) {
  boost::json::object body{{"username", user}, {"password", password}};
  auto r = request("POST", "/api/v1/auth/login", boost::json::serialize(body));
  for (const auto& c : r.set_cookies)
    if (c.rfind("ec_session=", 0) == 0) cookie = c.substr(0, c.find(';'));
  if (r.status == 200) csrf = std::string(r.json().at("csrf_token").as_string());
  return r;
}

http_response client::request(const std::string& method, const std::string& target,
                              const std::string& body, const std::string& content_type,
                              std::map<std::string, std::string> extra) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!cookie.empty()) req += "Cookie: " + cookie + "\r\n";
  if (send_csrf && !csrf.empty() && method != "GET") req += "X-CSRF-Token: " + csrf + "\r\n";
  if (!extra.count("Accept-Language")) req += "Accept-Language: en\r\n";
  for (const auto& [k, v] : extra) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    req += "Content-Type: " + content_type + "\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  return send_raw(port_, req);
}

std::string make_id(int year, int month, int day, int seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "370322%04d%02d%02d%03d", year, month, day, seq);
  static const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (buf[i] - '0') * w[i];
  return std::string(buf) + "10X98765432"[sum % 11];
}

}  // namespace it
