-- settings: SET jit = on; SET jit_above_cost = 0; SET jit_inline_above_cost = 0; SET jit_optimize_above_cost = 0;
-- JIT compilation of expressions and tuple deforming, with its timings.
-- expect: jit, slow-node
SELECT status, count(*), avg(total), max(created_at) FROM orders WHERE total > 10 GROUP BY status;
