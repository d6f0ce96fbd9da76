// Test-only: a throw-away PKI made with the OpenSSL API when a test runs (no key is checked in)
// and a TLS variant of test_server on 127.0.0.1, for the webhook client's https:// tests
// (net/http_client_test.cpp, net/webhook_delivery_test.cpp). OpenSSL and Beast stay in net/.
//
//   auto ca = make_test_ca("Test CA");
//   auto leaf = make_test_leaf(ca, "localhost", "DNS:localhost,IP:127.0.0.1");
//   tls_test_server srv(leaf, [](tls_socket& s) { ... read_request(s, req); reply(s, ...); });
//   http_client({.ca_file = write_pem_file(dir / "ca.pem", ca)}).post(srv.url(), ...);
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <boost/asio/ssl.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "net/test_http_server.hpp"

namespace ec::net::testing {

namespace ssl = boost::asio::ssl;
using tls_socket = ssl::stream<tcp::socket>;

struct pkey_free {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct x509_free {
  void operator()(X509* x) const { X509_free(x); }
};

// A certificate and its private key (EC P-256: quick to make).
struct test_cert {
  std::unique_ptr<X509, x509_free> cert;
  std::unique_ptr<EVP_PKEY, pkey_free> key;

  std::string cert_pem() const {
    BIO* b = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(b, cert.get());
    char* p = nullptr;
    long n = BIO_get_mem_data(b, &p);
    std::string out(p, static_cast<std::size_t>(n));
    BIO_free(b);
    return out;
  }
};

namespace detail {

inline void add_ext(X509* x, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, issuer, x, nullptr, nullptr, 0);
  X509_EXTENSION* e = X509V3_EXT_conf_nid(nullptr, &v3, nid, value.c_str());
  if (!e) throw std::runtime_error("test PKI: bad extension " + value);
  X509_add_ext(x, e, -1);
  X509_EXTENSION_free(e);
}

// Signs a new certificate for a new key; `issuer` null = self-signed (a CA).
inline test_cert make_cert(const std::string& cn, const test_cert* issuer, const std::string& san) {
  static std::atomic<long> serial{1};
  test_cert out;
  out.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  out.cert.reset(X509_new());
  if (!out.key || !out.cert) throw std::runtime_error("test PKI: out of memory");
  X509* x = out.cert.get();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  X509_set_pubkey(x, out.key.get());
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* signer = issuer ? issuer->cert.get() : x;
  X509_set_issuer_name(x, X509_get_subject_name(signer));
  add_ext(x, signer, NID_subject_key_identifier, "hash");
  if (issuer) {
    add_ext(x, signer, NID_authority_key_identifier, "keyid:always");
    add_ext(x, signer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(x, signer, NID_key_usage, "critical,digitalSignature");
    add_ext(x, signer, NID_ext_key_usage, "serverAuth");
    if (!san.empty()) add_ext(x, signer, NID_subject_alt_name, san);
  } else {
    add_ext(x, signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(x, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  }
  EVP_PKEY* sign_key = issuer ? issuer->key.get() : out.key.get();
  if (X509_sign(x, sign_key, EVP_sha256()) == 0) throw std::runtime_error("test PKI: sign failed");
  return out;
}

}  // namespace detail

inline test_cert make_test_ca(const std::string& cn) {
  return detail::make_cert(cn, nullptr, "");
}

// A server certificate signed by `ca`; `san` as in openssl.cnf: "DNS:localhost,IP:127.0.0.1".
inline test_cert make_test_leaf(const test_cert& ca, const std::string& cn,
                                const std::string& san) {
  return detail::make_cert(cn, &ca, san);
}

// Writes the certificate as PEM to `path`; returns the path as text.
inline std::string write_pem_file(const std::filesystem::path& path, const test_cert& c) {
  std::ofstream(path, std::ios::binary) << c.cert_pem();
  return path.string();
}

// test_server behind TLS: each connection does the server handshake with `leaf`, then goes to
// `serve`. A client that refuses the certificate ends the handshake; `serve` is not called.
class tls_test_server {
 public:
  tls_test_server(const test_cert& leaf, std::function<void(tls_socket&)> serve)
      : serve_(std::move(serve)), inner_([this](tcp::socket& s) { accept(s); }) {
    SSL_CTX* c = ctx_.native_handle();
    if (SSL_CTX_use_certificate(c, leaf.cert.get()) != 1 ||
        SSL_CTX_use_PrivateKey(c, leaf.key.get()) != 1)
      throw std::runtime_error("test TLS server: cannot use the certificate");
  }
  // https://<host>:<port><path>; `host` may be a name that resolves to 127.0.0.1.
  std::string url(const std::string& path = "/hook", const std::string& host = "127.0.0.1") const {
    auto plain = inner_.url(path);  // http://127.0.0.1:PORT/...
    return "https://" + host + plain.substr(plain.find(':', 5));
  }
  int handshakes() const { return handshakes_; }
  int connections() const { return inner_.connections(); }
  // The SNI name the last client sent ("" for none).
  std::string last_sni() const {
    std::lock_guard g(mu_);
    return last_sni_;
  }

 private:
  void accept(tcp::socket& s) {
    tls_socket ts(std::move(s), ctx_);
    beast::error_code ec;
    ts.handshake(ssl::stream_base::server, ec);
    {
      std::lock_guard g(mu_);
      const char* sni = SSL_get_servername(ts.native_handle(), TLSEXT_NAMETYPE_host_name);
      last_sni_ = sni ? sni : "";
    }
    if (ec) return;
    ++handshakes_;
    serve_(ts);
    ts.shutdown(ec);
  }

  ssl::context ctx_{ssl::context::tls_server};
  std::function<void(tls_socket&)> serve_;
  mutable std::mutex mu_;
  std::string last_sni_;
  std::atomic<int> handshakes_{0};
  test_server inner_;  // last: its thread starts once the rest is ready
};

}  // namespace ec::net::testing
