-- The permission catalogue is declared by the modules (api/module.hpp); this table records which
-- permissions a database has already seen. At start the server adds each newly declared
-- permission here and grants it once to the roles the module names as its default holders, so a
-- new module needs no migration for its permissions, and an administrator's later change to a
-- role is never undone. The permissions granted by migrations 0001-0005 are seen already.
CREATE TABLE permissions (
  code TEXT PRIMARY KEY,
  first_seen_at BIGINT NOT NULL
);
INSERT INTO permissions (code, first_seen_at)
  SELECT DISTINCT permission, 0 FROM role_permissions;
