#include "modules/monitoring/broker.hpp"

#include <spdlog/spdlog.h>

#include <fstream>

#include "core/text.hpp"
#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"

namespace ec::monitoring {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lo = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lo(a[i]) != lo(b[i])) return false;
  }
  return true;
}

error foreign_login(std::string_view serial) {
  auto e = error::make(errc::conflict, "device.login_foreign",
                       "The broker has a login named '" + std::string(serial) +
                           "' that is not a device login; it was left alone");
  e.field = "serial";
  return e;
}

}  // namespace

broker::broker(const config& cfg) : cfg_(cfg) {}

broker::~broker() {
  stop();
}

status broker::start(up_handler on_up, connection_handler on_connection) {
  if (!configured()) return {};
  auto o = ingest::parse_mqtt_url(cfg_.mqtt_url);
  if (!o) return std::move(o).err();
  std::string dir = cfg_.mqtt_credentials.empty() ? "data/mqtt" : cfg_.mqtt_credentials;
  std::ifstream in(dir + "/service");
  std::string line;
  if (!in || !std::getline(in, line) || line.find(':') == std::string::npos)
    return error::invalid("config.invalid", "monitoring.mqtt_credentials",
                          "cannot read user:password from " + dir + "/service");
  auto colon = line.find(':');
  service_user_ = line.substr(0, colon);
  // Uplinks: a persistent MQTT 3.1.1 session, so the broker keeps QoS 1 events while the
  // server restarts; its own client for throughput (ingest/mqtt_session.hpp says why).
  ingest::mqtt_options up = *o;
  up.username = service_user_;
  up.password = line.substr(colon + 1);
  up.client_id = cfg_.mqtt_client_id;
  up.clean_session = false;
  up.protocol = ingest::mqtt_protocol::v311;
  uplink_ = std::make_unique<ingest::mqtt_session>(up);
  uplink_->on_connection(std::move(on_connection));
  auto st =
      uplink_->subscribe("eldercare/+/up", 1, [h = std::move(on_up)](const ingest::mqtt_view& m) {
        h(ingest::dynsec::serial_of_up_topic(m.topic), m);
      });
  if (!st) return st;
  if (auto s = uplink_->start(); !s) return s;
  // Device logins go through a second, MQTT 5 connection (dynsec answers and refusals).
  ingest::mqtt_options adm = *o;
  adm.username = up.username;
  adm.password = up.password;
  adm.client_id = cfg_.mqtt_client_id + "-admin";
  admin_client_ = std::make_unique<ingest::mqtt_client>(adm);
  if (auto s = admin_client_->start(); !s) return s;
  dynsec_ = std::make_unique<ingest::dynsec::admin>(*admin_client_);
  return {};
}

void broker::stop_uplink() {
  if (uplink_) uplink_->stop();
}

void broker::stop() {
  stop_uplink();
  {
    std::lock_guard lk(dynsec_mu_);
    dynsec_.reset();
  }
  if (admin_client_) admin_client_->stop();
}

status broker::downlink(std::string_view serial, std::string payload,
                        std::function<void(status)> done) {
  if (!uplink_) return error::make(errc::unavailable, "mqtt.not_running", "no broker connection");
  return uplink_->publish(ingest::dynsec::down_topic(serial), std::move(payload), 1,
                          std::move(done));
}

std::optional<broker_state> broker::state() const {
  if (!uplink_) return std::nullopt;
  return broker_state{uplink_->state() == ingest::mqtt_state::refused, uplink_->last_error()};
}

void broker::render_metrics(std::string& out) const {
  if (!uplink_) return;
  auto st = uplink_->stats();
  out +=
      "# HELP eldercare_mqtt_uplink The uplink session: connected (1/0), connects, reads "
      "and messages received.\n";
  out += "# TYPE eldercare_mqtt_uplink_connected gauge\n";
  out += "eldercare_mqtt_uplink_connected " +
         std::string(uplink_->state() == ingest::mqtt_state::connected ? "1" : "0") + "\n";
  out += "eldercare_mqtt_uplink_connects_total " + std::to_string(st.connects) + "\n";
  out += "eldercare_mqtt_uplink_reads_total " + std::to_string(st.reads) + "\n";
  out += "eldercare_mqtt_uplink_messages_total " + std::to_string(st.messages) + "\n";
}

