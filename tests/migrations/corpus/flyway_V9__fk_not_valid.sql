-- V9__fk_not_valid.sql
SET lock_timeout = '2s';
SET statement_timeout = '60s';

ALTER TABLE ledger.journal_entries
    ADD COLUMN reversed_entry_id bigint;

ALTER TABLE ledger.journal_entries
    ADD CONSTRAINT journal_entries_reversed_fk
    FOREIGN KEY (reversed_entry_id) REFERENCES ledger.journal_entries (id) NOT VALID;

-- validated in V10
