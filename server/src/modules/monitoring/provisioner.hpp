// device_provisioner: what the devices code (devices.*, device_import.*) needs from the
// monitoring service, and no more: a device's broker login, and "this device row changed".
// The service implements it (service.hpp); tests may pass nullptr (no broker, no reload).
//
// Thread-safety: every function may be called from any thread.
// Failure: provisioning returns ec::status (device.serial_reserved, or `unavailable` /
// `conflict` from the broker); revoking in bulk and the change notices never fail (they log).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace ec::monitoring {

class device_provisioner {
 public:
  virtual ~device_provisioner() = default;

  // ok, or `invalid` "device.serial_reserved" (field "serial") when the serial is a name the
  // broker uses for something other than a device: the server's service login and its client
  // ids, the dynamic-security admin (docs/SECURITY.md "MQTT broker"). Compared ignoring case.
  // Checked before any row is written, with or without a broker.
  virtual status check_serial_free(std::string_view serial) const = 0;

  // Gives a device its broker login so it can publish on its own topics; no-op without MQTT.
  // A login of the same name is replaced only when it is a device login (its single role is
  // `device-<serial>`); any other login is left alone and the call fails with `conflict`.
  virtual status provision_device(std::string_view serial, std::string_view secret) = 0;
  // Takes the device login away (retire); no-op without MQTT. A login of that name that is
  // not a device login is not touched (`conflict`).
  virtual status revoke_device(std::string_view serial) = 0;
  // Bulk forms (device import): one outcome per login, with the rules above.
  virtual std::vector<status> provision_devices(
      const std::vector<std::pair<std::string, std::string>>& logins) = 0;  // serial, secret
  // Best effort; logs what it could not remove.
  virtual void revoke_devices(const std::vector<std::string>& serials) = 0;

  // The device rows changed (registered, bound, unbound, moved, retired): reload them.
  // Returns once the monitoring service has them (or after 2 s).
  virtual void devices_changed(const std::vector<std::int64_t>& device_ids) = 0;
  void device_changed(std::int64_t device_id) { devices_changed({device_id}); }
};

}  // namespace ec::monitoring
