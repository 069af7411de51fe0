/* pg_stat.c — pg_stat_statements read live, for `dbagent digest --db`. */
#include "engine/pg/pg_stat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pg/pg_conn.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* Column names changed in PostgreSQL 13 (total_time → total_exec_time). */
static const char *stat_sql(const live_t *l)
{
    if (l->server_version_num >= 130000)
        return "SELECT s.query, s.calls, s.total_exec_time AS total, s.min_exec_time AS min,"
               " s.max_exec_time AS max, s.mean_exec_time AS mean, s.rows, r.rolname, d.datname"
               " FROM pg_stat_statements s LEFT JOIN pg_roles r ON r.oid = s.userid"
               " LEFT JOIN pg_database d ON d.oid = s.dbid WHERE s.calls > 0"
               " ORDER BY s.total_exec_time DESC LIMIT $1";
    return "SELECT s.query, s.calls, s.total_time AS total, s.min_time AS min,"
           " s.max_time AS max, s.mean_time AS mean, s.rows, r.rolname, d.datname"
           " FROM pg_stat_statements s LEFT JOIN pg_roles r ON r.oid = s.userid"
           " LEFT JOIN pg_database d ON d.oid = s.dbid WHERE s.calls > 0"
           " ORDER BY s.total_time DESC LIMIT $1";
}

static double num(const char *s)
{
    return s ? strtod(s, NULL) : -1;
}

int pg_stat_statements(live_t *l, int limit, stat_statement_t **out, int *n, err_t *err)
{
    pgc_rows_t ext;
    if (pgc_query(l, "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'", 0, NULL,
                  &ext, err) < 0)
        return -1;
    if (ext.nrows == 0)
        return err_set(err, ERR_INVALID_REQUEST,
                       "pg_stat_statements is not installed in this database: add it to "
                       "shared_preload_libraries, restart, and CREATE EXTENSION "
                       "pg_stat_statements; (or give log files)");
    char lim[32];
    snprintf(lim, sizeof(lim), "%d", limit > 0 ? limit : 5000);
    const char *params[] = {lim};
    pgc_rows_t rows;
    if (pgc_query(l, stat_sql(l), 1, params, &rows, err) < 0)
        return -1;
    *out = arena_calloc(l->arena, (size_t)rows.nrows + 1, sizeof(stat_statement_t));
    *n = rows.nrows;
    for (int i = 0; i < rows.nrows; i++) {
        stat_statement_t *s = &(*out)[i];
        s->query = pgc_get(&rows, i, "query");
        s->user = pgc_get(&rows, i, "rolname");
        s->db = pgc_get(&rows, i, "datname");
        s->calls = (long long)num(pgc_get(&rows, i, "calls"));
        s->rows = (long long)num(pgc_get(&rows, i, "rows"));
        s->total_ms = num(pgc_get(&rows, i, "total"));
        s->min_ms = num(pgc_get(&rows, i, "min"));
        s->max_ms = num(pgc_get(&rows, i, "max"));
        s->mean_ms = num(pgc_get(&rows, i, "mean"));
    }
    return 0;
}
