#!/usr/bin/env bash
# Golden tests: tests/golden/NAME.request.json → NAME.expected.json.
#
# Each request runs through `dbagent run`, by default with the bundled shop
# schema (--schema examples/shop/schema.sql); NAME.args, when present, replaces
# those arguments (an empty file: no schema). NAME.exit holds the expected exit
# code (default 0). Volatile fields (meta.elapsed_ms, meta.version) are masked.
# GOLDEN_UPDATE=1 rewrites the expected files instead of comparing: review the
# diff like code. Prints one line per case and "golden: N passed, N failed".
set -uo pipefail
bin=${1:-build/san/dbagent}
dir=$(dirname "$0")
pass=0 fail=0

mask() {
    sed -E -e 's/("elapsed_ms": )[0-9.eE+-]+/\10/' -e 's/("version": )"[^"]*"/\1"X"/'
}

for req in "$dir"/*.request.json; do
    name=$(basename "$req" .request.json)
    args=(--schema examples/shop/schema.sql)
    if [ -f "$dir/$name.args" ]; then
        read -r -a args < "$dir/$name.args" || true
    fi
    want_exit=0
    [ -f "$dir/$name.exit" ] && want_exit=$(cat "$dir/$name.exit")
    out=$("$bin" run "${args[@]}" "$req" 2>"$dir/../../build/golden-$name.stderr")
    got_exit=$?
    actual=$(printf '%s\n' "$out" | mask)
    expected_file="$dir/$name.expected.json"
    if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
        printf '%s\n' "$actual" > "$expected_file"
        printf '%s\n' "$got_exit" > "$dir/$name.exit"
        [ "$got_exit" = 0 ] && rm -f "$dir/$name.exit"
    fi
    if [ ! -f "$expected_file" ]; then
        echo "FAIL golden $name: no $name.expected.json (run with GOLDEN_UPDATE=1 and review)"
        fail=$((fail + 1))
    elif [ "$got_exit" != "$want_exit" ]; then
        echo "FAIL golden $name: exit $got_exit, expected $want_exit"
        sed 's/^/    /' "$dir/../../build/golden-$name.stderr" | head -20
        fail=$((fail + 1))
    elif ! diff -u "$expected_file" <(printf '%s\n' "$actual") > "$dir/../../build/golden-$name.diff"; then
        echo "FAIL golden $name: report differs"
        head -40 "$dir/../../build/golden-$name.diff" | sed 's/^/    /'
        fail=$((fail + 1))
    else
        echo "ok   golden $name"
        pass=$((pass + 1))
    fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
