#include "modules/monitoring/devices.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <charconv>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "ingest/dynsec.hpp"
#include "modules/monitoring/settings.hpp"
#include "modules/monitoring/types.hpp"
#include "modules/system/system.hpp"

namespace ec::monitoring {
namespace json = boost::json;
namespace {

constexpr const char* k_cols =
    "d.id, d.serial, d.type, d.status, d.location, d.notes, d.elder_id, e.name, d.org_unit_id, "
    "u.name, u.community_id, c.name, d.battery, d.last_seen_at, d.bound_at, d.retired_at, "
    "d.registered_at, d.version, d.created_at, d.updated_at";
constexpr const char* k_from =
    " FROM devices d JOIN org_units u ON u.id = d.org_unit_id LEFT JOIN org_units c ON c.id = "
    "u.community_id LEFT JOIN elders e ON e.id = d.elder_id";

device_record from_row(db::row& r) {
  device_record d;
  r.take(0, d.id, d.serial, d.type, d.status, d.location, d.notes, d.elder_id, d.elder_name,
         d.org_unit_id, d.org_unit_name, d.community_id, d.community_name, d.battery,
         d.last_seen_at, d.bound_at, d.retired_at, d.registered_at, d.version, d.created_at,
         d.updated_at);
  return d;
}

// Fills offline_after_s and online from the effective thresholds.
status add_liveness(db::connection& c, std::vector<device_record>& ds) {
  std::vector<std::int64_t> elders;
  for (const auto& d : ds)
    if (d.elder_id) elders.push_back(*d.elder_id);
  auto book = load_threshold_book(c, elders);
  if (!book) return std::move(book).err();
  auto now = timeutil::now_unix_ms();
  for (auto& d : ds) {
    auto t = parse_device_type(d.type, "type");
    if (!t) continue;
    auto th = d.elder_id ? book->for_elder(*t, *d.elder_id) : book->for_type(*t);
    d.offline_after_s = static_cast<std::int64_t>(static_cast<double>(th.heartbeat_interval_s) *
                                                  th.offline_multiple);
    if (d.last_seen_at) d.online = now - *d.last_seen_at <= d.offline_after_s * 1000;
  }
  return {};
}

result<std::optional<device_record>> load(db::connection& c, const sys::principal& who,
                                          std::int64_t id) {
  auto r =
      sys::maybe_one_in_scope(c, who, sys::device_scope_sql, "d",
                              std::string("SELECT ") + k_cols + k_from + " WHERE d.id = ?", {id});
  if (!r) return std::move(r).err();
  if (!*r) return std::optional<device_record>{};
  std::vector<device_record> one{from_row(**r)};
  EC_TRY(add_liveness(c, one));
  return std::optional<device_record>{std::move(one.front())};
}

result<device_record> load_or_404(db::connection& c, const sys::principal& who, std::int64_t id) {
  auto d = load(c, who, id);
  if (!d) return std::move(d).err();
  if (!*d) return not_found();
  return std::move(**d);
}

error stale() {
  return error::make(errc::conflict, "conflict.stale_version",
                     "The record was changed by someone else; reload and try again");
}

error retired() {
  return error::make(errc::conflict, "device.retired", "The device is retired");
}

struct elder_ref {
  std::int64_t id = 0, org_unit_id = 0, community_id = 0;
  std::string name, org_path, status;
};

// An elder in the caller's scope: not_found (naming elder_id) otherwise.
result<elder_ref> find_elder(db::connection& c, const sys::principal& who, std::int64_t id) {
  auto r = sys::maybe_one_in_scope(
      c, who, sys::elder_scope_sql, "e",
      "SELECT e.id, e.org_unit_id, e.community_id, e.name, e.org_path, e.status FROM elders e "
      "WHERE e.id = ?",
      {id});
  if (!r) return std::move(r).err();
  if (!*r) {
    auto e = error::make(errc::not_found, "not_found", "No such elder in your scope");
    e.field = "elder_id";
    return e;
  }
  return elder_ref{(*r)->i64(0), (*r)->i64(1), (*r)->i64(2),
                   (*r)->str(3), (*r)->str(4), (*r)->str(5)};
}

result<elder_ref> find_active_elder(db::connection& c, const sys::principal& who, std::int64_t id) {
  auto e = find_elder(c, who, id);
  if (!e) return e;
  if (e->status != "active")
    return error::invalid("device.elder_left", "elder_id",
                          "the elder has left the registry; devices bind to active elders only");
  return e;
}

// A change to one device row: `sql` must end with "WHERE id = ? AND version = ?" whose two
// parameters are appended here. stale() when the row had another version.
status update_row(db::connection& c, std::string sql, db::params args, std::int64_t id,
                  std::int64_t version) {
  args.emplace_back(id);
  args.emplace_back(version);
  auto up = c.exec(sql, args);
  if (!up) return std::move(up).err();
  if (*up == 0) return stale();
  return {};
}

void changed(device_provisioner* svc, std::int64_t id) {
  if (svc) svc->device_changed(id);
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, e] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (e != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Runs `write` (row + audit) in a transaction that also provisions the broker login before
// the commit, and takes the login away again if the commit fails.
status write_with_login(db::connection& c, device_provisioner* svc, const std::string& serial,
                        const std::string& secret, const std::function<status()>& write) {
  EC_TRY(c.begin(true));
  if (auto st = write(); !st) {
    (void)c.rollback();
    return st;
  }
  if (svc) {
    if (auto p = svc->provision_device(serial, secret); !p) {
      (void)c.rollback();
      if (p.err().code == "device.login_foreign" || p.err().code == "device.serial_reserved")
        return p;
      spdlog::warn("device {}: broker login not provisioned: {}", serial, p.err().message);
      return error::make(errc::unavailable, "device.provision_failed",
                         "The message broker did not accept the device's login; try again");
    }
  }
  if (auto cm = c.commit(); !cm) {
    (void)c.rollback();
    if (svc) {
      if (auto r = svc->revoke_device(serial); !r)
        spdlog::error("device {}: commit failed and its broker login could not be revoked: {}",
                      serial, r.err().message);
    }
    return cm;
  }
  return {};
}

}  // namespace

status check_serial(std::string_view s, std::string_view field) {
  auto bad = [&](std::string msg) {
    return error::invalid("device.serial_invalid", std::string(field), std::move(msg));
  };
  if (s.size() < 4 || s.size() > 40) return bad("must be 4 to 40 characters");
  for (char ch : s) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '-';
    if (!ok) return bad("may contain only letters A-Z, digits and '-'");
  }
  return {};
}

std::string timeline_cursor(std::int64_t at_ms, std::int64_t id) {
  return std::to_string(at_ms) + "_" + std::to_string(id);
}

std::optional<std::pair<std::int64_t, std::int64_t>> parse_timeline_cursor(std::string_view s) {
  auto us = s.find('_');
  if (us == std::string_view::npos) return std::nullopt;
  auto at = to_int(s.substr(0, us));
  auto id = to_int(s.substr(us + 1));
  if (!at || !id || *id < 1) return std::nullopt;
  return std::make_pair(*at, *id);
}

result<device_filter> parse_device_filter(
    const std::function<std::optional<std::string>(std::string_view)>& q, std::int64_t max_size) {
  device_filter f;
  std::vector<field_error> errs;
  auto int_param = [&](std::string_view name, std::int64_t lo,
                       std::int64_t hi) -> std::optional<std::int64_t> {
    auto v = q(name);
    if (!v || v->empty()) return std::nullopt;
    auto n = to_int(*v);
    if (!n || *n < lo || *n > hi) {
      errs.push_back(
          {std::string(name), "request.bad_query",
           "must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi)});
      return std::nullopt;
    }
    return n;
  };
  auto enum_param =
      [&](std::string_view name,
          const std::vector<std::string_view>& allowed) -> std::optional<std::string> {
    auto v = q(name);
    if (!v || v->empty()) return std::nullopt;
    for (auto a : allowed)
      if (a == *v) return v;
    errs.push_back({std::string(name), "request.bad_query", "is not an allowed value"});
    return std::nullopt;
  };
  f.type = enum_param("type", k_device_types);
  if (auto s = enum_param("status", {"active", "retired", "all"})) f.status = *s;
  if (auto b = enum_param("bound", {"true", "false"})) f.bound = *b == "true";
  f.open_alert = enum_param("alert", {"offline", "low_battery"});
  f.elder_id = int_param("elder_id", 1, INT64_MAX);
  f.community_id = int_param("community_id", 1, INT64_MAX);
  if (auto v = q("q")) {
    auto t = text::trim(*v);
    if (text::utf8_length(t) > 40)
      errs.push_back({"q", "request.bad_query", "is too long"});
    else if (!t.empty())
      f.q = t;
  }
  if (auto p = int_param("page", 1, 1000000)) f.page = *p;
  if (auto s = int_param("size", 1, max_size)) f.size = *s;
  if (!errs.empty()) return error::fields(std::move(errs));
  return f;
}

result<device_list> list_devices(db::connection& c, const sys::principal& who,
                                 const device_filter& f) {
  db::params args;
  std::string where = sys::device_scope_sql(who, "d", args);
  if (f.status != "all") {
    where += " AND d.status = ?";
    args.emplace_back(f.status);
  }
  db::and_if(where, args, "d.type = ?", f.type);
  if (f.bound) where += *f.bound ? " AND d.elder_id IS NOT NULL" : " AND d.elder_id IS NULL";
  db::and_if(where, args, "d.elder_id = ?", f.elder_id);
  db::and_if(where, args, "u.community_id = ?", f.community_id);
  db::and_if(where, args,
             "d.id IN (SELECT device_id FROM alerts WHERE state <> 'resolved' AND kind = ?)",
             f.open_alert);
  if (f.q) {
    // lower(): PostgreSQL's LIKE minds case; ESCAPE: a typed % or _ is literal.
    where +=
        " AND (lower(d.serial) LIKE lower(?) ESCAPE '\\' OR lower(e.name) LIKE lower(?) ESCAPE "
        "'\\')";
    args.emplace_back(db::like_contains(*f.q));
    args.emplace_back(db::like_contains(*f.q));
  }
  device_list out;
  auto total = c.one(std::string("SELECT COUNT(*)") + k_from + " WHERE " + where, args);
  if (!total) return std::move(total).err();
  out.total = total->i64(0);
  args.emplace_back(f.size);
  args.emplace_back((f.page - 1) * f.size);
  auto rows = c.query(std::string("SELECT ") + k_cols + k_from + " WHERE " + where +
                          " ORDER BY d.id DESC LIMIT ? OFFSET ?",
                      args);
  if (!rows) return std::move(rows).err();
  for (auto& r : *rows) out.items.push_back(from_row(r));
  EC_TRY(add_liveness(c, out.items));
  return out;
}

result<device_record> get_device(db::connection& c, const sys::principal& who, std::int64_t id) {
  return load_or_404(c, who, id);
}

result<std::vector<device_record>> elder_devices(db::connection& c, const sys::principal& who,
                                                 std::int64_t elder_id) {
  auto e = find_elder(c, who, elder_id);
  if (!e) return not_found();
  auto rows = c.query(std::string("SELECT ") + k_cols + k_from +
                          " WHERE d.elder_id = ? AND d.status = 'active' ORDER BY d.type, d.id",
                      {elder_id});
  if (!rows) return std::move(rows).err();
  std::vector<device_record> out;
  for (auto& r : *rows) out.push_back(from_row(r));
  EC_TRY(add_liveness(c, out));
  return out;
}

result<registered> register_device(db::connection& c, const sys::principal& who,
                                   const register_input& in, device_provisioner* svc) {
  std::vector<field_error> errs;
  if (auto s = check_serial(in.serial); !s)
    errs.push_back({s.err().field, s.err().code, s.err().message});
  else if (svc)
    if (auto r = svc->check_serial_free(in.serial); !r)
      errs.push_back({r.err().field, r.err().code, r.err().message});
  if (!parse_device_type(in.type, "type"))
    errs.push_back({"type", "validation.enum", "is not a device type"});
  if (!errs.empty()) return error::fields(std::move(errs));
  std::optional<elder_ref> elder;
  if (in.elder_id) {
    auto e = find_active_elder(c, who, *in.elder_id);
    if (!e) return std::move(e).err();
    elder = *e;
  }
  auto taken = [] {
    auto e = error::make(errc::conflict, "device.serial_taken",
                         "A device with this serial is already registered");
    e.field = "serial";
    return e;
  };
  // Serials differing only in case would be told apart by the broker but not by people.
  auto same = c.maybe_one("SELECT id FROM devices WHERE lower(serial) = lower(?)", {in.serial});
  if (!same) return std::move(same).err();
  if (*same) return taken();

  auto secret = ingest::dynsec::generate_password();
  auto hash = crypto::sha256_hex(secret);
  auto now = timeutil::now_unix_ms();
  std::int64_t unit_id = elder ? elder->org_unit_id : who.org_unit_id;
  std::string path = elder ? elder->org_path : who.org_path;
  std::int64_t id = 0;
  auto st = write_with_login(c, svc, in.serial, secret, [&]() -> status {
    auto ins = c.query(
        "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
        "token_hash, registered_at, bound_at, notes, created_at, updated_at) VALUES (?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {in.serial, in.type, db::opt(in.elder_id), unit_id, path, in.location, hash, now,
         elder ? db::value{now} : db::null(), in.notes, now, now});
    if (!ins) {
      if (ins.err().kind == errc::conflict) return taken();
      return std::move(ins).err();
    }
    id = ins->front().i64(0);
    json::object ch{{"serial", json::array{nullptr, json::string(in.serial)}},
                    {"type", json::array{nullptr, json::string(in.type)}},
                    {"org_unit_id", json::array{nullptr, unit_id}}};
    if (elder) ch["elder_id"] = json::array{nullptr, elder->id};
    if (!in.location.empty()) ch["location"] = json::array{nullptr, json::string(in.location)};
    return sys::audit(
        c, &who, who.ip,
        {"create",
         "device",
         std::to_string(id),
         {"registered device " + in.serial +
              (elder ? " for " + elder->name : std::string(" (in stock)")),
          "登记设备 " + in.serial + (elder ? "，绑定 " + elder->name : std::string("（库存）"))},
         ch});
  });
  if (!st) return std::move(st).err();
  changed(svc, id);
  auto d = load_or_404(c, who, id);
  if (!d) return std::move(d).err();
  return registered{std::move(*d), secret};
}

result<device_record> update_device(db::connection& c, const sys::principal& who, std::int64_t id,
                                    const std::optional<std::string>& location,
                                    const std::optional<std::string>& notes, std::int64_t version,
                                    device_provisioner* svc) {
  auto cur = load_or_404(c, who, id);
  if (!cur) return cur;
  if (cur->version != version) return stale();
  if (cur->status != "active") return retired();
  auto loc = location.value_or(cur->location);
  auto nts = notes.value_or(cur->notes);
  auto st = db::in_transaction(c, [&]() -> status {
    EC_TRY(update_row(c,
                      "UPDATE devices SET location = ?, notes = ?, version = version + 1, "
                      "updated_at = ? WHERE id = ? AND version = ?",
                      {loc, nts, timeutil::now_unix_ms()}, id, version));
    json::object ch;
    sys::diff_field(ch, "location", cur->location, loc);
    sys::diff_field(ch, "notes", cur->notes, nts);
    return sys::audit(c, &who, who.ip,
                      {"update",
                       "device",
                       std::to_string(id),
                       {"updated device " + cur->serial, "修改设备 " + cur->serial},
                       ch});
  });
  if (!st) return std::move(st).err();
  changed(svc, id);
  return load_or_404(c, who, id);
}

result<device_record> bind_device(db::connection& c, const sys::principal& who, std::int64_t id,
                                  std::int64_t elder_id, std::int64_t version,
                                  device_provisioner* svc) {
  auto cur = load_or_404(c, who, id);
  if (!cur) return cur;
  auto elder = find_active_elder(c, who, elder_id);
  if (!elder) return std::move(elder).err();
  if (cur->version != version) return stale();
  if (cur->status != "active") return retired();
  if (cur->elder_id) {
    auto e = error::make(errc::conflict, "device.already_bound",
                         "The device is bound to an elder; unbind it first");
    e.field = "elder_id";
    return e;
  }
  auto now = timeutil::now_unix_ms();
  auto st = db::in_transaction(c, [&]() -> status {
    EC_TRY(update_row(c,
                      "UPDATE devices SET elder_id = ?, org_unit_id = ?, org_path = ?, bound_at = "
                      "?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                      {elder->id, elder->org_unit_id, elder->org_path, now, now}, id, version));
    json::object ch{{"elder_id", json::array{nullptr, elder->id}}};
    sys::diff_field(ch, "org_unit_id", std::to_string(cur->org_unit_id),
                    std::to_string(elder->org_unit_id));
    return sys::audit(c, &who, who.ip,
                      {"bind",
                       "device",
                       std::to_string(id),
                       {"bound device " + cur->serial + " to " + elder->name,
                        "设备 " + cur->serial + " 绑定 " + elder->name},
                       ch});
  });
  if (!st) return std::move(st).err();
  changed(svc, id);
  return load_or_404(c, who, id);
}

result<device_record> unbind_device(db::connection& c, const sys::principal& who, std::int64_t id,
                                    std::int64_t version, device_provisioner* svc) {
  auto cur = load_or_404(c, who, id);
  if (!cur) return cur;
  if (cur->version != version) return stale();
  if (cur->status != "active") return retired();
  if (!cur->elder_id)
    return error::make(errc::conflict, "device.not_bound", "The device is not bound to an elder");
  // Back into the stock of the elder's community (or the unit it was at, if the elder has
  // none in scope any more).
  std::int64_t unit_id = cur->org_unit_id;
  auto comm = c.maybe_one(
      "SELECT o.id, o.path FROM elders e JOIN org_units o ON o.id = e.community_id WHERE e.id = ?",
      {*cur->elder_id});
  if (!comm) return std::move(comm).err();
  std::string path;
  if (*comm) {
    unit_id = (*comm)->i64(0);
    path = (*comm)->str(1);
  } else {
    auto u = c.one("SELECT path FROM org_units WHERE id = ?", {unit_id});
    if (!u) return std::move(u).err();
    path = u->str(0);
  }
  auto st = db::in_transaction(c, [&]() -> status {
    EC_TRY(update_row(c,
                      "UPDATE devices SET elder_id = NULL, bound_at = NULL, org_unit_id = ?, "
                      "org_path = ?, version = version + 1, updated_at = ? WHERE id = ? AND "
                      "version = ?",
                      {unit_id, path, timeutil::now_unix_ms()}, id, version));
    json::object ch{{"elder_id", json::array{*cur->elder_id, nullptr}}};
    sys::diff_field(ch, "org_unit_id", std::to_string(cur->org_unit_id), std::to_string(unit_id));
    return sys::audit(c, &who, who.ip,
                      {"unbind",
                       "device",
                       std::to_string(id),
                       {"unbound device " + cur->serial + " from " + cur->elder_name,
                        "设备 " + cur->serial + " 与 " + cur->elder_name + " 解绑"},
                       ch});
  });
  if (!st) return std::move(st).err();
  changed(svc, id);
  return load_or_404(c, who, id);
}

result<device_record> retire_device(db::connection& c, const sys::principal& who, std::int64_t id,
                                    std::int64_t version, const std::string& reason,
                                    device_provisioner* svc) {
  auto cur = load_or_404(c, who, id);
  if (!cur) return cur;
  if (cur->version != version) return stale();
  if (cur->status != "active") return retired();
  auto now = timeutil::now_unix_ms();
  auto st = db::in_transaction(c, [&]() -> status {
    EC_TRY(update_row(c,
                      "UPDATE devices SET status = 'retired', retired_at = ?, elder_id = NULL, "
                      "bound_at = NULL, version = version + 1, updated_at = ? WHERE id = ? AND "
                      "version = ?",
                      {now, now}, id, version));
    json::object ch{{"status", json::array{"active", "retired"}}};
    if (cur->elder_id) ch["elder_id"] = json::array{*cur->elder_id, nullptr};
    if (!reason.empty()) ch["reason"] = json::array{nullptr, json::string(reason)};
    return sys::audit(c, &who, who.ip,
                      {"retire",
                       "device",
                       std::to_string(id),
                       {"retired device " + cur->serial + (reason.empty() ? "" : ": " + reason),
                        "停用设备 " + cur->serial + (reason.empty() ? "" : "：" + reason)},
                       ch});
  });
  if (!st) return std::move(st).err();
  // After the commit: the row already says retired, so its events are dead letters even if
  // the broker cannot be reached now.
  if (svc) {
    if (auto r = svc->revoke_device(cur->serial); !r)
      spdlog::error("device {} retired but its broker login could not be removed: {}", cur->serial,
                    r.err().message);
  }
  changed(svc, id);
  return load_or_404(c, who, id);
}

result<registered> reset_device_secret(db::connection& c, const sys::principal& who,
                                       std::int64_t id, std::optional<std::int64_t> version,
                                       device_provisioner* svc) {
  auto cur = load_or_404(c, who, id);
  if (!cur) return std::move(cur).err();
  if (version && cur->version != *version) return stale();
  if (cur->status != "active") return retired();
  auto secret = ingest::dynsec::generate_password();
  auto hash = crypto::sha256_hex(secret);
  auto st = write_with_login(c, svc, cur->serial, secret, [&]() -> status {
    EC_TRY(update_row(c,
                      "UPDATE devices SET token_hash = ?, version = version + 1, updated_at = ? "
                      "WHERE id = ? AND version = ?",
                      {hash, timeutil::now_unix_ms()}, id, cur->version));
    return sys::audit(
        c, &who, who.ip,
        {"reset_secret",
         "device",
         std::to_string(id),
         {"issued a new secret for device " + cur->serial, "重置设备 " + cur->serial + " 的密钥"},
         {}});
  });
  if (!st) return std::move(st).err();
  changed(svc, id);
  auto d = load_or_404(c, who, id);
  if (!d) return std::move(d).err();
  return registered{std::move(*d), secret};
}

result<timeline_page> elder_timeline(db::connection& c, const sys::principal& who,
                                     std::int64_t elder_id,
                                     const std::optional<std::string>& before, std::int64_t limit) {
  std::optional<std::pair<std::int64_t, std::int64_t>> cursor;
  if (before && !before->empty()) {
    cursor = parse_timeline_cursor(*before);
    if (!cursor)
      return error::invalid("request.bad_query", "before",
                            "must be a cursor from next_before of the previous page");
  }
  if (limit < 1 || limit > 200)
    return error::invalid("request.bad_query", "limit", "must be an integer between 1 and 200");
  auto e = find_elder(c, who, elder_id);
  if (!e) return not_found();
  db::params args{elder_id};
  std::string sql =
      "SELECT de.id, de.device_id, d.serial, d.type, d.location, de.kind, de.transport, de.at, "
      "de.received_at, de.value, de.battery, de.alert_id, de.lat, de.lon FROM device_events de "
      "JOIN devices d ON d.id = de.device_id WHERE de.elder_id = ?";
  if (cursor) {
    sql += " AND (de.at < ? OR (de.at = ? AND de.id < ?))";
    args.emplace_back(cursor->first);
    args.emplace_back(cursor->first);
    args.emplace_back(cursor->second);
  }
  sql += " ORDER BY de.at DESC, de.id DESC LIMIT ?";
  args.emplace_back(limit + 1);
  auto rows = c.query(sql, args);
  if (!rows) return std::move(rows).err();
  timeline_page page;
  for (auto& r : *rows) {
    if (static_cast<std::int64_t>(page.items.size()) == limit) {
      const auto& last = page.items.back();
      page.next_before = timeline_cursor(last.at, last.id);
      break;
    }
    timeline_event ev;
    r.take(0, ev.id, ev.device_id, ev.serial, ev.device_type, ev.location, ev.kind, ev.transport,
           ev.at, ev.received_at, ev.value, ev.battery, ev.alert_id, ev.lat, ev.lon);
    page.items.push_back(std::move(ev));
  }
  return page;
}

result<std::vector<std::int64_t>> follow_elder(db::connection& c, const sys::principal& who,
                                               std::int64_t elder_id, const std::string& elder_name,
                                               std::int64_t unit_id, const std::string& unit_path,
                                               const std::string& unit_name) {
  auto rows = c.query(
      "SELECT id, serial, org_unit_id FROM devices WHERE elder_id = ? AND status = 'active' "
      "ORDER BY id",
      {elder_id});
  if (!rows) return std::move(rows).err();
  std::vector<std::int64_t> ids;
  const auto now = timeutil::now_unix_ms();
  for (auto& r : *rows) {
    const auto id = r.i64(0);
    const auto serial = r.take_str(1);
    const auto from_unit = r.i64(2);
    auto up = c.exec(
        "UPDATE devices SET org_unit_id = ?, org_path = ?, version = version + 1, updated_at = ? "
        "WHERE id = ?",
        {unit_id, unit_path, now, id});
    if (!up) return std::move(up).err();
    json::object ch;
    sys::diff_field(ch, "org_unit_id", std::to_string(from_unit), std::to_string(unit_id));
    EC_TRY(sys::audit(c, &who, who.ip,
                      {"update",
                       "device",
                       std::to_string(id),
                       {"device " + serial + " follows " + elder_name + " to " + unit_name,
                        "设备 " + serial + " 随 " + elder_name + " 迁至 " + unit_name},
                       ch}));
    ids.push_back(id);
  }
  return ids;
}

}  // namespace ec::monitoring
