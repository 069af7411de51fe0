-- settings: SET max_parallel_workers_per_gather = 2; SET max_parallel_workers = 0; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
-- Two workers planned, none available: the leader does all the work.
-- expect: workers-not-launched, slow-node
SELECT status, count(*) FROM orders GROUP BY status;
