BEGIN;

-- Running upgrade 9f0a1b2c3d4e -> a0b1c2d3e4f5

SET LOCAL lock_timeout = '4s';

SET LOCAL statement_timeout = '30s';

ALTER TABLE products ADD COLUMN weight_grams INTEGER;

ALTER TABLE products ADD COLUMN dimensions JSONB DEFAULT '{}'::jsonb NOT NULL;

ALTER TABLE products ADD CONSTRAINT ck_products_weight_positive CHECK (weight_grams > 0) NOT VALID;

UPDATE alembic_version SET version_num='a0b1c2d3e4f5' WHERE alembic_version.version_num = '9f0a1b2c3d4e';

COMMIT;
