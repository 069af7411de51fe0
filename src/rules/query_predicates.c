/* query_predicates.c — rules about how a predicate treats its column:
 * non-sargable-predicate (with the range rewrites), implicit-type-conversion,
 * or-across-columns. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rules.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* ---- calendar arithmetic for the range rewrites ---------------------------- */

typedef struct { int y, m, d; } ymd_t;

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Accepts 'YYYY-MM-DD' optionally followed by a midnight time ('00:00[:00]'),
 * the only literals for which the truncation equals the literal itself. */
static bool parse_midnight(const char *s, ymd_t *out)
{
    char rest[32] = "";
    if (!s || sscanf(s, "%4d-%2d-%2d%31s", &out->y, &out->m, &out->d, rest) < 3)
        return false;
    if (strlen(s) < 10 || out->m < 1 || out->m > 12 || out->d < 1 ||
        out->d > days_in(out->y, out->m) || out->y < 1)
        return false;
    const char *t = s + 10;
    while (*t == ' ' || *t == 'T')
        t++;
    return !*t || !strcmp(t, "00:00") || !strcmp(t, "00:00:00");
}

static ymd_t add_unit(ymd_t v, const char *unit)
{
    if (!strcmp(unit, "year")) {
        v.y++;
    } else if (!strcmp(unit, "month")) {
        if (++v.m > 12) { v.m = 1; v.y++; }
    } else if (++v.d > days_in(v.y, v.m)) {
        v.d = 1;
        if (++v.m > 12) { v.m = 1; v.y++; }
    }
    return v;
}

static const char *ymd_text(arena_t *a, ymd_t v)
{
    return arena_printf(a, "%04d-%02d-%02d", v.y, v.m, v.d);
}

static bool is_unit(const char *u, const char *want)
{
    return u && !strcasecmp(u, want);
}

/* A truncated literal lines up with its unit (a day for 'day', the 1st for 'month'…). */
static bool aligned(ymd_t v, const char *unit)
{
    if (is_unit(unit, "day"))
        return true;
    if (is_unit(unit, "month"))
        return v.d == 1;
    if (is_unit(unit, "year"))
        return v.d == 1 && v.m == 1;
    return false;
}

static bool temporal_or_unknown(const cat_column_t *cc)
{
    return !cc || catalog_type_is_temporal(cc->type);
}

/* Fills rw with a RW_RANGE when the wrapped equality has an exact range form. */
static bool range_rewrite(rule_ctx_t *c, const qm_pred_t *p, const cat_column_t *cc,
                          rewrite_t *rw, const char **why)
{
    ymd_t v;
    const char *unit = NULL;
    const qm_wrap_t *w = &p->wrap;
    if (strcmp(p->op, "=") || p->value_kind != QV_CONST)
        return false;
    if (w->kind == QW_FUNC && w->name && !strcmp(w->name, "date_trunc") && temporal_or_unknown(cc) &&
        (is_unit(w->arg_text, "day") || is_unit(w->arg_text, "month") ||
         is_unit(w->arg_text, "year"))) {
        unit = w->arg_text;
        if (!parse_midnight(p->value_text, &v) || !aligned(v, unit))
            return false;
        *why = arena_printf(c->arena, "equivalent: date_trunc('%s', x) = '%s' holds exactly for x "
                                      "in ['%s', next %s)", unit, p->value_text, ymd_text(c->arena, v), unit);
    } else if (w->kind == QW_CAST && w->name && !strcmp(w->name, "date") && cc &&
               catalog_type_is_temporal(cc->type)) {
        unit = "day";
        if (!parse_midnight(p->value_text, &v))
            return false;
        *why = "equivalent: x::date = d holds exactly for x in [d, d + 1 day), in the session "
               "time zone as the cast uses";
    } else if (w->kind == QW_EXTRACT && is_unit(w->arg_text, "year") && temporal_or_unknown(cc) &&
               p->literal_kind == QL_INT) {
        unit = "year";
        v = (ymd_t){atoi(p->value_text), 1, 1};
        if (v.y < 1 || v.y > 9999)
            return false;
        *why = "equivalent: extract(year from x) = N holds exactly for x in [N-01-01, N+1-01-01)";
    } else {
        return false;
    }
    rw->kind = RW_RANGE;
    rw->lo = ymd_text(c->arena, v);
    rw->hi = ymd_text(c->arena, add_unit(v, is_unit(unit, "day") ? "day" : is_unit(unit, "month") ? "month" : "year"));
    return true;
}

