#!/usr/bin/env bash
# pg-test.sh — a private, throw-away PostgreSQL 15 for dbagent's live tests.
#
#   scripts/pg-test.sh start    initdb + start + load the shop example (idempotent)
#   scripts/pg-test.sh stop     stop the server and remove its directory
#   scripts/pg-test.sh status   exit 0 if running, 3 if not
#   scripts/pg-test.sh env      print the env file (source it: eval "$(… env)")
#
# Never touches a system cluster (e.g. Debian's 15/main on 5432): the server
# lives in its own directory, listens on 127.0.0.1 only, on a free port >= 54320.
#
# Environment:
#   DBAGENT_PG_DIR   state directory            (default /tmp/dbagent-pg)
#   DBAGENT_PG_BIN   PostgreSQL 15 binaries     (default /usr/lib/postgresql/15/bin)
#   DBAGENT_PG_PORT  first port to try          (default 54320)
#
# The database `shop` has hypopg, pg_trgm and pg_stat_statements, the schema
# examples/shop/schema.sql and the data tests/live/fixtures/shop-data.sql.
# Roles: postgres (superuser, trust), dbagent_ro (read-only, trust),
# dbagent_pw (read-only, password 's3cret-pw', scram-sha-256 required).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
SCHEMA_SQL="$REPO_ROOT/examples/shop/schema.sql"
DATA_SQL="$REPO_ROOT/tests/live/fixtures/shop-data.sql"

DIR=${DBAGENT_PG_DIR:-/tmp/dbagent-pg}
PG_BIN=${DBAGENT_PG_BIN:-/usr/lib/postgresql/15/bin}
FIRST_PORT=${DBAGENT_PG_PORT:-54320}
PORT_SPAN=200

PW_USER=dbagent_pw
PW_PASSWORD=s3cret-pw
RO_USER=dbagent_ro

# Settings from the caller's environment must not redirect our own psql calls.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^PG' || true)

