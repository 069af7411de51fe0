/* pg_lower.c — libpg_query parse trees → the query model.
 *
 * One pass over each statement. Blocks are appended as subqueries are met, so a
 * block is always referred to by index or by its (stable) pointer, never by an
 * address inside the blocks array. Column references are left unresolved here:
 * binding them to relations needs the catalog (model/bind.c). */
#include <stdio.h>
#include <string.h>

#include "engine/pg/pg_lower.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

typedef struct {
    arena_t *a;
    const char *text;
    const pgt_lines_t *lines;
    qm_stmt_t *st;
    /* CTEs visible while lowering: name → block. A small stack suffices. */
    const char *cte_names[64];
    int cte_blocks[64];
    int ncte;
} lower_t;

static int lower_select(lower_t *L, PgQuery__SelectStmt *s, int parent, qm_block_kind_t kind,
                        int loc);
static void lower_bool(lower_t *L, qm_block_t *b, node_t *n, qm_clause_t clause, int or_group,
                       bool under_not);
static void scan_sublinks(lower_t *L, qm_block_t *b, node_t *n);

static qm_loc_t loc_at(lower_t *L, int offset)
{
    qm_loc_t loc = {.statement = L->st->index, .offset = offset};
    if (offset >= 0)
        pgt_lines_pos(L->lines, offset, &loc.line, &loc.column);
    return loc;
}

static qm_block_t *new_block(lower_t *L, int parent, qm_block_kind_t kind, int offset, void *src)
{
    qm_block_t *b = arena_alloc(L->a, sizeof(*b));
    b->id = L->st->nblocks;
    b->parent = parent;
    b->kind = kind;
    b->loc = loc_at(L, offset);
    b->src = src;
    ARENA_PUSH(L->a, L->st->blocks, L->st->nblocks, L->st->blocks_cap, b);
    return b;
}

/* ---- expressions ---------------------------------------------------------- */

static int node_location(const node_t *n)
{
    if (!n)
        return -1;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: return n->column_ref->location;
    case PG_QUERY__NODE__NODE_FUNC_CALL: return n->func_call->location;
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        int l = node_location(n->type_cast->arg);
        return l >= 0 ? l : n->type_cast->location;
    }
    case PG_QUERY__NODE__NODE_A_EXPR: {
        int l = node_location(n->a_expr->lexpr);
        return l >= 0 ? l : n->a_expr->location;
    }
    case PG_QUERY__NODE__NODE_A_CONST: return n->a_const->location;
    case PG_QUERY__NODE__NODE_PARAM_REF: return n->param_ref->location;
    case PG_QUERY__NODE__NODE_SUB_LINK: return n->sub_link->location;
    case PG_QUERY__NODE__NODE_NULL_TEST: return node_location(n->null_test->arg);
    case PG_QUERY__NODE__NODE_BOOL_EXPR: return n->bool_expr->location;
    default: return -1;
    }
}

static bool colref_of(const node_t *n, qm_colref_t *out)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
        return false;
    const PgQuery__ColumnRef *cr = n->column_ref;
    memset(out, 0, sizeof(*out));
    out->rel = -1;
    out->block = -1;
    size_t k = cr->n_fields;
    if (k == 0)
        return false;
    const node_t *last = cr->fields[k - 1];
    out->column = last->node_case == PG_QUERY__NODE__NODE_A_STAR ? NULL : pgt_str(last);
    if (k >= 2)
        out->qualifier = pgt_str(cr->fields[k - 2]);
    return true;
}

static bool is_star_ref(const node_t *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields &&
           n->column_ref->fields[n->column_ref->n_fields - 1]->node_case ==
               PG_QUERY__NODE__NODE_A_STAR;
}

/* A literal's text and kind; false when n is not a constant. */
static bool const_of(lower_t *L, const node_t *n, const char **text, qm_literal_kind_t *kind,
                     bool *is_null)
{
    *is_null = false;
    if (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        return const_of(L, n->type_cast->arg, text, kind, is_null);
    if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST)
        return false;
    const PgQuery__AConst *c = n->a_const;
    if (c->isnull) {
        *is_null = true;
        *text = "NULL";
        *kind = QL_NONE;
        return true;
    }
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        *text = arena_printf(L->a, "%d", c->ival ? c->ival->ival : 0);
        *kind = QL_INT;
        return true;
    case PG_QUERY__A__CONST__VAL_FVAL:
        *text = c->fval->fval;
        *kind = QL_FLOAT;
        return true;
    case PG_QUERY__A__CONST__VAL_SVAL:
        *text = c->sval->sval;
        *kind = QL_STRING;
        return true;
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        *text = c->boolval && c->boolval->boolval ? "true" : "false";
        *kind = QL_BOOL;
        return true;
    default:
        *text = "";
        *kind = QL_STRING;
        return true;
    }
}

