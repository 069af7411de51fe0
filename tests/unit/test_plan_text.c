/* test_plan_text.c — engine/pg/pg_plan_text: PostgreSQL's text EXPLAIN format
 * into the plan model.
 *
 * The fixtures at the end of this file are real PostgreSQL 15 output, copied
 * verbatim from tests/plans/text/ (README.md there says how each was made):
 * ANALYZE/BUFFERS/VERBOSE/SETTINGS/WAL/TIMING OFF/COSTS OFF plans, parallel
 * plans, CTE + InitPlan + SubPlan, never-executed nodes, spills, lossy bitmap
 * scans, psql's aligned, continued and expanded forms, and an auto_explain log
 * entry. Each test reads one and asserts what an analyst would read off it:
 * the tree's shape (as a one-line string), node types, numbers, conditions and
 * subplan names. Short synthetic lines cover the node-name grammar and the
 * counter variants of other PostgreSQL versions; bad inputs check the exact
 * error text, line and column. One arena per test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/sb.h"
#include "engine/pg/pg_plan_text.h"

/* ---- fixtures (defined at the end, verbatim plans) ------------------------------------------- */

extern const char PLAN_SEQSCAN_FILTER[];
extern const char PLAN_PARALLEL_HASH_JOIN_AGG[];
extern const char PLAN_PARALLEL_VERBOSE_SETTINGS[];
extern const char PLAN_CTE_INITPLAN_SUBPLAN[];
extern const char PLAN_NEVER_EXECUTED[];
extern const char PLAN_NEVER_EXECUTED_TIMING_OFF[];
extern const char PLAN_SORT_SPILL[];
extern const char PLAN_HASH_BATCHES[];
extern const char PLAN_HASHAGG_DISK[];
extern const char PLAN_BITMAP_LOSSY[];
extern const char PLAN_INDEX_ONLY_HEAP_FETCHES[];
extern const char PLAN_UPDATE_ROLLED_BACK[];
extern const char PLAN_JIT[];
extern const char PLAN_TIMING_OFF[];
extern const char PLAN_COSTS_OFF[];
extern const char PLAN_APPEND_PARTITIONS[];
extern const char PLAN_MERGE_JOIN_ANTI[];
extern const char PLAN_SCANS_FUNCTION_VALUES_SUBQUERY[];
extern const char PLAN_MEMOIZE_NESTED_LOOP[];
extern const char PLAN_PSQL_ALIGNED[];
extern const char PLAN_PSQL_CONTINUATION[];
extern const char PLAN_PSQL_EXPANDED[];
extern const char PLAN_TWO_PLANS[];
extern const char PLAN_AUTO_EXPLAIN[];

/* ---- helpers ------------------------------------------------------------------ */

static int setup(void **state)
{
    *state = arena_new();
    return 0;
}

static int teardown(void **state)
{
    arena_free(*state);
    return 0;
}

static plan_set_t parse_ok(arena_t *a, const char *text)
{
    plan_set_t set = {0};
    err_t err;
    err_clear(&err);
    if (pg_plan_text_parse(a, text, strlen(text), &set, &err) != 0)
        fail_msg("parse failed: %s", err.message);
    return set;
}

static plan_t *parse_one(arena_t *a, const char *text)
{
    plan_set_t set = parse_ok(a, text);
    assert_int_equal(set.nplans, 1);
    assert_string_equal(set.plans[0]->source_format, "text");
    return set.plans[0];
}

/* Parses text expecting failure; returns the error. */
static err_t parse_fail(arena_t *a, const char *text)
{
    plan_set_t set = {0};
    err_t err;
    err_clear(&err);
    assert_int_equal(pg_plan_text_parse(a, text, strlen(text), &set, &err), -1);
    assert_int_equal(err.code, ERR_INVALID_REQUEST);
    assert_int_equal(set.nplans, 0);
    return err;
}

static void tree_add(sb_t *sb, const plan_node_t *n)
{
    sb_add(sb, n->node_type);
    if (n->parent_relationship)
        sb_addf(sb, "@%s", n->parent_relationship);
    if (!n->nchildren)
        return;
    sb_addc(sb, '(');
    for (int i = 0; i < n->nchildren; i++) {
        if (i)
            sb_add(sb, ", ");
        tree_add(sb, n->children[i]);
    }
    sb_addc(sb, ')');
}

/* The tree in one line: "Limit(Sort@Outer(Seq Scan@Outer))"; children in
 * parentheses, each with "@" and its parent relationship. */
static const char *tree(arena_t *a, const plan_node_t *root)
{
    sb_t sb;
    sb_init(&sb, a);
    tree_add(&sb, root);
    return sb_str(&sb);
}

/* The node reached from root by child indexes, ending with -1. */
static plan_node_t *child(plan_node_t *n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = va_arg(ap, int); i >= 0; i = va_arg(ap, int)) {
        assert_true(i < n->nchildren);
        n = n->children[i];
    }
    va_end(ap);
    return n;
}

#define assert_num(actual, expected) assert_float_equal((actual), (expected), 1e-9)

static void assert_stats(const plan_node_t *n, double s, double t, double rows, double w)
{
    assert_num(n->startup_cost, s);
    assert_num(n->total_cost, t);
    assert_num(n->plan_rows, rows);
    assert_num(n->plan_width, w);
}

static void assert_actual(const plan_node_t *n, double s, double t, double rows, double loops)
{
    assert_true(n->has_actual);
    assert_false(n->never_executed);
    assert_num(n->actual_startup_ms, s);
    assert_num(n->actual_total_ms, t);
    assert_num(n->actual_rows, rows);
    assert_num(n->actual_loops, loops);
}

/* ---- real plans ----------------------------------------------------------------- */

static void test_seqscan_filter(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_SEQSCAN_FILTER);
    plan_node_t *n = p->root;
    assert_string_equal(tree(a, n), "Seq Scan");
    assert_int_equal(n->line, 1);
    assert_string_equal(n->relation, "orders");
    assert_string_equal(n->alias, "orders");
    assert_null(n->schema);
    assert_null(n->parent_relationship);
    assert_false(n->parallel_aware);
    assert_stats(n, 0, 24460, 6663, 14);
    assert_actual(n, 0.542, 328.266, 6385, 1);
    assert_string_equal(n->filter,
                        "((total > '100'::numeric) AND (coupon_code = 'BLACKFRIDAY'::text))");
    assert_num(n->rows_removed_by_filter, 993615);
    assert_num(n->rows_removed_by_index_recheck, -1); /* a seq scan has no index recheck */
    assert_num(n->shared_hit, 8686); /* not the planner's "Planning: Buffers: shared hit=91" */
    assert_num(n->shared_read, 774);
    assert_num(n->shared_dirtied, 0); /* not shown: zero */
    assert_num(n->temp_read, 0);
    assert_num(n->io_read_ms, 2.398);
    assert_num(n->io_write_ms, 0);
    assert_num(p->planning_ms, 2.558);
    assert_num(p->execution_ms, 328.935);
    assert_num(p->jit_ms, -1);
    assert_true(p->analyzed);
    assert_int_equal(p->nsettings, 0);
}

static void test_parallel_hash_join_aggregate(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_PARALLEL_HASH_JOIN_AGG);
    assert_string_equal(tree(a, p->root),
                        "Aggregate(Gather Merge@Outer(Sort@Outer(Aggregate@Outer("
                        "Hash Join@Outer(Seq Scan@Outer, Hash@Inner(Seq Scan@Outer))))))");
    plan_node_t *fin = p->root, *gather = child(fin, 0, -1), *sort = child(gather, 0, -1);
    plan_node_t *partial = child(sort, 0, -1), *join = child(partial, 0, -1);
    plan_node_t *orders = child(join, 0, -1), *hash = child(join, 1, -1);
    plan_node_t *users = child(hash, 0, -1);
    assert_string_equal(fin->strategy, "Sorted"); /* "Finalize GroupAggregate" */
    assert_int_equal(fin->ngroup_key, 1);
    assert_string_equal(fin->group_key[0], "o.status");
    assert_int_equal(gather->workers_planned, 2);
    assert_int_equal(gather->workers_launched, 2);
    assert_int_equal(gather->line, 5);
    /* "Worker 0:  Sort Method: …" lines do not overwrite the node's own */
    assert_string_equal(sort->sort_method, "quicksort");
    assert_string_equal(sort->sort_space_type, "Memory");
    assert_num(sort->sort_space_kb, 25);
    assert_actual(sort, 671.310, 671.325, 5, 3);
    assert_string_equal(partial->strategy, "Hashed"); /* "Partial HashAggregate" */
    assert_num(partial->hash_batches, 1);
    assert_num(partial->peak_memory_kb, 24);
    assert_true(join->parallel_aware);
    assert_string_equal(join->join_type, "Inner");
    assert_string_equal(join->hash_cond, "(o.user_id = u.id)");
    assert_true(orders->parallel_aware && hash->parallel_aware && users->parallel_aware);
    assert_false(fin->parallel_aware || gather->parallel_aware || sort->parallel_aware);
    assert_string_equal(orders->alias, "o");
    assert_num(hash->hash_buckets, 131072);
    assert_num(hash->hash_batches, 1);
    assert_num(hash->original_hash_batches, 1);
    assert_num(hash->peak_memory_kb, 4800);
    assert_num(users->rows_removed_by_filter, 1702);
    assert_int_equal(users->line, 34);
    assert_num(p->execution_ms, 743.278);
}

static void test_verbose_worker_blocks_and_settings(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_PARALLEL_VERBOSE_SETTINGS);
    assert_string_equal(tree(a, p->root), "Aggregate(Gather Merge@Outer(Sort@Outer("
                                          "Aggregate@Outer(Seq Scan@Outer))))");
    plan_node_t *sort = child(p->root, 0, 0, -1), *scan = child(p->root, 0, 0, 0, 0, -1);
    /* the lines under "Worker 0:  actual time=162.389…" belong to the worker */
    assert_actual(sort, 283.445, 283.447, 5, 3);
    assert_num(sort->shared_hit, 8830);
    assert_num(sort->shared_read, 646);
    assert_num(sort->io_read_ms, 4.845);
    assert_string_equal(sort->sort_key[0], "orders.status");
    assert_actual(scan, 0.154, 91.774, 333333, 3);
    assert_num(scan->shared_hit, 8814);
    assert_string_equal(scan->schema, "public");
    assert_string_equal(scan->relation, "orders");
    assert_string_equal(scan->alias, "orders");
    assert_int_equal(scan->line, 40);
    assert_int_equal(p->nsettings, 2);
    assert_string_equal(p->settings[0], "random_page_cost = '1.1'");
    assert_string_equal(p->settings[1], "work_mem = '8MB'");
    assert_num(p->planning_ms, 1.616);
    assert_num(p->execution_ms, 364.057);
}

