#include "net/http_client.hpp"

#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "core/http_url.hpp"

namespace ec::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct http_client::tls_context {
  ssl::context ctx{ssl::context::tls_client};
  std::string error;  // "" = usable
};

namespace {

std::unique_ptr<http_client::tls_context> make_tls(const std::string& ca_file) {
  auto t = std::make_unique<http_client::tls_context>();
  SSL_CTX_set_min_proto_version(t->ctx.native_handle(), TLS1_2_VERSION);
  t->ctx.set_verify_mode(ssl::verify_peer);
  beast::error_code ec;
  if (ca_file.empty()) {
    t->ctx.set_default_verify_paths(ec);
    if (ec) t->error = "cannot use the system CA store: " + ec.message();
  } else {
    t->ctx.load_verify_file(ca_file, ec);
    if (ec)
      t->error =
          "cannot load the CA file " + ca_file + " (monitoring.webhook_ca_file): " + ec.message();
  }
  return t;
}

// One POST: lookup, connect, [TLS handshake], write, read the header, read up to the cap of the
// body. Every step completes by the deadline (the stream's expiry, the resolver's timer), so
// ioc_.run() returns.
class exchange {
 public:
  exchange(const http_url& url, std::string_view json, std::string_view key,
           std::int64_t timeout_ms, const http_client_options& o, ssl::context* tls)
      : url_(url),
        timeout_ms_(timeout_ms),
        deadline_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms)),
        body_(o.body_cap) {
    if (tls)
      tls_stream_.emplace(ioc_, *tls);
    else
      plain_stream_.emplace(ioc_);
    req_.method(http::verb::post);
    req_.target(url_.target);
    req_.version(11);
    req_.set(http::field::host, url_.host_header());
    req_.set(http::field::user_agent, "eldercare");
    req_.set(http::field::content_type, "application/json; charset=utf-8");
    req_.set(http::field::connection, "close");
    if (!key.empty()) req_.set("Idempotency-Key", key);
    if (!o.signing_secret.empty()) {
      auto now = o.now_s ? o.now_s()
                         : std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
      req_.set("X-Eldercare-Timestamp", std::to_string(now));
      req_.set("X-Eldercare-Signature", webhook_signature(o.signing_secret, now, json));
    }
    req_.body().assign(json);
    req_.prepare_payload();
    parser_.body_limit(boost::none);  // only body_cap bytes are read; the rest is dropped
  }

  api::post_result run() {
    beast::error_code ec;
    auto addr = asio::ip::make_address(url_.host, ec);
    is_ip_ = !ec;
    if (is_ip_) {
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
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
    return std::move(out_);
  }

 private:
  beast::tcp_stream& lowest() { return tls_stream_ ? tls_stream_->next_layer() : *plain_stream_; }

  // Calls f with the stream the HTTP exchange runs on (TLS or plain).
  template <class F>
  void with_stream(F&& f) {
    if (tls_stream_)
      f(*tls_stream_);
    else
      f(*plain_stream_);
  }

  void connect(std::vector<tcp::endpoint> eps) {
    endpoints_ = std::move(eps);
    lowest().expires_at(deadline_);
    lowest().async_connect(endpoints_, [this](beast::error_code e, const tcp::endpoint&) {
      if (e) return fail(describe(e, "connecting to " + url_.host_header()));
      if (tls_stream_)
        handshake();
      else
        write();
    });
  }

  void handshake() {
    SSL* ssl = tls_stream_->native_handle();
    // Hostname verification: the certificate must name the URL's host (an IP literal must be
    // in its IP subjectAltNames). SNI only for names (RFC 6066 forbids IP literals there).
    if (is_ip_) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url_.host.c_str());
    } else {
      // The subjectAltName only: a CN without SAN DNS names does not count (as in browsers).
      SSL_set_hostflags(ssl,
                        X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
      // SNI: SSL_set_tlsext_host_name() spelt out (the macro has a C cast).
      if (SSL_set1_host(ssl, url_.host.c_str()) != 1 ||
          SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                   const_cast<char*>(url_.host.c_str())) != 1)
        return fail("cannot set the TLS host name " + url_.host);
    }
    tls_stream_->async_handshake(ssl::stream_base::client, [this](beast::error_code e) {
      if (!e) return write();
      auto verify = SSL_get_verify_result(tls_stream_->native_handle());
      if (verify != X509_V_OK)
        return fail("TLS certificate of " + url_.host +
                    " not accepted: " + X509_verify_cert_error_string(verify));
      fail(describe(e, "in the TLS handshake with " + url_.host_header()));
    });
  }

  void write() {
    with_stream([this](auto& s) {
      http::async_write(s, req_, [this](beast::error_code we, std::size_t) {
        if (we) return fail(describe(we, "sending the request"));
        read_header();
      });
    });
  }

  void read_header() {
    with_stream([this](auto& s) {
      http::async_read_header(s, buffer_, parser_, [this](beast::error_code re, std::size_t) {
        if (re) return fail(describe(re, "waiting for the response"));
        out_.status = static_cast<int>(parser_.get().result_int());
        read_body();
      });
    });
  }

  void read_body() {
    if (parser_.is_done() || got_ == body_.size()) return finish();
    auto& b = parser_.get().body();
    b.data = body_.data() + got_;
    b.size = body_.size() - got_;
    with_stream([this](auto& s) {
      http::async_read(s, buffer_, parser_, [this](beast::error_code e, std::size_t) {
        got_ = body_.size() - parser_.get().body().size;
        if (e == http::error::need_buffer) e = {};
        // The status is what counts; a body cut short (deadline, reset, a TLS peer that closes
        // without close_notify) is kept as far as it came.
        if (e) return finish();
        read_body();
      });
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
    if (e == http::error::end_of_stream || e == asio::error::eof ||
        e == ssl::error::stream_truncated)
      return "connection closed " + during;
    return e.message() + " " + during;
  }

  asio::io_context ioc_{1};
  const http_url& url_;
  std::int64_t timeout_ms_;
  std::chrono::steady_clock::time_point deadline_;
  bool is_ip_ = false;
  tcp::resolver resolver_{ioc_};
  asio::steady_timer timer_{ioc_};
  bool resolve_timed_out_ = false;
  std::vector<tcp::endpoint> endpoints_;
  std::optional<beast::tcp_stream> plain_stream_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response_parser<http::buffer_body> parser_;
  std::vector<char> body_;
  std::size_t got_ = 0;
  api::post_result out_;
};

std::string to_hex(const unsigned char* p, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 0xf];
  }
  return out;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len))
    return {};
  return to_hex(mac, len);
}

