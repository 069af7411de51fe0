-- V19__users_set_not_null.sql
UPDATE users SET profile = '{}'::jsonb WHERE profile IS NULL;
ALTER TABLE users ALTER COLUMN profile SET DEFAULT '{}'::jsonb;
ALTER TABLE users ALTER COLUMN profile SET NOT NULL;
