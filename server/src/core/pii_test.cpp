#include "core/pii.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace {

using namespace ec;

pii::keyring ring(std::string_view text) {
  auto k = pii::parse_key_file(text);
  EXPECT_TRUE(k) << (k ? "" : std::string(k.err().message));
  return *k;
}

TEST(Pii, RoundTripBindsContextAndKey) {
  auto k = ring(pii::new_key_file_text());
  auto c = pii::encrypt(k, "elders.id_number", "370322194503120028");
  EXPECT_TRUE(pii::is_ciphertext(c));
  EXPECT_EQ(pii::key_id_of(c), 1u);
  EXPECT_EQ(c.find("370322"), std::string::npos);
  EXPECT_NE(c, pii::encrypt(k, "elders.id_number", "370322194503120028"));  // random nonce
  auto p = pii::decrypt(k, "elders.id_number", c);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, "370322194503120028");
  // Another column, another key file, a damaged value: refused.
  EXPECT_FALSE(pii::decrypt(k, "elders.phone", c));
  auto other = ring(pii::new_key_file_text());
  auto wrong = pii::decrypt(other, "elders.id_number", c);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.err().code, "pii.decrypt");
  auto broken = c;
  broken[broken.size() - 3] = broken[broken.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(pii::decrypt(k, "elders.id_number", broken));
  EXPECT_FALSE(pii::decrypt(k, "elders.id_number", "13805331234"));
  auto empty = pii::decrypt(k, "x", pii::encrypt(k, "x", ""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
}

TEST(Pii, RotationKeepsOldKeysReadableAndIndexesStable) {
  auto text = pii::new_key_file_text();
  auto k1 = ring(text);
  auto old = pii::encrypt(k1, "c", "13805331234");
  auto rotated = pii::add_key(text);
  ASSERT_TRUE(rotated);
  auto k2 = ring(*rotated);
  EXPECT_EQ(k2.current_id(), 2u);
  EXPECT_EQ(pii::key_id_of(pii::encrypt(k2, "c", "x")), 2u);
  EXPECT_EQ(*pii::decrypt(k2, "c", old), "13805331234");
  EXPECT_EQ(pii::blind_index(k1, "phone", "13805331234"),
            pii::blind_index(k2, "phone", "13805331234"));
  auto dropped = pii::drop_old_keys(*rotated);
  ASSERT_TRUE(dropped);
  auto k3 = ring(*dropped);
  ASSERT_EQ(k3.keys.size(), 1u);
  EXPECT_EQ(k3.current_id(), 2u);
  EXPECT_FALSE(pii::decrypt(k3, "c", old));
}

TEST(Pii, BlindIndexIsKeyedAndDomainSeparated) {
  auto a = ring(pii::new_key_file_text());
  auto b = ring(pii::new_key_file_text());
  auto i = pii::blind_index(a, "phone", "13805331234");
  EXPECT_EQ(i.size(), 32u);
  EXPECT_EQ(i, pii::blind_index(a, "phone", "13805331234"));
  EXPECT_NE(i, pii::blind_index(b, "phone", "13805331234"));
  EXPECT_NE(i, pii::blind_index(a, "phone4", "13805331234"));
  EXPECT_NE(i, pii::blind_index(a, "phone", "13805331235"));
}

TEST(Pii, BadKeyFilesNameTheLineAndRule) {
  auto msg = [](std::string_view t) {
    auto k = pii::parse_key_file(t);
    EXPECT_FALSE(k);
    return k ? std::string() : std::string(k.err().message);
  };
  std::string hex(64, 'a');
  EXPECT_NE(msg("").find("no `index` line"), std::string::npos);
  EXPECT_NE(msg("index " + hex + "\n").find("no `key` line"), std::string::npos);
  EXPECT_NE(msg("index abc\n").find("line 1"), std::string::npos);
  EXPECT_NE(msg("index " + hex + "\nkey 0 " + hex).find("1 to 65535"), std::string::npos);
  EXPECT_NE(
      msg("index " + hex + "\nkey 1 " + hex + "\nkey 1 " + hex).find("line 3: key id repeated"),
      std::string::npos);
  EXPECT_NE(msg("# c\nsecret " + hex).find("line 2"), std::string::npos);
  EXPECT_TRUE(pii::parse_key_file("# c\n\nindex " + hex + "\r\nkey 7 " + hex + "\r\n"));
}

TEST(Pii, KeyFileIsWrittenWithMode600) {
  auto dir = std::filesystem::temp_directory_path() / ("pii-test-" + std::to_string(::getpid()));
  auto path = dir / "keys" / "eldercare.key";
  ASSERT_TRUE(pii::write_key_file(path, pii::new_key_file_text()));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_TRUE(pii::load_key_file(path));
  EXPECT_FALSE(pii::load_key_file(dir / "missing.key"));
  std::filesystem::remove_all(dir);
}

}  // namespace
