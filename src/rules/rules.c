/* rules.c — the rule table, running rules, and helpers the families share. */
#include "rules/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const rule_def_t rule_table[R_COUNT] = {
#define RULE(e, id_, sev, fam, fn, summary_) \
    [e] = {.id_enum = e, .id = id_, .severity = sev, .family = fam, .check = fn, .summary = summary_},
#include "rules/rules.def"
#include "base/banned.h" /* last: turns unsafe string calls into errors */
#undef RULE
};

const char *rule_family_name(rule_family_t f)
{
    static const char *const names[] = {"query", "index", "plan", "schema", "migration",
                                        "diagnostic"};
    return names[f];
}

const rule_def_t *rule_find(const char *id)
{
    for (int i = 0; id && i < R_COUNT; i++)
        if (!strcmp(rule_table[i].id, id))
            return &rule_table[i];
    return NULL;
}

void rule_ctx_init(rule_ctx_t *c, arena_t *a, report_t *r, qm_batch_t *b, const catalog_t *cat,
                   const engine_t *e)
{
    memset(c, 0, sizeof(*c));
    c->arena = a;
    c->report = r;
    c->batch = b;
    c->catalog = cat;
    c->engine = e;
    c->n_plus_one_min = 3;
    c->offset_min = 1000;
}

void rules_run(rule_ctx_t *c, rule_family_t family)
{
    for (int i = 0; i < R_COUNT; i++)
        if (rule_table[i].family == family && rule_table[i].check)
            rule_table[i].check(c);
}

finding_t *rule_report(rule_ctx_t *c, rule_id_t rule, qm_loc_t loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = arena_vprintf(c->arena, fmt, ap);
    va_end(ap);
    return report_add_finding(c->report, rule_table[rule].id, rule_table[rule].severity, loc,
                              "%s", msg);
}

void rule_rewrite(rule_ctx_t *c, finding_t *f, rewrite_t rw)
{
    int n = c->nrewrites; /* both arrays grow together; nrewrites counts them */
    ARENA_PUSH(c->arena, c->rewrites, c->nrewrites, c->rewrites_cap, rw);
    ARENA_PUSH(c->arena, c->rewrite_findings, n, c->rf_cap, f);
}

const char *rule_col_text(rule_ctx_t *c, const qm_stmt_t *st, const qm_colref_t *col)
{
    char buf[256];
    return arena_strdup(c->arena, qm_colref_text(st, col, buf, sizeof(buf)));
}

const cat_column_t *rule_column(rule_ctx_t *c, const qm_stmt_t *st, const qm_colref_t *col)
{
    return qm_colref_column(st, c->catalog, col);
}

const char *rule_pred_text(rule_ctx_t *c, const qm_stmt_t *st, const qm_pred_t *p)
{
    const char *lhs = p->wrap.kind != QW_NONE && p->wrap.expr_text ? p->wrap.expr_text
                      : p->has_col ? rule_col_text(c, st, &p->col) : "(subquery)";
    switch (p->value_kind) {
    case QV_CONST:
        return arena_printf(c->arena, "%s %s %s%s%s", lhs, p->op,
                            p->literal_kind == QL_STRING ? "'" : "", p->value_text,
                            p->literal_kind == QL_STRING ? "'" : "");
    case QV_PARAM:
    case QV_EXPR:
        return arena_printf(c->arena, "%s %s %s", lhs, p->op, p->value_text ? p->value_text : "…");
    case QV_COLUMN:
        return arena_printf(c->arena, "%s %s %s", lhs, p->op, rule_col_text(c, st, &p->value_col));
    case QV_NULL:
        return arena_printf(c->arena, "%s %s NULL", lhs, p->op);
    case QV_LIST:
        return arena_printf(c->arena, "%s %s (%d values)", lhs, p->op, p->list_len);
    case QV_SUBQUERY:
        return arena_printf(c->arena, "%s %s (subquery)", lhs, p->op);
    default:
        return arena_printf(c->arena, "%s %s", lhs, p->op);
    }
}

bool rule_table_in_scope(const rule_ctx_t *c, const char *table)
{
    if (!c->only_tables_read)
        return true;
    for (int s = 0; c->batch && s < c->batch->nstmts; s++)
        for (int b = 0; b < c->batch->stmts[s].nblocks; b++) {
            const qm_block_t *blk = c->batch->stmts[s].blocks[b];
            for (int r = 0; r < blk->nrels; r++)
                if (blk->rels[r].name && !strcmp(blk->rels[r].name, table))
                    return true;
        }
    return false;
}

bool rule_column_used(const rule_ctx_t *c, const char *table, const char *column)
{
    if (!c->only_tables_read)
        return true;
    for (int s = 0; c->batch && s < c->batch->nstmts; s++) {
        const qm_stmt_t *st = &c->batch->stmts[s];
        for (int b = 0; b < st->nblocks; b++)
            for (int i = 0; i < st->blocks[b]->npreds; i++) {
                const qm_pred_t *p = &st->blocks[b]->preds[i];
                const qm_colref_t *sides[2] = {p->has_col ? &p->col : NULL,
                                               p->value_kind == QV_COLUMN ? &p->value_col : NULL};
                for (int k = 0; k < 2; k++) {
                    const qm_rel_t *r = sides[k] ? qm_colref_rel(st, sides[k]) : NULL;
                    if (r && r->name && !strcmp(r->name, table) && sides[k]->column &&
                        !strcmp(sides[k]->column, column))
                        return true;
                }
            }
    }
    return false;
}
