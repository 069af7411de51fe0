/* fuzz_sql.c — the whole optimize task with the input as the query.
 *
 * The input is the query text of a request (NUL-terminated; bytes after an
 * embedded NUL are not seen, as with a C string from the CLI). The task runs
 * parse, lowering, binding, the query rules, rewrites, index and cache advice,
 * and every renderer runs on the report or the error. One arena per input. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) /* one query, not a dump: keeps executions fast */
        return 0;
    arena_t *a = arena_new();
    request_t req;
    request_init(&req);
    req.task_type = TASK_OPTIMIZE;
    req.query = fuzz_cstr(a, data, size);
    task_env_t env = {0};
    report_t *report = NULL;
    err_t err;
    err_clear(&err);
    int rc = task_run(a, &req, &env, &report, &err);
    fuzz_render(a, rc, report, &err, req.query);
    arena_free(a);
    return 0;
}
