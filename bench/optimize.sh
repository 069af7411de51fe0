#!/usr/bin/env bash
# Throughput benchmark for `dbagent run --jsonl` on optimize requests.
#
# Feeds bench/corpus.sql (one statement per line, see bench/gen-corpus.py) to
# dbagent as JSONL optimize requests against the example shop schema, RUNS times,
# and compares the throughput with a parse-only baseline (bench/parse_only.c):
# every optimize request needs at least one libpg_query parse, so the ratio shows
# what the analysis and JSON/I-O layers cost on top of it.
#
# Usage: bench/optimize.sh        (from anywhere; works relative to the repo root)
# Env:   RUNS (default 5), MIN_REQUESTS per run (default 10000)
#
# Assumes of dbagent's output only that it writes one JSON object per request per
# line, with meta.elapsed_ms.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-5}
MIN_REQUESTS=${MIN_REQUESTS:-10000}
CORPUS=bench/corpus.sql
SCHEMA=examples/shop/schema.sql
DBAGENT=build/dbagent

[[ -f $CORPUS ]] || { echo "optimize.sh: $CORPUS missing; run bench/gen-corpus.py" >&2; exit 1; }
[[ -x $DBAGENT ]] || make -s "$DBAGENT"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Pin to one core so runs are comparable and neither side gains from parallelism.
pin=()
pinned="no"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    pin=(taskset -c 0)
    pinned="cpu 0 (taskset)"
fi

# Build the request file: the corpus repeated until one run has >= MIN_REQUESTS,
# so process start-up and schema loading are amortised over a realistic batch.
read -r corpus_n repeat requests < <(python3 - "$CORPUS" "$MIN_REQUESTS" "$tmp/requests.jsonl" <<'EOF'
import json, sys
corpus, min_requests, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(corpus, encoding="utf-8") as f:
    queries = [line.rstrip("\n") for line in f if line.strip()]
repeat = max(1, -(-min_requests // len(queries)))
with open(out, "w", encoding="utf-8") as f:
    for _ in range(repeat):
        for query in queries:
            f.write(json.dumps({"task_type": "optimize", "database_type": "postgresql",
                                "query": query}, separators=(",", ":")) + "\n")
print(len(queries), repeat, len(queries) * repeat)
EOF
)
[[ -n ${requests:-} ]] || { echo "optimize.sh: could not build the request file" >&2; exit 1; }

# Pull meta.elapsed_ms out of one run's reports (outside the timed region) and
# check that every request got exactly one JSON line back.
collect_elapsed() {
    python3 - "$1" "$requests" "$tmp/elapsed.txt" <<'EOF'
import json, sys
path, expected, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
n = 0
missing = 0
with open(path, encoding="utf-8") as f, open(out, "a") as o:
    for line in f:
        if not line.strip():
            continue
        n += 1
        try:
            ms = json.loads(line)["meta"]["elapsed_ms"]
            o.write("%r\n" % float(ms))
        except (ValueError, KeyError, TypeError):
            missing += 1
if n != expected:
    sys.exit("optimize.sh: expected %d reports, got %d" % (expected, n))
if missing:
    print("optimize.sh: %d reports without a numeric meta.elapsed_ms" % missing, file=sys.stderr)
EOF
}

median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

: >"$tmp/elapsed.txt"
: >"$tmp/dbagent_qps.txt"
for ((i = 1; i <= RUNS; i++)); do
    start=$(date +%s.%N)
    ${pin[@]+"${pin[@]}"} "$DBAGENT" run --jsonl --schema "$SCHEMA" \
        <"$tmp/requests.jsonl" >"$tmp/reports.jsonl"
    end=$(date +%s.%N)
    awk -v n="$requests" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", n / (e - s) }' \
        >>"$tmp/dbagent_qps.txt"
    collect_elapsed "$tmp/reports.jsonl"
done

# Reference: the same queries, the same number of times, parse only.
cc -O2 bench/parse_only.c -lpg_query -o "$tmp/parse_only"
: >"$tmp/parse_qps.txt"
for ((i = 1; i <= RUNS; i++)); do
    ${pin[@]+"${pin[@]}"} "$tmp/parse_only" "$CORPUS" "$repeat" 2>/dev/null >>"$tmp/parse_qps.txt"
done

dbagent_qps=$(median <"$tmp/dbagent_qps.txt")
parse_qps=$(median <"$tmp/parse_qps.txt")
[[ -s $tmp/elapsed.txt ]] || { echo "optimize.sh: no report had meta.elapsed_ms" >&2; exit 1; }
elapsed_us=$(awk '{ print $1 * 1000 }' "$tmp/elapsed.txt" | median | awk '{ printf "%.1f", $1 }')
ratio=$(awk -v a="$dbagent_qps" -v b="$parse_qps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')

row() { printf '  %-34s %16s%s\n' "$1" "$2" "${3:+  $3}"; }
echo "dbagent optimize benchmark"
row "corpus statements" "$corpus_n"
row "requests per run" "$requests" "(corpus x $repeat)"
row "runs" "$RUNS"
row "pinned" "$pinned"
row "dbagent throughput (median)" "$dbagent_qps" "queries/s"
row "dbagent meta.elapsed_ms (median)" "$elapsed_us" "us per query"
row "libpg_query parse-only (median)" "$parse_qps" "queries/s"
row "dbagent / parse-only throughput" "$ratio"
