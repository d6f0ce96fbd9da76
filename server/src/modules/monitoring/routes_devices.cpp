// Devices (远程看护 · 设备管理): list, register (the secret is shown once), detail, edit, bind,
// unbind, retire, new secret; an elder's devices and event timeline. The rules live in
// modules/monitoring/devices.hpp; this file reads requests and writes JSON.
#include <charconv>

#include "api/json.hpp"
#include "api/services.hpp"
#include "core/timeutil.hpp"
#include "modules/monitoring/devices.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/monitoring/service.hpp"

namespace ec::api {
namespace {

using monitoring::device_record;

json::value opt_time(const std::optional<std::int64_t>& t) {
  return t ? json::value(timeutil::iso8601_shanghai(*t)) : json::value(nullptr);
}

json::value opt_int(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object device_json(const device_record& d) {
  json::object o;
  o.reserve(20);
  o["id"] = d.id;
  o["serial"] = d.serial;
  o["type"] = d.type;
  o["status"] = d.status;
  o["location"] = d.location;
  o["notes"] = d.notes;
  if (d.elder_id)
    o["elder"] = json::object{{"id", *d.elder_id}, {"name", d.elder_name}};
  else
    o["elder"] = nullptr;
  o["org_unit"] = json::object{{"id", d.org_unit_id}, {"name", d.org_unit_name}};
  if (d.community_id)
    o["community"] = json::object{{"id", *d.community_id}, {"name", d.community_name}};
  else
    o["community"] = nullptr;
  o["battery"] = opt_int(d.battery);
  o["last_seen_at"] = opt_time(d.last_seen_at);
  o["online"] = d.online ? json::value(*d.online) : json::value(nullptr);
  o["offline_after_s"] = d.offline_after_s;
  o["registered_at"] = timeutil::iso8601_shanghai(d.registered_at);
  o["bound_at"] = opt_time(d.bound_at);
  o["retired_at"] = opt_time(d.retired_at);
  o["version"] = d.version;
  o["created_at"] = timeutil::iso8601_shanghai(d.created_at);
  o["updated_at"] = timeutil::iso8601_shanghai(d.updated_at);
  return o;
}

json::object event_json(const monitoring::timeline_event& e) {
  json::object o{{"id", e.id},
                 {"device", json::object{{"id", e.device_id},
                                         {"serial", e.serial},
                                         {"type", e.device_type},
                                         {"location", e.location}}},
                 {"kind", e.kind},
                 {"at", timeutil::iso8601_shanghai(e.at)},
                 {"received_at", timeutil::iso8601_shanghai(e.received_at)},
                 {"value", opt_int(e.value)},
                 {"battery", opt_int(e.battery)},
                 {"transport", e.transport},
                 {"alert_id", opt_int(e.alert_id)}};
  o["lat"] = e.lat ? json::value(*e.lat) : json::value(nullptr);
  o["lon"] = e.lon ? json::value(*e.lon) : json::value(nullptr);
  return o;
}

result<json::object> body_of(const context& ctx) {
  return parse_object(ctx.req.body);
}

// A change to one device: `read` takes the body's fields, `act` applies them on a connection;
// the answer is the device as it is after the change.
template <class Read, class Act>
result<response> change_device(context& ctx, Read&& read, Act&& act) {
  auto id = ctx.id();
  if (!id) return std::move(id).err();
  auto body = body_of(ctx);
  if (!body) return std::move(body).err();
  reader rd(*body);
  read(rd);
  EC_TRY(rd.finish());
  auto c = ctx.svc.db.acquire();
  if (!c) return std::move(c).err();
  auto d = act(**c, *id);
  if (!d) return std::move(d).err();
  return json_response(200, device_json(*d));
}

}  // namespace

void register_device_routes(router& r) {
  r.add("GET", "/api/v1/devices", "monitoring:device:view", [](context& ctx) -> result<response> {
    auto f = monitoring::parse_device_filter([&](std::string_view k) { return ctx.q(k); }, 200);
    if (!f) return std::move(f).err();
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto res = monitoring::list_devices(**c, ctx.who(), *f);
    if (!res) return std::move(res).err();
    json::array items;
    for (const auto& d : res->items) items.push_back(device_json(d));
    return json_response(200, json::object{{"items", std::move(items)},
                                           {"total", res->total},
                                           {"page", f->page},
                                           {"size", f->size}});
  });

  r.add("POST", "/api/v1/devices", "monitoring:device:edit", [](context& ctx) -> result<response> {
    auto body = body_of(ctx);
    if (!body) return std::move(body).err();
    reader rd(*body);
    monitoring::register_input in;
    auto serial = rd.text("serial", true, 40);
    auto type = rd.one_of("type", true, monitoring::k_device_types);
    auto location = rd.text("location", false, 32);
    auto elder_id = rd.integer("elder_id", false, 1);
    auto notes = rd.text("notes", false, 500);
    if (serial) {
      if (auto s = monitoring::check_serial(*serial); !s)
        rd.add_error("serial", s.err().code, s.err().message);
    }
    EC_TRY(rd.finish());
    in.serial = *serial;
    in.type = *type;
    in.location = location.value_or("");
    in.notes = notes.value_or("");
    in.elder_id = elder_id;
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto reg = monitoring::register_device(**c, ctx.who(), in, ctx.svc.get<monitoring::service>());
    if (!reg) return std::move(reg).err();
    auto o = device_json(reg->device);
    o["secret"] = reg->secret;
    auto res = json_response(201, o);
    res.set("location", "/api/v1/devices/" + std::to_string(reg->device.id));
    return res;
  });

  r.add("GET", "/api/v1/devices/{id}", "monitoring:device:view",
        item_handler([](context& ctx, db::connection& c, std::int64_t id) -> result<response> {
          auto d = monitoring::get_device(c, ctx.who(), id);
          if (!d) return std::move(d).err();
          return json_response(200, device_json(*d));
        }));

  r.add("PUT", "/api/v1/devices/{id}", "monitoring:device:edit",
        [](context& ctx) -> result<response> {
          std::optional<std::string> location, notes;
          std::optional<std::int64_t> version;
          return change_device(
              ctx,
              [&](reader& rd) {
                location = rd.text("location", false, 32);
                notes = rd.text("notes", false, 500);
                version = rd.integer("version", true, 1);
              },
              [&](db::connection& c, std::int64_t id) {
                return monitoring::update_device(c, ctx.who(), id, location, notes, *version,
                                                 ctx.svc.get<monitoring::service>());
              });
        });

  r.add("POST", "/api/v1/devices/{id}/bind", "monitoring:device:edit",
        [](context& ctx) -> result<response> {
          std::optional<std::int64_t> elder_id, version;
          return change_device(
              ctx,
              [&](reader& rd) {
                elder_id = rd.integer("elder_id", true, 1);
                version = rd.integer("version", true, 1);
              },
              [&](db::connection& c, std::int64_t id) {
                return monitoring::bind_device(c, ctx.who(), id, *elder_id, *version,
                                               ctx.svc.get<monitoring::service>());
              });
        });

  r.add("POST", "/api/v1/devices/{id}/unbind", "monitoring:device:edit",
        [](context& ctx) -> result<response> {
          std::optional<std::int64_t> version;
          return change_device(
              ctx, [&](reader& rd) { version = rd.integer("version", true, 1); },
              [&](db::connection& c, std::int64_t id) {
                return monitoring::unbind_device(c, ctx.who(), id, *version,
                                                 ctx.svc.get<monitoring::service>());
              });
        });

  r.add("POST", "/api/v1/devices/{id}/retire", "monitoring:device:edit",
        [](context& ctx) -> result<response> {
          std::optional<std::int64_t> version;
          std::optional<std::string> reason;
          return change_device(
              ctx,
              [&](reader& rd) {
                version = rd.integer("version", true, 1);
                reason = rd.text("reason", false, 200);
              },
              [&](db::connection& c, std::int64_t id) {
                return monitoring::retire_device(c, ctx.who(), id, *version, reason.value_or(""),
                                                 ctx.svc.get<monitoring::service>());
              });
        });

  r.add("POST", "/api/v1/devices/{id}/reset-secret", "monitoring:device:edit",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          std::optional<std::int64_t> version;
          if (!ctx.req.body.empty()) {
            auto body = body_of(ctx);
            if (!body) return std::move(body).err();
            reader rd(*body);
            version = rd.integer("version", false, 1);
            EC_TRY(rd.finish());
          }
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto reg = monitoring::reset_device_secret(**c, ctx.who(), *id, version,
                                                     ctx.svc.get<monitoring::service>());
          if (!reg) return std::move(reg).err();
          auto o = device_json(reg->device);
          o["secret"] = reg->secret;
          return json_response(200, o);
        });

