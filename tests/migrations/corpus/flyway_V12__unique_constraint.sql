-- V12__unique_constraint.sql
ALTER TABLE ledger.accounts ADD CONSTRAINT accounts_owner_currency_key UNIQUE (owner_ref, currency);
