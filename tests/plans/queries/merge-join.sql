-- Two inputs already ordered by the join key: a Merge Join of two index scans.
-- expect: merge-join, slow-node
SELECT o.id, o.total, oi.product_id, oi.quantity
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
WHERE o.id BETWEEN 1 AND 20000 AND oi.order_id BETWEEN 1 AND 20000;
