#!/usr/bin/env bash
# Live tests against a real PostgreSQL 15 with HypoPG, started on a private port
# in a temp dir (scripts/pg-test.sh) and stopped afterwards. Proves, last, that
# nothing was modified: a hash of every table's rows and of the relation list is
# identical before and after the whole suite. Prints "live: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/san/dbagent}
# The server runs as the postgres OS user, so its parent directory must be
# traversable (mktemp -d makes it private).
if [ -z "${DBAGENT_PG_DIR:-}" ]; then
    parent=$(mktemp -d /tmp/dbagent-live.XXXXXX)
    chmod 755 "$parent"
    export DBAGENT_PG_DIR=$parent/pg
fi
log=$(mktemp)
pass=0 fail=0
cleanup() {
    scripts/pg-test.sh stop >/dev/null 2>&1
    rm -f "$log"
    [ -n "${parent:-}" ] && rm -rf "$parent"
}
trap cleanup EXIT

if ! scripts/pg-test.sh start > "$log" 2>&1; then
    echo "FAIL live server: scripts/pg-test.sh start failed"; tail -20 "$log" | sed 's/^/    /'
    echo "live: 0 passed, 1 failed"
    exit 1
fi
eval "$(scripts/pg-test.sh env)"
tests/live/setup-extra.sh > "$log" 2>&1 || { echo "FAIL live setup"; sed 's/^/    /' "$log"; }

before=$(tests/live/db-fingerprint.sh "$DBAGENT_TEST_DSN")

for suite in tests/live/test_*.sh; do
    "$suite" "$bin" > "$log" 2>&1
    grep -E '^(ok|FAIL) ' "$log"
    line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    if [ -z "$line" ]; then
        echo "FAIL live $(basename "$suite"): no summary line"; tail -10 "$log" | sed 's/^/    /'
        fail=$((fail + 1))
        continue
    fi
    pass=$((pass + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
    fail=$((fail + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
done

after=$(tests/live/db-fingerprint.sh "$DBAGENT_TEST_DSN")
if [ -n "$before" ] && [ "$before" = "$after" ]; then
    echo "ok   live database-unchanged"
    pass=$((pass + 1))
else
    echo "FAIL live database-unchanged: the shop database differs after the suite"
    diff <(echo "$before") <(echo "$after") | head -10 | sed 's/^/    /'
    fail=$((fail + 1))
fi
echo "live: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
