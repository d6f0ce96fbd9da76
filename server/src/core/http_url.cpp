#include "core/http_url.hpp"

#include <cctype>

namespace ec {
namespace {

ec::error bad(std::string_view field, std::string message) {
  return ec::error::invalid("url.invalid", std::string(field), std::move(message));
}

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

bool ipv6_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
}

}  // namespace

std::string http_url::host_header() const {
  std::string h = ipv6 ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) h += ":" + std::to_string(port);
  return h;
}

ec::result<http_url> parse_http_url(std::string_view url, std::string_view field) {
  if (url.empty()) return bad(field, "must not be empty");
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
      return bad(field,
                 "must not contain spaces, control or non-ASCII characters "
                 "(percent-encode them)");
  }
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return bad(field, "must start with https:// or http://");
  std::string scheme;
  for (char c : url.substr(0, sep)) scheme += lower(c);
  if (scheme != "http" && scheme != "https")
    return bad(field, "must start with https:// or http://, not " + scheme + "://");

  auto rest = url.substr(sep + 3);
  auto auth_end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, auth_end);
  auto tail = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  if (authority.find('@') != std::string_view::npos)
    return bad(field, "must not carry a user name or password (user@host)");
  if (tail.find('#') != std::string_view::npos)
    return bad(field, "must not have a fragment (#...)");

  http_url out;
  out.tls = scheme == "https";
  out.port = out.tls ? 443 : 80;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad(field, "IPv6 address is missing its ']'");
    auto addr = authority.substr(1, close - 1);
    if (addr.empty()) return bad(field, "must name a host");
    for (char c : addr)
      if (!ipv6_char(c)) return bad(field, "IPv6 address may hold only hex digits, ':' and '.'");
    out.host.assign(addr);
    out.ipv6 = true;
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad(field, "only ':port' may follow the IPv6 address");
      port_text = after.substr(1);
      has_port = true;
    }
  } else {
    auto colon = authority.find(':');
    auto host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      has_port = true;
    }
    if (host.empty()) return bad(field, "must name a host");
    for (char c : host) {
      if (!host_char(c)) return bad(field, "host may hold only letters, digits, '-', '.' and '_'");
      out.host += lower(c);
    }
  }
  if (has_port) {
    if (port_text.empty() || port_text.size() > 5)
      return bad(field, "port must be a number from 1 to 65535");
    unsigned long p = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c)))
        return bad(field, "port must be a number from 1 to 65535");
      p = p * 10 + static_cast<unsigned long>(c - '0');
    }
    if (p < 1 || p > 65535) return bad(field, "port must be a number from 1 to 65535");
    out.port = static_cast<std::uint16_t>(p);
  }
  if (tail.empty())
    out.target = "/";
  else if (tail.front() == '?')
    out.target = "/" + std::string(tail);
  else
    out.target.assign(tail);
  return out;
}

}  // namespace ec
