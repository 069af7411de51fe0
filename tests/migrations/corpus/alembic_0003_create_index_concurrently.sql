BEGIN;

-- Running upgrade 8a4e6d2c1b03 -> 5b7d9e0f1a24

COMMIT;

CREATE INDEX CONCURRENTLY ix_stock_items_updated_at ON stock_items (updated_at);

BEGIN;

UPDATE alembic_version SET version_num='5b7d9e0f1a24' WHERE alembic_version.version_num = '8a4e6d2c1b03';

COMMIT;
