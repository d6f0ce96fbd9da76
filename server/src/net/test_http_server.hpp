// Test-only: a small blocking HTTP server on 127.0.0.1 for the webhook client's tests
// (net/http_client_test.cpp, net/webhook_delivery_test.cpp). Beast stays inside net/.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <string>
#include <thread>

namespace ec::net::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Accepts connections on 127.0.0.1 one at a time on its own thread and hands each socket to
// `serve`; the destructor unblocks accept() by connecting once more, then joins.
class test_server {
 public:
  explicit test_server(std::function<void(tcp::socket&)> serve) : serve_(std::move(serve)) {
    acceptor_.open(tcp::v4());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] {
      while (!stopping_) {
        tcp::socket s(ioc_);
        beast::error_code ec;
        acceptor_.accept(s, ec);
        if (ec || stopping_) break;
        ++connections_;
        serve_(s);
        s.shutdown(tcp::socket::shutdown_both, ec);
        s.close(ec);
      }
    });
  }
  ~test_server() {
    stopping_ = true;
    asio::io_context ioc;
    tcp::socket poke(ioc);
    beast::error_code ec;
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    thread_.join();
  }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int connections() const { return connections_; }

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  std::uint16_t port_ = 0;
  std::function<void(tcp::socket&)> serve_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// Reads one request; false if the client went away first. `Stream`: a socket or a TLS stream.
template <class Stream>
bool read_request(Stream& s, http::request<http::string_body>& req) {
  beast::flat_buffer buf;
  beast::error_code ec;
  http::read(s, buf, req, ec);
  return !ec;
}

template <class Stream>
void reply(Stream& s, http::status st, const std::string& body) {
  http::response<http::string_body> res{st, 11};
  res.set(http::field::content_type, "text/plain");
  res.body() = body;
  res.prepare_payload();
  beast::error_code ec;
  http::write(s, res, ec);
}

// Waits until the client closes the connection (or the server is torn down).
template <class Stream>
void wait_for_close(Stream& s) {
  char c = 0;
  beast::error_code ec;
  while (!ec) s.read_some(asio::buffer(&c, 1), ec);
}

}  // namespace ec::net::testing
