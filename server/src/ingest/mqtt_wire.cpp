#include "ingest/mqtt_wire.hpp"

namespace ec::ingest::wire {

namespace {

void put_u8(std::string& out, unsigned v) {
  out.push_back(static_cast<char>(v & 0xFF));
}
void put_u16(std::string& out, std::uint16_t v) {
  put_u8(out, v >> 8);
  put_u8(out, v);
}
void put_str(std::string& out, std::string_view s) {
  put_u16(out, static_cast<std::uint16_t>(s.size()));
  out.append(s);
}
void put_length(std::string& out, std::size_t n) {
  do {
    unsigned byte = n % 128;
    n /= 128;
    if (n > 0) byte |= 0x80;
    put_u8(out, byte);
  } while (n > 0);
}

std::uint16_t get_u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(b[at]) << 8) |
                                    static_cast<unsigned char>(b[at + 1]));
}

}  // namespace

void put_connect(std::string& out, std::string_view client_id, std::string_view username,
                 std::string_view password, bool clean_session, std::uint16_t keepalive_s) {
  std::size_t len = 10 + 2 + client_id.size();
  unsigned flags = clean_session ? 0x02 : 0;
  if (!username.empty()) {
    flags |= 0x80;
    len += 2 + username.size();
    if (!password.empty()) {
      flags |= 0x40;
      len += 2 + password.size();
    }
  }
  put_u8(out, 0x10);
  put_length(out, len);
  put_str(out, "MQTT");
  put_u8(out, 4);  // protocol level 3.1.1
  put_u8(out, flags);
  put_u16(out, keepalive_s);
  put_str(out, client_id);
  if (flags & 0x80) put_str(out, username);
  if (flags & 0x40) put_str(out, password);
}

void put_publish(std::string& out, std::string_view topic, std::string_view payload, int qos,
                 std::uint16_t packet_id, bool dup) {
  unsigned first = 0x30 | (static_cast<unsigned>(qos & 3) << 1) | (dup ? 0x08 : 0);
  put_u8(out, first);
  put_length(out, 2 + topic.size() + (qos > 0 ? 2 : 0) + payload.size());
  put_str(out, topic);
  if (qos > 0) put_u16(out, packet_id);
  out.append(payload);
}

void put_puback(std::string& out, std::uint16_t packet_id) {
  put_u8(out, 0x40);
  put_u8(out, 2);
  put_u16(out, packet_id);
}

void put_subscribe(std::string& out, std::uint16_t packet_id, std::string_view filter, int qos) {
  put_u8(out, 0x82);
  put_length(out, 2 + 2 + filter.size() + 1);
  put_u16(out, packet_id);
  put_str(out, filter);
  put_u8(out, static_cast<unsigned>(qos));
}

void put_pingreq(std::string& out) {
  put_u8(out, 0xC0);
  put_u8(out, 0);
}

void put_disconnect(std::string& out) {
  put_u8(out, 0xE0);
  put_u8(out, 0);
}

decoded decode(std::string_view buf, std::size_t max_size) {
  decoded d;
  if (buf.size() < 2) return d;
  std::size_t len = 0;
  std::size_t mult = 1;
  std::size_t i = 1;
  for (;; ++i) {
    if (i >= buf.size()) return d;  // need more
    if (i > 4) {
      d.status = decode_status::malformed;
      return d;
    }
    auto byte = static_cast<unsigned char>(buf[i]);
    len += (byte & 0x7F) * mult;
    mult *= 128;
    if ((byte & 0x80) == 0) break;
  }
  std::size_t header = i + 1;
  if (len > max_size) {
    d.status = decode_status::malformed;
    return d;
  }
  if (buf.size() < header + len) return d;
  std::string_view body = buf.substr(header, len);
  auto first = static_cast<unsigned char>(buf[0]);
  packet& p = d.p;
  p.type = static_cast<packet_type>(first >> 4);
  p.flags = first & 0x0F;
  auto malformed = [&] {
    d.status = decode_status::malformed;
    return d;
  };
  switch (p.type) {
    case packet_type::connack:
      if (body.size() != 2) return malformed();
      p.return_code = static_cast<std::uint8_t>(body[1]);
      break;
    case packet_type::puback:
      if (body.size() < 2) return malformed();
      p.packet_id = get_u16(body, 0);
      break;
    case packet_type::suback:
      if (body.size() < 3) return malformed();
      p.packet_id = get_u16(body, 0);
      p.return_code = static_cast<std::uint8_t>(body[2]);
      break;
    case packet_type::publish: {
      p.qos = (p.flags >> 1) & 3;
      if (p.qos == 3 || body.size() < 2) return malformed();
      std::size_t tlen = get_u16(body, 0);
      std::size_t at = 2 + tlen;
      if (body.size() < at + (p.qos > 0 ? 2 : 0)) return malformed();
      p.topic = body.substr(2, tlen);
      if (p.qos > 0) {
        p.packet_id = get_u16(body, at);
        at += 2;
      }
      p.payload = body.substr(at);
      break;
    }
    case packet_type::pingresp:
      break;
    default:
      return malformed();  // nothing else comes from a broker to a client
  }
  d.status = decode_status::ok;
  d.size = header + len;
  return d;
}

}  // namespace ec::ingest::wire
