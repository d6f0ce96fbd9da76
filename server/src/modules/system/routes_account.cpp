// The caller's own account (我的账号): GET/PUT /me/phone, POST /me/phone/confirm.
//
// Escalation level 1 (docs/MONITORING.md "Escalation") calls the elder's building leader or
// grid volunteer on `users.phone`, so every user can set their own number and say that it is
// still right; `users.phone_confirmed_at` records when (NULL: never confirmed by the person,
// e.g. typed by an administrator). These routes act only on the caller: there is no id in
// the path. The number is returned masked only; writes are audited with masked numbers.
// The session's principal holds no phone, so nothing cached needs invalidating.
#include "api/json.hpp"
#include "api/services.hpp"
#include "core/phone.hpp"
#include "core/timeutil.hpp"
#include "modules/system/audit.hpp"
#include "modules/system/routes.hpp"

namespace ec::api {
namespace {

json::value iso_or_null(std::optional<std::int64_t> ms) {
  return ms ? json::value(timeutil::iso8601_shanghai(*ms)) : json::value(nullptr);
}

json::value masked_or_null(const std::string& phone_v) {
  return phone_v.empty() ? json::value(nullptr) : json::value(phone::mask(phone_v));
}

struct own_phone {
  std::string phone;  // normalized, "" when none
  std::optional<std::int64_t> confirmed_at;
};

result<own_phone> load_own_phone(db::connection& c, std::int64_t user_id) {
  auto r = c.one("SELECT phone, phone_confirmed_at FROM users WHERE id = ?", {user_id});
  if (!r) return std::move(r).err();
  return own_phone{r->str(0), r->opt_i64(1)};
}

json::object phone_json(const own_phone& p) {
  return {{"phone_masked", masked_or_null(p.phone)}, {"confirmed_at", iso_or_null(p.confirmed_at)}};
}

// Writes the phone (`new_phone`; nullopt: confirm the one stored) and its confirmation time,
// bumps the row's version and audits the change (numbers masked), all in one transaction;
// returns the new state. Confirming without a stored number is `user.phone_missing` on field
// `phone`, and writes nothing.
result<own_phone> write_own_phone(context& ctx, db::connection& conn,
                                  std::optional<std::string> new_phone, sys::summary_text summary) {
  const auto& who = ctx.who();
  auto now = timeutil::now_unix_ms();
  return db::in_transaction(conn, [&]() -> result<own_phone> {
    auto old = load_own_phone(conn, who.user_id);
    if (!old) return std::move(old).err();
    if (!new_phone && old->phone.empty())
      return error::invalid("user.phone_missing", "phone",
                            "no phone number to confirm: set one first");
    own_phone next{new_phone.value_or(old->phone), std::nullopt};
    if (!next.phone.empty()) next.confirmed_at = now;
    auto up = conn.exec(
        "UPDATE users SET phone = ?, phone_confirmed_at = ?, version = version + 1, "
        "updated_at = ? WHERE id = ?",
        {next.phone, db::opt(next.confirmed_at), now, who.user_id});
    if (!up) return std::move(up).err();
    json::object ch;
    sys::diff_field(ch, "phone", old->phone.empty() ? "" : phone::mask(old->phone),
                    next.phone.empty() ? "" : phone::mask(next.phone));
    if (old->confirmed_at != next.confirmed_at)
      ch["phone_confirmed_at"] =
          json::array{iso_or_null(old->confirmed_at), iso_or_null(next.confirmed_at)};
    EC_TRY(sys::audit(conn, &who, ctx.req.remote_ip,
                      {"update", "user", std::to_string(who.user_id), std::move(summary), ch}));
    return next;
  });
}

}  // namespace

void register_account_routes(router& r) {
  r.add("GET", "/api/v1/me/phone", "", [](context& ctx) -> result<response> {
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto p = load_own_phone(**c, ctx.who().user_id);
    if (!p) return std::move(p).err();
    return json_response(200, phone_json(*p));
  });

  r.add("PUT", "/api/v1/me/phone", "", [](context& ctx) -> result<response> {
    auto body = parse_object(ctx.req.body);
    if (!body) return std::move(body).err();
    reader rd(*body);
    // Required, but null (or "") clears it; otherwise normalized like the admin form's.
    std::optional<std::string> phone_v;
    if (!rd.has("phone")) {
      rd.add_error("phone", "validation.required", "is required");
    } else if (auto p = rd.nullable_text("phone", 32)) {
      if (p->empty()) {
        phone_v = std::string();
      } else if (auto n = phone::normalize(*p, "phone"); n) {
        phone_v = *n;
      } else {
        rd.add_error("phone", n.err().code, n.err().message);
      }
    }
    EC_TRY(rd.finish());
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto next = write_own_phone(ctx, **c, *phone_v,
                                phone_v->empty()
                                    ? sys::summary_text{"cleared own phone", "清除本人联系电话"}
                                    : sys::summary_text{"set own phone", "设置本人联系电话"});
    if (!next) return std::move(next).err();
    return json_response(200, phone_json(*next));
  });

  r.add("POST", "/api/v1/me/phone/confirm", "", [](context& ctx) -> result<response> {
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    auto done =
        write_own_phone(ctx, **c, std::nullopt, {"confirmed own phone", "确认本人联系电话"});
    if (!done) return std::move(done).err();
    return json_response(200, phone_json(*done));
  });
}

}  // namespace ec::api
