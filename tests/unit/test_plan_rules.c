/* test_plan_rules.c — the plan rules of docs/rules.md ("Plan rules") on plans
 * built by hand, each positive case next to the negative one that must stay
 * quiet; the work_mem rounding table; the column scanner behind CREATE
 * STATISTICS on real EXPLAIN condition texts; evidence, rank and the INDEX:
 * placeholder convention.
 *
 * Messages are checked for the numbers they must name, fixes as exact strings:
 * a fix is what users run. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/plan_rules.h"
#include "rules/rules.h"

/* ---- building plans ------------------------------------------------------------- */

typedef struct {
    arena_t *a;
    plan_t *plan;
    report_t *report;
    catalog_t cat;
    bool with_catalog;
} fixture_t;

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    fx->a = arena_new();
    fx->plan = plan_new(fx->a);
    fx->report = report_new(fx->a);
    catalog_init(&fx->cat, fx->a);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    arena_free(fx->a);
    free(fx);
    return 0;
}

/* A node as EXPLAIN ANALYZE shows it: estimate, actual rows per loop, loops,
 * actual total time per loop. parent NULL makes it the root. */
static plan_node_t *add(fixture_t *fx, plan_node_t *parent, const char *type, const char *rel,
                        double est, double rows, double loops, double ms)
{
    plan_node_t *n = plan_node_new(fx->a);
    n->node_type = type;
    n->relation = rel;
    n->plan_rows = est;
    n->has_actual = rows >= 0;
    n->actual_rows = rows;
    n->actual_loops = rows >= 0 ? loops : -1;
    n->actual_total_ms = ms;
    if (parent)
        plan_node_add_child(fx->a, parent, n);
    else
        fx->plan->root = n;
    return n;
}

/* An EXPLAIN without ANALYZE node. */
static plan_node_t *add_est(fixture_t *fx, plan_node_t *parent, const char *type, const char *rel,
                            double est)
{
    return add(fx, parent, type, rel, est, -1, -1, -1);
}

static void run(fixture_t *fx)
{
    plan_analyze(fx->a, fx->plan);
    plan_rule_ctx_t c;
    plan_rule_ctx_init(&c, fx->a, fx->report, fx->plan, 1);
    c.catalog = fx->with_catalog ? &fx->cat : NULL;
    plan_rules_run(&c);
}

static int count(const fixture_t *fx, const char *rule)
{
    int n = 0;
    for (int i = 0; i < fx->report->nfindings; i++)
        n += !strcmp(fx->report->findings[i]->rule, rule);
    return n;
}

static const finding_t *find(const fixture_t *fx, const char *rule)
{
    for (int i = 0; i < fx->report->nfindings; i++)
        if (!strcmp(fx->report->findings[i]->rule, rule))
            return fx->report->findings[i];
    fail_msg("no %s finding", rule);
    return NULL;
}

static const char *ev(const finding_t *f, const char *key)
{
    for (int i = 0; i < f->nevidence; i++)
        if (!strcmp(f->evidence[i].key, key))
            return f->evidence[i].value;
    return NULL;
}

#define assert_contains(hay, needle)                                                  \
    do {                                                                              \
        if (!strstr((hay), (needle)))                                                 \
            fail_msg("\"%s\"\n  does not contain \"%s\"", (hay), (needle));           \
    } while (0)

/* ---- work_mem rounding --------------------------------------------------------------- */

