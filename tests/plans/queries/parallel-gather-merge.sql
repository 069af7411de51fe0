-- settings: SET max_parallel_workers_per_gather = 2;
-- Finalize GroupAggregate > Gather Merge > Sort > Partial HashAggregate, per-worker details.
-- expect: parallel, gather-merge, slow-node
SELECT status, count(*), sum(total) FROM orders GROUP BY status;
