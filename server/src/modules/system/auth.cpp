#include "modules/system/auth.hpp"

#include <algorithm>
#include <cctype>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "modules/system/audit.hpp"

namespace ec::sys {
namespace {

// Bounds how long a sign-out or account change on another node takes to reach
// this one (this node drops its own entries at once).
constexpr auto k_cache_ttl = std::chrono::seconds(3);

// At most `max` bytes of valid UTF-8, cut between characters: PostgreSQL refuses
// broken sequences (a header may carry any bytes; a byte limit can split a character).
std::string clip_utf8(std::string_view s, std::size_t max) {
  std::string t = text::sanitize_utf8(s);
  if (t.size() <= max) return t;
  while (max > 0 && (static_cast<unsigned char>(t[max]) & 0xC0) == 0x80) --max;
  t.resize(max);
  return t;
}

error invalid_credentials() {
  return error::make(errc::unauthorized, "auth.invalid_credentials", "Wrong user name or password");
}

}  // namespace

int rate_limiter::hit(const std::string& key) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard g(mu_);
  if (slots_.size() > 100000) {
    // Bound memory under a flood of distinct keys: forget expired windows.
    std::erase_if(slots_, [&](const auto& kv) { return now - kv.second.start >= window_; });
  }
  auto& s = slots_[key];
  if (s.count == 0 || now - s.start >= window_) {
    s.start = now;
    s.count = 0;
  }
  if (s.count >= limit_) {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(window_ - (now - s.start));
    return std::max<int>(1, static_cast<int>(left.count()));
  }
  ++s.count;
  return 0;
}

auth_service::auth_service(db::database& db, const config& cfg)
    : db_(db),
      cfg_(cfg),
      ip_limiter_(static_cast<int>(cfg.login_ip_per_min), std::chrono::seconds(60)),
      api_limiter_(static_cast<int>(cfg.api_rate_per_min), std::chrono::seconds(60)) {}

status auth_service::check_password_rule(const std::string& username, const std::string& pw,
                                         std::string_view field) {
  std::string lower_user = username, lower_pw = pw;
  for (auto& ch : lower_user) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (auto& ch : lower_pw) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (pw.size() < 10 || pw.size() > 128 || lower_pw == lower_user)
    return error::invalid("auth.password_weak", std::string(field),
                          "must be 10 to 128 characters and differ from the user name");
  return {};
}

result<principal> auth_service::load_principal(db::connection& c, std::int64_t user_id) {
  auto r = c.one(
      "SELECT u.id, u.username, u.display_name, u.role_code, r.name_zh, r.name_en, u.org_unit_id, "
      "o.name, o.kind, o.path, r.data_scope, u.must_change_password, u.active "
      "FROM users u JOIN roles r ON r.code = u.role_code JOIN org_units o ON o.id = u.org_unit_id "
      "WHERE u.id = ?",
      {user_id});
  if (!r) return std::move(r).err();
  const auto& row = *r;
  principal p;
  row.read(0, p.user_id, p.username, p.display_name, p.role_code, p.role_name_zh, p.role_name_en,
           p.org_unit_id, p.org_name, p.org_kind, p.org_path, p.data_scope, p.must_change_password);
  if (row.i64(12) == 0) return error::make(errc::unauthorized, "auth.inactive", "Account disabled");
  auto perms =
      c.query("SELECT permission FROM role_permissions WHERE role_code = ?", {p.role_code});
  if (!perms) return std::move(perms).err();
  for (const auto& pr : *perms) p.permissions.insert(pr.str(0));
  return p;
}

