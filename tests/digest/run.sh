#!/usr/bin/env bash
# Workload digest tests: golden digests of genuine logs, and properties that
# must hold whatever the durations are.
#
# Golden cases: tests/digest/cases/NAME.args holds the arguments after
# `dbagent digest` (paths relative to the repository root); the report must
# equal NAME.expected (JSON, or the format the args ask for), with volatile
# fields masked; NAME.exit holds the expected exit code (default 0).
# GOLDEN_UPDATE=1 rewrites the expected files: review the diff like code.
#
# Properties: --jobs N equals --jobs 1 on a file large enough to be split;
# merged partial digests equal the digest of both logs; stdin and .gz equal
# the plain file; a truncated .gz is an error saying how far it got; malformed
# lines are counted with their numbers; the N+1 log yields an n-plus-one
# finding naming the varying column.
#
# Prints one line per check and "digest: N passed, N failed".
set -uo pipefail
bin=${1:-build/san/dbagent}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
dir=tests/digest
logs=$dir/logs
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok   digest $1"; pass=$((pass + 1)); }
bad() { echo "FAIL digest $1: $2"; fail=$((fail + 1)); }

mask() {
    sed -E -e 's/("elapsed_ms": )[0-9.eE+-]+/\10/' -e 's/("version": )"[^"]*"/\1"X"/'
}

# ---- golden cases ------------------------------------------------------------

