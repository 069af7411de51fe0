-- explain: ANALYZE, BUFFERS, TIMING OFF
-- ANALYZE without per-node timing: actual rows and loops, but no actual times.
-- expect: timing-off
SELECT status, count(*) FROM orders WHERE created_at >= '2024-06-01' GROUP BY status;
