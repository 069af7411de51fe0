/* plan.c — rendering expected access paths, one line per relation. */
#include "advise/plan.h"

#include "base/sb.h"

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