static void test_work_mem_rounding_table(void **state)
{
    (void)state;
    static const struct {
        double kb;
        int mb;
    } cases[] = {
        {17 * 1024, 32},       /* the example: 17 MB → 25.5 → 32MB */
        {1 * 1024, 2},         /* 1.5 → 2 */
        {100 * 1024, 256},     /* 150 → 256 */
        {61240, 128},          /* docs/rules.md sort-spill example: 59.8 MB → 89.7 → 128 */
        {131088 / 2.0, 128},   /* hash-spill example: 8193 kB × 16 / hash_mem_multiplier 2 */
        {6147.5, 16},          /* lossy-bitmap example: 98360 pages × 64 B = 6.0 MB → 16 */
        {0, 1},                /* at least 1MB */
        {100, 1},
        {1024 * 1024, 2048},   /* 1 GB → 1.5 GB → 2048MB, the ceiling */
        {1400 * 1024, -1},     /* 1400 MB → 2100 MB: past the ceiling, no advice */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (plan_work_mem_mb(cases[i].kb) != cases[i].mb)
            fail_msg("plan_work_mem_mb(%g kB) = %d, want %d", cases[i].kb,
                     plan_work_mem_mb(cases[i].kb), cases[i].mb);
}

/* ---- the column scanner behind CREATE STATISTICS -------------------------------------- */

static void test_cond_columns(void **state)
{
    (void)state;
    static const struct {
        const char *cond, *rel, *alias, *want;
    } cases[] = {
        {"((status = 'paid'::order_status) AND (user_id = 42))", "orders", NULL, "status,user_id"},
        {"((o.status)::text = 'x'::text)", "orders", "o", "status"},
        {"((o.status)::text = 'x'::text)", "orders", "x", ""}, /* another table's column */
        {"((orders.status)::text = 'x'::text)", "orders", NULL, "status"},
        {"(active AND (category = 'audio'::text))", "products", NULL, "active,category"},
        {"((NOT deleted) AND (user_id = $1))", "orders", NULL, "deleted,user_id"},
        {"((created_at >= '2024-03-01 00:00:00+00'::timestamp with time zone) AND "
         "((status)::text = ANY ('{paid,shipped}'::text[])))",
         "orders", NULL, "created_at,status"},
        {"((user_id = 42) AND (deleted_at IS NULL))", "orders", NULL, "user_id,deleted_at"},
        {"((\"Status\" = 'x'::text) AND (\"User Id\" = 1))", "T", NULL, "Status,User Id"},
        {"((a = 1) AND (a < 5))", "t", NULL, "a"},               /* once */
        {"((a = 1) OR (b = 2))", "t", NULL, ""},                 /* OR: not AND-ed */
        {"((c = 3) AND ((a = 1) OR (b = 2)))", "t", NULL, "c"},  /* only the AND-ed part */
        {"(a = 1) AND (b = 2) OR (c = 3)", "t", NULL, ""},       /* OR binds loosest */
        {"(oi.product_id = p.id)", "order_items", "oi", ""},     /* a join condition */
        {"(product_id = p.id)", "order_items", "oi", ""},
        {"(lower(email) = 'a@b.c'::text)", "users", NULL, ""},   /* an expression */
        {"(total > (price * 2))", "t", NULL, ""},                /* column vs column */
        {"(42 = user_id)", "orders", NULL, "user_id"},
        {"((x)::numeric(10,2) > 1.5)", "t", NULL, "x"},
        {"(NOT (hashed SubPlan 1))", "t", NULL, ""},
        {"((a = 1) AND (b = 2", "t", NULL, ""},                  /* unbalanced: nothing */
        {"", "t", NULL, ""},
    };
    arena_t *a = arena_new();
    int failures = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *cols[8];
        int n = plan_cond_columns(a, cases[i].cond, cases[i].rel, cases[i].alias, cols, 8);
        char got[256] = "";
        size_t len = 0;
        for (int k = 0; k < n; k++)
            len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", k ? "," : "", cols[k]);
        if (strcmp(got, cases[i].want)) {
            print_error("columns of %s = [%s], want [%s]\n", cases[i].cond, got, cases[i].want);
            failures++;
        }
    }
    arena_free(a);
    assert_int_equal(failures, 0);
}

/* ---- slow-node and a healthy plan ------------------------------------------------------ */

/* Limit > Sort > Seq Scan on orders: 100 ms total, the Sort 60 of them. */
static plan_node_t *limit_sort_scan(fixture_t *fx)
{
    plan_node_t *limit = add(fx, NULL, "Limit", NULL, 50, 50, 1, 100);
    plan_node_t *sort = add(fx, limit, "Sort", NULL, 61000, 50, 1, 100);
    add(fx, sort, "Seq Scan", "orders", 61000, 61000, 1, 40);
    fx->plan->execution_ms = 100;
    return sort;
}

static void test_slow_node_first_with_share_and_rank(void **state)
{
    fixture_t *fx = *state;
    limit_sort_scan(fx);
    run(fx);
    assert_true(fx->report->nfindings >= 1);
    const finding_t *f = fx->report->findings[0];
    assert_string_equal(f->rule, "slow-node");
    assert_int_equal(f->severity, SEV_INFO);
    assert_string_equal(ev(f, "node"), "Limit > Sort");
    assert_string_equal(ev(f, "share"), "0.6");
    assert_string_equal(ev(f, "exclusive_ms"), "60");
    assert_int_equal(f->rank, 600);
    assert_contains(f->message, "60.0 ms of the 100.0 ms total (60.0%)");
    assert_int_equal(f->loc.statement, 1);
    assert_contains(f->fix, "no other plan rule");
}

