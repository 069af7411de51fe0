-- The index narrows to one week; the coupon filter then throws away ~99% of the
-- rows fetched from the heap.
-- expect: index-filter-discards, slow-node
SELECT id FROM orders
WHERE created_at >= '2024-05-01' AND created_at < '2024-05-08'
  AND coupon_code = 'VIP25';
