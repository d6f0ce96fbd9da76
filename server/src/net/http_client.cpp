#include "net/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <exception>
#include <string>
#include <vector>

#include "core/http_url.hpp"

namespace ec::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// One POST: lookup, connect, write, read the header, read up to the cap of the body. Every step
// completes by the deadline (the stream's expiry, the resolver's timer), so ioc_.run() returns.
class exchange {
 public:
  exchange(const http_url& url, std::string_view json, std::string_view key,
           std::int64_t timeout_ms, std::size_t body_cap)
      : url_(url),
        timeout_ms_(timeout_ms),
        deadline_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms)),
        body_(body_cap) {
    req_.method(http::verb::post);
    req_.target(url_.target);
    req_.version(11);
    req_.set(http::field::host, url_.host_header());
    req_.set(http::field::user_agent, "eldercare");
    req_.set(http::field::content_type, "application/json; charset=utf-8");
    req_.set(http::field::connection, "close");
    if (!key.empty()) req_.set("Idempotency-Key", key);
    req_.body().assign(json);
    req_.prepare_payload();
    parser_.body_limit(boost::none);  // only body_cap bytes are read; the rest is dropped
  }

  api::post_result run() {
    beast::error_code ec;
    auto addr = asio::ip::make_address(url_.host, ec);
    if (!ec) {
      connect({tcp::endpoint(addr, url_.port)});
    } else {
      timer_.expires_at(deadline_);
      timer_.async_wait([this](beast::error_code e) {
        if (e) return;
        resolve_timed_out_ = true;
        resolver_.cancel();
      });
      resolver_.async_resolve(url_.host, std::to_string(url_.port),
                              [this](beast::error_code e, const tcp::resolver::results_type& r) {
                                timer_.cancel();
                                if (resolve_timed_out_)
                                  return fail("timed out after " + std::to_string(timeout_ms_) +
                                              " ms resolving " + url_.host);
                                if (e)
                                  return fail("cannot resolve " + url_.host + ": " + e.message());
                                connect({r.begin(), r.end()});
                              });
    }
    ioc_.run();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    return std::move(out_);
  }

 private:
  void connect(std::vector<tcp::endpoint> eps) {
    endpoints_ = std::move(eps);
    stream_.expires_at(deadline_);
    stream_.async_connect(endpoints_, [this](beast::error_code e, const tcp::endpoint&) {
      if (e) return fail(describe(e, "connecting to " + url_.host_header()));
      http::async_write(stream_, req_, [this](beast::error_code we, std::size_t) {
        if (we) return fail(describe(we, "sending the request"));
        http::async_read_header(stream_, buffer_, parser_,
                                [this](beast::error_code re, std::size_t) {
                                  if (re) return fail(describe(re, "waiting for the response"));
                                  out_.status = static_cast<int>(parser_.get().result_int());
                                  read_body();
                                });
      });
    });
  }

  void read_body() {
    if (parser_.is_done() || got_ == body_.size()) return finish();
    auto& b = parser_.get().body();
    b.data = body_.data() + got_;
    b.size = body_.size() - got_;
    http::async_read(stream_, buffer_, parser_, [this](beast::error_code e, std::size_t) {
      got_ = body_.size() - parser_.get().body().size;
      if (e == http::error::need_buffer) e = {};
      // The status is what counts; a body cut short (deadline, reset) is kept as far as it came.
      if (e) return finish();
      read_body();
    });
  }

  void finish() { out_.body.assign(body_.data(), got_); }

  void fail(std::string what) {
    out_.status = 0;
    out_.error = std::move(what);
  }

  std::string describe(const beast::error_code& e, const std::string& during) const {
    if (e == beast::error::timeout)
      return "timed out after " + std::to_string(timeout_ms_) + " ms " + during;
    if (e == asio::error::connection_refused) return "connection refused " + during;
    if (e == asio::error::connection_reset) return "connection reset " + during;
    if (e == http::error::end_of_stream || e == asio::error::eof)
      return "connection closed " + during;
    return e.message() + " " + during;
  }

  asio::io_context ioc_{1};
  const http_url& url_;
  std::int64_t timeout_ms_;
  std::chrono::steady_clock::time_point deadline_;
  tcp::resolver resolver_{ioc_};
  asio::steady_timer timer_{ioc_};
  bool resolve_timed_out_ = false;
  std::vector<tcp::endpoint> endpoints_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response_parser<http::buffer_body> parser_;
  std::vector<char> body_;
  std::size_t got_ = 0;
  api::post_result out_;
};

}  // namespace

api::post_result http_client::post(std::string_view url, std::string_view json,
                                   std::int64_t timeout_ms, std::string_view idempotency_key) {
  try {
    auto u = parse_http_url(url);
    if (!u) return {0, "invalid webhook URL: " + u.err().message, {}};
    for (char c : idempotency_key)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        return {0, "invalid Idempotency-Key: control characters", {}};
    if (timeout_ms < 1) timeout_ms = 1;
    exchange x(*u, json, idempotency_key, timeout_ms, body_cap_);
    return x.run();
  } catch (const std::exception& e) {
    return {0, std::string("webhook client error: ") + e.what(), {}};
  } catch (...) {
    return {0, "webhook client error", {}};
  }
}

}  // namespace ec::net
