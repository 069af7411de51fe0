#!/usr/bin/env bash
# CLI behaviour: exit codes, error messages and shapes, formats, bulk mode.
# Each case runs one command and checks its exit code and a fixed string in its
# output. Prints "cli: N passed, N failed".
set -uo pipefail
bin=${1:-build/dbagent}
schema=examples/shop/schema.sql
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# check NAME EXIT PATTERN CMD... — PATTERN is a fixed string expected in stdout+stderr.
check() {
    local name=$1 want=$2 pattern=$3
    shift 3
    "$@" > "$tmp/out" 2>&1
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL cli $name: exit $got, expected $want"; head -5 "$tmp/out" | sed 's/^/    /'
        fail=$((fail + 1))
    elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$tmp/out"; then
        echo "FAIL cli $name: output lacks: $pattern"; head -8 "$tmp/out" | sed 's/^/    /'
        fail=$((fail + 1))
    else
        echo "ok   cli $name"
        pass=$((pass + 1))
    fi
}

req() { printf '%s' "$1" > "$tmp/req.json"; echo "$tmp/req.json"; }

check help 0 "usage: dbagent COMMAND" "$bin" --help
check version 0 "dbagent 0.1.0" "$bin" --version
check no-command 2 "usage: dbagent COMMAND" "$bin"
check unknown-command 2 "unknown command 'frobnicate'" "$bin" frobnicate
check planned-command 2 "'scale' is not implemented yet" "$bin" scale
check digest-no-input 2 "give log files (- for stdin), --merge PART..., or --db DSN" "$bin" digest
check digest-help 0 "usage: dbagent digest FILE..." "$bin" digest --help
check digest-bad-jobs 2 "--jobs: expected a whole number from 1 to 64" "$bin" digest --jobs 0 x.log
check digest-no-sarif 2 "digest writes json, text, markdown or html" "$bin" digest --format sarif x.log
check optimize-help 0 "usage: dbagent optimize" "$bin" optimize --help
check run-help 0 "usage: dbagent run" "$bin" run --help
check rules-list 0 "select-star" "$bin" rules
check rules-entry 0 "## select-star" "$bin" rules select-star
check rules-unknown 2 "no rule 'nope'" "$bin" rules nope
check optimize-no-query 2 "give the query as one argument or with -f FILE" "$bin" optimize
check optimize-both 2 "give the query" "$bin" optimize -f x.sql "SELECT 1"
check missing-file 2 '"code": "io_error"' "$bin" optimize -f "$tmp/nope.sql" --format json
check bad-format 2 "--format: expected one of json, text, markdown, sarif, html" "$bin" optimize --format yaml "SELECT 1"
check bad-fail-on 2 "--fail-on: expected one of info, warning, critical, none" "$bin" optimize --fail-on high "SELECT 1"

