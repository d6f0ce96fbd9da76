-- Sign-in lockout per account and client address: wrong passwords from one address lock
-- only that address out of the account, with growing delays (modules/system/auth.cpp).
CREATE TABLE login_throttle (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  ip TEXT NOT NULL,
  failures BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, ip)
);
