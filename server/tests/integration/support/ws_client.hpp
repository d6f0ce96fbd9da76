// A WebSocket client for the live feed (GET /api/v1/live) on the test's own thread. Beast is
// fine here: only the server's code outside net/ must not use it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace it {

class ws_client {
 public:
  // Opens GET /api/v1/live; the handshake's error (upgrade_declined for a non-101 answer).
  boost::beast::error_code open(std::uint16_t port, const std::string& cookie,
                                const std::string& origin = "") {
    boost::beast::error_code ec;
    boost::beast::get_lowest_layer(ws_).connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return ec;
    ws_.set_option(boost::beast::websocket::stream_base::decorator(
        [cookie, origin](boost::beast::websocket::request_type& r) {
          if (!cookie.empty()) r.set(boost::beast::http::field::cookie, cookie);
          if (!origin.empty()) r.set(boost::beast::http::field::origin, origin);
        }));
    ws_.handshake(response_, "127.0.0.1:" + std::to_string(port), "/api/v1/live", ec);
    return ec;
  }
  const boost::beast::websocket::response_type& response() const { return response_; }
  // The next text frame, or nullopt with `ec` set (timeout: boost::beast::error::timeout).
  std::optional<std::string> read(std::chrono::milliseconds limit, boost::beast::error_code& ec) {
    boost::beast::flat_buffer buf;
    bool done = false;
    ws_.async_read(buf, [&](boost::beast::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    ioc_.restart();
    ioc_.run_for(limit);
    if (!done) {
      boost::beast::get_lowest_layer(ws_).cancel();
      ioc_.restart();
      ioc_.run();
      ec = boost::beast::error::timeout;
      return std::nullopt;
    }
    if (ec) return std::nullopt;
    return boost::beast::buffers_to_string(buf.data());
  }
  std::optional<std::string> read(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    boost::beast::error_code ec;
    return read(limit, ec);
  }
  boost::beast::websocket::close_reason close_reason() const { return ws_.reason(); }
  void send(const std::string& text) { ws_.write(boost::asio::buffer(text)); }

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{ioc_};
  boost::beast::websocket::response_type response_;
};

}  // namespace it
