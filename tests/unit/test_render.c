/* test_render.c — the text and markdown renderers, on reports built by hand.
 *
 * Each test builds a report in its own arena, renders it and checks exact
 * substrings: every section's wording, colour only when asked, markdown table
 * escaping, the NULL cache strategy, schema-located findings and the empty
 * report. The arena is freed at the end so ASan's leak check covers the renderers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "render/render.h"

/* ---- helpers ---------------------------------------------------------------- */

static void assert_has(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("expected to find\n---\n%s\n---\nin\n---\n%s\n---", needle, haystack);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle))
        fail_msg("did not expect\n---\n%s\n---\nin\n---\n%s\n---", needle, haystack);
}

/* needle a must appear, and before needle b. */
static void assert_order(const char *haystack, const char *a, const char *b)
{
    const char *pa = strstr(haystack, a), *pb = strstr(haystack, b);
    if (!pa || !pb || pa > pb)
        fail_msg("expected \"%s\" before \"%s\" in\n%s", a, b, haystack);
}

static report_t *empty_report(arena_t *a)
{
    report_t *r = report_new(a);
    r->meta = (report_meta_t){.task_type = "optimize", .database_type = "postgresql",
                              .query_hash = "5f2a9c0d1e3b4a77", .source = "offline",
                              .version = "0.1.0", .statements = 1};
    return r;
}

static index_advice_t *orders_index(arena_t *a)
{
    index_advice_t *ix = arena_alloc(a, sizeof(*ix));
    static const char *cols[] = {"user_id", "status", "created_at DESC"};
    *ix = (index_advice_t){
        .name = "idx_orders_user_id_status_created_at", .table = "orders",
        .columns = cols, .ncolumns = 3, .type = "btree",
        .ddl = "CREATE INDEX CONCURRENTLY idx_orders_user_id_status_created_at "
               "ON orders (user_id, status, created_at DESC);",
        .reason = "equality on user_id, status; sort on created_at; LIMIT 20",
        .cost_before = 48210.5, .cost_after = 12.3, .size_bytes = 44040192,
        .validated_by = "hypopg", .statements = {1}, .nstatements = 1,
    };
    return ix;
}

static cache_strategy_t *orders_cache(arena_t *a)
{
    static const char *inv[] = {"INSERT INTO orders", "UPDATE orders (user_id, status)"};
    cache_strategy_t *c = arena_alloc(a, sizeof(*c));
    *c = (cache_strategy_t){.pattern = "cache-aside", .key = "orders:user:{user_id}",
                            .ttl_seconds = 300, .invalidate_on = inv, .ninvalidate = 2,
                            .stampede_protection = "lock-and-recheck"};
    return c;
}

/* Two findings (a critical and a warning), a plan, an index, a rewrite, a cache
 * strategy and an assumption: every section of the text report. */
static report_t *full_report(arena_t *a)
{
    report_t *r = empty_report(a);
    finding_t *f = report_add_finding(r, "seq-scan-large-table", SEV_CRITICAL,
                                      (qm_loc_t){1, 1, 15, 14},
                                      "Seq Scan on orders reads ~%s rows to return 20",
                                      "2,000,000");
    f->fix = "CREATE INDEX CONCURRENTLY idx_orders_user_id_status_created_at ON orders "
             "(user_id, status, created_at DESC);";
    finding_evidence(f, a, "table", "orders");
    finding_evidence_num(f, a, "rows", 2000000);
    f = report_add_finding(r, "non-sargable-predicate", SEV_WARNING, (qm_loc_t){1, 2, 7, 40},
                           "lower(email) cannot use the index on email");
    f->fix = "CREATE INDEX ON users (lower(email));";
    finding_evidence(f, a, "function", "lower");
    report_sort(r);
    r->query_plan = "Limit\n  -> Seq Scan on orders";
    report_add_index(r, orders_index(a));
    r->optimized_query = "SELECT id FROM orders WHERE user_id = $1 LIMIT 20";
    r->cache_strategy = orders_cache(a);
    report_add_assumption(r, "No statistics: every table is assumed large.");
    return r;
}

/* ---- text ------------------------------------------------------------------- */

