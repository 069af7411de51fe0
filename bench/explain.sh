#!/usr/bin/env bash
# Throughput and memory benchmark for `dbagent explain` on a large JSON plan.
#
# Generates a ~50 MB EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) document with
# bench/gen-big-plan.py (built from the genuine plans in tests/plans/json/), then
# runs, RUNS times each and interleaved:
#
#   build/dbagent explain FILE --format json > /dev/null    (parse + analyse + render)
#   jq . FILE > /dev/null                                   (reference: parse + print)
#
# and prints, as medians: wall time, MB/s (MB = 10^6 bytes of input), peak RSS in
# MB and as a multiple of the file size, and the dbagent/jq throughput ratio.
# Targets (issue 4): faster than jq, peak RSS under 4x the file size.
#
# Usage: bench/explain.sh            (from anywhere; works relative to the repo root)
# Env:   MB          plan size in MB (default 50)
#        RUNS        runs per tool, median reported (default 3)
#        EXPLAIN_CMD the command under test, {} is the plan file
#                    (default: build/dbagent explain {} --format json);
#                    (split on whitespace, no quoting); e.g.
#                    EXPLAIN_CMD='cat {}' to try the plumbing
#        STRICT=1    exit 1 when a target is missed
#
# Wall time is measured around the `/usr/bin/time -f '%e %M'` call with bash's
# EPOCHREALTIME (ms resolution; %e only has 10 ms); peak RSS is time's %M.
# Needs jq and GNU time (Debian packages `jq`, `time`), installed when missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

MB=${MB:-50}
RUNS=${RUNS:-3}
DBAGENT=build/dbagent
EXPLAIN_CMD=${EXPLAIN_CMD:-"$DBAGENT explain {} --format json"}
STRICT=${STRICT:-0}
prog=explain.sh

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"

# ------------------------------------------------------------------ tools
require_tools jq time
command -v python3 >/dev/null 2>&1 || die "python3 is needed for bench/gen-big-plan.py"

if [[ $EXPLAIN_CMD == "$DBAGENT "* && ! -x $DBAGENT ]]; then
    make -s "$DBAGENT"
fi

# Pin to one core so runs are comparable and neither side gains from parallelism.
pin=()
pinned="no"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    pin=(taskset -c 0)
    pinned="cpu 0 (taskset)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The command under test, for one file, as an array.
cmd_for() {
    local file=$1 word
    under_test=()
    for word in $EXPLAIN_CMD; do
        under_test+=("${word//\{\}/$file}")
    done
}

# ------------------------------------------------------------------ plumbing check
# The command must accept a small genuine plan and print something before we
# spend time on the big one.
small=tests/plans/json/slow-node.json
[[ -f $small ]] || die "$small missing; run tests/plans/gen.sh"
cmd_for "$small"
if ! "${under_test[@]}" >"$tmp/small.out" 2>"$tmp/small.err"; then
    sed 's/^/    /' "$tmp/small.err" | head -n 20 >&2
    die "'${under_test[*]}' failed on $small (is 'dbagent explain' implemented?)"
fi
[[ -s $tmp/small.out ]] || die "'${under_test[*]}' printed nothing for $small"

# ------------------------------------------------------------------ the plan
plan="$tmp/plan.json"
python3 bench/gen-big-plan.py "$MB" >"$plan"
bytes=$(stat -c %s "$plan")
children=$(jq '.[0].Plan.Plans | length' "$plan")
cat "$plan" >/dev/null   # warm the page cache: measure parsing, not the disk

# ------------------------------------------------------------------ runs
# run NAME CMD...: one timed run, appends "wall_s rss_kb" to $tmp/NAME.txt
run() {
    local name=$1 t0 t1
    shift
    t0=$EPOCHREALTIME
    if ! /usr/bin/time -f '%e %M' -o "$tmp/time.txt" ${pin[@]+"${pin[@]}"} "$@" >/dev/null 2>"$tmp/err.txt"; then
        sed 's/^/    /' "$tmp/err.txt" | head -n 20 >&2
        die "'$*' failed"
    fi
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" '{ printf "%.4f %d\n", b - a, $2 }' "$tmp/time.txt" >>"$tmp/$name.txt"
}

: >"$tmp/dbagent.txt"
: >"$tmp/jq.txt"
cmd_for "$plan"
for ((i = 1; i <= RUNS; i++)); do
    run dbagent "${under_test[@]}"
    run jq jq . "$plan"
done

median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
col() { awk -v c="$1" '{ print $c }' "$2" | median; }

d_wall=$(col 1 "$tmp/dbagent.txt"); d_rss=$(col 2 "$tmp/dbagent.txt")
j_wall=$(col 1 "$tmp/jq.txt");      j_rss=$(col 2 "$tmp/jq.txt")

# ------------------------------------------------------------------ report
label_d="${EXPLAIN_CMD//\{\}/FILE}"
label_j="jq . FILE"
w=${#label_d}; ((w < ${#label_j})) && w=${#label_j}

line() {  # label wall rss_kb
    awk -v l="$1" -v t="$2" -v r="$3" -v b="$bytes" -v w="$w" 'BEGIN {
        printf "  %-*s %9.3f %9.1f %12.1f %11.2fx\n", w, l, t, (t > 0 ? b / 1e6 / t : 0), r * 1024 / 1e6, r * 1024 / b }'
}

echo "dbagent explain benchmark"
printf '  %-14s %s\n' "plan file" "$(awk -v b="$bytes" 'BEGIN { printf "%.2f MB", b / 1e6 }') ($bytes bytes, an Append of $children subtrees; bench/gen-big-plan.py $MB)"
printf '  %-14s %s\n' "runs" "$RUNS per tool, medians"
printf '  %-14s %s\n' "pinned" "$pinned"
echo
printf "  %-*s %9s %9s %12s %12s\n" "$w" "command" "wall s" "MB/s" "peak RSS MB" "RSS / file"
line "$label_d" "$d_wall" "$d_rss"
line "$label_j" "$j_wall" "$j_rss"
echo
ratio=$(awk -v d="$d_wall" -v j="$j_wall" 'BEGIN { printf "%.2f", (d > 0 ? j / d : 0) }')
rss_x=$(awk -v r="$d_rss" -v b="$bytes" 'BEGIN { printf "%.2f", r * 1024 / b }')
fast=$(awk -v x="$ratio" 'BEGIN { print (x > 1 ? "yes" : "NO") }')
lean=$(awk -v x="$rss_x" 'BEGIN { print (x < 4 ? "yes" : "NO") }')
printf '  %-34s %sx\n' "dbagent / jq throughput" "$ratio"
printf '  %-34s %s (%sx)\n' "target: faster than jq" "$fast" "$ratio"
printf '  %-34s %s (%sx)\n' "target: peak RSS < 4x file size" "$lean" "$rss_x"

if [[ $STRICT == 1 && ( $fast != yes || $lean != yes ) ]]; then
    exit 1
fi
