/* migrate.c — migration safety: each statement's lock and effect for the target
 * server version, the migration rules with context across the file(s), and the
 * safe version of the whole migration in optimized_query. With --db, table sizes
 * turn into duration estimates and scale the severities. */
#include <stdio.h>
#include <string.h>

#include "rules/migration_rules.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static int pg_version_of(const request_t *req, const catalog_t *cat)
{
    if (req->options.pg_version)
        return req->options.pg_version;
    if (cat && cat->server_version_num >= 90000)
        return cat->server_version_num / 10000;
    return 15;
}

static int lower_files(arena_t *a, const request_t *req, const engine_t *eng,
                       const catalog_t *cat, migration_t *m, err_t *err)
{
    if (req->nfiles == 0) {
        if (!req->query)
            return err_set_path(err, "/query", "query: required for task migrate (the "
                                               "migration's SQL)");
        return eng->lower_migration(a, "query.sql", req->query, m->pg_version, cat, m, err);
    }
    for (int i = 0; i < req->nfiles; i++)
        if (eng->lower_migration(a, req->files[i], req->file_texts[i], m->pg_version, cat, m,
                                 err) < 0)
            return -1;
    return 0;
}

int task_migrate(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                 err_t *err)
{
    const engine_t *eng = engine_find(db_type_name(req->database_type));
    if (!eng->lower_migration)
        return err_set(err, ERR_NOT_IMPLEMENTED, "migrate is implemented for postgresql only");
    report_t *r = report_new(a);
    task_sources_t src;
    int rc = -1;
    migration_t *m = arena_alloc(a, sizeof(*m));
    if (task_open_sources(a, req, env, eng, r, &src, err) < 0)
        goto cleanup;
    m->pg_version = pg_version_of(req, src.catalog);
    if (lower_files(a, req, eng, src.catalog, m, err) < 0)
        goto cleanup;
    mig_rule_ctx_t mc = {.arena = a, .report = r, .mig = m, .catalog = src.catalog,
                         .quote = eng->quote_ident};
    migration_rules_run(&mc);
    r->optimized_query = eng->safe_migration(a, m);
    r->migration = m;
    report_sort(r);
    task_summarise(r);
    if (!src.catalog->has_stats)
        report_add_assumption(r, arena_printf(a, "Locks are PostgreSQL %d's; without --db "
                                                 "table sizes are unknown, so durations are "
                                                 "not estimated and severities are the rules' "
                                                 "defaults",
                                              m->pg_version));
    r->meta.task_type = task_type_name(req->task_type);
    r->meta.database_type = db_type_name(req->database_type);
    r->meta.source = src.source;
    r->meta.stale = src.stale;
    r->meta.target = src.target;
    r->meta.version = DBAGENT_VERSION;
    r->meta.statements = m->nstmts;
    *out = r;
    rc = 0;
cleanup:
    task_close_sources(eng, &src);
    return rc;
}
