#include "net/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/websocket.hpp"

namespace ec::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

class websocket_session;

struct shared_state {
  server_options opts;
  handler handle;
  admit_fn admit;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
  // Open WebSockets, closed with a close frame at shutdown.
  std::mutex ws_mu;
  std::map<const websocket_session*, std::weak_ptr<websocket_session>> websockets;
  // Whether other threads may still post to the io_context (false once run() is over).
  std::mutex post_mu;
  bool posts_open = true;
  // Open connections by client address (max_connections_per_ip).
  std::mutex conn_mu;
  std::unordered_map<std::string, int> conns_per_ip;
};

// One open connection counted against its address; released when the last owner (the HTTP
// session, or the WebSocket it became) goes.
class connection_slot {
 public:
  connection_slot(std::shared_ptr<shared_state> st, std::string ip)
      : state_(std::move(st)), ip_(std::move(ip)) {}
  ~connection_slot() {
    std::lock_guard g(state_->conn_mu);
    auto it = state_->conns_per_ip.find(ip_);
    if (it != state_->conns_per_ip.end() && --it->second <= 0) state_->conns_per_ip.erase(it);
  }
  connection_slot(const connection_slot&) = delete;
  connection_slot& operator=(const connection_slot&) = delete;

  // A slot for `ip`, or nullptr when the address already holds `max` connections.
  static std::shared_ptr<connection_slot> take(const std::shared_ptr<shared_state>& st,
                                               const std::string& ip, int max) {
    {
      std::lock_guard g(st->conn_mu);
      int& n = st->conns_per_ip[ip];
      if (n >= max) return nullptr;
      ++n;
    }
    return std::make_shared<connection_slot>(st, ip);
  }

 private:
  std::shared_ptr<shared_state> state_;
  std::string ip_;
};

// One upgraded connection: runs the socket for an api::socket_peer (api/websocket.hpp).
// All members run on the connection's strand; only wake() comes from other threads.
class websocket_session : public std::enable_shared_from_this<websocket_session> {
 public:
  websocket_session(tcp::socket&& s, std::shared_ptr<shared_state> st,
                    std::shared_ptr<api::socket_peer> peer, std::shared_ptr<connection_slot> slot)
      : ws_(std::move(s)), state_(std::move(st)), peer_(std::move(peer)), slot_(std::move(slot)) {}
  ~websocket_session() { finish(); }

