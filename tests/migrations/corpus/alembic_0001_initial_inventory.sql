BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 3f1c2a7b9d10

CREATE TABLE warehouses (
    id SERIAL NOT NULL, 
    code VARCHAR(16) NOT NULL, 
    name VARCHAR(255) NOT NULL, 
    country CHAR(2) NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id), 
    UNIQUE (code)
);

CREATE TABLE stock_items (
    id BIGSERIAL NOT NULL, 
    warehouse_id INTEGER NOT NULL, 
    sku VARCHAR(64) NOT NULL, 
    on_hand INTEGER DEFAULT '0' NOT NULL, 
    reserved INTEGER DEFAULT '0' NOT NULL, 
    updated_at TIMESTAMP WITHOUT TIME ZONE, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_stock_items_warehouse_sku UNIQUE (warehouse_id, sku), 
    FOREIGN KEY(warehouse_id) REFERENCES warehouses (id) ON DELETE CASCADE
);

CREATE INDEX ix_stock_items_sku ON stock_items (sku);

INSERT INTO alembic_version (version_num) VALUES ('3f1c2a7b9d10') RETURNING alembic_version.version_num;

COMMIT;
