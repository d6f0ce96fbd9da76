-- Escalation plans are per community (docs/MONITORING.md "Escalation"): community staff keep
-- their own community's plan (station phone, delays) up to date, the sub-district admin any
-- plan and the default. Thresholds stay with monitoring:settings:edit (sub-district only).
INSERT INTO role_permissions (role_code, permission) VALUES
  ('street_admin', 'monitoring:plan:edit'), ('community_staff', 'monitoring:plan:edit');
