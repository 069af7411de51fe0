-- Index range on created_at, Filter on status keeps ~5% of the fetched rows.
-- expect: index-filter-discards, slow-node
SELECT id FROM orders
WHERE created_at >= '2024-05-01' AND created_at < '2024-05-08'
  AND status = 'cancelled';
