-- V17__orders_partitioned_archive.sql
CREATE TABLE orders_archive (
    id          bigint NOT NULL,
    user_id     bigint NOT NULL,
    status      order_status NOT NULL,
    total       numeric(12,2) NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE TABLE orders_archive_2022 PARTITION OF orders_archive
    FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE orders_archive_2023 PARTITION OF orders_archive
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');

CREATE INDEX orders_archive_user_id_idx ON orders_archive (user_id);

INSERT INTO orders_archive (id, user_id, status, total, created_at)
SELECT id, user_id, status, total, created_at
  FROM orders
 WHERE created_at < '2024-01-01';

DELETE FROM orders WHERE created_at < '2024-01-01';
