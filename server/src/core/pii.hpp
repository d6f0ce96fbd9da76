// Encryption at rest of personal data (ID and phone numbers), with libsodium.
//
// Key file (text, mode 0600, never in the database):
//   # comment lines and blank lines are ignored
//   index <64 hex>        the blind-index key; kept across rotations
//   key <id> <64 hex>     an encryption key; the LAST `key` line is the current one, earlier
//                         lines are old keys still accepted for decryption during a rotation
// Key ids are 1..65535 and unique within a file.
//
// Stored ciphertext is text: "ec1:<key id>:<base64url(nonce || ciphertext || tag)>", made
// with XChaCha20-Poly1305 (IETF AEAD) under a random 24-byte nonce. The additional data is
// the key id and a caller-given context (the column, "elders.id_number"), so a value moved to
// another column or relabelled with another key id does not decrypt.
//
// Blind index: keyed BLAKE2b (crypto_generichash, 16 bytes, hex) over "<domain>\0<value>"
// with the index key; equal values in the same domain give equal indexes, and without the key
// an index tells nothing about the value.
//
// Failure: parse/load return kind `invalid` with code "pii.key_file" and a message naming the
// line and the rule; decrypt returns kind `internal`, code "pii.decrypt" (wrong or missing
// key, or a damaged value). encrypt never fails.
// Thread-safety: a keyring is immutable after loading; all functions may run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ec::pii {

using key_bytes = std::array<unsigned char, 32>;

struct keyring {
  key_bytes index_key{};
  struct entry {
    std::uint32_t id = 0;
    key_bytes key{};
  };
  std::vector<entry> keys;  // the last one is current

  std::uint32_t current_id() const { return keys.empty() ? 0 : keys.back().id; }
  const key_bytes* find(std::uint32_t id) const;
};

result<keyring> parse_key_file(std::string_view text);
result<keyring> load_key_file(const std::filesystem::path& path);
// A new key file's text: a fresh index key and key id 1.
std::string new_key_file_text();
// `text` with a fresh key appended (id = highest + 1), which becomes current.
result<std::string> add_key(std::string_view text);
// `text` keeping only its current key (after every row has been re-encrypted).
result<std::string> drop_old_keys(std::string_view text);
// Writes `text` to `path` atomically with mode 0600 (creates parent directories 0700).
status write_key_file(const std::filesystem::path& path, std::string_view text);

bool is_ciphertext(std::string_view stored);
std::optional<std::uint32_t> key_id_of(std::string_view stored);

std::string encrypt(const keyring& k, std::string_view context, std::string_view plain);
result<std::string> decrypt(const keyring& k, std::string_view context, std::string_view stored);
std::string blind_index(const keyring& k, std::string_view domain, std::string_view value);

// The key as configured: `inline_text` (security.pii_key, ELDERCARE_PII_KEY: the key file's
// text, lines may be separated by ';') when not empty, else the file `path`
// (security.pii_key_file). A key file that other users may read (mode & 077) is refused.
// Neither given: kind `invalid`, code "pii.no_key", naming both settings and `eldercare keygen`.
result<keyring> load_configured(std::string_view inline_text, const std::filesystem::path& path);
// Creates a new key file at `path` (mode 0600); refuses to overwrite an existing file.
status create_key_file(const std::filesystem::path& path);

// --- The process's keyring: what the modules encrypt and decrypt with. ---
// install() at start-up (serve, demo, the commands). With `file` set, the keyring is re-read
// when that file changes (looked at no more than every 2 s, by active()), so a running server
// learns a key that `eldercare rekey` added without a restart. A file that no longer loads
// leaves the keyring as it was (logged).
void install(keyring k, std::filesystem::path file = {});
// nullptr before install().
std::shared_ptr<const keyring> active();
// Encrypts under the active keyring's current key (which must be installed).
std::string seal(std::string_view context, std::string_view plain);
// A stored value in clear: decrypts ciphertext; a value that is not ciphertext (a row written
// before encryption and not yet converted) is returned as it is.
result<std::string> open(std::string_view context, std::string_view stored);
// blind_index() with the active keyring.
std::string index(std::string_view domain, std::string_view value);

}  // namespace ec::pii
