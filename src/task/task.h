/* task.h — running a request: one task per task_type, orchestration only.
 *
 * A task builds the report in the request's arena. The environment carries what
 * the front door prepared once for many requests (a catalog loaded from
 * --schema). Tasks fill err_t and return -1; they never print or exit. */
#ifndef DBAGENT_TASK_H
#define DBAGENT_TASK_H

#include "model/catalog.h"
#include "model/report.h"
#include "model/request.h"

typedef struct {
    const catalog_t *catalog; /* shared, read-only; NULL when none */
} task_env_t;

int task_run(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
             err_t *err) MUST_CHECK;

int task_optimize(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                  err_t *err) MUST_CHECK;

#endif
