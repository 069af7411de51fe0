-- settings: SET enable_nestloop = off;
-- The hashed side is estimated at 5000 rows but has 500k: "Batches: N (originally 1)".
-- expect: hash-spill, row-misestimate, slow-node
SELECT count(*)
FROM order_items oi
JOIN orders o ON o.id = oi.order_id
WHERE (o.total::int % 2) = 0;
