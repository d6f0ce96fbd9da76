// A minimal MQTT 3.1.1 codec for the device simulator's many connections (simulator/simulator).
//
// Why not libmosquitto here: every mosquitto handle opens a socket pair besides its socket
// (3 file descriptors per device) and locks per call; the simulator keeps up to ~19,000
// device connections in one process under this machine's hard limit of 20,000 open files
// (docs/PERFORMANCE.md "Monitoring"). The server's own connection still uses libmosquitto
// (ingest/mqtt_client.hpp).
//
// Only what a device needs: CONNECT (user name, password, clean session), CONNACK,
// SUBSCRIBE/SUBACK, PUBLISH at QoS 0/1 both ways, PUBACK, PINGREQ/PINGRESP, DISCONNECT.
// The encoders append to a string; the decoder takes whole packets off the front of a
// buffer. Pure functions, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ec::ingest::wire {

enum class packet_type : std::uint8_t {
  connect = 1,
  connack = 2,
  publish = 3,
  puback = 4,
  subscribe = 8,
  suback = 9,
  pingreq = 12,
  pingresp = 13,
  disconnect = 14,
};

void put_connect(std::string& out, std::string_view client_id, std::string_view username,
                 std::string_view password, bool clean_session, std::uint16_t keepalive_s);
// QoS 0 ignores packet_id.
void put_publish(std::string& out, std::string_view topic, std::string_view payload, int qos,
                 std::uint16_t packet_id, bool dup = false);
void put_puback(std::string& out, std::uint16_t packet_id);
void put_subscribe(std::string& out, std::uint16_t packet_id, std::string_view filter, int qos);
void put_pingreq(std::string& out);
void put_disconnect(std::string& out);

// One packet read from the broker.
struct packet {
  packet_type type = packet_type::connack;
  std::uint8_t flags = 0;        // low nibble of the first byte
  std::uint8_t return_code = 0;  // CONNACK: 0 accepted; SUBACK: granted QoS or 0x80
  std::uint16_t packet_id = 0;   // PUBACK, SUBACK, PUBLISH with QoS > 0
  int qos = 0;                   // PUBLISH
  std::string_view topic;        // PUBLISH (points into the buffer)
  std::string_view payload;      // PUBLISH (points into the buffer)
};

enum class decode_status { ok, need_more, malformed };

struct decoded {
  decode_status status = decode_status::need_more;
  packet p;
  std::size_t size = 0;  // bytes the packet took (ok only)
};

// Reads the first packet of `buf`; packets larger than `max_size` are malformed.
decoded decode(std::string_view buf, std::size_t max_size = 1 << 20);

}  // namespace ec::ingest::wire
