-- A materialized CTE scanned twice (once inside an InitPlan) and a correlated
-- SubPlan in the select list.
-- expect: cte, initplan, subplan, slow-node
WITH recent AS MATERIALIZED (
    SELECT id, user_id, total FROM orders
    WHERE created_at >= '2024-06-23' AND created_at < '2024-06-24'
)
SELECT r.id, r.total,
       (SELECT count(*) FROM order_items oi WHERE oi.order_id = r.id) AS lines
FROM recent r
WHERE r.total > (SELECT avg(total) FROM recent)
ORDER BY r.total DESC
LIMIT 20;
