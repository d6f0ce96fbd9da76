-- Foundation: org tree, roles and permissions, users and sessions, elders, audit log.
-- Times are BIGINT unix milliseconds (UTC); dates are 'YYYY-MM-DD' text.

CREATE TABLE org_units (
  id {{id}},
  parent_id BIGINT REFERENCES org_units (id),
  kind TEXT NOT NULL CHECK (kind IN ('street', 'community', 'village', 'grid', 'building')),
  name TEXT NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  -- '/1/4/17/': ids from the root down to this unit; scope checks are prefix ranges.
  path {{c_text}} NOT NULL DEFAULT '',
  -- The community or village this unit belongs to (itself for one); NULL for the street.
  community_id BIGINT REFERENCES org_units (id),
  sort BIGINT NOT NULL DEFAULT 0,
  archived BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX org_units_parent_name ON org_units (parent_id, name);
CREATE INDEX org_units_path ON org_units (path);

CREATE TABLE roles (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  data_scope TEXT NOT NULL CHECK (data_scope IN ('all', 'unit_tree', 'self')),
  sort BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE role_permissions (
  role_code TEXT NOT NULL REFERENCES roles (code),
  permission TEXT NOT NULL,
  PRIMARY KEY (role_code, permission)
);

CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role_code TEXT NOT NULL REFERENCES roles (code),
  org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  active BIGINT NOT NULL DEFAULT 1,
  must_change_password BIGINT NOT NULL DEFAULT 0,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT,
  last_login_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Family members and volunteers see only the elders linked to them ("self" scope).
CREATE TABLE user_elder_links (
  user_id BIGINT NOT NULL REFERENCES users (id),
  elder_id BIGINT NOT NULL,
  relation TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, elder_id)
);

CREATE TABLE elders (
  id {{id}},
  name TEXT NOT NULL,
  id_number TEXT NOT NULL UNIQUE,
  id_tail TEXT NOT NULL,              -- last six characters, for search by the end of the number
  sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date TEXT NOT NULL,
  phone TEXT,
  living_status TEXT NOT NULL
    CHECK (living_status IN ('alone', 'empty_nest', 'with_family', 'institution', 'other')),
  categories TEXT NOT NULL DEFAULT '', -- ',subsistence,disabled,' for display; elder_categories to filter
  org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
  community_id BIGINT NOT NULL REFERENCES org_units (id),
  org_path {{c_text}} NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
  left_reason TEXT CHECK (left_reason IN ('moved', 'deceased', 'other')),
  left_date TEXT,
  left_note TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX elders_community ON elders (community_id, status, living_status, id);
CREATE INDEX elders_path ON elders (org_path, status);
CREATE INDEX elders_status_id ON elders (status, id);
CREATE INDEX elders_name ON elders (name);
CREATE INDEX elders_id_tail ON elders (id_tail);
CREATE INDEX elders_phone ON elders (phone);
CREATE INDEX elders_birth ON elders (birth_date);

CREATE TABLE elder_categories (
  elder_id BIGINT NOT NULL REFERENCES elders (id),
  category TEXT NOT NULL,
  PRIMARY KEY (elder_id, category)
);
CREATE INDEX elder_categories_category ON elder_categories (category, elder_id);

CREATE TABLE elder_contacts (
  id {{id}},
  elder_id BIGINT NOT NULL REFERENCES elders (id),
  name TEXT NOT NULL,
  relation TEXT NOT NULL,
  phone TEXT NOT NULL,
  sort BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX elder_contacts_elder ON elder_contacts (elder_id, sort);

-- Append-only (triggers in 0002): every write and every reveal of personal data.
CREATE TABLE audit_log (
  id {{id}},
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_name TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  changes TEXT
);
CREATE INDEX audit_at ON audit_log (at);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_actor ON audit_log (actor_id, at);

INSERT INTO roles (code, name_zh, name_en, data_scope, sort) VALUES
  ('street_admin', '街道管理员', 'Sub-district admin', 'all', 1),
  ('community_staff', '社区工作人员', 'Community staff', 'unit_tree', 2),
  ('provider_staff', '服务商', 'Service provider', 'unit_tree', 3),
  ('field_worker', '服务人员', 'Field worker', 'self', 4),
  ('volunteer', '志愿者/红色楼长', 'Volunteer / building leader', 'self', 5),
  ('family', '家属', 'Family member', 'self', 6),
  ('kitchen', '中央厨房', 'Central kitchen', 'unit_tree', 7),
  ('auditor', '审计员', 'Auditor', 'all', 8);

INSERT INTO role_permissions (role_code, permission) VALUES
  ('street_admin', 'registry:elder:view'), ('street_admin', 'registry:elder:create'),
  ('street_admin', 'registry:elder:edit'), ('street_admin', 'registry:elder:leave'),
  ('street_admin', 'registry:elder:reveal'), ('street_admin', 'registry:elder:import'),
  ('street_admin', 'registry:elder:export'), ('street_admin', 'system:org:view'),
  ('street_admin', 'system:org:edit'), ('street_admin', 'system:user:view'),
  ('street_admin', 'system:user:edit'), ('street_admin', 'system:audit:view'),
  ('community_staff', 'registry:elder:view'), ('community_staff', 'registry:elder:create'),
  ('community_staff', 'registry:elder:edit'), ('community_staff', 'registry:elder:leave'),
  ('community_staff', 'registry:elder:reveal'), ('community_staff', 'registry:elder:import'),
  ('community_staff', 'registry:elder:export'), ('community_staff', 'system:org:view'),
  ('provider_staff', 'registry:elder:view'), ('provider_staff', 'system:org:view'),
  ('field_worker', 'registry:elder:view'),
  ('volunteer', 'registry:elder:view'), ('volunteer', 'registry:elder:reveal'),
  ('family', 'registry:elder:view'), ('family', 'registry:elder:reveal'),
  ('kitchen', 'system:org:view'),
  ('auditor', 'registry:elder:view'), ('auditor', 'system:org:view'),
  ('auditor', 'system:user:view'), ('auditor', 'system:audit:view');
