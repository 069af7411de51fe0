#!/usr/bin/env bash
# Throughput and memory benchmark for `dbagent digest` against pgBadger and
# pt-query-digest, on genuine logs.
#
# The logs (made once, cached in build/bench-digest/, reused while their recipe
# is unchanged; about 5 minutes on 2 cores):
#
#   pg.log     >= PG_MB MB of PostgreSQL 15 stderr log with pgBadger's
#              recommended prefix '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '
#              and log_min_duration_statement = 0 (plus log_connections,
#              log_disconnections, log_checkpoints, log_lock_waits,
#              log_temp_files = 0, log_autovacuum_min_duration = 0), from a
#              private server (initdb in a temp dir, 127.0.0.1, a free port from
#              55480) under rounds of pgbench, 4 clients each: builtin tpcb-like
#              with -M simple and -M prepared, and the shop workload of
#              examples/shop/schema.sql (browse, product, checkout, search and an
#              N+1 loop: one parent query, then 20 child queries one per row)
#              with -M simple and -M prepared.
#   slow.log   >= MY_MB MB of MariaDB slow log (long_query_time = 0) from a
#              private mariadbd (temp dir, 127.0.0.1, a free port from 55580)
#              under `sysbench oltp_read_write --tables=4 --threads=4`.
#
# Then, on those files in one run, interleaved (dbagent and wc RUNS times, the
# peers PEER_RUNS times: pgBadger takes minutes on 300 MB, so by default once):
#
#   wc -l FILE                                         (reading the file, for scale)
#   dbagent digest pg.log --jobs 1|2 --prefix P --format json -o OUT
#   pgbadger -j 1|2 --prefix P -f stderr -x json -o OUT pg.log
#   dbagent digest slow.log --jobs 1|2 --format json -o OUT
#   pt-query-digest --output json --limit 20 slow.log
#
# and prints medians of wall time, MB/s (MB = 10^6 bytes), statements/s (the
# statements in the file, counted when it was made: PostgreSQL `duration: …
# statement:` and `execute` entries, MariaDB `# Query_time:` entries), peak RSS
# (GNU time %M: for pgbadger -j 2, which forks, the largest single process, not
# the sum), CPU seconds (user + sys), and the ratios dbagent/pgbadger -j 1,
# dbagent/pgbadger -j 2 and dbagent/pt-query-digest. Not pinned to a core: the
# -j 2 runs need two.
#
# Measured here (2 cores shared with other work, load average 4-5): pgBadger
# 12.0 -j 1 1.6 MB/s, -j 2 2.5 MB/s, 31 MB peak RSS; pt-query-digest 3.2.1
# 2.8 MB/s, 30 MB; a run with the logs cached took 7 minutes, making them 5.5.
#
# What is not alike: pgBadger also builds its connection, session, checkpoint,
# temp-file, error and per-minute reports, and pt-query-digest its per-class
# histograms; nothing of theirs is disabled. Both write JSON (pgbadger -x json,
# pt-query-digest --output json), like dbagent here, so no HTML or text layout
# is timed; their JSON is also what the agreement check reads.
#
# Agreement: the 10 query shapes with the most total time, by dbagent and by the
# peer, are compared (see shape_key below for how texts are matched).
#
# Until `dbagent digest` exists the script stops with a clear error after the
# logs are made; PEERS_ONLY=1 runs and reports the peers alone.
#
# Usage: bench/digest.sh            (from anywhere; works relative to the repo root)
# Env:   PG_MB       size of pg.log to make, in MB (default 300)
#        MY_MB       size of slow.log to make, in MB (default 200)
#        RUNS        runs of dbagent and wc, median reported (default 3)
#        PEER_RUNS   runs of pgbadger and pt-query-digest, median (default 1)
#        PEERS_ONLY  1: skip dbagent (for checking the peers and the logs)
#        CACHE       where the logs live (default build/bench-digest)
#        DBAGENT     the binary under test (default build/dbagent, made if missing)
#
# Needs PostgreSQL 15 with pgbench (Debian postgresql-15), and installs when
# missing: pgbadger, percona-toolkit, mariadb-server, sysbench, time.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_MB=${PG_MB:-300}
MY_MB=${MY_MB:-200}
RUNS=${RUNS:-3}
PEER_RUNS=${PEER_RUNS:-1}
PEERS_ONLY=${PEERS_ONLY:-0}
CACHE=${CACHE:-build/bench-digest}
DBAGENT=${DBAGENT:-build/dbagent}
PG_BIN=${DBAGENT_PG_BIN:-/usr/lib/postgresql/15/bin}
PREFIX='%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '
ROUND_S=15   # seconds per pgbench / sysbench step while making the logs
prog=digest.sh
export PATH="$PATH:/usr/sbin:/sbin"

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

