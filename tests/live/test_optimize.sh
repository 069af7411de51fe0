#!/usr/bin/env bash
# `optimize --db` against the test server: real plans, HypoPG what-if, read-only
# EXPLAIN ANALYZE, retry, replica and snapshot fallbacks, snapshots, passwords.
# Expects the PG* variables and DBAGENT_TEST_DSN of scripts/pg-test.sh env.
set -uo pipefail
bin=${1:-build/san/dbagent}
dsn=$DBAGENT_TEST_DSN
ro="postgres://dbagent_ro@127.0.0.1:$PGPORT/shop"
closed="postgres://postgres@127.0.0.1:1/shop"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { echo "ok   live $1"; pass=$((pass + 1)); }
bad() { echo "FAIL live $1: $2"; fail=$((fail + 1)); }

# run NAME CMD… — runs and keeps stdout in $tmp/NAME.out, stderr in .err, exit in $rc.
run() {
    local name=$1
    shift
    "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
    rc=$?
}
# jq-less JSON checks: python3 evaluates an expression over the report `r`.
check_json() {
    local name=$1 expr=$2
    if python3 -c "import json,sys; r=json.load(open('$tmp/$name.out')); sys.exit(0 if ($expr) else 1)" 2>/dev/null; then
        ok "$name"
    else
        bad "$name" "expected: $expr"
        head -c 1500 "$tmp/$name.out" | sed 's/^/    /'
        head -5 "$tmp/$name.err" | sed 's/^/    /'
    fi
}

run advice-validated "$bin" optimize --db "$ro" --format json \
    "SELECT id, total FROM orders WHERE user_id = 4242 ORDER BY created_at DESC LIMIT 20"
check_json advice-validated "r['meta']['source'] == 'live' and len(r['indexes']) == 1 and r['indexes'][0]['validated_by'] == 'hypopg' and r['indexes'][0]['columns'][0] == 'user_id' and r['indexes'][0]['cost_after'] < r['indexes'][0]['cost_before'] and r['indexes'][0]['size_bytes'] > 0"
cp "$tmp/advice-validated.out" "$tmp/plan-shows-real-nodes.out"
check_json plan-shows-real-nodes "('Seq Scan on orders' in r['analysis']['query_plan'] or 'Index Scan' in r['analysis']['query_plan']) and 'cost=' in r['analysis']['query_plan']"

run already-served "$bin" optimize --db "$ro" --format json \
    "SELECT id FROM orders WHERE created_at >= '2024-01-01' AND created_at < '2024-01-02'"
check_json already-served "r['indexes'] == [] and 'Index' in r['analysis']['query_plan']"

run generic-plan "$bin" optimize --db "$ro" --format json \
    "SELECT id FROM orders WHERE user_id = \$1 AND status = \$2"
check_json generic-plan "r['meta']['source'] == 'live' and 'orders' in r['analysis']['query_plan'] and all(i['validated_by'] in ('hypopg', 'model') for i in r['indexes'])"

run join-combination "$bin" optimize --db "$ro" --format json \
    "SELECT o.id, i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.user_id = 77"
check_json join-combination "any(i['table'] == 'orders' and i['validated_by'] == 'hypopg' for i in r['indexes'])"

run gin-stays-model "$bin" optimize --db "$ro" --format json \
    "SELECT id FROM products WHERE description LIKE '%waterproof%'"
check_json gin-stays-model "all(i['validated_by'] == 'model' and 'cannot simulate' in i['reason'] for i in r['indexes']) and len(r['indexes']) >= 1"

run analyze-select "$bin" optimize --db "$ro" --analyze --format json "SELECT count(*) FROM users WHERE status = 'banned'"
check_json analyze-select "'Execution Time' in r['analysis']['query_plan'] and ' ms ' in r['analysis']['query_plan'] and any(f['rule'] == 'slow-node' for f in r['findings'])"

run analyze-write-refused "$bin" optimize --db "$dsn" --analyze --format json "DELETE FROM order_items WHERE id < 100"
if [ "$rc" = 2 ] && grep -q "analyze-writes" "$tmp/analyze-write-refused.out"; then ok analyze-write-refused; else bad analyze-write-refused "exit $rc: $(head -c 300 "$tmp/analyze-write-refused.out")"; fi

run analyze-write-rolled-back "$bin" optimize --db "$dsn" --analyze --analyze-writes --format json "DELETE FROM order_items WHERE id < 100"
check_json analyze-write-rolled-back "'Delete on order_items' in r['analysis']['query_plan'] and 'Execution Time' in r['analysis']['query_plan']"
left=$(psql -X -At -d shop -c "SELECT count(*) FROM order_items WHERE id < 100")
if [ "$left" = 99 ]; then ok write-was-rolled-back; else bad write-was-rolled-back "rows left: $left"; fi

run write-only-explained "$bin" optimize --db "$dsn" --format json "UPDATE products SET active = false WHERE id = 1"
check_json write-only-explained "'Update on products' in r['analysis']['query_plan'] and 'actual' not in r['analysis']['query_plan']"
active=$(psql -X -At -d shop -c "SELECT active FROM products WHERE id = 1")
[ "$active" = t ] && ok write-not-executed || bad write-not-executed "products.active is now $active"

