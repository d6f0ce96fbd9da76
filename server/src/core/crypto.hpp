// Password hashing (argon2id), random tokens and passwords, SHA-256 and constant-time
// comparison, all from libsodium.
//
// Failure: init() throws std::runtime_error if libsodium cannot start (a start-up failure).
// hash_password() throws std::runtime_error if argon2id cannot get its memory; that is a
// resource failure, not bad input. verify_password() returns false for a malformed hash.
// Every function calls init() itself, so calling it at start-up only moves the failure there.
// Thread-safety: all functions are safe to call concurrently; set_password_cost() is atomic
// and affects hashes made after it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ec::crypto {

void init();

// Argon2id in libsodium's self-describing string form ("$argon2id$v=19$m=...").
// Cost defaults to OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE (64 MiB).
std::string hash_password(std::string_view pw);
bool verify_password(std::string_view hash, std::string_view pw);
// True when `hash` was made with other parameters than the current cost (rehash on login).
bool needs_rehash(std::string_view hash);
// Tests set a cheap cost; values below libsodium's minimums are raised to them.
void set_password_cost(unsigned long long ops, std::size_t mem_bytes);

// `bytes` random bytes as base64url without padding (32 bytes -> 43 characters).
std::string random_token(std::size_t bytes = 32);
std::string sha256_hex(std::string_view data);  // 64 lower-case hex characters
// Compares without timing depending on where the first difference is; the lengths are not
// secret (the comparison returns false at once when they differ).
bool constant_time_equal(std::string_view a, std::string_view b);
// A readable initial password: letters and digits without 0 O 1 l I, at least one digit and
// one letter. `len` below 2 is raised to 2.
std::string random_password(std::size_t len = 14);

}  // namespace ec::crypto
