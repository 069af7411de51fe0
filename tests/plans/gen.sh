#!/usr/bin/env bash
# gen.sh — regenerate the genuine EXPLAIN plans in tests/plans/json/ from the
# private PostgreSQL 15 test server (scripts/pg-test.sh, started if needed).
#
#   tests/plans/gen.sh                 regenerate every plan (and drop stale ones)
#   tests/plans/gen.sh NAME...         regenerate only these (NAME or NAME.sql)
#   tests/plans/gen.sh --check [NAME...]
#                                      no database: check the existing JSON files
#                                      against their queries' `expect:` tags
#
# Input: tests/plans/queries/NAME.sql. Leading `--` comment lines form a header
# that may hold these keys (anything else there is a free comment):
#
#   -- settings: SET work_mem = '64kB'; SET max_parallel_workers_per_gather = 2;
#   -- explain: ANALYZE, BUFFERS, SETTINGS     (default: ANALYZE, BUFFERS;
#                                               empty: plain EXPLAIN)
#   -- expect: sort-spill, slow-node           (what the plan must show, below)
#
# The rest is the statement to explain. If it contains a line `-- query`, the
# statements before that line are setup (scratch tables and the like) run in the
# same transaction, and only the statement after it is explained.
#
# Each file runs in its own psql session:
#
#   <base settings>; <settings>; BEGIN; <setup>; EXPLAIN (<options>, FORMAT JSON)
#   <statement>; ROLLBACK;
#
# so writes leave no rows behind, and tests/plans/json/NAME.json receives the
# JSON exactly as `psql -At` prints it. The base settings keep plans readable
# and the shared server's statistics clean: UTC, jit = off and
# max_parallel_workers_per_gather = 0 unless the file's settings say otherwise,
# pg_stat_statements.track = none, statement_timeout = 2min.
#
# Numbers (times, buffers, sometimes row estimates) differ from run to run; the
# plan shapes and the features named by `expect:` do not. After writing, every
# plan is checked against its expect tags, and the shop database is fingerprinted
# before and after (tests/live/db-fingerprint.sh): the run fails if anything
# changed.
#
# expect tags:
#   plan rules (docs/rules.md), approximated with simple thresholds:
#     seq-scan-large-filter row-misestimate sort-spill hash-spill
#     nested-loop-many-loops index-filter-discards heap-fetches-index-only
#     lossy-bitmap workers-not-launched slow-node
#   healthy      none of the rules above except slow-node fires
#   features: parallel gather-merge cte initplan subplan never-executed jit append
#     partition-pruning wide no-analyze costs-off verbose settings wal timing-off
#     memoize window incremental-sort recursive bitmap-or anti-join merge-join
#     triggers
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd -- "$HERE/../.." && pwd -P)
QUERIES="$HERE/queries"
OUT="$HERE/json"
MAX_BYTES=$((200 * 1024))
prog=tests/plans/gen.sh

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { say "error: $*"; exit 1; }

