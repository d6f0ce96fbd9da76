// result<T>: a value or a typed error, returned by services and repositories.
//
// Exceptions are reserved for start-up failures and programming errors; every
// expected failure (bad input, missing row, stale version, database busy) travels
// as an `ec::error` inside a `result`. One place (api/errors.cpp) maps error kinds
// to HTTP statuses and renders the JSON envelope.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ec {

// What went wrong, independent of transport. api/ maps each kind to a status.
enum class errc {
  invalid,       // 400/422: input breaks a rule; `field` names the field
  unauthorized,  // 401: not signed in
  forbidden,     // 403: signed in, lacks the permission
  not_found,     // 404: absent or outside the caller's data scope
  conflict,      // 409: stale version, duplicate key
  too_large,     // 413
  unsupported,   // 415
  rate_limited,  // 429
  unavailable,   // 503: database busy or shutting down
  internal,      // 500
};

struct field_error {
  std::string field;  // e.g. "id_number" or "contacts[1].phone"
  std::string code;   // e.g. "idcard.check_digit"
  std::string message;
};

struct error {
  errc kind = errc::internal;
  std::string code;                  // stable, dotted: "elder.id_number_invalid"
  std::string message;               // English text; api/ may translate by code
  std::string field;                 // the first offending field, if any
  std::vector<field_error> details;  // all offending fields (import, forms)
  int retry_after = 0;               // seconds, for rate_limited

  static error invalid(std::string code, std::string field, std::string message) {
    return {errc::invalid, std::move(code), std::move(message), std::move(field), {}, 0};
  }
  static error make(errc k, std::string code, std::string message) {
    return {k, std::move(code), std::move(message), {}, {}, 0};
  }
  // Several field errors at once; the first becomes `field`.
  static error fields(std::vector<field_error> errs) {
    error e{errc::invalid, "validation.failed", "Some fields are invalid", {}, {}, 0};
    if (!errs.empty()) {
      e.code = errs.front().code;
      e.message = errs.front().message;
      e.field = errs.front().field;
    }
    e.details = std::move(errs);
    return e;
  }
};

inline error not_found(std::string what = "not_found") {
  return error::make(errc::not_found, std::move(what), "Not found");
}

template <class T>
class [[nodiscard]] result {
 public:
  result(T v) : v_(std::move(v)) {}      // NOLINT: implicit on purpose
  result(error e) : v_(std::move(e)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const error& err() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  error&& err() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, error> v_;
};

template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(error e) : e_(std::move(e)) {}  // NOLINT
  bool ok() const { return !e_; }
  explicit operator bool() const { return ok(); }
  const error& err() const& {
    assert(e_);
    return *e_;
  }
  error&& err() && {
    assert(e_);
    return std::move(*e_);
  }

 private:
  std::optional<error> e_;
};

using status = result<void>;

}  // namespace ec

// Propagate an error from an expression returning result<...>.
#define EC_TRY(expr)                                   \
  do {                                                 \
    auto&& ec_try_r_ = (expr);                         \
    if (!ec_try_r_) return std::move(ec_try_r_).err(); \
  } while (0)
