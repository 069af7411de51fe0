BEGIN;

-- Running upgrade a0b1c2d3e4f5 -> b1c2d3e4f5a6

CREATE TABLE _alembic_tmp_warehouses (
    id SERIAL NOT NULL, 
    code VARCHAR(16) NOT NULL, 
    name VARCHAR(255) NOT NULL, 
    country VARCHAR(2) NOT NULL, 
    timezone VARCHAR(64) DEFAULT 'UTC' NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id), 
    UNIQUE (code)
);

INSERT INTO _alembic_tmp_warehouses (id, code, name, country, created_at) SELECT warehouses.id, warehouses.code, warehouses.name, warehouses.country, warehouses.created_at 
FROM warehouses;

DROP TABLE warehouses;

ALTER TABLE _alembic_tmp_warehouses RENAME TO warehouses;

UPDATE alembic_version SET version_num='b1c2d3e4f5a6' WHERE alembic_version.version_num = 'a0b1c2d3e4f5';

COMMIT;
