// libsodium wrappers; see crypto.hpp.
#include "core/crypto.hpp"

#include <sodium.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>

namespace ec::crypto {
namespace {

std::atomic<unsigned long long> g_ops{crypto_pwhash_OPSLIMIT_INTERACTIVE};
std::atomic<std::size_t> g_mem{crypto_pwhash_MEMLIMIT_INTERACTIVE};

// Readable alphabet: no 0/O, 1/l/I which people misread when a password is printed or read
// out over the phone to an elder's family.
constexpr std::string_view k_digits = "23456789";
constexpr std::string_view k_letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

}  // namespace

void init() {
  // sodium_init() is idempotent and thread-safe; the static caches its answer.
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium could not be initialised");
}

void set_password_cost(unsigned long long ops, std::size_t mem_bytes) {
  g_ops = ops < crypto_pwhash_OPSLIMIT_MIN ? crypto_pwhash_OPSLIMIT_MIN : ops;
  g_mem = mem_bytes < crypto_pwhash_MEMLIMIT_MIN ? crypto_pwhash_MEMLIMIT_MIN : mem_bytes;
}

std::string hash_password(std::string_view pw) {
  init();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pw.data(), pw.size(), g_ops.load(), g_mem.load(),
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id hashing failed (out of memory)");
  }
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view pw) {
  init();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string h(hash);  // libsodium needs the terminating NUL
  return crypto_pwhash_str_verify(h.c_str(), pw.data(), pw.size()) == 0;
}

bool needs_rehash(std::string_view hash) {
  init();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string h(hash);
  return crypto_pwhash_str_needs_rehash(h.c_str(), g_ops.load(), g_mem.load()) != 0;
}

std::string random_token(std::size_t bytes) {
  init();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), variant);
  sodium_memzero(raw.data(), raw.size());
  out.resize(out.find('\0'));
  return out;
}

std::string sha256_hex(std::string_view data) {
  init();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  init();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_password(std::size_t len) {
  init();
  if (len < 2) len = 2;
  const std::string alphabet = std::string(k_digits) + std::string(k_letters);
  // Draw until both kinds appear; rejection keeps every accepted password equally likely.
  for (;;) {
    std::string pw;
    pw.reserve(len);
    bool digit = false;
    bool letter = false;
    for (std::size_t i = 0; i < len; ++i) {
      const char c = alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
      (c >= '0' && c <= '9' ? digit : letter) = true;
      pw.push_back(c);
    }
    if (digit && letter) return pw;
  }
}

}  // namespace ec::crypto
