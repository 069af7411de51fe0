#!/usr/bin/env bash
# gen.sh — regenerates the real text-format plans in this folder from the private
# test server (scripts/pg-test.sh start). Each NAME.txt is what PostgreSQL printed:
# `psql -X -q -A -t` (the bare EXPLAIN lines) unless README.md says otherwise.
# Timings change on every run; the shapes do not. Writes only into this folder;
# data changes happen inside transactions that are rolled back or on temp tables.
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -- "$here/../../.." && pwd -P)
eval "$("$root/scripts/pg-test.sh" env)"

# With arguments, only the named plans are regenerated: gen.sh jit sort_spill
only=" $* "
want() { [ "$only" = "  " ] || [[ $only == *" $1 "* ]]; }

# plan NAME: runs the SQL on stdin, writes the bare output to NAME.txt.
plan() {
    want "$1" || { cat > /dev/null; return 0; }
    psql -X -q -A -t -v ON_ERROR_STOP=1 -d shop > "$here/$1.txt"
}

# aligned NAME: the same in psql's default aligned format (header, leading
# space, "(N rows)" footer), as people paste it.
aligned() {
    want "$1" || { cat > /dev/null; return 0; }
    psql -X -q -v ON_ERROR_STOP=1 -d shop > "$here/$1.txt"
}

plan seqscan_filter <<'SQL'
SET max_parallel_workers_per_gather = 0;
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, total FROM orders WHERE coupon_code = 'BLACKFRIDAY' AND total > 100;
SQL

plan parallel_hash_join_agg <<'SQL'
SET max_parallel_workers_per_gather = 2;
EXPLAIN (ANALYZE, BUFFERS)
SELECT o.status, count(*) FROM orders o JOIN users u ON u.id = o.user_id
WHERE u.status = 'active' GROUP BY o.status;
SQL

plan parallel_verbose_settings <<'SQL'
SET max_parallel_workers_per_gather = 2;
SET work_mem = '8MB';
SET random_page_cost = 1.1;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS)
SELECT status, sum(total) FROM orders GROUP BY status;
SQL

plan cte_initplan_subplan <<'SQL'
SET max_parallel_workers_per_gather = 0;
EXPLAIN (ANALYZE, BUFFERS)
WITH recent AS MATERIALIZED (
  SELECT id, user_id, total FROM orders
  WHERE created_at > '2024-06-25'::timestamptz)
SELECT r.id, r.total,
       (SELECT max(total) FROM orders WHERE created_at > '2024-06-29') AS max_total,
       (SELECT count(*) FROM order_items oi WHERE oi.order_id = r.id) AS items
FROM recent r
WHERE r.user_id IN (SELECT user_id FROM recent WHERE total > 500)
ORDER BY r.total DESC LIMIT 10;
SQL

plan never_executed <<'SQL'
EXPLAIN (ANALYZE, BUFFERS)
SELECT o.id, oi.product_id FROM orders o JOIN order_items oi ON oi.order_id = o.id
WHERE o.id < 0;
SQL

plan never_executed_timing_off <<'SQL'
EXPLAIN (ANALYZE, TIMING OFF, BUFFERS)
SELECT o.id, oi.product_id FROM orders o JOIN order_items oi ON oi.order_id = o.id
WHERE o.id < 0;
SQL

plan sort_spill <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64kB';
SET jit = off;
EXPLAIN (ANALYZE, BUFFERS) SELECT id, total FROM orders ORDER BY total, id;
SQL

plan hash_batches <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64kB';
SET jit = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT u.email, o.total FROM orders o JOIN users u ON u.id = o.user_id WHERE o.total > 900;
SQL

plan hashagg_disk <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64kB';
SET jit = off;
SET enable_sort = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT user_id, count(*) FROM orders GROUP BY user_id HAVING count(*) > 30;
SQL

plan bitmap_lossy <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64kB';
SET enable_seqscan = off;
SET enable_indexscan = off;
SET jit = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT count(*) FROM orders
WHERE created_at BETWEEN '2022-01-01' AND '2023-06-30' AND total > 50;
SQL

plan index_only_heap_fetches <<'SQL'
CREATE TEMP TABLE recent_orders AS SELECT id, user_id, total FROM orders WHERE id <= 200000;
CREATE INDEX ON recent_orders (user_id);
ANALYZE recent_orders;
SET enable_bitmapscan = off;
SET enable_seqscan = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT user_id FROM recent_orders WHERE user_id BETWEEN 1000 AND 3000;
SQL

plan update_rolled_back <<'SQL'
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, WAL)
UPDATE users SET name = name WHERE id BETWEEN 10 AND 19;
ROLLBACK;
SQL