static bool contains_column(const node_t *n);

static bool any_contains_column(node_t **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (contains_column(list[i]))
            return true;
    return false;
}

static bool contains_column(const node_t *n)
{
    if (!n)
        return false;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: return true;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return any_contains_column(n->func_call->args, n->func_call->n_args);
    case PG_QUERY__NODE__NODE_A_EXPR:
        return contains_column(n->a_expr->lexpr) || contains_column(n->a_expr->rexpr);
    case PG_QUERY__NODE__NODE_TYPE_CAST: return contains_column(n->type_cast->arg);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return any_contains_column(n->coalesce_expr->args, n->coalesce_expr->n_args);
    case PG_QUERY__NODE__NODE_LIST: return any_contains_column(n->list->items, n->list->n_items);
    case PG_QUERY__NODE__NODE_CASE_EXPR: return true; /* conservatively */
    default: return false;
    }
}

/* Finds the single column inside a wrapped expression: f(col, consts…), col::t,
 * col op const. Fills wrap and returns true when n is such a wrap of one column. */
static bool wrapped_column(lower_t *L, node_t *n, qm_colref_t *col, qm_wrap_t *wrap,
                           node_t **col_node)
{
    memset(wrap, 0, sizeof(*wrap));
    if (colref_of(n, col)) {
        *col_node = n;
        return true;
    }
    const char *text;
    qm_literal_kind_t lk;
    bool is_null;
    switch (n ? n->node_case : 0) {
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        if (!colref_of(n->type_cast->arg, col))
            return false;
        PgQuery__TypeName *tn = n->type_cast->type_name;
        wrap->kind = QW_CAST;
        wrap->name = tn ? pgt_last_name(tn->names, tn->n_names) : "?";
        *col_node = n->type_cast->arg;
        break;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
        PgQuery__FuncCall *f = n->func_call;
        int cols = 0;
        for (size_t i = 0; i < f->n_args; i++) {
            if (colref_of(f->args[i], col)) {
                cols++;
                *col_node = f->args[i];
            } else if (contains_column(f->args[i])) {
                return false;
            } else if (const_of(L, f->args[i], &text, &lk, &is_null) && !wrap->arg_text) {
                wrap->arg_text = text;
            }
        }
        if (cols != 1)
            return false;
        wrap->name = pgt_last_name(f->funcname, f->n_funcname);
        wrap->kind = wrap->name && (!strcmp(wrap->name, "extract") ||
                                    !strcmp(wrap->name, "date_part"))
                         ? QW_EXTRACT
                         : QW_FUNC;
        break;
    }
    case PG_QUERY__NODE__NODE_A_EXPR: {
        PgQuery__AExpr *e = n->a_expr;
        if (e->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP)
            return false;
        node_t *c = e->lexpr, *k = e->rexpr;
        if (!colref_of(c, col)) {
            c = e->rexpr;
            k = e->lexpr;
            if (!colref_of(c, col))
                return false;
        }
        if (contains_column(k))
            return false;
        wrap->name = pgt_last_name(e->name, e->n_name);
        bool arith = wrap->name && strlen(wrap->name) == 1 && strchr("+-*/%", wrap->name[0]);
        wrap->kind = arith ? QW_ARITH : QW_FUNC;
        if (const_of(L, k, &text, &lk, &is_null)) {
            wrap->arg_text = text;
            wrap->arg_is_int = lk == QL_INT;
        }
        /* k - col is not a shift of col; only col ± k is rewritten. */
        if (c != e->lexpr && wrap->kind == QW_ARITH && wrap->name[0] == '-')
            wrap->arg_text = NULL;
        *col_node = c;
        break;
    }
    default:
        return false;
    }
    wrap->expr_text = pgt_deparse_expr(L->a, n);
    wrap->index_text = wrap->expr_text;
    PgQuery__ColumnRef *cr = (*col_node)->column_ref;
    if (cr->n_fields > 1) { /* CREATE INDEX names bare columns: deparse without u. */
        node_t **fields = cr->fields;
        size_t nfields = cr->n_fields;
        cr->fields += nfields - 1;
        cr->n_fields = 1;
        wrap->index_text = pgt_deparse_expr(L->a, n);
        cr->fields = fields;
        cr->n_fields = nfields;
    }
    return true;
}

