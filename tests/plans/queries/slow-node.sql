-- The rules.md example: the oldest pending orders with their user's email.
-- expect: slow-node
SELECT o.id, u.email
FROM orders o
JOIN users u ON u.id = o.user_id
WHERE o.status = 'pending'
ORDER BY o.created_at
LIMIT 50;
