BEGIN;

-- Running upgrade 7d8e9f0a1b2c -> 8e9f0a1b2c3d

ALTER TABLE stock_items DROP COLUMN quantity_reserved;

DROP INDEX ix_stock_movements_occurred_at;

DROP TABLE stock_movements;

DROP TYPE movement_kind;

UPDATE alembic_version SET version_num='8e9f0a1b2c3d' WHERE alembic_version.version_num = '7d8e9f0a1b2c';

COMMIT;
