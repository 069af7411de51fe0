-- V23__rename_and_drop_mixed_ignore.sql
-- The app reads both names since release 41 (see ADR-17).
SET lock_timeout = '2s';
-- dbagent:ignore rename-column
ALTER TABLE products RENAME COLUMN category TO category_name;
-- dbagent:ignore rename-table,drop-table
ALTER TABLE user_teams RENAME TO team_memberships;
DROP TABLE IF EXISTS team_memberships_old;
ALTER TABLE orders DROP COLUMN IF EXISTS coupon_code;
