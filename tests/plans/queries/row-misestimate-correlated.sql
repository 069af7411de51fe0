-- Correlated columns: pending orders are never shipped, but the planner multiplies
-- the two selectivities as if independent (estimate ~5000 rows, actual 0).
-- expect: row-misestimate, seq-scan-large-filter, slow-node
SELECT id, total FROM orders WHERE status = 'pending' AND shipped_at IS NOT NULL;
