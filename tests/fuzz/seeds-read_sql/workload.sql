-- workload.sql — a small shop workload as a plain .sql file, for `dbagent digest`
-- and the .sql reader's tests: comments between statements, multi-line
-- statements, semicolons inside strings, identifiers and comments, a dollar-
-- quoted function body and psql meta-commands.
\set ON_ERROR_STOP on
\timing on

/* The orders of one customer, newest first. */
SELECT o.id, o.status, o.created_at
  FROM orders o
 WHERE o.user_id = 42
 ORDER BY o.created_at DESC
 LIMIT 20;

SELECT count(*) FROM orders WHERE note LIKE '%;%';  -- a ';' inside a string
SELECT "weird;name" FROM products WHERE sku = 'it''s; fine';
SELECT id FROM users WHERE email = E'a\'b;c@example.com';

UPDATE orders
   SET status = 'shipped' /* not; the end */
 WHERE id = 1001;

CREATE FUNCTION order_total(oid bigint) RETURNS numeric
LANGUAGE plpgsql AS $fn$
BEGIN
    -- semicolons in a dollar-quoted body do not end the statement
    RETURN (SELECT sum(price * qty) FROM order_items WHERE order_id = oid);
END;
$fn$;

SELECT $$plain; dollar$$ AS label, order_total(1001);
INSERT INTO audit (msg) VALUES ('multi
line; text');
\echo done
SELECT 1 /* nested /* comment; */ still a comment */ + 1 AS two
