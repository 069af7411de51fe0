BEGIN;

-- Running upgrade 5f6a7b8c9d0e -> 6a7b8c9d0e1f

SET LOCAL lock_timeout = '2s';

-- dbagent:ignore add-primary-key-blocks
ALTER TABLE order_items DROP CONSTRAINT order_items_pkey, ADD CONSTRAINT order_items_pkey PRIMARY KEY (order_id, id);

UPDATE alembic_version SET version_num='6a7b8c9d0e1f' WHERE alembic_version.version_num = '5f6a7b8c9d0e';

COMMIT;
