-- Households (户): elders who live together (a couple, or siblings) share a
-- household code, so a visit or an alert about one shows the others.
ALTER TABLE elders ADD COLUMN household_code TEXT NOT NULL DEFAULT '';
CREATE INDEX elders_household ON elders (household_code);
