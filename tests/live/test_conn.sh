#!/usr/bin/env bash
# test_conn.sh BIN_DIR — engine/pg/pg_conn against the test server: the session
# is read-only by construction, writes are refused, a wrong password fails at
# once and is never printed, transient failures are retried with the policy's
# backoff (measured), and the replica takes over when the primary is down.
#
# BIN_DIR is the sanitizer build (build/san, or a binary in it such as
# build/san/dbagent). The C driver tests/live/conn_driver.c is compiled here
# against BIN_DIR's objects (all but main.o, as an archive so only what the
# driver needs is linked). Starts scripts/pg-test.sh when it is not running;
# never stops it. Prints "ok   live NAME" / "FAIL live NAME: why" per case and
# "live-conn: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
bin_dir=${1:-build/san}
[ -d "$bin_dir" ] || bin_dir=$(dirname "$bin_dir")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1}

ok() { echo "ok   live $1"; pass=$((pass + 1)); }
bad() { echo "FAIL live $1: $2"; fail=$((fail + 1)); }
finish() {
    echo "live-conn: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}

# ---- the server and the driver ----------------------------------------------------

if ! env_text=$(scripts/pg-test.sh env 2>/dev/null); then
    if ! env_text=$(scripts/pg-test.sh start 2>"$tmp/start.err"); then
        bad server "scripts/pg-test.sh start failed"
        tail -5 "$tmp/start.err" | sed 's/^/    /'
        finish
    fi
fi
eval "$env_text"

objs=$(find "$bin_dir" -name '*.o' ! -path "$bin_dir/main.o" ! -path "$bin_dir/tests/*" | sort)
if [ -z "$objs" ] || ! grep -q 'pg_conn\.o' <<<"$objs"; then
    bad build "no sanitizer objects with engine/pg/pg_conn.o in $bin_dir (run make build/san/dbagent)"
    finish
fi
# shellcheck disable=SC2086
ar rcs "$tmp/libdbagent.a" $objs
driver=$tmp/conn_driver
if ! cc -std=c11 -Wall -Wextra -Werror -Wshadow -Wvla -D_GNU_SOURCE -Isrc -O1 -g \
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
        tests/live/conn_driver.c "$tmp/libdbagent.a" -lpq -lpg_query -ljansson -lm -lpthread \
        -o "$driver" 2>"$tmp/cc.err"; then
    bad build "conn_driver did not compile"
    head -20 "$tmp/cc.err" | sed 's/^/    /'
    finish
fi

# A TCP port on 127.0.0.1 that nothing listens on.
closed_port() {
    local p
    for p in 5999 6999 7999 15999 25999 35999; do
        [ "$p" = "$PGPORT" ] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    echo 1
}

# drive NAME ARGS… — runs the driver; stdout+stderr in $tmp/NAME.out, exit in $rc.
drive() {
    last=$1
    shift
    "$driver" "$@" > "$tmp/$last.out" 2>&1
    rc=$?
}
# shellcheck disable=SC2317 # called through expect
has() { grep -qF -- "$2" "$tmp/$1.out"; }
count() { grep -cF -- "$2" "$tmp/$1.out"; }
show() { head -c 2000 "$tmp/$1.out" | sed 's/^/    /'; }
# expect NAME WHY CONDITION… — ok when the condition (a command) succeeds;
# otherwise FAIL with the last driver run's output.
expect() {
    local name=$1 why=$2
    shift 2
    if "$@"; then ok "$name"; else bad "$name" "$why"; show "$last"; fi
}

dsn=$DBAGENT_TEST_DSN
closed=$(closed_port)

# ---- the session ---------------------------------------------------------------------

drive session "$dsn" -q "SHOW default_transaction_read_only" -q "SHOW application_name" \
    -q "SHOW statement_timeout" -q "SHOW lock_timeout"
expect session-connects "exit $rc" test "$rc" -eq 0
expect session-read-only "default_transaction_read_only is not on" has session "row: default_transaction_read_only=on"
expect session-application-name "application_name is not dbagent" has session "row: application_name=dbagent"
expect session-statement-timeout "statement_timeout is not 5s" has session "row: statement_timeout=5s"
expect session-lock-timeout "lock_timeout is not 1s" has session "row: lock_timeout=1s"
expect session-describe "describe is not 127.0.0.1:$PGPORT/shop (primary)" \
    has session "connected: 127.0.0.1:$PGPORT/shop (primary)"

# As the superuser, so only the session settings can be what refuses the writes.
drive writes "$dsn" -q "CREATE TABLE dbagent_must_not_exist (a int)" \
    -q "INSERT INTO orders DEFAULT VALUES" -q "SELECT count(*) AS n FROM pg_class WHERE relname = 'dbagent_must_not_exist'"
expect writes-refused "not two 25006 errors" test "$(count writes "query error: 25006:")" -eq 2
expect writes-nothing-created "the table exists" has writes "row: n=0"

drive env-vars - -q "SELECT current_database() AS db"
expect pg-env-variables "PG* variables did not connect to shop" has env-vars "row: db=shop"

# ---- passwords -------------------------------------------------------------------------

drive password-right "postgres://dbagent_pw:s3cret-pw@127.0.0.1:$PGPORT/shop" -q "SELECT current_user AS u"
expect password-right "dbagent_pw with its password did not connect" has password-right "row: u=dbagent_pw"

wrong="Wr0ng-pa55-XYZ"
drive password-wrong --attempts 3 --initial 2000 \
    "host=127.0.0.1 port=$PGPORT dbname=shop user=dbagent_pw password='$wrong'"
expect password-wrong-exit "exit $rc, want 3" test "$rc" -eq 3
expect password-wrong-28P01 "no 28P01 in the error" has password-wrong "SQLSTATE 28P01) (1 attempt)"
expect password-wrong-no-retry "retried a non-transient failure" \
    test "$(count password-wrong '"connection attempt failed"'):$(count password-wrong '"connection retry scheduled"')" = "1:0"
leaks=$(grep -lF -e "s3cret-pw" -e "$wrong" "$tmp"/password-*.out)
expect password-never-printed "found in ${leaks:-?}" test -z "$leaks"

# ---- retry timing ----------------------------------------------------------------------

drive retry --attempts 3 --initial 50 --max 200 --jitter 0.2 \
    "postgres://postgres:not-a-secret-x@127.0.0.1:$closed/shop"
elapsed=$(sed -n 's/^elapsed_ms: //p' "$tmp/retry.out")
delays=$(grep -o '"delay_ms":[0-9]*' "$tmp/retry.out" | cut -d: -f2 | paste -sd+ -)
expect retry-unreachable "exit $rc, want 3 and database_unreachable" \
    has retry "error: database_unreachable: could not connect: primary 127.0.0.1:$closed/shop — connection refused (3 attempts)"
expect retry-three-attempts-logged "want 3 failed attempts and 2 delays logged" \
    test "$(count retry '"connection attempt failed"'):$(count retry '"connection retry scheduled"')" = "3:2"
measured="delays ${delays:-none} ms (expected 50+100 ± 20%), pgc_connect took ${elapsed:-?} ms"
expect "retry-elapsed-within-bounds: $measured" "not within 90..270 ms (60%..180% of 150)" \
    awk -v e="${elapsed:-0}" 'BEGIN { exit !(e >= 90 && e <= 270) }'
expect retry-password-redacted "the DSN's password appears" test "$(count retry not-a-secret-x)" -eq 0

# ---- replica fallback ------------------------------------------------------------------

drive replica --attempts 2 --initial 20 --replica "$dsn" "postgres://postgres@127.0.0.1:$closed/shop" \
    -q "SHOW default_transaction_read_only"
expect replica-connects "exit $rc" test "$rc" -eq 0
expect replica-described "not described as the replica" has replica "connected: 127.0.0.1:$PGPORT/shop (replica)"
expect replica-flag "live_t.replica is not set" has replica "replica: yes"
expect replica-read-only "the replica session is not read-only" has replica "row: default_transaction_read_only=on"
expect replica-after-primary-retries "want 2 failed primary attempts and 1 delay logged" \
    test "$(count replica '"role":"primary"')" -eq 3

drive all-down --attempts 1 --replica "host=127.0.0.1 port=$closed dbname=r password=hide-me-2" \
    "postgres://u:hide-me-1@127.0.0.1:$closed/p"
expect all-down-lists-targets "the error does not list both targets" has all-down \
    "could not connect: primary 127.0.0.1:$closed/p — connection refused (1 attempt); replica 127.0.0.1:$closed/r — connection refused (1 attempt)"
expect all-down-exit "exit $rc, want 3" test "$rc" -eq 3
expect all-down-no-passwords "a password appears" test "$(count all-down hide-me)" -eq 0

finish
