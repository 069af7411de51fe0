-- settings: SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_memoize = off;
-- A Nested Loop whose inner index probe on users runs once per order (>100k loops).
-- expect: nested-loop-many-loops, slow-node
SELECT o.id, u.email
FROM orders o
JOIN users u ON u.id = o.user_id
WHERE o.created_at >= '2024-03-01';
