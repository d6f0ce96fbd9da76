// UTF-8 helpers; see text.hpp.
#include "core/text.hpp"

#include <iconv.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <memory>

namespace ec::text {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid there.
std::size_t seq_len(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0U) == 0x80U; };
  const unsigned c = b(0);
  if (c < 0x80U) return 1;
  if (c >= 0xC2U && c <= 0xDFU) return cont(1) ? 2 : 0;
  if (c >= 0xE0U && c <= 0xEFU) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0U && b(1) < 0xA0U) return 0;   // overlong
    if (c == 0xEDU && b(1) >= 0xA0U) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0U && c <= 0xF4U) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0U && b(1) < 0x90U) return 0;   // overlong
    if (c == 0xF4U && b(1) >= 0x90U) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

constexpr std::array<std::string_view, 4> k_wide_spaces = {"\xC2\xA0", "\xE3\x80\x80",
                                                           "\xE2\x80\x8B", "\xEF\xBB\xBF"};

bool ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Byte length of a trimmable space at the start / end of `s`, 0 if there is none.
std::size_t space_prefix(std::string_view s) {
  if (!s.empty() && ascii_space(s.front())) return 1;
  for (auto w : k_wide_spaces) {
    if (s.starts_with(w)) return w.size();
  }
  return 0;
}

std::size_t space_suffix(std::string_view s) {
  if (!s.empty() && ascii_space(s.back())) return 1;
  for (auto w : k_wide_spaces) {
    if (s.ends_with(w)) return w.size();
  }
  return 0;
}

std::string_view trim_view(std::string_view s) {
  while (std::size_t n = space_prefix(s)) s.remove_prefix(n);
  while (std::size_t n = space_suffix(s)) s.remove_suffix(n);
  return s;
}

// Separators for split_list; none is a prefix of another, so the order does not matter.
constexpr std::array<std::string_view, 12> k_separators = {"\xE3\x80\x81" /* 、 */,
                                                           "\xEF\xBC\x8C" /* ， */,
                                                           "\xEF\xBC\x9B" /* ； */,
                                                           "\xEF\xBC\x8F" /* ／ */,
                                                           "\xE3\x80\x80" /* U+3000 */,
                                                           "\xC2\xA0" /* NBSP */,
                                                           ",",
                                                           ";",
                                                           "/",
                                                           " ",
                                                           "\t",
                                                           "\n"};

struct iconv_closer {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

}  // namespace

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = seq_len(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = seq_len(s, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char ch = s[i];
    if (dash != (ch == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

std::string trim(std::string_view s) {
  return std::string(trim_view(s));
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const std::size_t len = seq_len(s, i);
    i += len == 0 ? 1 : len;
  }
  return n;
}

ec::result<std::string> to_utf8_from_gb18030(std::string_view bytes) {
  const auto fail = [](std::string msg) {
    return ec::error::make(ec::errc::invalid, "text.encoding", std::move(msg));
  };
  iconv_t raw = iconv_open("UTF-8", "GB18030");
  if (raw == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr): iconv's API
    return fail("GB18030 decoding is not available (glibc gconv modules missing)");
  }
  const std::unique_ptr<void, iconv_closer> cd(raw);

  std::string out;
  // GB18030 uses 1, 2 or 4 bytes per character and UTF-8 needs at most 1.5x that, so this
  // buffer suffices; the E2BIG branch below is only a safety net.
  out.resize(bytes.size() * 2 + 16);
  // iconv's API takes char** for input it does not modify.
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t done = 0;
  while (in_left > 0) {
    char* dst = out.data() + done;
    std::size_t out_left = out.size() - done;
    const std::size_t rc = iconv(raw, &in, &in_left, &dst, &out_left);
    done = out.size() - out_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    const std::size_t at = bytes.size() - in_left;
    return fail(errno == EINVAL ? "text ends in the middle of a GB18030 character"
                                : "invalid GB18030 byte sequence at byte " + std::to_string(at));
  }
  out.resize(done);
  return out;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> items;
  std::size_t start = 0;
  std::size_t i = 0;
  const auto flush = [&](std::size_t end) {
    auto item = trim_view(s.substr(start, end - start));
    if (!item.empty()) items.emplace_back(item);
  };
  while (i < s.size()) {
    std::size_t sep = 0;
    for (auto t : k_separators) {
      if (s.substr(i).starts_with(t)) {
        sep = t.size();
        break;
      }
    }
    if (sep == 0) {
      const std::size_t n = seq_len(s, i);
      i += n == 0
               ? 1
               : n;  // step over whole characters so a separator byte never matches mid-character
      continue;
    }
    flush(i);
    i += sep;
    start = i;
  }
  flush(s.size());
  return items;
}

}  // namespace ec::text
