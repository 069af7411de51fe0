#!/usr/bin/env bash
# Golden plan reports: every genuine plan in tests/plans/json/*.json and
# tests/plans/text/*.txt (produced by a real PostgreSQL, see tests/plans/gen.sh)
# goes through `dbagent explain --schema examples/shop/schema.sql --format json`,
# and the report must equal tests/golden/plans/<format>-NAME.expected.json
# (meta.version masked). GOLDEN_UPDATE=1 rewrites them: review the diff like
# code. Prints "golden-plans: N passed, N failed".
set -uo pipefail
bin=${1:-build/san/dbagent}
dir=$(dirname "$0")/plans
pass=0 fail=0
mask() { sed -E -e 's/("elapsed_ms": )[0-9.eE+-]+/\10/' -e 's/("version": )"[^"]*"/\1"X"/'; }
for plan in tests/plans/json/*.json tests/plans/text/*.txt; do
    [ -f "$plan" ] || continue
    kind=$(basename "$(dirname "$plan")")
    name=$kind-$(basename "${plan%.*}")
    actual=$("$bin" explain "$plan" --schema examples/shop/schema.sql --format json 2>&1 | mask)
    want="$dir/$name.expected.json"
    [ "${GOLDEN_UPDATE:-}" = 1 ] && printf '%s\n' "$actual" > "$want"
    if [ ! -f "$want" ]; then
        echo "FAIL golden-plan $name: no expected report (GOLDEN_UPDATE=1, then review)"
        fail=$((fail + 1))
    elif ! diff -u "$want" <(printf '%s\n' "$actual") > build/golden-plan-$name.diff; then
        echo "FAIL golden-plan $name: report differs"
        head -30 build/golden-plan-$name.diff | sed 's/^/    /'
        fail=$((fail + 1))
    else
        echo "ok   golden-plan $name"
        pass=$((pass + 1))
    fi
done
echo "golden-plans: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