static void test_slow_node_fix_names_the_findings_on_it(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *s = add(fx, NULL, "Seq Scan", "orders", 610, 61000, 1, 1790);
    s->filter = "(status = 'pending'::text)";
    s->rows_removed_by_filter = 1939000;
    run(fx);
    assert_string_equal(find(fx, "slow-node")->fix,
                        "Start with this node: the seq-scan-large-filter and row-misestimate "
                        "findings on it say what to change.");
}

static void test_healthy_plan_has_no_warning(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *n = add(fx, NULL, "Index Scan", "users", 1, 1, 1, 0.02);
    n->index_name = "users_pkey";
    n->index_cond = "(id = 42)";
    fx->plan->execution_ms = 0.05;
    run(fx);
    assert_int_equal(fx->report->nfindings, 1);
    assert_string_equal(fx->report->findings[0]->rule, "slow-node");
    assert_int_equal(report_max_severity(fx->report), SEV_INFO);
}

static void test_no_timings_no_slow_node_no_share(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *s = add_est(fx, NULL, "Seq Scan", "orders", 21);
    s->filter = "(user_id = 42)";
    cat_table_t *t = catalog_add_table(&fx->cat, NULL, "orders");
    t->rows = 2000000;
    fx->with_catalog = true;
    run(fx);
    assert_int_equal(count(fx, "slow-node"), 0);
    const finding_t *f = find(fx, "seq-scan-large-filter");
    assert_null(ev(f, "share"));
    assert_int_equal(f->rank, 0);
    assert_string_equal(ev(f, "table_rows"), "2000000");
    assert_string_equal(f->fix, "INDEX:orders:(user_id = 42)");
}

/* ---- seq-scan-large-filter -------------------------------------------------------------- */

static plan_node_t *seq_scan(fixture_t *fx, double rows, double removed)
{
    plan_node_t *s = add(fx, NULL, "Seq Scan", "orders", 21, rows, 1, 210.4);
    s->filter = "(user_id = 42)";
    s->rows_removed_by_filter = removed;
    fx->plan->execution_ms = 210.5;
    return s;
}

static void test_seq_scan_large_filter(void **state)
{
    fixture_t *fx = *state;
    seq_scan(fx, 18, 1999982);
    run(fx);
    const finding_t *f = find(fx, "seq-scan-large-filter");
    assert_int_equal(f->severity, SEV_WARNING);
    assert_string_equal(f->fix, "INDEX:orders:(user_id = 42)");
    assert_string_equal(ev(f, "relation"), "orders");
    assert_string_equal(ev(f, "filter"), "(user_id = 42)");
    assert_string_equal(ev(f, "rows_read"), "2000000");
    assert_string_equal(ev(f, "rows_removed"), "1999982");
    assert_string_equal(ev(f, "node"), "Seq Scan on orders");
    assert_non_null(ev(f, "share"));
    assert_contains(f->message, "removes 1999982 of them (99.9%)");
}

static void test_seq_scan_filter_keeping_half_is_quiet(void **state)
{
    fixture_t *fx = *state;
    seq_scan(fx, 1000000, 1000000);
    run(fx);
    assert_int_equal(count(fx, "seq-scan-large-filter"), 0);
}

static void test_seq_scan_small_table_is_quiet(void **state)
{
    fixture_t *fx = *state;
    seq_scan(fx, 10, 900); /* 910 rows: not a large table */
    run(fx);
    assert_int_equal(count(fx, "seq-scan-large-filter"), 0);
}

static void test_seq_scan_without_analyze_or_catalog_is_quiet(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *s = add_est(fx, NULL, "Seq Scan", "orders", 50000);
    s->filter = "(created_at > now())";
    run(fx); /* the removed share is unknown: no claim */
    assert_int_equal(fx->report->nfindings, 0);
}

