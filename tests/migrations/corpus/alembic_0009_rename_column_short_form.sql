BEGIN;

-- Running upgrade 4a5b6c7d8e9f -> 5b6c7d8e9f0a

ALTER TABLE stock_items RENAME on_hand TO quantity_on_hand;

ALTER TABLE stock_items RENAME reserved TO quantity_reserved;

UPDATE alembic_version SET version_num='5b6c7d8e9f0a' WHERE alembic_version.version_num = '4a5b6c7d8e9f';

COMMIT;
