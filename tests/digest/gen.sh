#!/usr/bin/env bash
# gen.sh — make the genuine PostgreSQL 15 logs in tests/digest/logs/ that the
# `dbagent digest` golden tests read.
#
#   tests/digest/gen.sh          regenerate every pg-* log (and the .gz files)
#
# Starts its own throw-away PostgreSQL 15 (initdb in a temp dir, unix socket
# there, TCP on 127.0.0.1 at a free port from $PORT, default 55470; stopped and
# removed on exit, whatever happens), loads examples/shop/schema.sql with a small
# deterministic data set plus `pgbench -i -s 1`, then runs one phase per log.
# Every phase is a server restart with its own log_filename and
# log_line_prefix, so each file is the whole, untouched output of the logging
# collector (log_destination 'stderr,csvlog,jsonlog', log_min_duration_statement
# 0 unless said otherwise, log_timezone UTC, lc_messages C):
#
#   pg-default.log       prefix '%m [%p] '; pgbench -M simple over a shop
#                        workload + one psql session of odd statements
#   pg-pgbadger.log      prefix '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '
#   pg.csv, pg.json      (pgBadger's recommendation) with connections, temp
#                        files, checkpoints; pgbench -M prepared (parse/bind/
#                        execute + DETAIL parameters), -M extended, multi-line
#                        statements from psql; csvlog and jsonlog of that run
#   pg-n-plus-one.log    prefix '%m [%p] %q%u@%d '; one session runs a parent
#                        query and then 20 child queries, one per row, while two
#                        other sessions send unrelated traffic
#   pg-auto-explain.log  prefix '%m [%p] '; auto_explain (log_min_duration 0,
#                        log_analyze, text format) on top of the duration lines
#   pg-log-statement.log prefix '%m [%p] %q%u@%d '; log_statement = 'all' and
#                        log_duration = on instead of log_min_duration_statement
#   pg-default.log.gz    gzip -9n of pg-default.log
#   pg-default-truncated.log.gz   its first half (a cut-off download)
#
# The workload is deterministic in what runs and how often (fixed statement
# lists, pgbench with -t and --random-seed); durations, pids and timestamps
# differ between runs, which is why the logs are checked in and this script is
# only how they were made. It checks each file's statement counts and sizes
# (< 200 KB) before copying it into place. tests/digest/logs/README.md says what
# each file holds.
#
# Env: DBAGENT_PG_BIN (default /usr/lib/postgresql/15/bin), PORT (first port to
#      try), KEEP=1 keeps the temp dir with the raw logs (server stopped).
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd -- "$HERE/../.." && pwd -P)
OUT="$HERE/logs"
SCHEMA_SQL="$ROOT/examples/shop/schema.sql"
PG_BIN=${DBAGENT_PG_BIN:-/usr/lib/postgresql/15/bin}
FIRST_PORT=${PORT:-55470}
MAX_BYTES=$((200 * 1024))
prog=tests/digest/gen.sh

PREFIX_DEFAULT='%m [%p] '
PREFIX_PGBADGER='%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '
PREFIX_DEBIAN='%m [%p] %q%u@%d '

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Settings from the caller's environment must not redirect our clients.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^PG' || true)

[[ -x $PG_BIN/initdb && -x $PG_BIN/pgbench ]] ||
    die "PostgreSQL 15 not found in $PG_BIN (apt-get install -y postgresql-15 postgresql-contrib)"
[[ -f $("$PG_BIN/pg_config" --pkglibdir)/auto_explain.so ]] ||
    die "auto_explain is missing (apt-get install -y postgresql-contrib)"
command -v gzip >/dev/null 2>&1 || die "gzip is needed"

# ------------------------------------------------------------------ the server
WORK=$(mktemp -d /tmp/dbagent-digest-gen.XXXXXX)
DATA="$WORK/data"
SOCK="$WORK/sock"
LOGDIR="$WORK/log"
mkdir -p "$SOCK" "$LOGDIR"
chmod 0755 "$WORK"
if [[ $EUID -eq 0 ]]; then chown -R postgres: "$WORK"; fi

