// Fixed-offset Shanghai time and ISO 8601; see timeutil.hpp.
#include "core/timeutil.hpp"

#include <fmt/format.h>

namespace ec::timeutil {
namespace {

using namespace std::chrono;

sys_time<milliseconds> at(std::int64_t unix_ms) {
  return sys_time<milliseconds>{milliseconds{unix_ms}};
}

// "YYYY-MM-DDTHH:MM:SS" of a (shifted) time point, seconds rounded down.
std::string date_time(sys_time<milliseconds> t) {
  const auto day_start = floor<days>(t);
  const year_month_day ymd{day_start};
  const hh_mm_ss hms{floor<seconds>(t - day_start)};
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

// A small cursor over the input for the hand-written parsers below.
struct scanner {
  std::string_view s;
  std::size_t i = 0;

  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  bool eat(std::string_view t) {
    if (!s.substr(i).starts_with(t)) return false;
    i += t.size();
    return true;
  }
  // Reads between `min` and `max` digits into `out`; false if fewer than `min`.
  bool digits(std::size_t min, std::size_t max, int& out) {
    std::size_t n = 0;
    out = 0;
    while (n < max && !done() && s[i] >= '0' && s[i] <= '9') {
      out = out * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    return n >= min;
  }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool make_date(int y, int m, int d, year_month_day& out) {
  if (y < 1800 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  out = year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  return out.ok();
}

// Strict ISO date "YYYY-MM-DD" at the scanner's position.
bool iso_date(scanner& sc, year_month_day& out) {
  int y = 0, m = 0, d = 0;
  return sc.digits(4, 4, y) && sc.eat('-') && sc.digits(2, 2, m) && sc.eat('-') &&
         sc.digits(2, 2, d) && make_date(y, m, d, out);
}

}  // namespace

std::int64_t now_unix_ms() {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

year_month_day to_shanghai_date(std::int64_t unix_ms) {
  return year_month_day{floor<days>(at(unix_ms) + k_shanghai_offset)};
}

year_month_day today_shanghai() {
  return to_shanghai_date(now_unix_ms());
}

std::string iso8601_shanghai(std::int64_t unix_ms) {
  return date_time(at(unix_ms) + k_shanghai_offset) + "+08:00";
}

std::string iso8601_utc(std::int64_t unix_ms) {
  return date_time(at(unix_ms)) + "Z";
}

std::string format_date(year_month_day d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

year_month_day add_years(year_month_day d, int n) {
  auto r = d + years{n};
  if (!r.ok()) r = year_month_day{r.year(), r.month(), day{28}};  // 29 February
  return r;
}

std::int64_t shanghai_midnight_ms(year_month_day d) {
  const auto midnight = sys_days{d} - k_shanghai_offset;
  return duration_cast<milliseconds>(midnight.time_since_epoch()).count();
}

ec::result<year_month_day> parse_date(std::string_view text, std::string_view field) {
  const auto fail = [&] {
    return ec::error::invalid("date.invalid", std::string(field),
                              fmt::format("'{}' is not a valid date; expected YYYY-MM-DD", text));
  };
  scanner sc{trim(text)};
  int y = 0, m = 0, d = 0;
  year_month_day out;
  if (sc.s.size() == 8 && sc.digits(8, 8, y)) {  // 20261129
    if (!make_date(y / 10000, y / 100 % 100, y % 100, out)) return fail();
    return out;
  }
  sc.i = 0;
  if (!sc.digits(4, 4, y)) return fail();
  // One separator style per date: "-", "/", "." or 年/月/日.
  if (sc.eat("\xE5\xB9\xB4")) {  // 年
    if (!sc.digits(1, 2, m) || !sc.eat("\xE6\x9C\x88") || !sc.digits(1, 2, d)) return fail();
    sc.eat("\xE6\x97\xA5");  // 日 is optional
  } else {
    const char sep = sc.peek();
    if (sep != '-' && sep != '/' && sep != '.') return fail();
    ++sc.i;
    if (!sc.digits(1, 2, m) || !sc.eat(sep) || !sc.digits(1, 2, d)) return fail();
  }
  if (!sc.done() || !make_date(y, m, d, out)) return fail();
  return out;
}

ec::result<std::int64_t> parse_iso8601(std::string_view text, std::string_view field) {
  const auto fail = [&](std::string_view why) {
    return ec::error::invalid("datetime.invalid", std::string(field),
                              fmt::format("'{}' is not a valid time: {}; expected e.g. "
                                          "2026-11-29T13:05:00+08:00",
                                          text, why));
  };
  scanner sc{trim(text)};
  year_month_day date;
  if (!iso_date(sc, date)) return fail("bad date");
  if (sc.done()) return shanghai_midnight_ms(date);
  if (!sc.eat('T') && !sc.eat('t') && !sc.eat(' ')) return fail("expected 'T' after the date");
  int hh = 0, mi = 0, ss = 0, ms = 0;
  if (!sc.digits(2, 2, hh) || !sc.eat(':') || !sc.digits(2, 2, mi)) return fail("bad time");
  if (sc.eat(':')) {
    if (!sc.digits(2, 2, ss)) return fail("bad seconds");
    if (sc.eat('.') || sc.eat(',')) {
      int frac = 0;
      const std::size_t start = sc.i;
      if (!sc.digits(1, 3, frac)) return fail("bad fraction");
      for (std::size_t n = sc.i - start; n < 3; ++n) frac *= 10;
      ms = frac;
      int ignored = 0;
      sc.digits(0, 6, ignored);  // digits beyond the millisecond are dropped
    }
  }
  if (hh > 23 || mi > 59 || ss > 59) return fail("time out of range");

  int offset_min = 0;
  if (sc.eat('Z') || sc.eat('z')) {
  } else if (sc.peek() == '+' || sc.peek() == '-') {
    const bool neg = sc.peek() == '-';
    ++sc.i;
    int oh = 0, om = 0;
    if (!sc.digits(2, 2, oh)) return fail("bad offset");
    sc.eat(':');
    if (!sc.digits(2, 2, om) || oh > 14 || om > 59 || oh * 60 + om > 14 * 60) {
      return fail("bad offset");
    }
    offset_min = (neg ? -1 : 1) * (oh * 60 + om);
  } else if (sc.done()) {
    return fail("an offset (Z or +08:00) is required");
  } else {
    return fail("unexpected characters");
  }
  if (!sc.done()) return fail("unexpected characters after the offset");

  const auto local = sys_days{date} + hours{hh} + minutes{mi} + seconds{ss} + milliseconds{ms};
  const auto utc = local - minutes{offset_min};
  return duration_cast<milliseconds>(utc.time_since_epoch()).count();
}

}  // namespace ec::timeutil
