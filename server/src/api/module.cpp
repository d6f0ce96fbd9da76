#include "api/module.hpp"

#include <map>

#include "core/timeutil.hpp"

namespace ec::api {
namespace {

template <class T>
using index = std::map<std::string_view, const T*, std::less<>>;

struct catalogue {
  index<permission_def> permissions;
  index<error_def> errors;
  index<label_def> fields;
};

const catalogue& cat() {
  static const catalogue c = [] {
    catalogue out;
    for (const auto* m : all_modules()) {
      for (const auto& p : m->permissions) out.permissions.emplace(p.code, &p);
      for (const auto& e : m->errors) out.errors.emplace(e.code, &e);
      for (const auto& f : m->fields) out.fields.emplace(f.code, &f);
    }
    return out;
  }();
  return c;
}

template <class T>
const T* find_in(const index<T>& idx, std::string_view code) {
  auto it = idx.find(code);
  return it == idx.end() ? nullptr : it->second;
}

}  // namespace

void register_all_routes(router& r) {
  for (const auto* m : all_modules())
    if (m->routes) m->routes(r);
}

status sync_permissions(db::connection& c) {
  return db::in_transaction(c, [&]() -> status {
    auto now = timeutil::now_unix_ms();
    for (const auto* m : all_modules())
      for (const auto& p : m->permissions) {
        auto added = c.query(
            "INSERT INTO permissions (code, first_seen_at) VALUES (?, ?) ON CONFLICT (code) DO "
            "NOTHING RETURNING code",
            {std::string(p.code), now});
        if (!added) return std::move(added).err();
        if (added->empty()) continue;  // seen before: the roles are the administrators' now
        for (auto role : p.default_roles) {
          auto known = c.maybe_one("SELECT code FROM roles WHERE code = ?", {std::string(role)});
          if (!known) return std::move(known).err();
          if (!*known)
            return error::make(errc::internal, "internal",
                               "permission " + std::string(p.code) + " names an unknown role " +
                                   std::string(role));
          auto g = c.exec(
              "INSERT INTO role_permissions (role_code, permission) VALUES (?, ?) ON CONFLICT "
              "DO NOTHING",
              {std::string(role), std::string(p.code)});
          if (!g) return std::move(g).err();
        }
      }
    return {};
  });
}

const permission_def* find_permission(std::string_view code) {
  return find_in(cat().permissions, code);
}
const error_def* find_error(std::string_view code) {
  return find_in(cat().errors, code);
}
const label_def* find_field(std::string_view code) {
  return find_in(cat().fields, code);
}

}  // namespace ec::api
