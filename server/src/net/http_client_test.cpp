// The webhook client against a small Beast server on loopback: answers, errors, a server that
// never answers, a refused connection, a response larger than the cap; over TLS with a test CA
// made here (good certificate, another CA, the wrong host name); signed bodies.
#include "net/http_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>

#include "net/test_http_server.hpp"
#include "net/test_tls.hpp"

namespace ec::net {
namespace {

using namespace ec::net::testing;  // NOLINT: test_server and its Beast aliases

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

TEST(HttpClient, PostsJsonWithHeadersAndReads200) {
  std::mutex mu;
  http::request<http::string_body> seen;
  test_server srv([&](tcp::socket& s) {
    http::request<http::string_body> req;
    if (!read_request(s, req)) return;
    {
      std::lock_guard g(mu);
      seen = req;
    }
    reply(s, http::status::ok, "{\"ok\":true}");
  });
  http_client client;
  const std::string json = R"({"level":2,"message":"王秀英 SOS 呼叫"})";
  auto r = client.post(srv.url("/sms/send?key=k1"), json, 2000, "42");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.body, "{\"ok\":true}");
  std::lock_guard g(mu);
  EXPECT_EQ(seen.method(), http::verb::post);
  EXPECT_EQ(seen.target(), "/sms/send?key=k1");
  EXPECT_EQ(seen[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(seen[http::field::user_agent], "eldercare");
  EXPECT_EQ(seen["Idempotency-Key"], "42");
  EXPECT_EQ(seen[http::field::host], "127.0.0.1:" + srv.url("").substr(17));
  EXPECT_EQ(seen.body(), json);
}

TEST(HttpClient, NoIdempotencyKeyHeaderWhenNoneIsGiven) {
  std::mutex mu;
  bool has_key = true;
  test_server srv([&](tcp::socket& s) {
    http::request<http::string_body> req;
    if (!read_request(s, req)) return;
    {
      std::lock_guard g(mu);
      has_key = req.find("Idempotency-Key") != req.end();
    }
    reply(s, http::status::no_content, "");
  });
  auto r = http_client().post(srv.url(), "{}", 2000, "");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.body, "");
  std::lock_guard g(mu);
  EXPECT_FALSE(has_key);
}

TEST(HttpClient, Reports500WithItsBody) {
  test_server srv([](tcp::socket& s) {
    http::request<http::string_body> req;
    if (read_request(s, req)) reply(s, http::status::internal_server_error, "gateway down");
  });
  auto r = http_client().post(srv.url(), "{}", 2000, "7");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.body, "gateway down");
}

TEST(HttpClient, TimesOutOnAServerThatNeverAnswers) {
  test_server srv([](tcp::socket& s) {
    http::request<http::string_body> req;
    if (read_request(s, req)) wait_for_close(s);
  });
  auto t0 = std::chrono::steady_clock::now();
  auto r = http_client().post(srv.url(), "{}", 300, "1");
  auto took = elapsed_ms(t0);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("timed out after 300 ms"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("waiting for the response"), std::string::npos) << r.error;
  EXPECT_GE(took, 280);
  EXPECT_LT(took, 2000);
}

TEST(HttpClient, TimesOutWhenTheBodyNeverEndsButKeepsTheStatus) {
  test_server srv([](tcp::socket& s) {
    http::request<http::string_body> req;
    if (!read_request(s, req)) return;
    const std::string head =
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/plain\r\n\r\npartial";
    beast::error_code ec;
    asio::write(s, asio::buffer(head), ec);
    wait_for_close(s);
  });
  auto r = http_client().post(srv.url(), "{}", 300, "1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.body, "partial");
}

TEST(HttpClient, ConnectionRefused) {
  std::uint16_t port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }  // closed: nothing listens there now
  auto t0 = std::chrono::steady_clock::now();
  auto r = http_client().post("http://127.0.0.1:" + std::to_string(port) + "/", "{}", 2000, "1");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("connection refused"), std::string::npos) << r.error;
  EXPECT_LT(elapsed_ms(t0), 1000);
}

