#include "core/idcard.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono;

constexpr year_month_day k_today{year{2026}, November, day{29}};

std::string code_of(std::string_view input) {
  auto r = ec::idcard::parse(input, k_today);
  return r ? std::string("ok") : r.err().code;
}

TEST(IdCard, AcceptsTheStandardExample) {
  auto r = ec::idcard::parse("11010519491231002X", k_today);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->number, "11010519491231002X");
  EXPECT_EQ(r->birth, (year_month_day{year{1949}, December, day{31}}));
  EXPECT_EQ(r->sex, 'F');  // sequence 002 is even
  EXPECT_EQ(r->area_code, "110105");
}

TEST(IdCard, LowerCaseXIsUpperCasedAndSpacesTrimmed) {
  auto r = ec::idcard::parse("  11010519491231002x\t", k_today);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->number, "11010519491231002X");
  // Ideographic space and NBSP from a Chinese IME or a Word paste.
  auto r2 = ec::idcard::parse(
      "\xE3\x80\x80"
      "11010519491231002X\xC2\xA0",
      k_today);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->number, "11010519491231002X");
}

TEST(IdCard, RejectsWithTheRightCodes) {
  EXPECT_EQ(code_of(""), "id_number.required");
  EXPECT_EQ(code_of("   "), "id_number.required");
  EXPECT_EQ(code_of("11010519491231002"), "id_number.length");
  EXPECT_EQ(code_of("11010519491231002X1"), "id_number.length");
  EXPECT_EQ(code_of("1101051949123100AX"), "id_number.characters");
  EXPECT_EQ(code_of("11010519491231002Y"), "id_number.characters");
  EXPECT_EQ(code_of("X1010519491231002X"), "id_number.characters");
  // A full-width digit counts as one character, so it is a character error, not a length one.
  EXPECT_EQ(code_of("1101051949123100\xEF\xBC\x92X"), "id_number.characters");
  EXPECT_EQ(code_of("110105194912310021"), "id_number.check_digit");
  EXPECT_EQ(code_of(ec::idcard::make("370322", {year{1949}, February, day{28}}, 11)), "ok");
}

TEST(IdCard, RejectsImpossibleAndFutureDates) {
  // Build numbers with a correct check character so only the date can fail.
  auto with_date = [](std::string_view yyyymmdd) {
    std::string first17 = "370322" + std::string(yyyymmdd) + "123";
    return first17 + ec::idcard::check_char(first17);
  };
  EXPECT_EQ(code_of(with_date("19490230")), "id_number.birth_date");
  EXPECT_EQ(code_of(with_date("19491301")), "id_number.birth_date");
  EXPECT_EQ(code_of(with_date("19490000")), "id_number.birth_date");
  EXPECT_EQ(code_of(with_date("18000101")), "id_number.birth_date");
  EXPECT_EQ(code_of(with_date("19000229")), "id_number.birth_date");  // 1900 was not leap
  EXPECT_EQ(code_of(with_date("20000229")), "ok");
  EXPECT_EQ(code_of(with_date("20261130")), "id_number.future_birth");
  EXPECT_EQ(code_of(with_date("20261129")), "ok");  // born today is not the future
}

TEST(IdCard, ErrorsCarryTheCallersFieldAndExpectedCharacter) {
  auto r = ec::idcard::parse("110105194912310021", k_today, "rows[3].id_number");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().kind, ec::errc::invalid);
  EXPECT_EQ(r.err().field, "rows[3].id_number");
  EXPECT_NE(r.err().message.find("'X'"), std::string::npos) << r.err().message;
}

TEST(IdCard, CheckChar) {
  EXPECT_EQ(ec::idcard::check_char("11010519491231002"), 'X');
  EXPECT_EQ(ec::idcard::check_char("1101051949123100"), '\0');
  EXPECT_EQ(ec::idcard::check_char("1101051949123100A"), '\0');
}

TEST(IdCard, SexFromSequence) {
  const year_month_day b{year{1950}, March, day{1}};
  EXPECT_EQ(ec::idcard::parse(ec::idcard::make("370322", b, 1), k_today)->sex, 'M');
  EXPECT_EQ(ec::idcard::parse(ec::idcard::make("370322", b, 998), k_today)->sex, 'F');
}

TEST(IdCard, AgeAroundBirthdays) {
  const year_month_day b{year{1960}, June, day{15}};
  EXPECT_EQ(ec::idcard::age_on(b, {year{2020}, June, day{14}}), 59);
  EXPECT_EQ(ec::idcard::age_on(b, {year{2020}, June, day{15}}), 60);
  EXPECT_EQ(ec::idcard::age_on(b, {year{2020}, December, day{31}}), 60);
  EXPECT_EQ(ec::idcard::age_on(b, {year{2021}, January, day{1}}), 60);
  EXPECT_EQ(ec::idcard::age_on(b, b), 0);
  EXPECT_EQ(ec::idcard::age_on(b, {year{1950}, January, day{1}}), 0);
}

TEST(IdCard, AgeForLeapDayBirth) {
  const year_month_day b{year{1964}, February, day{29}};
  EXPECT_EQ(ec::idcard::age_on(b, {year{2025}, February, day{28}}), 60);
  EXPECT_EQ(ec::idcard::age_on(b, {year{2025}, March, day{1}}), 61);
  EXPECT_EQ(ec::idcard::age_on(b, {year{2024}, February, day{28}}), 59);
  EXPECT_EQ(ec::idcard::age_on(b, {year{2024}, February, day{29}}), 60);
}

TEST(IdCard, Mask) {
  EXPECT_EQ(ec::idcard::mask("37032219501201123X"), "370322********123X");
  EXPECT_EQ(ec::idcard::mask("1234567890"), "**********");
  EXPECT_EQ(ec::idcard::mask(""), "");
}

TEST(IdCard, MakeProducesValidNumbers) {
  const year_month_day b{year{1940}, January, day{5}};
  for (int seq : {0, 1, 2, 99, 500, 999, 1001, -1}) {
    const std::string n = ec::idcard::make("370322", b, seq);
    ASSERT_EQ(n.size(), 18U);
    auto r = ec::idcard::parse(n, k_today);
    ASSERT_TRUE(r.ok()) << n << ": " << r.err().message;
    EXPECT_EQ(r->birth, b);
    EXPECT_EQ(r->area_code, "370322");
  }
  EXPECT_EQ(ec::idcard::make("370322", b, 1001).substr(14, 3), "001");
  EXPECT_EQ(ec::idcard::make("370322", b, -1).substr(14, 3), "999");
}

}  // namespace
