-- settings: SET max_parallel_workers_per_gather = 2;
-- explain: ANALYZE, VERBOSE, BUFFERS
-- VERBOSE: output columns, schema-qualified names, per-worker timings and buffers.
-- expect: verbose, parallel, gather-merge, slow-node
SELECT user_id, total FROM orders WHERE created_at >= '2024-04-01' ORDER BY total DESC LIMIT 100;