check invalid-json 2 '"code": "invalid_request"' "$bin" run "$(req '{"task_type": ')"
check invalid-json-position 2 '"line": 1' "$bin" run "$(req '{"task_type": ')"
check truncated-request 2 "invalid JSON" "$bin" run "$(req '{"task_type": "optimize", "query": "SELECT 1')"
check not-an-object 2 "request: expected a JSON object, got array" "$bin" run "$(req '[1]')"
check unknown-key 2 'unknown key \"querry\"; allowed: task_type, database_type, query' "$bin" run "$(req '{"task_type":"optimize","querry":"SELECT 1"}')"
check unknown-key-path 2 '"path": "/querry"' "$bin" run "$(req '{"task_type":"optimize","querry":"SELECT 1"}')"
check bad-task 2 'task_type: expected one of design, optimize, migrate, debug, scale; got \"optimise\"' "$bin" run "$(req '{"task_type":"optimise","query":"SELECT 1"}')"
check bad-task-path 2 '"path": "/task_type"' "$bin" run "$(req '{"task_type":"optimise","query":"SELECT 1"}')"
check missing-task 2 "task_type: required" "$bin" run "$(req '{"query":"SELECT 1"}')"
check wrong-type 2 "query: expected a string, got integer" "$bin" run "$(req '{"task_type":"optimize","query":5}')"
check bad-option 2 'options: unknown key \"budget\"' "$bin" run "$(req '{"task_type":"optimize","query":"SELECT 1","options":{"budget":1}}')"
check db-not-implemented 2 "database_type mysql is not implemented yet; supported: postgresql" "$bin" run "$(req '{"task_type":"optimize","database_type":"mysql","query":"SELECT 1"}')"
check task-not-implemented 2 '"code": "not_implemented"' "$bin" run "$(req '{"task_type":"debug","query":"SELECT 1"}')"
check missing-query 2 "query: required for task optimize" "$bin" run "$(req '{"task_type":"optimize"}')"
check empty-query 2 "no SQL statement found" "$bin" run "$(req '{"task_type":"optimize","query":""}')"
check comment-only 2 "no SQL statement found" "$bin" run "$(req '{"task_type":"optimize","query":"-- nothing\n"}')"
printf '{"task_type":"optimize","query":"SELECT \xff\xfe"}' > "$tmp/utf8.json"
check invalid-utf8 2 '"code": "invalid_request"' "$bin" run "$tmp/utf8.json"
python3 -c 'import json; print(json.dumps({"task_type":"optimize","query":"SELECT " + "1+" * 5000000 + "1"}))' > "$tmp/big.json"
check ten-mb-query 2 "more than the limit" "$bin" run "$tmp/big.json"
python3 -c 'print("SELECT " + "(" * 100000 + "1" + ")" * 100000)' > "$tmp/deep.sql"
check deep-nesting 2 '"code": "syntax_error"' "$bin" optimize -f "$tmp/deep.sql" --format json
check syntax-error 2 '"code": "syntax_error"' "$bin" run "$(req '{"task_type":"optimize","query":"SELECT 1;\nSELEC id FROM t"}')"
check syntax-error-line 2 '"line": 2' "$bin" run "$(req '{"task_type":"optimize","query":"SELECT 1;\nSELEC id FROM t"}')"
printf 'SELECT id\nFROM orders\nWHERE id = = 1\n' > "$tmp/bad.sql"
check syntax-caret 2 "  3 | WHERE id = = 1" "$bin" optimize -f "$tmp/bad.sql" --format text
check syntax-caret-column 2 '            ^' "$bin" optimize -f "$tmp/bad.sql" --format text
printf 'CREATE TABLE t (id int,,);\n' > "$tmp/bad-schema.sql"
check bad-schema 2 "bad-schema.sql: syntax error" "$bin" optimize --schema "$tmp/bad-schema.sql" "SELECT 1" --format json

check fail-on-warning 1 "non-sargable-predicate" "$bin" optimize --schema $schema --fail-on warning --format json "SELECT id FROM users WHERE lower(email) = 'a@b.c'"
check fail-on-critical-passes 0 "non-sargable-predicate" "$bin" optimize --schema $schema --fail-on critical --format json "SELECT id FROM users WHERE lower(email) = 'a@b.c'"
check fail-on-none 0 "" "$bin" optimize --schema $schema --format json "DELETE FROM orders"
check output-file 0 "" "$bin" optimize --format json -o "$tmp/report.json" "SELECT 1"
check output-file-written 0 '"query_hash"' cat "$tmp/report.json"
check text-no-color-when-piped 0 "" sh -c "$bin optimize --format text 'SELECT * FROM orders' | grep -q \$(printf '\\033') && exit 1 || exit 0"
check markdown 0 "# dbagent report" "$bin" optimize --format markdown "SELECT * FROM orders"
check stdin-query 0 '"optimized_query": "SELECT 1"' sh -c "echo 'SELECT 1' | $bin optimize -f - --format json"

printf '%s\n' '{"task_type":"optimize","query":"SELECT 1"}' '{"task_type":"optimise"}' '' '{"task_type":"optimize","query":"SELECT 2"}' > "$tmp/bulk.jsonl"
check jsonl-exit 2 "" "$bin" run --jsonl "$tmp/bulk.jsonl"
"$bin" run --jsonl "$tmp/bulk.jsonl" > "$tmp/bulk.out" 2>/dev/null
check jsonl-lines 0 "3" sh -c "wc -l < $tmp/bulk.out"
check jsonl-error-line 0 '{"error":{"code":"invalid_request"' sed -n 2p "$tmp/bulk.out"
check jsonl-second-report 0 '"optimized_query":"SELECT 2"' sed -n 3p "$tmp/bulk.out"
check jsonl-schema-shared 0 '"rule":"fk-without-index"' sh -c "echo '{\"task_type\":\"optimize\",\"query\":\"SELECT id FROM orders WHERE user_id = 1\"}' | $bin run --jsonl --schema $schema"

