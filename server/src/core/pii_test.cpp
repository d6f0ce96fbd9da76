#include "core/pii.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

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
  // The folders it made are the owner's alone, like the data folder.
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700);
  ASSERT_EQ(::stat((dir / "keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700);
  EXPECT_TRUE(pii::load_key_file(path));
  EXPECT_FALSE(pii::load_key_file(dir / "missing.key"));
  std::filesystem::remove_all(dir);
}

// The key as configured: inline text with ';' between lines, or a private file; never both
// missing; keygen's file is 0600 and never overwritten; a file others may read is refused.
TEST(Pii, ConfiguredKeyFromTextOrPrivateFile) {
  auto dir = std::filesystem::temp_directory_path() / ("pii-cfg-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto path = dir / "pii.key";

  auto none = pii::load_configured("", "");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.err().code, "pii.no_key");
  EXPECT_NE(none.err().message.find("eldercare keygen"), std::string::npos);
  auto missing = pii::load_configured("", path);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.err().message.find(path.string()), std::string::npos);

  ASSERT_TRUE(pii::create_key_file(path));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto from_file = pii::load_configured("", path);
  ASSERT_TRUE(from_file) << from_file.err().message;
  EXPECT_EQ(from_file->current_id(), 1u);

  // keygen never replaces a key: that would make every encrypted row unreadable.
  std::ifstream before(path);
  std::string text((std::istreambuf_iterator<char>(before)), std::istreambuf_iterator<char>());
  auto again = pii::create_key_file(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.err().code, "pii.key_exists");
  std::ifstream after(path);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(after)), std::istreambuf_iterator<char>()),
            text);

  ::chmod(path.c_str(), 0644);
  auto shared = pii::load_configured("", path);
  ASSERT_FALSE(shared);
  EXPECT_NE(shared.err().message.find("0644"), std::string::npos);
  ::chmod(path.c_str(), 0600);

  // Inline: the same keys, lines joined by ';' (an environment variable has no newlines).
  std::string inline_text;
  for (char ch : text) inline_text += ch == '\n' ? ';' : ch;
  auto from_text = pii::load_configured(inline_text, "");
  ASSERT_TRUE(from_text) << from_text.err().message;
  auto sealed = pii::encrypt(*from_file, "t", "13812345678");
  auto opened = pii::decrypt(*from_text, "t", sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "13812345678");
  EXPECT_FALSE(pii::load_configured("index 00;key 1 00", ""));
  std::filesystem::remove_all(dir);
}

// A server learns a key added to its file (by `eldercare rekey`) when it meets a value under
// that key, without a restart; clear values pass through open().
TEST(Pii, InstalledKeyringFollowsTheFile) {
  auto dir = std::filesystem::temp_directory_path() / ("pii-vault-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto path = dir / "pii.key";
  ASSERT_TRUE(pii::create_key_file(path));
  auto k1 = pii::load_configured("", path);
  ASSERT_TRUE(k1);
  pii::install(*k1, path);
  auto old_value = pii::seal("c", "110101195001011234");
  EXPECT_EQ(pii::key_id_of(old_value), 1u);
  auto clear = pii::open("c", "13800001111");
  ASSERT_TRUE(clear);
  EXPECT_EQ(*clear, "13800001111");

  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto rotated = pii::add_key(text);
  ASSERT_TRUE(rotated);
  ASSERT_TRUE(pii::write_key_file(path, *rotated));
  auto k2 = pii::load_configured("", path);
  ASSERT_TRUE(k2);
  auto new_value = pii::encrypt(*k2, "c", "13900002222");
  auto opened = pii::open("c", new_value);  // key 2 is not installed yet: re-read the file
  ASSERT_TRUE(opened) << opened.err().message;
  EXPECT_EQ(*opened, "13900002222");
  EXPECT_EQ(pii::active()->current_id(), 2u);
  EXPECT_EQ(pii::key_id_of(pii::seal("c", "x")), 2u);
  auto still = pii::open("c", old_value);
  ASSERT_TRUE(still);
  EXPECT_EQ(*still, "110101195001011234");
  EXPECT_EQ(pii::index("d", "v"), pii::blind_index(*k1, "d", "v"));  // index key kept
  std::filesystem::remove_all(dir);
}

}  // namespace