static void test_parallel_seq_scan_counts_every_process(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *g = add(fx, NULL, "Gather", NULL, 10, 10, 1, 50);
    g->workers_planned = g->workers_launched = 2;
    plan_node_t *s = add(fx, g, "Parallel Seq Scan", "orders", 3, 3, 3, 48);
    s->filter = "(user_id = 42)";
    s->rows_removed_by_filter = 3400; /* × 3 processes = 10209 rows read */
    run(fx);
    assert_string_equal(ev(find(fx, "seq-scan-large-filter"), "rows_read"), "10209");
}

/* ---- row-misestimate -------------------------------------------------------------------- */

static void test_row_misestimate_create_statistics(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *h = add(fx, NULL, "Hash", NULL, 12, 48000, 1, 30);
    plan_node_t *s = add(fx, h, "Seq Scan", "products", 12, 48000, 1, 25);
    s->filter = "(active AND (category = 'audio'::text))";
    s->rows_removed_by_filter = 2000;
    run(fx);
    assert_int_equal(count(fx, "row-misestimate"), 1); /* the Hash inherits it: not reported */
    const finding_t *f = find(fx, "row-misestimate");
    assert_string_equal(ev(f, "node"), "Hash > Seq Scan on products");
    assert_string_equal(ev(f, "row_factor"), "4000");
    assert_string_equal(ev(f, "direction"), "underestimate");
    assert_string_equal(ev(f, "statistics_columns"), "active, category");
    assert_contains(f->message, "returned 48000 rows where the planner estimated 12 (4000× too low)");
    assert_string_equal(f->fix, "CREATE STATISTICS products_active_category_stats (dependencies, "
                                "mcv) ON active, category FROM products;\nANALYZE products;");
}

static void test_row_misestimate_one_column_analyze(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *s = add(fx, NULL, "Index Scan", "orders", 5, 9000, 1, 12);
    s->alias = "o";
    s->index_cond = "(o.user_id = 42)";
    run(fx);
    assert_string_equal(find(fx, "row-misestimate")->fix, "ANALYZE orders;");
}

static void test_row_misestimate_quotes_identifiers(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *s = add(fx, NULL, "Seq Scan", "Order", 5, 9000, 1, 12);
    s->filter = "((\"Status\" = 'x'::text) AND (kind = 2))";
    run(fx);
    assert_string_equal(find(fx, "row-misestimate")->fix,
                        "CREATE STATISTICS order_status_kind_stats (dependencies, mcv) ON "
                        "\"Status\", kind FROM \"Order\";\nANALYZE \"Order\";");
}

static void test_row_misestimate_join_analyzes_tables_below(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *j = add(fx, NULL, "Hash Join", NULL, 40, 310000, 1, 900);
    add(fx, j, "Seq Scan", "order_items", 2000000, 2000000, 1, 300);
    plan_node_t *h = add(fx, j, "Hash", NULL, 1000, 1000, 1, 2);
    add(fx, h, "Seq Scan", "products", 1000, 1000, 1, 1);
    run(fx);
    const finding_t *f = find(fx, "row-misestimate");
    assert_string_equal(ev(f, "node"), "Hash Join");
    assert_string_equal(f->fix, "ANALYZE order_items, products;");
}

static void test_row_misestimate_quiet_cases(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *limit = add(fx, NULL, "Limit", NULL, 10, 10, 1, 0.1);
    /* stopped early by the Limit: 10 of an estimated 100000 is not an error */
    plan_node_t *scan = add(fx, limit, "Index Scan", "events", 100000, 10, 1, 0.1);
    scan->index_cond = "(kind = 3)";
    plan_node_t *nested = add(fx, scan, "Seq Scan", "x", 100, 120, 1, 0.01); /* 1.2×: fine */
    (void)nested;
    add(fx, limit, "Seq Scan", "never", 50000, 0, 0, 0)->never_executed = true;
    add(fx, limit, "Seq Scan", "tiny", 1, 9, 1, 0.01); /* both under 10 rows */
    run(fx);
    assert_int_equal(count(fx, "row-misestimate"), 0);
}

/* ---- sort-spill --------------------------------------------------------------------------- */

static plan_node_t *spilling_sort(fixture_t *fx, const char *method, double kb)
{
    plan_node_t *sort = limit_sort_scan(fx);
    static const char *key[] = {"created_at DESC"};
    sort->sort_key = key;
    sort->nsort_key = 1;
    sort->sort_method = method;
    sort->sort_space_type = kb > 1000 ? "Disk" : "Memory";
    sort->sort_space_kb = kb;
    return sort;
}

