#include "core/pii.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "core/crypto.hpp"

namespace ec::pii {
namespace {

constexpr std::string_view k_prefix = "ec1:";
constexpr int k_b64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

error bad_file(std::size_t line, std::string what) {
  return error::make(errc::invalid, "pii.key_file",
                     "key file line " + std::to_string(line) + ": " + std::move(what));
}

bool parse_hex_key(std::string_view hex, key_bytes& out) {
  if (hex.size() != 64) return false;
  std::size_t len = 0;
  return sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) ==
             0 &&
         len == out.size();
}

std::string hex_of(const unsigned char* p, std::size_t n) {
  std::string s(n * 2 + 1, '\0');
  sodium_bin2hex(s.data(), s.size(), p, n);
  s.pop_back();
  return s;
}

std::string fresh_key_hex() {
  key_bytes k;
  crypto_aead_xchacha20poly1305_ietf_keygen(k.data());
  auto s = hex_of(k.data(), k.size());
  sodium_memzero(k.data(), k.size());
  return s;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> w;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    if (j > i) w.push_back(line.substr(i, j - i));
    i = j;
  }
  return w;
}

std::string additional_data(std::uint32_t id, std::string_view context) {
  return std::to_string(id) + ":" + std::string(context);
}

}  // namespace

const key_bytes* keyring::find(std::uint32_t id) const {
  for (const auto& e : keys)
    if (e.id == id) return &e.key;
  return nullptr;
}

result<keyring> parse_key_file(std::string_view text) {
  crypto::init();
  keyring k;
  bool have_index = false;
  std::set<std::uint32_t> seen;
  std::size_t line_no = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    auto w = words(line);
    if (w.empty() || w[0].starts_with("#")) continue;
    if (w[0] == "index") {
      if (w.size() != 2 || !parse_hex_key(w[1], k.index_key))
        return bad_file(line_no, "`index` needs one key of 64 hex digits");
      if (have_index) return bad_file(line_no, "a second `index` line");
      have_index = true;
    } else if (w[0] == "key") {
      std::uint32_t id = 0;
      if (w.size() != 3) return bad_file(line_no, "`key` needs an id and a key of 64 hex digits");
      auto [p, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), id);
      if (ec != std::errc{} || p != w[1].data() + w[1].size() || id < 1 || id > 65535)
        return bad_file(line_no, "the key id must be a whole number from 1 to 65535");
      if (!seen.insert(id).second) return bad_file(line_no, "key id repeated");
      keyring::entry e;
      e.id = id;
      if (!parse_hex_key(w[2], e.key)) return bad_file(line_no, "the key must be 64 hex digits");
      k.keys.push_back(e);
    } else {
      return bad_file(line_no, "expected `index` or `key`");
    }
  }
  if (!have_index) return bad_file(line_no, "no `index` line");
  if (k.keys.empty()) return bad_file(line_no, "no `key` line");
  return k;
}

result<keyring> load_key_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return error::make(errc::invalid, "pii.key_file", "cannot read the key file " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  auto k = parse_key_file(ss.str());
  if (!k)
    return error::make(errc::invalid, "pii.key_file",
                       path.string() + ": " + std::string(k.err().message));
  return k;
}

std::string new_key_file_text() {
  crypto::init();
  return "# Tianzhen Eldercare personal-data keys. Secret: keep mode 600, back up apart from\n"
         "# the database. See docs/OPERATIONS.md (keys).\n"
         "index " +
         fresh_key_hex() + "\nkey 1 " + fresh_key_hex() + "\n";
}

result<std::string> add_key(std::string_view text) {
  auto k = parse_key_file(text);
  if (!k) return std::move(k).err();
  std::uint32_t next = 0;
  for (const auto& e : k->keys) next = std::max(next, e.id);
  if (next >= 65535)
    return error::make(errc::invalid, "pii.key_file", "no key id left; drop old keys first");
  std::string out(text);
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += "key " + std::to_string(next + 1) + " " + fresh_key_hex() + "\n";
  return out;
}

result<std::string> drop_old_keys(std::string_view text) {
  auto k = parse_key_file(text);
  if (!k) return std::move(k).err();
  auto cur = std::to_string(k->current_id());
  std::string out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    auto w = words(line);
    if (!w.empty() && w[0] == "key" && w.size() >= 2 && w[1] != cur) continue;
    out += line;
    out += '\n';
  }
  return out;
}

