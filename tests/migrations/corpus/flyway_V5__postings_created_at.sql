-- V5__postings_created_at.sql
-- clock_timestamp() is volatile: every existing row gets its own value, so the table is rewritten.
ALTER TABLE ledger.postings ADD COLUMN created_at timestamptz NOT NULL DEFAULT clock_timestamp();
