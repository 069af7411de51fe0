/* pg_engine.c — the PostgreSQL engine's table of functions. */
#include <stdio.h>
#include <string.h>

#include "engine/pg/pg.h"
#include "engine/pg/pg_conn.h"
#include "engine/pg/pg_ddl.h"
#include "engine/pg/pg_explain.h"
#include "engine/pg/pg_introspect.h"
#include "engine/pg/pg_migrate.h"
#include "engine/pg/pg_migrate_safe.h"
#include "engine/pg/pg_lower.h"
#include "engine/pg/pg_rewrite.h"
#include "engine/pg/pg_stat.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static int pg_parse(arena_t *a, const char *text, qm_batch_t **out, err_t *err)
{
    PgQuery__ParseResult *pr;
    pgt_packed_t *packed = arena_alloc(a, sizeof(*packed));
    if (pgt_parse(a, text, &pr, packed, err) < 0)
        return -1;
    if (pr->n_stmts == 0)
        return err_set_path(err, "/query", "query: no SQL statement found (only comments or "
                                           "white space)");
    if (pg_lower(a, text, pr, out) < 0)
        return err_set(err, ERR_INTERNAL, "could not lower the parse tree");
    (*out)->engine_data = packed;
    /* Per-statement fingerprints group repeated shapes (N+1); one statement's is
     * the whole input's, so it is not computed twice. */
    for (int i = 0; i < (*out)->nstmts && (*out)->nstmts > 1; i++) {
        PgQueryFingerprintResult fr = pg_query_fingerprint((*out)->stmts[i].text);
        if (!fr.error)
            (*out)->stmts[i].fingerprint = arena_strdup(a, fr.fingerprint_str);
        pg_query_free_fingerprint_result(fr);
    }
    return 0;
}

static const char *pg_fingerprint(arena_t *a, const char *text)
{
    PgQueryFingerprintResult fr = pg_query_fingerprint(text);
    const char *out = fr.error ? NULL : arena_strdup(a, fr.fingerprint_str);
    pg_query_free_fingerprint_result(fr);
    return out;
}

static const char *pg_quote(arena_t *a, const char *ident)
{
    return pgt_quote_ident(a, ident);
}

const engine_t pg_engine = {
    .name = "postgresql",
    .parse = pg_parse,
    .load_ddl = pg_load_ddl,
    .rewrite = pg_rewrite,
    .fingerprint = pg_fingerprint,
    .quote_ident = pg_quote,
    .connect = pgc_connect,
    .live_describe = pgc_describe,
    .load_live = pgi_load,
    .explain = pg_explain,
    .whatif = pg_whatif,
    .has_hypopg = pg_has_hypopg,
    .parse_plan = pg_parse_plan,
    .lower_migration = pg_migrate_lower,
    .safe_migration = pg_migrate_safe,
    .plan_text = pg_plan_text,
    .stat_statements = pg_stat_statements,
    .disconnect = pgc_close,
};
