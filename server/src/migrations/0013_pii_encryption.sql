-- Personal data encrypted at rest (issue 9): elders' ID and phone numbers, their contacts'
-- phones and users' work phones are stored as "ec1:<key id>:<ciphertext>" (core/pii.hpp).
-- The rows themselves are converted by the server at start and by `eldercare encrypt-pii`
-- (modules/registry/pii_rows.cpp), in batches; `pii_key` says which key a row is under
-- (0: still clear), so a conversion or a rotation resumes where it stopped.
--
-- Search and duplicate checks use keyed blind indexes (BLAKE2b with the index key, hex):
-- the whole ID number, its last 4, 5 and 6 characters, the whole phone and its last 4 digits.
-- `id_tail` (the last six characters in clear) is emptied when a row is converted.
ALTER TABLE elders ADD COLUMN pii_key BIGINT NOT NULL DEFAULT 0;
ALTER TABLE elders ADD COLUMN id_bi TEXT;
ALTER TABLE elders ADD COLUMN id_tail4_bi TEXT;
ALTER TABLE elders ADD COLUMN id_tail5_bi TEXT;
ALTER TABLE elders ADD COLUMN id_tail6_bi TEXT;
ALTER TABLE elders ADD COLUMN phone_bi TEXT;
ALTER TABLE elders ADD COLUMN phone_tail4_bi TEXT;
CREATE UNIQUE INDEX elders_id_bi ON elders (id_bi);
CREATE INDEX elders_id_tail4_bi ON elders (id_tail4_bi);
CREATE INDEX elders_id_tail5_bi ON elders (id_tail5_bi);
CREATE INDEX elders_id_tail6_bi ON elders (id_tail6_bi);
CREATE INDEX elders_phone_bi ON elders (phone_bi);
CREATE INDEX elders_phone_tail4_bi ON elders (phone_tail4_bi);
CREATE INDEX elders_pii_key ON elders (pii_key, id);
DROP INDEX elders_id_tail;
DROP INDEX elders_phone;

ALTER TABLE elder_contacts ADD COLUMN pii_key BIGINT NOT NULL DEFAULT 0;
CREATE INDEX elder_contacts_pii_key ON elder_contacts (pii_key, id);

ALTER TABLE users ADD COLUMN pii_key BIGINT NOT NULL DEFAULT 0;
CREATE INDEX users_pii_key ON users (pii_key, id);
