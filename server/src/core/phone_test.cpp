#include "core/phone.hpp"

#include <gtest/gtest.h>

namespace {

std::string norm(std::string_view in) {
  auto r = ec::phone::normalize(in);
  return r ? *r : "ERR:" + r.err().code;
}

TEST(Phone, Mobiles) {
  EXPECT_EQ(norm("13812345678"), "13812345678");
  EXPECT_EQ(norm(" 138 1234 5678 "), "13812345678");
  EXPECT_EQ(norm("138-1234-5678"), "13812345678");
  EXPECT_EQ(norm("+86 138 1234 5678"), "13812345678");
  EXPECT_EQ(norm("+8613812345678"), "13812345678");
  EXPECT_EQ(norm("8613812345678"), "13812345678");
  EXPECT_EQ(norm("86-13812345678"), "13812345678");
  EXPECT_EQ(norm("0086 13812345678"), "13812345678");
  EXPECT_EQ(norm("\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98"
                 "12345678"),
            "13812345678");  // full-width
  EXPECT_EQ(norm("19912345678"), "19912345678");
  EXPECT_EQ(norm("0138 1234 5678"), "13812345678");  // trunk 0 in front of a mobile
}

TEST(Phone, RejectsBadMobiles) {
  EXPECT_EQ(norm("12812345678"), "ERR:phone.invalid");   // second digit 2
  EXPECT_EQ(norm("1381234567"), "ERR:phone.invalid");    // 10 digits
  EXPECT_EQ(norm("138123456789"), "ERR:phone.invalid");  // 12 digits
  EXPECT_EQ(norm("138a2345678"), "ERR:phone.invalid");
  EXPECT_EQ(norm("+1 650 555 1234"), "ERR:phone.invalid");
  EXPECT_EQ(norm(""), "ERR:phone.invalid");
  EXPECT_EQ(norm(" - "), "ERR:phone.invalid");
}

TEST(Phone, Landlines) {
  EXPECT_EQ(norm("0533-6123456"), "0533-6123456");
  EXPECT_EQ(norm("05336123456"), "0533-6123456");
  EXPECT_EQ(norm("0533 6123456"), "0533-6123456");
  EXPECT_EQ(norm("(0533)6123456"), "0533-6123456");
  EXPECT_EQ(norm("\xEF\xBC\x88"
                 "0533\xEF\xBC\x89"
                 "6123456"),
            "0533-6123456");
  EXPECT_EQ(norm("0533-612-3456"), "0533-6123456");
  EXPECT_EQ(norm("0533-6123456-12"), "0533-6123456-12");
  EXPECT_EQ(norm("0533-6123456\xE8\xBD\xAC"
                 "12"),
            "0533-6123456-12");  // 转
  EXPECT_EQ(norm("05336123456 ext 12"), "0533-6123456-12");
  EXPECT_EQ(norm("010-12345678"), "ERR:phone.invalid");  // local part starts with 1
  EXPECT_EQ(norm("010-62345678"), "010-62345678");
  EXPECT_EQ(norm("01062345678"), "010-62345678");
  EXPECT_EQ(norm("021 6234 5678"), "021-62345678");
  EXPECT_EQ(norm("+86 533 6123456"), "0533-6123456");
}

TEST(Phone, RejectsBadLandlines) {
  EXPECT_EQ(norm("6123456"), "ERR:phone.invalid");               // no area code
  EXPECT_EQ(norm("0533-612345"), "ERR:phone.invalid");           // 6 digits
  EXPECT_EQ(norm("0533-612345678"), "ERR:phone.invalid");        // 9 digits
  EXPECT_EQ(norm("0533-0123456"), "ERR:phone.invalid");          // local starts with 0
  EXPECT_EQ(norm("0533-6123456-1234567"), "ERR:phone.invalid");  // extension too long
  EXPECT_EQ(norm("0533-6123456-12-3"), "ERR:phone.invalid");
  EXPECT_EQ(norm("053"), "ERR:phone.invalid");
  // No area code starts with 00 (the international prefix). Found by the fuzz target: this
  // was "0086-8412331-5678", which normalized again to "0841-23315678".
  EXPECT_EQ(norm("00868412331 5678"), "ERR:phone.invalid");
  // With 0086 as its own group it is the country prefix, and the result is stable.
  EXPECT_EQ(norm("0086-8412331-5678"), "0841-23315678");
  EXPECT_EQ(norm("0841-23315678"), "0841-23315678");
  EXPECT_EQ(norm("0012-6123456"), "ERR:phone.invalid");
  EXPECT_EQ(norm("0086 533 6123456"), "0533-6123456");  // the prefix as its own group still works
}

TEST(Phone, ErrorNamesFieldAndRule) {
  auto r = ec::phone::normalize("1381234567", "contacts[1].phone");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().kind, ec::errc::invalid);
  EXPECT_EQ(r.err().field, "contacts[1].phone");
  EXPECT_NE(r.err().message.find("11 digits"), std::string::npos) << r.err().message;
  auto l = ec::phone::normalize("6123456");
  EXPECT_NE(l.err().message.find("area code"), std::string::npos) << l.err().message;
}

TEST(Phone, Mask) {
  EXPECT_EQ(ec::phone::mask("13812345678"), "138****5678");
  EXPECT_EQ(ec::phone::mask("0533-6123456"), "0533-****456");
  EXPECT_EQ(ec::phone::mask("010-62345678"), "010-*****678");
  EXPECT_EQ(ec::phone::mask("0533-6123456-12"), "0533-****456-12");
  EXPECT_EQ(ec::phone::mask("12345"), "**345");
  EXPECT_EQ(ec::phone::mask("12"), "**");
}

}  // namespace
