#include "core/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

TEST(Config, PrecedenceFileThenEnvThenFlag) {
  auto path = std::filesystem::temp_directory_path() / "ec_config_test.toml";
  {
    std::ofstream f(path);
    f << "[server]\nport = 9000\nthreads = 3\n[database]\nurl = \"sqlite:x.db\"\n";
  }
  ec::config c;
  ASSERT_TRUE(ec::load_toml(c, path.string()).ok());
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.database_url, "sqlite:x.db");
  ASSERT_TRUE(ec::load_env(c, {{"ELDERCARE_PORT", "9100"}, {"UNRELATED", "1"}}).ok());
  EXPECT_EQ(c.port, 9100);
  EXPECT_EQ(c.threads, 3);
  ASSERT_TRUE(ec::apply_setting(c, "server.port", "9200", "--port").ok());
  EXPECT_EQ(c.port, 9200);
  std::filesystem::remove(path);
}

TEST(Config, RejectsUnknownKeysAndBadValues) {
  auto path = std::filesystem::temp_directory_path() / "ec_config_bad.toml";
  {
    std::ofstream f(path);
    f << "[server]\nprot = 9000\n";
  }
  ec::config c;
  auto s = ec::load_toml(c, path.string());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.err().message.find("server.prot"), std::string::npos);
  auto e = ec::load_env(c, {{"ELDERCARE_PORT", "eighty"}});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.err().message.find("ELDERCARE_PORT"), std::string::npos);
  EXPECT_FALSE(ec::apply_setting(c, "server.port", "70000", "--port").ok());
  EXPECT_FALSE(ec::apply_setting(c, "server.trust_proxy", "maybe", "--trust-proxy").ok());
  std::filesystem::remove(path);
}

TEST(Config, WebhookUrlMustBeHttpsOrHttpOrEmpty) {
  ec::config c;
  ASSERT_TRUE(
      ec::apply_setting(c, "monitoring.webhook_url", "http://127.0.0.1:9000/sms", "--webhook-url")
          .ok());
  EXPECT_EQ(c.webhook_url, "http://127.0.0.1:9000/sms");
  ASSERT_TRUE(ec::load_env(c, {{"ELDERCARE_WEBHOOK_URL", "https://sms.example.com/send"}}).ok());
  EXPECT_EQ(c.webhook_url, "https://sms.example.com/send");
  auto ftp = ec::load_env(c, {{"ELDERCARE_WEBHOOK_URL", "ftp://sms.example.com/send"}});
  ASSERT_FALSE(ftp.ok());
  EXPECT_NE(ftp.err().message.find("ELDERCARE_WEBHOOK_URL"), std::string::npos);
  EXPECT_NE(ftp.err().message.find("must start with https:// or http://"), std::string::npos);
  EXPECT_EQ(c.webhook_url, "https://sms.example.com/send");
  EXPECT_FALSE(ec::apply_setting(c, "monitoring.webhook_url", "http://host:99999/", "--x").ok());
  ASSERT_TRUE(ec::apply_setting(c, "monitoring.webhook_url", "", "--webhook-url").ok());
  EXPECT_EQ(c.webhook_url, "");
}

TEST(Config, WebhookCaFileMustBeAReadableFile) {
  ec::config c;
  auto dir = std::filesystem::temp_directory_path();
  auto missing = ec::apply_setting(c, "monitoring.webhook_ca_file",
                                   (dir / "no-such-ca-file.pem").string(), "--webhook-ca-file");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().field, "monitoring.webhook_ca_file");
  EXPECT_NE(missing.err().message.find("no such file"), std::string::npos);
  EXPECT_FALSE(ec::apply_setting(c, "monitoring.webhook_ca_file", dir.string(), "env").ok());
  auto path = dir / ("ec_ca_" + std::to_string(::getpid()) + ".pem");
  std::ofstream(path) << "-----BEGIN CERTIFICATE-----\n";
  ASSERT_TRUE(ec::apply_setting(c, "monitoring.webhook_ca_file", path.string(), "env").ok());
  EXPECT_EQ(c.webhook_ca_file, path.string());
  EXPECT_EQ(ec::current_value(c, "monitoring.webhook_ca_file"), path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(ec::apply_setting(c, "monitoring.webhook_ca_file", "", "env").ok());
  EXPECT_EQ(c.webhook_ca_file, "");
}

TEST(Config, WebhookSecretIsLongVisibleAsciiAndNeverShown) {
  ec::config c;
  EXPECT_FALSE(ec::apply_setting(c, "monitoring.webhook_secret", "short", "--webhook-secret").ok());
  ASSERT_TRUE(
      ec::load_env(c, {{"ELDERCARE_WEBHOOK_SECRET", "gateway-shared-key-0123456789"}}).ok());
  EXPECT_EQ(c.webhook_secret, "gateway-shared-key-0123456789");
  EXPECT_EQ(ec::current_value(c, "monitoring.webhook_secret"), "(set)");
}

TEST(Config, MetricsTokenIsLongVisibleAsciiAndNeverShown) {
  ec::config c;
  EXPECT_FALSE(ec::apply_setting(c, "security.metrics_token", "short", "--metrics-token").ok());
  auto spaced = ec::apply_setting(c, "security.metrics_token", "a token with spaces", "env");
  ASSERT_FALSE(spaced.ok());
  EXPECT_NE(spaced.err().message.find("no spaces"), std::string::npos);
  EXPECT_EQ(c.metrics_token, "");
  ASSERT_TRUE(ec::apply_setting(c, "security.metrics_token", "Prom-scrape-0123456789", "env").ok());
  EXPECT_EQ(c.metrics_token, "Prom-scrape-0123456789");
  EXPECT_EQ(ec::current_value(c, "security.metrics_token"), "(set)");
  ASSERT_TRUE(ec::apply_setting(c, "security.metrics_token", "", "env").ok());
  EXPECT_EQ(ec::current_value(c, "security.metrics_token"), "");
}

TEST(Config, EverySettingHasEnvFlagAndDescription) {
  for (const auto& s : ec::settings()) {
    EXPECT_TRUE(s.env.starts_with("ELDERCARE_")) << s.key;
    EXPECT_TRUE(s.flag.starts_with("--")) << s.key;
    EXPECT_FALSE(s.description.empty()) << s.key;
  }
}

}  // namespace