static const char *commute(const char *op)
{
    static const char *const pairs[][2] = {{"<", ">"}, {">", "<"}, {"<=", ">="}, {">=", "<="}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
        if (!strcmp(op, pairs[i][0]))
            return pairs[i][1];
    return op;
}

static qm_pred_t *push_pred(lower_t *L, qm_block_t *b, qm_clause_t clause, int or_group,
                            bool under_not, node_t *src, int offset)
{
    qm_pred_t p = {0};
    p.loc = loc_at(L, offset);
    p.clause = clause;
    p.or_group = or_group;
    p.in_or = or_group > 0;
    p.under_not = under_not;
    p.sub_block = -1;
    p.src = src;
    p.col.rel = p.value_col.rel = -1;
    p.col.block = p.value_col.block = -1;
    if (clause == QC_HAVING) {
        ARENA_PUSH(L->a, b->having, b->nhaving, b->having_cap, p);
        return &b->having[b->nhaving - 1];
    }
    ARENA_PUSH(L->a, b->preds, b->npreds, b->preds_cap, p);
    return &b->preds[b->npreds - 1];
}

/* Classifies the value side of a comparison into p. */
static void set_value(lower_t *L, qm_block_t *b, qm_pred_t *p, node_t *v)
{
    const char *text;
    qm_literal_kind_t lk;
    bool is_null;
    qm_colref_t col;
    qm_wrap_t w;
    node_t *cn;
    if (const_of(L, v, &text, &lk, &is_null)) {
        p->value_kind = is_null ? QV_NULL : QV_CONST;
        p->value_text = text;
        p->literal_kind = lk;
    } else if (v && v->node_case == PG_QUERY__NODE__NODE_PARAM_REF) {
        p->value_kind = QV_PARAM;
        p->value_text = arena_printf(L->a, "$%d", v->param_ref->number);
    } else if (wrapped_column(L, v, &col, &w, &cn)) {
        p->value_kind = QV_COLUMN;
        p->value_col = col;
    } else if (v && v->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
        p->value_kind = QV_SUBQUERY;
        PgQuery__SubLink *sl = v->sub_link;
        if (sl->subselect && sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
            p->sub_block = lower_select(L, sl->subselect->select_stmt, b->id, QB_SCALAR,
                                        sl->location);
    } else {
        p->value_kind = contains_column(v) ? QV_EXPR : QV_EXPR;
        p->value_text = pgt_deparse_expr(L->a, v);
        scan_sublinks(L, b, v);
    }
}

static bool is_count_star_block(const qm_block_t *sb, const PgQuery__SelectStmt *s)
{
    if (!s || s->n_target_list != 1 || s->n_group_clause || !sb)
        return false;
    node_t *v = s->target_list[0]->res_target->val;
    if (!v || v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return false;
    const char *name = pgt_last_name(v->func_call->funcname, v->func_call->n_funcname);
    return name && !strcmp(name, "count");
}

static void lower_comparison(lower_t *L, qm_block_t *b, PgQuery__AExpr *e, node_t *src,
                             qm_clause_t clause, int or_group, bool under_not)
{
    const char *op = pgt_last_name(e->name, e->n_name);
    node_t *left = e->lexpr, *right = e->rexpr;
    qm_colref_t col;
    qm_wrap_t wrap;
    node_t *col_node = NULL;
    bool has_col = wrapped_column(L, left, &col, &wrap, &col_node);
    if (!has_col && wrapped_column(L, right, &col, &wrap, &col_node)) {
        node_t *t = left;
        left = right;
        right = t;
        op = commute(op ? op : "");
        has_col = true;
    }
    /* (SELECT count(*) …) > 0 reads better with the subquery on the left. */
    if (!has_col && right && right->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
        node_t *t = left;
        left = right;
        right = t;
        op = commute(op ? op : "");
    }
    qm_pred_t *p = push_pred(L, b, clause, or_group, under_not, src,
                             node_location(has_col ? left : src));
    p->op = op ? op : "?";
    p->has_col = has_col;
    if (has_col) {
        p->col = col;
        p->wrap = wrap;
        p->col_src = left;
        set_value(L, b, p, right);
    } else if (left && left->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
        PgQuery__SubLink *sl = left->sub_link;
        int pi = (int)(p - (clause == QC_HAVING ? b->having : b->preds));
        int sub = -1;
        bool count = false;
        if (sl->subselect && sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
            sub = lower_select(L, sl->subselect->select_stmt, b->id, QB_SCALAR, sl->location);
            count = is_count_star_block(L->st->blocks[sub], sl->subselect->select_stmt);
        }
        /* lower_select may have grown the arrays: find the predicate again. */
        p = clause == QC_HAVING ? &b->having[pi] : &b->preds[pi];
        const char *text;
        qm_literal_kind_t lk;
        bool is_null;
        p->value_kind = QV_SUBQUERY;
        p->sub_block = sub;
        p->subquery_count = count;
        p->col_src = left;
        if (const_of(L, right, &text, &lk, &is_null)) {
            p->value_text = text;
            p->literal_kind = lk;
        }
    } else {
        p->value_kind = QV_EXPR;
        scan_sublinks(L, b, left);
        scan_sublinks(L, b, right);
    }
    if (clause == QC_HAVING)
        p->has_aggregate = pgt_has_aggregate(src);
}

static void lower_aexpr(lower_t *L, qm_block_t *b, node_t *n, qm_clause_t clause, int or_group,
                        bool under_not)
{
    PgQuery__AExpr *e = n->a_expr;
    const char *name = pgt_last_name(e->name, e->n_name);
    qm_colref_t col;
    qm_wrap_t wrap;
    node_t *col_node = NULL;
    switch (e->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
        lower_comparison(L, b, e, n, clause, or_group, under_not);
        if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT)
            (clause == QC_HAVING ? &b->having[b->nhaving - 1] : &b->preds[b->npreds - 1])->op =
                "IS DISTINCT FROM";
        return;
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
        lower_comparison(L, b, e, n, clause, or_group, under_not);
        qm_pred_t *p = clause == QC_HAVING ? &b->having[b->nhaving - 1] : &b->preds[b->npreds - 1];
        p->op = arena_printf(L->a, "%s%s", name ? name : "?",
                             e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ? "ANY" : "ALL");
        return;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN: {
        bool has_col = wrapped_column(L, e->lexpr, &col, &wrap, &col_node);
        qm_pred_t *p = push_pred(L, b, clause, or_group, under_not, n,
                                 node_location(e->lexpr));
        p->op = name && !strcmp(name, "<>") ? "NOT IN" : "IN";
        p->has_col = has_col;
        p->col = col;
        p->wrap = wrap;
        p->col_src = e->lexpr;
        p->value_kind = QV_LIST;
        if (e->rexpr && e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST)
            p->list_len = (int)e->rexpr->list->n_items;
        return;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
        bool has_col = wrapped_column(L, e->lexpr, &col, &wrap, &col_node);
        qm_pred_t *p = push_pred(L, b, clause, or_group, under_not, n,
                                 node_location(e->lexpr));
        bool neg = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
                   e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        p->op = neg ? "NOT BETWEEN" : "BETWEEN";
        p->has_col = has_col;
        p->col = col;
        p->wrap = wrap;
        p->col_src = e->lexpr;
        if (e->rexpr && e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST &&
            e->rexpr->list->n_items == 2)
            set_value(L, b, p, e->rexpr->list->items[0]);
        return;
    }
    default: {
        qm_pred_t *p = push_pred(L, b, clause, or_group, under_not, n, e->location);
        p->op = name ? name : "?";
        p->value_kind = QV_EXPR;
        return;
    }
    }
}

/* A predicate on a subquery; src is the node a rewrite replaces (the NOT around
 * the sublink when negated). */
static void lower_sublink_pred(lower_t *L, qm_block_t *b, node_t *n, node_t *src,
                               qm_clause_t clause, int or_group, bool negated)
{
    PgQuery__SubLink *sl = n->sub_link;
    qm_colref_t col;
    qm_wrap_t wrap;
    node_t *col_node = NULL;
    qm_block_kind_t kind = QB_SCALAR;
    const char *op = "?";
    bool has_col = false;
    if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK) {
        kind = QB_EXISTS;
        op = negated ? "NOT EXISTS" : "EXISTS";
    } else if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK) {
        const char *oper = pgt_last_name(sl->oper_name, sl->n_oper_name);
        kind = QB_IN;
        op = (!oper || !strcmp(oper, "=")) ? (negated ? "NOT IN" : "IN")
                                           : arena_printf(L->a, "%sANY", oper);
        has_col = wrapped_column(L, sl->testexpr, &col, &wrap, &col_node);
    }
    int offset = has_col ? node_location(sl->testexpr) : sl->location;
    int sub = -1;
    if (sl->subselect && sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
        sub = lower_select(L, sl->subselect->select_stmt, b->id, kind, sl->location);
    if (sub >= 0)
        L->st->blocks[sub]->negated = negated;
    qm_pred_t *p = push_pred(L, b, clause, or_group, false, src, offset);
    p->op = op;
    p->has_col = has_col;
    if (has_col) {
        p->col = col;
        p->wrap = wrap;
        p->col_src = sl->testexpr;
    }
    p->value_kind = QV_SUBQUERY;
    p->sub_block = sub;
}

static void note_or(lower_t *L, qm_block_t *b, node_t *n, int id, int first_pred)
{
    qm_or_t o = {.id = id, .loc = loc_at(L, n->bool_expr->location), .src = n};
    sb_t cols;
    sb_init(&cols, L->a);
    const char *seen[16];
    int nseen = 0;
    for (int i = first_pred; i < b->npreds; i++) {
        qm_pred_t *p = &b->preds[i];
        if (p->or_group != id)
            continue;
        o.npreds++;
        const char *c = p->has_col && p->col.column ? p->col.column : NULL;
        bool dup = false;
        for (int k = 0; c && k < nseen; k++)
            dup |= !strcmp(seen[k], c);
        if (c && !dup && nseen < 16) {
            seen[nseen++] = c;
            sb_addf(&cols, "%s%s", nseen > 1 ? ", " : "", c);
        }
    }
    o.distinct_columns = nseen > 1;
    o.columns = sb_str(&cols);
    ARENA_PUSH(L->a, b->ors, b->nors, b->ors_cap, o);
}

static void lower_bool(lower_t *L, qm_block_t *b, node_t *n, qm_clause_t clause, int or_group,
                       bool under_not)
{
    if (!n)
        return;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
        PgQuery__BoolExpr *be = n->bool_expr;
        if (be->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
            for (size_t i = 0; i < be->n_args; i++)
                lower_bool(L, b, be->args[i], clause, or_group, under_not);
        } else if (be->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR) {
            /* Nested ORs join the outermost one; only WHERE/ON ORs are noted. */
            int id = or_group ? or_group : b->nors + 1;
            int first = b->npreds;
            for (size_t i = 0; i < be->n_args; i++)
                lower_bool(L, b, be->args[i], clause, id, under_not);
            if (!or_group && clause != QC_HAVING)
                note_or(L, b, n, id, first);
        } else if (be->n_args == 1 && be->args[0]->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
            lower_sublink_pred(L, b, be->args[0], n, clause, or_group, !under_not);
        } else {
            for (size_t i = 0; i < be->n_args; i++)
                lower_bool(L, b, be->args[i], clause, or_group, !under_not);
        }
        return;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
        lower_aexpr(L, b, n, clause, or_group, under_not);
        return;
    case PG_QUERY__NODE__NODE_NULL_TEST: {
        qm_colref_t col;
        qm_wrap_t wrap;
        node_t *cn = NULL;
        bool has_col = wrapped_column(L, n->null_test->arg, &col, &wrap, &cn);
        qm_pred_t *p = push_pred(L, b, clause, or_group, under_not, n,
                                 node_location(n->null_test->arg));
        p->op = n->null_test->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL ? "IS NULL"
                                                                                : "IS NOT NULL";
        p->has_col = has_col;
        p->col = col;
        p->wrap = wrap;
        p->col_src = n->null_test->arg;
        return;
    }
    case PG_QUERY__NODE__NODE_SUB_LINK:
        lower_sublink_pred(L, b, n, n, clause, or_group, false);
        return;
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        qm_pred_t *p = push_pred(L, b, clause, or_group, under_not, n, node_location(n));
        p->has_col = colref_of(n, &p->col);
        p->op = "=";
        p->value_kind = QV_CONST;
        p->literal_kind = QL_BOOL;
        p->value_text = under_not ? "false" : "true";
        p->col_src = n;
        return;
    }
    default: {
        qm_pred_t *p = push_pred(L, b, clause, or_group, under_not, n, node_location(n));
        p->op = "?";
        p->value_kind = QV_EXPR;
        p->value_text = pgt_deparse_expr(L->a, n);
        if (clause == QC_HAVING)
            p->has_aggregate = pgt_has_aggregate(n);
        scan_sublinks(L, b, n);
        return;
    }
    }
}

