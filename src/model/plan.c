/* plan.c — building plan trees and deriving times, shares and estimate errors.
 *
 * Timing rules (PostgreSQL's EXPLAIN ANALYZE semantics):
 *  - "Actual Total Time" is per loop; a node's inclusive time is time × loops.
 *  - Parallel workers: a node under Gather shows the average per process and
 *    "loops" counts every process, so time × loops would count wall time once per
 *    worker. Inside a parallel subtree the inclusive time is time × loops divided
 *    by the processes (workers launched + the leader).
 *  - A node's exclusive time is its inclusive time minus its children's. InitPlans
 *    and SubPlans run inside the node that uses them, so they are subtracted like
 *    any child. A CTE body ("CTE name") is shown under the node it hangs from, but
 *    it runs as the CTE Scans read it: its time is inside the first CTE Scan's,
 *    so it is subtracted from that scan and not from the node it hangs from.
 *  - Negative exclusive times (rounding in EXPLAIN's output) are clamped to 0. */
#include "model/plan.h"

#include <math.h>
#include <string.h>

#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

plan_node_t *plan_node_new(arena_t *a)
{
    plan_node_t *n = arena_alloc(a, sizeof(*n));
    double *unknown[] = {
        &n->sort_space_kb, &n->startup_cost, &n->total_cost, &n->plan_rows, &n->plan_width,
        &n->actual_startup_ms, &n->actual_total_ms, &n->actual_rows, &n->actual_loops,
        &n->rows_removed_by_filter, &n->rows_removed_by_index_recheck,
        &n->rows_removed_by_join_filter, &n->heap_fetches, &n->hash_batches,
        &n->original_hash_batches, &n->hash_buckets, &n->peak_memory_kb, &n->disk_usage_kb,
        &n->exact_heap_blocks, &n->lossy_heap_blocks, &n->shared_hit, &n->shared_read,
        &n->shared_dirtied, &n->shared_written, &n->local_hit, &n->local_read, &n->temp_read,
        &n->temp_written, &n->io_read_ms, &n->io_write_ms};
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        *unknown[i] = -1;
    n->workers_planned = n->workers_launched = -1;
    return n;
}

void plan_node_add_child(arena_t *a, plan_node_t *parent, plan_node_t *child)
{
    child->parent = parent;
    ARENA_PUSH(a, parent->children, parent->nchildren, parent->children_cap, child);
}

plan_t *plan_new(arena_t *a)
{
    plan_t *p = arena_alloc(a, sizeof(*p));
    p->planning_ms = p->execution_ms = p->jit_ms = -1;
    return p;
}

void plan_set_add(arena_t *a, plan_set_t *set, plan_t *p)
{
    ARENA_PUSH(a, set->plans, set->nplans, set->plans_cap, p);
}

static const char *node_label(arena_t *a, const plan_node_t *n)
{
    sb_t sb;
    sb_init(&sb, a);
    sb_add(&sb, n->node_type ? n->node_type : "?");
    if (n->index_name)
        sb_addf(&sb, " using %s", n->index_name);
    if (n->relation)
        sb_addf(&sb, " on %s", n->relation);
    else if (n->cte_name)
        sb_addf(&sb, " on %s", n->cte_name);
    else if (n->function_name)
        sb_addf(&sb, " on %s", n->function_name);
    if (n->alias && ((n->relation && strcmp(n->alias, n->relation)) ||
                     (n->cte_name && strcmp(n->alias, n->cte_name))))
        sb_addf(&sb, " %s", n->alias);
    return sb_str(&sb);
}

static double inclusive_time(const plan_node_t *n, double procs)
{
    if (!n->has_actual || n->never_executed || n->actual_total_ms < 0)
        return 0;
    double loops = n->actual_loops > 0 ? n->actual_loops : 1;
    double t = n->actual_total_ms * loops;
    return procs > 1 ? t / procs : t;
}

enum { PATH_MAX_DEPTH = 24 };

