-- The masks that lists and exports show (issue 9): `id_mask` (6 + 8 stars + 4) and
-- `phone_mask` (3 + 4 stars + 4, NULL without a phone), written with the ciphertext of the
-- ID and phone numbers, so that a page of the elder list decrypts nothing. Rows from before
-- this migration have an empty `id_mask`; the conversion that the server runs at start (and
-- `eldercare encrypt-pii`) fills them, and until then the list computes them on the fly.
ALTER TABLE elders ADD COLUMN id_mask TEXT NOT NULL DEFAULT '';
ALTER TABLE elders ADD COLUMN phone_mask TEXT;