std::string webhook_signature(std::string_view secret, std::int64_t timestamp_s,
                              std::string_view body) {
  std::string signed_text = std::to_string(timestamp_s);
  signed_text += '.';
  signed_text.append(body);
  return "sha256=" + hmac_sha256_hex(secret, signed_text);
}

http_client::http_client(std::size_t body_cap)
    : http_client([body_cap] {
        http_client_options o;
        o.body_cap = body_cap;
        return o;
      }()) {}

http_client::http_client(http_client_options options)
    : o_(std::move(options)), tls_(make_tls(o_.ca_file)) {}

http_client::~http_client() = default;

const std::string& http_client::setup_error() const {
  return tls_->error;
}

api::post_result http_client::post(std::string_view url, std::string_view json,
                                   std::int64_t timeout_ms, std::string_view idempotency_key) {
  try {
    auto u = parse_http_url(url);
    if (!u) return {0, "invalid webhook URL: " + u.err().message, {}};
    for (char c : idempotency_key)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        return {0, "invalid Idempotency-Key: control characters", {}};
    if (u->tls && !tls_->error.empty()) return {0, "TLS not available: " + tls_->error, {}};
    if (timeout_ms < 1) timeout_ms = 1;
    exchange x(*u, json, idempotency_key, timeout_ms, o_, u->tls ? &tls_->ctx : nullptr);
    return x.run();
  } catch (const std::exception& e) {
    return {0, std::string("webhook client error: ") + e.what(), {}};
  } catch (...) {
    return {0, "webhook client error", {}};
  }
}

}  // namespace ec::net
