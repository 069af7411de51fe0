/* query_structure.c — rules about how blocks relate: not-in-nullable-subquery,
 * count-for-existence, correlated-subquery-in-select, having-without-aggregate,
 * distinct-over-join, union-without-all, cartesian-join. */
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const qm_block_t *block_of(const qm_stmt_t *st, int id)
{
    return id >= 0 && id < st->nblocks ? st->blocks[id] : NULL;
}

/* The subquery's single output column, or NULL. */
static const qm_target_t *single_column_target(const qm_block_t *sb)
{
    if (!sb || sb->ntargets != 1 || sb->targets[0].is_star || !sb->targets[0].col.column)
        return NULL;
    return &sb->targets[0];
}

static bool label_used_in(const qm_block_t *sb, const char *label)
{
    for (int i = 0; label && i < sb->nrels; i++)
        if (sb->rels[i].label && !strcmp(sb->rels[i].label, label))
            return true;
    return false;
}

static bool simple_subquery(const qm_block_t *sb)
{
    return sb->setop == QS_NONE && sb->ngroup == 0 && sb->limit_kind == QLIM_NONE &&
           !sb->distinct && !sb->has_aggregate;
}

void rule_not_in_nullable(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            if (strcmp(p->op, "NOT IN") || p->value_kind != QV_SUBQUERY)
                continue;
            const qm_block_t *sb = block_of(st, p->sub_block);
            const qm_target_t *t = single_column_target(sb);
            const cat_column_t *inner = t ? rule_column(c, st, &t->col) : NULL;
            if (inner && inner->not_null)
                continue; /* NOT IN over a NOT NULL column behaves */
            const char *ytext = t ? rule_col_text(c, st, &t->col) : "the subquery's column";
            const char *xtext = p->has_col ? rule_col_text(c, st, &p->col) : "the tested value";
            finding_t *f = rule_report(
                c, R_NOT_IN_NULLABLE, p->loc,
                "%s NOT IN (SELECT %s …): %s; once it returns a single NULL the condition is "
                "never true and the query returns no rows. NOT IN over a subquery also cannot be "
                "planned as an anti-join",
                xtext, ytext, inner ? "that column is nullable" : "that column may be NULL (its "
                                                                  "nullability is unknown)");
            finding_evidence(f, c->arena, "column", ytext);
            finding_evidence(f, c->arena, "nullable", inner ? "true" : "unknown");
            const cat_column_t *outer = p->has_col ? rule_column(c, st, &p->col) : NULL;
            f->fix = arena_printf(c->arena,
                                  "NOT EXISTS (SELECT 1 FROM … WHERE %s = %s): this returns the "
                                  "rows whose key is absent even when %s has NULLs — the result "
                                  "NOT IN was meant to give%s",
                                  ytext, xtext, ytext,
                                  outer && outer->not_null ? "" : "; rows where the tested value "
                                                                  "itself is NULL are kept by "
                                                                  "NOT EXISTS and dropped by NOT IN");
            const qm_rel_t *orel = p->has_col ? qm_colref_rel(st, &p->col) : NULL;
            if (orel && orel->label && t && sb && simple_subquery(sb) && p->wrap.kind == QW_NONE &&
                !label_used_in(sb, orel->label))
                rule_rewrite(c, f, (rewrite_t){.kind = RW_NOT_EXISTS, .statement = st->index,
                                               .block = b->id, .pred = p,
                                               .outer_qualifier = orel->label});
        }
    }
}

/* count(*) compared with 0 or 1, in the direction that means "exists" (or not). */
static bool existence_test(const qm_pred_t *p, bool *negate)
{
    if (!p->subquery_count || p->literal_kind != QL_INT || !p->value_text)
        return false;
    long v = atol(p->value_text);
    const char *op = p->op;
    if (v == 0 && (!strcmp(op, ">") || !strcmp(op, "<>") || !strcmp(op, "!=")))
        return *negate = false, true;
    if (v == 1 && !strcmp(op, ">="))
        return *negate = false, true;
    if ((v == 0 && (!strcmp(op, "=") || !strcmp(op, "<="))) || (v == 1 && !strcmp(op, "<")))
        return *negate = true, true;
    return false;
}

