// Transport-neutral HTTP request and response, so that everything above net/
// compiles without Beast. net/ converts to and from these at the edge.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ec::api {

struct header {
  std::string name;  // lower-case
  std::string value;
};

struct request {
  std::string method;  // "GET", "POST", …
  std::string target;  // raw target, "/api/v1/elders?page=2"
  std::vector<header> headers;
  std::string body;
  std::string remote_ip;
  bool secure = false;  // TLS, or X-Forwarded-Proto: https from a trusted proxy

  std::optional<std::string_view> get(std::string_view lower_name) const {
    for (const auto& h : headers)
      if (h.name == lower_name) return std::string_view(h.value);
    return std::nullopt;
  }
};

struct response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<header> headers;
  std::string body;
  // A file path to send instead of `body` (static assets); net/ streams it.
  std::string file_path;

  void set(std::string name, std::string value) {
    headers.push_back({std::move(name), std::move(value)});
  }
};

}  // namespace ec::api