status write_key_file(const std::filesystem::path& path, std::string_view text) {
  std::error_code ec;
  if (path.has_parent_path()) {
    // Folders made here are the owner's alone (0700), like the data folder. (Only commands
    // write key files, before any other thread runs, so the process-wide umask is safe.)
    auto old_mask = ::umask(077);
    std::filesystem::create_directories(path.parent_path(), ec);
    ::umask(old_mask);
    if (ec)
      return error::make(errc::internal, "pii.key_file",
                         "cannot create " + path.parent_path().string() + ": " + ec.message());
  }
  auto tmp = path;
  tmp += ".tmp";
  auto old = ::umask(077);
  FILE* f = std::fopen(tmp.c_str(), "wb");
  ::umask(old);
  if (!f) return error::make(errc::internal, "pii.key_file", "cannot write " + tmp.string());
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fflush(f) == 0 && ok;
  ok = ::fchmod(::fileno(f), 0600) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    return error::make(errc::internal, "pii.key_file", "cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return error::make(errc::internal, "pii.key_file",
                       "cannot rename to " + path.string() + ": " + ec.message());
  return {};
}

bool is_ciphertext(std::string_view stored) {
  return stored.starts_with(k_prefix);
}

std::optional<std::uint32_t> key_id_of(std::string_view stored) {
  if (!is_ciphertext(stored)) return std::nullopt;
  stored.remove_prefix(k_prefix.size());
  auto colon = stored.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::uint32_t id = 0;
  auto [p, ec] = std::from_chars(stored.data(), stored.data() + colon, id);
  if (ec != std::errc{} || p != stored.data() + colon) return std::nullopt;
  return id;
}

std::string encrypt(const keyring& k, std::string_view context, std::string_view plain) {
  crypto::init();
  const auto id = k.current_id();
  const auto& key = k.keys.back().key;
  const auto ad = additional_data(id, context);
  std::string raw(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES,
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(raw.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
      reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, nonce, key.data());
  std::string b64(sodium_base64_ENCODED_LEN(raw.size(), k_b64), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), k_b64);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  return std::string(k_prefix) + std::to_string(id) + ":" + b64;
}

result<std::string> decrypt(const keyring& k, std::string_view context, std::string_view stored) {
  crypto::init();
  auto fail = [](std::string what) {
    return error::make(errc::internal, "pii.decrypt", std::move(what));
  };
  auto id = key_id_of(stored);
  if (!id) return fail("not an encrypted value");
  const auto* key = k.find(*id);
  if (!key) return fail("no key with id " + std::to_string(*id) + " in the key file");
  auto b64 = stored.substr(stored.find(':', k_prefix.size()) + 1);
  std::string raw(b64.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), b64.data(),
                        b64.size(), nullptr, &len, nullptr, k_b64) != 0 ||
      len <
          crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return fail("damaged encrypted value");
  const auto ad = additional_data(*id, context);
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  const auto* c = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const auto clen = len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string plain(clen - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr, c, clen,
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nonce, key->data()) != 0)
    return fail("the value does not decrypt with key " + std::to_string(*id) +
                " (wrong key or damaged value)");
  plain.resize(plen);
  return plain;
}

std::string blind_index(const keyring& k, std::string_view domain, std::string_view value) {
  crypto::init();
  unsigned char out[16];
  crypto_generichash_state st;
  crypto_generichash_init(&st, k.index_key.data(), k.index_key.size(), sizeof out);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(domain.data()),
                            domain.size());
  const unsigned char zero = 0;
  crypto_generichash_update(&st, &zero, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(value.data()),
                            value.size());
  crypto_generichash_final(&st, out, sizeof out);
  return hex_of(out, sizeof out);
}