static void test_cte_initplan_subplan(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_CTE_INITPLAN_SUBPLAN);
    assert_string_equal(tree(a, p->root),
                        "Limit(Index Scan@InitPlan, Aggregate@InitPlan(Index Scan@Outer), "
                        "Result@Outer(Sort@Outer(Hash Join@Outer(CTE Scan@Outer, Hash@Inner("
                        "Aggregate@Outer(CTE Scan@Outer)))), "
                        "Aggregate@SubPlan(Index Only Scan@Outer)))");
    plan_node_t *cte = child(p->root, 0, -1), *init = child(p->root, 1, -1);
    plan_node_t *result = child(p->root, 2, -1), *sub = child(result, 1, -1);
    assert_string_equal(cte->subplan_name, "CTE recent");
    assert_int_equal(cte->line, 4);
    assert_string_equal(cte->index_name, "idx_orders_created_at");
    assert_string_equal(cte->scan_direction, "Forward");
    assert_actual(cte, 0.298, 4.933, 4988, 1);
    assert_string_equal(init->subplan_name, "InitPlan 2 (returns $1)");
    assert_string_equal(child(init, 0, -1)->alias, "orders_1");
    assert_string_equal(sub->subplan_name, "SubPlan 3");
    assert_actual(sub, 0.130, 0.130, 1, 10);
    plan_node_t *ios = child(sub, 0, -1);
    assert_num(ios->heap_fetches, 0);
    assert_string_equal(ios->index_cond, "(order_id = r.id)");
    plan_node_t *join = child(result, 0, 0, -1);
    plan_node_t *scan_r = child(join, 0, -1), *hash = child(join, 1, -1);
    plan_node_t *scan_recent = child(hash, 0, 0, -1);
    assert_string_equal(scan_r->cte_name, "recent");
    assert_string_equal(scan_r->alias, "r");
    assert_null(scan_r->relation);
    assert_string_equal(scan_recent->cte_name, "recent");
    assert_string_equal(scan_recent->alias, "recent");
    assert_num(scan_recent->rows_removed_by_filter, 3676);
    assert_num(hash->hash_buckets, 2048);
    assert_num(hash->hash_batches, 1);
    assert_num(hash->original_hash_batches, 1);
    assert_num(hash->peak_memory_kb, 64);
    assert_string_equal(child(result, 0, -1)->sort_method, "top-N heapsort");
    assert_string_equal(child(result, 0, -1)->sort_key[0], "r.total DESC");
    assert_num(p->execution_ms, 16.149);
}

static void test_never_executed(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_NEVER_EXECUTED);
    assert_string_equal(tree(a, p->root), "Nested Loop(Index Only Scan@Outer, Index Scan@Inner)");
    assert_string_equal(p->root->join_type, "Inner");
    plan_node_t *outer = child(p->root, 0, -1), *inner = child(p->root, 1, -1);
    assert_actual(outer, 0.038, 0.038, 0, 1);
    assert_true(inner->has_actual);
    assert_true(inner->never_executed);
    assert_num(inner->actual_loops, 0);
    assert_num(inner->actual_rows, 0);
    assert_num(inner->actual_total_ms, 0);
    assert_stats(inner, 0.43, 8.48, 3, 16);
    assert_string_equal(inner->index_cond, "(order_id = o.id)");
    assert_int_equal(inner->line, 7);
}

/* With TIMING OFF a never-executed node has no times either. */
static void test_never_executed_timing_off(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_NEVER_EXECUTED_TIMING_OFF);
    plan_node_t *inner = child(p->root, 1, -1);
    assert_true(inner->never_executed);
    assert_num(inner->actual_total_ms, -1);
    assert_num(inner->actual_startup_ms, -1);
    assert_num(inner->actual_loops, 0);
    assert_num(p->root->actual_total_ms, -1);
    assert_num(p->root->actual_rows, 0);
}

/* ANALYZE output leaves out zeros the JSON format writes; they are read as 0,
 * while what the plan cannot tell stays -1. */
static void test_zeros_the_text_format_omits(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_NEVER_EXECUTED);
    plan_node_t *loop = p->root, *outer = child(loop, 0, -1), *inner = child(loop, 1, -1);
    assert_num(inner->shared_hit, 0);      /* BUFFERS is on: no "Buffers:" line means none */
    assert_num(outer->shared_read, 0);
    assert_num(outer->temp_written, 0);
    assert_num(outer->rows_removed_by_index_recheck, 0); /* an index condition: 0 rechecked */
    assert_num(inner->rows_removed_by_index_recheck, 0);
    assert_num(loop->rows_removed_by_filter, -1);       /* no filter at all */
    assert_num(loop->rows_removed_by_join_filter, -1);
    assert_num(outer->io_read_ms, -1); /* no "I/O Timings:" anywhere: track_io_timing unknown */
    assert_num(outer->heap_fetches, 0);
    plan_t *est = parse_one(a, PLAN_COSTS_OFF); /* no ANALYZE: nothing is known */
    assert_num(child(est->root, 0, 0, 0, 0, 0, 0, -1)->rows_removed_by_index_recheck, -1);
    assert_num(est->root->shared_hit, -1);
}

static void test_sort_spill(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_SORT_SPILL);
    plan_node_t *sort = p->root;
    assert_string_equal(tree(a, sort), "Sort(Seq Scan@Outer)");
    assert_int_equal(sort->nsort_key, 2);
    assert_string_equal(sort->sort_key[0], "total");
    assert_string_equal(sort->sort_key[1], "id");
    assert_string_equal(sort->sort_method, "external merge");
    assert_string_equal(sort->sort_space_type, "Disk");
    assert_num(sort->sort_space_kb, 24520);
    assert_num(sort->shared_hit, 8916);
    assert_num(sort->temp_read, 15289);
    assert_num(sort->temp_written, 16654);
    assert_num(sort->io_read_ms, 4.836); /* shared only: temp I/O is not "I/O Read Time" */
    assert_num(sort->io_write_ms, 0); /* "temp … write=70.237" is temp */
    assert_num(sort->actual_rows, 1000000);
}

static void test_hash_batches(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_HASH_BATCHES);
    assert_string_equal(tree(a, p->root), "Hash Join(Seq Scan@Outer, Hash@Inner(Seq Scan@Outer))");
    plan_node_t *hash = child(p->root, 1, -1);
    assert_num(hash->hash_buckets, 2048);
    assert_num(hash->hash_batches, 128);
    assert_num(hash->original_hash_batches, 128);
    assert_num(hash->peak_memory_kb, 78);
    assert_num(hash->temp_written, 674);
    assert_num(hash->temp_read, 0);
    assert_num(hash->io_write_ms, 0); /* "I/O Timings: temp write=…" only */
    assert_num(p->root->temp_read, 1308);
}

static void test_hashagg_disk(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_HASHAGG_DISK);
    plan_node_t *agg = p->root;
    assert_string_equal(tree(a, agg), "Aggregate(Seq Scan@Outer)");
    assert_string_equal(agg->strategy, "Hashed");
    assert_string_equal(agg->filter, "(count(*) > 30)");
    assert_num(agg->hash_batches, 341);
    assert_num(agg->original_hash_batches, -1);
    assert_num(agg->peak_memory_kb, 185);
    assert_num(agg->disk_usage_kb, 28240);
    assert_num(parse_one(a, PLAN_JIT)->root->disk_usage_kb, 0); /* in memory: not shown */
    assert_num(agg->rows_removed_by_filter, 95333);
    assert_num(agg->temp_written, 12829);
}

static void test_bitmap_lossy(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_BITMAP_LOSSY);
    assert_string_equal(tree(a, p->root),
                        "Aggregate(Bitmap Heap Scan@Outer(Bitmap Index Scan@Outer))");
    plan_node_t *heap = child(p->root, 0, -1), *index = child(heap, 0, -1);
    assert_string_equal(heap->relation, "orders");
    assert_num(heap->exact_heap_blocks, 643);
    assert_num(heap->lossy_heap_blocks, 4125);
    assert_num(heap->rows_removed_by_index_recheck, 6866);
    assert_num(heap->rows_removed_by_filter, 119496);
    assert_string_equal(heap->recheck_cond,
                        "((created_at >= '2022-01-01 00:00:00+00'::timestamp with time zone) AND "
                        "(created_at <= '2023-06-30 00:00:00+00'::timestamp with time zone))");
    assert_string_equal(heap->filter, "(total > '50'::numeric)");
    assert_string_equal(index->index_name, "idx_orders_created_at");
    assert_null(index->relation);
    assert_string_equal(index->index_cond, heap->recheck_cond);
}

static void test_index_only_heap_fetches_local_buffers(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_INDEX_ONLY_HEAP_FETCHES);
    plan_node_t *n = p->root;
    assert_string_equal(tree(a, n), "Index Only Scan");
    assert_string_equal(n->index_name, "recent_orders_user_id_idx");
    assert_string_equal(n->relation, "recent_orders");
    assert_num(n->heap_fetches, 3943);
    assert_num(n->shared_hit, 3);
    assert_num(n->local_hit, 3153);
    assert_num(n->local_read, 789);
    assert_num(p->planning_ms, 0.234);
}

static void test_update_operation(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_UPDATE_ROLLED_BACK);
    assert_string_equal(tree(a, p->root), "Update(Index Scan@Outer)");
    assert_string_equal(p->root->operation, "Update");
    assert_string_equal(p->root->relation, "users");
    assert_num(p->root->shared_dirtied, 10);
    assert_num(p->root->plan_rows, 0);
    assert_string_equal(child(p->root, 0, -1)->index_cond, "((id >= 10) AND (id <= 19))");
}

static void test_jit_total(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_JIT);
    assert_string_equal(tree(a, p->root), "Aggregate(Seq Scan@Outer)");
    assert_num(p->jit_ms, 250.773);
    assert_num(p->planning_ms, 2.872);
    assert_num(p->execution_ms, 799.332); /* after the JIT block */
    assert_num(p->root->shared_hit, 9038);
}

static void test_timing_off(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_TIMING_OFF);
    assert_string_equal(tree(a, p->root), "Aggregate(Sort@Outer(Hash Join@Outer(Seq Scan@Outer, "
                                          "Hash@Inner(Index Only Scan@Outer))))");
    plan_node_t *join = child(p->root, 0, 0, -1);
    assert_string_equal(join->join_type, "Right");
    assert_true(join->has_actual);
    assert_num(join->actual_total_ms, -1);
    assert_num(join->actual_startup_ms, -1);
    assert_num(join->actual_rows, 21960);
    assert_num(join->actual_loops, 1);
    assert_num(child(p->root, 0, -1)->sort_space_kb, 1969);
    assert_num(child(join, 1, 0, -1)->heap_fetches, 59);
}