static void test_sort_spill_work_mem_and_index(void **state)
{
    fixture_t *fx = *state;
    spilling_sort(fx, "external merge", 17 * 1024);
    run(fx);
    const finding_t *f = find(fx, "sort-spill");
    assert_int_equal(f->severity, SEV_WARNING);
    assert_contains(f->message, "spilled 17.0 MB to disk (external merge)");
    assert_contains(f->message, "SET LOCAL work_mem = '32MB' (the power of two ≥ 1.5 × 17.0 MB)");
    assert_string_equal(f->fix, "SET LOCAL work_mem = '32MB';\n-- or avoid the sort: an index on "
                                "orders that returns rows in created_at DESC order");
    assert_string_equal(ev(f, "disk_kb"), "17408");
    assert_string_equal(ev(f, "work_mem_mb"), "32");
    assert_string_equal(ev(f, "sort_key"), "created_at DESC");
    assert_string_equal(ev(f, "relation"), "orders");
    assert_string_equal(ev(f, "share"), "0.6");
    assert_int_equal(f->rank, 600);
    /* slow-node points at it */
    assert_string_equal(find(fx, "slow-node")->fix,
                        "Start with this node: the sort-spill finding on it says what to change.");
}

static void test_sort_spill_above_current_work_mem(void **state)
{
    fixture_t *fx = *state;
    spilling_sort(fx, "external merge", 17 * 1024);
    static const char *settings[] = {"work_mem = '64MB'"};
    fx->plan->settings = settings;
    fx->plan->nsettings = 1;
    run(fx); /* it spilled with 64MB: 32MB cannot be the fix */
    assert_string_equal(ev(find(fx, "sort-spill"), "work_mem_mb"), "128");
}

static void test_sort_in_memory_is_quiet(void **state)
{
    fixture_t *fx = *state;
    spilling_sort(fx, "quicksort", 900);
    run(fx);
    assert_int_equal(count(fx, "sort-spill"), 0);
}

/* ---- hash-spill --------------------------------------------------------------------------- */

/* The hashed side estimated at est rows, 2000000 in fact. */
static plan_node_t *hash_join(fixture_t *fx, double batches, double original, double est)
{
    plan_node_t *j = add(fx, NULL, "Hash Join", NULL, 2000000, 2000000, 1, 3000);
    add(fx, j, "Seq Scan", "order_items", 2000000, 2000000, 1, 800);
    plan_node_t *h = add(fx, j, "Hash", NULL, est, 2000000, 1, 1200);
    add(fx, h, "Seq Scan", "orders", est, 2000000, 1, 700);
    h->hash_batches = batches;
    h->original_hash_batches = original;
    h->peak_memory_kb = 8193;
    return h;
}

static void test_hash_spill(void **state)
{
    fixture_t *fx = *state;
    hash_join(fx, 16, 1, 250000); /* 8× too low: not a row-misestimate, but the cause here */
    run(fx);
    const finding_t *f = find(fx, "hash-spill");
    assert_string_equal(ev(f, "node"), "Hash Join > Hash");
    assert_string_equal(ev(f, "batches"), "16");
    assert_string_equal(ev(f, "work_mem_mb"), "128"); /* 8193 kB × 16 / 2.0, × 1.5 → 128MB */
    assert_contains(f->message, "16 batches (originally 1) written to temporary files: about "
                                "128.0 MB did not fit in work_mem × hash_mem_multiplier (2)");
    assert_contains(f->message, "row estimate for the hashed side was too low");
    assert_contains(f->message, "SET LOCAL work_mem = '128MB' (the power of two ≥ 1.5 × 128.0 MB / 2)");
    assert_string_equal(f->fix, "SET LOCAL work_mem = '128MB';\nANALYZE orders;");
}

static void test_hash_spill_grown_with_right_estimate(void **state)
{
    fixture_t *fx = *state;
    hash_join(fx, 16, 1, 2000000);
    run(fx); /* the count was right: no ANALYZE to offer */
    const finding_t *f = find(fx, "hash-spill");
    assert_contains(f->message, "the rows are wider than it assumed");
    assert_string_equal(f->fix, "SET LOCAL work_mem = '128MB';");
}

