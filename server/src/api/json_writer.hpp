// A small streaming JSON writer for hot responses (the elder list), where
// building a DOM first cost a fifth of the request. It writes into one buffer
// through a raw pointer (room for the worst case is made once per value, so a
// value costs no per-byte capacity checks); commas are placed automatically.
// Strings are escaped per RFC 8259; input is already valid UTF-8 (it comes from
// the database, which only ever gets validated text). Nesting is limited to 64
// levels (deeper is a programming error: std::length_error).
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ec::api {

class json_writer {
 public:
  json_writer() { buf_.resize(8192); }
  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }
  // `k` is a name from the program (a literal), never user text: not escaped.
  json_writer& key(std::string_view k) {
    char* p = room(k.size() + 4);
    p = comma(p);
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    after_key_ = true;
    pos_ = static_cast<std::size_t>(p - buf_.data());
    return *this;
  }
  json_writer& value(std::string_view s) {
    // Worst case: every byte becomes \u00XX, plus the quotes and a comma.
    char* p = comma(room(s.size() * 6 + 3));
    pos_ = static_cast<std::size_t>(string_raw(p, s) - buf_.data());
    return *this;
  }
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(const std::string& s) { return value(std::string_view(s)); }
  json_writer& value(std::int64_t v) {
    char* p = comma(room(24));
    p = std::to_chars(p, p + 21, v).ptr;
    pos_ = static_cast<std::size_t>(p - buf_.data());
    return *this;
  }
  json_writer& value(int v) { return value(static_cast<std::int64_t>(v)); }
  json_writer& value(bool v) { return literal(v ? "true" : "false"); }
  json_writer& null() { return literal("null"); }
  std::string take() {
    buf_.resize(pos_);
    pos_ = 0;
    return std::move(buf_);
  }

 private:
  // A pointer to the end of the text with at least `n` bytes free behind it.
  char* room(std::size_t n) {
    if (buf_.size() - pos_ < n) buf_.resize(std::max(buf_.size() * 2, pos_ + n));
    return buf_.data() + pos_;
  }
  json_writer& literal(std::string_view s) {
    char* p = comma(room(s.size() + 1));
    std::memcpy(p, s.data(), s.size());
    pos_ = static_cast<std::size_t>(p + s.size() - buf_.data());
    return *this;
  }
  json_writer& open(char c) {
    if (depth_ == 64) throw std::length_error("json_writer: nested deeper than 64 levels");
    char* p = comma(room(2));
    *p++ = c;
    pos_ = static_cast<std::size_t>(p - buf_.data());
    ++depth_;
    has_items_ &= ~(std::uint64_t{1} << (depth_ - 1));
    return *this;
  }
  json_writer& close(char c) {
    *room(1) = c;
    ++pos_;
    --depth_;
    return *this;
  }
  // Writes the comma a value needs (none after a key or first in its container).
  char* comma(char* p) {
    if (after_key_) {
      after_key_ = false;
      return p;
    }
    if (depth_ == 0) return p;
    auto bit = std::uint64_t{1} << (depth_ - 1);
    if (has_items_ & bit) *p++ = ',';
    has_items_ |= bit;
    return p;
  }
  static bool needs_escape8(const char* p) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    auto zero_byte = [&](std::uint64_t v) { return (v - ones) & ~v & high; };
    auto below_space = (x - ones * 0x20) & ~x & high;
    return (below_space | zero_byte(x ^ (ones * '"')) | zero_byte(x ^ (ones * '\\'))) != 0;
  }
  // Writes `s` quoted and escaped at `p` (room made by the caller); returns the end.
  // Runs of bytes that need no escaping are copied at once.
  static char* string_raw(char* p, std::string_view s) {
    *p++ = '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      // Skip eight plain bytes at a time (SWAR: no byte < 0x20, '"' or '\\').
      while (i + 8 <= s.size() && !needs_escape8(s.data() + i)) i += 8;
      if (i >= s.size()) break;
      auto u = static_cast<unsigned char>(s[i]);
      if (u >= 0x20 && u != '"' && u != '\\') continue;
      std::memcpy(p, s.data() + run, i - run);
      p += i - run;
      run = i + 1;
      *p++ = '\\';
      switch (u) {
        case '"':
          *p++ = '"';
          break;
        case '\\':
          *p++ = '\\';
          break;
        case '\n':
          *p++ = 'n';
          break;
        case '\r':
          *p++ = 'r';
          break;
        case '\t':
          *p++ = 't';
          break;
        default: {
          static const char* hex = "0123456789abcdef";
          const char esc[5] = {'u', '0', '0', hex[u >> 4], hex[u & 15]};
          std::memcpy(p, esc, 5);
          p += 5;
        }
      }
    }
    std::memcpy(p, s.data() + run, s.size() - run);
    p += s.size() - run;
    *p++ = '"';
    return p;
  }
  std::string buf_;  // [0, pos_) is the text; the rest is room
  std::size_t pos_ = 0;
  std::uint64_t has_items_ = 0;  // bit d-1: the container at depth d has an item
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace ec::api
