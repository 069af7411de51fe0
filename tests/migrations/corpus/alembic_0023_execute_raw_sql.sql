BEGIN;

-- Running upgrade 6a7b8c9d0e1f -> 7b8c9d0e1f2a

CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_stock_items_updated_at BEFORE UPDATE ON stock_items FOR EACH ROW EXECUTE PROCEDURE set_updated_at();

WITH moved AS (DELETE FROM stock_items WHERE quantity_on_hand = 0 AND updated_at < now() - interval '2 years' RETURNING id) SELECT count(*) FROM moved;

UPDATE alembic_version SET version_num='7b8c9d0e1f2a' WHERE alembic_version.version_num = '6a7b8c9d0e1f';

COMMIT;