static void test_costs_off(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_COSTS_OFF);
    assert_string_equal(tree(a, p->root),
                        "Limit(Sort@Outer(Aggregate@Outer(Gather@Outer(Aggregate@Outer("
                        "Hash Join@Outer(Index Scan@Outer, Hash@Inner(Seq Scan@Outer)))))))");
    assert_false(p->analyzed);
    assert_stats(p->root, -1, -1, -1, -1);
    assert_false(p->root->has_actual);
    plan_node_t *join = child(p->root, 0, 0, 0, 0, 0, -1);
    assert_true(join->parallel_aware);
    assert_string_equal(child(join, 0, -1)->index_cond,
                        "(created_at > '2024-06-01 00:00:00+00'::timestamp with time zone)");
    assert_int_equal(child(p->root, 0, 0, 0, -1)->workers_planned, 1);
    assert_string_equal(child(p->root, 0, -1)->sort_key[0], "(count(*)) DESC");
}

static void test_merge_anti_join(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_MERGE_JOIN_ANTI);
    assert_string_equal(tree(a, p->root), "Limit(Merge Join@Outer(Index Only Scan@Outer, "
                                          "Sort@Inner(Seq Scan@Outer)))");
    plan_node_t *join = child(p->root, 0, -1);
    assert_string_equal(join->join_type, "Anti");
    assert_string_equal(join->merge_cond, "(u.id = o.user_id)");
    assert_num(child(join, 1, 0, -1)->rows_removed_by_filter, 949351);
}

static void test_function_values_subquery_scans(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_SCANS_FUNCTION_VALUES_SUBQUERY);
    assert_string_equal(tree(a, p->root),
                        "Merge Join(Merge Join@Outer(Subquery Scan@Outer(Limit@Subquery("
                        "Index Scan@Outer)), Sort@Inner(Function Scan@Outer)), "
                        "Sort@Inner(Values Scan@Outer))");
    plan_node_t *sub = child(p->root, 0, 0, -1), *fn = child(p->root, 0, 1, 0, -1);
    plan_node_t *values = child(p->root, 1, 0, -1);
    assert_string_equal(sub->alias, "sub");
    assert_null(sub->relation);
    assert_string_equal(sub->filter, "(sub.name <> ''::text)");
    assert_string_equal(fn->function_name, "generate_series");
    assert_string_equal(fn->alias, "s");
    assert_null(fn->relation);
    assert_string_equal(values->alias, "*VALUES*");
    assert_string_equal(child(p->root, 1, -1)->sort_key[0], "\"*VALUES*\".column1");
    assert_num(p->planning_ms, 2.235);
}

static void test_memoize(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_MEMOIZE_NESTED_LOOP);
    assert_string_equal(tree(a, p->root),
                        "Nested Loop(Index Scan@Outer, Memoize@Inner(Index Scan@Outer))");
    plan_node_t *memo = child(p->root, 1, -1);
    assert_num(memo->peak_memory_kb, 467);
    assert_actual(memo, 0.006, 0.006, 1, 5015);
    assert_actual(child(memo, 0, -1), 0.007, 0.007, 1, 3515);
}

static void test_append_members(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_APPEND_PARTITIONS);
    assert_string_equal(tree(a, p->root),
                        "Aggregate(Append@Outer(Seq Scan@Member, Seq Scan@Member))");
    plan_node_t *first = child(p->root, 0, 0, -1), *second = child(p->root, 0, 1, -1);
    assert_string_equal(first->relation, "events_2023");
    assert_string_equal(first->alias, "events_1");
    assert_string_equal(second->relation, "events_2024");
    assert_num(second->local_hit, 129);
    assert_num(second->rows_removed_by_filter, 0); /* a filter that removed nothing */
}

/* ---- what people paste ------------------------------------------------------- */

static void test_psql_aligned(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_PSQL_ALIGNED);
    assert_string_equal(tree(a, p->root), "Limit(Index Scan@Outer)");
    assert_int_equal(p->root->line, 3);
    assert_int_equal(child(p->root, 0, -1)->line, 5);
    assert_num(p->root->shared_hit, 2641);
    assert_string_equal(child(p->root, 0, -1)->filter, "((email)::text ~~ 'user1%'::text)");
    assert_num(p->planning_ms, 1.499);
    assert_num(p->execution_ms, 100.933);
}

static void test_psql_continuation_marks(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_PSQL_CONTINUATION);
    assert_string_equal(tree(a, p->root), "Aggregate(Index Only Scan@Outer)");
    plan_node_t *ios = child(p->root, 0, -1);
    assert_actual(ios, 0.209, 10.749, 12477, 1); /* "loops=1)+": the mark is not the value */
    assert_string_equal(ios->index_cond, "(order_id < 5000)");
    assert_num(ios->heap_fetches, 12477);
    assert_num(ios->io_read_ms, 0.908);
    assert_num(p->planning_ms, 2.803);
    assert_num(p->execution_ms, 11.572);
}

static void test_psql_expanded(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_PSQL_EXPANDED);
    assert_string_equal(tree(a, p->root), "Limit(Index Scan@Outer)");
    plan_node_t *scan = child(p->root, 0, -1);
    assert_string_equal(scan->scan_direction, "Backward");
    assert_string_equal(scan->index_name, "idx_orders_created_at");
    assert_string_equal(scan->filter, "(user_id = 42)");
    assert_int_equal(scan->line, 4);
}

static void test_auto_explain_log(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, PLAN_AUTO_EXPLAIN);
    assert_string_equal(tree(a, p->root),
                        "Aggregate(Hash Join@Outer(Index Scan@Outer, Hash@Inner(Seq Scan@Outer)))");
    assert_int_equal(p->root->line, 5); /* the query text's three lines are not the plan */
    assert_actual(p->root, 210.427, 210.432, 1, 1);
    assert_num(p->planning_ms, -1);
    assert_num(p->execution_ms, -1);
    plan_node_t *users = child(p->root, 0, 1, 0, -1);
    assert_string_equal(users->filter, "((status)::text = 'banned'::text)");
    assert_num(users->rows_removed_by_filter, 99010);
    assert_num(child(p->root, 0, 1, -1)->hash_buckets, 1024);
}

static void test_two_plans_concatenated(void **state)
{
    arena_t *a = *state;
    plan_set_t set = parse_ok(a, PLAN_TWO_PLANS);
    assert_int_equal(set.nplans, 2);
    plan_t *first = set.plans[0], *second = set.plans[1];
    assert_string_equal(tree(a, first->root), "Aggregate(Seq Scan@Outer)");
    assert_false(first->analyzed);
    assert_num(first->execution_ms, -1);
    assert_string_equal(tree(a, second->root), "Index Scan");
    assert_true(second->analyzed);
    assert_int_equal(second->root->line, 3);
    assert_string_equal(second->root->index_cond, "(id = 7)");
    assert_num(second->execution_ms, 0.230);
}

/* Log-prefixed auto_explain entries with another log line between them, the
 * same plan in psql's frame, a bare plan, and a plan indented by four blanks
 * (pasted as a Markdown code block) right after it: five plans. */
static void test_several_sources_in_one_paste(void **state)
{
    arena_t *a = *state;
    sb_t sb;
    sb_init(&sb, a);
    sb_add(&sb, PLAN_AUTO_EXPLAIN);
    sb_add(&sb, "2026-11-29 16:22:19.001 UTC [7802] postgres@shop LOG:  statement: SELECT 1;\n");
    sb_add(&sb, PLAN_AUTO_EXPLAIN);
    sb_add(&sb, PLAN_PSQL_ALIGNED);
    sb_add(&sb, PLAN_SEQSCAN_FILTER);
    for (const char *s = PLAN_NEVER_EXECUTED; *s; s++) {
        if (s == PLAN_NEVER_EXECUTED || s[-1] == '\n')
            sb_add(&sb, "    ");
        sb_addc(&sb, *s);
    }
    plan_set_t set = parse_ok(a, sb_str(&sb));
    assert_int_equal(set.nplans, 5);
    assert_int_equal(set.plans[1]->root->line, 25);
    assert_string_equal(tree(a, set.plans[1]->root), tree(a, set.plans[0]->root));
    assert_string_equal(tree(a, set.plans[2]->root), "Limit(Index Scan@Outer)");
    assert_num(set.plans[2]->execution_ms, 100.933);
    assert_num(set.plans[3]->execution_ms, 328.935);
    assert_string_equal(tree(a, set.plans[4]->root),
                        "Nested Loop(Index Only Scan@Outer, Index Scan@Inner)");
    assert_num(set.plans[4]->execution_ms, 0.255);
}

/* A selection that began at the top node's text loses its leading blanks; the
 * rest of the plan is still read against the top node. */
static void test_first_line_lost_indentation(void **state)
{
    arena_t *a = *state;
    const char *text =
        "Limit  (cost=0.29..2467.08 rows=5 width=38) (actual time=105.179..105.180 rows=0 loops=1)\n"
        "   Buffers: shared hit=2641\n"
        "   ->  Index Scan using users_pkey on users  (cost=0.29..4933.86 rows=10 width=38) (actual time=105.176..105.177 rows=0 loops=1)\n"
        "         Filter: ((email)::text ~~ 'user1%'::text)\n"
        " Planning Time: 2.789 ms\n"
        " Execution Time: 105.272 ms\n";
    plan_t *p = parse_one(a, text);
    assert_string_equal(tree(a, p->root), "Limit(Index Scan@Outer)");
    assert_num(p->root->shared_hit, 2641);
    assert_num(p->execution_ms, 105.272);
}

static void test_crlf_and_trailing_blanks(void **state)
{
    arena_t *a = *state;
    sb_t sb;
    sb_init(&sb, a);
    for (const char *s = PLAN_NEVER_EXECUTED; *s; s++) {
        if (*s == '\n')
            sb_add(&sb, "  \t\r");
        sb_addc(&sb, *s);
    }
    plan_t *p = parse_one(a, sb_str(&sb));
    assert_string_equal(tree(a, p->root), "Nested Loop(Index Only Scan@Outer, Index Scan@Inner)");
    assert_string_equal(child(p->root, 1, -1)->index_cond, "(order_id = o.id)");
    assert_num(p->execution_ms, 0.255);
}

/* ---- the node-name grammar (explain.c's formats, all versions) ------------------ */

typedef struct {
    const char *name; /* what precedes "  (cost=…)" */
    const char *type, *join, *strategy, *operation;
    const char *schema, *relation, *alias, *index, *cte, *function, *direction;
    bool parallel;
} name_case_t;

