// Phone normalization and masking; see phone.hpp for the accepted shapes.
#include "core/phone.hpp"

#include <vector>

namespace ec::phone {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

bool is_mobile(std::string_view s) {
  return s.size() == 11 && all_digits(s) && s[0] == '1' && s[1] >= '3' && s[1] <= '9';
}

// Area codes beginning 01 or 02 (Beijing 010, the big cities 02x) have 3 digits; all others
// (e.g. Zibo 0533) have 4.
std::size_t area_len(std::string_view digits) {
  return digits.size() >= 2 && (digits[1] == '1' || digits[1] == '2') ? 3 : 4;
}

bool valid_local(std::string_view s) {
  return (s.size() == 7 || s.size() == 8) && all_digits(s) && s[0] != '0' && s[0] != '1';
}

bool valid_extension(std::string_view s) {
  return s.size() <= 6 && all_digits(s);
}

// Rewrites the input into ASCII groups: digits kept (full-width ones converted), '+' kept,
// and every separator people use (space, dash, dot, brackets, 转, #, "ext") turned into '-'.
// Returns false on any other character.
bool to_groups(std::string_view in, std::string& out) {
  for (std::size_t i = 0; i < in.size();) {
    const char c = in[i];
    const auto rest = in.substr(i);
    if (is_digit(c) || c == '+') {
      out.push_back(c);
      ++i;
    } else if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')' || c == '#' ||
               c == ',') {
      out.push_back('-');
      ++i;
    } else if (rest.starts_with("\xEF\xBC") && rest.size() >= 3 &&
               static_cast<unsigned char>(rest[2]) >= 0x90 &&
               static_cast<unsigned char>(rest[2]) <= 0x99) {
      out.push_back(static_cast<char>('0' + (static_cast<unsigned char>(rest[2]) - 0x90)));
      i += 3;  // full-width digit U+FF10..U+FF19
    } else if (rest.starts_with("ext") || rest.starts_with("EXT") || rest.starts_with("Ext") ||
               rest.starts_with("\xE8\xBD\xAC") /* 转 */ ||
               rest.starts_with("\xEF\xBC\x8D") /* － */ ||
               rest.starts_with("\xEF\xBC\x88") /* （ */ ||
               rest.starts_with("\xEF\xBC\x89") /* ） */ ||
               rest.starts_with("\xE3\x80\x80") /* ideographic space */ ||
               rest.starts_with("\xE2\x80\x94") /* — */) {
      out.push_back('-');
      i += 3;
    } else if (rest.starts_with("\xC2\xA0")) {
      out.push_back('-');
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split_groups(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (i > start) parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

ec::error invalid(std::string_view field, std::string message) {
  return ec::error::invalid("phone.invalid", std::string(field), std::move(message));
}

const char* const k_rule =
    "a mobile number has 11 digits starting 13-19; a landline needs its area code, "
    "like 0533-6123456";

}  // namespace

ec::result<std::string> normalize(std::string_view input, std::string_view field) {
  std::string grouped;
  if (!to_groups(input, grouped)) {
    return invalid(field, std::string("phone number contains characters other than digits "
                                      "and separators: ") +
                              k_rule);
  }
  std::vector<std::string> groups;
  for (auto g : split_groups(grouped)) groups.emplace_back(g);
  if (groups.empty()) return invalid(field, "phone number is empty");

  // Country code: "+86", "0086" or "86" as its own group, or glued to a mobile number.
  bool had_country = false;
  if (groups[0].starts_with("+")) {
    if (!groups[0].starts_with("+86")) {
      return invalid(field, "only Chinese phone numbers (+86) are accepted");
    }
    groups[0].erase(0, 3);
    had_country = true;
    if (groups[0].empty()) groups.erase(groups.begin());
  } else if (groups[0] == "86" || groups[0] == "0086") {
    groups.erase(groups.begin());
    had_country = true;
  }
  for (const auto& g : groups) {
    if (!all_digits(g)) return invalid(field, std::string("misplaced '+': ") + k_rule);
  }
  if (groups.empty()) return invalid(field, std::string("phone number is incomplete: ") + k_rule);

  std::string joined;
  for (const auto& g : groups) joined.append(g);
  if (!had_country) {
    if (joined.size() == 13 && joined.starts_with("86") && is_mobile(joined.substr(2))) {
      return joined.substr(2);
    }
    if (joined.size() == 15 && joined.starts_with("0086") && is_mobile(joined.substr(4))) {
      return joined.substr(4);
    }
  }
  if (is_mobile(joined)) return joined;
  // The 0 that landline callers dial before a mobile from another city.
  if (joined.size() == 12 && joined.starts_with("01") && is_mobile(joined.substr(1))) {
    return joined.substr(1);
  }
  if (joined.starts_with("1")) {
    return invalid(field, "a mobile number must have 11 digits and start with 13-19");
  }
  // International form drops the trunk 0 of the area code: +86 533 6123456.
  if (had_country && !joined.starts_with("0")) groups[0].insert(0, 1, '0');
  if (!groups[0].starts_with("0")) {
    return invalid(field, "a landline number must start with its area code (e.g. 0533)");
  }

  // Landline. The area code may be its own group or glued to the local number; an
  // extension must be a separate group (glued on, 7 vs 8 local digits would be ambiguous).
  std::string area, local, ext;
  const std::size_t alen = area_len(groups[0]);
  std::size_t next = 1;
  if (groups[0].size() == alen) {
    area = groups[0];
    if (groups.size() < 2) {
      return invalid(field, "a landline number needs 7-8 digits after the area code");
    }
    local = groups[1];
    next = 2;
  } else if (groups[0].size() > alen) {
    area = groups[0].substr(0, alen);
    local = groups[0].substr(alen);
  } else {
    return invalid(field, "the area code of a landline has 3-4 digits, like 010 or 0533");
  }
  // 00 is the international prefix, never an area code: "0086 8412331 5678" would otherwise
  // become "0086-8412331-5678", which normalizes again to another number (found by fuzzing).
  if (area.starts_with("00")) {
    return invalid(field,
                   "an area code does not start with 00; write Chinese numbers without "
                   "the international prefix, or as +86");
  }
  // "0533-612-3456": a local number written in two groups.
  if (!valid_local(local) && next < groups.size() && valid_local(local + groups[next])) {
    local += groups[next];
    ++next;
  }
  if (!valid_local(local)) {
    return invalid(field,
                   "a landline number has 7-8 digits after the area code and does not "
                   "start with 0 or 1");
  }
  if (next < groups.size()) {
    ext = groups[next];
    ++next;
    if (!valid_extension(ext)) return invalid(field, "an extension has at most 6 digits");
  }
  if (next < groups.size()) {
    return invalid(field, std::string("too many digit groups: ") + k_rule);
  }

  std::string out = area + "-" + local;
  if (!ext.empty()) out += "-" + ext;
  return out;
}

std::string mask(std::string_view n) {
  if (is_mobile(n)) {
    // 138****1234: one short string, no temporaries (the elder list masks every row).
    std::string out(n);
    out.replace(3, 4, "****");
    return out;
  }
  const auto parts = split_groups(n);
  if (n.starts_with("0") && (parts.size() == 2 || parts.size() == 3) && all_digits(parts[0]) &&
      valid_local(parts[1])) {
    std::string out(parts[0]);
    out.push_back('-');
    out.append(parts[1].size() - 3, '*');
    out.append(parts[1].substr(parts[1].size() - 3));
    if (parts.size() == 3) {
      out.push_back('-');
      out.append(parts[2]);
    }
    return out;
  }
  if (n.size() <= 3) return std::string(n.size(), '*');
  return std::string(n.size() - 3, '*') + std::string(n.substr(n.size() - 3));
}

}  // namespace ec::phone
