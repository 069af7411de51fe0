/* fuzz_request.c — request JSON, then the task it asks for.
 *
 * The input is a request document as `dbagent run` reads it. A valid request is
 * run with no shared catalog (no --schema: the shop catalog is absent), so a
 * "schema" in the request is the only one; the report or the error is rendered
 * in every format. One arena per input. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    arena_t *a = arena_new();
    request_t req;
    err_t err;
    err_clear(&err);
    report_t *report = NULL;
    int rc = request_parse_json(a, (const char *)data, size, &req, &err);
    if (rc == 0) {
        task_env_t env = {.catalog = NULL};
        rc = task_run(a, &req, &env, &report, &err);
    }
    const char *source = err.path[0] && !strcmp(err.path, "/schema") ? req.schema : req.query;
    fuzz_render(a, rc, report, &err, rc == 0 || err.line ? source : NULL);
    arena_free(a);
    return 0;
}