status broker::reserved(std::string_view serial) const {
  const std::string names[] = {"admin",
                               "eldercare-server",
                               cfg_.mqtt_client_id,
                               cfg_.mqtt_client_id + "-admin",
                               service_user_,
                               service_user_.empty() ? "" : service_user_ + "-admin"};
  for (const auto& n : names) {
    if (!n.empty() && same_name(serial, n))
      return error::invalid(
          "device.serial_reserved", "serial",
          "'" + std::string(serial) + "' is a name the message broker reserves for the server");
  }
  return {};
}

status broker::check_ours(std::string_view serial) {
  auto roles = dynsec_->client_roles(serial);
  if (!roles) return std::move(roles).err();
  if (*roles && !ingest::dynsec::is_device_login(serial, **roles)) return foreign_login(serial);
  return {};
}

status broker::provision(std::string_view serial, std::string_view secret) {
  if (auto r = reserved(serial); !r) return r;
  std::lock_guard lk(dynsec_mu_);
  if (!dynsec_) return {};
  if (auto s = dynsec_->ready(); !s) return s;
  auto r = dynsec_->create_device(serial, secret);
  if (!r && r.err().kind == errc::conflict) {
    // A login left over from an earlier registration of the same serial: replace it, but
    // only when it is a device login.
    if (auto o = check_ours(serial); !o) return o;
    if (auto d = dynsec_->delete_device(serial); !d) return d;
    return dynsec_->create_device(serial, secret);
  }
  return r;
}

status broker::revoke(std::string_view serial) {
  if (auto r = reserved(serial); !r) return r;
  std::lock_guard lk(dynsec_mu_);
  if (!dynsec_) return {};
  if (auto s = dynsec_->ready(); !s) return s;
  if (auto o = check_ours(serial); !o) return o;
  return dynsec_->delete_device(serial);
}

std::vector<status> broker::provision_many(
    const std::vector<std::pair<std::string, std::string>>& logins) {
  std::vector<status> out(logins.size());
  std::vector<std::size_t> todo;  // not reserved
  std::vector<std::pair<std::string, std::string>> asked;
  for (std::size_t i = 0; i < logins.size(); ++i) {
    if (auto r = reserved(logins[i].first); !r) {
      out[i] = r;
    } else {
      todo.push_back(i);
      asked.push_back(logins[i]);
    }
  }
  std::lock_guard lk(dynsec_mu_);
  if (!dynsec_ || todo.empty()) return out;
  if (auto s = dynsec_->ready(); !s) {
    for (auto i : todo) out[i] = s;
    return out;
  }
  auto made = dynsec_->create_devices(asked);
  // Logins left over from earlier registrations of the same serials: replace the device
  // logins among them; leave any other login alone.
  std::vector<std::size_t> again;
  for (std::size_t k = 0; k < todo.size(); ++k) {
    out[todo[k]] = made[k];
    if (!made[k] && made[k].err().kind == errc::conflict) {
      if (auto o = check_ours(logins[todo[k]].first); !o)
        out[todo[k]] = o;
      else
        again.push_back(todo[k]);
    }
  }
  if (again.empty()) return out;
  std::vector<std::string> serials;
  std::vector<std::pair<std::string, std::string>> retry;
  for (auto i : again) {
    serials.push_back(logins[i].first);
    retry.push_back(logins[i]);
  }
  auto deleted = dynsec_->delete_devices(serials);
  auto created = dynsec_->create_devices(retry);
  for (std::size_t k = 0; k < again.size(); ++k)
    out[again[k]] = !deleted[k] ? deleted[k] : created[k];
  return out;
}

void broker::revoke_many(const std::vector<std::string>& serials) {
  std::vector<std::string> ours;
  for (const auto& s : serials)
    if (reserved(s)) ours.push_back(s);
  std::lock_guard lk(dynsec_mu_);
  if (!dynsec_ || ours.empty()) return;
  auto out = dynsec_->delete_devices(ours);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (!out[i])
      spdlog::error("device {}: broker login could not be revoked: {}", ours[i],
                    out[i].err().message);
}

}  // namespace ec::monitoring
