// The MQTT 3.1.1 codec (ingest/mqtt_wire): decode whatever the broker might send, in every
// split a socket could deliver, and round-trip what the encoders write.
#include "ingest/mqtt_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"

namespace wire = ec::ingest::wire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view buf(reinterpret_cast<const char*>(data), size);
  // Take packets off the front as mqtt_session does, with a small maximum too.
  for (std::size_t max : {std::size_t{1} << 20U, std::size_t{64}}) {
    std::string_view rest = buf;
    for (int n = 0; n < 10'000 && !rest.empty(); ++n) {
      auto d = wire::decode(rest, max);
      if (d.status != wire::decode_status::ok) break;
      FUZZ_CHECK(d.size > 0 && d.size <= rest.size() && d.size <= max + 5);
      const auto* lo = rest.data();
      const auto* hi = rest.data() + d.size;
      if (d.p.type == wire::packet_type::publish) {
        FUZZ_CHECK(d.p.qos >= 0 && d.p.qos <= 2);
        FUZZ_CHECK(d.p.topic.empty() ||
                   (d.p.topic.data() >= lo && d.p.topic.data() + d.p.topic.size() <= hi));
        FUZZ_CHECK(d.p.payload.empty() ||
                   (d.p.payload.data() >= lo && d.p.payload.data() + d.p.payload.size() <= hi));
        // What was read encodes to a packet that reads back the same.
        if (d.p.qos <= 1) {
          std::string out;
          wire::put_publish(out, d.p.topic, d.p.payload, d.p.qos, d.p.packet_id);
          auto back = wire::decode(out);
          FUZZ_CHECK(back.status == wire::decode_status::ok && back.size == out.size());
          FUZZ_CHECK(back.p.topic == d.p.topic && back.p.payload == d.p.payload);
          FUZZ_CHECK(back.p.qos == d.p.qos);
          if (d.p.qos == 1) FUZZ_CHECK(back.p.packet_id == d.p.packet_id);
        }
      }
      rest.remove_prefix(d.size);
    }
  }
  // A prefix of a whole packet is never a packet.
  auto whole = wire::decode(buf);
  if (whole.status == wire::decode_status::ok && whole.size > 1) {
    auto part = wire::decode(buf.substr(0, whole.size - 1));
    FUZZ_CHECK(part.status != wire::decode_status::ok);
  }
  // The encoders with fuzzed strings.
  const std::string_view a = buf.substr(0, buf.size() / 2), b = buf.substr(buf.size() / 2);
  std::string out;
  wire::put_connect(out, a, b, a, size % 2 == 0, static_cast<std::uint16_t>(size));
  wire::put_subscribe(out, static_cast<std::uint16_t>(size + 1), a, static_cast<int>(size % 2));
  wire::put_puback(out, static_cast<std::uint16_t>(size));
  wire::put_pingreq(out);
  wire::put_disconnect(out);
  return 0;
}
