#!/usr/bin/env bash
# Throughput and memory benchmark for `dbagent migrate` against sqlfluff.
#
# Generates a migration file of N statements with bench/gen-migrations.py (realistic
# DDL on a large imaginary schema; every statement parses with libpg_query), then
# runs, RUNS times each and interleaved, pinned to one CPU when taskset works:
#
#   build/dbagent migrate FILE --format json --fail-on none > /dev/null
#   sqlfluff lint --dialect postgres FILE                 (Debian's sqlfluff)
#
# and prints, as medians: wall time, statements/s, peak RSS, and the
# dbagent/sqlfluff throughput ratio (issue 5 target: at least 1,000x).
#
# sqlfluff is slow, and slower per statement the longer the file (1.4.5 on one
# core: ~11 statements/s on a 200-statement file, ~1.7/s on 1,000), so by default
# it lints only the first SQLFLUFF_N statements (gen-migrations.py N is a byte
# prefix of any larger N). Its statements/s comes from that prefix, which flatters
# sqlfluff: a full 10,000-statement run would be slower per statement still.
# dbagent is measured on the full file and, like for like, on the same prefix.
#
# sqlfluff skips files over 20,000 bytes by default (large_file_skip_byte_limit)
# and reports nothing; the benchmark lifts that limit through a config file
# (--ignore-local-config --config FILE), otherwise it would time a no-op. It exits
# 1 when it finds lint, which is not an error here. It cannot parse VACUUM in
# 1.4.5, and reports those statements as unparsable (counted below).
#
# Usage: bench/lint.sh                (from anywhere; works relative to the repo root)
# Env:   N           statements in the migration file (default 10000)
#        SQLFLUFF_N  statements sqlfluff lints (default 500; >= N lints the full file)
#        RUNS        runs per command, median reported (default 3)
#
# Wall time is date +%s%N around the `/usr/bin/time -f %M` call (peak RSS is %M).
# No assertion on timings: the target line is informational. Needs sqlfluff and
# GNU time (Debian packages `sqlfluff`, `time`), installed when missing; sqlfluff
# is a benchmark peer, not a test dependency.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

N=${N:-10000}
SQLFLUFF_N=${SQLFLUFF_N:-500}
RUNS=${RUNS:-3}
DBAGENT=build/dbagent
prog=lint.sh

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer"
[[ $SQLFLUFF_N =~ ^[1-9][0-9]*$ ]] || die "SQLFLUFF_N must be a positive integer"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
((SQLFLUFF_N > N)) && SQLFLUFF_N=$N

# ------------------------------------------------------------------ tools
require_tools sqlfluff time
command -v python3 >/dev/null 2>&1 || die "python3 is needed for bench/gen-migrations.py"
sqlfluff_version=$(sqlfluff --version 2>/dev/null | awk '{ print $NF }')

[[ -x $DBAGENT ]] || make -s "$DBAGENT"

# Pin to one core so runs are comparable and neither side gains from parallelism.
pin=()
pinned="no"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    pin=(taskset -c 0)
    pinned="cpu 0 (taskset)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ------------------------------------------------------------------ the files
full="$tmp/migration.sql"
prefix="$tmp/migration-prefix.sql"
python3 bench/gen-migrations.py "$N" >"$full"
python3 bench/gen-migrations.py "$SQLFLUFF_N" >"$prefix"
cmp -s "$prefix" <(head -c "$(stat -c %s "$prefix")" "$full") \
    || die "gen-migrations.py $SQLFLUFF_N is not a prefix of gen-migrations.py $N"
full_bytes=$(stat -c %s "$full")
prefix_bytes=$(stat -c %s "$prefix")
cat "$full" >/dev/null   # warm the page cache

printf '[sqlfluff]\nlarge_file_skip_byte_limit = 0\n' >"$tmp/sqlfluff.cfg"
sqlfluff_cmd=(sqlfluff lint --dialect postgres --ignore-local-config --config "$tmp/sqlfluff.cfg"
              --disable-progress-bar)

# ------------------------------------------------------------------ plumbing check
# dbagent must read every statement (exit 2 is a parse or usage error).
check_dbagent() {  # file expected_statements
    local got rc=0
    "$DBAGENT" migrate "$1" --format json --fail-on none >"$tmp/check.json" 2>"$tmp/check.err" || rc=$?
    if ((rc != 0)); then
        sed 's/^/    /' "$tmp/check.err" | head -n 20 >&2
        die "'$DBAGENT migrate $1' failed (exit $rc)"
    fi
    got=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["meta"]["statements"])' "$tmp/check.json")
    [[ $got == "$2" ]] || die "dbagent read $got statements of $2"
}
check_dbagent "$full" "$N"
findings=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/check.json")
check_dbagent "$prefix" "$SQLFLUFF_N"

# ------------------------------------------------------------------ runs
# run NAME OKCODES CMD...: one timed run, appends "wall_s rss_kb" to $tmp/NAME.txt;
# stdout goes to $tmp/NAME.out. OKCODES: exit codes that are not failures.
run() {
    local name=$1 ok=$2 t0 t1 rc=0
    shift 2
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$tmp/time.txt" ${pin[@]+"${pin[@]}"} "$@" >"$tmp/$name.out" 2>"$tmp/err.txt" || rc=$?
    t1=$(date +%s%N)
    if [[ " $ok " != *" $rc "* ]]; then
        sed 's/^/    /' "$tmp/err.txt" | head -n 20 >&2
        die "'$*' failed (exit $rc)"
    fi
    echo "$(( t1 - t0 )) $(tail -n 1 "$tmp/time.txt")" \
        | awk '{ printf "%.4f %d\n", $1 / 1e9, $2 }' >>"$tmp/$name.txt"
}

