-- The 20 newest orders: Limit over a backward index scan, no sort.
-- expect: healthy, slow-node
SELECT id, total, created_at FROM orders ORDER BY created_at DESC LIMIT 20;
