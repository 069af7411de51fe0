-- Six hours of orders through idx_orders_created_at.
-- expect: healthy, slow-node
SELECT id, user_id, total FROM orders
WHERE created_at >= '2024-06-29 00:00' AND created_at < '2024-06-29 06:00';
