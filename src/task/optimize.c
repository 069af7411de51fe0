/* optimize.c — query → findings, rewrite, indexes, plan, cache strategy. */
#include <stdio.h>
#include <string.h>

#include "advise/cache.h"
#include "advise/index.h"
#include "advise/plan.h"
#include "base/sb.h"
#include "engine/engine.h"
#include "model/bind.h"
#include "rules/rules.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */


/* Records on each finding whether its rewrite reached optimized_query. */
static void note_rewrites(rule_ctx_t *rc)
{
    for (int i = 0; i < rc->nrewrites; i++) {
        finding_t *f = rc->rewrite_findings[i];
        const rewrite_t *rw = &rc->rewrites[i];
        finding_evidence(f, rc->arena, "rewrite",
                         rw->applied ? "applied in optimized_query"
                                     : arena_printf(rc->arena, "not applied: %s",
                                                    rw->note ? rw->note : "unsupported shape"));
    }
}

/* The offline analysis: rules, rewrites, index advice, plan, cache strategy. */
static int analyse(arena_t *a, const engine_t *eng, const catalog_t *cat, qm_batch_t *batch,
                   report_t *r, err_t *err)
{
    for (int i = 0; i < batch->nstmts; i++)
        qm_bind(&batch->stmts[i], cat);
    rule_ctx_t rc;
    rule_ctx_init(&rc, a, r, batch, cat, eng);
    rc.only_tables_read = true;
    rules_run(&rc, RF_QUERY);
    if (cat->loaded)
        rules_run(&rc, RF_INDEX);
    if (eng->rewrite(a, batch, rc.rewrites, rc.nrewrites, &r->optimized_query, err) < 0)
        return -1;
    note_rewrites(&rc);
    index_result_t ir = {0};
    advise_indexes(a, r, batch, cat, eng, rc.rewrites, rc.nrewrites, NULL, &ir);
    r->query_plan = advise_plan_text(a, batch, &ir);
    r->cache_strategy = advise_cache(a, batch, cat);
    return 0;
}

static void fill_meta(arena_t *a, const request_t *req, const engine_t *eng,
                      const task_sources_t *src, const qm_batch_t *batch, report_t *r)
{
    r->meta.task_type = task_type_name(req->task_type);
    r->meta.database_type = db_type_name(req->database_type);
    r->meta.query_hash = eng->fingerprint(a, req->query);
    r->meta.source = src->source;
    r->meta.stale = src->stale;
    r->meta.target = src->target;
    r->meta.version = DBAGENT_VERSION;
    r->meta.statements = batch->nstmts;
}

/* A request with a plan and no query: the plan analyzer alone. */
static int optimize_plan_only(arena_t *a, const request_t *req, const task_env_t *env,
                              const engine_t *eng, report_t **out, err_t *err)
{
    report_t *r = report_new(a);
    task_sources_t src;
    int rc = -1;
    if (task_open_sources(a, req, env, eng, r, &src, err) < 0 ||
        task_explain(a, req, eng, src.catalog, r, err) < 0)
        goto cleanup;
    report_sort(r);
    task_summarise(r);
    r->meta.task_type = task_type_name(req->task_type);
    r->meta.database_type = db_type_name(req->database_type);
    r->meta.source = src.source;
    r->meta.stale = src.stale;
    r->meta.version = DBAGENT_VERSION;
    *out = r;
    rc = 0;
cleanup:
    task_close_sources(eng, &src);
    return rc;
}

int task_optimize(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                  err_t *err)
{
    const engine_t *eng = engine_find(db_type_name(req->database_type));
    if (!req->query && req->explain)
        return optimize_plan_only(a, req, env, eng, out, err);
    if (!req->query)
        return err_set_path(err, "/query", "query: required for task optimize (or give "
                                           "\"explain\": a plan to analyse)");
    if (request_check_text("/query", req->query, strlen(req->query), err) < 0)
        return -1;
    qm_batch_t *batch;
    if (eng->parse(a, req->query, &batch, err) < 0) {
        if (err->code == ERR_INVALID_REQUEST && !err->path[0])
            snprintf(err->path, sizeof(err->path), "/query");
        return -1;
    }
    report_t *r = report_new(a);
    task_sources_t src;
    int rc = -1;
    if (task_open_sources(a, req, env, eng, r, &src, err) < 0)
        goto cleanup;
    if (analyse(a, eng, src.catalog, batch, r, err) < 0 ||
        task_validate(a, req, eng, &src, batch, r, err) < 0 ||
        (req->explain && task_explain(a, req, eng, src.catalog, r, err) < 0))
        goto cleanup;
    task_add_assumptions(r, src.catalog);
    report_sort(r);
    task_summarise(r);
    fill_meta(a, req, eng, &src, batch, r);
    *out = r;
    rc = 0;
cleanup:
    task_close_sources(eng, &src);
    return rc;
}
