#include "ingest/dynsec.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>

#include "core/crypto.hpp"

namespace ec::ingest::dynsec {

namespace json = boost::json;

status check_serial(std::string_view serial) {
  if (serial.empty() || serial.size() > 64) {
    return error::invalid("device.serial_invalid", "serial", "a serial has 1 to 64 characters");
  }
  for (char c : serial) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) {
      return error::invalid("device.serial_invalid", "serial",
                            "a serial may contain only letters, digits, '.', '_' and '-'");
    }
  }
  return {};
}

std::string up_topic(std::string_view serial) {
  return "eldercare/" + std::string(serial) + "/up";
}
std::string down_topic(std::string_view serial) {
  return "eldercare/" + std::string(serial) + "/down";
}
std::string device_role(std::string_view serial) {
  return "device-" + std::string(serial);
}
std::string serial_of_up_topic(std::string_view topic) {
  constexpr std::string_view prefix = "eldercare/", suffix = "/up";
  if (!topic.starts_with(prefix) || !topic.ends_with(suffix) ||
      topic.size() <= prefix.size() + suffix.size())
    return {};
  auto serial = topic.substr(prefix.size(), topic.size() - prefix.size() - suffix.size());
  if (!check_serial(serial)) return {};
  return std::string(serial);
}
bool is_device_login(std::string_view serial, const std::vector<std::string>& roles) {
  return roles.size() == 1 && roles[0] == device_role(serial);
}
std::string generate_password() {
  return crypto::random_token(24);
}

namespace {

std::string request(json::array commands, std::string_view tag) {
  for (std::size_t i = 0; i < commands.size(); ++i) {
    commands[i].as_object()["correlationData"] = std::string(tag) + ":" + std::to_string(i);
  }
  json::object o;
  o["commands"] = std::move(commands);
  return json::serialize(o);
}

json::object acl(const char* type, std::string topic) {
  return json::object{
      {"acltype", type}, {"topic", std::move(topic)}, {"priority", 0}, {"allow", true}};
}

std::string_view str(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
}

void add_create_commands(json::array& cmds, std::string_view serial, std::string_view password) {
  cmds.push_back(json::object{{"command", "createRole"},
                              {"rolename", device_role(serial)},
                              {"textdescription", "eldercare device " + std::string(serial)},
                              {"acls", json::array{acl("publishClientSend", up_topic(serial)),
                                                   acl("subscribePattern", down_topic(serial))}}});
  cmds.push_back(json::object{
      {"command", "createClient"},
      {"username", serial},
      {"password", password},
      {"clientid", serial},
      {"textname", "eldercare device"},
      {"roles", json::array{json::object{{"rolename", device_role(serial)}, {"priority", 0}}}}});
}

void add_delete_commands(json::array& cmds, std::string_view serial) {
  cmds.push_back(json::object{{"command", "deleteClient"}, {"username", serial}});
  cmds.push_back(json::object{{"command", "deleteRole"}, {"rolename", device_role(serial)}});
}

}  // namespace

std::string create_device_request(std::string_view serial, std::string_view password,
                                  std::string_view tag) {
  json::array cmds;
  add_create_commands(cmds, serial, password);
  return request(std::move(cmds), tag);
}

std::string create_devices_request(const std::vector<std::pair<std::string, std::string>>& logins,
                                   std::string_view tag) {
  json::array cmds;
  cmds.reserve(logins.size() * 2);
  for (const auto& [serial, password] : logins) add_create_commands(cmds, serial, password);
  return request(std::move(cmds), tag);
}

std::string delete_devices_request(const std::vector<std::string>& serials, std::string_view tag) {
  json::array cmds;
  cmds.reserve(serials.size() * 2);
  for (const auto& serial : serials) add_delete_commands(cmds, serial);
  return request(std::move(cmds), tag);
}

std::string set_device_enabled_request(std::string_view serial, bool enabled,
                                       std::string_view tag) {
  json::array cmds;
  cmds.push_back(
      json::object{{"command", enabled ? "enableClient" : "disableClient"}, {"username", serial}});
  return request(std::move(cmds), tag);
}

