-- The planner expects 5000 outer rows (unestimable expression) and picks a
-- Nested Loop; 500k rows arrive and the inner index is probed 500k times.
-- expect: nested-loop-many-loops, row-misestimate, slow-node
SELECT count(*)
FROM order_items oi
JOIN orders o ON o.id = oi.order_id
WHERE (o.total::int % 2) = 0;
