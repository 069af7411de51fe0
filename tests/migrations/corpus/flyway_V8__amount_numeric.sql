-- V8__amount_numeric.sql
-- Switch amounts from minor units to numeric(20,4): full rewrite + index rebuild.
ALTER TABLE ledger.postings ALTER COLUMN amount TYPE numeric(20,4) USING amount::numeric / 100;
