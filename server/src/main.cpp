// eldercare: the Tianzhen community elderly-care platform in one binary.
//   serve    run the HTTP server (migrates first)
//   migrate  apply pending schema migrations and exit
//   demo     load the demo sub-district (org tree, elders, one user per role)
//   backup   write a consistent copy of the database while the server runs
//   user add create a user (the first admin, or any other)
//   keygen   create the key file that encrypts ID and phone numbers (core/pii.hpp)
//   rekey    rotate that key: add a new one and re-encrypt every row
//   encrypt-pii  encrypt rows still in clear (also done by `serve` at start)
//   simulate play the demo devices' days over MQTT (simulator/simulate.hpp)
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "api/app.hpp"
#include "api/live_hub.hpp"
#include "api/module.hpp"
#include "core/config.hpp"
#include "core/crypto.hpp"
#include "core/http_url.hpp"
#include "core/pii.hpp"
#include "core/timeutil.hpp"
#include "db/migrate.hpp"
#include "demo/demo.hpp"
#include "modules/registry/registry.hpp"
#include "modules/system/system.hpp"
#include "net/http_client.hpp"
#include "net/server.hpp"
#include "simulator/simulate.hpp"

extern char** environ;

namespace {

std::map<std::string, std::string> environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos && kv.starts_with("ELDERCARE_"))
      env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "eldercare: " << msg << "\n";
  std::exit(2);
}

std::unique_ptr<ec::db::database> open_and_migrate(const ec::config& cfg) {
  auto db = ec::db::open(
      {cfg.database_url, static_cast<int>(cfg.pool_size), static_cast<int>(cfg.busy_timeout_ms)});
  auto c = db->acquire();
  if (!c) die("database: " + c.err().message);
  auto applied = ec::db::migrate(**c);
  if (!applied) die("migration failed: " + applied.err().message);
  for (const auto& m : *applied) spdlog::info("applied migration {}", m);
  // Permissions that the modules declare and this database has not seen: granted to their
  // default roles once.
  if (auto st = ec::api::sync_permissions(**c); !st) die("permissions: " + st.err().message);
  return db;
}

// Loads the personal-data key as configured and makes it the process's keyring; a key file
// is re-read when it changes (a rotation by `eldercare rekey` on a serving node).
void install_key(const ec::config& cfg) {
  auto k = ec::pii::load_configured(cfg.pii_key, cfg.pii_key_file);
  if (!k) die(k.err().message);
  spdlog::info(
      "pii: personal-data key {} (current key id {})",
      cfg.pii_key.empty() ? "file " + cfg.pii_key_file : std::string("from security.pii_key"),
      k->current_id());
  ec::pii::install(std::move(*k), cfg.pii_key.empty() ? std::filesystem::path(cfg.pii_key_file)
                                                      : std::filesystem::path());
}

// Brings every row with ID or phone numbers to the current key (clear rows of a database
// from before encryption, rows under an older key); logs progress. Returns rows written.
std::int64_t convert_rows(ec::db::database& db, std::int64_t batch, std::int64_t limit,
                          bool quiet_if_none) {
  auto c = db.acquire();
  if (!c) die(c.err().message);
  auto behind = ec::registry::pii_rows::rows_behind(**c);
  if (!behind) die("pii: " + behind.err().message);
  if (*behind == 0) {
    if (!quiet_if_none) spdlog::info("pii: every row is under the current key");
    return 0;
  }
  spdlog::info("pii: {} rows to encrypt under key {} (batches of {})", *behind,
               ec::registry::pii_rows::current_key_id(), batch);
  auto t0 = std::chrono::steady_clock::now();
  auto last_log = t0;
  auto rep = ec::registry::pii_rows::convert(
      **c, {batch, limit}, [&](const ec::registry::pii_rows::convert_report& r) {
        auto now = std::chrono::steady_clock::now();
        if (now - last_log > std::chrono::seconds(5)) {
          last_log = now;
          spdlog::info("pii: {} elders and {} contacts encrypted so far", r.elders, r.contacts);
        }
      });
  if (!rep) die("pii: " + rep.err().message);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  spdlog::info("pii: encrypted {} elders and {} contacts in {} ms{}", rep->elders, rep->contacts,
               ms, rep->complete ? "" : " (stopped at the limit; run again to continue)");
  return rep->elders + rep->contacts;
}

