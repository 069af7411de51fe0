-- V10__validate_fk.sql
SET lock_timeout = '2s';
ALTER TABLE ledger.journal_entries VALIDATE CONSTRAINT journal_entries_reversed_fk;