static void text_header_and_findings(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *t = render_text(a, full_report(a), false);
    assert_has(t, "dbagent optimize · postgresql · 1 statement · query_hash 5f2a9c0d1e3b4a77\n");
    assert_has(t, "\nFindings\n"
                  "  critical seq-scan-large-table  stmt 1, line 1:15\n"
                  "    Seq Scan on orders reads ~2,000,000 rows to return 20\n"
                  "    fix: CREATE INDEX CONCURRENTLY idx_orders_user_id_status_created_at ON "
                  "orders (user_id, status, created_at DESC);\n"
                  "    table=orders rows=2000000\n"
                  "  warning  non-sargable-predicate  stmt 1, line 2:7\n"
                  "    lower(email) cannot use the index on email\n"
                  "    fix: CREATE INDEX ON users (lower(email));\n"
                  "    function=lower\n");
    arena_free(a);
}

static void text_sections_in_order(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *t = render_text(a, full_report(a), false);
    assert_has(t, "\nPlan\n  Limit\n    -> Seq Scan on orders\n");
    assert_has(t, "\nIndexes\n"
                  "  idx_orders_user_id_status_created_at on orders "
                  "(user_id, status, created_at DESC) btree\n"
                  "    validated by hypopg · cost 48210.5 → 12.3 · 42.0 MB · serves stmt 1\n"
                  "    reason: equality on user_id, status; sort on created_at; LIMIT 20\n"
                  "    CREATE INDEX CONCURRENTLY idx_orders_user_id_status_created_at "
                  "ON orders (user_id, status, created_at DESC);\n");
    assert_has(t, "\nOptimized query\n  SELECT id FROM orders WHERE user_id = $1 LIMIT 20\n");
    assert_has(t, "\nCache strategy\n"
                  "  pattern: cache-aside\n"
                  "  key: orders:user:{user_id}\n"
                  "  ttl: 300s\n"
                  "  invalidate on: INSERT INTO orders, UPDATE orders (user_id, status)\n"
                  "  stampede protection: lock-and-recheck\n");
    assert_has(t, "\nAssumptions\n  - No statistics: every table is assumed large.\n");
    assert_order(t, "\nFindings\n", "\nPlan\n");
    assert_order(t, "\nPlan\n", "\nIndexes\n");
    assert_order(t, "\nIndexes\n", "\nOptimized query\n");
    assert_order(t, "\nOptimized query\n", "\nCache strategy\n");
    assert_order(t, "\nCache strategy\n", "\nAssumptions\n");
    size_t n = strlen(t);
    const char *last = "\n2 findings: 1 critical, 1 warning · 1 index\n";
    assert_true(n > strlen(last));
    assert_string_equal(t + n - strlen(last), last);
    arena_free(a);
}

static void text_color_only_when_asked(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = full_report(a);
    report_add_finding(r, "select-star", SEV_INFO, (qm_loc_t){1, 1, 8, 7}, "SELECT *");
    const char *plain = render_text(a, r, false);
    assert_null(strchr(plain, '\033'));
    const char *color = render_text(a, r, true);
    assert_non_null(strchr(color, '\033'));
    assert_has(color, "\033[1;31mcritical\033[0m");
    assert_has(color, "\033[33mwarning \033[0m");
    assert_has(color, "\033[36minfo    \033[0m");
    assert_has(color, "\033[2mtable=orders rows=2000000\033[0m");
    arena_free(a);
}

static void text_null_cache_and_schema_location(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = empty_report(a);
    finding_t *f = report_add_finding(r, "duplicate-index", SEV_INFO, (qm_loc_t){0, 7, 1, -1},
                                      "idx_a is a prefix of idx_ab");
    f->fix = "DROP INDEX CONCURRENTLY idx_a;";
    finding_evidence(f, a, "note", "same columns, same order");
    report_add_finding(r, "missing-fk-index", SEV_INFO, (qm_loc_t){0, 0, 0, -1}, "no line");
    const char *t = render_text(a, r, false);
    assert_has(t, "  info     duplicate-index  schema line 7:1\n");
    assert_has(t, "  info     missing-fk-index  schema\n");
    assert_has(t, "    note=\"same columns, same order\"\n");
    assert_has(t, "\nCache strategy\n  not recommended (writes or no cache key)\n");
    assert_has(t, "\n2 findings: 2 info\n");
    arena_free(a);
}

static void text_multiline_fix_is_aligned(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = empty_report(a);
    finding_t *f = report_add_finding(r, "r", SEV_WARNING, (qm_loc_t){2, 3, 0, -1}, "m");
    f->fix = "first\nsecond";
    const char *t = render_text(a, r, false);
    assert_has(t, "  warning  r  stmt 2, line 3\n    m\n    fix: first\n         second\n");
    arena_free(a);
}

static void text_empty_report(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = empty_report(a);
    r->meta.statements = 0;
    const char *t = render_text(a, r, false);
    assert_string_equal(t, "dbagent optimize · postgresql · 0 statements · "
                           "query_hash 5f2a9c0d1e3b4a77\n\nno findings\n");
    arena_free(a);
}

