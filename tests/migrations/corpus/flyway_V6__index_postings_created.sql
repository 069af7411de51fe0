-- V6__index_postings_created.sql
CREATE INDEX postings_account_created_idx ON ledger.postings (account_id, created_at DESC);