  void start(http::request<http::string_body> req) {
    req_ = std::move(req);
    state_->in_flight.fetch_add(1);
    counted_ = true;
    {
      std::lock_guard g(state_->ws_mu);
      state_->websockets.emplace(this, weak_from_this());
    }
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(10);
    // No frame from the client for this long: ping; as long again: the client is gone.
    t.idle_timeout = std::chrono::seconds(std::max(1, state_->opts.ws_ping_s));
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.read_message_max(state_->opts.ws_message_max);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "eldercare"); }));
    ws_.async_accept(req_,
                     beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
  }

  // From any thread: close with a close frame (shutdown).
  void request_close(std::uint16_t code, std::string reason) {
    asio::post(ws_.get_executor(),
               [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
                 self->close(code, std::move(reason));
               });
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) {
      spdlog::debug("websocket handshake: {}", ec.message());
      return finish();
    }
    opened_ = true;
    std::weak_ptr<websocket_session> weak = weak_from_this();
    peer_->opened([weak, st = state_] {
      // Producers call this from their own threads, possibly while the server stops: no post
      // once run() has returned (the io_context is about to go).
      std::lock_guard g(st->post_mu);
      if (!st->posts_open) return;
      auto self = weak.lock();
      if (!self || self->wake_pending_.exchange(true)) return;
      asio::post(self->ws_.get_executor(), [self] {
        self->wake_pending_ = false;
        self->pump();
      });
    });
    read();
    if (close_pending_ || state_->stopping)
      return close(close_pending_ ? close_code_ : 1001, "server stopping");
    pump();
  }

  void read() {
    ws_.async_read(rbuf_,
                   beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) {
      // websocket::error::closed: the client closed (Beast answered its close frame); a frame
      // over the limit: Beast already sent 1009; anything else (timeout after an unanswered
      // ping, reset): the client is gone.
      if (ec != websocket::error::closed && ec != asio::error::operation_aborted)
        spdlog::debug("websocket read: {}", ec.message());
      if (closing_) return;  // the close operation finishes the socket
      return finish();
    }
    rbuf_.consume(rbuf_.size());  // client frames carry nothing the server needs
    read();
  }

  // Takes what the peer queued and writes it, one frame at a time.
  void pump() {
    if (done_ || closing_ || writing_) return;
    if (pending_.empty()) {
      api::outbox ob;
      peer_->take(ob);
      if (ob.close) return close(ob.close_code, std::move(ob.close_reason));
      for (auto& m : ob.messages) pending_.push_back(std::move(m));
    }
    if (pending_.empty()) return;
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*pending_.front()),
                    beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (!pending_.empty()) pending_.pop_front();  // the frame just written (its buffer)
    if (ec) {
      spdlog::debug("websocket write: {}", ec.message());
      if (closing_) return;  // the close operation finishes the socket
      return finish();
    }
    pump();
  }

  void close(std::uint16_t code, std::string reason) {
    if (done_ || closing_) return;
    if (!opened_) {  // the handshake is still running; close right after it
      close_pending_ = true;
      close_code_ = code;
      return;
    }
    closing_ = true;
    // A frame being written must outlive its write (the write reads from it); drop the rest.
    if (writing_ && !pending_.empty())
      pending_.erase(std::next(pending_.begin()), pending_.end());
    else
      pending_.clear();
    websocket::close_reason cr(static_cast<websocket::close_code>(code), reason);
    ws_.async_close(cr, [self = shared_from_this()](beast::error_code) { self->finish(); });
  }

  // The socket is done: tell the peer, stop counting it. Idempotent.
  void finish() {
    if (done_) return;
    done_ = true;
    if (peer_) peer_->closed();
    {
      std::lock_guard g(state_->ws_mu);
      state_->websockets.erase(this);
    }
    if (counted_) state_->in_flight.fetch_sub(1);
    counted_ = false;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }

  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<shared_state> state_;
  std::shared_ptr<api::socket_peer> peer_;
  std::shared_ptr<connection_slot> slot_;
  http::request<http::string_body> req_;
  beast::flat_buffer rbuf_;
  std::deque<std::shared_ptr<const std::string>> pending_;
  std::atomic<bool> wake_pending_{false};
  bool writing_ = false;
  bool opened_ = false;
  bool closing_ = false;
  bool close_pending_ = false;
  std::uint16_t close_code_ = 1001;
  bool done_ = false;
  bool counted_ = false;
};

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  // `slot` counts the connection against its address; without one (the address is at its
  // cap) the first request is refused.
  http_session(tcp::socket&& s, std::shared_ptr<shared_state> st,
               std::shared_ptr<connection_slot> slot, bool refuse)
      : stream_(std::move(s)), state_(std::move(st)), slot_(std::move(slot)), refuse_(refuse) {}

  void run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&http_session::read_header, shared_from_this()));
  }

 private:
  void read_header() {
    if (state_->stopping) return close();
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    // The real limit depends on the target, known only after the header.
    parser_->body_limit(boost::none);
    // Idle keep-alive connections wait at most idle_timeout; a started request
    // gets read_timeout for the rest.
    stream_.expires_after(std::chrono::seconds(refuse_     ? 2
                                               : requests_ ? state_->opts.idle_timeout_s
                                                           : state_->opts.read_timeout_s));
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&http_session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return fail(ec);
    // From here on the request counts as in flight: a shutdown waits for its
    // body to arrive and its answer to leave, not only for the handler.
    begin_request();
    if (refuse_)
      return reply_error(429, "request.too_many_connections",
                         "Too many open connections from this address");
    // Views into the parser's message, which lives until the answer is sent.
    request_ = api::request{};
    describe(request_, parser_->get());
    std::size_t limit = state_->opts.body_limit;
    if (state_->admit) {
      auto a = state_->admit(request_);
      if (a.refusal) return reply_refusal(std::move(*a.refusal));
      if (a.body_limit) limit = a.body_limit;
    }
    if (auto len = parser_->content_length(); len && *len > limit)
      return reply_error(413, "request.too_large", "The request body is larger than allowed");
    parser_->body_limit(limit);
    stream_.expires_after(std::chrono::seconds(state_->opts.read_timeout_s));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit)
      return reply_error(413, "request.too_large", "The request body is larger than allowed");
    if (ec == http::error::end_of_stream) return close();
    if (ec) {
      if (ec == beast::error::timeout || ec == asio::error::operation_aborted ||
          ec == asio::error::connection_reset || ec == asio::error::eof)
        return close();
      return reply_error(400, "request.malformed", "Malformed HTTP request");
    }
    ++requests_;
    auto& msg = parser_->get();
    api::request& req = request_;  // described in on_header
    req.body = std::move(msg.body());
    bool keep_alive = msg.keep_alive();

    api::response res;
    try {
      res = state_->handle(req);
    } catch (const std::exception& e) {
      spdlog::error("handler threw on {} {}: {}", req.method, req.target, e.what());
      res = api::response{};
      res.status = 500;
      res.body = R"({"error":{"code":"internal","message":"Internal error"}})";
    }
    if (res.upgrade) {
      auto peer = std::move(res.upgrade);
      if (res.status == 101 && websocket::is_upgrade(msg) && !state_->stopping) {
        // The WebSocket counts itself in flight from here; this HTTP session ends.
        end_request();
        std::make_shared<websocket_session>(stream_.release_socket(), state_, std::move(peer),
                                            std::move(slot_))
            ->start(parser_->release());
        return;
      }
      peer->closed();
      res = api::response{};
      res.status = 503;
      res.body = R"({"error":{"code":"unavailable","message":"Shutting down"}})";
    }
    send(std::move(res), keep_alive && !state_->stopping, msg.version(),
         msg.method() == http::verb::head);
  }

  // The request line, headers and client address of `msg` (views into it), without the body.
  void describe(api::request& req, const http::request<http::string_body>& msg) {
    req.method = std::string_view(msg.method_string());
    req.target = std::string_view(msg.target());
    req.headers.reserve(16);
    for (const auto& f : msg)
      req.headers.push_back({std::string_view(f.name_string()), std::string_view(f.value())});
    beast::error_code ep_ec;
    auto ep = stream_.socket().remote_endpoint(ep_ec);
    req.remote_ip = ep_ec ? std::string() : ep.address().to_string();
    if (state_->opts.trust_proxy) {
      if (auto xff = req.get("x-forwarded-for")) {
        // The proxy appends the address it saw; earlier entries are the client's word.
        auto comma = xff->rfind(',');
        auto last = comma == std::string_view::npos ? *xff : xff->substr(comma + 1);
        while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
        beast::error_code addr_ec;
        auto addr = asio::ip::make_address(std::string(last), addr_ec);
        if (!addr_ec) req.remote_ip = addr.to_string();  // else keep the socket's address
      }
      if (auto proto = req.get("x-forwarded-proto")) req.secure = (*proto == "https");
    }
  }

  void send(api::response res, bool keep_alive, unsigned version, bool head = false) {
    if (head) {
      // HEAD: the headers GET would send, no body.
      auto out = std::make_shared<http::response<http::empty_body>>(
          static_cast<http::status>(res.status), version);
      fill(*out, res, keep_alive);
      out->content_length(res.body.size());
      return write(std::move(out));
    }
    auto out = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(res.status), version);
    fill(*out, res, keep_alive);
    out->body() = std::move(res.body);
    out->prepare_payload();
    write(std::move(out));
  }

  template <class Message>
  static void fill(Message& out, const api::response& res, bool keep_alive) {
    out.set(http::field::server, "eldercare");
    if (!res.content_type.empty()) out.set(http::field::content_type, res.content_type);
    for (const auto& h : res.headers) out.insert(h.name, h.value);
    out.keep_alive(keep_alive);
  }

  template <class Message>
  void write(std::shared_ptr<Message> out) {
    stream_.expires_after(std::chrono::seconds(state_->opts.read_timeout_s));
    auto self = shared_from_this();
    http::async_write(stream_, *out, [self, out](beast::error_code ec, std::size_t) {
      self->end_request();
      if (!ec && self->linger_) return self->drain_then_close();
      if (ec || !out->keep_alive()) return self->close();
      self->read_header();
    });
  }

  // Errors found before the handler runs (oversized or malformed requests).
  // The client may still be sending: after the reply, read and discard what
  // comes for a moment so that closing does not reset the connection and
  // destroy the reply before the client reads it.
  void reply_error(int status, const char* code, const char* message) {
    begin_request();
    linger_ = true;
    api::response res;
    res.status = status;
    res.body = std::string(R"({"error":{"code":")") + code + R"(","message":")" + message + "\"}}";
    send(std::move(res), false, 11);
  }

  // The application refused the request from its headers alone (api::admission): answer
  // without reading the body, then drain and close like reply_error.
  void reply_refusal(api::response res) {
    linger_ = true;
    send(std::move(res), false, parser_->get().version());
  }

  void drain_then_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    auto self = shared_from_this();
    auto scratch = std::make_shared<std::array<char, 16384>>();
    auto step = std::make_shared<std::function<void(beast::error_code, std::size_t)>>();
    *step = [self, scratch, step, total = std::size_t{0}](beast::error_code e,
                                                          std::size_t n) mutable {
      total += n;
      if (e || total > (64u << 20)) {
        *step = nullptr;  // break the self-reference
        return self->close();
      }
      self->stream_.async_read_some(asio::buffer(*scratch), *step);
    };
    stream_.async_read_some(asio::buffer(*scratch), *step);
  }

  void fail(beast::error_code ec) {
    if (ec != beast::error::timeout && ec != http::error::end_of_stream &&
        ec != asio::error::operation_aborted && ec != asio::error::eof &&
        ec != asio::error::connection_reset && ec != http::error::header_limit)
      spdlog::debug("http session: {}", ec.message());
    if (ec == http::error::header_limit)
      return reply_error(431, "request.headers_too_large", "Request headers too large");
    if (ec == http::error::bad_method || ec == http::error::bad_target ||
        ec == http::error::bad_version || ec == http::error::bad_field ||
        ec == http::error::bad_value || ec == http::error::bad_line_ending ||
        ec == http::error::bad_content_length || ec == http::error::bad_transfer_encoding)
      return reply_error(400, "request.malformed", "Malformed HTTP request");
    close();
  }

  void begin_request() {
    if (!counted_) state_->in_flight.fetch_add(1);
    counted_ = true;
  }
  void end_request() {
    if (counted_) state_->in_flight.fetch_sub(1);
    counted_ = false;
  }

  void close() {
    end_request();  // a request cut off by an error or timeout is no longer in flight
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  api::request request_;  // the current request, from its headers on
  std::shared_ptr<shared_state> state_;
  std::shared_ptr<connection_slot> slot_;
  bool refuse_ = false;
  std::size_t requests_ = 0;
  bool linger_ = false;
  bool counted_ = false;  // this session's current request is counted in in_flight
};

}  // namespace

