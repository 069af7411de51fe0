#!/usr/bin/env bash
# Runs every test suite and ends with one line: "N passed, N failed".
# Suites: cmocka unit tests (sanitizer build), golden reports, CLI behaviour,
# the rule-docs check, and live tests when their server script is present.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Adds the counts from a suite's "NAME: N passed, N failed" line.
tally() {
    local line
    line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
    if [ -z "$line" ]; then
        echo "suite $2 printed no summary: counted as one failure"
        failed=$((failed + 1))
        return
    fi
    passed=$((passed + $(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')))
    failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== unit tests (cmocka, ASan+UBSan)"
for t in build/san/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    "$t" > "$log" 2>&1
    rc=$?
    p=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$log" | sed -E 's/.* ([0-9]+) test.*/\1/' | tail -1)
    f=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$log" | sed -E 's/.* ([0-9]+) test.*/\1/' | tail -1)
    p=${p:-0} f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # a crash or a sanitizer report
    if [ "$f" -ne 0 ]; then
        grep -E 'FAILED|ERROR|error|Sanitizer|runtime error' "$log" | head -20 | sed 's/^/    /'
    fi
    echo "unit $name: $p passed, $f failed"
    passed=$((passed + p))
    failed=$((failed + f))
done

echo "== golden reports"
tests/golden/run.sh build/san/dbagent > "$log" 2>&1
grep -v '^ok ' "$log"
tally "$log" golden

echo "== golden plan reports"
tests/golden/plans.sh build/san/dbagent > "$log" 2>&1
grep -v '^ok ' "$log"
tally "$log" golden-plans

echo "== migration corpus (Rails, Django, Flyway, Alembic)"
tests/migrations/run.sh build/san/dbagent > "$log" 2>&1
grep -v '^ok ' "$log"
tally "$log" migrations

echo "== CLI behaviour"
tests/cli/run.sh build/san/dbagent > "$log" 2>&1
grep -v '^ok ' "$log"
tally "$log" cli

if [ -x tests/digest/run.sh ]; then
    echo "== workload digests"
    tests/digest/run.sh build/san/dbagent > "$log" 2>&1
    grep -v '^ok ' "$log"
    tally "$log" digest
fi

if [ -x tests/html/run.sh ]; then
    echo "== HTML report in headless Chromium"
    tests/html/run.sh build/san/dbagent > "$log" 2>&1
    grep -v '^ok ' "$log"
    tally "$log" html
fi

echo "== rule documentation"
tests/check-docs.sh build/san/dbagent > "$log" 2>&1
grep -v '^ok ' "$log"
tally "$log" docs

if [ -x tests/live/run.sh ]; then
    echo "== live PostgreSQL"
    tests/live/run.sh build/san/dbagent > "$log" 2>&1
    grep -v '^ok ' "$log"
    tally "$log" live
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
