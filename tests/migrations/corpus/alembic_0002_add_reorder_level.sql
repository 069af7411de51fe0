BEGIN;

-- Running upgrade 3f1c2a7b9d10 -> 8a4e6d2c1b03

ALTER TABLE stock_items ADD COLUMN reorder_level INTEGER DEFAULT '10' NOT NULL;

UPDATE alembic_version SET version_num='8a4e6d2c1b03' WHERE alembic_version.version_num = '3f1c2a7b9d10';

COMMIT;
