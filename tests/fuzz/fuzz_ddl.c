/* fuzz_ddl.c — DDL → catalog, then a fixed query against that catalog.
 *
 * The input is a schema file as `--schema FILE` reads it: raw bytes, not
 * checked for UTF-8, NUL-terminated. When it loads, the catalog is the shared
 * environment of an optimize request over a fixed batch that reaches the index
 * rules and the index advisor (which read the catalog hardest). One arena per
 * input. */
#include <stddef.h>
#include <stdint.h>

#include "engine/pg/pg.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const QUERY =
    "SELECT o.id, o.total, u.email FROM orders o JOIN users u ON u.id = o.user_id "
    "WHERE o.user_id = 42 AND o.status = 'paid' AND lower(u.email) = 'a@example.com' "
    "ORDER BY o.created_at DESC LIMIT 20;\n"
    "SELECT * FROM products WHERE name ILIKE '%chair%' AND attributes @> '{\"c\": 1}' "
    "AND price BETWEEN 10 AND 20;\n"
    "SELECT status, count(*) FROM t WHERE a IN (1, 2, 3) AND created_at::date = '2024-01-01' "
    "GROUP BY status HAVING count(*) > 1;\n"
    "UPDATE users SET name = 'x' WHERE id = 7;\n"
    "SELECT * FROM order_items WHERE order_id = 1;\n"
    "SELECT * FROM order_items WHERE order_id = 2;";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    arena_t *a = arena_new();
    const char *ddl = fuzz_cstr(a, data, size);
    catalog_t cat;
    catalog_init(&cat, a);
    err_t err;
    err_clear(&err);
    report_t *report = NULL;
    int rc = pg_engine.load_ddl(a, ddl, &cat, &err);
    const char *source = ddl;
    if (rc == 0) {
        request_t req;
        request_init(&req);
        req.task_type = TASK_OPTIMIZE;
        req.query = QUERY;
        task_env_t env = {.catalog = &cat};
        rc = task_run(a, &req, &env, &report, &err);
        source = QUERY;
    }
    fuzz_render(a, rc, report, &err, source);
    arena_free(a);
    return 0;
}
