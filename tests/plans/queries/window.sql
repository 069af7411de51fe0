-- A window function per user: WindowAgg over a Sort.
-- expect: window, slow-node
SELECT user_id, id, total,
       row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC) AS nth
FROM orders
WHERE created_at >= '2024-06-20';
