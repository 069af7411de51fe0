BEGIN;

-- Running upgrade c0d1e2f3a4b5 -> 1d2e3f4a5b6c

CREATE TYPE movement_kind AS ENUM ('receipt', 'shipment', 'adjustment', 'transfer');

CREATE TABLE stock_movements (
    id BIGSERIAL NOT NULL, 
    stock_item_id BIGINT NOT NULL, 
    kind movement_kind NOT NULL, 
    quantity INTEGER NOT NULL, 
    reference VARCHAR(128), 
    occurred_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id), 
    FOREIGN KEY(stock_item_id) REFERENCES stock_items (id)
);

CREATE INDEX ix_stock_movements_stock_item_id ON stock_movements (stock_item_id);

CREATE INDEX ix_stock_movements_occurred_at ON stock_movements (occurred_at);

UPDATE alembic_version SET version_num='1d2e3f4a5b6c' WHERE alembic_version.version_num = 'c0d1e2f3a4b5';

COMMIT;
