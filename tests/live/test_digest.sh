#!/usr/bin/env bash
# `digest --db`: the workload's index plan measured with HypoPG on the 1M-order
# fixture, and pg_stat_statements read live when no log is given.
set -uo pipefail
bin=${1:-build/san/dbagent}
ro="postgres://dbagent_ro@127.0.0.1:$PGPORT/shop"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

verdict() { # NAME PYTHON-EXPRESSION over the report r
    if python3 -c "import json,sys; r=json.load(open('$tmp/$1.json')); sys.exit(0 if ($2) else 1)" 2>/dev/null; then
        echo "ok   live $1"; pass=$((pass + 1))
    else
        echo "FAIL live $1: expected $2"; head -c 1200 "$tmp/$1.json" | sed 's/^/    /'; fail=$((fail + 1))
    fi
}

# A small log in Debian's default format: a slow lookup by user (which the
# fixture has no index for) and a fast one by primary key (which it has).
{
    for i in $(seq 1 30); do
        printf '2026-11-29 10:00:%02d.000 UTC [4242] LOG:  duration: 85.%03d ms  statement: SELECT id, status, total FROM orders WHERE user_id = %d ORDER BY created_at DESC LIMIT 10\n' "$i" "$i" "$((i * 7))"
        printf '2026-11-29 10:00:%02d.500 UTC [4243] LOG:  duration: 0.%03d ms  statement: SELECT id, email FROM users WHERE id = %d\n' "$i" "$((i + 100))" "$i"
    done
} > "$tmp/workload.log"

"$bin" digest --db "$ro" --format json "$tmp/workload.log" > "$tmp/digest-hypopg.json" 2> "$tmp/err"
verdict digest-hypopg "r['meta']['source'] == 'live' and r['meta']['whatif_calls'] > 0 and len(r['indexes']) >= 1 and all(ix['validated_by'] == 'hypopg' for ix in r['indexes']) and any(ix['table'] == 'orders' and ix['columns'][0] == 'user_id' and ix['time_share'] > 0.9 and len(ix['serves']) == 1 for ix in r['indexes'])"

# The primary-key lookup is served by the existing index: no advice for users.
cp "$tmp/digest-hypopg.json" "$tmp/digest-existing-index-respected.json"
verdict digest-existing-index-respected "not any(ix['table'] == 'users' for ix in r['indexes'])"

# --budget-mb smaller than the index: nothing fits, and the report says why.
"$bin" digest --db "$ro" --budget-mb 1 --format json "$tmp/workload.log" > "$tmp/digest-budget.json" 2> /dev/null
verdict digest-budget "len(r['indexes']) == 0 and any('over --budget-mb' in a for a in r['analysis']['assumptions'])"

# No log: pg_stat_statements, read live (the fixture's queries are in it).
psql "$DBAGENT_TEST_DSN" -qAt -c "SELECT count(*) FROM orders WHERE status = 'paid'" > /dev/null 2>&1
"$bin" digest --db "$ro" --format json > "$tmp/digest-pg-stat-statements.json" 2> "$tmp/err"
verdict digest-pg-stat-statements "r['workload']['summary']['queries'] > 0 and r['workload']['summary']['files'][0]['format'] == 'pg_stat_statements' and any('orders' in q['query'] for q in r['workload']['queries'])"

echo "live-digest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
