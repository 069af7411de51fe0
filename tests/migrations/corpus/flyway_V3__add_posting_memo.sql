-- V3__add_posting_memo.sql
-- Nullable column without default: catalog-only change.
SET lock_timeout = '3s';
ALTER TABLE ledger.postings ADD COLUMN memo text;
