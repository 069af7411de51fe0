-- ORDER BY created_at, total: the index gives created_at, Incremental Sort does the rest.
-- expect: incremental-sort, slow-node
SELECT id, created_at, total FROM orders
WHERE created_at >= '2024-06-01'
ORDER BY created_at, total
LIMIT 100;