run analyze-write-without-privilege "$bin" optimize --db "$ro" --analyze --analyze-writes --format json "UPDATE products SET active = false WHERE id = 1"
check_json analyze-write-without-privilege "'EXPLAIN failed' in r['analysis']['query_plan'] and 'permission denied' in r['analysis']['query_plan']"

run wrong-password "$bin" optimize --db "postgres://dbagent_pw:wr0ngpass@127.0.0.1:$PGPORT/shop" --retry-initial-ms 10 --format json "SELECT 1"
if [ "$rc" = 3 ] && ! grep -q "wr0ngpass" "$tmp/wrong-password.out" "$tmp/wrong-password.err" && grep -q "password" "$tmp/wrong-password.out"; then
    ok wrong-password-never-printed
else
    bad wrong-password-never-printed "exit $rc; output: $(cat "$tmp/wrong-password.out" "$tmp/wrong-password.err" | head -c 400)"
fi

start=$(date +%s%N)
run retry-closed-port "$bin" optimize --db "$closed" --retry-attempts 3 --retry-initial-ms 100 --retry-max-ms 1000 --format json "SELECT 1"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
attempts=$(grep -c '"attempt' "$tmp/retry-closed-port.err")
# two waits: 100 and 200 ms, each ±20%: 240..360 ms, plus process and connect time
if [ "$rc" = 3 ] && [ "$ms" -ge 240 ] && [ "$ms" -lt 2000 ] && [ "$attempts" -ge 3 ]; then
    ok "retry-closed-port (${ms} ms, $attempts attempt lines)"
else
    bad retry-closed-port "exit $rc, ${ms} ms, $attempts attempt lines: $(head -c 300 "$tmp/retry-closed-port.out")"
fi
grep -q "3 attempts" "$tmp/retry-closed-port.out" && ok retry-message-says-what-was-tried || bad retry-message-says-what-was-tried "$(head -c 300 "$tmp/retry-closed-port.out")"

run replica-fallback "$bin" optimize --db "$closed" --replica "$ro" --retry-attempts 1 --format json "SELECT id FROM users WHERE id = 1"
check_json replica-fallback "r['meta']['source'] == 'live' and 'replica' in r['meta']['target']"

run snapshot-write "$bin" snapshot --db "$ro" -o "$tmp/shop.snapshot.json"
if [ "$rc" = 0 ] && python3 -c "import json; s=json.load(open('$tmp/shop.snapshot.json')); assert s['dbagent_snapshot'] == 1; t={x['name']: x for x in s['tables']}; assert t['orders']['rows'] > 900000" 2>/dev/null; then
    ok snapshot-write
else
    bad snapshot-write "exit $rc $(head -c 300 "$tmp/snapshot-write.err")"
fi
run snapshot-no-values "$bin" snapshot --db "$ro" --no-values -o "$tmp/novalues.json"
if [ "$rc" = 0 ] && ! grep -q '"most_common_vals"' "$tmp/novalues.json" && grep -q '"most_common_vals"' "$tmp/shop.snapshot.json" && ! grep -q '"histogram_bounds"' "$tmp/novalues.json"; then ok snapshot-no-values; else bad snapshot-no-values "exit $rc"; fi

run snapshot-offline "$bin" optimize --snapshot "$tmp/shop.snapshot.json" --format json "SELECT id FROM orders WHERE user_id = 5"
check_json snapshot-offline "r['meta']['source'] == 'snapshot' and r['meta']['stale'] == False and r['indexes'][0]['columns'][0] == 'user_id'"

run snapshot-fallback "$bin" optimize --db "$closed" --snapshot "$tmp/shop.snapshot.json" --retry-attempts 1 --format json "SELECT id FROM orders WHERE user_id = 5"
check_json snapshot-fallback "r['meta']['source'] == 'snapshot' and r['meta']['stale'] == True"

python3 -c "import json; s=json.load(open('$tmp/shop.snapshot.json')); s['dbagent_snapshot']=99; json.dump(s, open('$tmp/v99.json','w'))"
run snapshot-bad-version "$bin" optimize --snapshot "$tmp/v99.json" --format json "SELECT 1"
if [ "$rc" = 2 ] && grep -q "99" "$tmp/snapshot-bad-version.out"; then ok snapshot-bad-version; else bad snapshot-bad-version "exit $rc: $(head -c 300 "$tmp/snapshot-bad-version.out")"; fi

nohypo="postgres://dbagent_ro@127.0.0.1:$PGPORT/nohypo"
run hypopg-missing "$bin" optimize --db "$nohypo" --format json "SELECT id FROM items WHERE owner_id = 7"
check_json hypopg-missing "any(f['rule'] == 'hypopg-not-installed' for f in r['findings']) and all(i['validated_by'] == 'model' for i in r['indexes'])"
run live-hygiene "$bin" optimize --db "$nohypo" --format json "SELECT id FROM items WHERE label = 'item 5'"
check_json live-hygiene "any(f['rule'] == 'invalid-index' for f in r['findings'])"
run unused-index "$bin" optimize --db "$nohypo" --format json "SELECT id FROM items WHERE id = 5"
check_json unused-index "any(f['rule'] == 'unused-index' and f['evidence']['index'] == 'items_label' for f in r['findings'])"

echo "live-optimize: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
