-- settings: SET max_parallel_workers_per_gather = 2;
-- A join under Gather Merge: the hash on products is built in every process.
-- expect: parallel, gather-merge, slow-node
SELECT p.category, sum(oi.quantity) AS units
FROM order_items oi
JOIN products p ON p.id = oi.product_id
GROUP BY p.category;