/* col + k = X → col = X - k, for integers. */
static bool shift_rewrite(rule_ctx_t *c, const qm_pred_t *p, rewrite_t *rw, const char **why)
{
    const qm_wrap_t *w = &p->wrap;
    if (w->kind != QW_ARITH || !w->arg_is_int || !w->arg_text || strcmp(p->op, "=") ||
        p->value_kind != QV_CONST || p->literal_kind != QL_INT ||
        (strcmp(w->name, "+") && strcmp(w->name, "-")))
        return false;
    long long k = atoll(w->arg_text), x = atoll(p->value_text);
    rw->kind = RW_SHIFT;
    rw->value = arena_printf(c->arena, "%lld", !strcmp(w->name, "+") ? x - k : x + k);
    *why = "equivalent for integer columns (no rounding; overflow would have raised an error)";
    return true;
}

static bool sargable_cast(arena_t *a, const qm_pred_t *p, const cat_column_t *cc)
{
    /* A cast to the column's own type is a no-op the planner removes. */
    return p->wrap.kind == QW_CAST && cc && p->wrap.name &&
           !strcmp(catalog_canonical_type(a, p->wrap.name), cc->type);
}

/* An expression index on exactly this expression makes the predicate indexable. */
static bool expression_indexed(rule_ctx_t *c, const qm_stmt_t *st, const qm_pred_t *p)
{
    const cat_table_t *t = qm_colref_table(st, c->catalog, &p->col);
    for (int i = 0; t && p->wrap.index_text && i < t->nindexes; i++)
        if (t->indexes[i]->nkeys && t->indexes[i]->keys[0].expr &&
            !strcmp(t->indexes[i]->keys[0].expr, p->wrap.index_text) && !t->indexes[i]->predicate)
            return true;
    return false;
}

static void report_non_sargable(rule_ctx_t *c, qm_stmt_t *st, qm_block_t *b, const qm_pred_t *p)
{
    const cat_column_t *cc = rule_column(c, st, &p->col);
    if (sargable_cast(c->arena, p, cc) || !strcmp(p->op, "@@") || expression_indexed(c, st, p))
        return;
    const char *col = rule_col_text(c, st, &p->col);
    const char *expr = p->wrap.expr_text ? p->wrap.expr_text : col;
    finding_t *f = rule_report(c, R_NON_SARGABLE, p->loc,
                               "%s cannot use an index on %s: the %s is applied to every row "
                               "before comparing",
                               expr, col,
                               p->wrap.kind == QW_CAST ? "cast" : p->wrap.kind == QW_ARITH ? "arithmetic" : "function");
    finding_evidence(f, c->arena, "column", col);
    finding_evidence(f, c->arena, "expression", expr);
    rewrite_t rw = {.statement = st->index, .block = b->id, .pred = p};
    const char *why = NULL;
    if (range_rewrite(c, p, cc, &rw, &why)) {
        f->fix = arena_printf(c->arena, "%s >= '%s' AND %s < '%s' (%s)", p->col.column, rw.lo,
                              p->col.column, rw.hi, why);
        rule_rewrite(c, f, rw);
    } else if (shift_rewrite(c, p, &rw, &why)) {
        f->fix = arena_printf(c->arena, "%s = %s (%s)", p->col.column, rw.value, why);
        rule_rewrite(c, f, rw);
    } else {
        const qm_rel_t *r = qm_colref_rel(st, &p->col);
        indexdef_t d = {.schema = r ? r->schema : NULL, .table = r && r->name ? r->name : "t",
                        .method = "btree", .nkeys = 1};
        d.keys[0].expr = p->wrap.index_text ? p->wrap.index_text : expr;
        f->fix = arena_printf(c->arena, "No equivalent range form; index the expression: %s",
                              indexdef_advice(c->arena, c->engine->quote_ident, &d)->ddl);
    }
}

void rule_non_sargable(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            if (p->has_col && p->wrap.kind != QW_NONE && p->col.column &&
                (p->clause == QC_WHERE || p->clause == QC_JOIN) &&
                p->value_kind != QV_NONE)
                report_non_sargable(c, st, b, p);
        }
    }
}

/* ---- implicit-type-conversion ---------------------------------------------- */

typedef enum { TF_UNKNOWN, TF_TEXT, TF_INT, TF_EXACT, TF_FLOAT, TF_TEMPORAL, TF_OTHER } type_family_t;

