-- A partitioned scratch table (one partition per month of 2024): Append over all partitions.
-- expect: append, slow-node
CREATE TEMP TABLE orders_part (LIKE orders) PARTITION BY RANGE (created_at);
CREATE TEMP TABLE orders_part_2024_01 PARTITION OF orders_part FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TEMP TABLE orders_part_2024_02 PARTITION OF orders_part FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE TEMP TABLE orders_part_2024_03 PARTITION OF orders_part FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
CREATE TEMP TABLE orders_part_2024_04 PARTITION OF orders_part FOR VALUES FROM ('2024-04-01') TO ('2024-05-01');
CREATE TEMP TABLE orders_part_2024_05 PARTITION OF orders_part FOR VALUES FROM ('2024-05-01') TO ('2024-06-01');
CREATE TEMP TABLE orders_part_2024_06 PARTITION OF orders_part FOR VALUES FROM ('2024-06-01') TO ('2024-07-01');
INSERT INTO orders_part SELECT * FROM orders WHERE created_at >= '2024-01-01';
CREATE INDEX ON orders_part (created_at);
ANALYZE orders_part;
-- query
SELECT status, count(*), sum(total) FROM orders_part WHERE total > 50 GROUP BY status;
