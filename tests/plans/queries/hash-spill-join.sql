-- settings: SET work_mem = '64kB';
-- Hash Join orders <-> order_items whose hash table is split into many batches.
-- expect: hash-spill, slow-node
SELECT o.id, oi.unit_price
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
WHERE o.created_at >= '2024-01-01';
