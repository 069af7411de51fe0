BEGIN;

-- Running upgrade 7b8c9d0e1f2a -> 8c9d0e1f2a3b

ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(320);

ALTER TABLE users ALTER COLUMN status TYPE TEXT;

ALTER TABLE order_items ALTER COLUMN quantity TYPE BIGINT;

ALTER TABLE products ALTER COLUMN price TYPE NUMERIC(14, 2);

UPDATE alembic_version SET version_num='8c9d0e1f2a3b' WHERE alembic_version.version_num = '7b8c9d0e1f2a';

COMMIT;
