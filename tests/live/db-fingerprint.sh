#!/usr/bin/env bash
# db-fingerprint.sh DSN — print a fingerprint of the contents of schema public.
#
# Output, one line each:
#   <table> <row count> <hash of all rows>         (per table in public, by name)
#   relations <count> <md5 of the sorted (relname, relkind) list of schema public>
#
# Run it before and after the live suite: identical output means the suite
# changed no row and created or dropped no table, index, sequence or view.
# Read-only itself (the session is default_transaction_read_only).
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
    echo "usage: ${0##*/} DSN" >&2
    exit 2
fi
dsn=$1
PSQL=${PSQL:-psql}
if ! command -v "$PSQL" >/dev/null 2>&1 && [[ -x /usr/lib/postgresql/15/bin/psql ]]; then
    PSQL=/usr/lib/postgresql/15/bin/psql
fi

# Per table: a 64-bit hash of each row's text form, summed over all rows
# (order-independent, so no sort and parallel-safe), with the row count.
# Tables are listed by name in the C collation so the order does not depend on
# the database's locale.
"$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$dsn" <<'EOF'
SET default_transaction_read_only = on;
SET application_name = 'db-fingerprint';
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT format(
         $q$SELECT %L || ' ' || count(*) || ' '
                   || md5(coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)::text)
            FROM %I.%I AS t$q$,
         c.relname, n.nspname, c.relname)
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
  AND c.relkind IN ('r', 'p')
  AND c.relpersistence <> 't'
ORDER BY c.relname COLLATE "C"
\gexec
SELECT 'relations ' || count(*) || ' '
       || md5(coalesce(string_agg(c.relname || ':' || c.relkind::text, E'\n' ORDER BY c.relname COLLATE "C", c.relkind), ''))
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
  AND c.relpersistence <> 't';
COMMIT;
EOF
