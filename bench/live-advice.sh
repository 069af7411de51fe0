#!/usr/bin/env bash
# live-advice.sh — does the advice pay off? On the 1M-order shop fixture:
#   1. measure the workload (bench/live-workload.sql) with EXPLAIN ANALYZE in a
#      scratch copy of the database (median of 3 runs per query);
#   2. run `dbagent optimize --db` on the scratch copy (read-only; HypoPG what-if);
#   3. create the recommended indexes for real in the scratch copy, ANALYZE;
#   4. measure again. Prints before/after execution time, the ratio, the number of
#      what-if EXPLAIN calls and the advisor's wall time.
# The server is the private test server of scripts/pg-test.sh (started if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/dbagent >/dev/null
export DBAGENT_PG_DIR=${DBAGENT_PG_DIR:-/tmp/dbagent-bench-pg}
scripts/pg-test.sh start >/dev/null
eval "$(scripts/pg-test.sh env)"
tmp=$(mktemp -d)
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS shop_scratch" >/dev/null 2>&1; rm -rf "$tmp"' EXIT

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS shop_scratch" -c "CREATE DATABASE shop_scratch TEMPLATE shop"
psql -X -q -d shop_scratch -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO dbagent_ro" -c "VACUUM ANALYZE"
scratch="postgres://dbagent_ro@127.0.0.1:$PGPORT/shop_scratch"

grep -v '^--' bench/live-workload.sql | grep -v '^$' > "$tmp/workload.sql"
nq=$(wc -l < "$tmp/workload.sql")

# Sum over queries of the median execution time of three EXPLAIN ANALYZE runs.
measure() {
    local total=0 q t
    while IFS= read -r q; do
        t=$(for _ in 1 2 3; do
                psql -X -At -d shop_scratch -c "EXPLAIN (ANALYZE, FORMAT JSON) ${q%;}" |
                    python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Execution Time"])'
            done | sort -g | sed -n 2p)
        total=$(python3 -c "print($total + $t)")
    done < "$tmp/workload.sql"
    echo "$total"
}

before=$(measure)
start=$(date +%s%N)
build/dbagent optimize --db "$scratch" -f "$tmp/workload.sql" --format json > "$tmp/report.json"
advisor_ms=$(( ($(date +%s%N) - start) / 1000000 ))
python3 - "$tmp/report.json" > "$tmp/indexes.sql" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for ix in r["indexes"]:
    print(ix["ddl"])
PY
nidx=$(grep -c 'CREATE INDEX' "$tmp/indexes.sql" || true)
calls=$(python3 -c "import json; print(json.load(open('$tmp/report.json'))['meta'].get('whatif_calls', 0))")
hypo=$(python3 -c "import json; print(sum(1 for i in json.load(open('$tmp/report.json'))['indexes'] if i['validated_by'] == 'hypopg'))")
psql -X -q -d shop_scratch -f "$tmp/indexes.sql" >/dev/null
psql -X -q -d shop_scratch -c "ANALYZE" >/dev/null
after=$(measure)

printf 'dbagent live advice on the shop fixture (1,000,000 orders)\n'
printf '  %-44s %10s\n' "workload queries" "$nq"
printf '  %-44s %10s\n' "indexes recommended (HypoPG-validated)" "$nidx ($hypo)"
printf '  %-44s %10.1f ms\n' "workload execution time before" "$before"
printf '  %-44s %10.1f ms\n' "workload execution time after" "$after"
printf '  %-44s %10.1fx\n' "speed-up (before / after)" "$(python3 -c "print($before / max($after, 0.001))")"
printf '  %-44s %10s\n' "what-if EXPLAIN calls" "$calls"
printf '  %-44s %10s ms\n' "advisor wall time (connect→report)" "$advisor_ms"
printf '\nindexes applied:\n'
sed 's/^/  /' "$tmp/indexes.sql"
