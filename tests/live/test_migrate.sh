#!/usr/bin/env bash
# `migrate --db`: table sizes from the live catalog turn into duration estimates,
# and severity scales with them (a rewrite of a tiny table is info, of a large
# one stays critical). The server's version picks the lock rules.
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
        echo "FAIL live $1: expected $2"; head -c 800 "$tmp/$1.json" | sed 's/^/    /'; fail=$((fail + 1))
    fi
}

printf "SET lock_timeout = '2s';\nALTER TABLE teams ADD COLUMN token uuid DEFAULT gen_random_uuid();\n" > "$tmp/small.sql"
"$bin" migrate --db "$ro" --fail-on none --format json "$tmp/small.sql" > "$tmp/small-table-info.json" 2> /dev/null
verdict small-table-info "[f['severity'] for f in r['findings'] if f['rule'] == 'add-column-volatile-default'] == ['info'] and r['migration']['statements'][1]['est_seconds'] is not None and r['migration']['statements'][1]['est_seconds'] < 1"

printf "SET lock_timeout = '2s';\nALTER TABLE order_items ALTER COLUMN unit_price TYPE float8;\n" > "$tmp/large.sql"
"$bin" migrate --db "$ro" --fail-on none --format json "$tmp/large.sql" > "$tmp/large-table-estimated.json" 2> /dev/null
verdict large-table-estimated "r['migration']['statements'][1]['est_seconds'] >= 1 and any(f['rule'] == 'change-column-type' and f['severity'] != 'info' for f in r['findings'])"

cp "$tmp/large-table-estimated.json" "$tmp/server-version-used.json"
verdict server-version-used "r['migration']['pg_version'] == 15 and r['meta']['source'] == 'live'"

echo "live-migrate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
