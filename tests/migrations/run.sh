#!/usr/bin/env bash
# Migration corpus: tests/migrations/corpus/NAME.sql → expected/NAME.json.
#
# Every file runs through `BIN migrate FILE --format json`, by default with the
# bundled shop schema (--schema examples/shop/schema.sql: old column types and
# known tables); NAME.args beside the file, when present, replaces those
# arguments (`--pg-version 10 --schema …`; an empty file: no schema). A file
# passes when
#   - the exit code is 0 or 1 (findings below / at --fail-on), never 2, 3 or a
#     signal;
#   - stderr holds no sanitizer report;
#   - stdout is valid JSON whose migration.statements has as many entries as
#     the file has statements (count_statements.py, a simple splitter);
#   - the report, with meta.elapsed_ms and meta.version masked as in
#     tests/golden/run.sh, equals expected/NAME.json.
# GOLDEN_UPDATE=1 rewrites the expected files instead of comparing: review the
# diff like code. Prints one line per file and "migrations: N passed, N failed".
set -uo pipefail
bin=${1:-build/san/dbagent}
case $bin in /*) ;; */*) bin=$PWD/$bin ;; esac   # the cases run from the repository root
dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$dir/../.." && pwd)
work=$root/build/migrations
mkdir -p "$work" "$dir/expected"
pass=0 fail=0

mask() {
    sed -E -e 's/("elapsed_ms": )[0-9.eE+-]+/\10/' -e 's/("version": )"[^"]*"/\1"X"/'
}

# Prints nothing when the report is well formed, else why not.
check_json() { # REPORT_FILE WANT_STATEMENTS
    python3 - "$1" "$2" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        r = json.load(f)
except ValueError as e:
    print(f"output is not valid JSON: {e}")
    sys.exit()
want = int(sys.argv[2])
st = (r.get("migration") or {}).get("statements") if isinstance(r, dict) else None
if not isinstance(st, list):
    print("no migration.statements array")
elif len(st) != want:
    print(f"migration.statements has {len(st)} entries, the file has {want} statements")
elif want == 0:
    print("the file has no statements")
PY
}

fail_case() {
    echo "FAIL migrations $1: $2"
    fail=$((fail + 1))
}

for sql in "$dir"/corpus/*.sql; do
    name=$(basename "$sql" .sql)
    args=(--schema examples/shop/schema.sql)
    if [ -f "$dir/corpus/$name.args" ]; then
        read -r -a args < "$dir/corpus/$name.args" || true
    fi
    out=$work/$name.json err=$work/$name.stderr
    # From the repository root with a relative path: the report names the file.
    (cd "$root" && "$bin" migrate "${sql#"$root"/}" --format json "${args[@]}") > "$out" 2> "$err"
    rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        fail_case "$name" "exit $rc (want 0 or 1)"
        sed 's/^/    /' "$err" | head -20
        continue
    fi
    if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' "$err"; then
        fail_case "$name" "sanitizer report on stderr"
        sed 's/^/    /' "$err" | head -20
        continue
    fi
    want=$(python3 "$dir/count_statements.py" "$sql")
    why=$(check_json "$out" "$want")
    if [ -n "$why" ]; then
        fail_case "$name" "$why"
        continue
    fi
    actual=$(mask < "$out")
    expected=$dir/expected/$name.json
    if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
        printf '%s\n' "$actual" > "$expected"
    fi
    if [ ! -f "$expected" ]; then
        fail_case "$name" "no expected/$name.json (run with GOLDEN_UPDATE=1 and review)"
    elif ! diff -u "$expected" <(printf '%s\n' "$actual") > "$work/$name.diff"; then
        fail_case "$name" "report differs from expected/$name.json"
        head -30 "$work/$name.diff" | sed 's/^/    /'
    else
        echo "ok   migrations $name"
        pass=$((pass + 1))
    fi
done
for exp in "$dir"/expected/*.json; do
    [ -f "$exp" ] || continue
    name=$(basename "$exp" .json)
    [ -f "$dir/corpus/$name.sql" ] || fail_case "$name" "expected/$name.json has no corpus/$name.sql"
done
echo "migrations: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