# explain: formats, errors with a line, compare
check explain-json 0 '"rule": "seq-scan-large-filter"' "$bin" explain tests/plans/json/seq-scan-large-filter.json --format json
check explain-text 0 '"rule": "sort-spill"' "$bin" explain tests/plans/text/sort_spill.txt --format json
check explain-stdin 0 '"rule": "slow-node"' sh -c "$bin explain --format json < tests/plans/json/healthy-pk-lookup.json"
check explain-slow-node-first 0 '"rule": "slow-node"' sh -c "$bin explain --format json tests/plans/json/sort-spill.json | grep -m1 '\"rule\"'"
check explain-healthy-no-warning 0 "" sh -c "! $bin explain --format json tests/plans/json/healthy-index-range.json | grep -q '\"severity\": \"warning\"'"
check explain-fix-is-ddl 0 "CREATE INDEX CONCURRENTLY idx_orders_coupon_code ON orders (coupon_code)" "$bin" explain tests/plans/json/seq-scan-large-filter.json --schema $schema --format json
check explain-work-mem 0 "SET LOCAL work_mem = '8MB'" "$bin" explain tests/plans/json/sort-spill.json --format json
check explain-not-a-plan 2 "not an EXPLAIN plan" "$bin" explain --format json "$schema"
head -c 300 tests/plans/json/sort-spill.json > "$tmp/truncated.json"
check explain-truncated-json 2 '"line": ' "$bin" explain --format json "$tmp/truncated.json"
check explain-truncated-json-message 2 "not a valid EXPLAIN JSON plan" "$bin" explain --format json "$tmp/truncated.json"
printf 'Limit  (cost=0.00..1.00 rows=1 width=4)\n  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n->  Seq Scan on u  (cost=0.00..1.00 rows=1 width=4)\n' > "$tmp/bad-indent.txt"
check explain-broken-indentation 2 "line 3" "$bin" explain --format json "$tmp/bad-indent.txt"
check explain-request-field 0 '"rule": "seq-scan-large-filter"' sh -c "python3 -c 'import json; print(json.dumps({\"task_type\": \"optimize\", \"explain\": open(\"tests/plans/json/seq-scan-large-filter.json\").read()}))' | $bin run"
check explain-compare-faster 0 "AFTER is" "$bin" explain --compare tests/plans/json/seq-scan-large-filter.json tests/plans/json/healthy-pk-lookup.json --format json
check explain-compare-removed 0 "removed" "$bin" explain --compare tests/plans/json/sort-spill.json tests/plans/json/healthy-index-range.json --format text
check explain-compare-needs-two 2 "give BEFORE and AFTER" "$bin" explain --compare tests/plans/json/sort-spill.json

# migrate and design
printf 'CREATE INDEX idx_orders_note ON orders (note);\n' > "$tmp/m-critical.sql"
printf "SET lock_timeout = '2s';\nALTER TABLE orders DROP COLUMN note;\n" > "$tmp/m-warning.sql"
check migrate-fails-on-critical 1 '"rule": "create-index-non-concurrently"' "$bin" migrate "$tmp/m-critical.sql" --format json
check migrate-fail-on-none 0 "" "$bin" migrate "$tmp/m-critical.sql" --format json --fail-on none
check migrate-warning-passes 0 '"rule": "drop-column"' "$bin" migrate "$tmp/m-warning.sql" --format json
check migrate-lock-listed 1 '"lock": "SHARE"' "$bin" migrate "$tmp/m-critical.sql" --format json
check migrate-safe-version 1 "CREATE INDEX CONCURRENTLY idx_orders_note" "$bin" migrate "$tmp/m-critical.sql" --format json
check migrate-two-files 1 "m-warning.sql" "$bin" migrate "$tmp/m-critical.sql" "$tmp/m-warning.sql" --format json
check migrate-no-file 2 "give at least one migration file" "$bin" migrate
check migrate-bad-version 2 "--pg-version: expected a major version" "$bin" migrate --pg-version x "$tmp/m-critical.sql"
printf 'ALTER TABLE orders ADD COLUMN;\n' > "$tmp/m-syntax.sql"
check migrate-syntax-error 2 '"code": "syntax_error"' "$bin" migrate "$tmp/m-syntax.sql" --format json
check migrate-sarif 1 '"version": "2.1.0"' "$bin" migrate "$tmp/m-critical.sql" --format sarif
check migrate-sarif-rule 1 '"ruleId": "create-index-non-concurrently"' "$bin" migrate "$tmp/m-critical.sql" --format sarif
check migrate-sarif-file-per-statement 1 "m-warning.sql" "$bin" migrate "$tmp/m-critical.sql" "$tmp/m-warning.sql" --format sarif
check design-needs-input 2 "design: give a schema to review" "$bin" design --format json
check design-choice 0 '"recommended": "Neo4j"' "$bin" design --requirements "friends of friends graph traversal for recommendations" --format json
check design-schema 0 '"rule": "status-without-check"' "$bin" design --schema $schema --format json

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