result<login_result> auth_service::login(const std::string& username, const std::string& password,
                                         const std::string& ip, const std::string& user_agent) {
  if (int wait = ip_limiter_.hit("ip:" + ip)) {
    auto e = error::make(errc::rate_limited, "auth.rate_limited", "Too many sign-in attempts");
    e.retry_after = wait;
    return e;
  }
  auto c = db_.acquire();
  if (!c) return std::move(c).err();
  auto& conn = **c;
  auto now = timeutil::now_unix_ms();
  auto u = conn.maybe_one(
      "SELECT id, password_hash, active, failed_logins, locked_until FROM users WHERE username = ?",
      {username});
  if (!u) return std::move(u).err();
  if (!*u) {
    // Spend the same time as a real check so that user names cannot be probed.
    static const std::string dummy = crypto::hash_password(crypto::random_token(16));
    (void)crypto::verify_password(dummy, password);
    (void)db::in_transaction(conn, [&]() -> status {
      return audit(conn, nullptr, ip,
                   {"login_failed",
                    "session",
                    "",
                    {"unknown user name: " + clip_utf8(username, 64),
                     "登录失败（用户名不存在：" + clip_utf8(username, 64) + "）"},
                    {}});
    });
    return invalid_credentials();
  }
  const auto& row = **u;
  std::int64_t uid = row.i64(0);
  // Lockout is per account *and* client address: wrong passwords from one address lock only
  // that address out, so an attacker elsewhere cannot lock the real user out. The delays grow:
  // the lock after `login_max_failures` failures lasts `login_lockout_min` minutes, and each
  // further failure once it ends doubles it (at most a day). `users.locked_until` holds the
  // latest lock for the administrators' view; clearing it (unlock, password reset) lifts them.
  auto th = conn.maybe_one(
      "SELECT failures, locked_until FROM login_throttle WHERE user_id = ? "
      "AND ip = ?",
      {uid, ip});
  if (!th) return std::move(th).err();
  bool admin_cleared = !row.opt_i64(4);
  if (*th && !admin_cleared) {
    auto until = (**th).opt_i64(1);
    if (until && *until > now) {
      auto e = error::make(errc::rate_limited, "auth.locked", "Account temporarily locked");
      e.retry_after = static_cast<int>((*until - now + 999) / 1000);
      return e;
    }
  }
  // A deactivated account answers exactly like a wrong password, with or without the right
  // one, so the answer does not tell whether a guess was right.
  bool ok = crypto::verify_password(row.str(1), password) && row.i64(2) != 0;
  if (!ok) {
    std::optional<std::int64_t> lock;
    auto st = db::in_transaction(conn, [&]() -> status {
      // Counted in the database, so attempts at the same moment (or on other
      // nodes) all count. A lock lifted by an administrator starts the count afresh.
      if (*th && admin_cleared && (**th).opt_i64(1)) {
        auto del = conn.exec("DELETE FROM login_throttle WHERE user_id = ? AND ip = ?", {uid, ip});
        if (!del) return std::move(del).err();
      }
      auto up = conn.query(
          "INSERT INTO login_throttle (user_id, ip, failures, updated_at) VALUES (?, ?, 1, ?) "
          "ON CONFLICT (user_id, ip) DO UPDATE SET failures = login_throttle.failures + 1, "
          "updated_at = excluded.updated_at RETURNING failures",
          {uid, ip, now});
      if (!up) return std::move(up).err();
      auto failures = up->empty() ? 0 : up->front().i64(0);
      if (failures >= cfg_.login_max_failures) {
        auto over = std::min<std::int64_t>(failures - cfg_.login_max_failures, 16);
        std::int64_t minutes =
            std::min<std::int64_t>(cfg_.login_lockout_min * (std::int64_t{1} << over), 1440);
        lock = now + minutes * 60 * 1000;
        auto l =
            conn.exec("UPDATE login_throttle SET locked_until = ? WHERE user_id = ? AND ip = ?",
                      {*lock, uid, ip});
        if (!l) return std::move(l).err();
        auto ul = conn.exec(
            "UPDATE users SET locked_until = ? WHERE id = ? AND (locked_until IS NULL OR "
            "locked_until < ?)",
            {*lock, uid, *lock});
        if (!ul) return std::move(ul).err();
      }
      return audit(conn, nullptr, ip,
                   {lock ? "account_locked" : "login_failed",
                    "user",
                    std::to_string(uid),
                    {"wrong password for " + username,
                     lock ? "登录失败（" + username + " 密码错误，账号已锁定）"
                          : "登录失败（" + username + " 密码错误）"},
                    {}});
    });
    if (!st) return std::move(st).err();
    if (lock) {
      auto e = error::make(errc::rate_limited, "auth.locked", "Account temporarily locked");
      e.retry_after = static_cast<int>((*lock - now + 999) / 1000);
      return e;
    }
    return invalid_credentials();
  }

  auto p = load_principal(conn, uid);
  if (!p) return std::move(p).err();
  login_result out;
  out.token = crypto::random_token(32);
  p->token_hash = crypto::sha256_hex(out.token);
  p->csrf_token = crypto::random_token(24);
  p->expires_at = now + cfg_.session_ttl_min * 60 * 1000;
  p->ip = ip;
  auto st = db::in_transaction(conn, [&]() -> status {
    auto ins = conn.exec(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, ip, user_agent, created_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {p->token_hash, uid, p->csrf_token, ip, clip_utf8(user_agent, 256), now, p->expires_at});
    if (!ins) return std::move(ins).err();
    auto up = conn.exec("UPDATE users SET last_login_at = ? WHERE id = ?", {now, uid});
    if (!up) return std::move(up).err();
    // A right password from this address ends this address's count (not other addresses').
    auto th_del = conn.exec("DELETE FROM login_throttle WHERE user_id = ? AND ip = ?", {uid, ip});
    if (!th_del) return std::move(th_del).err();
    // Expired sessions are of no use to anyone; keep the table small.
    auto del = conn.exec("DELETE FROM sessions WHERE expires_at < ?", {now - 86400000});
    if (!del) return std::move(del).err();
    return audit(conn, &*p, ip,
                 {"login", "session", std::to_string(uid), {"signed in", "登录"}, {}});
  });
  if (!st) return std::move(st).err();
  out.who = std::move(*p);
  {
    std::lock_guard g(mu_);
    cache_[out.who.token_hash] = {std::make_shared<const principal>(out.who),
                                  std::chrono::steady_clock::now()};
  }
  return out;
}