static type_family_t family_of(const char *type)
{
    if (!type) return TF_UNKNOWN;
    if (catalog_type_is_text(type)) return TF_TEXT;
    if (!strcmp(type, "int2") || !strcmp(type, "int4") || !strcmp(type, "int8")) return TF_INT;
    if (!strcmp(type, "numeric") || !strcmp(type, "money")) return TF_EXACT;
    if (!strcmp(type, "float4") || !strcmp(type, "float8")) return TF_FLOAT;
    if (catalog_type_is_temporal(type)) return TF_TEMPORAL;
    return TF_OTHER;
}

static const char *literal_kind_name(qm_literal_kind_t k)
{
    static const char *const names[] = {"none", "integer", "numeric", "string", "boolean"};
    return names[k];
}

/* Why comparing a column of family col with a literal of kind lit hurts, or NULL. */
static const char *literal_mismatch(type_family_t col, qm_literal_kind_t lit)
{
    if (col == TF_TEXT && (lit == QL_INT || lit == QL_FLOAT))
        return "PostgreSQL has no operator between text and a number: the statement fails, and "
               "a cast added to make it run hides the column from its index";
    if (col == TF_INT && lit == QL_FLOAT)
        return "the integer column is converted to numeric for every row, so its btree index "
               "cannot be used";
    return NULL;
}

static const char *column_mismatch(type_family_t a, type_family_t b)
{
    if (a == TF_UNKNOWN || b == TF_UNKNOWN || a == b)
        return NULL;
    if ((a == TF_INT && b == TF_EXACT) || (a == TF_EXACT && b == TF_INT))
        return "the integer side is converted to numeric, so an index on it cannot be used for "
               "the join";
    if (a == TF_TEXT || b == TF_TEXT)
        return "the two sides have different types; a cast is needed and hides one side from "
               "its index";
    return NULL;
}

void rule_implicit_conversion(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->npreds; i++) {
            const qm_pred_t *p = &b->preds[i];
            if (!p->has_col || p->wrap.kind != QW_NONE)
                continue;
            const cat_column_t *cc = rule_column(c, st, &p->col);
            if (!cc)
                continue;
            const char *why = NULL, *other = NULL;
            if (p->value_kind == QV_CONST) {
                why = literal_mismatch(family_of(cc->type), p->literal_kind);
                other = literal_kind_name(p->literal_kind);
            } else if (p->value_kind == QV_COLUMN) {
                const cat_column_t *oc = rule_column(c, st, &p->value_col);
                why = oc ? column_mismatch(family_of(cc->type), family_of(oc->type)) : NULL;
                other = oc ? arena_printf(c->arena, "%s (%s)", rule_col_text(c, st, &p->value_col), oc->type) : NULL;
            }
            if (!why)
                continue;
            const char *col = rule_col_text(c, st, &p->col);
            finding_t *f = rule_report(c, R_IMPLICIT_CONVERSION, p->loc,
                                       "%s (%s) compared with %s: %s", col, cc->type, other, why);
            f->fix = p->value_kind == QV_CONST
                         ? arena_printf(c->arena, "Compare like with like: %s %s %s", col, p->op,
                                        family_of(cc->type) == TF_TEXT
                                            ? arena_printf(c->arena, "'%s'", p->value_text)
                                            : arena_printf(c->arena, "%lld", atoll(p->value_text)))
                         : "Give both join columns the same type (ALTER TABLE … ALTER COLUMN … TYPE)";
            finding_evidence(f, c->arena, "column", col);
            finding_evidence(f, c->arena, "column_type", cc->type);
            finding_evidence(f, c->arena, "compared_with", other);
        }
    }
}

/* ---- or-across-columns ----------------------------------------------------- */

void rule_or_across_columns(rule_ctx_t *c)
{
    FOR_EACH_BLOCK(c, st, b) {
        for (int i = 0; i < b->nors; i++) {
            const qm_or_t *o = &b->ors[i];
            if (!o->distinct_columns)
                continue;
            finding_t *f = rule_report(c, R_OR_ACROSS_COLUMNS, o->loc,
                                       "OR across different columns (%s): one index cannot serve "
                                       "it, so the planner scans the table or combines several "
                                       "indexes with a BitmapOr",
                                       o->columns);
            f->fix = arena_printf(c->arena,
                                  "Give each column (%s) its own index so a BitmapOr can combine "
                                  "them, or split into UNION ALL branches where each later branch "
                                  "excludes the earlier ones (AND NOT (…) IS TRUE)",
                                  o->columns);
            finding_evidence(f, c->arena, "columns", o->columns);
            (void)st;
        }
    }
}