// With no users at all, create the first admin and print the password once.
void ensure_first_admin(ec::db::database& db) {
  auto c = db.acquire();
  if (!c) die(c.err().message);
  auto n = (*c)->one("SELECT COUNT(*) FROM users");
  if (!n) die(n.err().message);
  if (n->i64(0) > 0) return;
  auto pw = ec::crypto::random_password(16);
  auto st = ec::db::in_transaction(**c, [&]() -> ec::status {
    auto now = ec::timeutil::now_unix_ms();
    auto street =
        (*c)->maybe_one("SELECT id FROM org_units WHERE kind = 'street' ORDER BY id LIMIT 1");
    if (!street) return std::move(street).err();
    std::int64_t sid = 0;
    if (*street)
      sid = (*street)->i64(0);
    else {
      auto r = (*c)->query(
          "INSERT INTO org_units (kind, name, path, created_at, updated_at) "
          "VALUES ('street', '田镇街道', '', ?, ?) RETURNING id",
          {now, now});
      if (!r) return std::move(r).err();
      sid = r->front().i64(0);
      auto up = (*c)->exec("UPDATE org_units SET path = ? WHERE id = ?",
                           {"/" + std::to_string(sid) + "/", sid});
      if (!up) return std::move(up).err();
    }
    auto h = ec::crypto::hash_password(pw);
    auto ins = (*c)->exec(
        "INSERT INTO users (username, display_name, password_hash, role_code, org_unit_id, "
        "must_change_password, created_at, updated_at) VALUES ('admin', '管理员', ?, "
        "'street_admin', ?, 1, ?, ?)",
        {h, sid, now, now});
    if (!ins) return std::move(ins).err();
    return ec::sys::audit(**c, nullptr, "",
                          {"create",
                           "user",
                           "admin",
                           {"first admin created at first run", "首次启动时创建首个管理员"},
                           {}});
  });
  // Several nodes starting on one fresh PostgreSQL database race here; the losers'
  // inserts (street included) roll back on the unique user name and they carry on.
  if (!st && st.err().kind == ec::errc::conflict) {
    spdlog::info("first admin was created by another node");
    return;
  }
  if (!st) die(st.err().message);
  std::cout << "\n  First run: created user 'admin' with password  " << pw
            << "\n  (shown once; you will be asked to change it at first sign-in)\n\n"
            << std::flush;
}

}  // namespace

