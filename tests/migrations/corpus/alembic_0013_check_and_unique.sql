BEGIN;

-- Running upgrade 8e9f0a1b2c3d -> 9f0a1b2c3d4e

ALTER TABLE stock_items ADD CONSTRAINT ck_stock_items_on_hand_non_negative CHECK (quantity_on_hand >= 0);

ALTER TABLE warehouses ADD CONSTRAINT uq_warehouses_name UNIQUE (name);

UPDATE alembic_version SET version_num='9f0a1b2c3d4e' WHERE alembic_version.version_num = '8e9f0a1b2c3d';

COMMIT;