static void test_hash_spill_multiplier_setting(void **state)
{
    fixture_t *fx = *state;
    hash_join(fx, 16, 16, 2000000);
    static const char *settings[] = {"hash_mem_multiplier = '1'"};
    fx->plan->settings = settings;
    fx->plan->nsettings = 1;
    run(fx); /* 128 MB × 1.5 → 256MB; planned batches: no estimate to fix */
    assert_string_equal(find(fx, "hash-spill")->fix, "SET LOCAL work_mem = '256MB';");
}

static void test_hash_one_batch_is_quiet(void **state)
{
    fixture_t *fx = *state;
    hash_join(fx, 1, 1, 2000000);
    run(fx);
    assert_int_equal(count(fx, "hash-spill"), 0);
}

/* ---- nested-loop-many-loops ------------------------------------------------------------- */

static void test_nested_loop_unindexed_inner(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *nl = add(fx, NULL, "Nested Loop", NULL, 40, 310000, 1, 5000);
    plan_node_t *outer = add(fx, nl, "Seq Scan", "products", 1, 48000, 1, 20);
    outer->alias = "p";
    outer->filter = "(category = 'audio'::text)";
    plan_node_t *inner = add(fx, nl, "Seq Scan", "order_items", 6, 6, 48000, 0.1);
    inner->alias = "oi";
    inner->filter = "(product_id = p.id)";
    inner->rows_removed_by_filter = 1999994;
    run(fx);
    const finding_t *f = find(fx, "nested-loop-many-loops");
    assert_string_equal(ev(f, "node"), "Nested Loop");
    assert_string_equal(ev(f, "inner"), "Nested Loop > Seq Scan on order_items oi");
    assert_string_equal(ev(f, "loops"), "48000");
    assert_string_equal(ev(f, "relation"), "order_items");
    assert_string_equal(ev(f, "join_condition"), "(product_id = p.id)");
    assert_string_equal(f->fix, "INDEX:order_items:(product_id = p.id)\nANALYZE products;");
    assert_int_equal(f->rank, 960); /* the inner side's 4800 of 5000 ms */
    /* the inner Seq Scan is this finding's, not a second one */
    assert_int_equal(count(fx, "seq-scan-large-filter"), 0);
}

static void test_nested_loop_few_index_loops_is_quiet(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *nl = add(fx, NULL, "Nested Loop", NULL, 50, 50, 1, 1.2);
    add(fx, nl, "Seq Scan", "orders", 50, 50, 1, 0.5);
    plan_node_t *inner = add(fx, nl, "Index Scan", "users", 1, 1, 50, 0.01);
    inner->index_cond = "(id = o.user_id)";
    run(fx);
    assert_int_equal(count(fx, "nested-loop-many-loops"), 0);
}

static void test_nested_loop_cheap_index_probes_are_quiet(void **state)
{
    fixture_t *fx = *state;
    /* 5000 probes in 2.5 ms of a 100 ms query: a Nested Loop doing its job */
    plan_node_t *nl = add(fx, NULL, "Nested Loop", NULL, 5000, 5000, 1, 100);
    add(fx, nl, "Seq Scan", "orders", 5000, 5000, 1, 97);
    plan_node_t *inner = add(fx, nl, "Index Scan", "users", 1, 1, 5000, 0.0005);
    inner->index_cond = "(id = o.user_id)";
    run(fx);
    assert_int_equal(count(fx, "nested-loop-many-loops"), 0);
}

/* ---- index-filter-discards -------------------------------------------------------------- */

static plan_node_t *index_scan_with_filter(fixture_t *fx, double rows, double removed)
{
    plan_node_t *s = add(fx, NULL, "Index Scan", "orders", 10, rows, 1, 80);
    s->index_name = "idx_orders_created_at";
    s->index_cond = "(created_at >= '2024-03-01 00:00:00+00'::timestamp with time zone)";
    s->filter = "(status = 'cancelled'::text)";
    s->rows_removed_by_filter = removed;
    return s;
}

static void test_index_filter_discards(void **state)
{
    fixture_t *fx = *state;
    index_scan_with_filter(fx, 12, 48211);
    run(fx);
    const finding_t *f = find(fx, "index-filter-discards");
    assert_string_equal(f->fix, "INDEX:orders:(created_at >= '2024-03-01 00:00:00+00'::timestamp "
                                "with time zone) AND (status = 'cancelled'::text)");
    assert_string_equal(ev(f, "index"), "idx_orders_created_at");
    assert_string_equal(ev(f, "rows_removed"), "48211");
    assert_string_equal(ev(f, "rows_returned"), "12");
    assert_contains(f->message, "fetched 48223 rows");
}