/* Lowers subqueries nested in an expression that is not itself a predicate
 * (select-list expressions, function arguments) as scalar blocks. */
static void scan_sublinks(lower_t *L, qm_block_t *b, node_t *n)
{
    if (!n)
        return;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SUB_LINK: {
        PgQuery__SubLink *sl = n->sub_link;
        if (sl->subselect && sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
            lower_select(L, sl->subselect->select_stmt, b->id,
                         sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK ? QB_EXISTS
                                                                                   : QB_SCALAR,
                         sl->location);
        return;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        for (size_t i = 0; i < n->func_call->n_args; i++)
            scan_sublinks(L, b, n->func_call->args[i]);
        return;
    case PG_QUERY__NODE__NODE_A_EXPR:
        scan_sublinks(L, b, n->a_expr->lexpr);
        scan_sublinks(L, b, n->a_expr->rexpr);
        return;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        scan_sublinks(L, b, n->type_cast->arg);
        return;
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        for (size_t i = 0; i < n->coalesce_expr->n_args; i++)
            scan_sublinks(L, b, n->coalesce_expr->args[i]);
        return;
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        for (size_t i = 0; i < n->bool_expr->n_args; i++)
            scan_sublinks(L, b, n->bool_expr->args[i]);
        return;
    case PG_QUERY__NODE__NODE_LIST:
        for (size_t i = 0; i < n->list->n_items; i++)
            scan_sublinks(L, b, n->list->items[i]);
        return;
    default:
        return;
    }
}

/* ---- FROM ------------------------------------------------------------------ */

/* The visible CTE of that name: true when there is one; *block is its body, or
 * -1 while that body is itself being lowered (a recursive reference). */
static bool find_cte(lower_t *L, const char *name, int *block)
{
    for (int i = L->ncte - 1; i >= 0; i--)
        if (!strcmp(L->cte_names[i], name)) {
            *block = L->cte_blocks[i];
            return true;
        }
    return false;
}

static qm_join_t join_kind(PgQuery__JoinType t)
{
    switch (t) {
    case PG_QUERY__JOIN_TYPE__JOIN_LEFT: return QJ_LEFT;
    case PG_QUERY__JOIN_TYPE__JOIN_RIGHT: return QJ_RIGHT;
    case PG_QUERY__JOIN_TYPE__JOIN_FULL: return QJ_FULL;
    default: return QJ_INNER;
    }
}

static void add_rel(lower_t *L, qm_block_t *b, qm_rel_t r)
{
    r.label = r.alias ? r.alias : r.name;
    ARENA_PUSH(L->a, b->rels, b->nrels, b->rels_cap, r);
}

static void lower_from(lower_t *L, qm_block_t *b, node_t *n, qm_join_t join, bool quals)
{
    if (!n)
        return;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
        PgQuery__RangeVar *rv = n->range_var;
        qm_rel_t r = {.schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL,
                      .name = rv->relname,
                      .alias = rv->alias ? pgt_opt(rv->alias->aliasname) : NULL,
                      .sub_block = -1, .join = join, .join_has_quals = quals,
                      .loc = loc_at(L, rv->location), .src = n};
        if (!r.schema)
            r.is_cte = find_cte(L, rv->relname, &r.sub_block);
        add_rel(L, b, r);
        return;
    }
    case PG_QUERY__NODE__NODE_JOIN_EXPR: {
        PgQuery__JoinExpr *j = n->join_expr;
        lower_from(L, b, j->larg, join, quals);
        bool has_quals = j->quals || j->n_using_clause || j->is_natural;
        qm_join_t kind = has_quals ? join_kind(j->jointype) : QJ_CROSS;
        lower_from(L, b, j->rarg, kind, has_quals);
        lower_bool(L, b, j->quals, QC_JOIN, 0, false);
        return;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
        PgQuery__RangeSubselect *rs = n->range_subselect;
        int sub = -1;
        if (rs->subquery && rs->subquery->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
            sub = lower_select(L, rs->subquery->select_stmt, b->id,
                               rs->lateral ? QB_LATERAL : QB_DERIVED, -1);
        qm_rel_t r = {.alias = rs->alias ? rs->alias->aliasname : NULL, .sub_block = sub,
                      .join = join, .join_has_quals = quals, .loc = loc_at(L, -1), .src = n};
        add_rel(L, b, r);
        return;
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
        PgQuery__RangeFunction *rf = n->range_function;
        qm_rel_t r = {.alias = rf->alias ? rf->alias->aliasname : "function", .sub_block = -1,
                      .join = join, .join_has_quals = true, .loc = loc_at(L, -1), .src = n};
        add_rel(L, b, r);
        return;
    }
    default:
        return;
    }
}