# Server programs run as `postgres` when we are root (initdb refuses root).
as_pg() {
    if [[ $EUID -eq 0 ]]; then (cd "$WORK" && runuser -u postgres -- "$@")
    else (cd "$WORK" && "$@"); fi
}

is_running() { [[ -f $DATA/postmaster.pid ]] && as_pg "$PG_BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

cleanup() {
    local rc=$?
    if is_running; then as_pg "$PG_BIN/pg_ctl" stop -D "$DATA" -m immediate -w -s >/dev/null 2>&1 || true; fi
    if [[ ${KEEP:-0} == 1 ]]; then say "kept $WORK"; else rm -rf -- "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() {
    [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]] && return 0
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
PORT=$FIRST_PORT
while port_in_use "$PORT"; do
    PORT=$((PORT + 1))
    ((PORT < FIRST_PORT + 100)) || die "no free port in $FIRST_PORT..$((FIRST_PORT + 99))"
done

as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C --auth=trust >"$WORK/initdb.log" 2>&1 ||
    { tail -n 20 "$WORK/initdb.log" >&2; die "initdb failed"; }

# Deterministic and quiet apart from what we ask for: no autovacuum, no
# parallel workers or JIT (plans and line counts stay the same run to run).
cat >>"$DATA/postgresql.conf" <<EOF

# ---- tests/digest/gen.sh
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
autovacuum = off
jit = off
max_parallel_workers_per_gather = 0
timezone = 'UTC'
log_timezone = 'UTC'
lc_messages = 'C'
logging_collector = on
log_directory = '$LOGDIR'
log_destination = 'stderr,csvlog,jsonlog'
log_rotation_age = 0
log_rotation_size = 0
log_min_duration_statement = 0
include 'phase.conf'
EOF

# start_phase NAME PREFIX [SETTING...]: (re)start the server logging to
# $LOGDIR/NAME.log (.csv, .json) with that prefix and extra settings.
start_phase() {
    local name=$1 prefix=$2
    shift 2
    {
        echo "log_filename = '$name.log'"
        echo "log_line_prefix = '$prefix'"
        local s
        for s in "$@"; do echo "$s"; done
    } >"$DATA/phase.conf"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$DATA/phase.conf"; fi
    as_pg "$PG_BIN/pg_ctl" start -D "$DATA" -l "$WORK/pg_ctl.log" -w -t 60 -s ||
        { tail -n 20 "$WORK/pg_ctl.log" "$LOGDIR"/*.log >&2 2>/dev/null; die "the server did not start (phase $name)"; }
}

stop_phase() {
    as_pg "$PG_BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 -s || die "the server did not stop"
}

# psql over the unix socket; pass -v ON_ERROR_STOP=1 where errors are not intended.
psql_sock() { "$PG_BIN/psql" -X -q -h "$SOCK" -p "$PORT" -U postgres -d shop "$@"; }
# pgbench over TCP, so client=%h shows an address rather than [local].
pgbench_tcp() { pgbench_run -h 127.0.0.1 "$@"; }
pgbench_sock() { pgbench_run -h "$SOCK" "$@"; }
pgbench_run() {
    local err
    err=$(mktemp "$WORK/pgbench.XXXXXX")
    "$PG_BIN/pgbench" -p "$PORT" -U postgres -n "$@" shop >/dev/null 2>"$err" ||
        { sed 's/^/    /' "$err" >&2; die "pgbench $* failed"; }
}

# ------------------------------------------------------------------ setup
say "PostgreSQL on 127.0.0.1:$PORT, loading the shop schema"
start_phase setup "$PREFIX_DEFAULT" "log_min_duration_statement = -1"
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE shop"
psql_sock -v ON_ERROR_STOP=1 -o /dev/null -f "$SCHEMA_SQL"
# Small and deterministic: setseed() first, identity columns start at 1.
psql_sock -v ON_ERROR_STOP=1 -o /dev/null <<'EOF'
SET client_min_messages = warning;
SELECT setseed(0.42);
INSERT INTO users (email, name, status, profile, created_at, updated_at)
SELECT 'user' || g || '@example.com', 'User ' || g,
       CASE WHEN g % 50 = 0 THEN 'banned' WHEN g % 20 = 0 THEN 'inactive' ELSE 'active' END,
       CASE WHEN g % 5 <> 0 THEN jsonb_build_object('plan', (ARRAY['free', 'pro', 'team'])[1 + g % 3]) END,
       timestamptz '2024-01-01 00:00+00' + g * interval '1 hour',
       timestamptz '2024-01-01 00:00+00' + g * interval '1 hour'
FROM generate_series(1, 2000) g;
INSERT INTO teams (name) SELECT 'Team ' || g FROM generate_series(1, 20) g;
INSERT INTO user_teams (user_id, team_id) SELECT g, 1 + g % 20 FROM generate_series(1, 2000) g;
INSERT INTO products (sku, name, price, category)
SELECT 'SKU-' || lpad(g::text, 5, '0'), 'Product ' || g, round((1 + random() * 199)::numeric, 2),
       (ARRAY['books', 'garden', 'toys', 'tools'])[1 + g % 4]
FROM generate_series(1, 200) g;
INSERT INTO orders (user_id, status, total, created_at)
SELECT 1 + floor(power(random(), 2) * 2000)::int,
       (ARRAY['delivered', 'delivered', 'delivered', 'shipped', 'paid', 'cancelled']::order_status[])[1 + g % 6],
       0, timestamptz '2024-01-01 00:00+00' + g * interval '20 minutes'
FROM generate_series(1, 10000) g;
INSERT INTO order_items (order_id, product_id, quantity, unit_price)
SELECT o.id, 1 + floor(power(random(), 2) * 200)::int, 1 + (o.id + k) % 3, 10 + (o.id * k) % 90
FROM orders o, generate_series(1, 1 + o.id % 4) k;
UPDATE orders o SET total = s.t
FROM (SELECT order_id, sum(quantity * unit_price) AS t FROM order_items GROUP BY order_id) s
WHERE s.order_id = o.id;
EOF
"$PG_BIN/pgbench" -h "$SOCK" -p "$PORT" -U postgres -i -s 1 -q shop >/dev/null 2>&1 || die "pgbench -i failed"
psql_sock -v ON_ERROR_STOP=1 -c "VACUUM (ANALYZE)" -c "CHECKPOINT"
stop_phase

# The pgbench scripts of the shop workload.
cat >"$WORK/browse.sql" <<'EOF'
\set uid random(1, 2000)
SELECT id, email, name, status FROM users WHERE id = :uid;
SELECT id, status, total, created_at FROM orders WHERE user_id = :uid ORDER BY created_at DESC LIMIT 10;
EOF
cat >"$WORK/product.sql" <<'EOF'
\set pid random(1, 200)
SELECT id, sku, name, price FROM products WHERE id = :pid AND active;
SELECT p.name, sum(oi.quantity) AS sold FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.product_id = :pid GROUP BY p.name;
EOF
cat >"$WORK/checkout.sql" <<'EOF'
\set uid random(1, 2000)
\set pid random(1, 200)
\set qty random(1, 3)
BEGIN;
INSERT INTO orders (user_id, status, total, created_at) VALUES (:uid, 'pending', 0, '2024-07-01 00:00+00') RETURNING id \gset
INSERT INTO order_items (order_id, product_id, quantity, unit_price) SELECT :id, id, :qty, price FROM products WHERE id = :pid;
UPDATE orders SET total = (SELECT sum(quantity * unit_price) FROM order_items WHERE order_id = :id) WHERE id = :id;
COMMIT;
EOF
# Only for -M simple: the variable sits inside a string literal.
cat >"$WORK/search.sql" <<'EOF'
\set d random(1, 9)
SELECT id, name, price FROM products WHERE name LIKE 'Product :d%' ORDER BY name LIMIT 20;
EOF

# ------------------------------------------------------------------ (a) pg-default
say "phase pg-default"
start_phase pg-default "$PREFIX_DEFAULT"
PGAPPNAME=shop-web pgbench_sock -M simple -c 2 -t 150 --random-seed=11 \
    -f "$WORK/browse.sql@6" -f "$WORK/product.sql@3" -f "$WORK/checkout.sql@1" -f "$WORK/search.sql@1"
# One admin session: literals of every kind, IN lists of several lengths,
# comments, a transaction, errors, utility statements.
PGAPPNAME=shop-admin psql_sock -o /dev/null 2>/dev/null <<'EOF'
SET search_path = public;
SHOW work_mem;
SELECT id, email FROM users WHERE email = 'user7@example.com';
SELECT id, email FROM users WHERE email = 'o''brien@example.com';
SELECT id, email FROM users WHERE email = E'tab\there@example.com';
SELECT id, name FROM products WHERE name = 'Café Ünïcödé' OR sku = $$SKU-00001$$;
SELECT id, name FROM users WHERE id IN (1, 2, 3);
SELECT id, name FROM users WHERE id IN (4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
SELECT id, name FROM users WHERE id IN (14);
SELECT id, name FROM users WHERE id = ANY ('{15,16,17}'::bigint[]);
/* app=checkout, route=/cart */ SELECT count(*) FROM order_items WHERE order_id = 42;
SELECT count(*) FROM orders WHERE status = 'pending' -- trailing comment
;
SELECT -1.5e3 AS neg, 0x1F AS hex_is_a_syntax_error;
SELECT 1.5e3, -42, 3.14, true, NULL, interval '1 day', x'1F'::int;
SELECT id FROM orders WHERE created_at >= '2024-03-01' AND created_at < '2024-03-02' ORDER BY id;
SELECT u.id, u.email, count(o.id) AS orders FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.status = 'banned' GROUP BY u.id, u.email ORDER BY orders DESC LIMIT 5;
WITH recent AS (SELECT user_id, max(created_at) AS last FROM orders GROUP BY user_id) SELECT count(*) FROM recent WHERE last < '2024-02-01';
SELECT status, count(*), sum(total) FROM orders GROUP BY status ORDER BY status;
BEGIN;
UPDATE users SET updated_at = '2024-07-01 00:00+00' WHERE id = 99;
UPDATE users SET profile = jsonb_set(coalesce(profile, '{}'), '{plan}', '"pro"') WHERE id = 100;
DELETE FROM order_items WHERE id = -1;
COMMIT;
BEGIN;
INSERT INTO teams (name) VALUES ('Rollback team');
ROLLBACK;
SELECT * FROM no_such_table;
SELEC 1;
SELECT id FROM users WHERE email LIKE 'user1%' ORDER BY id LIMIT 3;
SELECT id FROM users WHERE email LIKE 'user2%' ORDER BY id LIMIT 3;
SELECT pg_sleep(0.05);
VACUUM (ANALYZE) teams;
EXPLAIN SELECT * FROM orders WHERE user_id = 5;
SELECT id, total FROM orders WHERE total > 100.00 AND status IN ('paid', 'shipped') ORDER BY total DESC LIMIT 3;
SELECT 'a semicolon; inside' AS s, 'a -- dash inside' AS t;
EOF
stop_phase

# ------------------------------------------------------------------ (b) pg-pgbadger, pg.csv, pg.json
say "phase pg-pgbadger"
start_phase pg-pgbadger "$PREFIX_PGBADGER" \
    "log_connections = on" "log_disconnections = on" "log_checkpoints = on" \
    "log_lock_waits = on" "log_temp_files = 0" "log_autovacuum_min_duration = 0"
# Prepared protocol: parse once per connection, then bind + execute with
# their parameters in DETAIL lines.
PGAPPNAME=pgbench pgbench_tcp -M prepared -c 2 -t 8 --random-seed=21
PGAPPNAME=pgbench pgbench_tcp -M prepared -c 1 -t 10 --random-seed=22 -b select-only
# Extended protocol with unnamed statements.
PGAPPNAME=shop-api pgbench_tcp -M extended -c 1 -t 10 --random-seed=23 -f "$WORK/browse.sql"
# Multi-line statements, SQL-level PREPARE/EXECUTE, a spilling sort, an error.
PGAPPNAME=reports psql_sock -o /dev/null 2>/dev/null <<'EOF'
SELECT u.id,
       u.email,
       count(o.id) AS orders,
       sum(o.total) AS spent
  FROM users u
  JOIN orders o ON o.user_id = u.id
 WHERE u.status = 'active'
   AND o.created_at >= '2024-03-01'
 GROUP BY u.id, u.email
 ORDER BY spent DESC
 LIMIT 10;
-- the top products of a month
SELECT p.category,
       p.name,
       sum(oi.quantity * oi.unit_price) AS revenue   -- before coupons
  FROM order_items oi
  JOIN products p ON p.id = oi.product_id
  JOIN orders o ON o.id = oi.order_id
 WHERE o.created_at BETWEEN '2024-02-01' AND '2024-02-29'
 GROUP BY p.category, p.name
 ORDER BY revenue DESC
 LIMIT 5;
SET work_mem = '64kB';
SELECT order_id, product_id, quantity
  FROM order_items
 ORDER BY unit_price DESC, product_id, order_id;
RESET work_mem;
PREPARE user_orders (bigint) AS
    SELECT id, total
      FROM orders
     WHERE user_id = $1;
EXECUTE user_orders(7);
EXECUTE user_orders(8);
EXECUTE user_orders(9);
DEALLOCATE user_orders;
SELECT id,
       email
  FROM users
 WHERE nonexistent_column = 1;
UPDATE orders
   SET note = 'gift
wrap please'
 WHERE id = 10;
EOF
stop_phase

# ------------------------------------------------------------------ (d) pg-n-plus-one
say "phase pg-n-plus-one"
start_phase pg-n-plus-one "$PREFIX_DEBIAN"
cat >"$WORK/other.sql" <<'EOF'
\set pid random(1, 200)
\sleep 10 ms
SELECT id, sku, name, price FROM products WHERE id = :pid;
\set uid random(1, 2000)
SELECT count(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.user_id = :uid;
EOF
PGAPPNAME=catalog pgbench_sock -M simple -c 2 -t 60 --random-seed=41 -f "$WORK/other.sql" &
bench_pid=$!
sleep 0.15
# The N+1: one session reads 20 user ids, then asks for each user's orders in
# turn, as an ORM's lazy loading does. The client thinks between queries.
coproc ORM { PGAPPNAME=orders-page "$PG_BIN/psql" -X -q -At -h "$SOCK" -p "$PORT" -U postgres -d shop; }
# shellcheck disable=SC2153  # ORM_PID is set by coproc; bash unsets it when the coprocess ends
orm_pid=$ORM_PID
echo "SELECT id FROM users WHERE status = 'active' ORDER BY created_at DESC LIMIT 20;" >&"${ORM[1]}"
ids=()
for ((i = 0; i < 20; i++)); do
    read -r -t 10 id <&"${ORM[0]}" || die "the N+1 session did not answer"
    ids+=("$id")
done
echo '\o /dev/null' >&"${ORM[1]}"
for id in "${ids[@]}"; do
    echo "SELECT * FROM orders WHERE user_id = $id;" >&"${ORM[1]}"
    sleep 0.01
done
echo '\q' >&"${ORM[1]}"
wait "$orm_pid" || die "the N+1 session failed"
wait "$bench_pid" || die "pgbench (other traffic) failed"
stop_phase

# ------------------------------------------------------------------ (e) pg-auto-explain
say "phase pg-auto-explain"
start_phase pg-auto-explain "$PREFIX_DEFAULT" \
    "shared_preload_libraries = 'auto_explain'" "auto_explain.log_min_duration = 0" \
    "auto_explain.log_analyze = on" "auto_explain.log_format = 'text'"
PGAPPNAME=shop-web pgbench_sock -M prepared -c 1 -t 4 --random-seed=51 -f "$WORK/browse.sql"
PGAPPNAME=shop-admin psql_sock -o /dev/null -v ON_ERROR_STOP=1 <<'EOF'
SELECT id, email FROM users WHERE email = 'user7@example.com';
SELECT id, status, total FROM orders WHERE user_id = 12 ORDER BY created_at DESC LIMIT 10;
SELECT count(*) FROM orders WHERE note IS NOT NULL;
SELECT u.email, count(*) FROM users u JOIN orders o ON o.user_id = u.id WHERE u.status = 'banned' GROUP BY u.email ORDER BY 2 DESC LIMIT 3;
SELECT p.category, sum(oi.quantity) FROM order_items oi JOIN products p ON p.id = oi.product_id GROUP BY p.category ORDER BY p.category;
SELECT * FROM orders WHERE created_at >= '2024-03-01' AND created_at < '2024-03-02';
UPDATE products SET price = price WHERE id = 3;
WITH top AS (SELECT user_id, count(*) AS n FROM orders GROUP BY user_id ORDER BY n DESC LIMIT 5) SELECT u.email, top.n FROM top JOIN users u ON u.id = top.user_id ORDER BY top.n DESC, u.email;
EOF
stop_phase

# ------------------------------------------------------------------ (e) pg-log-statement
say "phase pg-log-statement"
start_phase pg-log-statement "$PREFIX_DEBIAN" \
    "log_min_duration_statement = -1" "log_statement = 'all'" "log_duration = on"
PGAPPNAME=shop-web pgbench_sock -M simple -c 2 -t 15 --random-seed=61 \
    -f "$WORK/browse.sql@6" -f "$WORK/product.sql@3" -f "$WORK/checkout.sql@1"
PGAPPNAME=pgbench pgbench_tcp -M prepared -c 2 -t 4 --random-seed=62
PGAPPNAME=shop-admin psql_sock -o /dev/null 2>/dev/null <<'EOF'
SELECT id, email FROM users WHERE email = 'user7@example.com';
SELECT id,
       total
  FROM orders
 WHERE user_id = 12;
SELEC broken;
BEGIN;
UPDATE users SET updated_at = '2024-07-01 00:00+00' WHERE id = 99;
COMMIT;
PREPARE p1 (int) AS SELECT name FROM products WHERE id = $1;
EXECUTE p1(5);
EOF
stop_phase

# ------------------------------------------------------------------ checks
# count FILE REGEX: lines matching an extended regex.
count() { grep -cE "$2" "$1" || true; }
L=$LOGDIR
# expect NAME WHAT GOT WANT
expect() { [[ $3 == "$4" ]] || die "$1: $2 is $3, expected $4"; }

# The counts tests/digest/logs/README.md promises. pgbench -t counts
# transactions per client; with --random-seed its script choices repeat.
n=$(count "$L/pg-default.log" 'LOG:  duration: .* ms  statement: ')
expect pg-default.log "statements" "$n" 696
n=$(count "$L/pg-default.log" ' ERROR:  ')
expect pg-default.log "errors" "$n" 3
n=$(count "$L/pg-pgbadger.log" 'LOG:  duration: .* ms  execute P_[0-9]+: ')
expect pg-pgbadger.log "prepared executes" "$n" $((2 * 8 * 7 + 10))
n=$(count "$L/pg-pgbadger.log" 'LOG:  duration: .* ms  execute <unnamed>: ')
expect pg-pgbadger.log "unnamed executes" "$n" 20
n=$(count "$L/pg-pgbadger.log" 'LOG:  duration: .* ms  statement: ')
expect pg-pgbadger.log "simple statements" "$n" 15
n=$(count "$L/pg-pgbadger.log" 'LOG:  temporary file: ')
((n >= 1)) || die "pg-pgbadger.log: the sort did not spill"
n=$(count "$L/pg-n-plus-one.log" 'LOG:  duration: .* ms  statement: ')
expect pg-n-plus-one.log "statements" "$n" 261
n=$(count "$L/pg-n-plus-one.log" 'statement: SELECT \* FROM orders WHERE user_id = ')
expect pg-n-plus-one.log "child queries" "$n" 20
n=$(count "$L/pg-n-plus-one.log" "statement: SELECT id FROM users WHERE status = 'active'")
expect pg-n-plus-one.log "parent queries" "$n" 1
# The other sessions' traffic must land between the first and the last child.
orm_pid=$(grep -m1 'statement: SELECT \* FROM orders WHERE user_id' "$L/pg-n-plus-one.log" | sed -E 's/^[^[]*\[([0-9]+)\].*/\1/')
between=$(awk -v p="[$orm_pid]" '
    /statement: SELECT \* FROM orders WHERE user_id/ { seen++; next }
    seen > 0 && seen < 20 && /statement: / && index($0, p) == 0 { n++ }
    END { print n + 0 }' "$L/pg-n-plus-one.log")
((between >= 3)) || die "pg-n-plus-one.log: only $between other statements interleaved with the N+1 loop"
n=$(count "$L/pg-auto-explain.log" 'LOG:  duration: .* ms  plan:')
expect pg-auto-explain.log "plans" "$n" 16
n=$(count "$L/pg-log-statement.log" 'LOG:  statement: ')
expect pg-log-statement.log "statement entries" "$n" 78
n=$(count "$L/pg-log-statement.log" 'LOG:  execute [^:]*: ')
expect pg-log-statement.log "execute entries" "$n" 56

# ------------------------------------------------------------------ into place
mkdir -p "$OUT"
for name in pg-default pg-pgbadger pg-n-plus-one pg-auto-explain pg-log-statement; do
    cp "$L/$name.log" "$OUT/$name.log"
done
cp "$L/pg-pgbadger.csv" "$OUT/pg.csv"
cp "$L/pg-pgbadger.json" "$OUT/pg.json"
gzip -9nc "$OUT/pg-default.log" >"$OUT/pg-default.log.gz"
gz_bytes=$(stat -c %s "$OUT/pg-default.log.gz")
head -c $((gz_bytes / 2)) "$OUT/pg-default.log.gz" >"$OUT/pg-default-truncated.log.gz"
# The server wrote its logs 0600; the checked-in copies are ordinary files.
chmod 0644 "$OUT"/pg-*.log "$OUT"/pg.csv "$OUT"/pg.json "$OUT"/pg-*.gz

for f in pg-default.log pg-pgbadger.log pg.csv pg.json pg-n-plus-one.log pg-auto-explain.log \
         pg-log-statement.log pg-default.log.gz pg-default-truncated.log.gz; do
    bytes=$(stat -c %s "$OUT/$f")
    ((bytes < MAX_BYTES)) || die "$f is $bytes bytes (limit $MAX_BYTES): shrink its workload"
    printf '  %-28s %7d bytes %6d lines\n' "$f" "$bytes" "$(zcat -f "$OUT/$f" 2>/dev/null | wc -l)"
done
say "done: logs in ${OUT#"$ROOT"/}"
