/* task.c — the table of tasks and the checks every task shares. */
#include "task/task.h"

#include <string.h>
#include <stdio.h>
#include <time.h>

#include "engine/engine.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

typedef int (*task_fn_t)(arena_t *, const request_t *, const task_env_t *, report_t **, err_t *);

static const struct {
    task_type_t type;
    task_fn_t run;
} tasks[] = {
    {TASK_OPTIMIZE, task_optimize},
    {TASK_DESIGN, task_design},
    {TASK_MIGRATE, task_migrate},
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int task_run(arena_t *a, const request_t *req, const task_env_t *env, report_t **out, err_t *err)
{
    double start = now_ms();
    if (!engine_find(db_type_name(req->database_type))) {
        err_set(err, ERR_NOT_IMPLEMENTED,
                "database_type %s is not implemented yet; supported: postgresql",
                db_type_name(req->database_type));
        snprintf(err->path, sizeof(err->path), "/database_type");
        return -1;
    }
    for (size_t i = 0; i < sizeof(tasks) / sizeof(tasks[0]); i++) {
        if (tasks[i].type != req->task_type)
            continue;
        if (tasks[i].run(a, req, env, out, err) < 0)
            return -1;
        (*out)->meta.elapsed_ms = now_ms() - start;
        return 0;
    }
    err_set(err, ERR_NOT_IMPLEMENTED,
            "task_type %s is not implemented yet; supported: optimize, design, migrate",
            task_type_name(req->task_type));
    snprintf(err->path, sizeof(err->path), "/task_type");
    return -1;
}

void task_add_assumptions(report_t *r, const catalog_t *cat)
{
    if (!cat->loaded)
        report_add_assumption(r, "No schema given: column types, nullability and existing "
                                 "indexes are unknown, so advice assumes no index exists "
                                 "(pass --schema FILE or \"schema\")");
    if (!cat->has_stats)
        report_add_assumption(r, "No statistics: every table is assumed large, and index advice "
                                 "is the model's (validated_by: model); connect with --db for "
                                 "real sizes and what-if costs");
}

/* Bottlenecks: what costs time, worst first. Recommendations: what to do, in the
 * same order, indexes first among equals. */
void task_summarise(report_t *r)
{
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
        for (int i = 0; i < r->nfindings; i++) {
            const finding_t *f = r->findings[i];
            if ((int)f->severity != s)
                continue;
            if (s >= SEV_WARNING)
                report_add_bottleneck(r, f->message);
            if (!strcmp(f->rule, "missing-index"))
                continue; /* its index is recommended below, with the reason */
            if (f->fix)
                report_add_recommendation(r, arena_printf(r->arena, "%s: %s", f->rule, f->fix));
        }
    for (int i = 0; i < r->nindexes; i++) {
        const index_advice_t *ix = r->indexes[i];
        report_add_recommendation(r, arena_printf(r->arena, "Create %s on %s (%s): %s", ix->name,
                                                  ix->table, ix->type, ix->reason));
    }
}
