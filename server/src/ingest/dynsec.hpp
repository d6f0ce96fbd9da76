// Device credentials in the broker, through Mosquitto's dynamic-security plugin: the server
// sends JSON commands to $CONTROL/dynamic-security/v1 and reads the answers on
// $CONTROL/dynamic-security/v1/response (https://mosquitto.org/documentation/dynamic-security/).
//
// Each device is a dynsec client: user name = client id = its serial, its own generated
// password, and its own role `device-{serial}` that allows exactly
//   publishClientSend  eldercare/{serial}/up     (its events)
//   subscribePattern   eldercare/{serial}/down   (acknowledgements and commands)
// Everything else stays denied by the broker's default ACL access (publish and subscribe
// denied). Binding the client id to the serial also stops one device from taking over
// another's session by connecting with its client id.
//
// The request builders and parse_responses() are pure; `admin` sends them over an
// mqtt_client that may use the control topic (the `eldercare-server` service client or the
// dynsec admin; scripts/mqtt-broker creates both) and waits for the answers.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "ingest/mqtt_client.hpp"

namespace ec::ingest::dynsec {

inline constexpr const char* control_topic = "$CONTROL/dynamic-security/v1";
inline constexpr const char* response_topic = "$CONTROL/dynamic-security/v1/response";

// A serial is 1–64 of [A-Za-z0-9._-]: safe as a topic level, user name and client id
// (no '/', '+', '#', '$' or spaces).
status check_serial(std::string_view serial);
std::string up_topic(std::string_view serial);     // eldercare/{serial}/up
std::string down_topic(std::string_view serial);   // eldercare/{serial}/down
std::string device_role(std::string_view serial);  // device-{serial}
// The serial of an uplink topic eldercare/{serial}/up; "" for any other topic (or a serial
// that check_serial refuses).
std::string serial_of_up_topic(std::string_view topic);
// Whether a broker login is one of our device logins: its single role is device-{serial}.
// Logins that are not (the server's service login, the dynsec admin, anything an operator
// made) must never be deleted or replaced by device provisioning.
bool is_device_login(std::string_view serial, const std::vector<std::string>& roles);
// A new device password: 32 characters of base64url from 24 random bytes.
std::string generate_password();

// One answer of the plugin. `error` is empty on success.
struct response {
  std::string command;      // e.g. "createClient"
  std::string correlation;  // the command's correlationData, "" if it had none
  std::string error;        // e.g. "Client already exists"
  std::string data;         // the "data" member as JSON text, "" if absent
};

// Parses a payload published on response_topic.
result<std::vector<response>> parse_responses(std::string_view payload);
// ok, or the error as ec::error: "... already exists" -> conflict, "... not found" ->
// not_found, "Invalid ..."/"... missing" -> invalid, anything else -> internal.
status to_status(const response& r);

// Request payloads ({"commands":[...]}); command i carries correlationData "{tag}:{i}".
std::string create_device_request(std::string_view serial, std::string_view password,
                                  std::string_view tag);
std::string set_device_enabled_request(std::string_view serial, bool enabled, std::string_view tag);
std::string delete_device_request(std::string_view serial, std::string_view tag);
// getClient for one user name (one command).
std::string get_client_request(std::string_view username, std::string_view tag);
// Several devices in one message: device i's two commands are commands 2i and 2i+1 (the
// plugin answers a message's commands in order, in one response message).
std::string create_devices_request(const std::vector<std::pair<std::string, std::string>>& logins,
                                   std::string_view tag);
std::string delete_devices_request(const std::vector<std::string>& serials, std::string_view tag);

struct device_credential {
  std::string serial;  // also the MQTT user name and client id
  std::string password;
};

class admin {
 public:
  // Subscribes `client` to response_topic; the client must outlive this object. Make one
  // admin per client (the client keeps each admin's subscription until it stops).
  explicit admin(mqtt_client& client,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  ~admin();
  admin(const admin&) = delete;
  admin& operator=(const admin&) = delete;

  // Waits until the broker has granted the response subscription; `forbidden` when the
  // client may not use dynamic security.
  status ready();

  // Creates the device's role and client with a generated password (returned once; the
  // broker keeps only a salted hash). `conflict` if the serial exists already.
  result<device_credential> create_device(std::string_view serial);
  status create_device(std::string_view serial, std::string_view password);
  // A disabled device cannot connect, and is disconnected at once if it is connected.
  status disable_device(std::string_view serial);
  status enable_device(std::string_view serial);
  // Deletes the client and its role (a retired device); disconnects it if connected.
  // Deleting a device that does not exist is not an error.
  status delete_device(std::string_view serial);
  // The role names of login `username`; nullopt when there is no such login.
  result<std::optional<std::vector<std::string>>> client_roles(std::string_view username);

  // Bulk forms (a device import): `per_message` devices per control message. Mosquitto
  // 2.0.11's plugin accepts many commands in one message but still saves its dynsec.json once
  // per command (docs/PERFORMANCE.md "Bulk device import"), so batching saves the round trips,
  // not the saves. out[i] is login i's outcome, as create_device()/delete_device() would give;
  // once a message is not answered (broker gone) it and every later one is `unavailable`.
  std::vector<status> create_devices(
      const std::vector<std::pair<std::string, std::string>>& logins,  // serial, password
      std::size_t per_message = 100);
  std::vector<status> delete_devices(const std::vector<std::string>& serials,
                                     std::size_t per_message = 100);

  // Sends a request payload whose commands carry correlationData "{tag}:{i}" for
  // i = 0..count-1 and waits for all `count` answers (in command order): the timeout given
  // to the constructor, plus 250 ms per command beyond the first two (each command is a save
  // of the whole dynsec.json, slower as the broker holds more logins).
  result<std::vector<response>> send(const std::string& payload, const std::string& tag,
                                     std::size_t count);
  // A fresh tag for send().
  std::string next_tag();

 private:
  // unavailable unless the client is connected now (the bulk forms check it before each
  // message rather than queue a big message for a broker that is gone).
  status connected() const;
  // The bulk forms' loop: the items at `ok` go `per_message` to a message; `request(from, to,
  // tag)` makes the payload for ok[from..to) (two commands each), `outcome(answers, j)` reads
  // the j-th item's result from its message's answers into `out`. After a message fails (or
  // the client is gone) the remaining items get that error without being sent.
  void run_batches(
      const std::vector<std::size_t>& ok, std::size_t per_message,
      const std::function<std::string(std::size_t, std::size_t, const std::string&)>& request,
      status (*outcome)(const std::vector<response>&, std::size_t), std::vector<status>& out);

  struct state;
  std::shared_ptr<state> st_;
  mqtt_client& client_;
  std::chrono::milliseconds timeout_;
};

}  // namespace ec::ingest::dynsec