plan jit <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
EXPLAIN (ANALYZE, BUFFERS)
SELECT status, avg(total), max(created_at) FROM orders WHERE total > 10 GROUP BY status;
SQL

plan timing_off <<'SQL'
SET max_parallel_workers_per_gather = 0;
EXPLAIN (ANALYZE, TIMING OFF, BUFFERS)
SELECT u.id, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id
WHERE u.id < 50 GROUP BY u.id;
SQL

plan costs_off <<'SQL'
EXPLAIN (COSTS OFF)
SELECT u.email, count(*) FROM users u JOIN orders o ON o.user_id = u.id
WHERE o.created_at > '2024-06-01' GROUP BY u.email ORDER BY count(*) DESC LIMIT 5;
SQL

plan estimate_only <<'SQL'
EXPLAIN
SELECT p.name, sum(oi.quantity) FROM order_items oi
JOIN products p ON p.id = oi.product_id
JOIN orders o ON o.id = oi.order_id
WHERE o.status = 'paid' AND p.category = 'garden'
GROUP BY p.name ORDER BY 2 DESC;
SQL

plan append_partitions <<'SQL'
CREATE TEMP TABLE events (id bigint, at date, kind text) PARTITION BY RANGE (at);
CREATE TEMP TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TEMP TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO events SELECT g, date '2023-01-01' + (g % 700), 'k' || (g % 7) FROM generate_series(1, 50000) g;
ANALYZE events;
EXPLAIN (ANALYZE, BUFFERS)
SELECT kind, count(*) FROM events WHERE at >= '2023-06-01' GROUP BY kind;
SQL

plan merge_join_anti <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET enable_hashjoin = off;
SET enable_nestloop = off;
SET jit = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT u.id FROM users u
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'cancelled')
ORDER BY u.id LIMIT 20;
SQL

plan scans_function_values_subquery <<'SQL'
EXPLAIN (ANALYZE)
SELECT s.n, v.label, sub.name
FROM generate_series(1, 3) AS s(n)
JOIN (VALUES (1, 'one'), (2, 'two'), (3, 'three')) AS v(n, label) ON v.n = s.n
JOIN (SELECT id, name FROM teams ORDER BY id LIMIT 10) sub ON sub.id = s.n
WHERE sub.name <> '';
SQL

plan memoize_nested_loop <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET enable_hashjoin = off;
SET enable_mergejoin = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT oi.id, p.name FROM order_items oi JOIN products p ON p.id = oi.product_id
WHERE oi.order_id BETWEEN 1 AND 2000;
SQL

aligned psql_aligned <<'SQL'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, email FROM users WHERE email LIKE 'user1%' ORDER BY id LIMIT 5;
SQL

# The plan as one multi-line value: psql marks continued lines with "+".
aligned psql_continuation <<'SQL'
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, BUFFERS) ' || q LOOP
        result := result || line || E'\n';
    END LOOP;
    RETURN rtrim(result, E'\n');
END $$;
SELECT pg_temp.plan_of('SELECT count(*) FROM order_items WHERE order_id < 5000') AS "QUERY PLAN";
SQL

# psql's expanded mode (\x): every line prefixed with "QUERY PLAN | ".
aligned psql_expanded <<'SQL'
\x on
EXPLAIN SELECT * FROM orders WHERE user_id = 42 ORDER BY created_at DESC LIMIT 3;
SQL

plan two_plans <<'SQL'
EXPLAIN SELECT count(*) FROM teams;
EXPLAIN (ANALYZE) SELECT * FROM products WHERE id = 7;
SQL

if want auto_explain; then
# auto_explain: the server's own log lines (log_line_prefix, tab-indented
# continuation lines), cut out of server.log by this session's pid.
log=${DBAGENT_PG_DIR:-/tmp/dbagent-pg}/server.log
pid=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -d shop <<'SQL'
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET max_parallel_workers_per_gather = 0;
SELECT pg_backend_pid();
SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id
WHERE u.status = 'banned'
  AND o.created_at >= '2024-01-01';
SQL
)
pid=$(echo "$pid" | head -1)
sleep 0.5
awk -v pid="[$pid]" '
    index($0, pid) && /plan:$/ { on = 1; print; next }
    on && /^\t/ { print; next }
    { on = 0 }' "$log" | tail -n +1 > "$here/auto_explain.log.tmp"
# keep the last logged plan of the session (the count(*) query)
awk '/plan:$/ { n++ } { line[NR] = $0; blk[NR] = n } END { for (i = 1; i <= NR; i++) if (blk[i] == n) print line[i] }' \
    "$here/auto_explain.log.tmp" > "$here/auto_explain.txt"
rm -f "$here/auto_explain.log.tmp"
fi
echo "wrote $(ls "$here"/*.txt | wc -l) plans to $here"