static const name_case_t name_cases[] = {
    {"Index Scan Backward using \"Idx \"\"q\"\"\" on s.\"My Table\" \"x y\"", "Index Scan", NULL,
     NULL, NULL, "s", "My Table", "x y", "Idx \"q\"", NULL, NULL, "Backward", false},
    {"Parallel Index Only Scan using i on t", "Index Only Scan", NULL, NULL, NULL, NULL, "t", "t",
     "i", NULL, NULL, "Forward", true},
    {"Nested Loop", "Nested Loop", "Inner", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     false},
    {"Nested Loop Left Join", "Nested Loop", "Left", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, false},
    {"Hash Full Join", "Hash Join", "Full", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     false},
    {"Parallel Hash Right Anti Join", "Hash Join", "Right Anti", NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, true},
    {"Merge Semi Join", "Merge Join", "Semi", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, false},
    {"Hash", "Hash", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false},
    {"Merge on orders o", "Merge", NULL, NULL, "Merge", NULL, "orders", "o", NULL, NULL, NULL,
     NULL, false},
    {"Merge Append", "Merge Append", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     false},
    {"Insert on public.t", "Insert", NULL, NULL, "Insert", "public", "t", "t", NULL, NULL, NULL,
     NULL, false},
    {"Delete on t t1", "Delete", NULL, NULL, "Delete", NULL, "t", "t1", NULL, NULL, NULL, NULL,
     false},
    {"Finalize HashAggregate", "Aggregate", NULL, "Hashed", NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, false},
    {"MixedAggregate", "Aggregate", NULL, "Mixed", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, false},
    {"HashSetOp Except All", "SetOp", NULL, "Hashed", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, false},
    {"SetOp Intersect", "SetOp", NULL, "Sorted", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     false},
    {"Custom Scan (Citus Adaptive) on t", "Custom Scan", NULL, NULL, NULL, NULL, "t", "t", NULL,
     NULL, NULL, NULL, false},
    {"Async Foreign Scan on f1", "Foreign Scan", NULL, NULL, NULL, NULL, "f1", "f1", NULL, NULL,
     NULL, NULL, false},
    {"Foreign Update on ft", "Foreign Scan", NULL, NULL, "Update", NULL, "ft", "ft", NULL, NULL,
     NULL, NULL, false},
    {"WorkTable Scan on tree t", "WorkTable Scan", NULL, NULL, NULL, NULL, NULL, "t", NULL,
     "tree", NULL, NULL, false},
    {"Function Scan on pg_catalog.generate_series g", "Function Scan", NULL, NULL, NULL,
     "pg_catalog", NULL, "g", NULL, NULL, "generate_series", NULL, false},
    {"Bitmap Index Scan on \"Odd Index\"", "Bitmap Index Scan", NULL, NULL, NULL, NULL, NULL,
     NULL, "Odd Index", NULL, NULL, NULL, false},
    {"Subquery Scan on \"*SELECT* 1\"", "Subquery Scan", NULL, NULL, NULL, NULL, NULL,
     "*SELECT* 1", NULL, NULL, NULL, NULL, false},
    {"Tid Range Scan on t", "Tid Range Scan", NULL, NULL, NULL, NULL, "t", "t", NULL, NULL, NULL,
     NULL, false},
    {"Frobnicate Scan on t x", "Frobnicate Scan", NULL, NULL, NULL, NULL, "t", "x", NULL, NULL,
     NULL, NULL, false},
};

static const char *or_dash(const char *s)
{
    return s ? s : "-";
}

static void test_node_names(void **state)
{
    arena_t *a = *state;
    for (size_t i = 0; i < sizeof(name_cases) / sizeof(name_cases[0]); i++) {
        const name_case_t *c = &name_cases[i];
        const char *line = arena_printf(a, "%s  (cost=1.00..2.00 rows=3 width=4)\n", c->name);
        plan_node_t *n = parse_one(a, line)->root;
        const char *fmt = "%s: type=%s join=%s strategy=%s operation=%s schema=%s relation=%s "
                          "alias=%s index=%s cte=%s function=%s direction=%s parallel=%d";
        const char *want = arena_printf(
            a, fmt, c->name, c->type, or_dash(c->join), or_dash(c->strategy),
            or_dash(c->operation), or_dash(c->schema), or_dash(c->relation), or_dash(c->alias),
            or_dash(c->index), or_dash(c->cte), or_dash(c->function), or_dash(c->direction),
            c->parallel);
        const char *got = arena_printf(
            a, fmt, c->name, n->node_type, or_dash(n->join_type), or_dash(n->strategy),
            or_dash(n->operation), or_dash(n->schema), or_dash(n->relation), or_dash(n->alias),
            or_dash(n->index_name), or_dash(n->cte_name), or_dash(n->function_name),
            or_dash(n->scan_direction), n->parallel_aware);
        assert_string_equal(got, want);
        assert_stats(n, 1, 2, 3, 4);
    }
}

/* ---- attribute and counter variants ---------------------------------------------- */

static void test_key_lists_and_settings(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(a, "Sort  (cost=1.00..2.00 rows=3 width=4)\n"
                             "  Sort Key: (lower((u.email)::text)), (count(*)) DESC, o.id\n"
                             "  Group Key: \"a, b\", ('x, y'::text), c\n"
                             "Settings: search_path = '\"$user\", public', work_mem = '1MB'\n");
    plan_node_t *n = p->root;
    assert_int_equal(n->nsort_key, 3);
    assert_string_equal(n->sort_key[0], "(lower((u.email)::text))");
    assert_string_equal(n->sort_key[1], "(count(*)) DESC");
    assert_string_equal(n->sort_key[2], "o.id");
    assert_int_equal(n->ngroup_key, 3);
    assert_string_equal(n->group_key[0], "\"a, b\"");
    assert_string_equal(n->group_key[1], "('x, y'::text)");
    assert_int_equal(p->nsettings, 2);
    assert_string_equal(p->settings[0], "search_path = '\"$user\", public'");
    assert_string_equal(p->settings[1], "work_mem = '1MB'");
}

/* Buffers and I/O Timings as PostgreSQL 9.x–17 print them. */
static void test_counter_variants(void **state)
{
    arena_t *a = *state;
    static const struct {
        const char *io;
        double read, write;
    } io_cases[] = {
        {"read=1.250 write=0.750", 1.25, 0.75},                         /* up to 14 */
        {"shared/local read=1.500 write=2.500", 1.5, 2.5},              /* 15 */
        {"shared read=1.000 write=2.000, local read=0.500, temp read=4.000 write=5.000", 1.5, 2},
        {"temp read=4.000 write=5.000", 0, 0},
    };
    for (size_t i = 0; i < sizeof(io_cases) / sizeof(io_cases[0]); i++) {
        const char *text = arena_printf(
            a,
            "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)\n"
            "  Buffers: shared hit=1 read=2 dirtied=3 written=4, local hit=5 read=6 dirtied=7 "
            "written=8, temp read=9 written=10\n"
            "  I/O Timings: %s\n",
            io_cases[i].io);
        plan_node_t *n = parse_one(a, text)->root;
        assert_num(n->io_read_ms, io_cases[i].read);
        assert_num(n->io_write_ms, io_cases[i].write);
        assert_num(n->shared_hit, 1);
        assert_num(n->shared_read, 2);
        assert_num(n->shared_dirtied, 3);
        assert_num(n->shared_written, 4);
        assert_num(n->local_hit, 5);
        assert_num(n->local_read, 6);
        assert_num(n->temp_read, 9);
        assert_num(n->temp_written, 10);
    }
}

static void test_hash_originally_and_old_spellings(void **state)
{
    arena_t *a = *state;
    plan_t *p = parse_one(
        a, "Hash  (cost=1.00..2.00 rows=3 width=4) (actual time=1.000..2.000 rows=3 loops=1)\n"
           "  Buckets: 65536 (originally 1024)  Batches: 4 (originally 1)  Memory Usage: 3073kB\n"
           "  Heap Blocks: lossy=7\n"
           "Planning time: 0.5 ms\n"
           "Total runtime: 9.5 ms\n");
    assert_num(p->root->hash_buckets, 65536);
    assert_num(p->root->hash_batches, 4);
    assert_num(p->root->original_hash_batches, 1);
    assert_num(p->root->peak_memory_kb, 3073);
    assert_num(p->root->lossy_heap_blocks, 7);
    assert_num(p->root->exact_heap_blocks, -1);
    assert_num(p->planning_ms, 0.5);
    assert_num(p->execution_ms, 9.5);
}

/* ---- bad input ---------------------------------------------------------------- */

typedef struct {
    const char *input, *message;
    int line, column;
} error_case_t;

static const error_case_t error_cases[] = {
    {"", "not an EXPLAIN plan: expected a line like \"Seq Scan on t  (cost=…)\" (line 1)", 1, 1},
    {"SELECT * FROM orders WHERE id = 1;\n",
     "not an EXPLAIN plan: expected a line like \"Seq Scan on t  (cost=…)\" (line 1)", 1, 1},
    {"\n\nSort by date, please\n  Filter: x\n",
     "not an EXPLAIN plan: expected a line like \"Seq Scan on t  (cost=…)\" (line 3)", 3, 1},
    {"[{\"Plan\": {\"Node Type\": \"Seq Scan\"}}]",
     "not an EXPLAIN plan: expected a line like \"Seq Scan on t  (cost=…)\" (line 1)", 1, 1},
    {"                QUERY PLAN\n-------------\n(0 rows)\n",
     "not an EXPLAIN plan: expected a line like \"Seq Scan on t  (cost=…)\" (line 1)", 1, 1},
    {"  ->  Hash Join  (cost=1.00..2.00 rows=1 width=4)\n"
     "        ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n",
     "broken EXPLAIN plan: a child node (\"->\") before any top node: expected the plan's first "
     "line, a line like \"Seq Scan on t  (cost=…)\" (line 1)", 1, 3},
    {"Limit  (cost=0.00..1.00 rows=1 width=4)\n"
     "  ->  Sort  (cost=0.00..1.00 rows=1 width=4)\n"
     "              ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n",
     "broken EXPLAIN plan indentation: \"->\" at column 15 is deeper than any open node: expected "
     "column 9 or less, under \"Sort\" of line 2 (line 3)", 3, 15},
    {"Limit  (cost=0.00..1.00 rows=1 width=4)\n"
     "  InitPlan 1 (returns $0)\n"
     "            ->  Result  (cost=0.00..0.01 rows=1 width=4)\n",
     "broken EXPLAIN plan indentation: \"->\" at column 13 is deeper than any open node: expected "
     "column 5 or less, under \"Limit\" of line 1 (line 3)", 3, 13},
    {"    Limit  (cost=0.00..1.00 rows=1 width=4)\n"
     "      ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
     "  ->  Seq Scan on u  (cost=0.00..1.00 rows=1 width=4)\n",
     "broken EXPLAIN plan indentation: \"->\" at column 3 is not inside the top node: expected "
     "column 7 or more, under \"Limit\" of line 1 (line 3)", 3, 3},
    {"Aggregate  (cost=4.50..4.51 rows=1 width=8)\n"
     "  ->  Seq Scan on teams  (cost=0.00..4.00 rows=200 width=0)\n"
     "(2 rows)\n"
     "        ->  Seq Scan on users  (cost=0.00..4.00 rows=200 width=0)\n",
     "broken EXPLAIN plan: a child node (\"->\") before any top node: expected the plan's first "
     "line, a line like \"Seq Scan on t  (cost=…)\" (line 4)", 4, 9},
};