std::string delete_device_request(std::string_view serial, std::string_view tag) {
  json::array cmds;
  add_delete_commands(cmds, serial);
  return request(std::move(cmds), tag);
}

std::string get_client_request(std::string_view username, std::string_view tag) {
  json::array cmds;
  cmds.push_back(json::object{{"command", "getClient"}, {"username", std::string(username)}});
  return request(std::move(cmds), tag);
}

result<std::vector<response>> parse_responses(std::string_view payload) {
  auto bad = [](std::string why) {
    return error::make(errc::internal, "dynsec.bad_response",
                       "unreadable dynamic-security response: " + std::move(why));
  };
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec) return bad(ec.message());
  auto* root = v.if_object();
  auto* list = root ? root->if_contains("responses") : nullptr;
  if (!list || !list->is_array()) return bad("no \"responses\" array");
  std::vector<response> out;
  for (auto& item : list->get_array()) {
    auto* o = item.if_object();
    if (!o) return bad("a response is not an object");
    response r;
    r.command = str(*o, "command");
    r.correlation = str(*o, "correlationData");
    r.error = str(*o, "error");
    if (auto* d = o->if_contains("data")) r.data = json::serialize(*d);
    out.push_back(std::move(r));
  }
  return out;
}

status to_status(const response& r) {
  if (r.error.empty()) return {};
  const std::string& e = r.error;
  std::string code = "dynsec." + (r.command.empty() ? std::string("command") : r.command);
  std::string msg = r.command + ": " + e;
  if (e.find("already exists") != std::string::npos) {
    return error::make(errc::conflict, code + ".exists", msg);
  }
  if (e.find("not found") != std::string::npos) {
    return error::make(errc::not_found, code + ".not_found", msg);
  }
  if (e.rfind("Invalid", 0) == 0 || e.find("missing") != std::string::npos) {
    return error::make(errc::invalid, code + ".invalid", msg);
  }
  return error::make(errc::internal, code + ".failed", msg);
}

// What admin shares with the response handler, which may outlive it inside the client.
struct admin::state {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<status> subscribed;  // set by the SUBACK
  std::uint64_t counter = 0;
  std::string prefix;
  struct waiter {
    std::size_t count = 0;
    std::map<std::size_t, response> got;
  };
  std::map<std::string, waiter> waiting;  // by tag

  void on_message(const mqtt_message& m) {
    auto parsed = parse_responses(m.payload);
    if (!parsed) return;  // not ours to judge; a waiter times out
    std::lock_guard lk(mu);
    bool any = false;
    for (auto& r : *parsed) {
      auto colon = r.correlation.rfind(':');
      if (colon == std::string::npos) continue;
      auto it = waiting.find(r.correlation.substr(0, colon));
      if (it == waiting.end()) continue;
      std::size_t index = 0;
      try {
        index = std::stoul(r.correlation.substr(colon + 1));
      } catch (const std::exception&) {
        continue;
      }
      if (index >= it->second.count) continue;
      it->second.got[index] = std::move(r);
      any = true;
    }
    if (any) cv.notify_all();
  }
};

admin::admin(mqtt_client& client, std::chrono::milliseconds timeout)
    : st_(std::make_shared<state>()), client_(client), timeout_(timeout) {
  st_->prefix = "ec-" + crypto::random_token(6) + "-";
  std::shared_ptr<state> s = st_;
  auto r = client_.subscribe(
      response_topic, 1, [s](const mqtt_message& m) { s->on_message(m); },
      [s](status done) {
        std::lock_guard lk(s->mu);
        s->subscribed = std::move(done);
        s->cv.notify_all();
      });
  if (!r) {
    std::lock_guard lk(st_->mu);
    st_->subscribed = std::move(r).err();
  }
}

admin::~admin() = default;

