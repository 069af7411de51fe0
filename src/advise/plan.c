/* plan.c — rendering expected access paths, one line per relation. */
#include "advise/plan.h"

#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static void path_line(sb_t *sb, const access_path_t *p)
{
    const char *cond = p->conditions && p->conditions[0] ? p->conditions : NULL;
    if (p->existing) {
        sb_addf(sb, "  %s: Index Scan using %s", p->table, p->existing);
        if (cond)
            sb_addf(sb, " (%s)", cond);
        if (p->sort)
            sb_addf(sb, p->sort_served_existing ? "; sort on %s avoided" : "; then Sort on %s",
                    p->sort);
        sb_add(sb, "\n");
        return;
    }
    sb_addf(sb, "  %s: Seq Scan", p->table);
    if (cond)
        sb_addf(sb, " filtering %s", cond);
    else
        sb_add(sb, " (no filter: reads every row)");
    if (p->sort)
        sb_addf(sb, "; then Sort on %s", p->sort);
    sb_add(sb, p->advised ? "; no index serves it\n" : "\n");
    if (p->advised) {
        sb_addf(sb, "    with %s: %s Scan", p->advised->name,
                p->advised->type[0] == 'b' ? "Index" : "Bitmap Index");
        if (p->sort && p->sort_served_advised)
            sb_addf(sb, "; sort on %s avoided", p->sort);
        if (p->sort_served_advised && p->limit >= 0)
            sb_addf(sb, "; stops after LIMIT %lld", p->limit);
        sb_add(sb, "\n");
    }
}

const char *advise_plan_text(arena_t *a, const qm_batch_t *batch, const index_result_t *ir)
{
    sb_t sb;
    sb_init(&sb, a);
    for (int s = 0; s < batch->nstmts; s++) {
        const qm_stmt_t *st = &batch->stmts[s];
        sb_addf(&sb, "Statement %d (%s)%s\n", st->index, qm_stmt_kind_name(st->kind),
                st->kind == QM_UTILITY ? ": not analysed" : ":");
        int shown = 0;
        for (int i = 0; i < ir->npaths; i++)
            if (ir->paths[i].statement == st->index) {
                path_line(&sb, &ir->paths[i]);
                shown++;
            }
        if (!shown && st->kind == QM_INSERT)
            sb_addf(&sb, "  inserts into %s\n", st->target_table ? st->target_table : "?");
        else if (!shown && st->kind != QM_UTILITY)
            sb_add(&sb, "  no table access the model can describe\n");
    }
    sb_truncate(&sb, sb.len ? sb.len - 1 : 0);
    return sb_str(&sb);
}

/* ---- real plans -------------------------------------------------------------- */

enum { BAR_WIDTH = 10 };

static void share_bar(sb_t *sb, double share)
{
    int full = (int)(share * BAR_WIDTH + 0.5);
    for (int i = 0; i < BAR_WIDTH; i++)
        sb_add(sb, i < full ? "█" : "░");
}

static void rows_text(sb_t *sb, const plan_node_t *n)
{
    if (n->never_executed) {
        sb_add(sb, "  never executed");
        return;
    }
    if (n->has_actual)
        sb_addf(sb, "  rows %.0f/%.0f", n->actual_rows, n->plan_rows);
    else
        sb_addf(sb, "  rows %.0f  cost %.2f", n->plan_rows, n->total_cost);
    if (n->has_actual && n->actual_loops > 1)
        sb_addf(sb, " ×%.0f loops", n->actual_loops);
    if (n->row_factor >= 10)
        sb_addf(sb, "  ⚠ %s ×%.0f", n->underestimate ? "underestimated" : "overestimated",
                n->row_factor);
}

static void node_tree_line(sb_t *sb, const plan_node_t *n, bool timed)
{
    if (timed)
        sb_addf(sb, "%10.3f ms %5.1f%% ", n->exclusive_ms, n->share * 100);
    if (timed)
        share_bar(sb, n->share);
    sb_add(sb, timed ? "  " : "");
    for (int i = 0; i < n->depth; i++)
        sb_add(sb, "  ");
    if (n->subplan_name)
        sb_addf(sb, "[%s] ", n->subplan_name);
    sb_add(sb, n->depth ? "-> " : "");
    sb_add(sb, n->label);
    rows_text(sb, n);
    const char *cond = n->index_cond ? n->index_cond : n->filter ? n->filter : n->hash_cond;
    if (cond)
        sb_addf(sb, "  [%s]", cond);
    sb_add(sb, "\n");
}

const char *advise_plan_tree(arena_t *a, const plan_t *p)
{
    sb_t sb;
    sb_init(&sb, a);
    bool timed = p->analyzed;
    for (int i = 0; i < p->nnodes; i++)
        node_tree_line(&sb, p->nodes[i], timed);
    if (p->planning_ms >= 0)
        sb_addf(&sb, "Planning Time: %.3f ms\n", p->planning_ms);
    if (p->jit_ms >= 0)
        sb_addf(&sb, "JIT: %.3f ms\n", p->jit_ms);
    if (p->execution_ms >= 0)
        sb_addf(&sb, "Execution Time: %.3f ms\n", p->execution_ms);
    sb_truncate(&sb, sb.len ? sb.len - 1 : 0);
    return sb_str(&sb);
}