/* The path from the root; past PATH_MAX_DEPTH levels only the tail is kept, so a
 * pathological plan thousands of levels deep costs linear, not quadratic, memory. */
static const char *node_path(arena_t *a, const plan_node_t *n, const char *parent_path)
{
    if (!parent_path)
        return n->label;
    if (n->depth > PATH_MAX_DEPTH)
        return arena_printf(a, "… (%d levels) > %s", n->depth, n->label);
    return arena_printf(a, "%s > %s", parent_path, n->label);
}

static void set_estimate_error(plan_node_t *n)
{
    n->row_factor = 1;
    if (n->has_actual && n->actual_rows >= 0 && n->plan_rows >= 0 && !n->never_executed) {
        double est = n->plan_rows, act = n->actual_rows;
        n->row_factor = fmax(est, act) / fmax(fmin(est, act), 1);
        n->underestimate = act > est;
    }
}

/* Pre-order walk with an explicit stack (plans can be very deep). procs is the
 * number of processes sharing a node's work below a Gather (workers + leader). */
static void walk(arena_t *a, plan_t *p)
{
    typedef struct { plan_node_t *n; int depth; double procs; } item_t;
    item_t *stack = NULL;
    int top = 0, cap = 0;
    ARENA_PUSH(a, stack, top, cap, ((item_t){p->root, 0, 1}));
    while (top > 0) {
        item_t it = stack[--top];
        plan_node_t *n = it.n;
        n->id = p->nnodes;
        n->depth = it.depth;
        ARENA_PUSH(a, p->nodes, p->nnodes, p->nodes_cap, n);
        n->label = node_label(a, n);
        n->path = node_path(a, n, n->parent && it.depth ? n->parent->path : NULL);
        double loops = n->actual_loops > 0 ? n->actual_loops : 1;
        n->total_rows = n->has_actual && n->actual_rows >= 0 ? n->actual_rows * loops : -1;
        n->inclusive_ms = inclusive_time(n, it.procs);
        set_estimate_error(n);
        double procs = it.procs;
        if (n->node_type && !strncmp(n->node_type, "Gather", 6))
            procs = n->workers_launched >= 0 ? n->workers_launched + 1.0 : 1.0;
        for (int i = n->nchildren - 1; i >= 0; i--) /* reversed: children pop in order */
            ARENA_PUSH(a, stack, top, cap, ((item_t){n->children[i], it.depth + 1, procs}));
    }
}

static bool is_cte_body(const plan_node_t *n)
{
    return n->subplan_name && !strncmp(n->subplan_name, "CTE ", 4);
}

static double cte_body_time(const plan_t *p, const char *name)
{
    for (int i = 0; i < p->nnodes; i++)
        if (is_cte_body(p->nodes[i]) && !strcmp(p->nodes[i]->subplan_name + 4, name))
            return p->nodes[i]->inclusive_ms;
    return 0;
}

/* True when an earlier node already scans the same CTE (its body is charged once). */
static bool cte_seen(const plan_t *p, int upto)
{
    for (int i = 0; i < upto; i++)
        if (p->nodes[i]->cte_name && !strcmp(p->nodes[i]->cte_name, p->nodes[upto]->cte_name))
            return true;
    return false;
}

void plan_analyze(arena_t *a, plan_t *p)
{
    p->nnodes = 0;
    if (!p->root)
        return;
    walk(a, p);
    double total = p->execution_ms > 0 ? p->execution_ms : p->root->inclusive_ms;
    for (int i = 0; i < p->nnodes; i++) {
        plan_node_t *n = p->nodes[i];
        double children = 0;
        for (int k = 0; k < n->nchildren; k++)
            if (!is_cte_body(n->children[k]))
                children += n->children[k]->inclusive_ms;
        if (n->cte_name && !cte_seen(p, i))
            children += cte_body_time(p, n->cte_name);
        n->exclusive_ms = fmax(n->inclusive_ms - children, 0);
        n->share = total > 0 ? fmin(n->exclusive_ms / total, 1) : 0;
    }
    p->analyzed = p->root->has_actual;
}
