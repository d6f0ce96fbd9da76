#include "simulator/simulate.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "db/db.hpp"
#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"
#include "modules/monitoring/monitoring.hpp"
#include "simulator/simulator.hpp"

namespace ec::simulate {

namespace fs = std::filesystem;

namespace {

std::atomic<ingest::simulator*> g_running{nullptr};

extern "C" void on_signal(int) {
  if (auto* s = g_running.load()) s->stop();
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

std::optional<std::string> read_first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return trim(line);
}

struct credential {
  std::string serial, secret;
};

result<std::vector<credential>> read_credentials(const std::string& file) {
  std::ifstream in(file);
  if (!in) {
    return error::invalid("simulate.credentials", "credentials",
                          "cannot read " + file + " (run `eldercare demo` or pass --credentials)");
  }
  std::vector<credential> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == line.size()) {
      return error::invalid("simulate.credentials", "credentials",
                            file + " line " + std::to_string(n) + ": expected SERIAL:SECRET");
    }
    auto serial = line.substr(0, colon);
    if (auto st = ingest::dynsec::check_serial(serial); !st) {
      return error::invalid("simulate.credentials", "credentials",
                            file + " line " + std::to_string(n) + ": " + st.err().message);
    }
    out.push_back({serial, line.substr(colon + 1)});
  }
  return out;
}

// Restores device logins in the broker as its dynamic-security admin (on the simulator's
// helper thread, one device at a time).
class login_fixer {
 public:
  login_fixer(ingest::mqtt_options o) : opts_(std::move(o)) {}
  status fix(const ingest::sim_device& d) {
    std::lock_guard lk(mu_);
    if (!client_) {
      client_ = std::make_unique<ingest::mqtt_client>(opts_);
      EC_TRY(client_->start());
      if (!client_->wait_connected(std::chrono::seconds(10))) {
        auto why = client_->last_error();
        client_.reset();
        return error::make(errc::unavailable, "simulate.admin",
                           "cannot log in to the broker as its admin: " + why);
      }
      admin_ = std::make_unique<ingest::dynsec::admin>(*client_);
    }
    auto st = admin_->create_device(d.serial, d.secret);
    if (!st && st.err().kind == errc::conflict) {
      // The login exists with another password: the file's secret wins.
      EC_TRY(admin_->delete_device(d.serial));
      st = admin_->create_device(d.serial, d.secret);
    }
    if (st) spdlog::info("simulate: restored the broker login of {}", d.serial);
    return st;
  }

 private:
  ingest::mqtt_options opts_;
  std::mutex mu_;
  std::unique_ptr<ingest::mqtt_client> client_;
  std::unique_ptr<ingest::dynsec::admin> admin_;
};

}  // namespace

int run(const config& cfg, const cli_options& opts) {
  auto fail = [](const std::string& m) {
    std::cerr << "eldercare simulate: " << m << "\n";
    return 2;
  };
  if (opts.rate < 0) return fail("--rate must be >= 0");
  if (opts.time_scale <= 0) return fail("--time-scale must be > 0");
  if (opts.duration_s < 0) return fail("--duration must be >= 0");
  if (opts.sos_rate < 0) return fail("--sos-rate must be >= 0");

  auto creds = read_credentials(opts.credentials);
  if (!creds) return fail(creds.err().message);

  // Device types from the platform's database.
  std::map<std::string, std::string> types;
  {
    auto db = db::open({cfg.database_url, 1, static_cast<int>(cfg.busy_timeout_ms)});
    auto c = db->acquire();
    if (!c) return fail("database: " + c.err().message);
    auto rows = (*c)->query("SELECT serial, type FROM devices WHERE status = 'active'");
    if (!rows) return fail("database: " + rows.err().message);
    for (const auto& r : *rows) types[r.str(0)] = r.str(1);
  }
  std::vector<ingest::sim_device> devices;
  std::size_t unknown = 0;
  for (auto& cr : *creds) {
    if (opts.devices > 0 && devices.size() >= opts.devices) break;
    auto it = types.find(cr.serial);
    auto t = it == types.end() ? std::nullopt : ingest::sim::parse_device_type(it->second);
    auto mt = it == types.end() ? std::nullopt
                                : std::optional(monitoring::parse_device_type(it->second, "type"));
    if (!t || !mt || !*mt) {
      if (++unknown <= 5) {
        spdlog::warn("simulate: {} is not an active device in the database; skipped", cr.serial);
      }
      continue;
    }
    auto hb = monitoring::defaults_for(**mt).heartbeat_interval_s;
    devices.push_back({cr.serial, cr.secret, *t, hb});
  }
  if (unknown > 5) spdlog::warn("simulate: {} serials skipped in all", unknown);
  if (devices.empty()) return fail("no device of " + opts.credentials + " is in the database");
  if (opts.devices > devices.size()) {
    spdlog::warn("simulate: {} devices asked for, {} available", opts.devices, devices.size());
  }

  // The broker: --mqtt-url, else the url file of the broker whose admin we use.
  std::string admin_file = opts.admin;
  if (admin_file.empty()) {
    for (const char* p : {"data/mqtt/admin", "build/mqtt/admin"}) {
      if (fs::exists(p)) {
        admin_file = p;
        break;
      }
    }
  }
  std::string url = cfg.mqtt_url;
  if (url.empty() && !admin_file.empty()) {
    url = read_first_line(fs::path(admin_file).parent_path() / "url").value_or("");
  }
  if (url.empty()) return fail("no broker: pass --mqtt-url (or start scripts/mqtt-broker)");
  auto mo = ingest::parse_mqtt_url(url);
  if (!mo) return fail(mo.err().message);

  ingest::simulator_options so;
  so.host = mo->host == "localhost" ? "127.0.0.1" : mo->host;
  so.port = mo->port;
  so.devices = std::move(devices);
  so.rate = opts.rate;
  so.time_scale = opts.time_scale;
  so.duration_s = opts.duration_s;
  so.seed = opts.seed;
  so.model.sos_per_day = opts.sos_rate;
  so.max_connections = opts.max_connections;
  so.report_interval_s = opts.report_interval_s;
  so.on_report = [](const ingest::sim_report& r, bool final) {
    std::cout << (final ? "== final\n" : "") << ingest::format_report(r) << std::flush;
  };
  std::unique_ptr<login_fixer> fixer;
  if (!admin_file.empty()) {
    auto line = read_first_line(admin_file);
    auto colon = line ? line->find(':') : std::string::npos;
    if (colon == std::string::npos) return fail(admin_file + ": expected user:password");
    ingest::mqtt_options ao = *mo;
    ao.username = line->substr(0, colon);
    ao.password = line->substr(colon + 1);
    ao.client_id = "eldercare-simulate-admin";
    fixer = std::make_unique<login_fixer>(ao);
    so.fix_login = [f = fixer.get()](const ingest::sim_device& d) { return f->fix(d); };
  }
  std::cout << "simulate: " << so.devices.size() << " devices on " << url
            << (admin_file.empty() ? "" : " (restoring lost logins as the broker admin)") << "\n"
            << std::flush;

  ingest::simulator sim(std::move(so));
  g_running = &sim;
  auto old_int = std::signal(SIGINT, on_signal);
  auto old_term = std::signal(SIGTERM, on_signal);
  auto st = sim.run();
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  g_running = nullptr;
  if (!st) return fail(st.err().message);
  return 0;
}

}  // namespace ec::simulate