static void test_index_filter_few_discards_is_quiet(void **state)
{
    fixture_t *fx = *state;
    index_scan_with_filter(fx, 12, 500); /* 40× but only 500 rows */
    run(fx);
    assert_int_equal(count(fx, "index-filter-discards"), 0);
}

/* ---- heap-fetches-index-only ------------------------------------------------------------ */

static void test_heap_fetches_index_only(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *s = add(fx, NULL, "Index Only Scan", "orders", 5000, 5000, 1, 20);
    s->heap_fetches = 4982;
    run(fx);
    const finding_t *f = find(fx, "heap-fetches-index-only");
    assert_int_equal(f->severity, SEV_INFO);
    assert_string_equal(f->fix, "VACUUM (ANALYZE) orders;");
    assert_string_equal(ev(f, "heap_fetches"), "4982");
}

static void test_heap_fetches_few_is_quiet(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *s = add(fx, NULL, "Index Only Scan", "orders", 50000, 50000, 1, 20);
    s->heap_fetches = 1200; /* 2.4 %: the visibility map is mostly current */
    run(fx);
    assert_int_equal(count(fx, "heap-fetches-index-only"), 0);
}

/* ---- lossy-bitmap ------------------------------------------------------------------------- */

static void test_lossy_bitmap(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *b = add(fx, NULL, "Bitmap Heap Scan", "orders", 900000, 910000, 1, 900);
    b->recheck_cond = "(created_at >= '2024-01-01 00:00:00+00'::timestamp with time zone)";
    b->exact_heap_blocks = 10240;
    b->lossy_heap_blocks = 88120;
    b->rows_removed_by_index_recheck = 1250000;
    add(fx, b, "Bitmap Index Scan", NULL, 900000, 2160000, 1, 60);
    run(fx);
    const finding_t *f = find(fx, "lossy-bitmap");
    /* 98360 pages × 64 bytes = 6.0 MB; × 1.5 → 16MB */
    assert_string_equal(f->fix, "SET LOCAL work_mem = '16MB';");
    assert_string_equal(ev(f, "lossy_blocks"), "88120");
    assert_string_equal(ev(f, "rows_removed_by_recheck"), "1250000");
    assert_contains(f->message, "lossy on 88120 of 98360 heap blocks");
}

static void test_exact_bitmap_is_quiet(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *b = add(fx, NULL, "Bitmap Heap Scan", "orders", 900, 910, 1, 9);
    b->exact_heap_blocks = 400;
    b->lossy_heap_blocks = 0;
    run(fx);
    assert_int_equal(count(fx, "lossy-bitmap"), 0);
}

/* ---- workers-not-launched ----------------------------------------------------------------- */

static void test_workers_not_launched(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *g = add(fx, NULL, "Gather", NULL, 15, 15, 1, 400);
    g->workers_planned = 4;
    g->workers_launched = 0;
    add(fx, g, "Parallel Seq Scan", "orders", 400000, 15, 1, 399);
    run(fx);
    const finding_t *f = find(fx, "workers-not-launched");
    assert_contains(f->message, "planned 4 parallel workers but launched 0");
    assert_string_equal(ev(f, "workers_planned"), "4");
    assert_string_equal(ev(f, "workers_launched"), "0");
    assert_contains(f->fix, "SHOW max_parallel_workers;");
}

static void test_workers_not_launched_with_known_pool(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *g = add(fx, NULL, "Gather Merge", NULL, 15, 15, 1, 400);
    g->workers_planned = 4;
    g->workers_launched = 1;
    fx->cat.settings = arena_alloc(fx->a, sizeof(cat_setting_t));
    fx->cat.settings[0] = (cat_setting_t){"max_parallel_workers", "8", NULL};
    fx->cat.nsettings = 1;
    fx->with_catalog = true;
    run(fx);
    assert_contains(find(fx, "workers-not-launched")->fix,
                    "ALTER SYSTEM SET max_parallel_workers = 11;\nSELECT pg_reload_conf();");
}

