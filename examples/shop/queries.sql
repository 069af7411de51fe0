-- Example queries for the shop schema (schema.sql). Each statement is preceded by a
-- one-line comment naming what dbagent should see in it; the first one is healthy.

-- Healthy: a created_at range served by idx_orders_created_at.
SELECT id, user_id, total FROM orders WHERE created_at >= '2024-01-01' AND created_at < '2024-02-01';

-- select-star + missing-index: filter on user_id and status, newest first (wants an index on (user_id, status, created_at)).
SELECT * FROM orders WHERE user_id = 42 AND status = 'paid' ORDER BY created_at DESC LIMIT 20;

-- non-sargable-predicate: lower() on users.email hides the unique index.
SELECT id, name FROM users WHERE lower(email) = 'alice@example.com';

-- non-sargable-predicate: a cast on created_at; rewrite to a one-day range.
SELECT id, total FROM orders WHERE created_at::date = '2024-01-01';

-- non-sargable-predicate: date_trunc on created_at; rewrite to a one-day range.
SELECT id, total FROM orders WHERE date_trunc('day', created_at) = '2024-03-01';

-- non-sargable-predicate: extract(year) on created_at; rewrite to a one-year range.
SELECT count(*) FROM orders WHERE extract(year FROM created_at) = 2024;

-- non-sargable-predicate: arithmetic on the primary key; rewrite to id = 4.
SELECT name FROM users WHERE id + 1 = 5;

-- leading-wildcard-like: '%foo%' cannot use the text_pattern_ops index.
SELECT id, name FROM products WHERE name LIKE '%foo%';

-- leading-wildcard-like: case-insensitive substring search.
SELECT id, name FROM products WHERE name ILIKE '%chair%';

-- like-without-wildcard: LIKE with no wildcard is plain equality.
SELECT id, price FROM products WHERE sku LIKE 'abc';

-- missing-index: jsonb containment on products.attributes wants a GIN index.
SELECT id, name FROM products WHERE attributes @> '{"color": "red"}';

-- missing-index: full-text search on description wants a GIN expression index.
SELECT id, name FROM products WHERE to_tsvector('english', description) @@ to_tsquery('english', 'waterproof');

-- not-in-nullable-subquery: SKUs never used as a coupon code; coupon_code is nullable, so one NULL empties the result.
SELECT id, sku FROM products WHERE sku NOT IN (SELECT coupon_code FROM orders);

-- count-for-existence: counting every row only to compare with zero.
SELECT u.id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = u.id) > 0;

-- offset-pagination: the server reads and discards 10000 rows.
SELECT id, total, created_at FROM orders ORDER BY created_at DESC OFFSET 10000 LIMIT 50;

-- order-by-random: sorts the whole table to pick a few rows.
SELECT id, name FROM products ORDER BY random() LIMIT 5;

-- null-comparison: = NULL is never true.
SELECT id FROM orders WHERE shipped_at = NULL;

-- having-without-aggregate: the HAVING condition belongs in WHERE.
SELECT status, count(*) FROM orders GROUP BY status HAVING status <> 'cancelled';

-- correlated-subquery-in-select: one scalar subquery per user row.
SELECT u.id, u.name, (SELECT max(o.created_at) FROM orders o WHERE o.user_id = u.id) AS last_order FROM users u;

-- distinct-over-join: DISTINCT only removes the duplicates the join made.
SELECT DISTINCT u.id, u.email FROM users u JOIN orders o ON o.user_id = u.id;

-- union-without-all: the branches filter on disjoint status values, so they cannot overlap.
SELECT id FROM orders WHERE status = 'paid' UNION SELECT id FROM orders WHERE status = 'shipped';

-- or-across-columns: one btree cannot serve both sides of the OR.
SELECT id FROM orders WHERE user_id = 7 OR coupon_code = 'SPRING24';

-- cartesian-join: no predicate links users and products.
SELECT u.email, p.name FROM users u, products p WHERE p.active;

-- implicit-type-conversion: text column compared with an integer literal.
SELECT id FROM orders WHERE coupon_code = 42;

-- unbounded-update-delete: UPDATE without WHERE touches every row.
UPDATE products SET active = false;

-- n-plus-one: a parent query followed by one child query per key.
SELECT * FROM users LIMIT 3;

-- n-plus-one: child lookup for user 1.
SELECT * FROM user_teams WHERE user_id = 1;

-- n-plus-one: child lookup for user 2.
SELECT * FROM user_teams WHERE user_id = 2;

-- n-plus-one: child lookup for user 3.
SELECT * FROM user_teams WHERE user_id = 3;
