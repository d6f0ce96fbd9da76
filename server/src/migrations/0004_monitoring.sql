-- Remote monitoring (远程看护): devices, their events, alerts with escalation, notifications,
-- rejected input, thresholds and escalation plans. docs/MONITORING.md describes the flow.
-- Times are BIGINT unix milliseconds (UTC).

CREATE TABLE devices (
  id {{id}},
  serial TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('sos_pendant', 'fall_detector', 'door_sensor',
    'motion_sensor', 'bed_sensor', 'smoke', 'gas', 'water_leak', 'heart_rate_band', 'gps_watch')),
  -- The elder the device is bound to; NULL while in stock or after unbinding.
  elder_id BIGINT REFERENCES elders (id),
  -- Scope: the bound elder's org_path, else the unit that registered it.
  org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  org_path {{c_text}} NOT NULL,
  location TEXT NOT NULL DEFAULT '',       -- where in the home: 卧室, 卫生间, 门口 …
  -- SHA-256 (hex) of the device secret. The same secret is the device's MQTT password
  -- (held by the broker's dynamic-security plugin) and its HTTP ingest token.
  token_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  battery BIGINT,
  last_seen_at BIGINT,
  registered_at BIGINT NOT NULL,
  bound_at BIGINT,
  retired_at BIGINT,
  notes TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX devices_elder ON devices (elder_id);
CREATE INDEX devices_path ON devices (org_path, status);

-- Every accepted event. (device_id, event_id) is unique: the same event twice is accepted once.
CREATE TABLE device_events (
  id {{id}},
  device_id BIGINT NOT NULL REFERENCES devices (id),
  elder_id BIGINT,                         -- the binding when the event arrived
  event_id TEXT NOT NULL,                  -- the device's own id for the event
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,                      -- the device's clock
  received_at BIGINT NOT NULL,
  value BIGINT,                            -- heart rate (bpm), battery (%)
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  battery BIGINT,
  transport TEXT NOT NULL DEFAULT 'mqtt' CHECK (transport IN ('mqtt', 'http')),
  alert_id BIGINT                          -- the alert this event raised or repeated
);
CREATE UNIQUE INDEX device_events_dedupe ON device_events (device_id, event_id);
CREATE INDEX device_events_elder ON device_events (elder_id, at);

CREATE TABLE alerts (
  id {{id}},
  elder_id BIGINT NOT NULL REFERENCES elders (id),
  device_id BIGINT NOT NULL REFERENCES devices (id),
  community_id BIGINT NOT NULL REFERENCES org_units (id),
  org_path {{c_text}} NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sos', 'fall', 'smoke', 'gas', 'water', 'no_motion',
    'door_night', 'heart_rate', 'offline', 'low_battery')),
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'warning', 'technical')),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
  event_id TEXT NOT NULL DEFAULT '',       -- the event that raised it ('' for time-driven rules)
  raised_at BIGINT NOT NULL,               -- the raising event's time (device clock) or tick time
  created_at BIGINT NOT NULL,              -- our clock, when it was committed
  last_at BIGINT NOT NULL,
  count BIGINT NOT NULL DEFAULT 1,
  acknowledged_at BIGINT,
  acknowledged_by BIGINT REFERENCES users (id),
  resolved_at BIGINT,
  resolved_by BIGINT REFERENCES users (id),  -- NULL with outcome 'auto_cleared'
  outcome TEXT CHECK (outcome IN ('false_alarm', 'safe_on_visit', 'hospital', 'other',
    'auto_cleared')),
  note TEXT NOT NULL DEFAULT '',
  -- Escalation: the highest level sent (0 = none) and when the next one falls due.
  last_level_sent BIGINT NOT NULL DEFAULT 0,
  next_due_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1
);
-- One open alert per device and kind (the device fixes the elder).
CREATE UNIQUE INDEX alerts_one_open ON alerts (device_id, kind) WHERE state <> 'resolved';
CREATE INDEX alerts_state ON alerts (state, severity, created_at);
CREATE INDEX alerts_path ON alerts (org_path, created_at);
CREATE INDEX alerts_elder ON alerts (elder_id, created_at);
CREATE INDEX alerts_due ON alerts (next_due_at) WHERE state = 'open';