struct server::impl {
  asio::io_context ioc;
  std::shared_ptr<shared_state> state = std::make_shared<shared_state>();
  std::optional<tcp::acceptor> acceptor;
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  asio::steady_timer drain_timer{ioc};
  std::chrono::steady_clock::time_point drain_deadline;

  void accept() {
    acceptor->async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket s) {
      if (ec) {
        if (ec == asio::error::operation_aborted || state->stopping) return;
        spdlog::warn("accept: {}", ec.message());
      } else {
        beast::error_code nd;
        s.set_option(tcp::no_delay(true), nd);
        std::shared_ptr<connection_slot> slot;
        bool refuse = false;
        const int cap = state->opts.max_connections_per_ip;
        if (cap > 0 && !state->opts.trust_proxy) {
          beast::error_code ep_ec;
          auto ep = s.remote_endpoint(ep_ec);
          if (!ep_ec) {
            slot = connection_slot::take(state, ep.address().to_string(), cap);
            refuse = !slot;
            if (refuse)
              spdlog::debug("refusing a connection from {}: at its cap", ep.address().to_string());
          }
        }
        std::make_shared<http_session>(std::move(s), state, std::move(slot), refuse)->run();
      }
      accept();
    });
  }

  void begin_shutdown() {
    if (state->stopping.exchange(true)) return;
    spdlog::info("shutting down: finishing {} request(s) in flight", state->in_flight.load());
    beast::error_code ec;
    acceptor->close(ec);
    signals.cancel();
    std::vector<std::shared_ptr<websocket_session>> open;
    {
      std::lock_guard g(state->ws_mu);
      for (auto& [p, w] : state->websockets)
        if (auto s = w.lock()) open.push_back(std::move(s));
    }
    for (auto& s : open) s->request_close(1001, "server stopping");
    drain_deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(state->opts.shutdown_grace_s);
    drain();
  }

  void drain() {
    if (state->in_flight.load() == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
      ioc.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([this](beast::error_code) { drain(); });
  }
};

