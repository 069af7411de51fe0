BEGIN;

-- Running upgrade 2e3f4a5b6c7d -> 3f4a5b6c7d8e

COMMIT;

ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'on_hold' BEFORE 'shipped';

BEGIN;

UPDATE alembic_version SET version_num='3f4a5b6c7d8e' WHERE alembic_version.version_num = '2e3f4a5b6c7d';

COMMIT;
