// Time helpers. Instants are stored as Unix milliseconds (UTC) and shown in Asia/Shanghai.
// China has observed no daylight saving time since 1991, so Shanghai is UTC+8 throughout the
// range this platform handles (nobody alive was born into a DST ambiguity that matters for a
// date of birth), and no tz database is needed.
//
// Failure: the parse functions return kind `invalid` with field `field` and code
// "date.invalid" (parse_date) or "datetime.invalid" (parse_iso8601); the message says what
// was expected. The formatting functions never fail.
// Thread-safety: pure functions, except now_unix_ms()/today_shanghai() which read the clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ec::timeutil {

inline constexpr std::chrono::hours k_shanghai_offset{8};

std::int64_t now_unix_ms();
std::chrono::year_month_day today_shanghai();
std::chrono::year_month_day to_shanghai_date(std::int64_t unix_ms);

// "2026-11-29T13:05:00+08:00" and "2026-11-29T05:05:00Z". Sub-second parts are dropped
// (rounded down, also before 1970).
std::string iso8601_shanghai(std::int64_t unix_ms);
std::string iso8601_utc(std::int64_t unix_ms);

// A calendar date. Accepts "2026-11-29" and what survey sheets contain: "2026/11/29",
// "2026.11.29", "2026-1-5", "2026年1月5日" and "20261129"; surrounding spaces are ignored.
// Years 1800..9999.
ec::result<std::chrono::year_month_day> parse_date(std::string_view yyyy_mm_dd,
                                                   std::string_view field);
std::string format_date(std::chrono::year_month_day d);  // "2026-11-29"
// The same day `years` later (earlier when negative); 29 February becomes 28 February in a
// year without it (a birthday's or an anniversary's usual reading).
std::chrono::year_month_day add_years(std::chrono::year_month_day d, int years);
// The instant (Unix ms) that a day begins in Shanghai.
std::int64_t shanghai_midnight_ms(std::chrono::year_month_day d);

// An instant: "2026-11-29T13:05:00+08:00", "...Z", any offset up to ±14:00 written ±HH:MM or
// ±HHMM, seconds and a fraction optional (kept to the millisecond), 'T' or a space between
// date and time. A plain date means midnight in Shanghai. A time without an offset is
// rejected: guessing the zone is how records end up eight hours off.
ec::result<std::int64_t> parse_iso8601(std::string_view text, std::string_view field);

}  // namespace ec::timeutil
