-- settings: SET max_parallel_workers_per_gather = 2; SET max_parallel_workers = 1;
-- Two workers planned, one launched.
-- expect: workers-not-launched, parallel, slow-node
SELECT count(*), sum(quantity * unit_price) FROM order_items WHERE quantity >= 2;
