-- settings: SET work_mem = '64kB'; SET enable_sort = off;
-- A HashAggregate over 100k groups with a tiny work_mem: batches and disk usage.
-- expect: hash-spill, slow-node
SELECT user_id, count(*) AS orders, sum(total) AS spent FROM orders GROUP BY user_id;
