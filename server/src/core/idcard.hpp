// Resident identity numbers (公民身份号码, GB 11643-1999): validation, derived birth date and
// sex, masking for display, and generation of valid numbers for demo data and tests.
//
// Failure: parse() returns an ec::error of kind `invalid` whose `field` is the caller's field
// name and whose `code` says which rule failed (see parse()). The other functions are total:
// they document what they return for input outside their preconditions.
// Thread-safety: all functions are pure and safe to call concurrently.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ec::idcard {

struct info {
  std::string number;  // 18 characters, check character upper-case 'X'
  std::chrono::year_month_day birth;
  char sex;               // 'M' when the 3-digit sequence is odd, 'F' when even
  std::string area_code;  // first 6 digits
};

// Validates `input`; surrounding spaces as text::trim() defines them are ignored.
// Error codes, all with kind `invalid` and field `field`:
//   id_number.required     empty after trimming
//   id_number.length       not 18 characters after trimming
//   id_number.characters   first 17 not digits, or the last not a digit or X/x
//   id_number.birth_date   the embedded date does not exist (e.g. 19490230) or is before 1850
//   id_number.future_birth the embedded date is after `today`
//   id_number.check_digit  the check character is wrong; the message names the expected one
ec::result<info> parse(std::string_view input, std::chrono::year_month_day today,
                       std::string_view field = "id_number");

// The check character for 17 digits: '0'..'9' or 'X'. Returns '\0' if `first17` is not
// exactly 17 ASCII digits.
char check_char(std::string_view first17);

// Age in full years (周岁) on `today`. Someone born on 29 February turns a year older on
// 1 March in common years. Returns 0 if `today` is before `birth`.
int age_on(std::chrono::year_month_day birth, std::chrono::year_month_day today);

// "370322********123X" for display: the first 6 and last 4 characters kept, the rest
// starred (eight stars for an 18-character number). Input of 10 characters or fewer is
// starred completely, so nothing identifying leaks from malformed values.
std::string mask(std::string_view id);

// A valid number from a 6-digit area code, a birth date and a sequence 0..999 (odd = male).
// `seq3` outside 0..999 is reduced modulo 1000; an `area6` that is not 6 digits is padded
// or cut to 6 characters with '0', so the result always has 18 characters.
std::string make(std::string_view area6, std::chrono::year_month_day birth, int seq3);

}  // namespace ec::idcard
