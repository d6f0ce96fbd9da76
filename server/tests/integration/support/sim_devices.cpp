#include "support/sim_devices.hpp"

#include <chrono>
#include <fstream>
#include <random>

#include "core/crypto.hpp"
#include "db/db.hpp"
#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"

namespace it {

ec::result<std::vector<ec::ingest::sim_device>> register_sim_devices(
    const std::string& database_url, const std::string& mqtt_url, const std::string& admin_file,
    const std::string& tag, int n, bool with_falls) {
  namespace dynsec = ec::ingest::dynsec;
  std::vector<ec::ingest::sim_device> devices;
  {
    auto db = ec::db::open({database_url, 1, 5000});
    auto c = db->acquire();
    if (!c) return std::move(c).err();
    auto elders = (*c)->query("SELECT id, org_unit_id, org_path FROM elders ORDER BY id LIMIT ?",
                              {static_cast<std::int64_t>(n)});
    if (!elders) return std::move(elders).err();
    if (elders->size() != static_cast<std::size_t>(n))
      return ec::error::invalid("test.elders", "n", "not enough elders");
    auto st = ec::db::in_transaction(**c, [&]() -> ec::status {
      auto t = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
      for (int i = 0; i < n; ++i) {
        const auto& e = (*elders)[static_cast<std::size_t>(i)];
        bool fall = with_falls && i % 3 == 2;
        ec::ingest::sim_device d;
        d.serial = std::string(fall ? "KT-FALL-" : "KT-SOS-") + tag + "-" + std::to_string(i);
        d.secret = dynsec::generate_password();
        d.type = fall ? ec::ingest::sim::device_type::fall_detector
                      : ec::ingest::sim::device_type::sos_pendant;
        auto r = (*c)->exec(
            "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
            "token_hash, status, registered_at, bound_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, '卧室', ?, 'active', ?, ?, ?, ?)",
            {d.serial, std::string(fall ? "fall_detector" : "sos_pendant"), e.i64(0), e.i64(1),
             e.str(2), ec::crypto::sha256_hex(d.secret), t, t, t, t});
        if (!r) return std::move(r).err();
        devices.push_back(std::move(d));
      }
      return {};
    });
    if (!st) return std::move(st).err();
  }
  auto broker = ec::ingest::parse_mqtt_url(mqtt_url);
  if (!broker) return std::move(broker).err();
  std::string creds;
  {
    std::ifstream in(admin_file);
    std::getline(in, creds);
  }
  ec::ingest::mqtt_options ao = *broker;
  ao.username = creds.substr(0, creds.find(':'));
  ao.password = creds.substr(creds.find(':') + 1);
  ec::ingest::mqtt_client admin_client(ao);
  if (auto s = admin_client.start(); !s) return std::move(s).err();
  if (!admin_client.wait_connected(std::chrono::seconds(10)))
    return ec::error::make(ec::errc::unavailable, "test.broker", admin_client.last_error());
  dynsec::admin admin(admin_client);
  for (const auto& d : devices)
    if (auto s = admin.create_device(d.serial, d.secret); !s) return std::move(s).err();
  return devices;
}

ec::ingest::simulator_options sim_options(const std::string& mqtt_url,
                                          std::vector<ec::ingest::sim_device> devices, double rate,
                                          double sos_per_day) {
  ec::ingest::simulator_options so;
  if (auto b = ec::ingest::parse_mqtt_url(mqtt_url)) {
    so.host = b->host;
    so.port = b->port;
  }
  so.devices = std::move(devices);
  so.rate = rate;
  so.seed = std::random_device{}();
  so.model.sos_per_day = sos_per_day;
  so.retransmit_first_ms = 1000;
  so.retransmit_max_ms = 3000;
  so.report_interval_s = 3600;
  return so;
}

}  // namespace it
