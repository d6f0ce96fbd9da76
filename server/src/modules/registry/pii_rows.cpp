#include "modules/registry/pii_rows.hpp"

#include <functional>
#include <vector>

#include "core/pii.hpp"

namespace ec::registry::pii_rows {
namespace {

constexpr std::string_view k_dom_id = "elders.id_number";
constexpr std::string_view k_dom_id_tail = "elders.id_number.tail";
constexpr std::string_view k_dom_phone = "elders.phone";
constexpr std::string_view k_dom_phone_tail4 = "elders.phone.tail4";

std::string upper_x(std::string_view s) {
  std::string out(s);
  for (auto& ch : out)
    if (ch == 'x') ch = 'X';
  return out;
}

}  // namespace

std::int64_t current_key_id() {
  auto k = pii::active();
  return k ? static_cast<std::int64_t>(k->current_id()) : 0;
}

std::string id_index(std::string_view id_number) {
  return pii::index(k_dom_id, upper_x(id_number));
}
std::string id_tail_index(std::string_view tail) {
  return pii::index(k_dom_id_tail, upper_x(tail));
}
std::string phone_index(std::string_view phone) {
  return pii::index(k_dom_phone, phone);
}
std::string phone_tail4_index(std::string_view last4) {
  return pii::index(k_dom_phone_tail4, last4);
}

elder_cols seal_elder(std::string_view id_number, const std::optional<std::string>& phone) {
  elder_cols c;
  auto idn = upper_x(id_number);
  c.key_id = current_key_id();
  c.id_number = pii::seal(k_ctx_id, idn);
  c.id_bi = id_index(idn);
  auto tail = [&](std::size_t n) {
    return idn.size() >= n ? id_tail_index(std::string_view(idn).substr(idn.size() - n))
                           : std::string();
  };
  c.id_tail4_bi = tail(4);
  c.id_tail5_bi = tail(5);
  c.id_tail6_bi = tail(6);
  if (phone && !phone->empty()) {
    c.phone = pii::seal(k_ctx_phone, *phone);
    c.phone_bi = phone_index(*phone);
    c.phone_tail4_bi =
        phone->size() >= 4
            ? db::value{phone_tail4_index(std::string_view(*phone).substr(phone->size() - 4))}
            : db::null();
  }
  return c;
}

void elder_cols::append_to(db::params& args) const {
  args.insert(args.end(), {id_number, std::string(), id_bi, id_tail4_bi, id_tail5_bi, id_tail6_bi,
                           phone, phone_bi, phone_tail4_bi, key_id});
}

std::string seal_contact_phone(std::string_view phone) {
  return pii::seal(k_ctx_contact_phone, phone);
}

result<std::string> open_id(std::string_view stored) {
  return pii::open(k_ctx_id, stored);
}
result<std::string> open_phone(std::string_view stored) {
  return pii::open(k_ctx_phone, stored);
}
result<std::string> open_contact_phone(std::string_view stored) {
  return pii::open(k_ctx_contact_phone, stored);
}

namespace {

// One pass over `table` from the start: rows whose pii_key is not `cur`, `batch` at a time,
// each batch one transaction. Returns rows written; `seen` counts rows looked at.
template <class Fetch, class Write>
result<std::int64_t> pass(db::connection& c, std::int64_t batch, std::int64_t budget,
                          std::int64_t& seen, Fetch&& fetch, Write&& write) {
  std::int64_t last_id = 0, written = 0;
  for (;;) {
    std::int64_t n = batch;
    if (budget > 0) n = std::min(n, budget - written);
    if (n <= 0) return written;
    auto rows = fetch(last_id, n);
    if (!rows) return std::move(rows).err();
    if (rows->empty()) return written;
    seen += static_cast<std::int64_t>(rows->size());
    auto w = db::in_transaction(c, [&]() -> result<std::int64_t> {
      std::int64_t k = 0;
      for (auto& r : *rows) {
        auto one = write(r);
        if (!one) return std::move(one).err();
        k += *one;
      }
      return k;
    });
    if (!w) return std::move(w).err();
    written += *w;
    last_id = rows->back().i64(0);
  }
}

}  // namespace

result<convert_report> convert(db::connection& c, const convert_options& o,
                               const std::function<void(const convert_report&)>& progress) {
  convert_report rep;
  const std::int64_t cur = current_key_id();
  if (cur == 0) return error::make(errc::internal, "pii.no_key", "no personal-data key installed");
  const std::int64_t batch = std::max<std::int64_t>(1, o.batch);
  auto remaining = [&]() -> std::int64_t {
    return o.limit > 0 ? o.limit - rep.elders - rep.contacts : 0;
  };
  for (int round = 0; round < 1000; ++round) {
    std::int64_t seen = 0;
    if (o.limit > 0 && remaining() <= 0) break;
    auto e = pass(
        c, batch, remaining(), seen,
        [&](std::int64_t after, std::int64_t n) {
          return c.query(
              "SELECT id, id_number, phone, version, pii_key FROM elders WHERE pii_key <> ? AND "
              "id > ? ORDER BY id LIMIT ?",
              {cur, after, n});
        },
        [&](const db::row& r) -> result<std::int64_t> {
          auto idn = open_id(r.str(1));
          if (!idn) return std::move(idn).err();
          std::optional<std::string> ph;
          if (!r.is_null(2) && !r.str(2).empty()) {
            auto p = open_phone(r.str(2));
            if (!p) return std::move(p).err();
            ph = std::move(*p);
          }
          db::params args;
          seal_elder(*idn, ph).append_to(args);
          args.insert(args.end(), {r.i64(0), r.i64(3), r.i64(4)});
          return c.exec(std::string("UPDATE elders SET ") + elder_cols::k_assignments +
                            " WHERE id = ? AND version = ? AND pii_key = ?",
                        args);
        });
    if (!e) return std::move(e).err();
    rep.elders += *e;
    if (progress) progress(rep);
    if (o.limit > 0 && remaining() <= 0) break;
    auto k = pass(
        c, batch, remaining(), seen,
        [&](std::int64_t after, std::int64_t n) {
          return c.query(
              "SELECT id, phone, pii_key FROM elder_contacts WHERE pii_key <> ? AND id > ? ORDER "
              "BY id LIMIT ?",
              {cur, after, n});
        },
        [&](const db::row& r) -> result<std::int64_t> {
          auto p = open_contact_phone(r.str(1));
          if (!p) return std::move(p).err();
          return c.exec(
              "UPDATE elder_contacts SET phone = ?, pii_key = ? WHERE id = ? AND phone = ? AND "
              "pii_key = ?",
              {seal_contact_phone(*p), cur, r.i64(0), r.str(1), r.i64(2)});
        });
    if (!k) return std::move(k).err();
    rep.contacts += *k;
    if (progress) progress(rep);
    if (seen == 0) {
      rep.complete = true;
      break;
    }
  }
  return rep;
}

result<std::int64_t> rows_behind(db::connection& c) {
  const std::int64_t cur = current_key_id();
  auto r = c.one(
      "SELECT (SELECT COUNT(*) FROM elders WHERE pii_key <> ?) + (SELECT COUNT(*) FROM "
      "elder_contacts WHERE pii_key <> ?)",
      {cur, cur});
  if (!r) return std::move(r).err();
  return r->i64(0);
}

}  // namespace ec::registry::pii_rows
