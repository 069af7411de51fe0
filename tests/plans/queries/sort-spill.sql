-- settings: SET work_mem = '64kB';
-- A big ORDER BY with a tiny work_mem: external merge sort on disk.
-- expect: sort-spill, slow-node
SELECT id, user_id, total FROM orders WHERE created_at >= '2024-01-01' ORDER BY total DESC;
