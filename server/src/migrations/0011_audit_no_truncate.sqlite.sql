-- SQLite has no TRUNCATE (DELETE without WHERE is refused by migration 0002's trigger).
SELECT 1;
