-- settings: SET max_parallel_workers_per_gather = 2;
-- Finalize Aggregate > Gather > Partial Aggregate > Parallel Seq Scan.
-- expect: parallel, slow-node
SELECT count(*), sum(quantity * unit_price) FROM order_items WHERE quantity >= 2;
