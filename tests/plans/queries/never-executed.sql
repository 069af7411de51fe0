-- The outer side finds nothing, so the inner side is never executed.
-- expect: never-executed, slow-node
SELECT o.id, oi.product_id, oi.quantity
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
WHERE o.id = -1;
