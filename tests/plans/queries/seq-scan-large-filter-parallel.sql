-- settings: SET max_parallel_workers_per_gather = 2;
-- The same pattern under a Gather: each worker's Parallel Seq Scan discards most rows.
-- expect: seq-scan-large-filter, parallel, slow-node
SELECT id, created_at FROM orders WHERE note = 'Call before delivery: 7252';
