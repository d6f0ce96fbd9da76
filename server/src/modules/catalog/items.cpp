#include "modules/catalog/items.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/value_from.hpp>

#include "core/timeutil.hpp"

namespace ec::catalog {
namespace {

constexpr const char* k_cols =
    "id, category, name, unit, duration_min, price_fen, qualification, active, version";

service_item from_row(const db::row& r) {
  return {r.i64(0), r.str(1), r.str(2),      r.str(3), r.i64(4),
          r.i64(5), r.str(6), r.i64(7) != 0, r.i64(8)};
}

std::string yuan(std::int64_t fen) {
  return fmt::format("{}.{:02}", fen / 100, fen % 100);
}

error name_taken(const std::string& name) {
  return error::make(errc::conflict, "catalog.name_duplicate",
                     "The category already has an item named " + name);
}

template <class T>
void diff(boost::json::object& ch, const char* field, const T& a, const T& b) {
  if (!(a == b))
    ch[field] = boost::json::array{boost::json::value_from(a), boost::json::value_from(b)};
}

}  // namespace

result<std::optional<service_item>> find_item(db::connection& c, std::int64_t id) {
  auto r = c.maybe_one(std::string("SELECT ") + k_cols + " FROM service_items WHERE id = ?", {id});
  if (!r) return std::move(r).err();
  if (!*r) return std::optional<service_item>();
  return std::optional<service_item>(from_row(**r));
}

result<std::vector<service_item>> list_items(db::connection& c, const item_filter& f) {
  std::string where = "1=1";
  db::params args;
  db::and_if(where, args, "category = ?", f.category);
  if (f.active) {
    where += " AND active = ?";
    args.emplace_back(std::int64_t{*f.active ? 1 : 0});
  }
  auto rows = c.query(std::string("SELECT ") + k_cols + " FROM service_items WHERE " + where +
                          " ORDER BY category, name, id",
                      args);
  if (!rows) return std::move(rows).err();
  std::vector<service_item> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(from_row(r));
  return out;
}

result<service_item> create_item(db::connection& c, const sys::principal& who,
                                 const std::string& ip, const item_input& in) {
  auto id = db::in_transaction(c, [&]() -> result<std::int64_t> {
    auto now = timeutil::now_unix_ms();
    auto ins = c.query(
        "INSERT INTO service_items (category, name, unit, duration_min, price_fen, "
        "qualification, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) "
        "RETURNING id",
        {in.category, in.name, in.unit, in.duration_min, in.price_fen, in.qualification, now, now});
    if (!ins) {
      if (ins.err().kind == errc::conflict) return name_taken(in.name);
      return std::move(ins).err();
    }
    auto nid = ins->front().i64(0);
    boost::json::object ch;
    ch["name"] = boost::json::array{nullptr, boost::json::string(in.name)};
    ch["price_fen"] = boost::json::array{nullptr, in.price_fen};
    EC_TRY(sys::audit(c, &who, ip,
                      {"create",
                       "service_item",
                       std::to_string(nid),
                       {"created service item " + in.name + " (" + yuan(in.price_fen) + " yuan)",
                        "新增服务项目 " + in.name + "（" + yuan(in.price_fen) + "元）"},
                       ch}));
    return nid;
  });
  if (!id) return std::move(id).err();
  auto item = find_item(c, *id);
  if (!item) return std::move(item).err();
  return std::move(**item);
}

result<service_item> update_item(db::connection& c, const sys::principal& who,
                                 const std::string& ip, std::int64_t id, std::int64_t version,
                                 const item_input& in) {
  auto cur = find_item(c, id);
  if (!cur) return std::move(cur).err();
  if (!*cur) return error::make(errc::not_found, "not_found", "No such service item");
  const auto& old = **cur;
  auto st = db::in_transaction(c, [&]() -> status {
    auto up = c.exec(
        "UPDATE service_items SET category = ?, name = ?, unit = ?, duration_min = ?, "
        "price_fen = ?, qualification = ?, active = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?",
        {in.category, in.name, in.unit, in.duration_min, in.price_fen, in.qualification,
         std::int64_t{in.active ? 1 : 0}, timeutil::now_unix_ms(), id, version});
    if (!up) {
      if (up.err().kind == errc::conflict) return name_taken(in.name);
      return std::move(up).err();
    }
    if (*up == 0)
      return error::make(errc::conflict, "conflict.stale_version",
                         "The item was changed by someone else");
    boost::json::object ch;
    diff(ch, "category", old.category, in.category);
    diff(ch, "name", old.name, in.name);
    diff(ch, "unit", old.unit, in.unit);
    diff(ch, "duration_min", old.duration_min, in.duration_min);
    diff(ch, "price_fen", old.price_fen, in.price_fen);
    diff(ch, "qualification", old.qualification, in.qualification);
    diff(ch, "active", old.active, in.active);
    return sys::audit(c, &who, ip,
                      {"update",
                       "service_item",
                       std::to_string(id),
                       {"updated service item " + old.name, "修改服务项目 " + old.name},
                       ch});
  });
  if (!st) return std::move(st).err();
  auto item = find_item(c, id);
  if (!item) return std::move(item).err();
  return std::move(**item);
}

boost::json::object item_json(const service_item& i) {
  return {{"id", i.id},
          {"category", i.category},
          {"name", i.name},
          {"unit", i.unit},
          {"duration_min", i.duration_min},
          {"price_fen", i.price_fen},
          {"qualification", i.qualification},
          {"active", i.active},
          {"version", i.version}};
}

}  // namespace ec::catalog