status admin::ready() {
  std::unique_lock lk(st_->mu);
  if (!st_->cv.wait_for(lk, timeout_, [&] { return st_->subscribed.has_value(); })) {
    return error::make(errc::unavailable, "dynsec.not_ready",
                       "no answer to the dynamic-security subscription (" +
                           std::string(to_string(client_.state())) + ": " + client_.last_error() +
                           ")");
  }
  return *st_->subscribed;
}

std::string admin::next_tag() {
  std::lock_guard lk(st_->mu);
  return st_->prefix + std::to_string(++st_->counter);
}

result<std::vector<response>> admin::send(const std::string& payload, const std::string& tag,
                                          std::size_t count) {
  EC_TRY(ready());
  {
    std::lock_guard lk(st_->mu);
    st_->waiting[tag].count = count;
  }
  auto forget = [&] {
    std::lock_guard lk(st_->mu);
    st_->waiting.erase(tag);
  };
  auto sent = client_.publish(control_topic, payload, 1);
  if (!sent) {
    forget();
    return std::move(sent).err();
  }
  std::unique_lock lk(st_->mu);
  auto wait = timeout_ + std::chrono::milliseconds(250) * (count > 2 ? count - 2 : 0);
  bool all = st_->cv.wait_for(lk, wait, [&] { return st_->waiting[tag].got.size() >= count; });
  auto w = std::move(st_->waiting[tag]);
  st_->waiting.erase(tag);
  lk.unlock();
  if (!all) {
    return error::make(errc::unavailable, "dynsec.timeout",
                       "the broker did not answer the dynamic-security command in time");
  }
  std::vector<response> out;
  for (auto& [i, r] : w.got) out.push_back(std::move(r));
  return out;
}

result<device_credential> admin::create_device(std::string_view serial) {
  device_credential c{std::string(serial), generate_password()};
  EC_TRY(create_device(serial, c.password));
  return c;
}

status admin::create_device(std::string_view serial, std::string_view password) {
  EC_TRY(check_serial(serial));
  if (password.size() < 16) {
    return error::invalid("device.password_short", "password",
                          "a device password has at least 16 characters");
  }
  auto tag = next_tag();
  auto rs = send(create_device_request(serial, password, tag), tag, 2);
  if (!rs) return std::move(rs).err();
  // A role left by an earlier attempt that failed half-way is reused.
  auto role = to_status((*rs)[0]);
  if (!role && role.err().kind != errc::conflict) return role;
  return to_status((*rs)[1]);
}

result<std::optional<std::vector<std::string>>> admin::client_roles(std::string_view username) {
  auto tag = next_tag();
  auto rs = send(get_client_request(username, tag), tag, 1);
  if (!rs) return std::move(rs).err();
  auto st = to_status((*rs)[0]);
  if (!st) {
    if (st.err().kind == errc::not_found) return std::optional<std::vector<std::string>>{};
    return std::move(st).err();
  }
  boost::system::error_code ec;
  json::value v = json::parse((*rs)[0].data, ec);
  const json::object* client = nullptr;
  if (!ec)
    if (auto* d = v.if_object())
      if (auto* cl = d->if_contains("client")) client = cl->if_object();
  if (!client)
    return error::make(errc::internal, "dynsec.bad_response", "getClient: no \"client\" object");
  std::vector<std::string> roles;
  if (auto* list = client->if_contains("roles"); list && list->is_array())
    for (auto& r : list->get_array())
      if (auto* o = r.if_object()) roles.emplace_back(str(*o, "rolename"));
  return std::optional<std::vector<std::string>>(std::move(roles));
}

status admin::disable_device(std::string_view serial) {
  EC_TRY(check_serial(serial));
  auto tag = next_tag();
  auto rs = send(set_device_enabled_request(serial, false, tag), tag, 1);
  if (!rs) return std::move(rs).err();
  return to_status((*rs)[0]);
}

status admin::enable_device(std::string_view serial) {
  EC_TRY(check_serial(serial));
  auto tag = next_tag();
  auto rs = send(set_device_enabled_request(serial, true, tag), tag, 1);
  if (!rs) return std::move(rs).err();
  return to_status((*rs)[0]);
}

