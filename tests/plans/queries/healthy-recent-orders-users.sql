-- Recent orders with their users: a few hundred index probes.
-- expect: healthy, slow-node
SELECT o.id, o.total, u.name
FROM orders o
JOIN users u ON u.id = o.user_id
WHERE o.created_at >= '2024-06-30 06:00';