/* ---- markdown --------------------------------------------------------------- */

static void markdown_sections(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *m = render_markdown(a, full_report(a));
    assert_has(m, "# dbagent report\n\n**Task:** optimize · **Database:** postgresql · "
                  "**Statements:** 1 · **Query hash:** `5f2a9c0d1e3b4a77`\n");
    assert_has(m, "\n**2 findings:** 1 critical, 1 warning · 1 index\n");
    assert_has(m, "\n## Findings\n\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n"
                  "| critical | `seq-scan-large-table` | stmt 1, line 1:15 | "
                  "Seq Scan on orders reads ~2,000,000 rows to return 20 |\n"
                  "| warning | `non-sargable-predicate` | stmt 1, line 2:7 | "
                  "lower(email) cannot use the index on email |\n");
    assert_has(m, "\n- `non-sargable-predicate` (stmt 1, line 2:7): "
                  "CREATE INDEX ON users (lower(email));\n  - evidence: `function=lower`\n");
    assert_has(m, "  - evidence: `table=orders`, `rows=2000000`\n");
    assert_has(m, "\n## Plan\n\n```text\nLimit\n  -> Seq Scan on orders\n```\n");
    assert_has(m, "| `idx_orders_user_id_status_created_at` | orders | "
                  "user_id, status, created_at DESC | btree | hypopg | 48210.5 → 12.3 | "
                  "equality on user_id, status; sort on created_at; LIMIT 20 |\n");
    assert_has(m, "\n```sql\nCREATE INDEX CONCURRENTLY idx_orders_user_id_status_created_at "
                  "ON orders (user_id, status, created_at DESC);\n```\n");
    assert_has(m, "\n## Optimized query\n\n```sql\n"
                  "SELECT id FROM orders WHERE user_id = $1 LIMIT 20\n```\n");
    assert_has(m, "\n## Cache strategy\n\n- **Pattern:** cache-aside\n"
                  "- **Key:** `orders:user:{user_id}`\n- **TTL:** 300 s\n"
                  "- **Invalidate on:** `INSERT INTO orders`, `UPDATE orders (user_id, status)`\n"
                  "- **Stampede protection:** lock-and-recheck\n");
    assert_has(m, "\n## Assumptions\n\n- No statistics: every table is assumed large.\n");
    assert_null(strchr(m, '\033'));
    arena_free(a);
}

static void markdown_escapes_table_cells(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = empty_report(a);
    finding_t *f = report_add_finding(r, "concat|rule", SEV_WARNING, (qm_loc_t){1, 1, 1, 0},
                                      "a || b hides *both* columns\nsecond line");
    f->fix = "use a_b | c";
    const char *m = render_markdown(a, r);
    assert_has(m, "| warning | `concat\\|rule` | stmt 1, line 1:1 | "
                  "a \\|\\| b hides \\*both\\* columns<br>second line |\n");
    assert_has(m, "- `concat|rule` (stmt 1, line 1:1): use a_b \\| c\n");
    arena_free(a);
}

static void markdown_fence_outlasts_backticks(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = empty_report(a);
    r->optimized_query = "SELECT 1 -- ```";
    const char *m = render_markdown(a, r);
    assert_has(m, "\n````sql\nSELECT 1 -- ```\n````\n");
    arena_free(a);
}

static void markdown_null_cache_schema_and_empty(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = empty_report(a);
    const char *m = render_markdown(a, r);
    assert_has(m, "\n**no findings**\n");
    assert_lacks(m, "## Findings");
    assert_has(m, "\n## Cache strategy\n\nNot recommended (writes or no cache key).\n");
    report_add_finding(r, "duplicate-index", SEV_INFO, (qm_loc_t){0, 7, 0, -1}, "dup");
    m = render_markdown(a, r);
    assert_has(m, "| info | `duplicate-index` | schema line 7 | dup |\n");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_header_and_findings),
        cmocka_unit_test(text_sections_in_order),
        cmocka_unit_test(text_color_only_when_asked),
        cmocka_unit_test(text_null_cache_and_schema_location),
        cmocka_unit_test(text_multiline_fix_is_aligned),
        cmocka_unit_test(text_empty_report),
        cmocka_unit_test(markdown_sections),
        cmocka_unit_test(markdown_escapes_table_cells),
        cmocka_unit_test(markdown_fence_outlasts_backticks),
        cmocka_unit_test(markdown_null_cache_schema_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