TEST(HttpClient, CapsALargeResponse) {
  test_server srv([](tcp::socket& s) {
    http::request<http::string_body> req;
    if (read_request(s, req)) reply(s, http::status::ok, std::string(4 << 20, 'x'));
  });
  auto t0 = std::chrono::steady_clock::now();
  auto r = http_client().post(srv.url(), "{}", 5000, "1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.body, std::string(http_client::k_default_body_cap, 'x'));
  EXPECT_LT(elapsed_ms(t0), 4000);  // stops reading at the cap instead of waiting for 4 MiB

  auto small = http_client(10).post(srv.url(), "{}", 5000, "1");
  EXPECT_EQ(small.status, 200);
  EXPECT_EQ(small.body, std::string(10, 'x'));
}

TEST(HttpClient, ReadsAChunkedBody) {
  test_server srv([](tcp::socket& s) {
    http::request<http::string_body> req;
    if (!read_request(s, req)) return;
    const std::string raw =
        "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    beast::error_code ec;
    asio::write(s, asio::buffer(raw), ec);
  });
  auto r = http_client().post(srv.url(), "{}", 2000, "1");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "hello world");
}

TEST(HttpClient, RejectsBadUrlsWithoutConnecting) {
  auto r = http_client().post("ftp://127.0.0.1:1/hook", "{}", 1000, "1");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("must start with https:// or http://"), std::string::npos) << r.error;
  auto bad = http_client().post("http://127.0.0.1:99999/", "{}", 1000, "1");
  EXPECT_EQ(bad.status, 0);
  EXPECT_NE(bad.error.find("port"), std::string::npos) << bad.error;
  auto key = http_client().post("http://127.0.0.1:1/", "{}", 1000, "1\r\nX-Evil: 1");
  EXPECT_EQ(key.status, 0);
  EXPECT_NE(key.error.find("Idempotency-Key"), std::string::npos) << key.error;
}

TEST(HttpClient, ResolvesHostNames) {
  test_server srv([](tcp::socket& s) {
    http::request<http::string_body> req;
    if (read_request(s, req)) reply(s, http::status::ok, "ok");
  });
  auto url = srv.url();
  url.replace(url.find("127.0.0.1"), 9, "localhost");
  auto r = http_client().post(url, "{}", 2000, "1");
  // localhost may resolve to ::1 first; the client tries each address in turn.
  EXPECT_EQ(r.status, 200) << r.error;
}

TEST(HttpClient, NoSignatureHeadersWithoutASecret) {
  std::mutex mu;
  bool has_sig = true;
  test_server srv([&](tcp::socket& s) {
    http::request<http::string_body> req;
    if (!read_request(s, req)) return;
    {
      std::lock_guard g(mu);
      has_sig = req.find("X-Eldercare-Signature") != req.end() ||
                req.find("X-Eldercare-Timestamp") != req.end();
    }
    reply(s, http::status::ok, "");
  });
  EXPECT_EQ(http_client().post(srv.url(), "{}", 2000, "1").status, 200);
  std::lock_guard g(mu);
  EXPECT_FALSE(has_sig);
}

// HMAC-SHA256 itself: RFC 4231 test cases 1 and 2.
TEST(WebhookSigning, HmacSha256KnownAnswers) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(webhook_signature("Jefe", 1795000000, "{}"),
            "sha256=" + hmac_sha256_hex("Jefe", "1795000000.{}"));
}

TEST(WebhookSigning, ASignedRequestVerifiesAtTheReceiver) {
  const std::string secret = "s3cret-shared-with-the-gateway";
  std::mutex mu;
  std::string ts, sig, body;
  test_server srv([&](tcp::socket& s) {
    http::request<http::string_body> req;
    if (!read_request(s, req)) return;
    {
      std::lock_guard g(mu);
      ts = std::string(req["X-Eldercare-Timestamp"]);
      sig = std::string(req["X-Eldercare-Signature"]);
      body = req.body();
    }
    reply(s, http::status::ok, "");
  });
  http_client_options o;
  o.signing_secret = secret;
  o.now_s = [] { return std::int64_t{1795000123}; };
  const std::string json = R"({"level":1,"message":"王秀英 SOS"})";
  EXPECT_EQ(http_client(o).post(srv.url(), json, 2000, "9").status, 200);
  {
    std::lock_guard g(mu);
    EXPECT_EQ(ts, "1795000123");
    EXPECT_EQ(body, json);
    // What a receiver does: HMAC over "<timestamp>.<raw body>" with the shared secret.
    EXPECT_EQ(sig, "sha256=" + hmac_sha256_hex(secret, ts + "." + body));
    EXPECT_NE(sig, "sha256=" + hmac_sha256_hex("another secret", ts + "." + body));
    EXPECT_NE(sig, "sha256=" + hmac_sha256_hex(secret, ts + "." + body + " "));
  }

  // Without a clock given, the timestamp is now.
  http_client_options live;
  live.signing_secret = secret;
  auto before = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  EXPECT_EQ(http_client(live).post(srv.url(), json, 2000, "9").status, 200);
  std::lock_guard g(mu);
  EXPECT_GE(std::stoll(ts), before);
  EXPECT_LE(std::stoll(ts), before + 5);
  EXPECT_EQ(sig, "sha256=" + hmac_sha256_hex(secret, ts + "." + body));
}

