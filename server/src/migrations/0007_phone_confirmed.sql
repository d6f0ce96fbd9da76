-- A user's own phone (我的账号): when the user last said that `users.phone` is right, by setting
-- it or confirming it (PUT /api/v1/me/phone, POST /api/v1/me/phone/confirm). NULL = never
-- confirmed by the user: none set, or set by an administrator, or changed by one since.
-- Escalation level 1 calls building leaders and grid volunteers on this number, so staff need
-- to see whose numbers the person stands behind.
ALTER TABLE users ADD COLUMN phone_confirmed_at BIGINT;
