// The webhook client against a small Beast server on loopback: answers, errors, a server that
// never answers, a refused connection, a response larger than the cap.
#include "net/http_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>

#include "net/test_http_server.hpp"

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

TEST(HttpClient, RejectsHttpsAndBadUrlsWithoutConnecting) {
  auto r = http_client().post("https://127.0.0.1:1/hook", "{}", 1000, "1");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("https is not supported"), std::string::npos) << r.error;
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

}  // namespace
}  // namespace ec::net