server::server(server_options opts, handler h, admit_fn admit) : impl_(new impl) {
  impl_->state->opts = std::move(opts);
  impl_->state->handle = std::move(h);
  impl_->state->admit = std::move(admit);
}

server::~server() = default;

void server::run(const std::function<void(std::uint16_t)>& on_ready) {
  auto& im = *impl_;
  const auto& o = im.state->opts;
  beast::error_code ec;
  auto addr = asio::ip::make_address(o.address, ec);
  if (ec) throw std::runtime_error("bad listen address '" + o.address + "'");
  tcp::endpoint ep(addr, o.port);
  im.acceptor.emplace(im.ioc);
  im.acceptor->open(ep.protocol(), ec);
  if (!ec) im.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) im.acceptor->bind(ep, ec);
  if (!ec) im.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + o.address + ":" + std::to_string(o.port) + ": " +
                             ec.message());
  im.signals.async_wait([&im](beast::error_code e, int) {
    if (!e) im.begin_shutdown();
  });
  im.accept();
  if (on_ready) on_ready(im.acceptor->local_endpoint().port());
  std::vector<std::thread> pool;
  int n = std::max(1, o.threads);
  pool.reserve(static_cast<std::size_t>(n - 1));
  for (int i = 1; i < n; ++i) pool.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : pool) t.join();
  {
    std::lock_guard g(im.state->post_mu);
    im.state->posts_open = false;
  }
}

void server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace ec::net