for args_file in "$dir"/cases/*.args; do
    [ -f "$args_file" ] || continue
    name=$(basename "$args_file" .args)
    read -r -a args < "$args_file" || true
    want_exit=0
    [ -f "$dir/cases/$name.exit" ] && want_exit=$(cat "$dir/cases/$name.exit")
    "$bin" digest "${args[@]}" > "$tmp/out" 2> "$tmp/err"
    got_exit=$?
    mask < "$tmp/out" > "$tmp/actual"
    expected="$dir/cases/$name.expected"
    if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
        cp "$tmp/actual" "$expected"
        if [ "$got_exit" = 0 ]; then rm -f "$dir/cases/$name.exit"; else echo "$got_exit" > "$dir/cases/$name.exit"; fi
        want_exit=$got_exit
    fi
    if [ ! -f "$expected" ]; then
        bad "$name" "no $name.expected (run with GOLDEN_UPDATE=1 and review)"
    elif [ "$got_exit" != "$want_exit" ]; then
        bad "$name" "exit $got_exit, expected $want_exit: $(head -c 300 "$tmp/err")"
    elif ! diff -u "$expected" "$tmp/actual" > "$tmp/diff"; then
        bad "$name" "report differs"
        head -40 "$tmp/diff" | sed 's/^/    /'
    else
        ok "$name"
    fi
done

# ---- properties ----------------------------------------------------------------

# The report without what legitimately differs between two ways of reading the
# same statements: file names, where examples were seen, elapsed time.
workload_of() {
    jq -S 'del(.meta.elapsed_ms) | .workload
           | del(.summary.files, .summary.bytes, .summary.skipped_lines)
           | .queries |= map(del(.example_at))' "$1"
}

# --jobs: a log big enough to be cut into parts (16 MiB and more), by repeating
# the genuine one; every part must be read exactly once, and N+1 runs that cross
# a cut are joined: the whole report is the same.
big=$tmp/big.log
for _ in $(seq 1 170); do cat "$logs/pg-pgbadger.log"; done > "$big"
"$bin" digest "$big" --format json -o "$tmp/j1.json" 2> "$tmp/err" &&
    "$bin" digest "$big" --jobs 3 --format json -o "$tmp/j3.json" 2>> "$tmp/err"
if [ $? -ne 0 ]; then
    bad jobs-equal "digest failed: $(head -c 300 "$tmp/err")"
elif ! diff <(jq -S 'del(.meta.elapsed_ms)' "$tmp/j1.json") <(jq -S 'del(.meta.elapsed_ms)' "$tmp/j3.json") > "$tmp/diff"; then
    bad jobs-equal "--jobs 3 differs from --jobs 1"
    head -20 "$tmp/diff" | sed 's/^/    /'
else
    q=$(jq '.workload.summary.queries' "$tmp/j1.json")
    one=$("$bin" digest "$logs/pg-pgbadger.log" --format json | jq '.workload.summary.queries')
    if [ "$q" -eq $((one * 170)) ] && [ "$q" -gt 0 ]; then ok jobs-equal
    else bad jobs-equal "queries $q, expected 170 × $one"; fi
fi

# --emit-partial / --merge: the merge of two logs' partials equals the digest of
# both logs read together.
a=$logs/pg-n-plus-one.log b=$logs/pg-log-statement.log # the same log_line_prefix
"$bin" digest "$a" --emit-partial "$tmp/a.part" --format json -o /dev/null 2> "$tmp/err" &&
    "$bin" digest "$b" --emit-partial "$tmp/b.part" --format json -o /dev/null 2>> "$tmp/err" &&
    "$bin" digest --merge "$tmp/a.part" "$tmp/b.part" --format json -o "$tmp/merged.json" 2>> "$tmp/err" &&
    "$bin" digest "$a" "$b" --format json -o "$tmp/both.json" 2>> "$tmp/err" &&
    cat "$a" "$b" | "$bin" digest - --format json -o "$tmp/cat.json" 2>> "$tmp/err"
if [ $? -ne 0 ]; then
    bad merge-equals-concatenation "digest failed: $(head -c 300 "$tmp/err")"
elif ! diff <(jq -S 'del(.meta.elapsed_ms)' "$tmp/merged.json") <(jq -S 'del(.meta.elapsed_ms)' "$tmp/both.json") > "$tmp/diff"; then
    bad merge-equals-concatenation "merged partials differ from reading both logs"
    head -20 "$tmp/diff" | sed 's/^/    /'
elif ! diff <(workload_of "$tmp/merged.json") <(workload_of "$tmp/cat.json") > "$tmp/diff"; then
    bad merge-equals-concatenation "merged partials differ from the concatenated log on stdin"
    head -20 "$tmp/diff" | sed 's/^/    /'
else
    ok merge-equals-concatenation
fi

# A partial that is not one is refused clearly.
echo '{"hello": 1}' > "$tmp/not.part"
"$bin" digest --merge "$tmp/not.part" --format json > "$tmp/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q 'not a dbagent partial digest' "$tmp/out"; then ok merge-rejects-foreign-file
else bad merge-rejects-foreign-file "exit $rc: $(head -c 200 "$tmp/out")"; fi

# stdin and .gz read the same statements as the plain file.
"$bin" digest "$logs/pg-default.log" --format json -o "$tmp/plain.json" 2> /dev/null
"$bin" digest "$logs/pg-default.log.gz" --format json -o "$tmp/gz.json" 2> /dev/null
"$bin" digest - --format json -o "$tmp/stdin.json" < "$logs/pg-default.log" 2> /dev/null
if diff <(workload_of "$tmp/plain.json") <(workload_of "$tmp/gz.json") > /dev/null &&
    diff <(workload_of "$tmp/plain.json") <(workload_of "$tmp/stdin.json") > /dev/null &&
    [ "$(jq '.workload.summary.queries' "$tmp/plain.json")" -gt 0 ]; then
    ok stdin-and-gzip-equal-plain
else
    bad stdin-and-gzip-equal-plain "reports differ (or no statements read)"
fi

# A truncated .gz: exit 2, and the message says how far it got.
"$bin" digest "$logs/pg-default-truncated.log.gz" --format json > "$tmp/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -qi 'truncated' "$tmp/out" && grep -q '[0-9]' "$tmp/out"; then
    ok truncated-gzip-is-an-error
else
    bad truncated-gzip-is-an-error "exit $rc: $(head -c 300 "$tmp/out")"
fi

# Malformed lines: counted, their numbers reported, never fatal.
{ head -n 40 "$logs/pg-default.log"; echo 'this is not a log line'; echo '@@@ neither'
  tail -n +41 "$logs/pg-default.log"; } > "$tmp/garbled.log"
"$bin" digest "$tmp/garbled.log" --format json -o "$tmp/garbled.json" 2> "$tmp/err"
rc=$?
skipped=$(jq '.workload.summary.skipped' "$tmp/garbled.json" 2> /dev/null)
lines=$(jq -c '[.workload.summary.skipped_lines[].line]' "$tmp/garbled.json" 2> /dev/null)
if [ $rc -eq 0 ] && [ "$skipped" = 2 ] && [ "$lines" = "[41,42]" ]; then ok malformed-lines-counted
else bad malformed-lines-counted "exit $rc, skipped $skipped at $lines"; fi

# N+1: one session ran the child query per parent row.
"$bin" digest "$logs/pg-n-plus-one.log" --format json -o "$tmp/np1.json" 2> "$tmp/err"
col=$(jq -r '[.findings[] | select(.rule == "n-plus-one")][0].evidence.varying_column // empty' "$tmp/np1.json" 2> /dev/null)
fix=$(jq -r '[.findings[] | select(.rule == "n-plus-one")][0].fix // empty' "$tmp/np1.json" 2> /dev/null)
if [ "$col" = user_id ] && printf '%s' "$fix" | grep -qiE 'ANY|json_agg'; then ok n-plus-one-found
else bad n-plus-one-found "varying_column '$col', fix '$(printf '%s' "$fix" | head -c 120)'"; fi

# ... and not in a log without one.
n=$(jq '[.findings[] | select(.rule == "n-plus-one")] | length' "$tmp/plain.json" 2> /dev/null)
if [ "$n" = 0 ]; then ok no-n-plus-one-in-plain-traffic
else bad no-n-plus-one-in-plain-traffic "$n n-plus-one findings"; fi

# stderr, csvlog and jsonlog written by one server run: the same shapes, calls
# and times (their timestamps differ only in precision).
shapes_of() {
    jq -c '[.workload.queries[] | [.fingerprint, .calls, .total_ms, .users, .databases]] | sort' "$1"
}
"$bin" digest "$logs/pg-pgbadger.log" --format json -o "$tmp/stderr.json" 2> /dev/null
"$bin" digest "$logs/pg.csv" --format json -o "$tmp/csv.json" 2> /dev/null
"$bin" digest "$logs/pg.json" --format json -o "$tmp/jsonlog.json" 2> /dev/null
if [ "$(shapes_of "$tmp/stderr.json")" = "$(shapes_of "$tmp/csv.json")" ] &&
    [ "$(shapes_of "$tmp/stderr.json")" = "$(shapes_of "$tmp/jsonlog.json")" ] &&
    [ "$(jq '.workload.summary.queries' "$tmp/stderr.json")" -gt 100 ]; then
    ok stderr-csvlog-jsonlog-agree
else
    bad stderr-csvlog-jsonlog-agree "the three logs of one run give different shapes"
fi

# Queries sorted by total time, shares adding up to 1.
if jq -e '[.workload.queries[].total_ms] as $t | ($t == ($t | sort | reverse))
          and ((([.workload.queries[].share] | add) - 1) as $d | ($d < 0.01 and $d > -0.01))' "$tmp/plain.json" > /dev/null; then
    ok sorted-by-total-time
else
    bad sorted-by-total-time "queries not sorted by total_ms or shares do not add up"
fi

echo "digest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