/* ---- SELECT ---------------------------------------------------------------- */

static void lower_limit(lower_t *L, node_t *n, qm_limit_kind_t *kind, long long *value)
{
    const char *text;
    qm_literal_kind_t lk;
    bool is_null;
    if (!n) {
        *kind = QLIM_NONE;
    } else if (const_of(L, n, &text, &lk, &is_null)) {
        *kind = is_null ? QLIM_NONE : QLIM_CONST;
        *value = is_null ? 0 : atoll(text);
    } else if (n->node_case == PG_QUERY__NODE__NODE_PARAM_REF) {
        *kind = QLIM_PARAM;
    } else {
        *kind = QLIM_EXPR;
    }
}

static void lower_targets(lower_t *L, qm_block_t *b, PgQuery__SelectStmt *s)
{
    for (size_t i = 0; i < s->n_target_list; i++) {
        PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        qm_target_t t = {.loc = loc_at(L, rt->location), .sub_block = -1, .src = s->target_list[i]};
        t.col.rel = t.col.block = -1;
        node_t *v = rt->val;
        if (is_star_ref(v)) {
            t.is_star = true;
            colref_of(v, &t.col);
        } else if (colref_of(v, &t.col)) {
            t.name = t.col.column;
        } else if (v && v->node_case == PG_QUERY__NODE__NODE_SUB_LINK &&
                   v->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK &&
                   v->sub_link->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
            t.sub_block = lower_select(L, v->sub_link->subselect->select_stmt, b->id, QB_SCALAR,
                                       v->sub_link->location);
        } else {
            t.has_aggregate = pgt_has_aggregate(v);
            if (v && v->node_case == PG_QUERY__NODE__NODE_FUNC_CALL && v->func_call->over)
                b->has_window = true;
            scan_sublinks(L, b, v);
        }
        if (pgt_opt(rt->name))
            t.name = rt->name;
        b->has_aggregate |= t.has_aggregate;
        ARENA_PUSH(L->a, b->targets, b->ntargets, b->targets_cap, t);
    }
}

