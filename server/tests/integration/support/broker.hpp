// What the MQTT integration suites share: whether a test broker is configured, random name
// suffixes, and the credential files the test broker script writes (scripts/mqtt-broker).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ingest/mqtt_client.hpp"

namespace it {

// {"mosquitto"} when ELDERCARE_TEST_MQTT_URL and ELDERCARE_TEST_MQTT_ADMIN are set, else {}:
// the values to instantiate broker-parameterised tests with.
std::vector<std::string> mqtt_brokers();

// `n` random lower-case hex digits (thread-safe), for serials and client ids that no
// other test uses.
std::string random_suffix(int n = 10);

struct broker_login {
  std::string user;
  std::string password;
};

// Reads a "user:password" file (the broker's admin and service logins); a missing colon
// fails the current test.
broker_login read_broker_login(const std::filesystem::path& file);

// A client of the broker at `address` with `login`, started and connected (nullptr, and the
// current test failed, when it does not connect within 10 s).
std::unique_ptr<ec::ingest::mqtt_client> connect_as(const ec::ingest::mqtt_options& address,
                                                    const broker_login& login,
                                                    const std::string& client_id);

}  // namespace it
