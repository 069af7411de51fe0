-- V7__concurrent_index.sql
-- flyway:executeInTransaction=false is set in V7__concurrent_index.sql.conf
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS journal_entries_posted_at_idx
    ON ledger.journal_entries USING brin (posted_at);