static void lower_order(lower_t *L, qm_block_t *b, PgQuery__SelectStmt *s)
{
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        node_t *sn = s->sort_clause[i];
        if (sn->node_case != PG_QUERY__NODE__NODE_SORT_BY)
            continue;
        PgQuery__SortBy *sb = sn->sort_by;
        qm_order_t o = {.loc = loc_at(L, node_location(sb->node))};
        o.col.rel = o.col.block = -1;
        o.desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        o.nulls = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST  ? 1
                  : sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST ? 2
                                                                                   : 0;
        if (!colref_of(sb->node, &o.col)) {
            o.expr_text = pgt_deparse_expr(L->a, sb->node);
            if (sb->node && sb->node->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
                const char *f = pgt_last_name(sb->node->func_call->funcname,
                                              sb->node->func_call->n_funcname);
                o.is_random = f && !strcmp(f, "random") && !sb->node->func_call->n_args;
            }
        }
        ARENA_PUSH(L->a, b->order, b->norder, b->order_cap, o);
    }
}

static void lower_with(lower_t *L, qm_block_t *b, PgQuery__WithClause *w)
{
    for (size_t i = 0; w && i < w->n_ctes; i++) {
        PgQuery__CommonTableExpr *cte = w->ctes[i]->common_table_expr;
        if (!cte || !cte->ctequery ||
            cte->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
            continue;
        if (w->recursive && L->ncte < 64) { /* visible inside its own body */
            L->cte_names[L->ncte] = cte->ctename;
            L->cte_blocks[L->ncte++] = -1;
        }
        int sub = lower_select(L, cte->ctequery->select_stmt, b->id, QB_CTE, cte->location);
        L->st->blocks[sub]->cte_name = cte->ctename;
        if (w->recursive)
            L->cte_blocks[L->ncte - 1] = sub;
        else if (L->ncte < 64) {
            L->cte_names[L->ncte] = cte->ctename;
            L->cte_blocks[L->ncte++] = sub;
        }
    }
}

static int lower_select(lower_t *L, PgQuery__SelectStmt *s, int parent, qm_block_kind_t kind,
                        int loc)
{
    qm_block_t *b = new_block(L, parent, kind, loc, s);
    int saved_ncte = L->ncte;
    lower_with(L, b, s->with_clause);
    if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
        b->setop = s->op == PG_QUERY__SET_OPERATION__SETOP_UNION ? (s->all ? QS_UNION_ALL : QS_UNION)
                   : s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? QS_INTERSECT
                                                                       : QS_EXCEPT;
        PgQuery__SelectStmt *arms[2] = {s->larg, s->rarg};
        for (int i = 0; i < 2; i++) {
            if (!arms[i])
                continue;
            int arm = lower_select(L, arms[i], b->id, QB_SET_ARM, -1);
            ARENA_PUSH(L->a, b->set_arms, b->nset_arms, b->set_arms_cap, arm);
        }
    } else {
        for (size_t i = 0; i < s->n_from_clause; i++)
            lower_from(L, b, s->from_clause[i], i ? QJ_CROSS : QJ_NONE, false);
        lower_targets(L, b, s);
        lower_bool(L, b, s->where_clause, QC_WHERE, 0, false);
        for (size_t i = 0; i < s->n_group_clause; i++) {
            qm_colref_t g;
            if (colref_of(s->group_clause[i], &g))
                ARENA_PUSH(L->a, b->group, b->ngroup, b->group_cap, g);
        }
        lower_bool(L, b, s->having_clause, QC_HAVING, 0, false);
        for (int i = 0; i < b->nhaving; i++)
            b->has_aggregate |= b->having[i].has_aggregate;
        b->distinct = s->n_distinct_clause > 0;
    }
    lower_order(L, b, s);
    lower_limit(L, s->limit_count, &b->limit_kind, &b->limit);
    lower_limit(L, s->limit_offset, &b->offset_kind, &b->offset);
    if (s->limit_offset)
        b->offset_loc = loc_at(L, node_location(s->limit_offset));
    L->ncte = saved_ncte;
    return b->id;
}