  r.add("GET", "/api/v1/elders/{id}/devices", "monitoring:device:view",
        item_handler([](context& ctx, db::connection& c, std::int64_t id) -> result<response> {
          auto ds = monitoring::elder_devices(c, ctx.who(), id);
          if (!ds) return std::move(ds).err();
          json::array items;
          for (const auto& d : *ds) items.push_back(device_json(d));
          return json_response(200, json::object{{"items", std::move(items)}});
        }));

  r.add("GET", "/api/v1/elders/{id}/events", "monitoring:device:view",
        [](context& ctx) -> result<response> {
          auto id = ctx.id();
          if (!id) return std::move(id).err();
          std::int64_t limit = 50;
          if (auto l = ctx.q("limit"); l && !l->empty()) {
            // Anything but a whole number is out of range (the timeline names `limit`).
            auto [p, e] = std::from_chars(l->data(), l->data() + l->size(), limit);
            if (e != std::errc() || p != l->data() + l->size()) limit = 0;
          }
          auto c = ctx.svc.db.acquire();
          if (!c) return std::move(c).err();
          auto page = monitoring::elder_timeline(**c, ctx.who(), *id, ctx.q("before"), limit);
          if (!page) return std::move(page).err();
          json::array items;
          for (const auto& e : page->items) items.push_back(event_json(e));
          return json_response(
              200, json::object{{"items", std::move(items)},
                                {"next_before", page->next_before ? json::value(*page->next_before)
                                                                  : json::value(nullptr)}});
        });
}

}  // namespace ec::api
