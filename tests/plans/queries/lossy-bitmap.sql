-- settings: SET work_mem = '64kB'; SET enable_seqscan = off; SET enable_indexscan = off;
-- A wide bitmap scan via idx_orders_created_at outgrows work_mem and turns lossy.
-- expect: lossy-bitmap, slow-node
SELECT id, total FROM orders WHERE created_at >= '2022-06-01' AND created_at < '2023-06-01';
