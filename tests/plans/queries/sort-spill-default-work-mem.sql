-- Even the default work_mem (4MB) spills when all orders are sorted.
-- expect: sort-spill, slow-node
SELECT * FROM orders ORDER BY total, id;
