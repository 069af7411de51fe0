-- V11__not_null_via_check.sql
-- The safe SET NOT NULL: CHECK NOT VALID, VALIDATE, then SET NOT NULL (PG 12+ uses the check).
SET lock_timeout = '2s';
ALTER TABLE ledger.postings ADD CONSTRAINT postings_memo_not_null CHECK (memo IS NOT NULL) NOT VALID;
ALTER TABLE ledger.postings VALIDATE CONSTRAINT postings_memo_not_null;
ALTER TABLE ledger.postings ALTER COLUMN memo SET NOT NULL;
ALTER TABLE ledger.postings DROP CONSTRAINT postings_memo_not_null;
