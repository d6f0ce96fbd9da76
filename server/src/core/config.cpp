#include "core/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/http_url.hpp"
#include "core/pii.hpp"

namespace ec {
namespace {

struct binding {
  setting meta;
  std::function<status(config&, const std::string&, const std::string&)> set;
  std::function<std::string(const config&)> get;
};

status bad(const std::string& key, const std::string& source, const std::string& rule) {
  return error::invalid("config.invalid", key, "setting " + key + " from " + source + ": " + rule);
}

binding int_setting(std::string key, std::string env, std::string flag, std::string desc,
                    std::int64_t config::*member, std::int64_t min, std::int64_t max) {
  config defaults;
  setting m{key, env, flag, std::move(desc), std::to_string(defaults.*member)};
  return {m,
          [=](config& c, const std::string& v, const std::string& src) -> status {
            std::int64_t x = 0;
            auto [p, e] = std::from_chars(v.data(), v.data() + v.size(), x);
            if (e != std::errc() || p != v.data() + v.size())
              return bad(key, src, "expected an integer, got '" + v + "'");
            if (x < min || x > max)
              return bad(key, src,
                         "must be between " + std::to_string(min) + " and " + std::to_string(max));
            c.*member = x;
            return {};
          },
          [=](const config& c) { return std::to_string(c.*member); }};
}

binding str_setting(std::string key, std::string env, std::string flag, std::string desc,
                    std::string config::*member) {
  config defaults;
  setting m{key, env, flag, std::move(desc), defaults.*member};
  return {m,
          [=](config& c, const std::string& v, const std::string& src) -> status {
            if (v.empty()) return bad(key, src, "must not be empty");
            c.*member = v;
            return {};
          },
          [=](const config& c) { return c.*member; }};
}

// Text that may be empty: empty turns the feature off. A value that is not empty must pass
// `rule`, which says what is wrong with it ("" when nothing is); a `secret` is never shown.
binding opt_str_setting(std::string key, std::string env, std::string flag, std::string desc,
                        std::string config::*member,
                        std::function<std::string(const std::string&)> rule = {},
                        bool secret = false) {
  config defaults;
  setting m{key, env, flag, std::move(desc), defaults.*member};
  return {m,
          [=](config& c, const std::string& v, const std::string& src) -> status {
            if (!v.empty() && rule) {
              if (auto wrong = rule(v); !wrong.empty()) return bad(key, src, wrong);
            }
            c.*member = v;
            return {};
          },
          [=](const config& c) {
            return secret && !(c.*member).empty() ? std::string("(set)") : c.*member;
          }};
}

// An http:// or https:// URL that may be empty (empty turns the feature off); anything else
// that parse_http_url() refuses (another scheme, a typo) stops start-up.
binding http_url_setting(std::string key, std::string env, std::string flag, std::string desc,
                         std::string config::*member) {
  auto rule = [key](const std::string& v) {
    auto u = parse_http_url(v, key);
    return u ? std::string() : u.err().message;
  };
  return opt_str_setting(key, std::move(env), std::move(flag), std::move(desc), member, rule);
}

// A secret that may be empty (empty: the feature it guards stays local); otherwise at least
// 16 visible ASCII characters, so that it is neither guessable nor mangled by a shell.
binding token_setting(std::string key, std::string env, std::string flag, std::string desc,
                      std::string config::*member) {
  auto rule = [](const std::string& v) -> std::string {
    if (v.size() < 16) return "must be at least 16 characters";
    for (unsigned char ch : v)
      if (ch <= 0x20 || ch >= 0x7f) return "must be visible ASCII characters, no spaces";
    return {};
  };
  return opt_str_setting(std::move(key), std::move(env), std::move(flag), std::move(desc), member,
                         rule, true);
}

// A path to a file that may be empty; otherwise it must be a regular file this process can read
// (what is inside is checked by the code that uses it, at start-up).
binding file_setting(std::string key, std::string env, std::string flag, std::string desc,
                     std::string config::*member) {
  auto rule = [](const std::string& v) -> std::string {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(v, ec)) return "no such file: " + v;
    if (!std::ifstream(v).good()) return "cannot read " + v;
    return {};
  };
  return opt_str_setting(std::move(key), std::move(env), std::move(flag), std::move(desc), member,
                         rule);
}

binding enum_setting(std::string key, std::string env, std::string flag, std::string desc,
                     std::string config::*member, std::vector<std::string> allowed) {
  config defaults;
  setting m{key, env, flag, std::move(desc), defaults.*member};
  return {m,
          [=](config& c, const std::string& v, const std::string& src) -> status {
            for (const auto& a : allowed)
              if (a == v) {
                c.*member = v;
                return {};
              }
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            return bad(key, src, "must be one of " + list + ", got '" + v + "'");
          },
          [=](const config& c) { return c.*member; }};
}

binding bool_setting(std::string key, std::string env, std::string flag, std::string desc,
                     bool config::*member) {
  config defaults;
  setting m{key, env, flag, std::move(desc), defaults.*member ? "true" : "false"};
  return {m,
          [=](config& c, const std::string& v, const std::string& src) -> status {
            if (v == "true" || v == "1" || v == "yes")
              c.*member = true;
            else if (v == "false" || v == "0" || v == "no")
              c.*member = false;
            else
              return bad(key, src, "expected true or false, got '" + v + "'");
            return {};
          },
          [=](const config& c) { return std::string(c.*member ? "true" : "false"); }};
}

const std::vector<binding>& bindings() {
  static const std::vector<binding> all = {
      str_setting("server.listen", "ELDERCARE_LISTEN", "--listen",
                  "address to listen on (127.0.0.1, ::1, 0.0.0.0)", &config::listen),
      int_setting("server.port", "ELDERCARE_PORT", "--port", "TCP port; 0 picks a free one",
                  &config::port, 0, 65535),
      int_setting("server.threads", "ELDERCARE_THREADS", "--threads",
                  "I/O threads that also run request handlers", &config::threads, 1, 256),
      str_setting("server.web_root", "ELDERCARE_WEB_ROOT", "--web-root",
                  "folder of the built web app (web/dist)", &config::web_root),
      int_setting("server.body_limit_kib", "ELDERCARE_BODY_LIMIT_KIB", "--body-limit-kib",
                  "largest request body in KiB on ordinary routes", &config::body_limit_kib, 1,
                  1 << 20),
      int_setting("server.import_limit_mib", "ELDERCARE_IMPORT_LIMIT_MIB", "--import-limit-mib",
                  "largest uploaded spreadsheet in MiB (import route only)",
                  &config::import_limit_mib, 1, 1024),
      int_setting("server.read_timeout_s", "ELDERCARE_READ_TIMEOUT_S", "--read-timeout-s",
                  "seconds allowed to receive one request", &config::read_timeout_s, 1, 3600),
      int_setting("server.idle_timeout_s", "ELDERCARE_IDLE_TIMEOUT_S", "--idle-timeout-s",
                  "seconds a keep-alive connection may stay idle", &config::idle_timeout_s, 1,
                  3600),
      int_setting("server.shutdown_grace_s", "ELDERCARE_SHUTDOWN_GRACE_S", "--shutdown-grace-s",
                  "seconds to finish requests in flight on SIGTERM", &config::shutdown_grace_s, 0,
                  600),
      bool_setting("server.trust_proxy", "ELDERCARE_TRUST_PROXY", "--trust-proxy",
                   "take client address and scheme from X-Forwarded-For/-Proto",
                   &config::trust_proxy),
      int_setting("server.max_connections_per_ip", "ELDERCARE_MAX_CONNECTIONS_PER_IP",
                  "--max-connections-per-ip",
                  "open connections one client address may hold; 0 = no cap (off with "
                  "trust_proxy)",
                  &config::max_connections_per_ip, 0, 100000),
      str_setting("database.url", "ELDERCARE_DATABASE_URL", "--database-url",
                  "sqlite:PATH or postgresql://user@host:port/db", &config::database_url),
      int_setting("database.pool_size", "ELDERCARE_POOL_SIZE", "--pool-size",
                  "database connections kept open", &config::pool_size, 1, 512),
      int_setting("database.busy_timeout_ms", "ELDERCARE_BUSY_TIMEOUT_MS", "--busy-timeout-ms",
                  "how long to wait for a lock or a free connection", &config::busy_timeout_ms, 1,
                  600000),
      int_setting("security.session_ttl_min", "ELDERCARE_SESSION_TTL_MIN", "--session-ttl-min",
                  "minutes a sign-in stays valid", &config::session_ttl_min, 1, 43200),
      int_setting("security.login_max_failures", "ELDERCARE_LOGIN_MAX_FAILURES",
                  "--login-max-failures", "wrong passwords in a row before an account locks",
                  &config::login_max_failures, 1, 100),
      int_setting("security.login_lockout_min", "ELDERCARE_LOGIN_LOCKOUT_MIN",
                  "--login-lockout-min", "minutes an account stays locked",
                  &config::login_lockout_min, 1, 1440),
      int_setting("security.login_ip_per_min", "ELDERCARE_LOGIN_IP_PER_MIN", "--login-ip-per-min",
                  "sign-in attempts allowed per client address per minute",
                  &config::login_ip_per_min, 1, 100000),
      int_setting("security.api_rate_per_min", "ELDERCARE_API_RATE_PER_MIN", "--api-rate-per-min",
                  "API requests allowed per signed-in session per minute",
                  &config::api_rate_per_min, 1, 10000000),
      bool_setting("security.secure_cookies", "ELDERCARE_SECURE_COOKIES", "--secure-cookies",
                   "always mark cookies Secure (they are anyway on TLS requests)",
                   &config::secure_cookies),
      token_setting("security.metrics_token", "ELDERCARE_METRICS_TOKEN", "--metrics-token",
                    "bearer token that /metrics requires; empty: only loopback clients may read it",
                    &config::metrics_token),
      opt_str_setting("security.pii_key_file", "ELDERCARE_PII_KEY_FILE", "--pii-key-file",
                      "file with the keys that encrypt ID and phone numbers (`eldercare keygen` "
                      "creates it, mode 600); keep it out of database backups",
                      &config::pii_key_file),
      opt_str_setting(
          "security.pii_key", "ELDERCARE_PII_KEY", "--pii-key",
          "the key file's text itself, lines separated by ';' (instead of security.pii_key_file)",
          &config::pii_key,
          [](const std::string& v) -> std::string {
            auto k = pii::load_configured(v, {});
            return k ? std::string() : std::string(k.err().message);
          },
          true),
      opt_str_setting("monitoring.mqtt_url", "ELDERCARE_MQTT_URL", "--mqtt-url",
                      "MQTT broker for device events, mqtt://127.0.0.1:1883; empty: HTTP only",
                      &config::mqtt_url),
      opt_str_setting("monitoring.mqtt_credentials", "ELDERCARE_MQTT_CREDENTIALS",
                      "--mqtt-credentials",
                      "folder with the broker's `service` and `admin` user:password files",
                      &config::mqtt_credentials),
      str_setting("monitoring.mqtt_client_id", "ELDERCARE_MQTT_CLIENT_ID", "--mqtt-client-id",
                  "the server's MQTT client id (its persistent session at the broker)",
                  &config::mqtt_client_id),
      http_url_setting("monitoring.webhook_url", "ELDERCARE_WEBHOOK_URL", "--webhook-url",
                       "https:// (or http://) URL that gets every alert notification as a JSON "
                       "POST; empty: none",
                       &config::webhook_url),
      file_setting("monitoring.webhook_ca_file", "ELDERCARE_WEBHOOK_CA_FILE", "--webhook-ca-file",
                   "PEM file of the CAs trusted for an https:// webhook instead of the system "
                   "store; empty: the system store",
                   &config::webhook_ca_file),
      token_setting("monitoring.webhook_secret", "ELDERCARE_WEBHOOK_SECRET", "--webhook-secret",
                    "key that signs each webhook body (HMAC-SHA256, X-Eldercare-Signature); "
                    "empty: unsigned",
                    &config::webhook_secret),
      int_setting("monitoring.webhook_timeout_ms", "ELDERCARE_WEBHOOK_TIMEOUT_MS",
                  "--webhook-timeout-ms", "how long one webhook delivery may take",
                  &config::webhook_timeout_ms, 100, 60000),
      int_setting("monitoring.webhook_max_attempts", "ELDERCARE_WEBHOOK_MAX_ATTEMPTS",
                  "--webhook-max-attempts", "deliveries tried (with back-off) before giving up",
                  &config::webhook_max_attempts, 1, 50),
      int_setting("monitoring.clock_skew_max_s", "ELDERCARE_CLOCK_SKEW_MAX_S", "--clock-skew-max-s",
                  "events dated further ahead than this are rejected", &config::clock_skew_max_s, 1,
                  86400),
      int_setting("monitoring.event_max_age_h", "ELDERCARE_EVENT_MAX_AGE_H", "--event-max-age-h",
                  "events older than this many hours are rejected", &config::event_max_age_h, 1,
                  8760),
      int_setting("monitoring.event_retention_days", "ELDERCARE_EVENT_RETENTION_DAYS",
                  "--event-retention-days", "days device events are kept",
                  &config::event_retention_days, 1, 3650),
      enum_setting("log.level", "ELDERCARE_LOG_LEVEL", "--log-level",
                   "trace, debug, info, warn, error", &config::log_level,
                   {"trace", "debug", "info", "warn", "error"}),
  };
  return all;
}

const binding* find(const std::string& key) {
  for (const auto& b : bindings())
    if (b.meta.key == key) return &b;
  return nullptr;
}

}  // namespace

