-- A scratch table filled inside the (rolled-back) transaction has no visibility
-- map yet, so its Index Only Scan visits the heap for every row.
-- expect: heap-fetches-index-only, slow-node
CREATE TEMP TABLE recent_orders AS
    SELECT id, user_id, status, total, created_at FROM orders WHERE created_at >= '2024-01-01';
CREATE INDEX recent_orders_created_at ON recent_orders (created_at);
ANALYZE recent_orders;
-- query
SELECT created_at FROM recent_orders WHERE created_at >= '2024-05-01' AND created_at < '2024-06-01';
