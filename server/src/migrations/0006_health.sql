-- The health panel (docs/MONITORING.md "Health"): when a webhook attempt last failed, so that
-- "failed in the last hour" and "the last error and its time" are cheap to read. Written by the
-- notifier together with last_error; NULL for rows that never failed (and for rows failed
-- before this migration).
ALTER TABLE notifications ADD COLUMN last_error_at BIGINT;
CREATE INDEX notifications_error ON notifications (last_error_at) WHERE last_error_at IS NOT NULL;
