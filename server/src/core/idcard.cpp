// GB 11643-1999 resident identity numbers; see idcard.hpp for the contract.
#include "core/idcard.hpp"

#include <fmt/format.h>

#include <array>

#include "core/text.hpp"

namespace ec::idcard {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

// ISO 7064 MOD 11-2 weights for positions 1..17 and the map from sum % 11 to the check character.
constexpr std::array<int, 17> k_weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view k_check_chars = "10X98765432";

// Earliest birth year we accept; anything before it is a typo, not a living person.
constexpr int k_min_birth_year = 1850;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Characters, not bytes: a full-width digit typed by an IME is one character, and the
// user should hear "wrong characters" rather than "wrong length" for it.
std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

int digits_value(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

ec::error fail(std::string_view field, const char* code, std::string message) {
  return ec::error::invalid(code, std::string(field), std::move(message));
}

}  // namespace

char check_char(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(first17[i])) return '\0';
    sum += (first17[i] - '0') * k_weights[i];
  }
  return k_check_chars[static_cast<std::size_t>(sum % 11)];
}

ec::result<info> parse(std::string_view input, year_month_day today, std::string_view field) {
  // Spaces from a Chinese IME or a Word paste (U+3000, NBSP) are as common as ASCII ones.
  const std::string trimmed = ec::text::trim(input);
  const std::string_view s = trimmed;
  if (s.empty()) return fail(field, "id_number.required", "ID number is required");
  if (count_chars(s) != 18) {
    return fail(field, "id_number.length",
                fmt::format("ID number must have 18 characters, got {}", count_chars(s)));
  }
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(s[i])) {
      return fail(field, "id_number.characters",
                  "ID number: the first 17 characters must be digits");
    }
  }
  const char last = s[17];
  if (!is_digit(last) && last != 'X' && last != 'x') {
    return fail(field, "id_number.characters",
                "ID number: the last character must be a digit or X");
  }

  const int y = digits_value(s.substr(6, 4));
  const int m = digits_value(s.substr(10, 2));
  const int d = digits_value(s.substr(12, 2));
  const year_month_day birth{year{y}, month{static_cast<unsigned>(m)},
                             day{static_cast<unsigned>(d)}};
  if (!birth.ok() || y < k_min_birth_year) {
    return fail(field, "id_number.birth_date",
                fmt::format("ID number contains an impossible birth date {}", s.substr(6, 8)));
  }
  if (birth > today) {
    return fail(field, "id_number.future_birth",
                fmt::format("ID number contains a birth date in the future {}", s.substr(6, 8)));
  }

  const char expected = check_char(s.substr(0, 17));
  const char given = last == 'x' ? 'X' : last;
  if (given != expected) {
    return fail(field, "id_number.check_digit",
                fmt::format("ID number check character is wrong: expected '{}', got '{}'", expected,
                            given));
  }

  info out;
  out.number = std::string(s.substr(0, 17)) + given;
  out.birth = birth;
  out.sex = (s[16] - '0') % 2 == 1 ? 'M' : 'F';
  out.area_code = std::string(s.substr(0, 6));
  return out;
}

int age_on(year_month_day birth, year_month_day today) {
  int age = static_cast<int>(today.year()) - static_cast<int>(birth.year());
  // Compare month/day as numbers so 29 Feb is "later" than 28 Feb in a common year.
  const unsigned b =
      static_cast<unsigned>(birth.month()) * 100U + static_cast<unsigned>(birth.day());
  const unsigned t =
      static_cast<unsigned>(today.month()) * 100U + static_cast<unsigned>(today.day());
  if (t < b) --age;
  return age < 0 ? 0 : age;
}

std::string mask(std::string_view id) {
  if (id.size() <= 10) return std::string(id.size(), '*');
  std::string out(id.substr(0, 6));
  out.append(id.size() - 10, '*');
  out.append(id.substr(id.size() - 4));
  return out;
}

std::string make(std::string_view area6, year_month_day birth, int seq3) {
  std::string area(area6.substr(0, 6));
  area.resize(6, '0');
  int seq = seq3 % 1000;
  if (seq < 0) seq += 1000;
  std::string first17 =
      fmt::format("{}{:04d}{:02d}{:02d}{:03d}", area, static_cast<int>(birth.year()) % 10000,
                  static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()), seq);
  const char c = check_char(first17);
  first17.push_back(c == '\0' ? '0' : c);
  return first17;
}

}  // namespace ec::idcard
