BEGIN;

-- Running upgrade 5b6c7d8e9f0a -> 6c7d8e9f0a1b

ALTER TABLE order_items ADD COLUMN warehouse_id INTEGER;

ALTER TABLE order_items ADD CONSTRAINT fk_order_items_warehouse_id_warehouses FOREIGN KEY(warehouse_id) REFERENCES warehouses (id) ON DELETE SET NULL;

CREATE INDEX ix_order_items_warehouse_id ON order_items (warehouse_id);

UPDATE alembic_version SET version_num='6c7d8e9f0a1b' WHERE alembic_version.version_num = '5b6c7d8e9f0a';

COMMIT;
