BEGIN;

-- Running upgrade 5b7d9e0f1a24 -> c0d1e2f3a4b5

CREATE INDEX CONCURRENTLY ix_stock_items_warehouse_on_hand ON stock_items (warehouse_id, on_hand);

UPDATE alembic_version SET version_num='c0d1e2f3a4b5' WHERE alembic_version.version_num = '5b7d9e0f1a24';

COMMIT;