static void test_errors(void **state)
{
    arena_t *a = *state;
    for (size_t i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
        const error_case_t *c = &error_cases[i];
        err_t err = parse_fail(a, c->input);
        assert_string_equal(err.message, c->message);
        assert_int_equal(err.line, c->line);
        assert_int_equal(err.column, c->column);
    }
}

/* A failed parse leaves the set as it was: plans read earlier stay, none added. */
static void test_failure_leaves_set_unchanged(void **state)
{
    arena_t *a = *state;
    plan_set_t set = parse_ok(a, PLAN_SEQSCAN_FILTER);
    err_t err;
    err_clear(&err);
    const char *bad = "Sort  (cost=1.00..2.00 rows=3 width=4)\n"
                      "  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
                      "              ->  Seq Scan on u  (cost=0.00..1.00 rows=1 width=4)\n";
    assert_int_equal(pg_plan_text_parse(a, bad, strlen(bad), &set, &err), -1);
    assert_int_equal(set.nplans, 1);
    assert_int_equal(err.line, 3);
}

/* The input is read within its length: no terminating NUL is needed, and a NUL
 * inside a line ends that line. */
static void test_length_bounded_input(void **state)
{
    arena_t *a = *state;
    size_t len = strlen(PLAN_SORT_SPILL);
    char *exact = malloc(len); /* no NUL after the last byte: ASan reports any overread */
    assert_non_null(exact);
    memcpy(exact, PLAN_SORT_SPILL, len);
    plan_set_t set = {0};
    err_t err;
    err_clear(&err);
    assert_int_equal(pg_plan_text_parse(a, exact, len, &set, &err), 0);
    assert_num(set.plans[0]->execution_ms, 1573.034);
    /* cut after "Sort  (cost=187479.84..": the total cost is unknown */
    assert_int_equal(pg_plan_text_parse(a, exact, 23, &set, &err), 0);
    assert_num(set.plans[1]->root->startup_cost, 187479.84);
    assert_num(set.plans[1]->root->total_cost, -1);
    free(exact);
    static const char with_nul[] = "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
                                   "  Filter: (a = 1)\0 AND (b = 2)\n"
                                   "  Rows Removed by Filter: 5\n";
    assert_int_equal(pg_plan_text_parse(a, with_nul, sizeof(with_nul) - 1, &set, &err), 0);
    assert_string_equal(set.plans[2]->root->filter, "(a = 1)");
    assert_num(set.plans[2]->root->rows_removed_by_filter, 5);
}

/* Every prefix of real plans parses or fails cleanly (a truncated paste). */
static void test_every_prefix(void **state)
{
    (void)state;
    const char *plans[] = {PLAN_CTE_INITPLAN_SUBPLAN, PLAN_PARALLEL_VERBOSE_SETTINGS,
                           PLAN_AUTO_EXPLAIN, PLAN_PSQL_CONTINUATION};
    for (size_t k = 0; k < sizeof(plans) / sizeof(plans[0]); k++) {
        size_t len = strlen(plans[k]);
        for (size_t n = 0; n <= len; n++) {
            arena_t *a = arena_new();
            plan_set_t set = {0};
            err_t err;
            err_clear(&err);
            if (pg_plan_text_parse(a, plans[k], n, &set, &err) == 0)
                assert_non_null(set.plans[0]->root);
            else
                assert_int_equal(err.code, ERR_INVALID_REQUEST);
            arena_free(a);
        }
    }
}

/* A 10,000-deep plan (each node the only child of the one above, indented as
 * EXPLAIN indents: 6 columns a level, 300 MB in all) is read without recursion. */
