#include "core/timeutil.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono;
namespace tu = ec::timeutil;

// 2026-11-29T05:05:00Z = 13:05 in Shanghai.
constexpr std::int64_t k_t = 1795928700000;

TEST(TimeUtil, FormatsInShanghaiAndUtc) {
  EXPECT_EQ(tu::iso8601_utc(k_t), "2026-11-29T05:05:00Z");
  EXPECT_EQ(tu::iso8601_shanghai(k_t), "2026-11-29T13:05:00+08:00");
  EXPECT_EQ(tu::iso8601_utc(k_t + 999), "2026-11-29T05:05:00Z");  // sub-second dropped
  EXPECT_EQ(tu::iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(tu::iso8601_utc(-1), "1969-12-31T23:59:59Z");  // rounds down, not toward zero
  EXPECT_EQ(tu::iso8601_shanghai(0), "1970-01-01T08:00:00+08:00");
}

TEST(TimeUtil, ShanghaiDateChangesAtSixteenUtc) {
  // 2026-11-29T15:59:59.999Z is still the 29th in Shanghai; a millisecond later it is the 30th.
  const std::int64_t before = 1795967999999;
  EXPECT_EQ(tu::iso8601_utc(before), "2026-11-29T15:59:59Z");
  EXPECT_EQ(tu::to_shanghai_date(before), (year_month_day{year{2026}, November, day{29}}));
  EXPECT_EQ(tu::to_shanghai_date(before + 1), (year_month_day{year{2026}, November, day{30}}));
}

TEST(TimeUtil, NowIsPlausible) {
  const auto now = tu::now_unix_ms();
  EXPECT_GT(now, 1767225600000);  // after 2026-01-01
  const auto today = tu::today_shanghai();
  EXPECT_TRUE(today == tu::to_shanghai_date(now) ||
              today == tu::to_shanghai_date(tu::now_unix_ms()));
}

TEST(TimeUtil, ParseDate) {
  const year_month_day d{year{2026}, November, day{29}};
  EXPECT_EQ(*tu::parse_date("2026-11-29", "d"), d);
  EXPECT_EQ(*tu::parse_date(" 2026/11/29 ", "d"), d);
  EXPECT_EQ(*tu::parse_date("2026.11.29", "d"), d);
  EXPECT_EQ(*tu::parse_date("20261129", "d"), d);
  EXPECT_EQ(*tu::parse_date("2026\xE5\xB9\xB4"
                            "11\xE6\x9C\x88"
                            "29\xE6\x97\xA5",
                            "d"),
            d);
  EXPECT_EQ(*tu::parse_date("1950-3-5", "d"), (year_month_day{year{1950}, March, day{5}}));
  EXPECT_EQ(*tu::parse_date("2024-02-29", "d"), (year_month_day{year{2024}, February, day{29}}));
  for (const char* bad : {"", "2026-11", "2026-13-01", "2025-02-29", "2026-11-31", "2026/11-29",
                          "26-11-29", "2026-11-29x", "20261329", "1700-01-01", "abcd-ef-gh"}) {
    auto r = tu::parse_date(bad, "birth");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.err().code, "date.invalid");
    EXPECT_EQ(r.err().field, "birth");
  }
}

TEST(TimeUtil, FormatDate) {
  EXPECT_EQ(tu::format_date({year{1949}, October, day{1}}), "1949-10-01");
}

TEST(TimeUtil, ParseIso8601) {
  EXPECT_EQ(*tu::parse_iso8601("2026-11-29T13:05:00+08:00", "t"), k_t);
  EXPECT_EQ(*tu::parse_iso8601("2026-11-29T05:05:00Z", "t"), k_t);
  EXPECT_EQ(*tu::parse_iso8601("2026-11-29t05:05:00z", "t"), k_t);
  EXPECT_EQ(*tu::parse_iso8601("2026-11-29 13:05+0800", "t"), k_t);
  EXPECT_EQ(*tu::parse_iso8601("2026-11-29T00:05:00-05:00", "t"), k_t);
  EXPECT_EQ(*tu::parse_iso8601("2026-11-29T05:05:00.25Z", "t"), k_t + 250);
  EXPECT_EQ(*tu::parse_iso8601("2026-11-29T05:05:00.123456789Z", "t"), k_t + 123);
  // A plain date is midnight in Shanghai = 16:00 UTC the day before.
  auto midnight = tu::parse_iso8601("2026-11-29", "t");
  ASSERT_TRUE(midnight.ok());
  EXPECT_EQ(tu::iso8601_utc(*midnight), "2026-11-28T16:00:00Z");
  EXPECT_EQ(tu::iso8601_shanghai(*midnight), "2026-11-29T00:00:00+08:00");
  // Round trip.
  EXPECT_EQ(*tu::parse_iso8601(tu::iso8601_shanghai(k_t), "t"), k_t);
  EXPECT_EQ(*tu::parse_iso8601(tu::iso8601_utc(k_t), "t"), k_t);
}

TEST(TimeUtil, ParseIso8601Rejects) {
  for (const char* bad :
       {"", "2026-11-29T13:05:00", "2026-11-29T24:00:00Z", "2026-11-29T13:60Z",
        "2026-11-29T13:05:00+15:00", "2026-11-29T13:05:00+08", "2026-11-29T13Z",
        "2026-02-30T00:00:00Z", "2026-11-29T13:05:00Zjunk", "2026/11/29T13:05Z", "now"}) {
    auto r = tu::parse_iso8601(bad, "at");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.err().code, "datetime.invalid");
    EXPECT_EQ(r.err().field, "at");
  }
  EXPECT_NE(tu::parse_iso8601("2026-11-29T13:05:00", "at").err().message.find("offset"),
            std::string::npos);
}

}  // namespace

TEST(TimeUtil, AddYearsKeepsTheDayAndTurns29FebruaryInto28) {
  using namespace std::chrono;
  EXPECT_EQ(ec::timeutil::add_years(2026y / December / 3, -80), 1946y / December / 3);
  EXPECT_EQ(ec::timeutil::add_years(2024y / February / 29, 1), 2025y / February / 28);
  EXPECT_EQ(ec::timeutil::add_years(2024y / February / 29, -4), 2020y / February / 29);
  EXPECT_EQ(ec::timeutil::add_years(2026y / March / 1, -2), 2024y / March / 1);
}

TEST(TimeUtil, ShanghaiMidnightIsSixteenUtcTheDayBefore) {
  using namespace std::chrono;
  // 2026-12-03T00:00:00+08:00 = 2026-12-02T16:00:00Z.
  EXPECT_EQ(ec::timeutil::iso8601_utc(ec::timeutil::shanghai_midnight_ms(2026y / December / 3)),
            "2026-12-02T16:00:00Z");
  EXPECT_EQ(
      ec::timeutil::to_shanghai_date(ec::timeutil::shanghai_midnight_ms(2026y / December / 3)),
      2026y / December / 3);
  EXPECT_EQ(*ec::timeutil::parse_iso8601("2026-12-03", "t"),
            ec::timeutil::shanghai_midnight_ms(2026y / December / 3));
}