check_only=0
names=()
for arg in "$@"; do
    case $arg in
        --check) check_only=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $arg (see --help)" ;;
        *) n=${arg##*/}; names+=("${n%.sql}") ;;
    esac
done

command -v python3 >/dev/null 2>&1 || die "python3 is needed"

# ------------------------------------------------------------------ helper
# One Python helper, two commands:
#   build QUERY.sql OUTFILE   print the psql script for QUERY.sql
#   check QUERY.sql PLAN.json print one summary line; exit 1 if an expect tag fails
read -r -d '' PY <<'PYEOF' || true
import json, re, sys

RULES = ["seq-scan-large-filter", "row-misestimate", "sort-spill", "hash-spill",
         "nested-loop-many-loops", "index-filter-discards", "heap-fetches-index-only",
         "lossy-bitmap", "workers-not-launched", "slow-node"]
FEATURES = ["parallel", "gather-merge", "cte", "initplan", "subplan", "never-executed",
            "jit", "append", "partition-pruning", "wide", "no-analyze", "costs-off",
            "verbose", "settings", "wal", "timing-off", "memoize", "window",
            "incremental-sort", "recursive", "bitmap-or", "anti-join", "merge-join",
            "triggers"]
TAGS = set(RULES) | set(FEATURES) | {"healthy"}

def parse(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    keys, i, marker = {}, 0, False
    while i < len(lines) and lines[i].startswith("--"):
        if lines[i].strip() == "-- query":
            marker = True
            i += 1
            break
        m = re.match(r"^--\s*(settings|explain|expect):(.*)$", lines[i])
        if m:
            if m.group(1) in keys:
                sys.exit("%s:%d: duplicate '%s:'" % (path, i + 1, m.group(1)))
            keys[m.group(1)] = m.group(2).strip()
        i += 1
    body = lines[i:]
    setup = []
    if not marker:
        for j, line in enumerate(body):
            if line.strip() == "-- query":
                setup, body = body[:j], body[j + 1:]
                break
    query = "\n".join(body).strip()
    while query.endswith(";"):
        query = query[:-1].rstrip()
    if not query:
        sys.exit("%s: no statement to explain" % path)
    expect = [t.strip() for t in keys.get("expect", "").split(",") if t.strip()]
    for t in expect:
        if t not in TAGS:
            sys.exit("%s: unknown expect tag '%s' (known: %s)" % (path, t, " ".join(sorted(TAGS))))
    return {"settings": keys.get("settings", ""),
            "explain": keys.get("explain", "ANALYZE, BUFFERS"),
            "expect": expect,
            "setup": "\n".join(setup).strip(),
            "query": query}

def build(qpath, outfile):
    q = parse(qpath)
    opts = q["explain"].strip().rstrip(",")
    opts = (opts + ", FORMAT JSON") if opts else "FORMAT JSON"
    out = [
        r"\set ON_ERROR_STOP on",
        r"\o /dev/null",
        "SET client_min_messages = warning;",
        "SET application_name = 'tests/plans/gen.sh';",
        "SET pg_stat_statements.track = 'none';",
        "SET statement_timeout = '2min';",
        "SET TIME ZONE 'UTC';",
        "SET jit = off;",
        "SET max_parallel_workers_per_gather = 0;",
    ]
    if q["settings"]:
        out.append(q["settings"])
    out.append("BEGIN;")
    if q["setup"]:
        out.append(q["setup"])
    out += [r"\o '%s'" % outfile,
            "EXPLAIN (%s)" % opts,
            q["query"] + ";",
            r"\o /dev/null",
            "ROLLBACK;"]
    print("\n".join(out))

# ---------------------------------------------------------------- detection
def walk(node, ancestors=()):
    yield node, ancestors
    for child in node.get("Plans", []):
        yield from walk(child, ancestors + (node,))

def entries(node):
    """The node itself and its per-worker details (VERBOSE / parallel sorts)."""
    return [node] + [w for w in node.get("Workers", []) if isinstance(w, dict)]

def detect(doc):
    if not (isinstance(doc, list) and len(doc) == 1 and isinstance(doc[0], dict)
            and isinstance(doc[0].get("Plan"), dict)):
        raise ValueError("not an EXPLAIN (FORMAT JSON) document")
    top = doc[0]
    nodes = list(walk(top["Plan"]))
    found = set()
    analyzed = any("Actual Loops" in n for n, _ in nodes)
    timed = any("Actual Total Time" in n for n, _ in nodes)
    for n, anc in nodes:
        t = n.get("Node Type", "")
        loops = n.get("Actual Loops")
        rows = n.get("Actual Rows", 0)
        removed = n.get("Rows Removed by Filter", 0)
        if t == "Seq Scan" and loops and removed * loops >= 10000 and removed >= 10 * max(rows, 1):
            found.add("seq-scan-large-filter")
        if t == "Index Scan" and loops and removed * loops >= 1000 and removed >= 10 * max(rows, 1):
            found.add("index-filter-discards")
        if (loops and "Plan Rows" in n and t not in ("BitmapAnd", "BitmapOr")
                and not any(a.get("Node Type") == "Limit" for a in anc)):
            est, act = n["Plan Rows"], rows
            if max(est, act) >= 100 and (max(est, 1) / max(act, 1) >= 10 or max(act, 1) / max(est, 1) >= 10):
                found.add("row-misestimate")
        for e in entries(n):
            if e.get("Sort Space Type") == "Disk":
                found.add("sort-spill")
            if t == "Hash" and e.get("Hash Batches", 1) > 1:
                found.add("hash-spill")
            if e.get("HashAgg Batches", 1) > 1 and e.get("Disk Usage", 0) > 0:
                found.add("hash-spill")
        if t == "Nested Loop":
            for c in n.get("Plans", []):
                if c.get("Parent Relationship") == "Inner" and c.get("Actual Loops", 0) >= 1000:
                    found.add("nested-loop-many-loops")
        if t == "Index Only Scan" and loops:
            fetches = n.get("Heap Fetches", 0)
            if fetches > 0 and fetches >= 0.1 * rows * loops:
                found.add("heap-fetches-index-only")
        if n.get("Lossy Heap Blocks", 0) > 0:
            found.add("lossy-bitmap")
        if "Workers Launched" in n and n["Workers Launched"] < n.get("Workers Planned", 0):
            found.add("workers-not-launched")
        # features
        if t in ("Gather", "Gather Merge") and n.get("Workers Launched", 0) >= 1:
            found.add("parallel")
        if t == "Gather Merge":
            found.add("gather-merge")
        if t == "CTE Scan":
            found.add("cte")
        if n.get("Parent Relationship") == "InitPlan":
            found.add("initplan")
        if n.get("Parent Relationship") == "SubPlan":
            found.add("subplan")
        if analyzed and loops == 0:
            found.add("never-executed")
        if t in ("Append", "Merge Append"):
            found.add("append")
        if n.get("Subplans Removed", 0) > 0:
            found.add("partition-pruning")
        if len(n.get("Plans", [])) >= 30:
            found.add("wide")
        if "Output" in n:
            found.add("verbose")
        if "WAL Records" in n:
            found.add("wal")
        simple = {"Memoize": "memoize", "WindowAgg": "window", "Incremental Sort": "incremental-sort",
                  "Recursive Union": "recursive", "BitmapOr": "bitmap-or", "Merge Join": "merge-join"}
        if t in simple:
            found.add(simple[t])
        if n.get("Join Type") == "Anti":
            found.add("anti-join")
    if timed:
        found.add("slow-node")
    if analyzed and not timed:
        found.add("timing-off")
    if not analyzed:
        found.add("no-analyze")
    if not any("Total Cost" in n for n, _ in nodes):
        found.add("costs-off")
    if "JIT" in top:
        found.add("jit")
    if "Settings" in top:
        found.add("settings")
    if top.get("Triggers"):
        found.add("triggers")
    if not (found & (set(RULES) - {"slow-node"})):
        found.add("healthy")
    return found

def check(qpath, jpath, size_limit):
    q = parse(qpath)
    name = jpath.rsplit("/", 1)[-1][:-5]
    with open(jpath, "rb") as f:
        raw = f.read()
    try:
        found = detect(json.loads(raw))
    except ValueError as e:
        print("%-34s %8d  BAD JSON: %s" % (name, len(raw), e))
        return 1
    missing = [t for t in q["expect"] if t not in found]
    problems = []
    if missing:
        problems.append("missing " + ",".join(missing))
    if not q["expect"]:
        problems.append("no expect tags")
    if len(raw) > size_limit:
        problems.append("over %d bytes" % size_limit)
    order = RULES + ["healthy"] + FEATURES
    shown = " ".join(t for t in order if t in found)
    print("%-34s %8d  %-4s %s%s" % (name, len(raw), "FAIL" if problems else "ok", shown,
                                    ("  <- " + "; ".join(problems)) if problems else ""))
    return 1 if problems else 0

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "build":
        build(sys.argv[2], sys.argv[3])
    elif cmd == "check":
        sys.exit(check(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    else:
        sys.exit("unknown command " + cmd)
PYEOF

helper() { python3 -c "$PY" "$@"; }

# ------------------------------------------------------------------ inputs
shopt -s nullglob
if [[ ${#names[@]} -eq 0 ]]; then
    files=("$QUERIES"/*.sql)
    [[ ${#files[@]} -gt 0 ]] || die "no queries in $QUERIES"
    mapfile -t files < <(printf '%s\n' "${files[@]}" | LC_ALL=C sort)
else
    files=()
    for n in "${names[@]}"; do
        [[ -f $QUERIES/$n.sql ]] || die "no such query: $QUERIES/$n.sql"
        files+=("$QUERIES/$n.sql")
    done
fi

summary() {
    local f n rc=0
    printf '%-34s %8s  %-4s %s\n' plan bytes ok detected
    for f in "${files[@]}"; do
        n=$(basename "$f" .sql)
        if [[ ! -f $OUT/$n.json ]]; then
            printf '%-34s %8s  FAIL (no %s)\n' "$n" - "json/$n.json"
            rc=1
            continue
        fi
        helper check "$f" "$OUT/$n.json" "$MAX_BYTES" || rc=1
    done
    return $rc
}

if [[ $check_only -eq 1 ]]; then
    summary
    exit $?
fi

# ------------------------------------------------------------------ server
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^PG' || true)
"$ROOT/scripts/pg-test.sh" start >/dev/null
eval "$("$ROOT/scripts/pg-test.sh" env)"
PSQL=psql
if [[ -x /usr/lib/postgresql/15/bin/psql ]]; then PSQL=/usr/lib/postgresql/15/bin/psql; fi
export PSQL

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fingerprint() { "$ROOT/tests/live/db-fingerprint.sh" "$DBAGENT_TEST_DSN"; }
fingerprint >"$tmp/before" || die "could not fingerprint the shop database"

mkdir -p "$OUT"
failed=()
for f in "${files[@]}"; do
    n=$(basename "$f" .sql)
    helper build "$f" "$tmp/$n.json" >"$tmp/$n.psql" || { failed+=("$n"); continue; }
    t0=$EPOCHREALTIME
    if ! "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -f "$tmp/$n.psql" >"$tmp/$n.out" 2>"$tmp/$n.err"; then
        say "$n: psql failed:"
        sed 's/^/    /' "$tmp/$n.err" >&2
        failed+=("$n")
        continue
    fi
    if [[ ! -s $tmp/$n.json ]] || ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/$n.json" 2>/dev/null; then
        say "$n: no valid JSON plan was written"
        failed+=("$n")
        continue
    fi
    mv "$tmp/$n.json" "$OUT/$n.json"
    awk -v p="$prog" -v n="$n" -v a="$t0" -v b="$EPOCHREALTIME" \
        'BEGIN { printf "%s: %-34s %6.2f s\n", p, n, b - a }' >&2
done

# Plans whose query is gone (only when regenerating everything).
if [[ ${#names[@]} -eq 0 ]]; then
    for j in "$OUT"/*.json; do
        n=$(basename "$j" .json)
        if [[ ! -f $QUERIES/$n.sql ]]; then
            say "removing stale json/$n.json"
            rm -f -- "$j"
        fi
    done
fi

fingerprint >"$tmp/after" || die "could not fingerprint the shop database"
if ! diff -u "$tmp/before" "$tmp/after" >&2; then
    die "the shop database changed while generating plans (diff above)"
fi
say "shop database unchanged (db-fingerprint.sh)"

rc=0
summary || rc=1
if [[ ${#failed[@]} -gt 0 ]]; then
    say "failed: ${failed[*]}"
    rc=1
fi
exit $rc
