BEGIN;

-- Running upgrade 6c7d8e9f0a1b -> 7d8e9f0a1b2c

UPDATE stock_items SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE stock_items ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE stock_items ALTER COLUMN updated_at SET DEFAULT now();

UPDATE alembic_version SET version_num='7d8e9f0a1b2c' WHERE alembic_version.version_num = '6c7d8e9f0a1b';

COMMIT;
