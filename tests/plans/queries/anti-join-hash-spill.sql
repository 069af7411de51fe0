-- Users without orders (NOT EXISTS): a Hash Anti Join whose 1M-row hash spills
-- into batches even at the default work_mem.
-- expect: anti-join, hash-spill, slow-node
SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id);
