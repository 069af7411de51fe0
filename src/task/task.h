/* task.h — running a request: one task per task_type, orchestration only.
 *
 * A task builds the report in the request's arena. The environment carries what
 * the front door prepared once for many requests (a catalog loaded from
 * --schema). Tasks fill err_t and return -1; they never print or exit. */
#ifndef DBAGENT_TASK_H
#define DBAGENT_TASK_H

#include "engine/engine.h"
#include "model/catalog.h"
#include "model/report.h"
#include "model/request.h"
#include "workload/digest.h"

#ifndef DBAGENT_VERSION
#define DBAGENT_VERSION "dev" /* the Makefile sets the release's */
#endif

typedef struct {
    const catalog_t *catalog; /* shared, read-only; NULL when none */
    live_opts_t live;         /* timeouts and retry policy for connections */
    bool live_set;            /* live holds the CLI's values (else defaults) */
} task_env_t;

/* Where a task's catalog came from, and the open session if any. */
typedef struct {
    const catalog_t *catalog;
    live_t *live;             /* NULL offline */
    const char *source;       /* "offline", "live", "snapshot" */
    bool stale;
    const char *target;       /* redacted description of the live target */
} task_sources_t;

/* Opens what the request names: a live connection (retry, then the replica, then
 * the stale snapshot), a snapshot, a schema, or the shared catalog. */
int task_open_sources(arena_t *a, const request_t *req, const task_env_t *env,
                      const engine_t *eng, report_t *r, task_sources_t *out, err_t *err) MUST_CHECK;
void task_close_sources(const engine_t *eng, task_sources_t *s);
void task_live_defaults(live_opts_t *o);

/* With a live session: real plans into query_plan, and index advice measured with
 * HypoPG (kept only when used and at least min_improvement % cheaper). */
int task_validate(arena_t *a, const request_t *req, const engine_t *eng, task_sources_t *src,
                  qm_batch_t *batch, report_t *r, err_t *err) MUST_CHECK;

/* The index DDL as hypopg_create_index takes it, and whether HypoPG can. */
const char *task_hypo_sql(arena_t *a, const index_advice_t *ix);
bool task_hypo_simulable(const index_advice_t *ix);

/* dbagent digest: what to read and how. */
typedef struct {
    const char *const *files; int nfiles;   /* logs; "-" is stdin */
    const char *const *merge; int nmerge;   /* partial digests to merge */
    const char *emit_partial;               /* write the partial digest here */
    wl_format_t format;                     /* WL_FMT_AUTO: per file */
    const char *prefix;                     /* log_line_prefix, NULL to detect */
    int jobs;
    bool progress;                          /* a bar on stderr when worth it */
    int top;                                /* shapes the index advisor looks at */
    wl_digest_opts_t wl;
} digest_opts_t;

void task_digest_opts_default(digest_opts_t *o);
/* Logs (or partials, or pg_stat_statements with --db) → the workload report:
 * shapes by total time, N+1 findings, one index plan for the workload. */
int task_digest(arena_t *a, const request_t *req, const task_env_t *env, const digest_opts_t *o,
                report_t **out, err_t *err) MUST_CHECK;
/* Workload-wide index advice (digest_index.c). */
int task_digest_indexes(arena_t *a, const request_t *req, const engine_t *eng,
                        task_sources_t *src, const digest_opts_t *o, const wl_result_t *res,
                        report_t *r, err_t *err) MUST_CHECK;
/* --db without files: pg_stat_statements read live into d. */
int task_digest_pg_stat_statements(arena_t *a, const engine_t *eng, task_sources_t *src,
                                   wl_digest_t *d, err_t *err) MUST_CHECK;

int task_run(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
             err_t *err) MUST_CHECK;

int task_optimize(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                  err_t *err) MUST_CHECK;
/* Schema review (schema and index rules) and the database choice. */
int task_design(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                err_t *err) MUST_CHECK;
/* Migration safety: locks per statement, migration rules, the safe version. */
int task_migrate(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                 err_t *err) MUST_CHECK;

/* Shared by tasks: bottlenecks and recommendations from the sorted findings. */
void task_summarise(report_t *r);
/* What the report assumed for lack of a schema or statistics. */
void task_add_assumptions(report_t *r, const catalog_t *cat);

/* Analyses the request's EXPLAIN output: plan rules, index fixes through the same
 * advisor as optimize, and the rendered tree as query_plan. */
int task_explain(arena_t *a, const request_t *req, const engine_t *eng, const catalog_t *cat,
                 report_t *r, err_t *err) MUST_CHECK;
/* BEFORE and AFTER plans of one query: totals, per-node changes, nodes added
 * and removed, a one-line verdict; findings are AFTER's remaining problems. */
int task_compare_plans(arena_t *a, const request_t *req, const char *before, const char *after,
                       const task_env_t *env, report_t **out, err_t *err) MUST_CHECK;
/* One plan (already parsed) through plan_analyze and the plan rules. */
int task_plan_findings(arena_t *a, const engine_t *eng, const catalog_t *cat, plan_t *p,
                       int statement, report_t *r);

/* Connects (with retry and the replica) and writes the live catalog and
 * statistics as a snapshot document; with_values false drops sampled values. */
int task_snapshot(arena_t *a, const request_t *req, const task_env_t *env, bool with_values,
                  const char **json, err_t *err) MUST_CHECK;

#endif
