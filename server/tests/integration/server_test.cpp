// Process-level behaviour of the server: graceful shutdown with a request in
// flight, read timeouts, online backup, and --help listing every setting.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

#include "core/config.hpp"
#include "support/harness.hpp"

namespace {

namespace json = boost::json;

std::string run_capture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

// On SQLite and, with ELDERCARE_TEST_PG_URL set, on PostgreSQL.
class ServerProcessDb : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Backends, ServerProcessDb, ::testing::ValuesIn(it::backends()),
                         [](const auto& p) { return p.param; });

// A large import dry run keeps the server busy for a while; SIGTERM arrives
// meanwhile. The request must still get its full answer and the process exit 0.
TEST_P(ServerProcessDb, SigtermFinishesTheRequestInFlight) {
  it::server s(50, {{"ELDERCARE_LOG_LEVEL", "info"}}, GetParam());
  it::client c(s.port());
  ASSERT_EQ(c.login("guanzhuang", s.password()).status, 200);
  std::string sheet = "姓名,身份证号,所属社区\n";
  for (int i = 0; i < 40000; ++i)
    sheet += "测试" + std::to_string(i) + "," +
             it::make_id(1940 + i % 20, 1 + i % 12, 1 + i % 28, 100 + i % 800) + ",官庄社区\n";
  auto fut = std::async(std::launch::async, [&] {
    return c.request("POST", "/api/v1/elders/import?dry_run=true&filename=big.csv", sheet,
                     "text/csv");
  });
  // Let the request reach the handler, then ask the server to stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  ASSERT_EQ(fut.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout)
      << "the import finished before SIGTERM; make the sheet bigger";
  ::kill(s.pid(), SIGTERM);
  auto r = fut.get();
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.json().at("total_rows"), 40000);
  EXPECT_EQ(s.wait_exit(), 0);  // one SIGTERM is enough; a second would interrupt the exit
  EXPECT_NE(s.log().find("finishing 1 request(s) in flight"), std::string::npos) << s.log();
}

TEST(ServerProcess, SlowClientIsCutOffByTheReadTimeout) {
  it::server s(10, {{"ELDERCARE_READ_TIMEOUT_S", "1"}});
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(s.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";  // never finished
  ASSERT_GT(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL), 0);
  auto t0 = std::chrono::steady_clock::now();
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  char buf[16];
  EXPECT_LE(::recv(fd, buf, sizeof buf, 0), 0);  // closed, not answered
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(waited, std::chrono::milliseconds(800));
  EXPECT_LT(waited, std::chrono::milliseconds(3000));
  ::close(fd);
  // Other clients were served all along.
  auto h = it::send_raw(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(h.status, 200);
}

// SQLite only: online backup is VACUUM INTO; on PostgreSQL `eldercare backup`
// refuses with pg_dump advice (Backends/Server.CommandLineOnTheSameDatabase).
TEST(ServerProcess, BackupWhileServingIsAConsistentCopy) {
  it::server s(120);
  it::client c(s.port());
  ASSERT_EQ(c.login("admin", s.password()).status, 200);
  // Keep writing while the backup runs.
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    it::client w(s.port());
    w.login("admin", s.password());
    for (int i = 0; !stop && i < 200; ++i) w.get("/api/v1/elders?size=5");
  });
  auto target = s.dir() + "/backup.db";
  auto cmd = "ELDERCARE_DATABASE_URL=sqlite:" + s.dir() + "/data/eldercare.db " +
             it::binary_path() + " backup --to " + target + " 2>&1";
  auto out = run_capture(cmd);
  stop = true;
  writer.join();
  EXPECT_NE(out.find("backup written"), std::string::npos) << out;
  // The copy is a working database: a server started on it has the same elders.
  auto copy_count = run_capture("sqlite3 " + target + " 'SELECT COUNT(*) FROM elders'");
  EXPECT_EQ(copy_count, "120\n");
  auto integrity = run_capture("sqlite3 " + target + " 'PRAGMA integrity_check'");
  EXPECT_EQ(integrity, "ok\n");
}

// /metrics: for clients on this machine only, unless a token is configured; then only with it.
TEST(ServerProcess, MetricsAreLocalOrNeedTheirToken) {
  auto get = [](const it::server& s, const std::string& extra) {
    return it::send_raw(
        s.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n" + extra + "Connection: close\r\n\r\n");
  };
  {
    // Behind a reverse proxy: the proxied client's address decides, not the proxy's.
    it::server s(20, {{"ELDERCARE_TRUST_PROXY", "true"}});
    EXPECT_EQ(get(s, "").status, 200);
    EXPECT_EQ(get(s, "X-Forwarded-For: 127.0.0.1\r\n").status, 200);
    auto far = get(s, "X-Forwarded-For: 203.0.113.9\r\n");
    EXPECT_EQ(far.status, 403) << far.body;
    EXPECT_EQ(far.json().at("error").at("code"), "metrics.forbidden");
    EXPECT_EQ(far.body.find("eldercare_http_requests_total"), std::string::npos);
  }
  {
    const std::string token = "Prom-scrape-0123456789";
    it::server s(20, {{"ELDERCARE_METRICS_TOKEN", token}});
    auto none = get(s, "");
    EXPECT_EQ(none.status, 401) << none.body;
    EXPECT_EQ(none.json().at("error").at("code"), "metrics.token");
    EXPECT_EQ(none.headers["www-authenticate"], "Bearer realm=\"metrics\"");
    EXPECT_EQ(get(s, "Authorization: Bearer " + token + "x\r\n").status, 401);
    EXPECT_EQ(get(s, "Authorization: Basic " + token + "\r\n").status, 401);
    auto ok = get(s, "Authorization: Bearer " + token + "\r\n");
    EXPECT_EQ(ok.status, 200);
    EXPECT_NE(ok.body.find("eldercare_http_requests_total"), std::string::npos);
  }
}

TEST(ServerProcess, HelpListsEverySetting) {
  auto help = run_capture(it::binary_path() + " --help 2>&1");
  for (const auto& st : ec::settings()) {
    EXPECT_NE(help.find(st.flag), std::string::npos) << st.flag;
    EXPECT_NE(help.find(st.env), std::string::npos) << st.env;
  }
  auto bad = run_capture("ELDERCARE_PORT=eighty " + it::binary_path() + " migrate 2>&1");
  EXPECT_NE(bad.find("ELDERCARE_PORT"), std::string::npos) << bad;
}

}  // namespace
