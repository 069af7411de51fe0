#!/usr/bin/env bash
# test_introspect.sh — the live catalog (pg_introspect.c) and its snapshot against
# the private test server of scripts/pg-test.sh, with the shop fixture.
#
#   tests/live/test_introspect.sh
#
# Starts the server when it is not running (and leaves it running: whoever runs
# the live suite stops it). Never skips: no server, no compiler or a failed build
# is a failure. Builds tests/live/introspect_driver.c against the sanitizer
# objects (build/san, `make build/san/dbagent` builds them; DBAGENT_SAN_DIR to use
# others) and runs it as the read-only role dbagent_ro twice: on the shop
# database, and on a scratch database of edge cases (quoted names, an enum with
# quotes, INCLUDE, exclusion and partial indexes, partitions, an extension-owned
# table, a table never analysed) that this script creates and drops — the shop
# database is only read. Prints one line per check, "ok   live NAME" or
# "FAIL live NAME: why", then
#   live-introspect: N passed, N failed
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

SAN_DIR=${DBAGENT_SAN_DIR:-build/san}
CFLAGS="-std=c11 -Wall -Wextra -Werror -Wshadow -Wvla -D_GNU_SOURCE -Isrc -I/usr/include/pg_query
        -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
PSQL=psql
command -v psql >/dev/null 2>&1 || PSQL=/usr/lib/postgresql/15/bin/psql
edge_db=dbagent_introspect_edge_$$
port=

tmp=$(mktemp -d)
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    if [ -n "$port" ]; then
        "$PSQL" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
            -c "DROP DATABASE IF EXISTS $edge_db" >/dev/null 2>&1
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
passed=0 failed=0

summary() {
    echo "live-introspect: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

give_up() {
    echo "FAIL live $1: $2"
    failed=$((failed + 1))
    summary
}

# ---- the server
if ! scripts/pg-test.sh status >/dev/null 2>&1; then
    scripts/pg-test.sh start >"$tmp/start.log" 2>&1 ||
        give_up server "scripts/pg-test.sh start failed: $(tail -n 3 "$tmp/start.log" | tr '\n' ' ')"
fi
env_text=$(scripts/pg-test.sh env 2>/dev/null) || give_up server "no env from scripts/pg-test.sh"
port=$(printf '%s\n' "$env_text" | sed -n 's/.*PGPORT=\([0-9]*\).*/\1/p' | head -1)
[ -n "$port" ] || give_up server "no port in the server's env"

# ---- the driver
objs=$(find "$SAN_DIR" -name '*.o' ! -path '*/tests/*' ! -name main.o 2>/dev/null)
[ -n "$objs" ] || give_up build "no objects in $SAN_DIR (run make build/san/dbagent)"
# An archive: the linker takes only the objects the driver needs.
# shellcheck disable=SC2086
ar rcs "$tmp/libdbagent.a" $objs || give_up build "ar failed"
# shellcheck disable=SC2086
if ! cc $CFLAGS tests/live/introspect_driver.c "$tmp/libdbagent.a" \
        -lpq -lpg_query -ljansson -lm -lpthread -o "$tmp/introspect_driver" 2>"$tmp/cc.log"; then
    give_up build "introspect_driver did not build: $(head -n 5 "$tmp/cc.log" | tr '\n' ' ')"
fi

# Runs the driver; adds its ok/FAIL lines to the counts. A crash or a sanitizer
# report is a failure of its own.
run_driver() {
    local mode=$1 rc p f
    shift
    "$tmp/introspect_driver" "$mode" "$@" >"$tmp/out.log" 2>"$tmp/err.log"
    rc=$?
    grep -E '^(ok   |FAIL |# )' "$tmp/out.log"
    p=$(grep -c '^ok   live ' "$tmp/out.log")
    f=$(grep -c '^FAIL live ' "$tmp/out.log")
    passed=$((passed + p))
    failed=$((failed + f))
    if grep -qE 'Sanitizer|runtime error' "$tmp/err.log" || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
        echo "FAIL live $mode-driver: exit $rc $(grep -E 'Sanitizer|runtime error' "$tmp/err.log" | head -n 3 | tr '\n' ' ')"
        failed=$((failed + 1))
    fi
}

# ---- the shop fixture
run_driver shop "postgres://dbagent_ro@127.0.0.1:$port/shop" examples/shop/schema.sql

# ---- edge cases, in a scratch database
superuser() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
edge_sql() {
    cat <<'SQL'
CREATE EXTENSION btree_gist;
CREATE TABLE public.ext_owned (id int);
ALTER EXTENSION btree_gist ADD TABLE public.ext_owned;
CREATE SCHEMA "Sales";
CREATE TYPE "Sales"."Mood" AS ENUM ('ok', 'it''s, "fine"', 'back\slash', '{brace}');
CREATE TABLE "Sales"."Order Lines" (
    "ID" serial,
    mood "Sales"."Mood" NOT NULL DEFAULT 'ok',
    qty int CHECK (qty > 0),
    total numeric(10,2) GENERATED ALWAYS AS (qty * 2) STORED,
    note text,
    during tstzrange,
    tags text[],
    "select" int,
    CONSTRAINT pk PRIMARY KEY ("ID") INCLUDE (note),
    CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
);
ALTER TABLE "Sales"."Order Lines" ADD CONSTRAINT qty_small CHECK (qty < 1000) NOT VALID;
CREATE UNIQUE INDEX "Order Lines_select_partial" ON "Sales"."Order Lines"
    ("select" DESC NULLS LAST) WHERE qty > 10;
CREATE INDEX lines_lower_note ON "Sales"."Order Lines" (lower(note) text_pattern_ops);
CREATE TABLE events (id bigint GENERATED BY DEFAULT AS IDENTITY, at timestamptz NOT NULL,
    kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_at ON events (at);
CREATE TABLE never_analyzed (a int);
INSERT INTO "Sales"."Order Lines" (mood, qty, note, during, tags, "select")
SELECT (ARRAY['ok', 'it''s, "fine"', 'back\slash', '{brace}']::"Sales"."Mood"[])[1 + i % 4],
       1 + i % 50,
       CASE WHEN i % 3 = 0 THEN 'a "quoted", note' WHEN i % 3 = 1 THEN E'back\\slash {x}' END,
       tstzrange('2024-01-01'::timestamptz + i * interval '1 hour',
                 '2024-01-01'::timestamptz + (i + 1) * interval '1 hour'),
       ARRAY['x', 'y,z'], i
FROM generate_series(1, 2000) i;
INSERT INTO events (at, kind)
SELECT '2024-01-01'::timestamptz + i * interval '1 minute', 'k' || (i % 5)
FROM generate_series(1, 5000) i;
ANALYZE "Sales"."Order Lines";
ANALYZE events;
GRANT USAGE ON SCHEMA "Sales" TO dbagent_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA "Sales", public TO dbagent_ro;
SQL
}
if superuser -d postgres -c "CREATE DATABASE $edge_db" >"$tmp/edge.log" 2>&1 &&
    edge_sql | superuser -d "$edge_db" >>"$tmp/edge.log" 2>&1; then
    run_driver edge "postgres://dbagent_ro@127.0.0.1:$port/$edge_db"
else
    echo "FAIL live edge-database: could not create it: $(grep -m 3 -E 'ERROR|FATAL' "$tmp/edge.log" | tr '\n' ' ')"
    failed=$((failed + 1))
fi
summary