class HttpsClient : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("ec_tls_" + std::to_string((std::uint64_t{rd()} << 32) ^ rd()));
    std::filesystem::create_directories(dir_);
    ca_file_ = write_pem_file(dir_ / "ca.pem", ca_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  http_client trusting(const std::string& ca_file) {
    http_client_options o;
    o.ca_file = ca_file;
    return http_client(o);
  }

  // Answers 200 "tls ok" and keeps what it was sent.
  std::function<void(tls_socket&)> answer_ok() {
    return [this](tls_socket& s) {
      http::request<http::string_body> req;
      if (!read_request(s, req)) return;
      {
        std::lock_guard g(mu_);
        seen_ = req;
      }
      reply(s, http::status::ok, "tls ok");
    };
  }

  std::filesystem::path dir_;
  test_cert ca_ = make_test_ca("Eldercare Test CA");
  std::string ca_file_;
  std::mutex mu_;
  http::request<http::string_body> seen_;
};

TEST_F(HttpsClient, PostsOverTlsWithAGoodCertificate) {
  auto leaf = make_test_leaf(ca_, "localhost", "DNS:localhost,IP:127.0.0.1");
  tls_test_server srv(leaf, answer_ok());
  auto client = trusting(ca_file_);
  EXPECT_EQ(client.setup_error(), "");

  auto r = client.post(srv.url("/robot/send?access_token=t"), R"({"msg":"SOS"})", 3000, "5");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.body, "tls ok");
  EXPECT_EQ(srv.last_sni(), "");  // no SNI for an IP literal
  {
    std::lock_guard g(mu_);
    EXPECT_EQ(seen_.target(), "/robot/send?access_token=t");
    EXPECT_EQ(seen_.body(), R"({"msg":"SOS"})");
    EXPECT_EQ(seen_["Idempotency-Key"], "5");
    EXPECT_EQ(seen_[http::field::host], srv.url("").substr(8));
  }

  // By name: SNI carries it and the certificate's DNS name matches.
  auto byname = client.post(srv.url("/hook", "localhost"), "{}", 3000, "6");
  EXPECT_EQ(byname.status, 200) << byname.error;
  EXPECT_EQ(srv.last_sni(), "localhost");
  EXPECT_EQ(srv.handshakes(), 2);
}

TEST_F(HttpsClient, RefusesACertificateFromAnotherCa) {
  auto other_ca = make_test_ca("Someone Else's CA");
  auto leaf = make_test_leaf(other_ca, "localhost", "DNS:localhost,IP:127.0.0.1");
  tls_test_server srv(leaf, answer_ok());
  auto r = trusting(ca_file_).post(srv.url(), "{}", 3000, "1");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("TLS certificate of 127.0.0.1 not accepted"), std::string::npos)
      << r.error;
  EXPECT_NE(r.error.find("local issuer"), std::string::npos) << r.error;
  EXPECT_EQ(srv.handshakes(), 0);  // nothing was sent to the impostor
}

TEST_F(HttpsClient, TheSystemStoreDoesNotTrustTheTestCa) {
  auto leaf = make_test_leaf(ca_, "localhost", "DNS:localhost,IP:127.0.0.1");
  tls_test_server srv(leaf, answer_ok());
  http_client system_store;
  EXPECT_EQ(system_store.setup_error(), "");
  auto r = system_store.post(srv.url(), "{}", 3000, "1");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("not accepted"), std::string::npos) << r.error;
  EXPECT_EQ(srv.handshakes(), 0);
}

