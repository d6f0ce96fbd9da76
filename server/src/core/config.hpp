// Settings of the server, from (lowest to highest precedence) built-in
// defaults, a TOML file, ELDERCARE_* environment variables and command-line
// flags. Every setting is declared once in `settings()` with its description,
// which feeds `eldercare --help` and docs/OPERATIONS.md.
//
// Failure: a malformed file, an unknown key or a value of the wrong type is an
// error naming the key and source (start-up refuses to continue).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ec {

struct config {
  // [server]
  std::string listen = "127.0.0.1";
  std::int64_t port = 8080;
  std::int64_t threads = 4;
  std::string web_root = "web/dist";
  std::int64_t body_limit_kib = 1024;
  std::int64_t import_limit_mib = 32;
  std::int64_t read_timeout_s = 30;
  std::int64_t idle_timeout_s = 60;
  std::int64_t shutdown_grace_s = 10;
  bool trust_proxy = false;
  std::int64_t max_connections_per_ip = 100;
  // [database]
  std::string database_url = "sqlite:data/eldercare.db";
  std::int64_t pool_size = 8;
  std::int64_t busy_timeout_ms = 5000;
  // [security]
  std::int64_t session_ttl_min = 720;
  std::int64_t login_max_failures = 5;
  std::int64_t login_lockout_min = 15;
  std::int64_t login_ip_per_min = 30;
  std::int64_t api_rate_per_min = 1200;
  bool secure_cookies = false;
  std::string metrics_token;  // "" = /metrics for loopback clients only
  std::string pii_key_file;   // personal-data key file (core/pii.hpp); "" = use pii_key
  std::string pii_key;        // the key file's text inline (';' between lines); secret
  // [monitoring]
  std::string mqtt_url;          // "" = no MQTT (devices use HTTP ingest only)
  std::string mqtt_credentials;  // folder with `service` and `admin` files ("user:password")
  std::string mqtt_client_id = "eldercare-server";
  std::string webhook_url;      // "" = no webhook; http:// or https://
  std::string webhook_ca_file;  // PEM CAs trusted for https:// instead of the system store
  std::string webhook_secret;   // HMAC-SHA256 signing key; "" = deliveries are not signed
  std::int64_t webhook_timeout_ms = 5000;
  std::int64_t webhook_max_attempts = 8;
  std::int64_t clock_skew_max_s = 600;
  std::int64_t event_max_age_h = 168;
  std::int64_t event_retention_days = 90;
  // [log]
  std::string log_level = "info";
};

struct setting {
  std::string key;          // "server.port" (TOML table.key)
  std::string env;          // "ELDERCARE_PORT"
  std::string flag;         // "--port"
  std::string description;  // one line
  std::string default_value;
};

// Every setting, in the order --help and docs list them.
const std::vector<setting>& settings();

// Applies one value given as text (from env or a flag) to `c`.
status apply_setting(config& c, const std::string& key, const std::string& value,
                     const std::string& source);

// Loads a TOML file into `c` (missing file = error; unknown keys = error).
status load_toml(config& c, const std::string& path);

// Applies ELDERCARE_* variables found in `env` (name → value).
status load_env(config& c, const std::map<std::string, std::string>& env);

// The current value of a setting as text (for `eldercare config`).
std::string current_value(const config& c, const std::string& key);

}  // namespace ec
