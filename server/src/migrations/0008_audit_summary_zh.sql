-- Audit summaries in the reader's language: each entry keeps its English `summary` and now
-- also a Chinese one (sys::audit writes both; GET /audit shows the one the reader asks for).
-- NULL for entries written before this migration, which keep showing their English text.
-- Adding a column rewrites no row, so the append-only triggers of 0002 (BEFORE UPDATE /
-- DELETE) neither fire nor change; nothing here or later updates existing entries.
ALTER TABLE audit_log ADD COLUMN summary_zh TEXT CHECK (summary_zh <> '');
