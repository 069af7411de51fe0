-- V13__drop_legacy.sql
DROP TABLE IF EXISTS ledger.legacy_transfers CASCADE;
DROP SEQUENCE IF EXISTS ledger.legacy_transfers_seq;
DROP FUNCTION IF EXISTS ledger.legacy_balance(bigint);
