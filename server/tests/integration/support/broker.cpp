#include "support/broker.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <mutex>
#include <random>

#include "support/harness.hpp"

namespace it {

std::vector<std::string> mqtt_brokers() {
  if (env("ELDERCARE_TEST_MQTT_URL").empty() || env("ELDERCARE_TEST_MQTT_ADMIN").empty()) return {};
  return {"mosquitto"};
}

std::string random_suffix(int n) {
  static std::mutex mu;
  static std::mt19937_64 rng{std::random_device{}()};
  std::lock_guard lk(mu);
  std::string s;
  for (int i = 0; i < n; ++i) s += "0123456789abcdef"[rng() % 16];
  return s;
}

broker_login read_broker_login(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  auto colon = s.find(':');
  EXPECT_NE(colon, std::string::npos) << "no user:password in " << file;
  if (colon == std::string::npos) return {};
  return {s.substr(0, colon), s.substr(colon + 1)};
}

std::unique_ptr<ec::ingest::mqtt_client> connect_as(const ec::ingest::mqtt_options& address,
                                                    const broker_login& login,
                                                    const std::string& client_id) {
  auto o = address;
  o.username = login.user;
  o.password = login.password;
  o.client_id = client_id;
  auto c = std::make_unique<ec::ingest::mqtt_client>(o);
  if (!c->start() || !c->wait_connected(std::chrono::seconds(10))) {
    ADD_FAILURE() << "cannot connect to the test broker as " << login.user << ": "
                  << c->last_error();
    c->stop();
    return nullptr;
  }
  return c;
}

}  // namespace it
