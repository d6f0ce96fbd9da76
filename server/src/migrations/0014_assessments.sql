-- Ability assessment records (能力评估, modules/assessment, issue 10): one GB/T 42195-2022 form
-- per row, from draft to review. The scope columns (community_id, org_path) are the elder's,
-- copied when the record is created, as alerts do. `client_id` is the UUID the browser gives
-- a new form, so a draft sent twice (a retry after a dropped connection) is stored once.
-- A reviewed record is never edited: a correction is a new record whose `supersedes_id` names
-- it, and the old one becomes 'superseded' when the new one is reviewed.
CREATE TABLE assessments (
  id {{id}},
  client_id TEXT NOT NULL UNIQUE,
  elder_id BIGINT NOT NULL REFERENCES elders (id),
  community_id BIGINT NOT NULL REFERENCES org_units (id),
  org_path {{c_text}} NOT NULL,
  state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'submitted', 'returned', 'reviewed', 'superseded')),
  reason TEXT NOT NULL CHECK (reason IN ('first', 'routine', 'immediate', 'review', 'other')),
  assessor1_id BIGINT REFERENCES users (id),
  assessor2_id BIGINT REFERENCES users (id),
  informant_name TEXT NOT NULL DEFAULT '',
  informant_relation TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  assessed_on TEXT NOT NULL DEFAULT '',     -- YYYY-MM-DD, required to submit
  dementia BIGINT NOT NULL DEFAULT 0,       -- A.4.1 痴呆 F00–F03
  other_mental_disorder BIGINT NOT NULL DEFAULT 0,  -- A.4.1 其他精神和行为障碍 F04–F99
  diagnoses TEXT NOT NULL DEFAULT '',       -- other diagnoses, free text
  risk_events TEXT NOT NULL DEFAULT '{}',   -- JSON: risk event code → count 0–3
  comatose BIGINT NOT NULL DEFAULT 0,       -- A.5.11 昏迷
  answers TEXT NOT NULL DEFAULT '{}',       -- JSON: item code → score
  -- Set by submit from evaluate(); NULL while a draft was never submitted.
  total BIGINT,
  group_scores TEXT,                        -- JSON: group code → score
  preliminary_grade TEXT,
  final_grade TEXT,
  adjustments TEXT,                         -- JSON array of adjustment codes
  submitted_by BIGINT REFERENCES users (id),
  submitted_at BIGINT,
  reviewed_by BIGINT REFERENCES users (id),
  reviewed_at BIGINT,
  returned_by BIGINT REFERENCES users (id),
  returned_at BIGINT,
  return_reason TEXT NOT NULL DEFAULT '',
  supersedes_id BIGINT REFERENCES assessments (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_by BIGINT NOT NULL REFERENCES users (id),
  updated_at BIGINT NOT NULL
);
CREATE INDEX assessments_elder ON assessments (elder_id, state, reviewed_at);
CREATE INDEX assessments_path ON assessments (org_path, state);
