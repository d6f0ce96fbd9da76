// Personal data at rest in the registry's tables (issue 9): how ID and phone numbers are
// stored (ciphertext under the process's keyring, core/pii.hpp) and found again (keyed blind
// indexes), and the batch job that converts clear rows and re-encrypts rows under an old key.
//
// Columns (migration 0013): elders.id_number, elders.phone, elder_contacts.phone hold
// "ec1:<key id>:..." ciphertext; elders.id_bi (whole ID number, unique), id_tail4_bi/5/6
// (its last 4, 5, 6 characters), phone_bi (whole phone) and phone_tail4_bi (last 4 digits)
// hold blind indexes; `pii_key` is the key id a row is under, 0 while it is still clear.
// The masks shown in lists are computed from the decrypted value and kept in memory only
// (elders.cpp); no part of an ID number is stored in clear: with the birth date beside it,
// the mask's 6 + 4 characters would give the whole number.
//
// Failure: decrypting a stored value fails with kind `internal`, code "pii.decrypt".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "db/db.hpp"

namespace ec::registry::pii_rows {

// AEAD contexts (additional data): a value only decrypts in the column it was written to.
inline constexpr std::string_view k_ctx_id = "elders.id_number";
inline constexpr std::string_view k_ctx_phone = "elders.phone";
inline constexpr std::string_view k_ctx_contact_phone = "elder_contacts.phone";

// The stored columns of an elder's ID number and phone. Every statement that writes them
// names `k_columns` (or `k_assignments`) and binds `append_to`, so the list stays one list.
struct elder_cols {
  std::string id_number, id_bi, id_tail4_bi, id_tail5_bi, id_tail6_bi;
  db::value phone, phone_bi, phone_tail4_bi;  // NULL without a phone
  std::int64_t key_id = 0;

  // `id_tail` is the clear last six characters from before encryption, kept empty.
  static constexpr const char* k_columns =
      "id_number, id_tail, id_bi, id_tail4_bi, id_tail5_bi, id_tail6_bi, phone, phone_bi, "
      "phone_tail4_bi, pii_key";
  static constexpr const char* k_placeholders = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
  static constexpr const char* k_assignments =
      "id_number = ?, id_tail = ?, id_bi = ?, id_tail4_bi = ?, id_tail5_bi = ?, "
      "id_tail6_bi = ?, phone = ?, phone_bi = ?, phone_tail4_bi = ?, pii_key = ?";
  // The values of k_columns, in its order.
  void append_to(db::params& args) const;
};
// `id_number` normalized (18 characters, upper-case X); `phone` normalized.
elder_cols seal_elder(std::string_view id_number, const std::optional<std::string>& phone);
std::string seal_contact_phone(std::string_view phone);
std::int64_t current_key_id();

// Blind indexes for search and duplicate checks.
std::string id_index(std::string_view id_number);       // the whole (normalized) number
std::string id_tail_index(std::string_view tail);       // its last 4, 5 or 6 characters
std::string phone_index(std::string_view phone);        // the whole (normalized) number
std::string phone_tail4_index(std::string_view last4);  // its last 4 digits

// Stored → clear (a clear value, from a row not yet converted, passes unchanged).
result<std::string> open_id(std::string_view stored);
result<std::string> open_phone(std::string_view stored);
result<std::string> open_contact_phone(std::string_view stored);

struct convert_options {
  std::int64_t batch = 500;  // rows per transaction
  std::int64_t limit = 0;    // stop after this many rows in total (0: all); for tests and pacing
};
struct convert_report {
  std::int64_t elders = 0, contacts = 0;  // rows written
  bool complete = false;                  // no row is left clear or under an older key
};
// Brings every row to the current key of the installed keyring: clear rows are encrypted,
// rows under another key re-encrypted, blind indexes (re)computed. Each batch is one
// transaction; a row changed meanwhile by the server is skipped and picked up by the next
// pass. Safe to run while servers serve the same database, and to stop at any point.
result<convert_report> convert(db::connection& c, const convert_options& o,
                               const std::function<void(const convert_report&)>& progress = {});
// Rows not yet under the current key (0 when conversion or rotation is complete).
result<std::int64_t> rows_behind(db::connection& c);

}  // namespace ec::registry::pii_rows