static void test_deep_plan(void **state)
{
    arena_t *a = *state;
    enum { DEPTH = 10000 };
    static const char root[] =
        "Limit  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)\n";
    static const char node[] =
        "->  Materialize  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)\n";
    size_t len = sizeof(root) - 1;
    for (size_t i = 1; i < DEPTH; i++)
        len += 2 + 6 * (i - 1) + sizeof(node) - 1;
    char *text = malloc(len), *p = text;
    assert_non_null(text);
    memcpy(p, root, sizeof(root) - 1);
    p += sizeof(root) - 1;
    for (size_t i = 1; i < DEPTH; i++) {
        memset(p, ' ', 2 + 6 * (i - 1));
        p += 2 + 6 * (i - 1);
        memcpy(p, node, sizeof(node) - 1);
        p += sizeof(node) - 1;
    }
    plan_set_t set = {0};
    err_t err;
    err_clear(&err);
    assert_int_equal(pg_plan_text_parse(a, text, len, &set, &err), 0);
    free(text);
    const plan_node_t *n = set.plans[0]->root;
    int depth = 1;
    while (n->nchildren == 1) {
        n = n->children[0];
        depth++;
    }
    assert_int_equal(depth, DEPTH);
    assert_int_equal(n->line, DEPTH);
    assert_string_equal(n->node_type, "Materialize");
    assert_string_equal(n->parent_relationship, "Outer");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seqscan_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parallel_hash_join_aggregate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verbose_worker_blocks_and_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cte_initplan_subplan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_never_executed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_never_executed_timing_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zeros_the_text_format_omits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sort_spill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_batches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hashagg_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bitmap_lossy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_only_heap_fetches_local_buffers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_operation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jit_total, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timing_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_costs_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_anti_join, setup, teardown),
        cmocka_unit_test_setup_teardown(test_function_values_subquery_scans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memoize, setup, teardown),
        cmocka_unit_test_setup_teardown(test_append_members, setup, teardown),
        cmocka_unit_test_setup_teardown(test_psql_aligned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_psql_continuation_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_psql_expanded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auto_explain_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_plans_concatenated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_sources_in_one_paste, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_line_lost_indentation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_and_trailing_blanks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_node_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_lists_and_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counter_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_originally_and_old_spellings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failure_leaves_set_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_length_bounded_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_plan, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* ---- fixtures: verbatim copies of the files in tests/plans/text/ ------------------- */

const char PLAN_SEQSCAN_FILTER[] =
    "Seq Scan on orders  (cost=0.00..24460.00 rows=6663 width=14) (actual time=0.542..328.266 rows=6385 loops=1)\n"
    "  Filter: ((total > '100'::numeric) AND (coupon_code = 'BLACKFRIDAY'::text))\n"
    "  Rows Removed by Filter: 993615\n"
    "  Buffers: shared hit=8686 read=774\n"
    "  I/O Timings: shared read=2.398\n"
    "Planning:\n"
    "  Buffers: shared hit=91\n"
    "Planning Time: 2.558 ms\n"
    "Execution Time: 328.935 ms\n";

const char PLAN_PARALLEL_HASH_JOIN_AGG[] =
    "Finalize GroupAggregate  (cost=21194.15..21195.41 rows=5 width=12) (actual time=715.721..742.489 rows=5 loops=1)\n"
    "  Group Key: o.status\n"
    "  Buffers: shared hit=10824 read=742\n"
    "  I/O Timings: shared read=12.570\n"
    "  ->  Gather Merge  (cost=21194.15..21195.31 rows=10 width=12) (actual time=715.705..742.471 rows=15 loops=1)\n"
    "        Workers Planned: 2\n"
    "        Workers Launched: 2\n"
    "        Buffers: shared hit=10824 read=742\n"
    "        I/O Timings: shared read=12.570\n"
    "        ->  Sort  (cost=20194.12..20194.14 rows=5 width=12) (actual time=671.310..671.325 rows=5 loops=3)\n"
    "              Sort Key: o.status\n"
    "              Sort Method: quicksort  Memory: 25kB\n"
    "              Buffers: shared hit=10824 read=742\n"
    "              I/O Timings: shared read=12.570\n"
    "              Worker 0:  Sort Method: quicksort  Memory: 25kB\n"
    "              Worker 1:  Sort Method: quicksort  Memory: 25kB\n"
    "              ->  Partial HashAggregate  (cost=20194.02..20194.07 rows=5 width=12) (actual time=671.194..671.208 rows=5 loops=3)\n"
    "                    Group Key: o.status\n"
    "                    Batches: 1  Memory Usage: 24kB\n"
    "                    Buffers: shared hit=10808 read=742\n"
    "                    I/O Timings: shared read=12.570\n"
    "                    Worker 0:  Batches: 1  Memory Usage: 24kB\n"
    "                    Worker 1:  Batches: 1  Memory Usage: 24kB\n"
    "                    ->  Parallel Hash Join  (cost=3493.97..18214.43 rows=395917 width=4) (actual time=126.058..615.222 rows=316691 loops=3)\n"
    "                          Hash Cond: (o.user_id = u.id)\n"
    "                          Buffers: shared hit=10808 read=742\n"
    "                          I/O Timings: shared read=12.570\n"
    "                          ->  Parallel Seq Scan on orders o  (cost=0.00..13626.67 rows=416667 width=12) (actual time=0.090..92.951 rows=333333 loops=3)\n"
    "                                Buffers: shared hit=8718 read=742\n"
    "                                I/O Timings: shared read=12.570\n"
    "                          ->  Parallel Hash  (cost=2795.29..2795.29 rows=55894 width=8) (actual time=119.441..119.442 rows=31632 loops=3)\n"
    "                                Buckets: 131072  Batches: 1  Memory Usage: 4800kB\n"
    "                                Buffers: shared hit=2060\n"
    "                                ->  Parallel Seq Scan on users u  (cost=0.00..2795.29 rows=55894 width=8) (actual time=0.066..72.848 rows=31632 loops=3)\n"
    "                                      Filter: ((status)::text = 'active'::text)\n"
    "                                      Rows Removed by Filter: 1702\n"
    "                                      Buffers: shared hit=2060\n"
    "Planning:\n"
    "  Buffers: shared hit=250\n"
    "Planning Time: 3.907 ms\n"
    "Execution Time: 743.278 ms\n";

const char PLAN_PARALLEL_VERBOSE_SETTINGS[] =
    "Finalize GroupAggregate  (cost=16710.15..16711.45 rows=5 width=36) (actual time=327.435..363.413 rows=5 loops=1)\n"
    "  Output: status, sum(total)\n"
    "  Group Key: orders.status\n"
    "  Buffers: shared hit=8830 read=646\n"
    "  I/O Timings: shared read=4.845\n"
    "  ->  Gather Merge  (cost=16710.15..16711.31 rows=10 width=36) (actual time=327.392..363.364 rows=15 loops=1)\n"
    "        Output: status, (PARTIAL sum(total))\n"
    "        Workers Planned: 2\n"
    "        Workers Launched: 2\n"
    "        Buffers: shared hit=8830 read=646\n"
    "        I/O Timings: shared read=4.845\n"
    "        ->  Sort  (cost=15710.12..15710.13 rows=5 width=36) (actual time=283.445..283.447 rows=5 loops=3)\n"
    "              Output: status, (PARTIAL sum(total))\n"
    "              Sort Key: orders.status\n"
    "              Sort Method: quicksort  Memory: 25kB\n"
    "              Buffers: shared hit=8830 read=646\n"
    "              I/O Timings: shared read=4.845\n"
    "              Worker 0:  actual time=264.596..264.598 rows=5 loops=1\n"
    "                Sort Method: quicksort  Memory: 25kB\n"
    "                Buffers: shared hit=3339 read=340\n"
    "                I/O Timings: shared read=1.918\n"
    "              Worker 1:  actual time=263.510..263.512 rows=5 loops=1\n"
    "                Sort Method: quicksort  Memory: 25kB\n"
    "                Buffers: shared hit=2336 read=96\n"
    "                I/O Timings: shared read=1.257\n"
    "              ->  Partial HashAggregate  (cost=15710.00..15710.06 rows=5 width=36) (actual time=283.295..283.298 rows=5 loops=3)\n"
    "                    Output: status, PARTIAL sum(total)\n"
    "                    Group Key: orders.status\n"
    "                    Batches: 1  Memory Usage: 24kB\n"
    "                    Buffers: shared hit=8814 read=646\n"
    "                    I/O Timings: shared read=4.845\n"
    "                    Worker 0:  actual time=264.342..264.345 rows=5 loops=1\n"
    "                      Batches: 1  Memory Usage: 24kB\n"
    "                      Buffers: shared hit=3331 read=340\n"
    "                      I/O Timings: shared read=1.918\n"
    "                    Worker 1:  actual time=263.428..263.430 rows=5 loops=1\n"
    "                      Batches: 1  Memory Usage: 24kB\n"
    "                      Buffers: shared hit=2328 read=96\n"
    "                      I/O Timings: shared read=1.257\n"
    "                    ->  Parallel Seq Scan on public.orders  (cost=0.00..13626.67 rows=416667 width=10) (actual time=0.154..91.774 rows=333333 loops=3)\n"
    "                          Output: id, user_id, status, total, coupon_code, note, created_at, shipped_at\n"
    "                          Buffers: shared hit=8814 read=646\n"
    "                          I/O Timings: shared read=4.845\n"
    "                          Worker 0:  actual time=0.128..91.850 rows=387948 loops=1\n"
    "                            Buffers: shared hit=3331 read=340\n"
    "                            I/O Timings: shared read=1.918\n"
    "                          Worker 1:  actual time=0.150..87.288 rows=255772 loops=1\n"
    "                            Buffers: shared hit=2328 read=96\n"
    "                            I/O Timings: shared read=1.257\n"
    "Settings: random_page_cost = '1.1', work_mem = '8MB'\n"
    "Query Identifier: -2306272370738251746\n"
    "Planning:\n"
    "  Buffers: shared hit=117\n"
    "Planning Time: 1.616 ms\n"
    "Execution Time: 364.057 ms\n";

const char PLAN_CTE_INITPLAN_SUBPLAN[] =
    "Limit  (cost=552.78..637.91 rows=10 width=64) (actual time=13.326..13.965 rows=10 loops=1)\n"
    "  Buffers: shared hit=1139\n"
    "  CTE recent\n"
    "    ->  Index Scan using idx_orders_created_at on orders  (cost=0.42..190.40 rows=4799 width=22) (actual time=0.298..4.933 rows=4988 loops=1)\n"
    "          Index Cond: (created_at > '2024-06-25 00:00:00+00'::timestamp with time zone)\n"
    "          Buffers: shared hit=871\n"
    "  InitPlan 2 (returns $1)\n"
    "    ->  Aggregate  (cost=58.76..58.77 rows=1 width=32) (actual time=0.491..0.493 rows=1 loops=1)\n"
    "          Buffers: shared hit=234\n"
    "          ->  Index Scan using idx_orders_created_at on orders orders_1  (cost=0.42..55.51 rows=1301 width=6) (actual time=0.102..0.305 rows=1341 loops=1)\n"
    "                Index Cond: (created_at > '2024-06-29 00:00:00+00'::timestamp with time zone)\n"
    "                Buffers: shared hit=234\n"
    "  ->  Result  (cost=303.62..20733.62 rows=2400 width=64) (actual time=13.324..13.958 rows=10 loops=1)\n"
    "        Buffers: shared hit=1139\n"
    "        ->  Sort  (cost=303.62..309.62 rows=2400 width=56) (actual time=12.614..12.618 rows=10 loops=1)\n"
    "              Sort Key: r.total DESC\n"
    "              Sort Method: top-N heapsort  Memory: 26kB\n"
    "              Buffers: shared hit=1108\n"
    "              ->  Hash Join  (cost=116.48..251.75 rows=2400 width=56) (actual time=11.292..12.300 rows=1714 loops=1)\n"
    "                    Hash Cond: (r.user_id = recent.user_id)\n"
    "                    Buffers: shared hit=1105\n"
    "                    ->  CTE Scan on recent r  (cost=0.00..95.98 rows=4799 width=32) (actual time=0.303..0.587 rows=4988 loops=1)\n"
    "                          Buffers: shared hit=4\n"
    "                    ->  Hash  (cost=113.98..113.98 rows=200 width=8) (actual time=10.422..10.423 rows=1217 loops=1)\n"
    "                          Buckets: 2048 (originally 1024)  Batches: 1 (originally 1)  Memory Usage: 64kB\n"
    "                          Buffers: shared hit=867\n"
    "                          ->  HashAggregate  (cost=111.98..113.98 rows=200 width=8) (actual time=9.997..10.142 rows=1217 loops=1)\n"
    "                                Group Key: recent.user_id\n"
    "                                Batches: 1  Memory Usage: 145kB\n"
    "                                Buffers: shared hit=867\n"
    "                                ->  CTE Scan on recent  (cost=0.00..107.98 rows=1600 width=8) (actual time=0.005..8.092 rows=1312 loops=1)\n"
    "                                      Filter: (total > '500'::numeric)\n"
    "                                      Rows Removed by Filter: 3676\n"
    "                                      Buffers: shared hit=867\n"
    "        SubPlan 3\n"
    "          ->  Aggregate  (cost=8.49..8.50 rows=1 width=8) (actual time=0.130..0.130 rows=1 loops=10)\n"
    "                Buffers: shared hit=31\n"
    "                ->  Index Only Scan using idx_order_items_order_id on order_items oi  (cost=0.43..8.48 rows=3 width=0) (actual time=0.129..0.129 rows=4 loops=10)\n"
    "                      Index Cond: (order_id = r.id)\n"
    "                      Heap Fetches: 0\n"
    "                      Buffers: shared hit=31\n"
    "Planning:\n"
    "  Buffers: shared hit=244\n"
    "Planning Time: 3.784 ms\n"
    "Execution Time: 16.149 ms\n";

const char PLAN_NEVER_EXECUTED[] =
    "Nested Loop  (cost=0.85..12.96 rows=2 width=16) (actual time=0.039..0.040 rows=0 loops=1)\n"
    "  Buffers: shared hit=3\n"
    "  ->  Index Only Scan using orders_pkey on orders o  (cost=0.42..4.44 rows=1 width=8) (actual time=0.038..0.038 rows=0 loops=1)\n"
    "        Index Cond: (id < 0)\n"
    "        Heap Fetches: 0\n"
    "        Buffers: shared hit=3\n"
    "  ->  Index Scan using idx_order_items_order_id on order_items oi  (cost=0.43..8.48 rows=3 width=16) (never executed)\n"
    "        Index Cond: (order_id = o.id)\n"
    "Planning:\n"
    "  Buffers: shared hit=242\n"
    "Planning Time: 4.864 ms\n"
    "Execution Time: 0.255 ms\n";

const char PLAN_NEVER_EXECUTED_TIMING_OFF[] =
    "Nested Loop  (cost=0.85..12.96 rows=2 width=16) (actual rows=0 loops=1)\n"
    "  Buffers: shared hit=3\n"
    "  ->  Index Only Scan using orders_pkey on orders o  (cost=0.42..4.44 rows=1 width=8) (actual rows=0 loops=1)\n"
    "        Index Cond: (id < 0)\n"
    "        Heap Fetches: 0\n"
    "        Buffers: shared hit=3\n"
    "  ->  Index Scan using idx_order_items_order_id on order_items oi  (cost=0.43..8.48 rows=3 width=16) (never executed)\n"
    "        Index Cond: (order_id = o.id)\n"
    "Planning:\n"
    "  Buffers: shared hit=242\n"
    "Planning Time: 4.736 ms\n"
    "Execution Time: 0.295 ms\n";

const char PLAN_SORT_SPILL[] =
    "Sort  (cost=187479.84..189979.84 rows=1000000 width=14) (actual time=1412.407..1527.939 rows=1000000 loops=1)\n"
    "  Sort Key: total, id\n"
    "  Sort Method: external merge  Disk: 24520kB\n"
    "  Buffers: shared hit=8916 read=550, temp read=15289 written=16654\n"
    "  I/O Timings: shared read=4.836, temp read=64.366 write=70.237\n"
    "  ->  Seq Scan on orders  (cost=0.00..19460.00 rows=1000000 width=14) (actual time=0.228..394.548 rows=1000000 loops=1)\n"
    "        Buffers: shared hit=8910 read=550\n"
    "        I/O Timings: shared read=4.836\n"
    "Planning:\n"
    "  Buffers: shared hit=102\n"
    "Planning Time: 1.735 ms\n"
    "Execution Time: 1573.034 ms\n";

const char PLAN_HASH_BATCHES[] =
    "Hash Join  (cost=5092.00..29117.66 rows=103486 width=36) (actual time=128.603..484.194 rows=106316 loops=1)\n"
    "  Hash Cond: (o.user_id = u.id)\n"
    "  Buffers: shared hit=11002 read=518, temp read=1308 written=1308\n"
    "  I/O Timings: shared read=2.013, temp read=5.095 write=17.354\n"
    "  ->  Seq Scan on orders o  (cost=0.00..21960.00 rows=103486 width=14) (actual time=0.081..279.045 rows=106316 loops=1)\n"
    "        Filter: (total > '900'::numeric)\n"
    "        Rows Removed by Filter: 893684\n"
    "        Buffers: shared hit=8942 read=518\n"
    "        I/O Timings: shared read=2.013\n"
    "  ->  Hash  (cost=3060.00..3060.00 rows=100000 width=38) (actual time=127.763..127.765 rows=100000 loops=1)\n"
    "        Buckets: 2048  Batches: 128  Memory Usage: 78kB\n"
    "        Buffers: shared hit=2060, temp written=674\n"
    "        I/O Timings: temp write=8.275\n"
    "        ->  Seq Scan on users u  (cost=0.00..3060.00 rows=100000 width=38) (actual time=0.051..90.737 rows=100000 loops=1)\n"
    "              Buffers: shared hit=2060\n"
    "Planning:\n"
    "  Buffers: shared hit=247\n"
    "Planning Time: 3.692 ms\n"
    "Execution Time: 489.251 ms\n";

const char PLAN_HASHAGG_DISK[] =
    "HashAggregate  (cost=178210.00..202180.38 rows=14210 width=16) (actual time=405.815..907.281 rows=3730 loops=1)\n"
    "  Group Key: user_id\n"
    "  Filter: (count(*) > 30)\n"
    "  Planned Partitions: 4  Batches: 341  Memory Usage: 185kB  Disk Usage: 28240kB\n"
    "  Rows Removed by Filter: 95333\n"
    "  Buffers: shared hit=8974 read=486, temp read=10149 written=12829\n"
    "  I/O Timings: shared read=1.861, temp read=36.177 write=52.757\n"
    "  ->  Seq Scan on orders  (cost=0.00..19460.00 rows=1000000 width=8) (actual time=0.118..91.448 rows=1000000 loops=1)\n"
    "        Buffers: shared hit=8974 read=486\n"
    "        I/O Timings: shared read=1.861\n"
    "Planning:\n"
    "  Buffers: shared hit=92\n"
    "Planning Time: 1.324 ms\n"
    "Execution Time: 912.132 ms\n";

const char PLAN_BITMAP_LOSSY[] =
    "Aggregate  (cost=37929.57..37929.58 rows=1 width=8) (actual time=332.305..332.307 rows=1 loops=1)\n"
    "  Buffers: shared hit=4916 read=1213\n"
    "  I/O Timings: shared read=51.558\n"
    "  ->  Bitmap Heap Scan on orders  (cost=10504.26..36986.66 rows=377161 width=0) (actual time=91.397..314.948 rows=377772 loops=1)\n"
    "        Recheck Cond: ((created_at >= '2022-01-01 00:00:00+00'::timestamp with time zone) AND (created_at <= '2023-06-30 00:00:00+00'::timestamp with time zone))\n"
    "        Rows Removed by Index Recheck: 6866\n"
    "        Filter: (total > '50'::numeric)\n"
    "        Rows Removed by Filter: 119496\n"
    "        Heap Blocks: exact=643 lossy=4125\n"
    "        Buffers: shared hit=4916 read=1213\n"
    "        I/O Timings: shared read=51.558\n"
    "        ->  Bitmap Index Scan on idx_orders_created_at  (cost=0.00..10409.97 rows=495754 width=0) (actual time=90.906..90.907 rows=497268 loops=1)\n"
    "              Index Cond: ((created_at >= '2022-01-01 00:00:00+00'::timestamp with time zone) AND (created_at <= '2023-06-30 00:00:00+00'::timestamp with time zone))\n"
    "              Buffers: shared hit=148 read=1213\n"
    "              I/O Timings: shared read=51.558\n"
    "Planning:\n"
    "  Buffers: shared hit=97\n"
    "Planning Time: 1.506 ms\n"
    "Execution Time: 332.777 ms\n";

const char PLAN_INDEX_ONLY_HEAP_FETCHES[] =
    "Index Only Scan using recent_orders_user_id_idx on recent_orders  (cost=0.42..5203.73 rows=3974 width=8) (actual time=0.097..7.201 rows=3943 loops=1)\n"
    "  Index Cond: ((user_id >= 1000) AND (user_id <= 3000))\n"
    "  Heap Fetches: 3943\n"
    "  Buffers: shared hit=3, local hit=3153 read=789\n"
    "  I/O Timings: shared read=3.698\n"
    "Planning:\n"
    "  Buffers: shared hit=8, local read=5\n"
    "  I/O Timings: shared read=0.029\n"
    "Planning Time: 0.234 ms\n"
    "Execution Time: 10.492 ms\n";

const char PLAN_UPDATE_ROLLED_BACK[] =
    "Update on users  (cost=0.29..8.59 rows=0 width=0) (actual time=2.885..2.886 rows=0 loops=1)\n"
    "  Buffers: shared hit=140 read=1 dirtied=10\n"
    "  I/O Timings: shared read=0.107\n"
    "  WAL: records=41 bytes=4216\n"
    "  ->  Index Scan using users_pkey on users  (cost=0.29..8.59 rows=10 width=19) (actual time=0.096..0.100 rows=10 loops=1)\n"
    "        Index Cond: ((id >= 10) AND (id <= 19))\n"
    "        Buffers: shared hit=6\n"
    "Planning:\n"
    "  Buffers: shared hit=102\n"
    "Planning Time: 2.987 ms\n"
    "Execution Time: 3.577 ms\n";

const char PLAN_JIT[] =
    "HashAggregate  (cost=28884.85..28884.92 rows=5 width=44) (actual time=695.381..695.386 rows=5 loops=1)\n"
    "  Group Key: status\n"
    "  Batches: 1  Memory Usage: 24kB\n"
    "  Buffers: shared hit=9038 read=422\n"
    "  I/O Timings: shared read=2.473\n"
    "  ->  Seq Scan on orders  (cost=0.00..21960.00 rows=923314 width=18) (actual time=249.574..592.131 rows=923357 loops=1)\n"
    "        Filter: (total > '10'::numeric)\n"
    "        Rows Removed by Filter: 76643\n"
    "        Buffers: shared hit=9038 read=422\n"
    "        I/O Timings: shared read=2.473\n"
    "Planning:\n"
    "  Buffers: shared hit=118\n"
    "Planning Time: 2.872 ms\n"
    "JIT:\n"
    "  Functions: 8\n"
    "  Options: Inlining true, Optimization true, Expressions true, Deforming true\n"
    "  Timing: Generation 1.406 ms, Inlining 141.554 ms, Optimization 60.080 ms, Emission 47.733 ms, Total 250.773 ms\n"
    "Execution Time: 799.332 ms\n";

const char PLAN_TIMING_OFF[] =
    "GroupAggregate  (cost=22117.87..22122.20 rows=51 width=16) (actual rows=49 loops=1)\n"
    "  Group Key: u.id\n"
    "  Buffers: shared hit=9097 read=390\n"
    "  I/O Timings: shared read=2.842\n"
    "  ->  Sort  (cost=22117.87..22119.14 rows=510 width=16) (actual rows=21960 loops=1)\n"
    "        Sort Key: u.id\n"
    "        Sort Method: quicksort  Memory: 1969kB\n"
    "        Buffers: shared hit=9097 read=390\n"
    "        I/O Timings: shared read=2.842\n"
    "        ->  Hash Right Join  (cost=9.82..22094.93 rows=510 width=16) (actual rows=21960 loops=1)\n"
    "              Hash Cond: (o.user_id = u.id)\n"
    "              Buffers: shared hit=9094 read=390\n"
    "              I/O Timings: shared read=2.842\n"
    "              ->  Seq Scan on orders o  (cost=0.00..19460.00 rows=1000000 width=16) (actual rows=1000000 loops=1)\n"
    "                    Buffers: shared hit=9070 read=390\n"
    "                    I/O Timings: shared read=2.842\n"
    "              ->  Hash  (cost=9.19..9.19 rows=51 width=8) (actual rows=49 loops=1)\n"
    "                    Buckets: 1024  Batches: 1  Memory Usage: 10kB\n"
    "                    Buffers: shared hit=24\n"
    "                    ->  Index Only Scan using users_pkey on users u  (cost=0.29..9.19 rows=51 width=8) (actual rows=49 loops=1)\n"
    "                          Index Cond: (id < 50)\n"
    "                          Heap Fetches: 59\n"
    "                          Buffers: shared hit=24\n"
    "Planning:\n"
    "  Buffers: shared hit=175\n"
    "Planning Time: 3.597 ms\n"
    "Execution Time: 354.506 ms\n";

const char PLAN_COSTS_OFF[] =
    "Limit\n"
    "  ->  Sort\n"
    "        Sort Key: (count(*)) DESC\n"
    "        ->  Finalize HashAggregate\n"
    "              Group Key: u.email\n"
    "              ->  Gather\n"
    "                    Workers Planned: 1\n"
    "                    ->  Partial HashAggregate\n"
    "                          Group Key: u.email\n"
    "                          ->  Parallel Hash Join\n"
    "                                Hash Cond: (o.user_id = u.id)\n"
    "                                ->  Parallel Index Scan using idx_orders_created_at on orders o\n"
    "                                      Index Cond: (created_at > '2024-06-01 00:00:00+00'::timestamp with time zone)\n"
    "                                ->  Parallel Hash\n"
    "                                      ->  Parallel Seq Scan on users u\n";

const char PLAN_APPEND_PARTITIONS[] =
    "HashAggregate  (cost=1287.62..1287.69 rows=7 width=11) (actual time=10.072..10.075 rows=7 loops=1)\n"
    "  Group Key: events.kind\n"
    "  Batches: 1  Memory Usage: 24kB\n"
    "  Buffers: local hit=271\n"
    "  ->  Append  (cost=0.00..1091.81 rows=39162 width=3) (actual time=0.017..5.767 rows=39129 loops=1)\n"
    "        Buffers: local hit=271\n"
    "        ->  Seq Scan on events_2023 events_1  (cost=0.00..469.69 rows=15379 width=3) (actual time=0.016..1.610 rows=15344 loops=1)\n"
    "              Filter: (at >= '2023-06-01'::date)\n"
    "              Rows Removed by Filter: 10871\n"
    "              Buffers: local hit=142\n"
    "        ->  Seq Scan on events_2024 events_2  (cost=0.00..426.31 rows=23783 width=3) (actual time=0.050..1.695 rows=23785 loops=1)\n"
    "              Filter: (at >= '2023-06-01'::date)\n"
    "              Buffers: local hit=129\n"
    "Planning:\n"
    "  Buffers: shared hit=62\n"
    "Planning Time: 0.562 ms\n"
    "Execution Time: 10.119 ms\n";

const char PLAN_MERGE_JOIN_ANTI[] =
    "Limit  (cost=25652.83..25654.08 rows=20 width=8) (actual time=197.810..197.831 rows=20 loops=1)\n"
    "  Buffers: shared hit=9106 read=358\n"
    "  I/O Timings: shared read=1.699\n"
    "  ->  Merge Anti Join  (cost=25652.83..29251.02 rows=57370 width=8) (actual time=197.809..197.827 rows=20 loops=1)\n"
    "        Merge Cond: (u.id = o.user_id)\n"
    "        Buffers: shared hit=9106 read=358\n"
    "        I/O Timings: shared read=1.699\n"
    "        ->  Index Only Scan using users_pkey on users u  (cost=0.29..2635.51 rows=100000 width=8) (actual time=0.040..0.064 rows=27 loops=1)\n"
    "              Heap Fetches: 27\n"
    "              Buffers: shared hit=4\n"
    "        ->  Sort  (cost=25652.52..25771.35 rows=47533 width=8) (actual time=197.669..197.706 rows=1119 loops=1)\n"
    "              Sort Key: o.user_id\n"
    "              Sort Method: quicksort  Memory: 1537kB\n"
    "              Buffers: shared hit=9102 read=358\n"
    "              I/O Timings: shared read=1.699\n"
    "              ->  Seq Scan on orders o  (cost=0.00..21960.00 rows=47533 width=8) (actual time=0.166..182.294 rows=50649 loops=1)\n"
    "                    Filter: (status = 'cancelled'::order_status)\n"
    "                    Rows Removed by Filter: 949351\n"
    "                    Buffers: shared hit=9102 read=358\n"
    "                    I/O Timings: shared read=1.699\n"
    "Planning:\n"
    "  Buffers: shared hit=168\n"
    "Planning Time: 2.111 ms\n"
    "Execution Time: 199.724 ms\n";

const char PLAN_SCANS_FUNCTION_VALUES_SUBQUERY[] =
    "Merge Join  (cost=0.26..1.31 rows=3 width=52) (actual time=0.429..0.435 rows=3 loops=1)\n"
    "  Merge Cond: (s.n = \"*VALUES*\".column1)\n"
    "  ->  Merge Join  (cost=0.20..1.19 rows=3 width=28) (actual time=0.364..0.368 rows=3 loops=1)\n"
    "        Merge Cond: (sub.id = s.n)\n"
    "        ->  Subquery Scan on sub  (cost=0.14..1.07 rows=9 width=24) (actual time=0.247..0.250 rows=4 loops=1)\n"
    "              Filter: (sub.name <> ''::text)\n"
    "              ->  Limit  (cost=0.14..0.95 rows=10 width=24) (actual time=0.242..0.244 rows=4 loops=1)\n"
    "                    ->  Index Scan using teams_pkey on teams  (cost=0.14..16.14 rows=200 width=24) (actual time=0.240..0.242 rows=4 loops=1)\n"
    "        ->  Sort  (cost=0.06..0.06 rows=3 width=4) (actual time=0.113..0.114 rows=3 loops=1)\n"
    "              Sort Key: s.n\n"
    "              Sort Method: quicksort  Memory: 25kB\n"
    "              ->  Function Scan on generate_series s  (cost=0.00..0.03 rows=3 width=4) (actual time=0.016..0.017 rows=3 loops=1)\n"
    "  ->  Sort  (cost=0.06..0.07 rows=3 width=36) (actual time=0.063..0.064 rows=3 loops=1)\n"
    "        Sort Key: \"*VALUES*\".column1\n"
    "        Sort Method: quicksort  Memory: 25kB\n"
    "        ->  Values Scan on \"*VALUES*\"  (cost=0.00..0.04 rows=3 width=36) (actual time=0.027..0.028 rows=3 loops=1)\n"
    "Planning Time: 2.235 ms\n"
    "Execution Time: 0.844 ms\n";

const char PLAN_MEMOIZE_NESTED_LOOP[] =
    "Nested Loop  (cost=0.73..2596.98 rows=4538 width=28) (actual time=0.671..36.444 rows=5015 loops=1)\n"
    "  Buffers: shared hit=10602\n"
    "  ->  Index Scan using idx_order_items_order_id on order_items oi  (cost=0.43..168.19 rows=4538 width=16) (actual time=0.250..3.395 rows=5015 loops=1)\n"
    "        Index Cond: ((order_id >= 1) AND (order_id <= 2000))\n"
    "        Buffers: shared hit=57\n"
    "  ->  Memoize  (cost=0.30..0.65 rows=1 width=28) (actual time=0.006..0.006 rows=1 loops=5015)\n"
    "        Cache Key: oi.product_id\n"
    "        Cache Mode: logical\n"
    "        Hits: 1500  Misses: 3515  Evictions: 0  Overflows: 0  Memory Usage: 467kB\n"
    "        Buffers: shared hit=10545\n"
    "        ->  Index Scan using products_pkey on products p  (cost=0.29..0.64 rows=1 width=28) (actual time=0.007..0.007 rows=1 loops=3515)\n"
    "              Index Cond: (id = oi.product_id)\n"
    "              Buffers: shared hit=10545\n"
    "Planning:\n"
    "  Buffers: shared hit=250\n"
    "Planning Time: 4.259 ms\n"
    "Execution Time: 37.853 ms\n";

const char PLAN_PSQL_ALIGNED[] =
    "                                                           QUERY PLAN                                                            \n"
    "---------------------------------------------------------------------------------------------------------------------------------\n"
    " Limit  (cost=0.29..2467.08 rows=5 width=38) (actual time=100.846..100.848 rows=0 loops=1)\n"
    "   Buffers: shared hit=2641\n"
    "   ->  Index Scan using users_pkey on users  (cost=0.29..4933.86 rows=10 width=38) (actual time=100.844..100.844 rows=0 loops=1)\n"
    "         Filter: ((email)::text ~~ 'user1%'::text)\n"
    "         Rows Removed by Filter: 100000\n"
    "         Buffers: shared hit=2641\n"
    " Planning:\n"
    "   Buffers: shared hit=102\n"
    " Planning Time: 1.499 ms\n"
    " Execution Time: 100.933 ms\n"
    "(10 rows)\n"
    "\n";

const char PLAN_PSQL_CONTINUATION[] =
    "                                                                         QUERY PLAN                                                                         \n"
    "------------------------------------------------------------------------------------------------------------------------------------------------------------\n"
    " Aggregate  (cost=370.27..370.28 rows=1 width=8) (actual time=11.274..11.277 rows=1 loops=1)                                                               +\n"
    "   Buffers: shared hit=108 read=24                                                                                                                         +\n"
    "   I/O Timings: shared read=0.908                                                                                                                          +\n"
    "   ->  Index Only Scan using idx_order_items_order_id on order_items  (cost=0.43..341.92 rows=11342 width=0) (actual time=0.209..10.749 rows=12477 loops=1)+\n"
    "         Index Cond: (order_id < 5000)                                                                                                                     +\n"
    "         Heap Fetches: 12477                                                                                                                               +\n"
    "         Buffers: shared hit=108 read=24                                                                                                                   +\n"
    "         I/O Timings: shared read=0.908                                                                                                                    +\n"
    " Planning:                                                                                                                                                 +\n"
    "   Buffers: shared hit=75                                                                                                                                  +\n"
    " Planning Time: 2.803 ms                                                                                                                                   +\n"
    " Execution Time: 11.572 ms\n"
    "(1 row)\n"
    "\n";

const char PLAN_PSQL_EXPANDED[] =
    "-[ RECORD 1 ]-------------------------------------------------------------------------------------------------------\n"
    "QUERY PLAN | Limit  (cost=0.42..5422.83 rows=3 width=72)\n"
    "-[ RECORD 2 ]-------------------------------------------------------------------------------------------------------\n"
    "QUERY PLAN |   ->  Index Scan Backward using idx_orders_created_at on orders  (cost=0.42..37957.26 rows=21 width=72)\n"
    "-[ RECORD 3 ]-------------------------------------------------------------------------------------------------------\n"
    "QUERY PLAN |         Filter: (user_id = 42)\n"
    "\n";

const char PLAN_TWO_PLANS[] =
    "Aggregate  (cost=4.50..4.51 rows=1 width=8)\n"
    "  ->  Seq Scan on teams  (cost=0.00..4.00 rows=200 width=0)\n"
    "Index Scan using products_pkey on products  (cost=0.29..8.30 rows=1 width=255) (actual time=0.121..0.122 rows=1 loops=1)\n"
    "  Index Cond: (id = 7)\n"
    "Planning Time: 4.734 ms\n"
    "Execution Time: 0.230 ms\n";

const char PLAN_AUTO_EXPLAIN[] =
    "2026-11-29 16:22:18.671 UTC [7802] postgres@shop LOG:  duration: 210.519 ms  plan:\n"
    "\tQuery Text: SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id\n"
    "\tWHERE u.status = 'banned'\n"
    "\t  AND o.created_at >= '2024-01-01';\n"
    "\tAggregate  (cost=9999.42..9999.43 rows=1 width=8) (actual time=210.427..210.432 rows=1 loops=1)\n"
    "\t  Buffers: shared hit=32702\n"
    "\t  ->  Hash Join  (cost=3322.51..9995.45 rows=1588 width=0) (actual time=92.638..210.231 rows=2020 loops=1)\n"
    "\t        Hash Cond: (o.user_id = u.id)\n"
    "\t        Buffers: shared hit=32702\n"
    "\t        ->  Index Scan using idx_orders_created_at on orders o  (cost=0.42..6242.18 rows=164252 width=8) (actual time=0.327..101.351 rows=165577 loops=1)\n"
    "\t              Index Cond: (created_at >= '2024-01-01 00:00:00+00'::timestamp with time zone)\n"
    "\t              Buffers: shared hit=30642\n"
    "\t        ->  Hash  (cost=3310.00..3310.00 rows=967 width=8) (actual time=92.024..92.026 rows=990 loops=1)\n"
    "\t              Buckets: 1024  Batches: 1  Memory Usage: 47kB\n"
    "\t              Buffers: shared hit=2060\n"
    "\t              ->  Seq Scan on users u  (cost=0.00..3310.00 rows=967 width=8) (actual time=0.021..91.291 rows=990 loops=1)\n"
    "\t                    Filter: ((status)::text = 'banned'::text)\n"
    "\t                    Rows Removed by Filter: 99010\n"
    "\t                    Buffers: shared hit=2060\n";
