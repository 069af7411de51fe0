-- V4__accounts_status.sql
CREATE TYPE ledger.account_status AS ENUM ('open', 'frozen', 'closed');

ALTER TABLE ledger.accounts
    ADD COLUMN status ledger.account_status NOT NULL DEFAULT 'open';

UPDATE ledger.accounts SET status = 'closed' WHERE closed_at IS NOT NULL;
