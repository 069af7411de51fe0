-- V14__vacuum_cluster.sql
-- Reclaim space after the amount rewrite (run in a maintenance window!)
VACUUM FULL ledger.postings;
CLUSTER ledger.postings USING postings_account_created_idx;
ANALYZE ledger.postings;
