#!/usr/bin/env bash
# run.sh SECONDS BIN... — run each libFuzzer binary for SECONDS on its corpus.
#
# Each binary NAME gets build/fuzz/corpus-NAME/, seeded from the bundled example
# (examples/shop/*.sql) and the benchmark corpus (bench/corpus.sql, one query a
# line); seeds are regenerated on every run, and inputs the fuzzer found are kept
# beside them. Crashes, leaks, timeouts and out-of-memory inputs are written to
# build/fuzz/crashes-NAME/ and the log to build/fuzz/NAME.log.
#
# Exits 0 when no fuzzer found anything, 1 otherwise (2 on bad usage).
set -u

if [ $# -lt 2 ] || ! [ "$1" -gt 0 ] 2>/dev/null; then
    echo "usage: $0 SECONDS BIN..." >&2
    exit 2
fi
seconds=$1
shift

root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/fuzz
shop_schema=$root/examples/shop/schema.sql
shop_queries=$root/examples/shop/queries.sql
corpus_sql=$root/bench/corpus.sql

# JSON string literal of stdin (quotes included).
json_string() {
    awk 'BEGIN { ORS = ""; print "\"" }
         NR > 1 { print "\\n" }
         { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r"); print }
         END { print "\"" }'
}

# The statements of a .sql file: blocks separated by blank lines, comments dropped.
split_statements() {
    awk -v dir="$2" -v prefix="$3" '
        /^[ \t]*--/ { next }
        /^[ \t]*$/ { if (buf != "") { n++; printf "%s", buf > (dir "/" prefix n); close(dir "/" prefix n); buf = "" } next }
        { buf = buf $0 "\n" }
        END { if (buf != "") { n++; printf "%s", buf > (dir "/" prefix n) } }' "$1"
}

seed_sql() {
    local dir=$1
    cp "$shop_queries" "$dir/seed-shop-queries"
    split_statements "$shop_queries" "$dir" seed-shop-
    # One query a line; every 5th line keeps the seed set small but varied.
    awk -v dir="$dir" 'NR % 5 == 1 { f = dir "/seed-bench-" NR; print > f; close(f) }' "$corpus_sql"
}

seed_ddl() {
    local dir=$1
    cp "$shop_schema" "$dir/seed-shop-schema"
    split_statements "$shop_schema" "$dir" seed-shop-schema-
    cat > "$dir/seed-pg-dump" <<'EOF'
\restrict abc
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TYPE public.mood AS ENUM ('sad', 'ok');
CREATE TABLE public.orders (
    id integer NOT NULL,
    user_id bigint NOT NULL,
    status public.mood,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT orders_status_check CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))
);
ALTER TABLE public.orders OWNER TO app;
CREATE SEQUENCE public.orders_id_seq AS integer START WITH 1 INCREMENT BY 1 CACHE 1;
ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
CREATE INDEX orders_created_at_idx ON public.orders USING btree (created_at DESC) INCLUDE (status) WHERE (user_id > 0);
COMMENT ON TABLE public.orders IS 'x';
GRANT SELECT ON TABLE public.orders TO reporting;
\unrestrict abc
EOF
}

seed_request() {
    local dir=$1 i=0 q
    local schema
    schema=$(json_string < "$shop_schema")
    while IFS= read -r q; do
        i=$((i + 1))
        printf '{"task_type": "optimize", "query": %s}' "$(printf '%s' "$q" | json_string)" \
            > "$dir/seed-query-$i"
        if [ $((i % 10)) -eq 1 ]; then
            printf '{"task_type": "optimize", "database_type": "postgresql", "query": %s, "schema": %s, "options": {"budget_mb": 512, "analyze": false, "fail_on": "critical"}}' \
                "$(printf '%s' "$q" | json_string)" "$schema" > "$dir/seed-schema-$i"
        fi
    done < <(grep -v '^[[:space:]]*--' "$shop_queries" | grep -v '^[[:space:]]*$'; awk 'NR % 30 == 1' "$corpus_sql")
    printf '{"task_type": "optimise"}' > "$dir/seed-bad-task"
    printf '{"task_type": "debug", "querry": "SELECT 1"}' > "$dir/seed-unknown-key"
    printf '{"task_type": "optimize", "database_type": "mysql", "query": "SELECT 1"}' \
        > "$dir/seed-mysql"
    printf '{"task_type": "optimize", "query": "SELECT * FRM t"}' > "$dir/seed-syntax"
    printf '{"task_type": "optimize", "query": "SELECT 1", "schema": "CREATE TABEL t (a int)"}' \
        > "$dir/seed-bad-schema"
}

# Genuine plans (tests/plans/) seed the plan readers.
seed_plans() {
    local dir=$1 folder=$2 ext=$3
    for f in "$root"/tests/plans/"$folder"/*."$ext"; do
        [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
    done
}

# Snapshots are written by dbagent itself: seed with one written from the shop DDL.
seed_snapshot() {
    local dir=$1
    printf '{"dbagent_snapshot": 1, "tables": []}' > "$dir/seed-empty"
    printf '{"dbagent_snapshot": 2}' > "$dir/seed-bad-version"
}

# The migration corpus behind control bytes (fuzz_migrate.c): PG 15 alone, with
# the shop catalog, with table sizes; PG 10.
seed_migrate() {
    local dir=$1 f c
    for f in "$root"/tests/migrations/corpus/*.sql; do
        for c in 06 16 26 01; do
            { printf "\\x$c"; cat "$f"; } > "$dir/seed-$c-$(basename "$f")"
        done
    done
}

status=0
summary=()
for bin in "$@"; do
    name=$(basename "$bin")
    corpus=$out/corpus-$name
    crashes=$out/crashes-$name
    log=$out/$name.log
    mkdir -p "$corpus" "$crashes"
    case $name in
    *request*) seed_request "$corpus" ;;
    *ddl*) seed_ddl "$corpus" ;;
    *plan_json*) seed_plans "$corpus" json json ;;
    *plan_text*) seed_plans "$corpus" text txt ;;
    *snapshot*) seed_snapshot "$corpus" ;;
    *migrate*) seed_migrate "$corpus" ;;
    *) seed_sql "$corpus" ;;
    esac
    # A target may bring its own seeds: tests/fuzz/seeds-NAME/ (e.g. genuine logs).
    if [ -d "$root/tests/fuzz/seeds-${name#fuzz_}" ]; then
        for f in "$root/tests/fuzz/seeds-${name#fuzz_}"/*; do
            [ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$f")"
        done
    fi
    dict=()
    for d in "$root/tests/fuzz/$name.dict" "$root/tests/fuzz/${name#fuzz_}.dict"; do
        [ -f "$d" ] && dict=(-dict="$d") && break
    done
    echo "fuzz: $name for ${seconds}s ($(ls "$corpus" | wc -l) inputs in $corpus)"
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
        "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "${dict[@]}" "$corpus" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    found=$(ls "$crashes" | wc -l)
    if [ $rc -ne 0 ]; then
        status=1
        summary+=("$name: FAILED (exit $rc) after ${execs:-?} executions; see $log and $crashes/")
        grep -E '^(==[0-9]+==ERROR|SUMMARY|    #[0-9] )' "$log" | head -20 | sed 's/^/    /'
    else
        summary+=("$name: ok, ${execs:-?} executions (crashes-$name/ holds $found files from earlier runs)")
    fi
done
printf '%s\n' "${summary[@]}"
exit $status