-- Who did what and when: raised, acknowledged, resolved, cleared, escalated, note.
CREATE TABLE alert_actions (
  id {{id}},
  alert_id BIGINT NOT NULL REFERENCES alerts (id),
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES users (id),
  actor_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  level BIGINT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_actions_alert ON alert_actions (alert_id, at);

-- Every notification and its delivery result. Webhook deliveries are retried from here with
-- back-off, across restarts (status 'pending' and next_attempt_at).
CREATE TABLE notifications (
  id {{id}},
  alert_id BIGINT NOT NULL REFERENCES alerts (id),
  level BIGINT NOT NULL DEFAULT 0,         -- escalation level, 0 for the first broadcast
  channel TEXT NOT NULL CHECK (channel IN ('websocket', 'webhook', 'downlink')),
  target TEXT NOT NULL DEFAULT '',         -- topic, URL, or "N sessions"
  payload TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  next_attempt_at BIGINT
);
CREATE INDEX notifications_alert ON notifications (alert_id, created_at);
CREATE INDEX notifications_pending ON notifications (status, next_attempt_at);

-- Rejected input: malformed payloads, unknown devices, bad credentials, out-of-range values,
-- clocks far off. Kept with the reason; never raises an alert.
CREATE TABLE dead_letters (
  id {{id}},
  received_at BIGINT NOT NULL,
  transport TEXT NOT NULL CHECK (transport IN ('mqtt', 'http')),
  source TEXT NOT NULL DEFAULT '',         -- topic or remote address
  serial TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL,                    -- malformed | unknown_device | bad_credentials | out_of_range | clock_skew | …
  detail TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL DEFAULT ''         -- first 4 KiB, invalid UTF-8 replaced
);
CREATE INDEX dead_letters_at ON dead_letters (received_at);

-- Thresholds: per device type (over the built-in defaults), then per elder and device type.
-- `settings` is a JSON object of threshold_overrides fields.
CREATE TABLE threshold_settings (
  device_type TEXT PRIMARY KEY,
  settings TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  updated_by BIGINT REFERENCES users (id),
  updated_at BIGINT NOT NULL
);
CREATE TABLE elder_thresholds (
  elder_id BIGINT NOT NULL REFERENCES elders (id),
  device_type TEXT NOT NULL,
  settings TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  updated_by BIGINT REFERENCES users (id),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (elder_id, device_type)
);

-- Escalation chain per community (NULL community: the sub-district default).
CREATE TABLE escalation_plans (
  id {{id}},
  community_id BIGINT UNIQUE REFERENCES org_units (id),
  delay1_ms BIGINT NOT NULL DEFAULT 0,
  delay2_ms BIGINT NOT NULL DEFAULT 60000,
  delay3_ms BIGINT NOT NULL DEFAULT 120000,
  delay4_ms BIGINT NOT NULL DEFAULT 300000,
  station_phone TEXT NOT NULL DEFAULT '',    -- level 3: the community station's duty phone
  emergency_phone TEXT NOT NULL DEFAULT '120',  -- level 4
  version BIGINT NOT NULL DEFAULT 1,
  updated_by BIGINT REFERENCES users (id),
  updated_at BIGINT NOT NULL
);
INSERT INTO escalation_plans (community_id, updated_at) VALUES (NULL, 0);

-- Building leaders, volunteers and station staff are called from the alert board.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';

INSERT INTO role_permissions (role_code, permission) VALUES
  ('street_admin', 'monitoring:device:view'), ('street_admin', 'monitoring:device:edit'),
  ('street_admin', 'monitoring:alert:view'), ('street_admin', 'monitoring:alert:handle'),
  ('street_admin', 'monitoring:settings:edit'), ('street_admin', 'monitoring:ingest:view'),
  ('community_staff', 'monitoring:device:view'), ('community_staff', 'monitoring:device:edit'),
  ('community_staff', 'monitoring:alert:view'), ('community_staff', 'monitoring:alert:handle'),
  ('community_staff', 'monitoring:ingest:view'),
  ('provider_staff', 'monitoring:device:view'), ('provider_staff', 'monitoring:alert:view'),
  ('volunteer', 'monitoring:device:view'), ('volunteer', 'monitoring:alert:view'),
  ('volunteer', 'monitoring:alert:handle'),
  ('family', 'monitoring:device:view'), ('family', 'monitoring:alert:view'),
  ('auditor', 'monitoring:device:view'), ('auditor', 'monitoring:alert:view'),
  ('auditor', 'monitoring:ingest:view');