void rule_count_for_existence(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            bool negate;
            if (p->value_kind != QV_SUBQUERY || !existence_test(p, &negate))
                continue;
            finding_t *f = rule_report(c, R_COUNT_FOR_EXISTENCE, p->loc,
                                       "(SELECT count(*) …) %s %s counts every matching row only "
                                       "to test whether there is one",
                                       p->op, p->value_text);
            f->fix = arena_printf(c->arena, "%sEXISTS (SELECT 1 FROM … WHERE …) (equivalent: "
                                            "count(*) %s %s is true exactly when %s row matches)",
                                  negate ? "NOT " : "", p->op, p->value_text,
                                  negate ? "no" : "at least one");
            finding_evidence(f, c->arena, "aggregate", "count(*)");
            finding_evidence(f, c->arena, "comparison", arena_printf(c->arena, "%s %s", p->op, p->value_text));
            rule_rewrite(c, f, (rewrite_t){.kind = RW_EXISTS, .statement = st->index,
                                           .block = b->id, .pred = p, .negate = negate});
        }
    }
}

void rule_correlated_subquery(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->ntargets; i++) {
            const qm_target_t *t = &b->targets[i];
            const qm_block_t *sb = block_of(st, t->sub_block);
            if (!sb || !sb->correlated)
                continue;
            bool one_row = (sb->has_aggregate && sb->ngroup == 0) ||
                           (sb->limit_kind == QLIM_CONST && sb->limit == 1);
            finding_t *f = rule_report(c, R_CORRELATED_SUBQUERY, t->loc,
                                       "correlated subquery in the select list%s runs once for "
                                       "every output row",
                                       t->name ? arena_printf(c->arena, " (%s)", t->name) : "");
            f->fix = one_row ? "LEFT JOIN LATERAL (subquery) ON true, selecting its column "
                               "(equivalent: the subquery returns exactly one row per outer row "
                               "— an aggregate without GROUP BY, or LIMIT 1 — so the join "
                               "neither drops nor repeats rows)"
                             : "Join the subquery's table and aggregate (GROUP BY the outer key), "
                               "or LEFT JOIN LATERAL with LIMIT 1 if one row is meant";
            finding_evidence(f, c->arena, "target", t->name ? t->name : "(unnamed)");
            if (one_row && b->nrels >= 1)
                rule_rewrite(c, f, (rewrite_t){.kind = RW_LATERAL, .statement = st->index,
                                               .block = b->id, .target = i});
        }
    }
}

void rule_having_without_aggregate(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        if (b->ngroup == 0)
            continue;
        for (int i = 0; i < b->nhaving; i++) {
            const qm_pred_t *p = &b->having[i];
            if (p->has_aggregate || p->in_or || p->value_kind == QV_SUBQUERY)
                continue;
            const char *text = rule_pred_text(c, st, p);
            finding_t *f = rule_report(c, R_HAVING_WITHOUT_AGGREGATE, p->loc,
                                       "HAVING %s uses no aggregate: groups are built for rows "
                                       "that are thrown away afterwards",
                                       text);
            f->fix = arena_printf(c->arena, "WHERE %s (equivalent: the condition reads only "
                                            "grouped columns, so filtering rows before grouping "
                                            "keeps the same groups)",
                                  text);
            finding_evidence(f, c->arena, "condition", text);
            rule_rewrite(c, f, (rewrite_t){.kind = RW_HAVING_TO_WHERE, .statement = st->index,
                                           .block = b->id, .pred = p});
        }
    }
}

/* All output columns come from one relation: the others only filter. */
static int single_source_rel(const qm_block_t *b)
{
    int rel = -1;
    for (int i = 0; i < b->ntargets; i++) {
        const qm_target_t *t = &b->targets[i];
        if (t->sub_block >= 0 || (!t->col.column && !t->is_star))
            return -1;
        if (t->is_star && !t->col.qualifier)
            return -1;
        if (t->col.rel < 0 || t->col.block != b->id)
            return -1;
        if (rel >= 0 && rel != t->col.rel)
            return -1;
        rel = t->col.rel;
    }
    return rel;
}

