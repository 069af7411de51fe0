-- settings: SET random_page_cost = 1.1; SET effective_cache_size = '8GB'; SET work_mem = '32MB'; SET enable_bitmapscan = off;
-- explain: ANALYZE, BUFFERS, SETTINGS
-- SETTINGS lists the planner settings that differ from their defaults.
-- expect: settings, slow-node
SELECT u.email, o.id, o.total
FROM orders o
JOIN users u ON u.id = o.user_id
WHERE o.created_at >= '2024-06-20' AND o.status = 'paid';