static void test_all_workers_launched_is_quiet(void **state)
{
    fixture_t *fx = *state;
    plan_node_t *g = add(fx, NULL, "Gather", NULL, 15, 15, 1, 400);
    g->workers_planned = g->workers_launched = 4;
    run(fx);
    assert_int_equal(count(fx, "workers-not-launched"), 0);
}

/* ---- placeholders and the rule table ------------------------------------------------------ */

static const char *fake_ddl(void *ctx, const char *relation, const char *condition)
{
    (void)condition;
    return strcmp(relation, "orders") ? NULL
                                      : arena_printf(ctx, "CREATE INDEX CONCURRENTLY ON %s (x);",
                                                     relation);
}

static void test_fix_placeholders(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *rel, *cond;
    assert_true(plan_fix_index_parse(a, "INDEX:orders:((o.status)::text = 'x'::text)", &rel, &cond));
    assert_string_equal(rel, "orders");
    assert_string_equal(cond, "((o.status)::text = 'x'::text)");
    assert_false(plan_fix_index_parse(a, "ANALYZE orders;", &rel, &cond));
    assert_false(plan_fix_index_parse(a, "INDEX::(a = 1)", &rel, &cond));
    const char *fix = "INDEX:orders:(a = 1)\nINDEX:items:(b = p.id)\nANALYZE products;";
    assert_string_equal(plan_fix_expand(a, fix, fake_ddl, a),
                        "CREATE INDEX CONCURRENTLY ON orders (x);\n"
                        "-- index on items for: (b = p.id)\nANALYZE products;");
    assert_string_equal(plan_fix_expand(a, "INDEX:orders:(a = 1)", NULL, NULL),
                        "-- index on orders for: (a = 1)");
    assert_null(plan_fix_expand(a, NULL, NULL, NULL));
    arena_free(a);
}

/* Severities agree with rules.def once the lead's rows are there (skipped before). */
static void test_rule_table_matches_rules_def(void **state)
{
    (void)state;
    for (int i = 0; i < PR_COUNT; i++) {
        assert_non_null(plan_rule_info[i].id);
        const rule_def_t *d = rule_find(plan_rule_info[i].id);
        if (d && d->severity != plan_rule_info[i].severity)
            fail_msg("%s: severity %d here, %d in rules.def", plan_rule_info[i].id,
                     plan_rule_info[i].severity, d->severity);
    }
}

static void test_empty_plan_adds_nothing(void **state)
{
    fixture_t *fx = *state;
    run(fx);
    assert_int_equal(fx->report->nfindings, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_work_mem_rounding_table),
        cmocka_unit_test(test_cond_columns),
        T(test_slow_node_first_with_share_and_rank),
        T(test_slow_node_fix_names_the_findings_on_it),
        T(test_healthy_plan_has_no_warning),
        T(test_no_timings_no_slow_node_no_share),
        T(test_seq_scan_large_filter),
        T(test_seq_scan_filter_keeping_half_is_quiet),
        T(test_seq_scan_small_table_is_quiet),
        T(test_seq_scan_without_analyze_or_catalog_is_quiet),
        T(test_parallel_seq_scan_counts_every_process),
        T(test_row_misestimate_create_statistics),
        T(test_row_misestimate_one_column_analyze),
        T(test_row_misestimate_quotes_identifiers),
        T(test_row_misestimate_join_analyzes_tables_below),
        T(test_row_misestimate_quiet_cases),
        T(test_sort_spill_work_mem_and_index),
        T(test_sort_spill_above_current_work_mem),
        T(test_sort_in_memory_is_quiet),
        T(test_hash_spill),
        T(test_hash_spill_grown_with_right_estimate),
        T(test_hash_spill_multiplier_setting),
        T(test_hash_one_batch_is_quiet),
        T(test_nested_loop_unindexed_inner),
        T(test_nested_loop_few_index_loops_is_quiet),
        T(test_nested_loop_cheap_index_probes_are_quiet),
        T(test_index_filter_discards),
        T(test_index_filter_few_discards_is_quiet),
        T(test_heap_fetches_index_only),
        T(test_heap_fetches_few_is_quiet),
        T(test_lossy_bitmap),
        T(test_exact_bitmap_is_quiet),
        T(test_workers_not_launched),
        T(test_workers_not_launched_with_known_pool),
        T(test_all_workers_launched_is_quiet),
        cmocka_unit_test(test_fix_placeholders),
        cmocka_unit_test(test_rule_table_matches_rules_def),
        T(test_empty_plan_adds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