prog=${0##*/}
say()  { printf '%s: %s\n' "$prog" "$*" >&2; }
die()  { say "error: $*"; exit 1; }

usage() {
    echo "usage: $prog start|stop|status|env" >&2
    exit 2
}

# ------------------------------------------------------------------ paths
set_paths() {
    case $DIR in
        /*) ;;
        *) DIR="$(pwd -P)/$DIR" ;;
    esac
    DIR=${DIR%/}
    [[ -n $DIR && $DIR != / ]] || die "DBAGENT_PG_DIR must not be '/'"
    DATA="$DIR/data"
    SOCK="$DIR/sock"
    LOG="$DIR/server.log"
    ENV_FILE="$DIR/env"
    PORT_FILE="$DIR/port"
    MARKER="$DIR/.dbagent-pg"   # says: this directory is ours to delete
    READY="$DIR/ready"          # says: setup finished
}

# ------------------------------------------------------------------ running things
# Server-side programs run as the `postgres` OS user when we are root
# (initdb refuses to run as root); otherwise as the current user.
as_pg() {
    # fd 9 is our lock; the postmaster must not inherit it.
    if [[ $EUID -eq 0 ]]; then
        (cd "$DIR" && runuser -u postgres -- "$@" 9>&-)
    else
        (cd "$DIR" && "$@" 9>&-)
    fi
}

# psql as the superuser over the private unix socket.
sql() {
    PGOPTIONS='-c client_min_messages=warning' \
        "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -U postgres "$@"
}

log_tail() {
    if [[ -s $LOG ]]; then
        say "last lines of $LOG:"
        tail -n 30 "$LOG" | sed 's/^/    /' >&2
    fi
}

is_running() {
    [[ -f $DATA/PG_VERSION ]] || return 1
    as_pg "$PG_BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

# Set up, running and answering on its socket.
is_ready() {
    [[ -f $READY && -f $ENV_FILE && -f $PORT_FILE ]] || return 1
    is_running || return 1
    "$PG_BIN/pg_isready" -q -h "$SOCK" -p "$(cat "$PORT_FILE")" -t 5 >/dev/null 2>&1
}

port_in_use() {
    local p=$1
    if command -v ss >/dev/null 2>&1; then
        [[ -n $(ss -Hltn "sport = :$p" 2>/dev/null) ]] && return 0
    fi
    # Fallback, and a second opinion: can we connect to it?
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 0
    return 1
}

pick_port() {
    local p
    for ((p = $1; p < FIRST_PORT + PORT_SPAN; p++)); do
        if ! port_in_use "$p"; then
            echo "$p"
            return 0
        fi
    done
    die "no free TCP port in $FIRST_PORT..$((FIRST_PORT + PORT_SPAN - 1)) on 127.0.0.1"
}

write_env() {
    cat >"$ENV_FILE.tmp" <<EOF
export PGHOST=127.0.0.1 PGPORT=$PORT PGDATABASE=shop PGUSER=postgres
export DBAGENT_TEST_DSN=postgres://postgres@127.0.0.1:$PORT/shop
EOF
    mv "$ENV_FILE.tmp" "$ENV_FILE"
}

# ------------------------------------------------------------------ checks
preflight() {
    [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl && -x $PG_BIN/psql ]] ||
        die "PostgreSQL 15 not found in $PG_BIN (apt-get install -y postgresql-15 postgresql-15-hypopg postgresql-contrib)"
    local ext
    ext="$("$PG_BIN/pg_config" --sharedir)/extension"
    [[ -f $ext/hypopg.control ]] ||
        die "hypopg is not installed in $ext (apt-get install -y postgresql-15-hypopg)"
    [[ -f $ext/pg_trgm.control && -f $ext/pg_stat_statements.control ]] ||
        die "pg_trgm/pg_stat_statements not installed in $ext (apt-get install -y postgresql-contrib)"
    [[ -r $SCHEMA_SQL ]] || die "schema not found: $SCHEMA_SQL"
    [[ -r $DATA_SQL ]] || die "fixture not found: $DATA_SQL"
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user"
        command -v runuser >/dev/null 2>&1 || die "runuser (util-linux) is needed when running as root"
    fi
    # unix socket paths are limited to 107 bytes
    ((${#SOCK} + 18 <= 107)) || die "DBAGENT_PG_DIR is too long for a unix socket path: $DIR"
}

# Remove $DIR, but only if it is ours (or empty).
remove_dir() {
    [[ -e $DIR ]] || return 0
    if [[ -f $MARKER ]] || [[ -d $DIR && -z $(ls -A "$DIR") ]]; then
        rm -rf -- "$DIR"
    else
        die "$DIR exists and was not created by $prog; refusing to delete it (set DBAGENT_PG_DIR elsewhere)"
    fi
}

# ------------------------------------------------------------------ setup steps
init_cluster() {
    mkdir -p "$DIR" "$SOCK"
    touch "$MARKER"
    chmod 0755 "$DIR"
    chmod 0700 "$SOCK"
    if [[ $EUID -eq 0 ]]; then
        chown postgres: "$DIR" "$SOCK"
        as_pg test -w "$DIR" || die "the postgres OS user cannot write to $DIR (is a parent directory private?)"
    fi

    local locale=C
    if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then locale=C.UTF-8; fi

    if ! as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale="$locale" \
            --auth-local=trust --auth-host=trust >"$DIR/initdb.log" 2>&1; then
        tail -n 20 "$DIR/initdb.log" | sed 's/^/    /' >&2
        die "initdb failed (log: $DIR/initdb.log)"
    fi

    cat >>"$DATA/postgresql.conf" <<EOF

# ---- dbagent test server (scripts/pg-test.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK'
shared_preload_libraries = 'pg_stat_statements'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = '4GB'
checkpoint_timeout = '30min'
maintenance_work_mem = '256MB'
track_io_timing = on
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    # The port lives in its own include so a restart on another port is a
    # one-line rewrite.
    echo "include_if_exists = 'port.conf'" >>"$DATA/postgresql.conf"

    cat >"$DATA/pg_hba.conf" <<EOF
# dbagent test server: trust everyone on this machine, except $PW_USER,
# which must present its password (tests that a password never leaks).
# TYPE  DATABASE  USER         ADDRESS        METHOD
local   all       $PW_USER                    scram-sha-256
host    all       $PW_USER     127.0.0.1/32   scram-sha-256
local   all       all                         trust
host    all       all          127.0.0.1/32   trust
EOF
    if [[ $EUID -eq 0 ]]; then chown postgres: "$DATA/postgresql.conf" "$DATA/pg_hba.conf"; fi
}

# Start on a free port; if someone grabs the port between our check and the
# bind, try the next one.
start_server() {
    local try p=$FIRST_PORT
    for try in 1 2 3 4 5; do
        p=$(pick_port "$p")
        echo "port = $p" >"$DATA/port.conf"
        if [[ $EUID -eq 0 ]]; then chown postgres: "$DATA/port.conf"; fi
        : >"$LOG"
        if [[ $EUID -eq 0 ]]; then chown postgres: "$LOG"; fi
        if as_pg "$PG_BIN/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 -s >/dev/null 2>&1; then
            PORT=$p
            echo "$PORT" >"$PORT_FILE"
            return 0
        fi
        if grep -qE 'could not (bind|create listen socket)|Address already in use' "$LOG"; then
            say "port $p was taken meanwhile, trying the next one"
            p=$((p + 1))
            continue
        fi
        log_tail
        die "the server did not start (data: $DATA)"
    done
    log_tail
    die "the server did not start after $try attempts"
}

load_database() {
    sql -d postgres -c "CREATE DATABASE shop"
    sql -d shop <<'EOF'
CREATE EXTENSION IF NOT EXISTS hypopg;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
EOF
    sql -d shop -f "$SCHEMA_SQL"
    sql -d shop -f "$DATA_SQL" >/dev/null
    # VACUUM as well as ANALYZE: sets the visibility map, so autovacuum has
    # nothing left to do and plans do not drift during the tests.
    sql -d shop -c "VACUUM (ANALYZE)"
    sql -d shop -o /dev/null <<EOF
CREATE ROLE $RO_USER LOGIN;
CREATE ROLE $PW_USER LOGIN PASSWORD '$PW_PASSWORD';
GRANT pg_read_all_stats TO $RO_USER, $PW_USER;
GRANT CONNECT ON DATABASE shop TO $RO_USER, $PW_USER;
GRANT USAGE ON SCHEMA public TO $RO_USER, $PW_USER;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO $RO_USER, $PW_USER;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO $RO_USER, $PW_USER;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO $RO_USER, $PW_USER;
SELECT pg_stat_statements_reset();
EOF
}

# ------------------------------------------------------------------ commands
cmd_start() {
    preflight
    if is_ready; then
        cat "$ENV_FILE"
        return 0
    fi
    if [[ -e $DIR ]]; then
        # Left over from a crash, a failed setup or a reboot: start afresh.
        [[ ! -f $MARKER ]] || say "removing stale $DIR"
        if is_running; then as_pg "$PG_BIN/pg_ctl" stop -D "$DATA" -m immediate -w -s >/dev/null 2>&1 || true; fi
        remove_dir
    fi

    local t0=$SECONDS
    init_cluster
    start_server
    say "server up on 127.0.0.1:$PORT, loading the shop database..."

    trap 'on_setup_exit' EXIT
    load_database
    write_env
    touch "$READY"
    trap - EXIT

    say "ready in $((SECONDS - t0)) s (dir $DIR)"
    cat "$ENV_FILE"
}

# A failed setup leaves no half-loaded server running (the files stay for
# inspection; the next start or stop removes them).
on_setup_exit() {
    local rc=$?
    trap - EXIT
    if [[ $rc -ne 0 ]]; then
        log_tail
        say "error: setup failed; server stopped, files kept in $DIR ('$prog stop' removes them)"
        as_pg "$PG_BIN/pg_ctl" stop -D "$DATA" -m immediate -w -s >/dev/null 2>&1 || true
    fi
    exit $((rc != 0))
}

cmd_stop() {
    if [[ ! -e $DIR ]]; then
        say "not running (no $DIR)"
        return 0
    fi
    if [[ ! -f $MARKER ]]; then
        die "$DIR was not created by $prog; leaving it alone"
    fi
    if is_running; then
        if ! as_pg "$PG_BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 -s >/dev/null 2>&1; then
            log_tail
            say "fast shutdown failed, trying immediate"
            as_pg "$PG_BIN/pg_ctl" stop -D "$DATA" -m immediate -w -t 30 -s >/dev/null 2>&1 ||
                die "could not stop the server in $DATA"
        fi
        say "stopped"
    else
        say "not running"
    fi
    remove_dir
}

cmd_status() {
    if is_ready; then
        echo "running on 127.0.0.1:$(cat "$PORT_FILE") (dir $DIR)"
        return 0
    fi
    if is_running; then
        echo "starting or broken: server process up but not ready (dir $DIR)"
    else
        echo "not running"
    fi
    return 3
}

cmd_env() {
    if is_ready; then
        cat "$ENV_FILE"
        return 0
    fi
    die "not running; use '$prog start'"
}

[[ $# -eq 1 ]] || usage
set_paths

# One command at a time per directory (start takes a while; a second start
# must wait and then just print the env).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$DIR.lock"
    flock -w 300 9 || die "timed out waiting for another $prog on $DIR"
fi

case $1 in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    env)    cmd_env ;;
    *)      usage ;;
esac