int main(int argc, char** argv) {
  ec::crypto::init();
  CLI::App app{"eldercare — Tianzhen community elderly-care platform (天镇智慧养老服务平台)"};
  app.require_subcommand(1);
  app.footer(
      "Settings come from built-in defaults, then --config FILE (TOML), then ELDERCARE_* "
      "environment variables, then flags; see docs/OPERATIONS.md.");
  ec::config cfg;
  std::string config_file;
  app.add_option("--config", config_file, "TOML settings file (or ELDERCARE_CONFIG)");
  std::map<std::string, std::string> flag_values;
  for (const auto& s : ec::settings()) {
    app.add_option(s.flag, flag_values[s.key],
                   s.description + " [" + s.env + ", " + s.key + ", default " +
                       (s.default_value.empty() ? "\"\"" : s.default_value) + "]")
        ->group("Settings");
  }

  auto* serve = app.add_subcommand("serve", "Run the server (migrates the database first)");
  serve->fallthrough();
  auto* migrate = app.add_subcommand("migrate", "Apply pending migrations and exit");
  migrate->fallthrough();
  auto* demo = app.add_subcommand(
      "demo", "Load demo data: the Tianzhen sub-district, ~8,000 elders, a user per role");
  demo->fallthrough();
  std::size_t demo_elders = 8000;
  std::uint64_t demo_seed = 20261129;
  std::string demo_password;
  bool demo_if_empty = false;
  demo->add_option("--elders", demo_elders, "How many elders")->check(CLI::Range(1, 2000000));
  demo->add_option("--seed", demo_seed, "Seed; the same seed gives the same data");
  demo->add_option("--password", demo_password,
                   "Password for every demo user (default: random, printed and saved to "
                   "data/demo-credentials.txt)");
  demo->add_flag("--if-empty", demo_if_empty, "Do nothing if elders already exist");
  auto* backup =
      app.add_subcommand("backup", "Write a consistent copy of the database (safe while serving)");
  backup->fallthrough();
  std::string backup_to;
  backup->add_option("--to", backup_to, "Target file")->required();
  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "Create a user; prints the password if none is given");
  user_add->fallthrough();
  user->fallthrough();
  std::string u_name, u_display, u_role = "street_admin", u_unit, u_password;
  user_add->add_option("--username", u_name, "Sign-in name")->required();
  user_add->add_option("--display-name", u_display, "Name shown in the UI");
  user_add->add_option("--role", u_role, "Role code (street_admin, community_staff, …)");
  user_add->add_option("--org-unit", u_unit, "Org unit name or id (default: the sub-district)");
  user_add->add_option("--password", u_password, "Password (default: generated and printed)");

  auto* keygen = app.add_subcommand(
      "keygen",
      "Create the key file that encrypts ID and phone numbers (mode 600; never overwrites)");
  keygen->fallthrough();
  std::string keygen_out;
  bool keygen_if_missing = false;
  keygen->add_option("--out", keygen_out, "Key file (default: security.pii_key_file)");
  keygen->add_flag("--if-missing", keygen_if_missing,
                   "Do nothing (exit 0) when the file already exists");
  auto* rekey = app.add_subcommand(
      "rekey",
      "Rotate the personal-data key: add a new key to the key file and re-encrypt every row "
      "(safe while serving)");
  rekey->fallthrough();
  bool rekey_continue = false, rekey_drop = false;
  std::int64_t pii_batch = 500, rekey_wait_s = 5;
  rekey->add_flag("--continue", rekey_continue,
                  "Re-encrypt rows still under an old key, without adding a key (after an "
                  "interruption)");
  rekey->add_flag("--drop-old", rekey_drop,
                  "Remove old keys from the file once no row uses them (refuses otherwise)");
  rekey->add_option("--batch", pii_batch, "Rows per transaction")->check(CLI::Range(1, 100000));
  rekey
      ->add_option("--wait", rekey_wait_s,
                   "Seconds to wait for serving nodes to re-read the key file before a second "
                   "pass")
      ->check(CLI::Range(0, 3600));
  auto* encrypt_pii = app.add_subcommand(
      "encrypt-pii",
      "Encrypt ID and phone numbers still stored in clear (serve does it at start); resumable");
  encrypt_pii->fallthrough();
  std::int64_t encrypt_limit = 0;
  encrypt_pii->add_option("--batch", pii_batch, "Rows per transaction")
      ->check(CLI::Range(1, 100000));
  encrypt_pii
      ->add_option("--limit", encrypt_limit,
                   "Stop after this many rows (0: all); run again to continue")
      ->check(CLI::NonNegativeNumber);

  auto* simulate = app.add_subcommand(
      "simulate",
      "Simulate the demo devices over MQTT (one login each) and report SOS response times");
  simulate->fallthrough();
  ec::simulate::cli_options sim;
  simulate->add_option("--devices", sim.devices, "How many devices (default: all in the file)");
  simulate->add_option("--rate", sim.rate,
                       "Events per second overall (default 0: the realistic pace x time scale)");
  simulate->add_option("--time-scale", sim.time_scale, "Play the day this many times faster");
  simulate->add_option("--duration", sim.duration_s, "Seconds to run (default 0: until Ctrl-C)");
  simulate->add_option("--credentials", sim.credentials, "SERIAL:SECRET lines")
      ->capture_default_str();
  simulate->add_option("--admin", sim.admin,
                       "Broker admin user:password file, to restore lost device logins "
                       "(default data/mqtt/admin or build/mqtt/admin)");
  simulate->add_option("--seed", sim.seed, "Seed; the same seed plays the same days")
      ->capture_default_str();
  simulate->add_option("--sos-rate", sim.sos_rate, "SOS presses and falls per wearable per day")
      ->capture_default_str();
  simulate->add_option("--max-connections", sim.max_connections,
                       "Open device connections at most (default: what the open-file limit "
                       "allows); more devices take turns");
  simulate->add_option("--report-interval", sim.report_interval_s, "Seconds between reports")
      ->capture_default_str();

  CLI11_PARSE(app, argc, argv);

  if (config_file.empty())
    if (const char* env_cfg = std::getenv("ELDERCARE_CONFIG")) config_file = env_cfg;
  if (!config_file.empty())
    if (auto st = ec::load_toml(cfg, config_file); !st) die(st.err().message);
  if (auto st = ec::load_env(cfg, environment()); !st) die(st.err().message);
  for (const auto& s : ec::settings()) {
    const auto& v = flag_values[s.key];
    if (app.count(s.flag) == 0) continue;
    if (auto st = ec::apply_setting(cfg, s.key, v, s.flag); !st) die(st.err().message);
  }
  // Logs go to stderr; stdout carries what scripts read (LISTENING, passwords).
  spdlog::set_default_logger(spdlog::stderr_color_mt("eldercare"));
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");

  try {
    if (*keygen) {
      std::string out = keygen_out.empty() ? cfg.pii_key_file : keygen_out;
      if (out.empty()) die("keygen: give --out FILE or set security.pii_key_file");
      std::error_code fec;
      if (keygen_if_missing && std::filesystem::exists(out, fec)) {
        std::cout << "keygen: the key file " << out << " exists; kept\n";
        return 0;
      }
      if (auto st = ec::pii::create_key_file(out); !st) die("keygen: " + st.err().message);
      std::cout << "keygen: created the personal-data key file "
                << std::filesystem::absolute(out).string()
                << " (mode 600).\n  Back it up now, apart from the database backups: without "
                   "it the ID and phone numbers in the database and in every backup cannot be "
                   "read.\n";
      return 0;
    }
    if (*rekey) {
      if (!cfg.pii_key.empty() || cfg.pii_key_file.empty())
        die("rekey: needs the key in a file (security.pii_key_file); a key given inline "
            "(security.pii_key) is rotated by hand, see docs/OPERATIONS.md");
      auto db = open_and_migrate(cfg);
      std::filesystem::path file(cfg.pii_key_file);
      install_key(cfg);  // checks the file loads and is private
      auto read_text = [&] {
        std::ifstream in(file, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
      };
      if (rekey_drop) {
        convert_rows(*db, pii_batch, 0, true);
        auto c = db->acquire();
        if (!c) die(c.err().message);
        auto behind = ec::registry::pii_rows::rows_behind(**c);
        if (!behind) die("rekey: " + behind.err().message);
        if (*behind > 0)
          die("rekey: " + std::to_string(*behind) +
              " rows are not under the current key yet; old keys kept");
        auto text = ec::pii::drop_old_keys(read_text());
        if (!text) die("rekey: " + text.err().message);
        if (auto st = ec::pii::write_key_file(file, *text); !st) die("rekey: " + st.err().message);
        std::cout << "rekey: old keys removed from " << file.string() << "; key "
                  << ec::registry::pii_rows::current_key_id() << " remains\n";
        return 0;
      }
      if (!rekey_continue) {
        auto text = ec::pii::add_key(read_text());
        if (!text) die("rekey: " + text.err().message);
        if (auto st = ec::pii::write_key_file(file, *text); !st) die("rekey: " + st.err().message);
        install_key(cfg);
        std::cout << "rekey: added key " << ec::registry::pii_rows::current_key_id() << " to "
                  << file.string() << std::endl;
      }
      auto n = convert_rows(*db, pii_batch, 0, false);
      // A serving node writes under the key it had until it re-reads the file (within
      // seconds); a second pass after the wait catches those rows.
      if (rekey_wait_s > 0) std::this_thread::sleep_for(std::chrono::seconds(rekey_wait_s));
      n += convert_rows(*db, pii_batch, 0, true);
      std::cout << "rekey: " << n << " rows re-encrypted under key "
                << ec::registry::pii_rows::current_key_id()
                << "; old keys stay in the file until `eldercare rekey --drop-old`\n";
      return 0;
    }
    if (*encrypt_pii) {
      auto db = open_and_migrate(cfg);
      install_key(cfg);
      auto n = convert_rows(*db, pii_batch, encrypt_limit, false);
      auto c = db->acquire();
      if (!c) die(c.err().message);
      auto behind = ec::registry::pii_rows::rows_behind(**c);
      if (!behind) die(behind.err().message);
      std::cout << "encrypt-pii: " << n << " rows encrypted; " << *behind << " left\n";
      return 0;
    }
    if (*migrate) {
      open_and_migrate(cfg);
      std::cout << "migrations up to date\n";
      return 0;
    }
    if (*demo) {
      auto db = open_and_migrate(cfg);
      install_key(cfg);
      auto c = db->acquire();
      if (!c) die(c.err().message);
      auto n = (*c)->one("SELECT COUNT(*) FROM elders");
      if (n && n->i64(0) > 0 && demo_if_empty) {
        std::cout << "demo: the database already has elders; nothing loaded\n";
        return 0;
      }
      bool generated = demo_password.empty();
      if (generated) demo_password = ec::crypto::random_password(12);
      auto t0 = std::chrono::steady_clock::now();
      ec::demo::context ctx{**c, cfg, demo_elders, demo_seed, demo_password, {}, {}};
      for (const auto* m : ec::api::all_modules())
        if (m->demo)
          if (auto st = m->demo(ctx); !st)
            die("demo (" + std::string(m->name) + "): " + st.err().message);
      const auto& sum = ctx.summary;
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - t0)
                    .count();
      std::cout << "demo: loaded " << sum.units << " org units and " << sum.elders << " elders in "
                << ms << " ms\n\nDemo sign-ins (password for all: " << demo_password << "):\n";
      std::string lines;
      for (const auto& u : sum.users)
        lines += "  " + u.username +
                 std::string(12 - std::min<std::size_t>(11, u.username.size()), ' ') +
                 u.display_name + " (" + u.role + ")\n";
      if (sum.leaders > 0)
        lines += "  lz02.. wg01.. " + std::to_string(sum.leaders) +
                 " more building leaders and grid volunteers (volunteer)\n";
      std::cout << lines << ctx.notes << std::flush;
      if (generated && cfg.database_url.starts_with("sqlite:")) {
        auto dir = std::filesystem::path(cfg.database_url.substr(7)).parent_path();
        auto file = (dir.empty() ? std::filesystem::path(".") : dir) / "demo-credentials.txt";
        std::ofstream out(file);
        out << "Demo sign-ins (password for all: " << demo_password << ")\n" << lines;
        out.close();
        std::filesystem::permissions(
            file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      }
      return 0;
    }
    if (*simulate) return ec::simulate::run(cfg, sim);
    if (*backup) {
      auto db = ec::db::open({cfg.database_url, 2, static_cast<int>(cfg.busy_timeout_ms)});
      if (auto st = db->backup_to(backup_to); !st) die("backup: " + st.err().message);
      std::cout << "backup written to " << backup_to << "\n";
      return 0;
    }
    if (*user_add) {
      auto db = open_and_migrate(cfg);
      auto c = db->acquire();
      if (!c) die(c.err().message);
      bool generated = u_password.empty();
      if (generated) u_password = ec::crypto::random_password(16);
      if (auto st = ec::sys::auth_service::check_password_rule(u_name, u_password, "password"); !st)
        die("password: " + st.err().message);
      auto unit = u_unit.empty()
                      ? (*c)->maybe_one(
                            "SELECT id FROM org_units WHERE kind = 'street' ORDER BY id LIMIT 1")
                      : (*c)->maybe_one(
                            "SELECT id FROM org_units WHERE name = ? OR CAST(id AS TEXT) = ? ORDER "
                            "BY id LIMIT 1",
                            {u_unit, u_unit});
      if (!unit) die(unit.err().message);
      std::int64_t unit_id = 0;
      if (!*unit) {
        if (!u_unit.empty()) die("no org unit '" + u_unit + "'");
        auto now = ec::timeutil::now_unix_ms();
        auto r = (*c)->query(
            "INSERT INTO org_units (kind, name, path, created_at, updated_at) VALUES "
            "('street', '田镇街道', '', ?, ?) RETURNING id",
            {now, now});
        if (!r) die(r.err().message);
        unit_id = r->front().i64(0);
        (void)(*c)->exec("UPDATE org_units SET path = ? WHERE id = ?",
                         {"/" + std::to_string(unit_id) + "/", unit_id});
      } else {
        unit_id = (*unit)->i64(0);
      }
      ec::config tmp_cfg = cfg;
      ec::sys::auth_service auth(*db, tmp_cfg);
      auto st = ec::db::in_transaction(**c, [&]() -> ec::status {
        auto id = auth.create_user(**c, u_name, u_display.empty() ? u_name : u_display, u_role,
                                   unit_id, u_password, generated);
        if (!id) return std::move(id).err();
        return ec::sys::audit(**c, nullptr, "cli",
                              {"create",
                               "user",
                               std::to_string(*id),
                               {"created by eldercare user add", "由命令 eldercare user add 创建"},
                               {}});
      });
      if (!st) die("user add: " + st.err().message);
      std::cout << "created user " << u_name << " (" << u_role << ")";
      if (generated)
        std::cout << " with password " << u_password << " (must be changed at first sign-in)";
      std::cout << "\n";
      return 0;
    }
    // serve
    auto t0 = std::chrono::steady_clock::now();
    auto db = open_and_migrate(cfg);
    install_key(cfg);
    // Rows from before encryption, or under a key older than the current one: converted
    // before serving (a big database: `eldercare encrypt-pii` beforehand, see OPERATIONS.md).
    convert_rows(*db, 500, 0, true);
    ensure_first_admin(*db);
    ec::api::app application(cfg, *db);
    // The toolkit's live feed (GET /api/v1/live) and outbound HTTP, then every module's
    // background services (monitoring: rule state, MQTT ingestion, escalation timers); they
    // stop, in reverse order, after the server has finished its requests.
    ec::api::live_hub live(*db, {});
    application.svc().live = &live;
    // Outbound HTTP (the alert webhook): https:// verified against the system CA store or
    // monitoring.webhook_ca_file, bodies signed with monitoring.webhook_secret when set.
    ec::net::http_client_options wo;
    wo.ca_file = cfg.webhook_ca_file;
    wo.signing_secret = cfg.webhook_secret;
    ec::net::http_client http(wo);
    // An https:// webhook whose CA file does not load would fail every delivery: stop here.
    if (auto wu = ec::parse_http_url(cfg.webhook_url); wu && wu->tls && !http.setup_error().empty())
      die("monitoring.webhook_url: " + http.setup_error());
    application.svc().http = &http;
    std::vector<const ec::api::background_service*> started;
    auto stop_all = [&] {
      for (auto it = started.rbegin(); it != started.rend(); ++it) (*it)->stop(application.svc());
      started.clear();
    };
    for (const auto* m : ec::api::all_modules())
      for (const auto& b : m->background) {
        if (auto st = b.start(application.svc()); !st) {
          stop_all();
          die(std::string(b.name) + ": " + st.err().message);
        }
        started.push_back(&b);
      }
    ec::net::server_options so;
    so.address = cfg.listen;
    so.port = static_cast<std::uint16_t>(cfg.port);
    so.threads = static_cast<int>(cfg.threads);
    so.body_limit = static_cast<std::size_t>(cfg.body_limit_kib) << 10;
    so.read_timeout_s = static_cast<int>(cfg.read_timeout_s);
    so.idle_timeout_s = static_cast<int>(cfg.idle_timeout_s);
    so.shutdown_grace_s = static_cast<int>(cfg.shutdown_grace_s);
    so.trust_proxy = cfg.trust_proxy;
    so.max_connections_per_ip = static_cast<int>(cfg.max_connections_per_ip);
    ec::net::server srv(
        so, [&](ec::api::request& r) { return application.handle(r); },
        [&](ec::api::request& head) { return application.admit(head); });
    srv.run([&](std::uint16_t port) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - t0)
                    .count();
      spdlog::info("ready: listening on http://{}:{} ({} ms after start)",
                   cfg.listen.find(':') != std::string::npos ? "[" + cfg.listen + "]" : cfg.listen,
                   port, ms);
      // A line for scripts and tests that start us on port 0.
      std::cout << "LISTENING " << port << std::endl;
    });
    stop_all();
    spdlog::info("stopped");
    return 0;
  } catch (const std::exception& e) {
    die(e.what());
  }
}
