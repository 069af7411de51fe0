BEGIN;

-- Running upgrade 8c9d0e1f2a3b -> 9d0e1f2a3b4c

SET LOCAL lock_timeout = '3s';

ALTER TABLE stock_items ALTER COLUMN updated_at TYPE TIMESTAMP WITH TIME ZONE USING updated_at AT TIME ZONE 'UTC';

UPDATE alembic_version SET version_num='9d0e1f2a3b4c' WHERE alembic_version.version_num = '8c9d0e1f2a3b';

COMMIT;