[[ $PG_MB =~ ^[1-9][0-9]*$ ]] || die "PG_MB must be a positive integer"
[[ $MY_MB =~ ^[1-9][0-9]*$ ]] || die "MY_MB must be a positive integer"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $PEER_RUNS =~ ^[1-9][0-9]*$ ]] || die "PEER_RUNS must be a positive integer"

# Settings from the caller's environment must not redirect our clients.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^PG[A-Z]' || true)

# ------------------------------------------------------------------ tools
[[ -x $PG_BIN/initdb && -x $PG_BIN/pgbench ]] ||
    die "PostgreSQL 15 not found in $PG_BIN (apt-get install -y postgresql-15)"
require_tools time pgbadger sysbench python3
require_from percona-toolkit pt-query-digest
require_from mariadb-server mariadbd mariadb-install-db mariadb mariadb-admin
pgbadger_version=$(pgbadger --version 2>/dev/null | awk '{ print $NF }')
pt_version=$(pt-query-digest --version 2>/dev/null | awk '{ print $NF }')

mkdir -p "$CACHE"
tmp=$(mktemp -d /tmp/dbagent-bench-digest.XXXXXX)
chmod 0755 "$tmp"
PG_DATA="$tmp/pg/data"
MY_DIR="$tmp/my"

stop_servers() {
    if [[ -f $PG_DATA/postmaster.pid ]]; then
        as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -s >/dev/null 2>&1 || true
    fi
    if [[ -f $MY_DIR/mariadbd.pid ]]; then
        local pid
        pid=$(cat "$MY_DIR/mariadbd.pid" 2>/dev/null || true)
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
}
cleanup() {
    local rc=$?
    stop_servers
    rm -rf -- "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Server programs run as `postgres` when we are root (initdb refuses root).
as_pg() {
    if [[ $EUID -eq 0 ]]; then (cd "$tmp" && runuser -u postgres -- "$@")
    else (cd "$tmp" && "$@"); fi
}

port_in_use() {
    [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]] && return 0
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
free_port() {
    local p
    for ((p = $1; p < $1 + 100; p++)); do
        port_in_use "$p" || { echo "$p"; return 0; }
    done
    die "no free port in $1..$(($1 + 99))"
}

bytes_of() { stat -c %s "$1" 2>/dev/null || echo 0; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# A cached log is reused when its .meta names the same recipe. Bump the
# version when the generation below changes.
PG_RECIPE="pg-v1 mb=$PG_MB prefix=$PREFIX"
MY_RECIPE="my-v1 mb=$MY_MB"
cached() {  # NAME RECIPE
    [[ -f $CACHE/$1 && -f $CACHE/$1.meta ]] &&
        [[ $(sed -n 's/^recipe=//p' "$CACHE/$1.meta") == "$2" ]] &&
        [[ $(sed -n 's/^bytes=//p' "$CACHE/$1.meta") == "$(bytes_of "$CACHE/$1")" ]]
}
meta() { sed -n "s/^$2=//p" "$CACHE/$1.meta"; }

# ------------------------------------------------------------------ pg.log
gen_pg() {
    local port sock="$tmp/pg/sock" logdir="$tmp/pg/log" target=$((PG_MB * 1000000)) t0=$SECONDS
    port=$(free_port 55480)
    mkdir -p "$sock" "$logdir"
    if [[ $EUID -eq 0 ]]; then chown -R postgres: "$tmp/pg"; fi
    say "making pg.log (>= $PG_MB MB): PostgreSQL on 127.0.0.1:$port"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C --auth=trust >"$tmp/initdb.log" 2>&1 ||
        { tail -n 20 "$tmp/initdb.log" >&2; die "initdb failed"; }
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# ---- bench/digest.sh: pgBadger's recommended logging
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 50
shared_buffers = '256MB'
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = '4GB'
jit = off
lc_messages = 'C'
log_timezone = 'UTC'
logging_collector = on
log_destination = 'stderr'
log_directory = '$logdir'
log_filename = 'pg.log'
log_rotation_age = 0
log_rotation_size = 0
log_line_prefix = '$PREFIX'
log_min_duration_statement = 0
log_checkpoints = on
log_connections = on
log_disconnections = on
log_lock_waits = on
log_temp_files = 0
log_autovacuum_min_duration = 0
EOF
    as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$tmp/pg/pg_ctl.log" -w -t 60 -s ||
        { tail -n 20 "$tmp/pg/pg_ctl.log" >&2; die "PostgreSQL did not start"; }

    # Setup is not logged: the superuser turns statement logging off for its own sessions.
    local quiet='-c log_min_duration_statement=-1 -c client_min_messages=warning'
    local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres)
    PGOPTIONS=$quiet "${psql[@]}" -d postgres -c "CREATE DATABASE bench"
    PGOPTIONS=$quiet "${psql[@]}" -d bench -o /dev/null -f examples/shop/schema.sql
    PGOPTIONS=$quiet "${psql[@]}" -d bench -o /dev/null <<'EOF'
SELECT setseed(0.42);
INSERT INTO users (email, name, status, created_at, updated_at)
SELECT 'user' || g || '@example.com', 'User ' || g,
       CASE WHEN g % 50 = 0 THEN 'banned' WHEN g % 20 = 0 THEN 'inactive' ELSE 'active' END,
       timestamptz '2024-01-01 00:00+00' + g * interval '1 minute',
       timestamptz '2024-01-01 00:00+00' + g * interval '1 minute'
FROM generate_series(1, 10000) g;
INSERT INTO products (sku, name, price, category)
SELECT 'SKU-' || lpad(g::text, 5, '0'), 'Product ' || g, round((1 + random() * 199)::numeric, 2),
       (ARRAY['books', 'garden', 'toys', 'tools'])[1 + g % 4]
FROM generate_series(1, 1000) g;
INSERT INTO orders (user_id, total, created_at)
SELECT 1 + floor(power(random(), 2) * 10000)::int, 0, timestamptz '2024-01-01 00:00+00' + g * interval '1 minute'
FROM generate_series(1, 100000) g;
INSERT INTO order_items (order_id, product_id, quantity, unit_price)
SELECT o.id, 1 + floor(power(random(), 2) * 1000)::int, 1 + (o.id + k) % 3, 10 + (o.id * k) % 90
FROM orders o, generate_series(1, 1 + o.id % 4) k;
CREATE INDEX ON orders (user_id);
CREATE INDEX ON order_items (product_id);
VACUUM ANALYZE;
EOF
    PGOPTIONS=$quiet "$PG_BIN/pgbench" -h "$sock" -p "$port" -U postgres -i -s 10 -q bench >/dev/null 2>&1 ||
        die "pgbench -i failed"

    # The shop workload (pgbench scripts).
    local w="$tmp/pg/w"
    mkdir -p "$w"
    cat >"$w/browse.sql" <<'EOF'
\set uid random(1, 10000)
SELECT id, email, name, status FROM users WHERE id = :uid;
SELECT id, status, total, created_at FROM orders WHERE user_id = :uid ORDER BY created_at DESC LIMIT 10;
EOF
    cat >"$w/product.sql" <<'EOF'
\set pid random(1, 1000)
SELECT id, sku, name, price FROM products WHERE id = :pid AND active;
SELECT count(*) AS lines, sum(quantity) AS sold FROM order_items WHERE product_id = :pid;
EOF
    cat >"$w/checkout.sql" <<'EOF'
\set uid random(1, 10000)
\set pid random(1, 1000)
\set qty random(1, 3)
BEGIN;
INSERT INTO orders (user_id, status, total) VALUES (:uid, 'pending', 0) RETURNING id \gset
INSERT INTO order_items (order_id, product_id, quantity, unit_price) SELECT :id, id, :qty, price FROM products WHERE id = :pid;
UPDATE orders SET total = (SELECT sum(quantity * unit_price) FROM order_items WHERE order_id = :id) WHERE id = :id;
COMMIT;
EOF
    cat >"$w/search.sql" <<'EOF'
\set d random(1, 9)
SELECT id, name, price FROM products WHERE name LIKE 'Product :d%' ORDER BY name LIMIT 20;
EOF
    # The N+1: the parent reads 20 consecutive user ids (ids are dense), then
    # one query per user, as lazy loading does.
    {
        echo '\set u random(1, 9980)'
        echo 'SELECT id FROM users WHERE id >= :u ORDER BY id LIMIT 20;'
        for ((i = 0; i < 20; i++)); do
            echo 'SELECT * FROM orders WHERE user_id = :u;'
            echo '\set u :u + 1'
        done
    } >"$w/nplus1.sql"

    local bench=("$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c 4 -j 2 -T "$ROUND_S")
    local shop=(-f "$w/browse.sql@6" -f "$w/product.sql@3" -f "$w/checkout.sql@1" -f "$w/nplus1.sql@1")
    local steps=(
        "tpcb-simple:-M simple -b tpcb-like"
        "tpcb-prepared:-M prepared -b tpcb-like"
        "shop-simple:-M simple -f $w/search.sql@1"
        "shop-prepared:-M prepared"
    )
    local round=0 step name args
    while (($(bytes_of "$logdir/pg.log") < target)); do
        round=$((round + 1))
        ((round <= 20)) || die "pg.log still under $PG_MB MB after 20 rounds"
        for step in "${steps[@]}"; do
            name=${step%%:*}
            read -r -a args <<<"${step#*:}"
            if [[ $name == shop-* ]]; then args+=("${shop[@]}"); fi
            PGAPPNAME=$name "${bench[@]}" "${args[@]}" bench >"$tmp/pgbench.out" 2>&1 ||
                { tail -n 20 "$tmp/pgbench.out" >&2; die "pgbench ($name) failed"; }
            say "  round $round $name: pg.log $(mb "$(bytes_of "$logdir/pg.log")") MB"
            (($(bytes_of "$logdir/pg.log") < target)) || break
        done
    done
    as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 120 -s || die "PostgreSQL did not stop"

    local bytes statements
    bytes=$(bytes_of "$logdir/pg.log")
    statements=$(grep -cE 'LOG:  duration: [0-9.]+ ms  (statement|execute [^:]*): ' "$logdir/pg.log" || true)
    mv "$logdir/pg.log" "$CACHE/pg.log.tmp"
    chmod 0644 "$CACHE/pg.log.tmp"
    mv "$CACHE/pg.log.tmp" "$CACHE/pg.log"
    printf 'recipe=%s\nbytes=%s\nstatements=%s\nlines=%s\nmade_s=%s\nserver=%s\n' \
        "$PG_RECIPE" "$bytes" "$statements" "$(wc -l <"$CACHE/pg.log")" "$((SECONDS - t0))" \
        "$("$PG_BIN/postgres" --version)" >"$CACHE/pg.log.meta"
    rm -rf -- "$tmp/pg"
    say "pg.log: $(mb "$bytes") MB, $statements statements, $((SECONDS - t0)) s"
}

# ------------------------------------------------------------------ slow.log
gen_my() {
    local port sock="$MY_DIR/mariadbd.sock" slow="$MY_DIR/slow.log" target=$((MY_MB * 1000000)) t0=$SECONDS
    port=$(free_port 55580)
    mkdir -p "$MY_DIR"
    say "making slow.log (>= $MY_MB MB): MariaDB on 127.0.0.1:$port"
    local user=mysql
    [[ $EUID -eq 0 ]] || user=$(id -un)
    if [[ $EUID -eq 0 ]]; then chown "$user": "$MY_DIR"; fi
    mariadb-install-db --no-defaults --datadir="$MY_DIR/data" --user="$user" \
        --auth-root-authentication-method=normal --skip-test-db >"$MY_DIR/install.log" 2>&1 ||
        { tail -n 20 "$MY_DIR/install.log" >&2; die "mariadb-install-db failed"; }
    # The slow log starts off: sysbench's prepare step (bulk inserts) is not part
    # of the workload.
    mariadbd --no-defaults --datadir="$MY_DIR/data" --user="$user" --socket="$sock" --port="$port" \
        --bind-address=127.0.0.1 --pid-file="$MY_DIR/mariadbd.pid" --log-error="$MY_DIR/error.log" \
        --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=0 --innodb-log-file-size=256M \
        --skip-log-bin --max-connections=50 \
        --slow-query-log=0 --long-query-time=0 --slow-query-log-file="$slow" >/dev/null 2>&1 &
    local i
    for ((i = 0; i < 120; i++)); do
        mariadb-admin --no-defaults -S "$sock" -u root ping >/dev/null 2>&1 && break
        sleep 0.5
    done
    ((i < 120)) || { tail -n 20 "$MY_DIR/error.log" >&2; die "mariadbd did not start"; }
    local my=(mariadb --no-defaults -S "$sock" -u root)
    "${my[@]}" -e "CREATE DATABASE sbtest"
    local sb=(sysbench oltp_read_write --db-driver=mysql --mysql-socket="$sock" --mysql-user=root
              --mysql-db=sbtest --tables=4 --table-size=100000)
    "${sb[@]}" --threads=2 prepare >"$MY_DIR/sysbench.out" 2>&1 ||
        { tail -n 20 "$MY_DIR/sysbench.out" >&2; die "sysbench prepare failed"; }
    "${my[@]}" -e "SET GLOBAL slow_query_log = 1"
    local round=0
    while (($(bytes_of "$slow") < target)); do
        round=$((round + 1))
        ((round <= 40)) || die "slow.log still under $MY_MB MB after 40 rounds"
        "${sb[@]}" --threads=4 --time="$ROUND_S" --rand-seed="$round" run >"$MY_DIR/sysbench.out" 2>&1 ||
            { tail -n 20 "$MY_DIR/sysbench.out" >&2; die "sysbench run failed"; }
        say "  round $round oltp_read_write: slow.log $(mb "$(bytes_of "$slow")") MB"
    done
    "${my[@]}" -e "SET GLOBAL slow_query_log = 0"
    mariadb-admin --no-defaults -S "$sock" -u root shutdown >/dev/null 2>&1 || true
    stop_servers

    local bytes statements
    bytes=$(bytes_of "$slow")
    statements=$(grep -c '^# Query_time: ' "$slow" || true)
    mv "$slow" "$CACHE/slow.log.tmp"
    chmod 0644 "$CACHE/slow.log.tmp"
    mv "$CACHE/slow.log.tmp" "$CACHE/slow.log"
    printf 'recipe=%s\nbytes=%s\nstatements=%s\nlines=%s\nmade_s=%s\nserver=%s\n' \
        "$MY_RECIPE" "$bytes" "$statements" "$(wc -l <"$CACHE/slow.log")" "$((SECONDS - t0))" \
        "$(mariadbd --version | sed 's/^.*Ver //')" >"$CACHE/slow.log.meta"
    rm -rf -- "$MY_DIR"
    say "slow.log: $(mb "$bytes") MB, $statements statements, $((SECONDS - t0)) s"
}

cached pg.log "$PG_RECIPE" || gen_pg
cached slow.log "$MY_RECIPE" || gen_my
PG_LOG="$CACHE/pg.log"
MY_LOG="$CACHE/slow.log"
pg_bytes=$(meta pg.log bytes)
pg_stmts=$(meta pg.log statements)
my_bytes=$(meta slow.log bytes)
my_stmts=$(meta slow.log statements)

# ------------------------------------------------------------------ dbagent check
# dbagent must digest a small genuine log before we time it on the big ones.
dbagent_ok=0
if [[ $PEERS_ONLY != 1 ]]; then
    [[ -x $DBAGENT ]] || make -s "$DBAGENT" || die "could not build $DBAGENT"
    small=tests/digest/logs/pg-pgbadger.log
    if ! "$DBAGENT" digest "$small" --prefix "$PREFIX" --format json -o "$tmp/small.json" \
            >"$tmp/small.out" 2>"$tmp/small.err"; then
        sed 's/^/    /' "$tmp/small.err" | head -n 20 >&2
        die "'$DBAGENT digest $small' failed: is 'dbagent digest' implemented? (PEERS_ONLY=1 runs the peers alone)"
    fi
    python3 - "$tmp/small.json" <<'EOF' || die "'dbagent digest' wrote no workload.queries for $small"
import json, sys
w = json.load(open(sys.argv[1]))["workload"]
assert w["queries"] and w["summary"]["queries"] > 0
EOF
    dbagent_ok=1
fi

# ------------------------------------------------------------------ runs
# run NAME CMD...: one timed run, appends "wall_s rss_kb cpu_s" to $tmp/NAME.txt;
# stdout goes to $tmp/NAME.out.
run() {
    local name=$1 t0 t1 rc=0
    shift
    t0=$(date +%s%N)
    /usr/bin/time -f '%M %U %S' -o "$tmp/time.txt" "$@" >"$tmp/$name.out" 2>"$tmp/err.txt" || rc=$?
    t1=$(date +%s%N)
    if ((rc != 0)); then
        sed 's/^/    /' "$tmp/err.txt" | head -n 20 >&2
        die "'$*' failed (exit $rc)"
    fi
    echo "$((t1 - t0)) $(tail -n 1 "$tmp/time.txt")" |
        awk '{ printf "%.4f %d %.2f\n", $1 / 1e9, $2, $3 + $4 }' >>"$tmp/$name.txt"
}

pgb=(pgbadger --prefix "$PREFIX" -f stderr -x json -q)
pt=(pt-query-digest --output json --limit 20)
names=(wc_pg wc_my pgbadger_j1 pgbadger_j2 pt)
((dbagent_ok)) && names+=(dbagent_pg_j1 dbagent_pg_j2 dbagent_my_j1 dbagent_my_j2)
for n in "${names[@]}"; do : >"$tmp/$n.txt"; done

cat "$PG_LOG" "$MY_LOG" >/dev/null   # warm the page cache: measure parsing, not the disk
load0=$(cut -d' ' -f1 /proc/loadavg)
for ((i = 1; i <= RUNS || i <= PEER_RUNS; i++)); do
    say "run $i"
    if ((i <= RUNS)); then
        run wc_pg wc -l "$PG_LOG"
        run wc_my wc -l "$MY_LOG"
    fi
    if ((dbagent_ok && i <= RUNS)); then
        run dbagent_pg_j1 "$DBAGENT" digest "$PG_LOG" --jobs 1 --prefix "$PREFIX" --format json -o "$tmp/dbagent_pg.json"
        run dbagent_pg_j2 "$DBAGENT" digest "$PG_LOG" --jobs 2 --prefix "$PREFIX" --format json -o "$tmp/dbagent_pg_j2.json"
    fi
    if ((i <= PEER_RUNS)); then
        run pgbadger_j1 "${pgb[@]}" -j 1 -o "$tmp/pgbadger.json" "$PG_LOG"
        run pgbadger_j2 "${pgb[@]}" -j 2 -o "$tmp/pgbadger_j2.json" "$PG_LOG"
    fi
    if ((dbagent_ok && i <= RUNS)); then
        run dbagent_my_j1 "$DBAGENT" digest "$MY_LOG" --jobs 1 --format json -o "$tmp/dbagent_my.json"
        run dbagent_my_j2 "$DBAGENT" digest "$MY_LOG" --jobs 2 --format json -o "$tmp/dbagent_my_j2.json"
    fi
    ((i > PEER_RUNS)) || run pt "${pt[@]}" "$MY_LOG"
done
cp "$tmp/pt.out" "$tmp/pt.json"

median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
col() { awk -v c="$1" '{ print $c }' "$tmp/$2.txt" | median; }
declare -A wall rss cpu
for n in "${names[@]}"; do
    wall[$n]=$(col 1 "$n")
    rss[$n]=$(col 2 "$n")
    cpu[$n]=$(col 3 "$n")
done

# ------------------------------------------------------------------ agreement
# shape_key: how two tools' texts for one query shape are matched. Each tool
# normalizes differently (pgBadger lowercases and writes ?, pt-query-digest also
# turns digits inside names into ? (sbtest1 -> sbtest?), dbagent keeps its own
# placeholders), so the key keeps only the words: lowercased, string literals
# dropped, then every run of letters and underscores, digits removed. Keywords,
# table and column names survive; literals, placeholders, operators and
# punctuation do not. Shapes that collapse to one key (e.g. sbtest1..4) are
# summed on both sides, then the 10 keys with the most total time are compared:
# how many of each tool's top 10 the other's top 10 holds, whether the order is
# the same, and for the shared keys whether the call counts are equal.
# (A crude comparator for a benchmark, not SQL handling: dbagent never does this.)
read -r -d '' AGREE <<'PYEOF' || true
import json, re, sys

def shape_key(text):
    t = re.sub(r"'(?:[^']|'')*'", " ", text.lower())
    return " ".join(re.findall(r"[a-z_]+", re.sub(r"[0-9]", "", t)))

def add(acc, text, calls, ms):
    k = shape_key(text)
    c, m = acc.get(k, (0, 0.0))
    acc[k] = (c + int(calls), m + float(ms))

def dbagent(path):
    acc = {}
    for q in json.load(open(path))["workload"]["queries"]:
        add(acc, q.get("query") or q.get("example") or "", q["calls"], q["total_ms"])
    return acc

def pgbadger(path):
    acc = {}
    for per_db in json.load(open(path))["normalyzed_info"].values():
        for text, q in per_db.items():
            add(acc, text, q["count"], q["duration"])
    return acc

def ptqd(path):
    acc = {}
    for c in json.load(open(path))["classes"]:
        add(acc, c["fingerprint"], c["query_count"], float(c["metrics"]["Query_time"]["sum"]) * 1000)
    return acc

def top(acc, n=10):
    return [k for k, _ in sorted(acc.items(), key=lambda kv: (-kv[1][1], kv[0]))[:n]]

mine = dbagent(sys.argv[1])
peer = {"pgbadger": pgbadger, "pt": ptqd}[sys.argv[2]](sys.argv[3])
a, b = top(mine), top(peer)
shared = [k for k in a if k in b]
same_calls = sum(1 for k in shared if mine[k][0] == peer[k][0])
print("%d/10 shared, same order: %s, equal calls: %d/%d" % (
    len(shared), "yes" if a == b else "no", same_calls, len(shared)))
for k in shared:
    if mine[k][0] != peer[k][0]:
        print("    calls differ: %-70.70s dbagent %d, peer %d" % (k, mine[k][0], peer[k][0]))
if a != b and len(sys.argv) > 4:
    for i in range(10):
        x = a[i] if i < len(a) else ""
        y = b[i] if i < len(b) else ""
        print("    %2d  dbagent: %-60.60s  peer: %-60.60s" % (i + 1, x, y))
PYEOF

# The peers' own top 10 (their JSON must parse and hold the big shapes).
read -r -d '' PEERTOP <<'PYEOF' || true
import json, sys
kind, path = sys.argv[1], sys.argv[2]
d = json.load(open(path))
if kind == "pgbadger":
    rows = [(q["duration"], q["count"], t) for per_db in d["normalyzed_info"].values() for t, q in per_db.items()]
    total = sum(int(q) for q in d["overall_stat"]["queries_number"].values()) \
        if isinstance(d["overall_stat"]["queries_number"], dict) else d["overall_stat"]["queries_number"]
else:
    rows = [(float(c["metrics"]["Query_time"]["sum"]) * 1000, c["query_count"], c["fingerprint"]) for c in d["classes"]]
    total = d["global"]["query_count"]
rows.sort(key=lambda r: -r[0])
print("statements counted: %s, shapes listed: %d" % (total, len(rows)))
for ms, n, t in rows[:10]:
    print("    %12.1f ms %9d  %.90s" % (ms, n, " ".join(t.split())))
PYEOF

# ------------------------------------------------------------------ report
line() {  # label bytes statements name
    awk -v l="$1" -v b="$2" -v n="$3" -v t="${wall[$4]}" -v r="${rss[$4]}" -v c="${cpu[$4]}" 'BEGIN {
        s = (t > 0 && n > 0) ? sprintf("%.0f", n / t) : "-"
        printf "  %-34s %9.2f %9.2f %9.1f %13s %12.1f\n", l, t, c, (t > 0 ? b / 1e6 / t : 0), s, r / 1024 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }'; }  # wall_a wall_b -> speedup of a

echo "dbagent digest vs pgBadger and pt-query-digest"
printf '  %-10s %s\n' "pg.log" "$(mb "$pg_bytes") MB, $pg_stmts statements, $(meta pg.log lines) lines; $(meta pg.log server); prefix '$PREFIX'"
printf '  %-10s %s\n' "slow.log" "$(mb "$my_bytes") MB, $my_stmts statements, $(meta slow.log lines) lines; MariaDB $(meta slow.log server | awk '{ print $1 }'), sysbench oltp_read_write"
printf '  %-10s %s\n' "peers" "pgBadger $pgbadger_version (-x json), pt-query-digest $pt_version (--output json)"
printf '  %-10s %s\n' "runs" "dbagent and wc $RUNS, peers $PEER_RUNS, interleaved, medians; not pinned"
printf '  %-10s %s\n' "load" "1-min load average $load0 before the runs, $(cut -d' ' -f1 /proc/loadavg) after, on $(nproc) cores"
printf '  %-10s %s\n' "" "(MB/s and statements/s are per wall second; cpu s = user + sys, steadier when others load the machine)"
echo
printf "  %-34s %9s %9s %9s %13s %12s\n" "command" "wall s" "cpu s" "MB/s" "statements/s" "peak RSS MB"
line "wc -l pg.log" "$pg_bytes" 0 wc_pg
if ((dbagent_ok)); then
    line "dbagent digest pg.log --jobs 1" "$pg_bytes" "$pg_stmts" dbagent_pg_j1
    line "dbagent digest pg.log --jobs 2" "$pg_bytes" "$pg_stmts" dbagent_pg_j2
fi
line "pgbadger -j 1 pg.log" "$pg_bytes" "$pg_stmts" pgbadger_j1
line "pgbadger -j 2 pg.log" "$pg_bytes" "$pg_stmts" pgbadger_j2
line "wc -l slow.log" "$my_bytes" 0 wc_my
if ((dbagent_ok)); then
    line "dbagent digest slow.log --jobs 1" "$my_bytes" "$my_stmts" dbagent_my_j1
    line "dbagent digest slow.log --jobs 2" "$my_bytes" "$my_stmts" dbagent_my_j2
fi
line "pt-query-digest slow.log" "$my_bytes" "$my_stmts" pt
echo

echo "  pgBadger's top 10 by total time (pg.log):"
python3 -c "$PEERTOP" pgbadger "$tmp/pgbadger.json" | sed 's/^/    /'
echo "  pt-query-digest's top 10 by total time (slow.log):"
python3 -c "$PEERTOP" pt "$tmp/pt.json" | sed 's/^/    /'
echo

if ((dbagent_ok)); then
    printf '  %-48s %sx\n' "dbagent --jobs 1 / pgbadger -j 1 (throughput)" "$(ratio "${wall[dbagent_pg_j1]}" "${wall[pgbadger_j1]}")"
    printf '  %-48s %sx\n' "dbagent --jobs 2 / pgbadger -j 2" "$(ratio "${wall[dbagent_pg_j2]}" "${wall[pgbadger_j2]}")"
    printf '  %-48s %sx\n' "dbagent --jobs 1 / pt-query-digest" "$(ratio "${wall[dbagent_my_j1]}" "${wall[pt]}")"
    printf '  %-48s %sx\n' "dbagent --jobs 2 / pt-query-digest" "$(ratio "${wall[dbagent_my_j2]}" "${wall[pt]}")"
    printf '  %-48s %s\n' "top-10 shapes vs pgBadger" "$(python3 -c "$AGREE" "$tmp/dbagent_pg.json" pgbadger "$tmp/pgbadger.json" v)"
    printf '  %-48s %s\n' "top-10 shapes vs pt-query-digest" "$(python3 -c "$AGREE" "$tmp/dbagent_my.json" pt "$tmp/pt.json" v)"
else
    printf '  %-48s %sx\n' "pgbadger -j 2 / pgbadger -j 1 (throughput)" "$(ratio "${wall[pgbadger_j2]}" "${wall[pgbadger_j1]}")"
    echo "  dbagent: not run (PEERS_ONLY=1)"
fi
