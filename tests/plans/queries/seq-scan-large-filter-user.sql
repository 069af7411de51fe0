-- One user's orders: orders.user_id has no index, so every order is read.
-- expect: seq-scan-large-filter, slow-node
SELECT id, total, created_at FROM orders WHERE user_id = 4242 ORDER BY created_at DESC;