const std::vector<setting>& settings() {
  static const std::vector<setting> all = [] {
    std::vector<setting> out;
    for (const auto& b : bindings()) out.push_back(b.meta);
    return out;
  }();
  return all;
}

status apply_setting(config& c, const std::string& key, const std::string& value,
                     const std::string& source) {
  const auto* b = find(key);
  if (!b) return bad(key, source, "unknown setting");
  return b->set(c, value, source);
}

status load_toml(config& c, const std::string& path) {
  toml::table tbl;
  try {
    tbl = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return error::invalid("config.invalid", path,
                          "cannot read " + path + ": " + std::string(e.description()));
  }
  for (const auto& [table_key, node] : tbl) {
    const auto* sub = node.as_table();
    if (!sub) return bad(std::string(table_key.str()), path, "expected a [table]");
    for (const auto& [k, v] : *sub) {
      std::string key = std::string(table_key.str()) + "." + std::string(k.str());
      std::string text;
      if (auto s = v.value<std::string>(); s && v.is_string())
        text = *s;
      else if (v.is_integer())
        text = std::to_string(*v.value<std::int64_t>());
      else if (v.is_boolean())
        text = *v.value<bool>() ? "true" : "false";
      else
        return bad(key, path, "expected a string, integer or boolean");
      EC_TRY(apply_setting(c, key, text, path));
    }
  }
  return {};
}

status load_env(config& c, const std::map<std::string, std::string>& env) {
  for (const auto& b : bindings()) {
    auto it = env.find(b.meta.env);
    if (it == env.end()) continue;
    EC_TRY(b.set(c, it->second, "environment variable " + b.meta.env));
  }
  return {};
}

std::string current_value(const config& c, const std::string& key) {
  const auto* b = find(key);
  return b ? b->get(c) : std::string();
}

}  // namespace ec