status admin::delete_device(std::string_view serial) {
  EC_TRY(check_serial(serial));
  auto tag = next_tag();
  auto rs = send(delete_device_request(serial, tag), tag, 2);
  if (!rs) return std::move(rs).err();
  for (auto& r : *rs) {
    auto s = to_status(r);
    if (!s && s.err().kind != errc::not_found) return s;
  }
  return {};
}

namespace {

// Answers i*2 and i*2+1 of a bulk message as create_device() judges them.
status create_outcome(const std::vector<response>& rs, std::size_t i) {
  auto role = to_status(rs[2 * i]);
  if (!role && role.err().kind != errc::conflict) return role;
  return to_status(rs[2 * i + 1]);
}

status delete_outcome(const std::vector<response>& rs, std::size_t i) {
  for (std::size_t k = 2 * i; k < 2 * i + 2; ++k) {
    auto s = to_status(rs[k]);
    if (!s && s.err().kind != errc::not_found) return s;
  }
  return {};
}

}  // namespace

status admin::connected() const {
  if (client_.state() == mqtt_state::connected) return {};
  return error::make(errc::unavailable, "dynsec.disconnected",
                     "not connected to the broker (" + std::string(to_string(client_.state())) +
                         ": " + client_.last_error() + ")");
}

void admin::run_batches(
    const std::vector<std::size_t>& ok, std::size_t per_message,
    const std::function<std::string(std::size_t, std::size_t, const std::string&)>& request,
    status (*outcome)(const std::vector<response>&, std::size_t), std::vector<status>& out) {
  per_message = std::max<std::size_t>(1, per_message);
  std::optional<error> gone;
  for (std::size_t from = 0; from < ok.size(); from += per_message) {
    std::size_t to = std::min(ok.size(), from + per_message);
    if (!gone) {
      if (auto st = connected(); !st) gone = std::move(st).err();
    }
    if (!gone) {
      auto tag = next_tag();
      auto rs = send(request(from, to, tag), tag, (to - from) * 2);
      if (rs) {
        for (std::size_t k = from; k < to; ++k) out[ok[k]] = outcome(*rs, k - from);
        continue;
      }
      gone = std::move(rs).err();
    }
    for (std::size_t k = from; k < to; ++k) out[ok[k]] = *gone;
  }
}

std::vector<status> admin::create_devices(
    const std::vector<std::pair<std::string, std::string>>& logins, std::size_t per_message) {
  std::vector<status> out(logins.size());
  std::vector<std::size_t> ok;  // indexes that pass the local checks
  for (std::size_t i = 0; i < logins.size(); ++i) {
    if (auto s = check_serial(logins[i].first); !s) {
      out[i] = std::move(s);
    } else if (logins[i].second.size() < 16) {
      out[i] = error::invalid("device.password_short", "password",
                              "a device password has at least 16 characters");
    } else {
      ok.push_back(i);
    }
  }
  run_batches(
      ok, per_message,
      [&](std::size_t from, std::size_t to, const std::string& tag) {
        std::vector<std::pair<std::string, std::string>> part;
        for (std::size_t k = from; k < to; ++k) part.push_back(logins[ok[k]]);
        return create_devices_request(part, tag);
      },
      create_outcome, out);
  return out;
}

std::vector<status> admin::delete_devices(const std::vector<std::string>& serials,
                                          std::size_t per_message) {
  std::vector<status> out(serials.size());
  std::vector<std::size_t> ok;
  for (std::size_t i = 0; i < serials.size(); ++i) {
    if (auto s = check_serial(serials[i]); !s)
      out[i] = std::move(s);
    else
      ok.push_back(i);
  }
  run_batches(
      ok, per_message,
      [&](std::size_t from, std::size_t to, const std::string& tag) {
        std::vector<std::string> part;
        for (std::size_t k = from; k < to; ++k) part.push_back(serials[ok[k]]);
        return delete_devices_request(part, tag);
      },
      delete_outcome, out);
  return out;
}

}  // namespace ec::ingest::dynsec
