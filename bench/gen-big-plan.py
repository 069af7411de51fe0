#!/usr/bin/env python3
"""gen-big-plan.py — write a large, valid EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
document to stdout, for bench/explain.sh.

    bench/gen-big-plan.py [MB] [--template FILE]... > big.json

MB (default 50) is the approximate output size in megabytes (10^6 bytes).

The document is built from genuine plans in tests/plans/json/ (produced by
tests/plans/gen.sh): its root is an Append whose children are, in turn, each
template's whole plan tree under a Subquery Scan, as a UNION ALL of many
subqueries would produce. Every child keeps all of the template's keys; numbers
(times, rows, costs, buffers, I/O timings) are scaled by a factor that depends
on the child's index only, and aliases get a `_N` suffix as PostgreSQL gives
them, so the output is deterministic and no two children are byte-identical.
The root's totals are the sums over its children, so timings stay consistent.

Streams: the output is written child by child, in constant memory.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TEMPLATES = [
    "hash-spill-join.json",
    "index-filter-discards.json",
    "nested-loop-memoize.json",
    "sort-spill.json",
    "lossy-bitmap.json",
]
PLANS_DIR = os.path.join(HERE, "..", "tests", "plans", "json")

# Keys scaled per child, and how they are rounded.
TIME_KEYS = {"Actual Startup Time", "Actual Total Time", "I/O Read Time", "I/O Write Time",
             "Temp I/O Read Time", "Temp I/O Write Time"}
COST_KEYS = {"Startup Cost", "Total Cost"}
COUNT_KEYS = {"Plan Rows", "Actual Rows", "Rows Removed by Filter", "Rows Removed by Index Recheck",
              "Rows Removed by Join Filter", "Shared Hit Blocks", "Shared Read Blocks",
              "Shared Dirtied Blocks", "Shared Written Blocks", "Local Hit Blocks",
              "Local Read Blocks", "Local Dirtied Blocks", "Local Written Blocks",
              "Temp Read Blocks", "Temp Written Blocks", "Heap Fetches", "Exact Heap Blocks",
              "Lossy Heap Blocks", "Cache Hits", "Cache Misses"}
BUFFER_KEYS = ["Shared Hit Blocks", "Shared Read Blocks", "Shared Dirtied Blocks",
               "Shared Written Blocks", "Local Hit Blocks", "Local Read Blocks",
               "Local Dirtied Blocks", "Local Written Blocks", "Temp Read Blocks",
               "Temp Written Blocks"]
IO_KEYS = ["I/O Read Time", "I/O Write Time", "Temp I/O Read Time", "Temp I/O Write Time"]


def usage(msg=None):
    if msg:
        print("gen-big-plan.py: " + msg, file=sys.stderr)
    print("usage: gen-big-plan.py [MB] [--template FILE]...", file=sys.stderr)
    sys.exit(2)


def load_template(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if not (isinstance(doc, list) and len(doc) == 1 and isinstance(doc[0].get("Plan"), dict)):
        usage("%s is not an EXPLAIN (FORMAT JSON) document" % path)
    if "Actual Total Time" not in doc[0]["Plan"] or "Shared Hit Blocks" not in doc[0]["Plan"]:
        usage("%s was not made with EXPLAIN (ANALYZE, BUFFERS)" % path)
    return doc[0]


def factor(i):
    """A deterministic scale in [0.5, 1.5) per child."""
    return 0.5 + ((i * 7919) % 1000) / 1000.0


def scaled(node, f, suffix):
    """A copy of a plan (sub)tree with its numbers scaled by f."""
    out = {}
    for k, v in node.items():
        if k == "Plans":
            out[k] = [scaled(c, f, suffix) for c in v]
        elif k == "Workers" and isinstance(v, list):
            out[k] = [scaled(w, f, suffix) if isinstance(w, dict) else w for w in v]
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            if k == "Alias" and suffix:
                out[k] = v + suffix
            else:
                out[k] = v
        elif k in TIME_KEYS:
            out[k] = round(v * f, 3)
        elif k in COST_KEYS:
            out[k] = round(v * f, 2)
        elif k in COUNT_KEYS:
            out[k] = int(round(v * f))
        else:
            out[k] = v
    return out


def child(templates, i):
    """Child i of the root Append: a Subquery Scan over a scaled template plan."""
    t = templates[i % len(templates)]
    f = factor(i)
    inner = scaled(t["Plan"], f, "_%d" % i if i else "")
    inner.pop("Parent Relationship", None)
    inner = _with_parent(inner, "Subquery")
    node = {
        "Node Type": "Subquery Scan",
        "Parent Relationship": "Member",
        "Parallel Aware": False,
        "Async Capable": False,
        "Alias": "*SELECT* %d" % (i + 1),
        "Startup Cost": inner["Startup Cost"],
        "Total Cost": round(inner["Total Cost"] + inner["Plan Rows"] * 0.01, 2),
        "Plan Rows": inner["Plan Rows"],
        "Plan Width": inner["Plan Width"],
        "Actual Startup Time": inner["Actual Startup Time"],
        "Actual Total Time": round(inner["Actual Total Time"] * 1.02 + 0.001, 3),
        "Actual Rows": inner["Actual Rows"],
        "Actual Loops": 1,
    }
    for k in BUFFER_KEYS + IO_KEYS:
        if k in inner:
            node[k] = inner[k]
    node["Plans"] = [inner]
    return node


def _with_parent(node, rel):
    """node with "Parent Relationship" right after "Node Type", as PostgreSQL orders it."""
    out = {}
    for k, v in node.items():
        out[k] = v
        if k == "Node Type":
            out["Parent Relationship"] = rel
    return out


def indent(text, prefix):
    return text.replace("\n", "\n" + prefix)


def main(argv):
    mb = 50.0
    paths = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--template":
            if not args:
                usage("--template needs a file")
            paths.append(args.pop(0))
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        else:
            try:
                mb = float(a)
            except ValueError:
                usage("not a size in MB: %r" % a)
            if mb <= 0:
                usage("the size must be positive")
    if not paths:
        paths = [os.path.join(PLANS_DIR, p) for p in DEFAULT_TEMPLATES]
    templates = [load_template(p) for p in paths]
    target = int(mb * 1000 * 1000)

    # Children are rendered at this depth: [ { "Plan": { "Plans": [ <child>
    prefix = " " * 8

    # Size of one round of templates, to know how many children make `target`.
    sample = sum(len(indent(json.dumps(child(templates, i), indent=2), prefix)) + 2 + len(prefix)
                 for i in range(len(templates)))
    per_child = sample / len(templates)
    n = max(1, int(round((target - 2000) / per_child)))

    # First pass: the root's totals (cheap, nothing is rendered).
    tot = {"Startup Cost": 0.0, "Total Cost": 0.0, "Plan Rows": 0, "Plan Width": 0,
           "Actual Startup Time": None, "Actual Total Time": 0.0, "Actual Rows": 0}
    sums = {k: 0 for k in BUFFER_KEYS + IO_KEYS}
    present = set()
    for i in range(n):
        c = child(templates, i)
        tot["Total Cost"] += c["Total Cost"]
        tot["Plan Rows"] += c["Plan Rows"]
        tot["Plan Width"] = max(tot["Plan Width"], c["Plan Width"])
        if tot["Actual Startup Time"] is None:
            tot["Actual Startup Time"] = c["Actual Startup Time"]
        tot["Actual Total Time"] += c["Actual Total Time"]
        tot["Actual Rows"] += c["Actual Rows"]
        for k in sums:
            if k in c:
                sums[k] += c[k]
                present.add(k)
    if tot["Actual Startup Time"] is None:
        tot["Actual Startup Time"] = 0.0

    root = {
        "Node Type": "Append",
        "Parallel Aware": False,
        "Async Capable": False,
        "Startup Cost": round(templates[0]["Plan"]["Startup Cost"], 2),
        "Total Cost": round(tot["Total Cost"], 2),
        "Plan Rows": tot["Plan Rows"],
        "Plan Width": tot["Plan Width"],
        "Actual Startup Time": tot["Actual Startup Time"],
        "Actual Total Time": round(tot["Actual Total Time"] * 1.01, 3),
        "Actual Rows": tot["Actual Rows"],
        "Actual Loops": 1,
    }
    for k in BUFFER_KEYS + IO_KEYS:
        if k in present:
            root[k] = round(sums[k], 3) if k in IO_KEYS else sums[k]

    out = sys.stdout
    head = json.dumps(root, indent=2)
    # Open the root's "Plans" array by hand: drop the closing brace.
    head = head[:head.rindex("}")].rstrip() + ',\n  "Plans": ['
    out.write("[\n  {\n    \"Plan\": " + indent(head, "    ") + "\n")
    for i in range(n):
        text = json.dumps(child(templates, i), indent=2)
        out.write(prefix + indent(text, prefix) + (",\n" if i + 1 < n else "\n"))
    out.write("      ]\n    },\n")
    t0 = templates[0]
    tail = {}
    if "Planning" in t0:
        tail["Planning"] = t0["Planning"]
    tail["Planning Time"] = round(t0.get("Planning Time", 0.1) * len(templates), 3)
    tail["Triggers"] = []
    tail["Execution Time"] = round(root["Actual Total Time"] * 1.001 + 0.05, 3)
    # The top-level keys after "Plan", at the depth of "Plan": drop the braces.
    lines = json.dumps(tail, indent=2).split("\n")[1:-1]
    out.write("\n".join("  " + l for l in lines) + "\n  }\n]\n")
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        sys.exit(1)