result<std::shared_ptr<const principal>> auth_service::authenticate(const std::string& token,
                                                                    const std::string& ip) {
  if (token.empty() || token.size() > 128)
    return error::make(errc::unauthorized, "auth.required", "Sign in first");
  auto hash = crypto::sha256_hex(token);
  auto now = timeutil::now_unix_ms();
  {
    std::lock_guard g(mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) {
      if (std::chrono::steady_clock::now() - it->second.loaded < k_cache_ttl &&
          it->second.who->expires_at > now) {
        if (it->second.who->ip == ip) return it->second.who;
        auto p = std::make_shared<principal>(*it->second.who);
        p->ip = ip;
        return std::shared_ptr<const principal>(std::move(p));
      }
      cache_.erase(it);
    }
  }
  auto c = db_.acquire();
  if (!c) return std::move(c).err();
  auto s = (*c)->maybe_one(
      "SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND revoked = 0",
      {hash});
  if (!s) return std::move(s).err();
  if (!*s || (*s)->i64(2) <= now)
    return error::make(errc::unauthorized, "auth.required", "Sign in first");
  auto p = load_principal(**c, (*s)->i64(0));
  if (!p) {
    if (p.err().kind == errc::not_found)
      return error::make(errc::unauthorized, "auth.required", "Sign in first");
    return std::move(p).err();
  }
  p->csrf_token = (*s)->str(1);
  p->expires_at = (*s)->i64(2);
  p->token_hash = hash;
  p->ip = ip;
  std::lock_guard g(mu_);
  if (cache_.size() > 50000) cache_.clear();
  auto shared = std::make_shared<const principal>(std::move(*p));
  cache_[hash] = {shared, std::chrono::steady_clock::now()};
  return shared;
}

status auth_service::logout(const principal& p) {
  {
    std::lock_guard g(mu_);
    cache_.erase(p.token_hash);
  }
  auto c = db_.acquire();
  if (!c) return std::move(c).err();
  auto& conn = **c;
  return db::in_transaction(conn, [&]() -> status {
    auto r = conn.exec("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", {p.token_hash});
    if (!r) return std::move(r).err();
    return audit(conn, &p, p.ip,
                 {"logout", "session", std::to_string(p.user_id), {"signed out", "退出登录"}, {}});
  });
}

status auth_service::change_password(const principal& p, const std::string& old_pw,
                                     const std::string& new_pw) {
  EC_TRY(check_password_rule(p.username, new_pw, "new_password"));
  auto c = db_.acquire();
  if (!c) return std::move(c).err();
  auto& conn = **c;
  auto u = conn.one("SELECT password_hash FROM users WHERE id = ?", {p.user_id});
  if (!u) return std::move(u).err();
  if (!crypto::verify_password(u->str(0), old_pw))
    return error::invalid("auth.password_wrong", "old_password", "is not the current password");
  if (old_pw == new_pw)
    return error::invalid("auth.password_weak", "new_password",
                          "must differ from the old password");
  auto hash = crypto::hash_password(new_pw);
  auto st = db::in_transaction(conn, [&]() -> status {
    auto r = conn.exec(
        "UPDATE users SET password_hash = ?, must_change_password = 0, version = version + 1, "
        "updated_at = ? WHERE id = ?",
        {hash, timeutil::now_unix_ms(), p.user_id});
    if (!r) return std::move(r).err();
    // Other sign-ins of this user end; the current one stays.
    auto s = conn.exec("UPDATE sessions SET revoked = 1 WHERE user_id = ? AND token_hash <> ?",
                       {p.user_id, p.token_hash});
    if (!s) return std::move(s).err();
    return audit(conn, &p, p.ip,
                 {"password_change",
                  "user",
                  std::to_string(p.user_id),
                  {"changed own password", "修改本人密码"},
                  {}});
  });
  if (st) invalidate_user(p.user_id);
  return st;
}

void auth_service::invalidate_user(std::int64_t user_id) {
  std::lock_guard g(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.who->user_id == user_id; });
}

result<std::int64_t> auth_service::create_user(db::connection& c, const std::string& username,
                                               const std::string& display_name,
                                               const std::string& role, std::int64_t org_unit_id,
                                               const std::string& password, bool must_change) {
  auto now = timeutil::now_unix_ms();
  auto r = c.query(
      "INSERT INTO users (username, display_name, password_hash, role_code, org_unit_id, "
      "must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {username, display_name, crypto::hash_password(password), role, org_unit_id,
       std::int64_t{must_change ? 1 : 0}, now, now});
  if (!r) {
    if (r.err().kind == errc::conflict)
      return error::make(errc::conflict, "user.username_taken", "User name already taken");
    return std::move(r).err();
  }
  return r->front().i64(0);
}

}  // namespace ec::sys
