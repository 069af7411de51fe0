-- explain: COSTS OFF
-- EXPLAIN without ANALYZE and without costs: only the plan's shape.
-- expect: no-analyze, costs-off
SELECT p.category, count(*)
FROM order_items oi
JOIN products p ON p.id = oi.product_id
WHERE oi.order_id BETWEEN 1000 AND 2000
GROUP BY p.category;