/* ---- statements ------------------------------------------------------------ */

static void lower_dml_target(lower_t *L, qm_block_t *b, PgQuery__RangeVar *rv)
{
    node_t n = {.node_case = PG_QUERY__NODE__NODE_RANGE_VAR, .range_var = rv};
    node_t *copy = arena_alloc(L->a, sizeof(n));
    *copy = n;
    lower_from(L, b, copy, QJ_NONE, false);
    L->st->target_table = rv->relname;
}

static void lower_statement(lower_t *L, node_t *n)
{
    qm_stmt_t *st = L->st;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        st->kind = QM_SELECT;
        lower_select(L, n->select_stmt, -1, QB_TOP, st->loc.offset);
        return;
    case PG_QUERY__NODE__NODE_UPDATE_STMT: {
        PgQuery__UpdateStmt *u = n->update_stmt;
        st->kind = QM_UPDATE;
        qm_block_t *b = new_block(L, -1, QB_TOP, st->loc.offset, u);
        lower_with(L, b, u->with_clause);
        lower_dml_target(L, b, u->relation);
        for (size_t i = 0; i < u->n_from_clause; i++)
            lower_from(L, b, u->from_clause[i], QJ_CROSS, false);
        st->set_columns = arena_calloc(L->a, u->n_target_list + 1, sizeof(char *));
        for (size_t i = 0; i < u->n_target_list; i++) {
            PgQuery__ResTarget *rt = u->target_list[i]->res_target;
            st->set_columns[st->nset_columns++] = rt->name;
            scan_sublinks(L, b, rt->val);
        }
        st->has_where = u->where_clause != NULL;
        lower_bool(L, b, u->where_clause, QC_WHERE, 0, false);
        return;
    }
    case PG_QUERY__NODE__NODE_DELETE_STMT: {
        PgQuery__DeleteStmt *d = n->delete_stmt;
        st->kind = QM_DELETE;
        qm_block_t *b = new_block(L, -1, QB_TOP, st->loc.offset, d);
        lower_with(L, b, d->with_clause);
        lower_dml_target(L, b, d->relation);
        for (size_t i = 0; i < d->n_using_clause; i++)
            lower_from(L, b, d->using_clause[i], QJ_CROSS, false);
        st->has_where = d->where_clause != NULL;
        lower_bool(L, b, d->where_clause, QC_WHERE, 0, false);
        return;
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT: {
        PgQuery__InsertStmt *ins = n->insert_stmt;
        st->kind = QM_INSERT;
        qm_block_t *b = new_block(L, -1, QB_TOP, st->loc.offset, ins);
        lower_with(L, b, ins->with_clause);
        lower_dml_target(L, b, ins->relation);
        st->set_columns = arena_calloc(L->a, ins->n_cols + 1, sizeof(char *));
        for (size_t i = 0; i < ins->n_cols; i++)
            st->set_columns[st->nset_columns++] = ins->cols[i]->res_target->name;
        node_t *sel = ins->select_stmt;
        if (sel && sel->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
            !sel->select_stmt->n_values_lists)
            lower_select(L, sel->select_stmt, 0, QB_DERIVED, -1);
        return;
    }
    default:
        st->kind = QM_UTILITY;
        new_block(L, -1, QB_TOP, st->loc.offset, n);
        return;
    }
}

