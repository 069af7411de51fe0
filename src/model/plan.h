/* plan.h — an execution plan, engine-neutral, as EXPLAIN describes it.
 *
 * Parsers (engine/pg: JSON and text formats) fill the "as read" fields; then
 * plan_analyze() computes the derived ones: inclusive and exclusive time with
 * loops, parallel workers, CTE scans, InitPlans and SubPlans attributed without
 * double counting; each node's share of the total; the estimate error; the
 * node's path from the root. Unknown numbers are -1. All memory is the arena's. */
#ifndef DBAGENT_PLAN_H
#define DBAGENT_PLAN_H

#include <stdbool.h>

#include "base/arena.h"

typedef struct plan_node plan_node_t;

struct plan_node {
    /* ---- as read ---- */
    const char *node_type;        /* "Seq Scan", "Index Scan", "Hash Join", "Update", … */
    const char *parent_relationship; /* "Outer", "Inner", "InitPlan", "SubPlan", "Member", NULL */
    const char *subplan_name;     /* "InitPlan 1 (returns $0)", "CTE recent", "SubPlan 2" */
    const char *relation, *schema, *alias, *index_name, *cte_name, *function_name;
    const char *join_type, *strategy, *scan_direction, *operation;
    const char *filter, *index_cond, *recheck_cond, *hash_cond, *merge_cond, *join_filter;
    const char **sort_key; int nsort_key;
    const char **group_key; int ngroup_key;
    const char *sort_method, *sort_space_type; /* "external merge", "Disk" */
    double sort_space_kb;
    double startup_cost, total_cost, plan_rows, plan_width;
    bool has_actual;              /* ANALYZE ran (and this node has actual values) */
    bool never_executed;
    double actual_startup_ms, actual_total_ms, actual_rows, actual_loops; /* per loop, as shown */
    double rows_removed_by_filter, rows_removed_by_index_recheck, rows_removed_by_join_filter;
    double heap_fetches;
    double hash_batches, original_hash_batches, hash_buckets, peak_memory_kb, disk_usage_kb;
    double exact_heap_blocks, lossy_heap_blocks;
    int workers_planned, workers_launched; /* -1 unknown */
    bool parallel_aware;
    double shared_hit, shared_read, shared_dirtied, shared_written;
    double local_hit, local_read, temp_read, temp_written;
    double io_read_ms, io_write_ms;
    int line;                     /* text format: the node's line; 0 for JSON */

    plan_node_t **children; int nchildren, children_cap;
    plan_node_t *parent;

    /* ---- derived by plan_analyze ---- */
    int id;                       /* pre-order index, 0 = root */
    int depth;
    const char *label;            /* "Seq Scan on orders o", "Index Scan using i on t" */
    const char *path;             /* "Limit > Sort > Seq Scan on orders" */
    double total_rows;            /* actual_rows * loops */
    double inclusive_ms;          /* time in this node and below, over all loops */
    double exclusive_ms;          /* inclusive minus children's (InitPlan/SubPlan attributed once) */
    double share;                 /* exclusive_ms / plan execution, 0..1 */
    double row_factor;            /* max(actual, est) / max(min(actual, est), 1): ≥ 1 */
    bool underestimate;           /* actual > estimate */
};

typedef struct {
    plan_node_t *root;
    double planning_ms, execution_ms; /* -1 when not shown */
    double jit_ms;                /* total JIT time, -1 when none */
    bool analyzed;                /* actual times are present */
    const char **settings; int nsettings; /* "work_mem = '64MB'" from SETTINGS */
    plan_node_t **nodes; int nnodes, nodes_cap; /* pre-order, filled by plan_analyze */
    const char *source_format;    /* "json" or "text" */
} plan_t;

typedef struct {
    plan_t **plans; int nplans, plans_cap; /* one per statement explained */
} plan_set_t;

plan_node_t *plan_node_new(arena_t *a);   /* numbers preset to -1 */
void plan_node_add_child(arena_t *a, plan_node_t *parent, plan_node_t *child);
plan_t *plan_new(arena_t *a);
void plan_set_add(arena_t *a, plan_set_t *set, plan_t *p);
/* Computes the derived fields of every node. */
void plan_analyze(arena_t *a, plan_t *p);

#endif
