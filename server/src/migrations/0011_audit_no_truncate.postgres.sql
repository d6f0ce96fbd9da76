-- TRUNCATE bypasses row triggers: refuse it with a statement trigger, so that the audit log
-- stays append-only against every statement a connection can send.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
