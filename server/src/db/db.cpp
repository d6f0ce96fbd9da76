#include "db/db.hpp"

#include <stdexcept>

#include "db/postgres/postgres_db.hpp"
#include "db/sqlite/sqlite_db.hpp"

namespace ec::db {

std::int64_t row::i64(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto s = std::get_if<std::string>(&v)) return s->empty() ? 0 : std::stoll(*s);
  return 0;
}

double row::f64(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (auto d = std::get_if<double>(&v)) return *d;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto s = std::get_if<std::string>(&v)) return s->empty() ? 0 : std::stod(*s);
  return 0;
}

std::string row::str(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

std::string row::take_str(std::size_t i) {
  if (auto s = std::get_if<std::string>(&cols_.at(i))) return std::move(*s);
  return str(i);
}

std::optional<std::string> row::opt_str(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return str(i);
}

std::optional<std::int64_t> row::opt_i64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

result<row> connection::one(std::string_view sql, const params& args) {
  auto r = query(sql, args);
  if (!r) return std::move(r).err();
  if (r->empty()) return not_found();
  return std::move(r->front());
}

result<std::optional<row>> connection::maybe_one(std::string_view sql, const params& args) {
  auto r = query(sql, args);
  if (!r) return std::move(r).err();
  if (r->empty()) return std::optional<row>{};
  return std::optional<row>{std::move(r->front())};
}

std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

lease::~lease() {
  if (conn_ && owner_) owner_->give_back(std::move(conn_));
}

result<lease> database::acquire() {
  auto c = take();
  if (!c) return std::move(c).err();
  return lease(this, std::move(*c));
}

std::unique_ptr<database> open(const options& opts) {
  if (opts.url.starts_with("sqlite:")) return sqlite::open(opts);
  if (opts.url.starts_with("postgres://") || opts.url.starts_with("postgresql://"))
    return postgres::open(opts);
  throw std::runtime_error("database url must start with sqlite: or postgresql://, got '" +
                           opts.url + "'");
}

}  // namespace ec::db
