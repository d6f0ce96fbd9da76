// The outbox and the real HTTP client together: rows in a SQLite database go out as real POSTs
// to a loopback server, and what the server answered is what the rows record.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <random>
#include <tuple>
#include <vector>

#include "db/migrate.hpp"
#include "modules/monitoring/notifier.hpp"
#include "modules/monitoring/outbox_test_support.hpp"
#include "net/http_client.hpp"
#include "net/test_http_server.hpp"
#include "net/test_tls.hpp"

namespace ec::net {
namespace {

using namespace ec::net::testing;  // NOLINT: test_server and its Beast aliases

constexpr std::int64_t T0 = 1'795'000'000'000;

class WebhookDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("ec_webhook_" + std::to_string((std::uint64_t{rd()} << 32) ^ rd()));
    std::filesystem::create_directories(dir_);
    db_ = db::open({"sqlite:" + (dir_ / "t.db").string(), 2, 5000});
    auto c = db_->acquire();
    ASSERT_TRUE(c.ok()) << c.err().message;
    ASSERT_TRUE(db::migrate(**c).ok());
    alert_id_ = monitoring::testing::seed_alert(**c, T0);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::int64_t add_row(const std::string& payload, const std::string& url) {
    auto c = db_->acquire();
    EXPECT_TRUE(c.ok());
    return monitoring::testing::add_webhook_row(**c, alert_id_, payload, T0, T0, url);
  }

  std::tuple<std::string, std::int64_t, std::string> state(std::int64_t id) {
    auto c = db_->acquire();
    EXPECT_TRUE(c.ok());
    auto r = (*c)->one("SELECT status, attempts, last_error FROM notifications WHERE id = ?", {id});
    EXPECT_TRUE(r.ok());
    return {r->str(0), r->i64(1), r->str(2)};
  }

  monitoring::notifier_options options(const std::string& url) {
    monitoring::notifier_options o;
    o.url = url;
    o.timeout_ms = 2000;
    o.max_attempts = 3;
    o.now = [this] { return clock_.load(); };
    o.random = [] { return 0.5; };
    return o;
  }

  std::filesystem::path dir_;
  std::unique_ptr<db::database> db_;
  std::int64_t alert_id_ = 0;
  std::atomic<std::int64_t> clock_{T0};
};

TEST_F(WebhookDelivery, RetriesOverRealHttpWithTheSameKeyAndBody) {
  struct seen_request {
    std::string key, content_type, body;
  };
  std::mutex mu;
  std::vector<seen_request> seen;
  test_server srv([&](tcp::socket& s) {
    http::request<http::string_body> req;
    if (!read_request(s, req)) return;
    std::size_t n = 0;
    {
      std::lock_guard g(mu);
      seen.push_back({std::string(req["Idempotency-Key"]),
                      std::string(req[http::field::content_type]), req.body()});
      n = seen.size();
    }
    if (n == 1)
      reply(s, http::status::service_unavailable, "busy");
    else
      reply(s, http::status::ok, "{\"accepted\":true}");
  });
  const std::string payload = R"({"level":1,"message":"【天镇养老】王秀英 发出SOS求助"})";
  auto id = add_row(payload, srv.url());
  http_client client;
  monitoring::notifier n(*db_, client, options(srv.url()));

  EXPECT_EQ(*n.deliver_due(), 1u);
  EXPECT_EQ(state(id), std::make_tuple(std::string("pending"), std::int64_t{1},
                                       std::string("HTTP 503: busy")));
  clock_ = T0 + 1000;
  EXPECT_EQ(*n.deliver_due(), 1u);
  EXPECT_EQ(std::get<0>(state(id)), "sent");
  EXPECT_EQ(std::get<1>(state(id)), 2);

  std::lock_guard g(mu);
  ASSERT_EQ(seen.size(), 2u);
  for (const auto& r : seen) {
    EXPECT_EQ(r.key, std::to_string(id));
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(r.body, payload);
  }
}

TEST_F(WebhookDelivery, ARefusedConnectionIsRetriedThenFails) {
  std::uint16_t port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  auto id = add_row("{}", url);
  http_client client;
  monitoring::notifier n(*db_, client, options(url));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(*n.deliver_due(), 1u);
    clock_ += 600'000;
  }
  auto [status, attempts, last_error] = state(id);
  EXPECT_EQ(status, "failed");
  EXPECT_EQ(attempts, 3);
  EXPECT_NE(last_error.find("connection refused"), std::string::npos) << last_error;
}

// An https:// gateway with a private CA and a signing secret: the row goes out over TLS, the
// gateway can verify the signature, and a gateway whose certificate names another host never
// sees the alert (the row records why).
TEST_F(WebhookDelivery, DeliversOverHttpsSignedAndRefusesAnImpostor) {
  auto ca = make_test_ca("Gateway Test CA");
  const std::string ca_file = write_pem_file(dir_ / "ca.pem", ca);
  const std::string secret = "notify-gateway-secret-42";
  std::mutex mu;
  std::vector<http::request<http::string_body>> seen;
  auto handler = [&](tls_socket& s) {
    http::request<http::string_body> req;
    if (!read_request(s, req)) return;
    {
      std::lock_guard g(mu);
      seen.push_back(req);
    }
    reply(s, http::status::ok, "{\"errcode\":0}");
  };
  tls_test_server good(make_test_leaf(ca, "localhost", "DNS:localhost,IP:127.0.0.1"), handler);
  tls_test_server impostor(make_test_leaf(ca, "evil.example", "DNS:evil.example"), handler);

  http_client_options co;
  co.ca_file = ca_file;
  co.signing_secret = secret;
  http_client client(co);
  const std::string payload = R"({"level":1,"message":"【天镇养老】王秀英 发出SOS求助"})";
  auto ok_id = add_row(payload, good.url());
  monitoring::notifier n(*db_, client, options(good.url()));
  EXPECT_EQ(*n.deliver_due(), 1u);
  EXPECT_EQ(std::get<0>(state(ok_id)), "sent");
  {
    std::lock_guard g(mu);
    ASSERT_EQ(seen.size(), 1u);
    const auto& r = seen[0];
    EXPECT_EQ(r.body(), payload);
    EXPECT_EQ(r["Idempotency-Key"], std::to_string(ok_id));
    auto ts = std::string(r["X-Eldercare-Timestamp"]);
    EXPECT_EQ(r["X-Eldercare-Signature"], "sha256=" + hmac_sha256_hex(secret, ts + "." + payload));
  }

  auto bad_id = add_row(payload, impostor.url("/hook", "localhost"));
  monitoring::notifier n2(*db_, client, options(impostor.url("/hook", "localhost")));
  EXPECT_EQ(*n2.deliver_due(), 1u);
  auto [status, attempts, last_error] = state(bad_id);
  EXPECT_EQ(status, "pending");
  EXPECT_EQ(attempts, 1);
  EXPECT_NE(last_error.find("hostname mismatch"), std::string::npos) << last_error;
  std::lock_guard g(mu);
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_EQ(impostor.handshakes(), 0);
}

}  // namespace
}  // namespace ec::net
