// broker: the monitoring service's connection to the MQTT broker, and device provisioning.
//
// Two connections with the service login (monitoring.mqtt_credentials/service, "user:pass"):
// - the uplink, a persistent MQTT 3.1.1 session (client id monitoring.mqtt_client_id,
//   clean_session = false) subscribed to eldercare/+/up, so that the broker keeps QoS 1
//   events while the server restarts; it also carries the downlinks (eldercare/{serial}/down);
// - the admin client (MQTT 5, client id "{mqtt_client_id}-admin") for dynamic security
//   (ingest/dynsec.hpp): device logins are created and deleted through it.
//
// Whose logins these are: a device login is user name = client id = serial with the single
// role device-{serial} (dynsec::is_device_login). Provisioning never deletes or replaces a
// login that is not a device login, and refuses serials that name the broker's own logins
// and client ids (reserved(): the service user, the client ids, the dynsec admin), so that a
// device registration cannot take over the server's broker identity (docs/SECURITY.md).
//
// Thread-safety: after start(), every function may be called from any thread; provisioning
// calls are serialised (one dynsec exchange at a time). Handlers given to start() run on the
// uplink's network thread, one at a time.
// Failure: start() fails on an unreadable credentials file or URL (nothing is running then);
// a broker that is down is not a failure of start(): the session reconnects by itself and
// provisioning answers `unavailable` meanwhile. Without monitoring.mqtt_url, everything is a
// no-op that succeeds (except reserved(), which checks the names all the same).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "core/result.hpp"
#include "ingest/mqtt_session.hpp"

namespace ec::ingest {
class mqtt_client;
namespace dynsec {
class admin;
}
}  // namespace ec::ingest

namespace ec::monitoring {

// What the health report shows of the uplink.
struct broker_state {
  bool refused = false;  // the broker refused our login
  std::string last_error;
};

class broker {
 public:
  explicit broker(const config& cfg);
  ~broker();  // stop()
  broker(const broker&) = delete;
  broker& operator=(const broker&) = delete;

  // Whether monitoring.mqtt_url is set.
  bool configured() const { return !cfg_.mqtt_url.empty(); }

  // Reads the service login, connects both clients and subscribes to eldercare/+/up.
  // `on_up` gets every uplink message with the serial of its topic ("" when the topic is not
  // an uplink topic); `on_connection` every connect and disconnect of the uplink.
  using up_handler = std::function<void(std::string serial, const ingest::mqtt_view&)>;
  using connection_handler = std::function<void(bool connected, const std::string& reason)>;
  status start(up_handler on_up, connection_handler on_connection);
  // Stops the uplink (no more messages, no more downlinks). Idempotent.
  void stop_uplink();
  // Stops the admin client too. Idempotent.
  void stop();

  // Publishes on eldercare/{serial}/down at QoS 1; `done` runs on the network thread when
  // the broker has acknowledged it (or it failed). `unavailable` when not running.
  status downlink(std::string_view serial, std::string payload, std::function<void(status)> done);

  // nullopt when not configured or not started.
  std::optional<broker_state> state() const;
  // Prometheus lines of the uplink session (nothing when not running).
  void render_metrics(std::string& out) const;

  // ok, or `invalid` "device.serial_reserved": the serial is (ignoring case) the service
  // login's user name, the uplink or admin client id, or "admin" (the dynsec admin that
  // scripts/mqtt-broker creates). Works without a broker.
  status reserved(std::string_view serial) const;

  // See device_provisioner (provisioner.hpp): a leftover login of the same serial is
  // replaced only when it is a device login; otherwise `conflict` "device.login_foreign" and
  // nothing is deleted.
  status provision(std::string_view serial, std::string_view secret);
  status revoke(std::string_view serial);
  std::vector<status> provision_many(
      const std::vector<std::pair<std::string, std::string>>& logins);
  // Best effort; logs failures. Only for logins this server provisioned (an import's rollback).
  void revoke_many(const std::vector<std::string>& serials);

 private:
  // With dynsec_mu_ held: ok when `serial` has no login or a device login; `conflict` when
  // the login is someone else's.
  status check_ours(std::string_view serial);

  const config& cfg_;
  std::string service_user_;  // from the credentials file, once started
  std::unique_ptr<ingest::mqtt_session> uplink_;
  std::unique_ptr<ingest::mqtt_client> admin_client_;
  std::unique_ptr<ingest::dynsec::admin> dynsec_;
  std::mutex dynsec_mu_;
};

}  // namespace ec::monitoring
