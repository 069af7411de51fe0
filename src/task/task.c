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
    err_set(err, ERR_NOT_IMPLEMENTED, "task_type %s is not implemented yet; supported: optimize",
            task_type_name(req->task_type));
    snprintf(err->path, sizeof(err->path), "/task_type");
    return -1;
}
