// A small streaming JSON writer for hot responses (the elder list), where
// building a DOM first cost a fifth of the request. It appends to one string;
// commas are placed automatically. Strings are escaped per RFC 8259; input is
// already valid UTF-8 (it comes from the database, which only ever gets
// validated text).
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ec::api {

class json_writer {
 public:
  json_writer() { out_.reserve(8192); }
  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }
  // `k` is a name from the program (a literal), never user text: not escaped.
  json_writer& key(std::string_view k) {
    comma();
    out_ += '"';
    out_ += k;
    out_ += "\":";
    after_key_ = true;
    return *this;
  }
  json_writer& value(std::string_view s) {
    comma();
    string_raw(s);
    return *this;
  }
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(const std::string& s) { return value(std::string_view(s)); }
  json_writer& value(std::int64_t v) {
    comma();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
  }
  json_writer& value(int v) { return value(static_cast<std::int64_t>(v)); }
  json_writer& value(bool v) {
    comma();
    out_ += v ? "true" : "false";
    return *this;
  }
  json_writer& null() {
    comma();
    out_ += "null";
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  json_writer& open(char c) {
    comma();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  json_writer& close(char c) {
    out_ += c;
    first_.pop_back();
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  static bool needs_escape8(const char* p) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    auto zero_byte = [&](std::uint64_t v) { return (v - ones) & ~v & high; };
    auto below_space = (x - ones * 0x20) & ~x & high;
    return (below_space | zero_byte(x ^ (ones * '"')) | zero_byte(x ^ (ones * '\\'))) != 0;
  }
  // Runs of bytes that need no escaping are appended at once (byte-at-a-time
  // appends were an eighth of a list request).
  void string_raw(std::string_view s) {
    out_ += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      // Skip eight plain bytes at a time (SWAR: no byte < 0x20, '"' or '\\').
      while (i + 8 <= s.size() && !needs_escape8(s.data() + i)) i += 8;
      if (i >= s.size()) break;
      auto u = static_cast<unsigned char>(s[i]);
      if (u >= 0x20 && u != '"' && u != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (u) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default: {
          static const char* hex = "0123456789abcdef";
          const char esc[6] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 15]};
          out_.append(esc, 6);
        }
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }
  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace ec::api