: >"$tmp/dbagent.txt"
: >"$tmp/dbagent_prefix.txt"
: >"$tmp/sqlfluff.txt"
for ((i = 1; i <= RUNS; i++)); do
    say "run $i/$RUNS"
    run dbagent "0" "$DBAGENT" migrate "$full" --format json --fail-on none
    if ((SQLFLUFF_N < N)); then
        run dbagent_prefix "0" "$DBAGENT" migrate "$prefix" --format json --fail-on none
    fi
    run sqlfluff "0 1" "${sqlfluff_cmd[@]}" "$prefix"   # 1 = lint found
done
((SQLFLUFF_N < N)) || cp "$tmp/dbagent.txt" "$tmp/dbagent_prefix.txt"

# sqlfluff must actually have linted the file (not skipped it as too large).
grep -q "^== \[" "$tmp/sqlfluff.out" || die "sqlfluff reported nothing for the file (skipped?)"
violations=$(grep -c '^L: *[0-9]* | P:' "$tmp/sqlfluff.out" || true)
unparsable=$(grep -c 'PRS |' "$tmp/sqlfluff.out" || true)

median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
col() { awk -v c="$1" '{ print $c }' "$2" | median; }

d_wall=$(col 1 "$tmp/dbagent.txt");         d_rss=$(col 2 "$tmp/dbagent.txt")
p_wall=$(col 1 "$tmp/dbagent_prefix.txt");  p_rss=$(col 2 "$tmp/dbagent_prefix.txt")
s_wall=$(col 1 "$tmp/sqlfluff.txt");        s_rss=$(col 2 "$tmp/sqlfluff.txt")
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }'; }
d_rate=$(rate "$N" "$d_wall")
p_rate=$(rate "$SQLFLUFF_N" "$p_wall")
s_rate=$(rate "$SQLFLUFF_N" "$s_wall")

# ------------------------------------------------------------------ report
label_d="$DBAGENT migrate FILE --format json --fail-on none > /dev/null"
label_p="$DBAGENT migrate PREFIX --format json --fail-on none > /dev/null"
label_s="sqlfluff lint --dialect postgres --ignore-local-config --config CFG --disable-progress-bar PREFIX"
if ((SQLFLUFF_N >= N)); then label_s="${label_s% PREFIX} FILE"; fi
w=${#label_d}
((w < ${#label_p})) && w=${#label_p}
((w < ${#label_s})) && w=${#label_s}

line() {  # label statements wall rss_kb rate
    awk -v l="$1" -v n="$2" -v t="$3" -v r="$4" -v q="$5" -v w="$w" 'BEGIN {
        printf "  %-*s %7d %10.3f %13.1f %12.1f\n", w, l, n, t, q, r / 1024 }'
}

echo "dbagent migrate vs sqlfluff lint benchmark"
printf '  %-10s %s\n' "FILE" "$N statements, $(awk -v b="$full_bytes" 'BEGIN { printf "%.2f MB", b / 1e6 }') (bench/gen-migrations.py $N)"
if ((SQLFLUFF_N < N)); then
    printf '  %-10s %s\n' "PREFIX" "the first $SQLFLUFF_N statements of FILE, $prefix_bytes bytes (bench/gen-migrations.py $SQLFLUFF_N)"
fi
printf '  %-10s %s\n' "CFG" "[sqlfluff] large_file_skip_byte_limit = 0 (else sqlfluff skips files over 20,000 bytes)"
printf '  %-10s %s\n' "sqlfluff" "$sqlfluff_version (Debian)"
printf '  %-10s %s\n' "runs" "$RUNS per command, interleaved, medians"
printf '  %-10s %s\n' "pinned" "$pinned"
echo
printf "  %-*s %7s %10s %13s %12s\n" "$w" "command" "stmts" "wall s" "statements/s" "peak RSS MB"
line "$label_d" "$N" "$d_wall" "$d_rss" "$d_rate"
((SQLFLUFF_N < N)) && line "$label_p" "$SQLFLUFF_N" "$p_wall" "$p_rss" "$p_rate"
line "$label_s" "$SQLFLUFF_N" "$s_wall" "$s_rss" "$s_rate"
echo
ratio=$(awk -v a="$d_rate" -v b="$s_rate" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }')
ratio_p=$(awk -v a="$p_rate" -v b="$s_rate" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }')
printf '  %-44s %s\n' "dbagent findings on FILE" "$findings"
printf '  %-44s %s violations, %s unparsable sections\n' "sqlfluff on ${label_s##* }" "$violations" "$unparsable"
if ((SQLFLUFF_N < N)); then
    printf '  %-44s %sx  (sqlfluff scaled from its %s-statement prefix)\n' \
        "dbagent / sqlfluff statements/s" "$ratio" "$SQLFLUFF_N"
    printf '  %-44s %sx\n' "dbagent / sqlfluff, both on PREFIX" "$ratio_p"
else
    printf '  %-44s %sx\n' "dbagent / sqlfluff statements/s" "$ratio"
fi
met=$(awk -v x="$ratio" 'BEGIN { print (x >= 1000 ? "yes" : "NO") }')
printf '  %-44s %s (%sx)\n' "target (issue 5): at least 1,000x sqlfluff" "$met" "$ratio"