/* Narrows a statement's span to its text: no leading white space or comments, no
 * trailing white space (the last statement's span runs to the end of input). */
static void statement_span(const char *text, int *start, int *len)
{
    int end = *start + *len;
    *start = pgt_skip_space(text, *start, end);
    while (end > *start && (text[end - 1] == ' ' || text[end - 1] == '\n' ||
                            text[end - 1] == '\t' || text[end - 1] == '\r'))
        end--;
    *len = end - *start;
}

int pg_lower(arena_t *a, const char *text, PgQuery__ParseResult *pr, qm_batch_t **out)
{
    qm_batch_t *batch = arena_alloc(a, sizeof(*batch));
    batch->text = text;
    batch->src = pr;
    batch->stmts = arena_calloc(a, pr->n_stmts ? pr->n_stmts : 1, sizeof(qm_stmt_t));
    int textlen = (int)strlen(text);
    pgt_lines_t lines;
    pgt_lines_init(a, &lines, text);
    for (size_t i = 0; i < pr->n_stmts; i++) {
        PgQuery__RawStmt *raw = pr->stmts[i];
        qm_stmt_t *st = &batch->stmts[batch->nstmts++];
        st->index = (int)i + 1;
        st->src = raw;
        int start = raw->stmt_location, len = raw->stmt_len ? raw->stmt_len : textlen - start;
        statement_span(text, &start, &len);
        st->text = arena_strndup(a, text + start, (size_t)len);
        lower_t L = {.a = a, .text = text, .lines = &lines, .st = st};
        st->loc = loc_at(&L, start);
        if (raw->stmt)
            lower_statement(&L, raw->stmt);
    }
    *out = batch;
    return 0;
}
