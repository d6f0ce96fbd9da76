#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

namespace cr = ec::crypto;

class Crypto : public ::testing::Test {
 protected:
  // argon2id at the interactive cost takes ~100 ms and 64 MiB; tests use the minimum.
  void SetUp() override {
    cr::init();
    cr::set_password_cost(1, 8192);
  }
};

TEST_F(Crypto, HashAndVerify) {
  const std::string h = cr::hash_password("correct horse");
  EXPECT_TRUE(h.starts_with("$argon2id$")) << h;
  EXPECT_TRUE(cr::verify_password(h, "correct horse"));
  EXPECT_FALSE(cr::verify_password(h, "correct horse "));
  EXPECT_FALSE(cr::verify_password(h, ""));
  EXPECT_NE(cr::hash_password("correct horse"), h);  // salted
}

TEST_F(Crypto, Utf8PasswordsAndEmbeddedNul) {
  const std::string pw = "\xE5\xAF\x86\xE7\xA0\x81" + std::string(1, '\0') + "x";
  const std::string h = cr::hash_password(pw);
  EXPECT_TRUE(cr::verify_password(h, pw));
  EXPECT_FALSE(cr::verify_password(h, "\xE5\xAF\x86\xE7\xA0\x81"));
}

TEST_F(Crypto, MalformedHashIsFalseNotACrash) {
  EXPECT_FALSE(cr::verify_password("", "x"));
  EXPECT_FALSE(cr::verify_password("$argon2id$garbage", "x"));
  EXPECT_FALSE(cr::verify_password(std::string(500, 'a'), "x"));
}

TEST_F(Crypto, NeedsRehashWhenCostChanges) {
  const std::string h = cr::hash_password("pw");
  EXPECT_FALSE(cr::needs_rehash(h));
  cr::set_password_cost(2, 8192);
  EXPECT_TRUE(cr::needs_rehash(h));
  EXPECT_TRUE(cr::needs_rehash("nonsense"));
}

TEST_F(Crypto, RandomToken) {
  const std::string t = cr::random_token();
  EXPECT_EQ(t.size(), 43U);
  for (char c : t) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << t;
  }
  EXPECT_NE(cr::random_token(), t);
  EXPECT_EQ(cr::random_token(3).size(), 4U);
  EXPECT_EQ(cr::random_token(0), "");
}

TEST_F(Crypto, Sha256KnownVectors) {
  EXPECT_EQ(cr::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(cr::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(cr::constant_time_equal("abc", "abc"));
  EXPECT_TRUE(cr::constant_time_equal("", ""));
  EXPECT_FALSE(cr::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(cr::constant_time_equal("abc", "abcd"));
}

TEST_F(Crypto, RandomPasswordIsReadable) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string pw = cr::random_password();
    ASSERT_EQ(pw.size(), 14U);
    bool digit = false, letter = false;
    for (char c : pw) {
      EXPECT_EQ(std::string_view("0O1lI").find(c), std::string_view::npos) << pw;
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << pw;
      (std::isdigit(static_cast<unsigned char>(c)) ? digit : letter) = true;
    }
    EXPECT_TRUE(digit && letter) << pw;
    seen.insert(pw);
  }
  EXPECT_EQ(seen.size(), 200U);
  // Even the shortest has one of each.
  for (int i = 0; i < 50; ++i) {
    const std::string pw = cr::random_password(1);
    ASSERT_EQ(pw.size(), 2U);
    EXPECT_NE(std::isdigit(static_cast<unsigned char>(pw[0])),
              std::isdigit(static_cast<unsigned char>(pw[1])))
        << pw;
  }
}

}  // namespace
