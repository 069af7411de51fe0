-- An INSERT into a scratch table with a foreign key and a row trigger: the plan
-- lists the time spent in each trigger.
-- expect: triggers, slow-node
CREATE TEMP TABLE carts (id bigint PRIMARY KEY, user_id bigint NOT NULL, updated_at timestamptz);
CREATE TEMP TABLE cart_lines (
    cart_id    bigint NOT NULL REFERENCES carts (id),
    product_id bigint NOT NULL,
    quantity   int NOT NULL
);
INSERT INTO carts (id, user_id) SELECT g, g FROM generate_series(1, 1000) AS g;
ANALYZE carts;
CREATE FUNCTION pg_temp.touch_cart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.quantity := greatest(NEW.quantity, 1);
    RETURN NEW;
END $$;
CREATE TRIGGER cart_lines_touch BEFORE INSERT ON cart_lines
    FOR EACH ROW EXECUTE FUNCTION pg_temp.touch_cart();
-- query
INSERT INTO cart_lines (cart_id, product_id, quantity)
SELECT 1 + g % 1000, 1 + g % 10000, g % 3 FROM generate_series(1, 5000) AS g;
