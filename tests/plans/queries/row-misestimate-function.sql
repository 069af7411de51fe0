-- An expression the planner cannot estimate: default selectivity 0.5% (5000 rows)
-- for an equality on an expression that half of the rows satisfy.
-- expect: row-misestimate, slow-node
SELECT count(*) FROM orders WHERE (total::int % 2) = 0;
