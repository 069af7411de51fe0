-- explain:
-- Plain EXPLAIN: estimates only, no actual times, rows or buffers.
-- expect: no-analyze
SELECT u.id, u.email, count(o.id) AS orders, sum(o.total) AS spent
FROM users u
JOIN orders o ON o.user_id = u.id
WHERE u.status = 'active' AND o.created_at >= '2024-01-01'
GROUP BY u.id, u.email
ORDER BY spent DESC
LIMIT 10;
