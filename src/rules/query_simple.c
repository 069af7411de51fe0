/* query_simple.c — query rules that read one clause: select-star, order-by-random,
 * large-in-list, null-comparison, like-without-wildcard, leading-wildcard-like,
 * offset-pagination, unbounded-update-delete. */
#include <string.h>

#include "base/sb.h"
#include "rules/rules.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* The column list a `SELECT *` stands for, when the catalog knows the table. */
static const char *star_columns(rule_ctx_t *c, const qm_stmt_t *st, const qm_block_t *b,
                                const qm_target_t *t)
{
    if (b->nrels == 0 || (b->nrels != 1 && !t->col.qualifier))
        return NULL;
    const qm_rel_t *r = &b->rels[0];
    for (int i = 0; t->col.qualifier && i < b->nrels; i++)
        if (b->rels[i].label && !strcmp(b->rels[i].label, t->col.qualifier))
            r = &b->rels[i];
    const cat_table_t *tab = qm_rel_table(c->catalog, r);
    if (!tab)
        return NULL;
    (void)st;
    sb_t sb;
    sb_init(&sb, c->arena);
    for (int i = 0; i < tab->ncolumns; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", c->engine->quote_ident(c->arena, tab->columns[i].name));
    return sb_str(&sb);
}

void rule_select_star(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        if (b->kind == QB_EXISTS)
            continue;
        for (int i = 0; i < b->ntargets; i++) {
            const qm_target_t *t = &b->targets[i];
            if (!t->is_star)
                continue;
            const char *what = t->col.qualifier ? arena_printf(c->arena, "%s.*", t->col.qualifier)
                                                : "SELECT *";
            finding_t *f = rule_report(c, R_SELECT_STAR, t->loc,
                                       "%s returns every column, including ones the caller may not "
                                       "use; it also rules out index-only scans",
                                       what);
            const char *cols = star_columns(c, st, b, t);
            f->fix = cols ? arena_printf(c->arena, "List the columns you use, from: %s", cols)
                          : "List the columns you use instead of *";
            finding_evidence(f, c->arena, "projection", what);
        }
    }
}

void rule_order_by_random(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->norder; i++) {
            if (!b->order[i].is_random)
                continue;
            finding_t *f = rule_report(c, R_ORDER_BY_RANDOM, b->order[i].loc,
                                       "ORDER BY random() reads and sorts every qualifying row to "
                                       "return %s",
                                       b->limit_kind == QLIM_CONST
                                           ? arena_printf(c->arena, "%lld", b->limit)
                                           : "a few");
            f->fix = "Sample instead of sorting: FROM t TABLESAMPLE SYSTEM (1) LIMIT n, or pick "
                     "random keys: WHERE id >= (SELECT floor(random() * max(id)) FROM t) ORDER BY "
                     "id LIMIT n";
            finding_evidence(f, c->arena, "order_by", "random()");
        }
    }
}

void rule_large_in_list(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            if (p->value_kind != QV_LIST || p->list_len <= 1000)
                continue;
            const char *col = p->has_col ? rule_col_text(c, st, &p->col) : "expression";
            const cat_column_t *cc = p->has_col ? rule_column(c, st, &p->col) : NULL;
            finding_t *f = rule_report(c, R_LARGE_IN_LIST, p->loc,
                                       "IN list of %d values on %s: parsed and planned as %d "
                                       "separate constants on every call",
                                       p->list_len, col, p->list_len);
            f->fix = arena_printf(c->arena,
                                  "Pass one array parameter: %s = ANY($1::%s[]), or join with "
                                  "VALUES / a temporary table",
                                  p->has_col && p->col.column ? p->col.column : "col",
                                  cc ? cc->type : "type");
            finding_evidence(f, c->arena, "column", col);
            finding_evidence_num(f, c->arena, "values", p->list_len);
        }
    }
}

static bool is_neq(const char *op)
{
    return !strcmp(op, "<>") || !strcmp(op, "!=");
}

void rule_null_comparison(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            if (p->value_kind != QV_NULL || (strcmp(p->op, "=") && !is_neq(p->op)))
                continue;
            const char *col = p->has_col ? rule_col_text(c, st, &p->col) : "expression";
            bool neq = is_neq(p->op);
            finding_t *f = rule_report(c, R_NULL_COMPARISON, p->loc,
                                       "%s %s NULL is never true (comparing with NULL yields NULL); "
                                       "the condition filters out every row",
                                       col, p->op);
            f->fix = arena_printf(c->arena, "%s IS %sNULL", col, neq ? "NOT " : "");
            finding_evidence(f, c->arena, "column", col);
            finding_evidence(f, c->arena, "operator", p->op);
            rule_rewrite(c, f, (rewrite_t){.kind = RW_IS_NULL, .statement = st->index,
                                           .block = b->id, .pred = p});
        }
    }
}

static bool like_op(const char *op)
{
    return !strcmp(op, "~~") || !strcmp(op, "~~*") || !strcmp(op, "!~~") || !strcmp(op, "!~~*");
}

static const char *like_word(const char *op)
{
    bool ci = strchr(op, '*') != NULL, neg = op[0] == '!';
    return neg ? (ci ? "NOT ILIKE" : "NOT LIKE") : (ci ? "ILIKE" : "LIKE");
}

