-- Correlated columns the other way: nearly every recent order is 'shipped', while
-- 'shipped' is rare overall, so the estimate is ~40x too low.
-- expect: row-misestimate, slow-node
SELECT id, total FROM orders WHERE status = 'shipped' AND created_at > '2024-06-16';