result<keyring> load_configured(std::string_view inline_text, const std::filesystem::path& path) {
  if (!inline_text.empty()) {
    std::string text(inline_text);
    for (auto& ch : text)
      if (ch == ';') ch = '\n';
    auto k = parse_key_file(text);
    if (!k)
      return error::make(errc::invalid, "pii.key_file",
                         "security.pii_key (ELDERCARE_PII_KEY): " + std::string(k.err().message));
    return k;
  }
  if (path.empty())
    return error::make(errc::invalid, "pii.no_key",
                       "no personal-data key: set security.pii_key_file (ELDERCARE_PII_KEY_FILE) "
                       "or security.pii_key (ELDERCARE_PII_KEY); `eldercare keygen --out FILE` "
                       "creates a key file");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return error::make(errc::invalid, "pii.key_file",
                       "cannot read the key file " + path.string() +
                           " (security.pii_key_file); `eldercare keygen` creates it");
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return error::make(errc::invalid, "pii.key_file",
                       "the key file " + path.string() + " may be read by other users (mode " +
                           mode + "); `chmod 600 " + path.string() + "`");
  }
  return load_key_file(path);
}

status create_key_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    return error::make(errc::conflict, "pii.key_exists",
                       "the key file " + path.string() +
                           " already exists; a new key would make its data unreadable (use "
                           "`eldercare rekey` to rotate)");
  return write_key_file(path, new_key_file_text());
}

namespace {

struct vault {
  std::atomic<std::shared_ptr<const keyring>> ring;
  std::mutex mu;  // reloads
  std::filesystem::path file;
  std::int64_t mtime_ns = 0;
  std::int64_t size = -1;
  std::atomic<std::int64_t> next_check_ms{0};
};

vault& the_vault() {
  static vault v;
  return v;
}

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool stat_file(const std::filesystem::path& p, std::int64_t& mtime_ns, std::int64_t& size) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return false;
  mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  size = static_cast<std::int64_t>(st.st_size);
  return true;
}

// `force`: look at the file now (a value under a key id we do not know yet).
void maybe_reload(vault& v, bool force = false) {
  auto now = steady_ms();
  auto next = v.next_check_ms.load(std::memory_order_relaxed);
  if (!force && now < next) return;
  if (!force && !v.next_check_ms.compare_exchange_strong(next, now + 2000)) return;
  std::lock_guard g(v.mu);
  if (v.file.empty()) return;
  std::int64_t m = 0, sz = 0;
  if (!stat_file(v.file, m, sz) || (m == v.mtime_ns && sz == v.size)) return;
  auto k = load_configured({}, v.file);
  if (!k) {
    spdlog::error("pii: the key file changed but does not load, keeping the old keys: {}",
                  k.err().message);
    return;
  }
  v.mtime_ns = m;
  v.size = sz;
  auto before = v.ring.load();
  auto cur = k->current_id();
  v.ring.store(std::make_shared<const keyring>(std::move(*k)));
  if (!before || before->current_id() != cur)
    spdlog::info("pii: key file {} reloaded; current key id {}", v.file.string(), cur);
}

}  // namespace

void install(keyring k, std::filesystem::path file) {
  auto& v = the_vault();
  std::lock_guard g(v.mu);
  v.file = std::move(file);
  v.mtime_ns = 0;
  v.size = -1;
  if (!v.file.empty()) stat_file(v.file, v.mtime_ns, v.size);
  v.next_check_ms = steady_ms() + 2000;
  v.ring.store(std::make_shared<const keyring>(std::move(k)));
}

std::shared_ptr<const keyring> active() {
  auto& v = the_vault();
  maybe_reload(v);
  return v.ring.load();
}

std::string seal(std::string_view context, std::string_view plain) {
  auto k = active();
  if (!k) throw std::logic_error("pii::seal before pii::install");
  return encrypt(*k, context, plain);
}

result<std::string> open(std::string_view context, std::string_view stored) {
  if (!is_ciphertext(stored)) return std::string(stored);
  auto k = active();
  if (!k) return error::make(errc::internal, "pii.decrypt", "no personal-data key installed");
  if (auto id = key_id_of(stored); id && !k->find(*id)) {
    // Written under a key that a rotation added after we loaded the file.
    maybe_reload(the_vault(), true);
    k = the_vault().ring.load();
  }
  return decrypt(*k, context, stored);
}

std::string index(std::string_view domain, std::string_view value) {
  auto k = active();
  if (!k) throw std::logic_error("pii::index before pii::install");
  return blind_index(*k, domain, value);
}

}  // namespace ec::pii