void rule_like_without_wildcard(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            if (!p->has_col || p->value_kind != QV_CONST || p->literal_kind != QL_STRING ||
                (strcmp(p->op, "~~") && strcmp(p->op, "!~~")) ||
                strpbrk(p->value_text, "%_\\"))
                continue;
            const cat_column_t *cc = rule_column(c, st, &p->col);
            if (cc && cc->type && !strcmp(cc->type, "bpchar"))
                continue; /* char(n) pads: LIKE and = differ on trailing spaces */
            const char *col = rule_col_text(c, st, &p->col);
            bool neg = p->op[0] == '!';
            finding_t *f = rule_report(c, R_LIKE_WITHOUT_WILDCARD, p->loc,
                                       "%s %s '%s' has no wildcard: it is an equality, and = can "
                                       "use a plain btree index",
                                       col, like_word(p->op), p->value_text);
            f->fix = arena_printf(c->arena, "%s %s '%s' (equivalent: the pattern has no %% or _ "
                                            "and no escape)",
                                  col, neg ? "<>" : "=", p->value_text);
            finding_evidence(f, c->arena, "column", col);
            finding_evidence(f, c->arena, "pattern", p->value_text);
            rule_rewrite(c, f, (rewrite_t){.kind = RW_LIKE_TO_EQ, .statement = st->index,
                                           .block = b->id, .pred = p});
        }
    }
}

void rule_leading_wildcard_like(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            if (!p->has_col || !like_op(p->op) || p->value_kind != QV_CONST ||
                p->literal_kind != QL_STRING || (p->value_text[0] != '%' && p->value_text[0] != '_'))
                continue;
            const char *col = rule_col_text(c, st, &p->col);
            const qm_rel_t *r = qm_colref_rel(st, &p->col);
            finding_t *f = rule_report(c, R_LEADING_WILDCARD_LIKE, p->loc,
                                       "%s %s '%s' starts with a wildcard: no btree index can "
                                       "serve it, so every row is read and matched",
                                       col, like_word(p->op), p->value_text);
            finding_evidence(f, c->arena, "column", col);
            finding_evidence(f, c->arena, "pattern", p->value_text);
            if (r && r->name && p->col.column && p->wrap.kind == QW_NONE) {
                indexdef_t d = {.schema = r->schema, .table = r->name, .method = "gin",
                                .nkeys = 1, .suffix = "trgm",
                                .needs_trgm = !catalog_has_extension(c->catalog, "pg_trgm")};
                d.keys[0] = (indexdef_key_t){.column = p->col.column, .opclass = "gin_trgm_ops"};
                f->fix = indexdef_advice(c->arena, c->engine->quote_ident, &d)->ddl;
            } else {
                f->fix = "A GIN index with gin_trgm_ops (pg_trgm) on the searched expression";
            }
        }
    }
}

static const char *order_keys_text(rule_ctx_t *c, const qm_stmt_t *st, const qm_block_t *b,
                                   bool with_dir)
{
    sb_t sb;
    sb_init(&sb, c->arena);
    for (int i = 0; i < b->norder; i++) {
        const qm_order_t *o = &b->order[i];
        const char *k = o->col.column ? (o->col.qualifier ? arena_printf(c->arena, "%s.%s",
                                                                        o->col.qualifier,
                                                                        o->col.column)
                                                          : o->col.column)
                                      : o->expr_text;
        sb_addf(&sb, "%s%s%s", i ? ", " : "", k ? k : "?", with_dir && o->desc ? " DESC" : "");
    }
    (void)st;
    return sb_str(&sb);
}

void rule_offset_pagination(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        bool big = b->offset_kind == QLIM_CONST && b->offset >= c->offset_min;
        if (!(big || b->offset_kind == QLIM_PARAM) || b->norder == 0)
            continue;
        const char *keys = order_keys_text(c, st, b, false);
        bool desc = b->order[0].desc;
        finding_t *f = rule_report(c, R_OFFSET_PAGINATION, b->offset_loc,
                                   "OFFSET %s: the server reads and throws away every skipped row, "
                                   "so each page is slower than the one before",
                                   big ? arena_printf(c->arena, "%lld", b->offset) : "$n");
        f->fix = arena_printf(c->arena,
                              "Keyset pagination: WHERE (%s) %s (:last_seen) ORDER BY %s LIMIT n "
                              "(the sort keys must be unique; add the primary key if not)",
                              keys, desc ? "<" : ">", order_keys_text(c, st, b, true));
        if (big)
            finding_evidence_num(f, c->arena, "offset", (double)b->offset);
        else
            finding_evidence(f, c->arena, "offset", "parameter");
        finding_evidence(f, c->arena, "order_by", keys);
    }
}

void rule_unbounded_write(rule_ctx_t *c)
{
    for (int i = 0; i < c->batch->nstmts; i++) {
        const qm_stmt_t *st = &c->batch->stmts[i];
        if ((st->kind != QM_UPDATE && st->kind != QM_DELETE) || st->has_where)
            continue;
        finding_t *f = rule_report(c, R_UNBOUNDED_WRITE, st->loc,
                                   "%s on %s has no WHERE clause: it changes every row of the "
                                   "table and locks them all until commit",
                                   qm_stmt_kind_name(st->kind),
                                   st->target_table ? st->target_table : "the table");
        f->fix = st->kind == QM_DELETE
                     ? "Add the intended WHERE; to empty a table on purpose, use TRUNCATE"
                     : "Add the intended WHERE; for a deliberate full-table change, update in "
                       "batches of primary-key ranges";
        finding_evidence(f, c->arena, "table", st->target_table);
    }
}
