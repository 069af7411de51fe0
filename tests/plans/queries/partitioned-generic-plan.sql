-- settings: SET plan_cache_mode = force_generic_plan;
-- A generic plan of a prepared statement: partitions are pruned when the executor
-- starts, and the Append reports "Subplans Removed".
-- expect: append, partition-pruning, slow-node
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
PREPARE orders_since(timestamptz) AS
    SELECT status, count(*), sum(total) FROM orders_part WHERE created_at >= $1 GROUP BY status;
-- query
EXECUTE orders_since('2024-05-20');