void rule_distinct_over_join(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        if (!b->distinct || b->nrels < 2 || b->has_aggregate)
            continue;
        int rel = single_source_rel(b);
        if (rel < 0)
            continue;
        const char *keep = b->rels[rel].label;
        finding_t *f = rule_report(c, R_DISTINCT_OVER_JOIN, b->loc,
                                   "DISTINCT removes the duplicate %s rows the join creates; the "
                                   "joined tables are only used to filter",
                                   keep);
        f->fix = arena_printf(c->arena, "SELECT … FROM %s WHERE EXISTS (SELECT 1 FROM <the other "
                                        "tables> WHERE <the join condition>): a semi-join stops at "
                                        "the first match and needs no de-duplication",
                              keep);
        finding_evidence(f, c->arena, "kept_relation", keep);
    }
}

/* The equality on a constant that pins a branch, if any: table.column = value. */
static const qm_pred_t *pinning_pred(const qm_stmt_t *st, const qm_block_t *arm)
{
    if (!arm || arm->nrels != 1)
        return NULL;
    for (int i = 0; i < arm->npreds; i++) {
        const qm_pred_t *p = &arm->preds[i];
        if (p->has_col && !p->in_or && !p->under_not && p->wrap.kind == QW_NONE &&
            !strcmp(p->op, "=") && p->value_kind == QV_CONST && p->col.column)
            return p;
    }
    (void)st;
    return NULL;
}

void rule_union_without_all(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        if (b->setop != QS_UNION || b->nset_arms != 2)
            continue;
        const qm_block_t *l = block_of(st, b->set_arms[0]), *r = block_of(st, b->set_arms[1]);
        const qm_pred_t *pl = pinning_pred(st, l), *pr = pinning_pred(st, r);
        if (!pl || !pr || strcmp(pl->col.column, pr->col.column) ||
            !l->rels[0].name || !r->rels[0].name || strcmp(l->rels[0].name, r->rels[0].name) ||
            !strcmp(pl->value_text, pr->value_text))
            continue;
        finding_t *f = rule_report(c, R_UNION_WITHOUT_ALL, b->loc,
                                   "UNION sorts or hashes all rows to remove duplicates, but its "
                                   "branches cannot overlap (%s = '%s' vs '%s')",
                                   pl->col.column, pl->value_text, pr->value_text);
        f->fix = "UNION ALL (equivalent here: no row can satisfy both branches; duplicates "
                 "within one branch would also be kept, so use it only if the branches select a "
                 "unique key)";
        finding_evidence(f, c->arena, "column", pl->col.column);
    }
}

/* ---- cartesian-join -------------------------------------------------------- */

static int uf_find(int *parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

void rule_cartesian_join(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        if (b->nrels < 2 || b->nrels > 64)
            continue;
        int parent[64];
        bool unresolved = false;
        for (int i = 0; i < b->nrels; i++)
            parent[i] = i;
        for (int i = 1; i < b->nrels; i++)
            if (b->rels[i].join_has_quals || b->rels[i].sub_block >= 0)
                parent[uf_find(parent, i)] = uf_find(parent, i - 1);
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            if (p->value_kind != QV_COLUMN || p->in_or)
                continue;
            if (p->col.rel < 0 || p->value_col.rel < 0) {
                unresolved = true;
                continue;
            }
            if (p->col.block == b->id && p->value_col.block == b->id)
                parent[uf_find(parent, p->col.rel)] = uf_find(parent, p->value_col.rel);
        }
        if (unresolved)
            continue; /* cannot tell which tables a condition links */
        for (int i = 1; i < b->nrels; i++) {
            if (uf_find(parent, i) == uf_find(parent, 0))
                continue;
            finding_t *f = rule_report(c, R_CARTESIAN_JOIN, b->rels[i].loc,
                                       "%s is joined to %s with no join condition: every row of "
                                       "one is paired with every row of the other",
                                       b->rels[i].label ? b->rels[i].label : "a relation",
                                       b->rels[0].label ? b->rels[0].label : "the first relation");
            f->fix = "Add the join condition (JOIN … ON a.key = b.key); if the cross product is "
                     "intended, write CROSS JOIN so the intent is visible";
            finding_evidence(f, c->arena, "relation", b->rels[i].label);
            break;
        }
    }
}