TEST_F(HttpsClient, RefusesACertificateForAnotherHost) {
  auto leaf = make_test_leaf(ca_, "gateway.example.org", "DNS:gateway.example.org,IP:10.1.2.3");
  tls_test_server srv(leaf, answer_ok());
  auto client = trusting(ca_file_);
  auto by_ip = client.post(srv.url(), "{}", 3000, "1");
  EXPECT_EQ(by_ip.status, 0);
  EXPECT_NE(by_ip.error.find("IP address mismatch"), std::string::npos) << by_ip.error;
  auto by_name = client.post(srv.url("/hook", "localhost"), "{}", 3000, "1");
  EXPECT_EQ(by_name.status, 0);
  EXPECT_NE(by_name.error.find("hostname mismatch"), std::string::npos) << by_name.error;
  EXPECT_EQ(srv.handshakes(), 0);
}

TEST_F(HttpsClient, TheCommonNameAloneDoesNotCount) {
  // CN=localhost but no subjectAltName: modern clients (and this one) go by the SAN only.
  auto leaf = make_test_leaf(ca_, "localhost", "");
  tls_test_server srv(leaf, answer_ok());
  auto r = trusting(ca_file_).post(srv.url("/hook", "localhost"), "{}", 3000, "1");
  EXPECT_EQ(r.status, 0) << r.body;
  EXPECT_NE(r.error.find("hostname mismatch"), std::string::npos) << r.error;
}

TEST_F(HttpsClient, SignsOverTls) {
  auto leaf = make_test_leaf(ca_, "localhost", "IP:127.0.0.1");
  tls_test_server srv(leaf, answer_ok());
  http_client_options o;
  o.ca_file = ca_file_;
  o.signing_secret = "0123456789abcdef-secret";
  const std::string json = R"({"level":2})";
  EXPECT_EQ(http_client(o).post(srv.url(), json, 3000, "1").status, 200);
  std::lock_guard g(mu_);
  auto ts = std::string(seen_["X-Eldercare-Timestamp"]);
  EXPECT_FALSE(ts.empty());
  EXPECT_EQ(seen_["X-Eldercare-Signature"],
            "sha256=" + hmac_sha256_hex(o.signing_secret, ts + "." + json));
}

TEST_F(HttpsClient, AnUnreadableCaFileIsReportedAndHttpStillWorks) {
  auto client = trusting((dir_ / "missing.pem").string());
  EXPECT_NE(client.setup_error().find("missing.pem"), std::string::npos) << client.setup_error();
  auto r = client.post("https://127.0.0.1:1/hook", "{}", 1000, "1");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("TLS not available"), std::string::npos) << r.error;

  std::ofstream(dir_ / "junk.pem") << "not a certificate\n";
  EXPECT_NE(trusting((dir_ / "junk.pem").string()).setup_error(), "");

  test_server plain([](tcp::socket& s) {
    http::request<http::string_body> req;
    if (read_request(s, req)) reply(s, http::status::ok, "ok");
  });
  EXPECT_EQ(client.post(plain.url(), "{}", 2000, "1").status, 200);
}

TEST_F(HttpsClient, APlainHttpServerBehindAnHttpsUrlFailsQuickly) {
  test_server plain([](tcp::socket& s) {
    http::request<http::string_body> req;
    if (read_request(s, req)) reply(s, http::status::ok, "ok");
  });
  auto url = plain.url();
  url.replace(0, 4, "https");
  auto t0 = std::chrono::steady_clock::now();
  auto r = trusting(ca_file_).post(url, "{}", 2000, "1");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("TLS handshake"), std::string::npos) << r.error;
  EXPECT_LT(elapsed_ms(t0), 2500);
}

TEST_F(HttpsClient, TimesOutOnATlsServerThatNeverAnswers) {
  auto leaf = make_test_leaf(ca_, "localhost", "IP:127.0.0.1");
  tls_test_server srv(leaf, [](tls_socket& s) {
    http::request<http::string_body> req;
    if (read_request(s, req)) wait_for_close(s);
  });
  auto t0 = std::chrono::steady_clock::now();
  auto r = trusting(ca_file_).post(srv.url(), "{}", 400, "1");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("timed out after 400 ms waiting for the response"), std::string::npos)
      << r.error;
  EXPECT_LT(elapsed_ms(t0), 2000);
}

}  // namespace
}  // namespace ec::net
