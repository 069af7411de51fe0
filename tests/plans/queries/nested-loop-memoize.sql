-- settings: SET enable_hashjoin = off; SET enable_mergejoin = off;
-- The same join with a Memoize cache in front of the inner side (hits/misses).
-- expect: nested-loop-many-loops, memoize, slow-node
SELECT o.id, u.email
FROM orders o
JOIN users u ON u.id = o.user_id
WHERE o.created_at >= '2024-03-01';
