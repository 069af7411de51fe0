#!/usr/bin/env bash
# Every rule the code can emit (the rules.def table, as `dbagent rules` prints
# it) has a docs/rules.md section with the same severity and every field filled,
# and `dbagent rules ID` shows it. Prints "docs: N passed, N failed".
set -uo pipefail
bin=${1:-build/dbagent}
doc=docs/rules.md
pass=0 fail=0
while read -r id severity _family _summary; do
    section=$(awk -v h="## $id" '$0 == h {on = 1; next} on && /^#{1,2} / {exit} on' "$doc")
    problem=""
    if [ -z "$section" ]; then
        problem="no '## $id' section in $doc"
    else
        for field in Severity Task Detects "Why it matters" Fix; do
            grep -q "^- \*\*$field:\*\* ." <<<"$section" || problem="$problem missing $field;"
        done
        doc_sev=$(grep -m1 '^- \*\*Severity:\*\*' <<<"$section" | sed -E 's/.*\*\* *//')
        [ "$doc_sev" = "$severity" ] || problem="$problem severity is '$doc_sev' in the docs, '$severity' in the code;"
        grep -q '^```sql' <<<"$section" || problem="$problem no example;"
        "$bin" rules "$id" | grep -q "^## $id\$" || problem="$problem 'dbagent rules $id' does not show it;"
    fi
    if [ -n "$problem" ]; then
        echo "FAIL docs $id: $problem"
        fail=$((fail + 1))
    else
        echo "ok   docs $id"
        pass=$((pass + 1))
    fi
done < <("$bin" rules)
echo "docs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
