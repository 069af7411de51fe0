BEGIN;

-- Running upgrade 3f4a5b6c7d8e -> 4a5b6c7d8e9f

ALTER TABLE stock_items ALTER COLUMN sku TYPE VARCHAR(128);

ALTER TABLE warehouses ALTER COLUMN country TYPE VARCHAR(2) USING country::varchar;

ALTER TABLE stock_movements ALTER COLUMN reference TYPE UUID USING reference::uuid;

UPDATE alembic_version SET version_num='4a5b6c7d8e9f' WHERE alembic_version.version_num = '3f4a5b6c7d8e';

COMMIT;
