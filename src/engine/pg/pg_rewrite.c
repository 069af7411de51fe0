/* pg_rewrite.c — rewrites as tree edits, then one deparse of the batch.
 *
 * Responsibility: apply the rewrites the engine-neutral advisors chose by editing
 * libpg_query protobuf trees in place, and render the batch with the deparser.
 * The user's SQL text is never spliced; new fragments are built from nodes (or
 * parsed from SQL we format ourselves from quoted identifiers) and grafted.
 *
 * Invariants:
 * - A rewrite is all or nothing: every check runs before the first edit, so a
 *   rewrite that is refused (applied false, note set) leaves the tree untouched.
 * - All nodes live in the request's arena (trees were unpacked into it by
 *   pg_tree.c); nothing here allocates elsewhere or frees.
 * - Statements dropped by RW_BATCH are only marked while the rewrites run and
 *   removed from the parse result once at the end, so every rewrite finds its
 *   statement through the model's (stable) RawStmt pointers.
 *
 * Owned by the pg engine; called through engine_t.rewrite. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pg/pg_rewrite.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* State of one pg_rewrite call. */
typedef struct {
    arena_t *a;
    qm_batch_t *batch;
    bool *removed;  /* per statement: dropped from the output (RW_BATCH) */
    int *laterals;  /* per statement: lateral aliases handed out so far */
} rw_ctx_t;

/* Each kind's handler returns NULL when applied, else a short reason. */
typedef const char *(*apply_fn)(rw_ctx_t *c, rewrite_t *rw);

#define NODE(kind) PG_QUERY__NODE__NODE_##kind
#define IS(n, kind) ((n) && (n)->node_case == NODE(kind))

/* ---- generic tree helpers ------------------------------------------------- */

/* Called for every Node slot met by walk_msg(); returns false to skip its children.
 * It may replace *slot. */
typedef bool (*visit_fn)(node_t **slot, void *ctx);

static void walk_msg(ProtobufCMessage *m, visit_fn fn, void *ctx);

static void walk_slot(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *f, visit_fn fn,
                      void *ctx)
{
    if (!*slot)
        return;
    if (f->descriptor == &pg_query__node__descriptor && !fn((node_t **)slot, ctx))
        return;
    if (*slot)
        walk_msg(*slot, fn, ctx);
}

/* Visits every Node under m, in field order, using protobuf-c's descriptors, so
 * no node type is forgotten. Oneof members other than the set one are skipped. */
static void walk_msg(ProtobufCMessage *m, visit_fn fn, void *ctx)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    char *base = (char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(uint32_t *)(base + f->quantifier_offset) != f->id)
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(size_t *)(base + f->quantifier_offset);
            ProtobufCMessage **arr = *(ProtobufCMessage ***)(base + f->offset);
            for (size_t k = 0; k < n; k++)
                walk_slot(&arr[k], f, fn, ctx);
        } else {
            walk_slot((ProtobufCMessage **)(base + f->offset), f, fn, ctx);
        }
    }
}

static void walk_node(node_t **slot, visit_fn fn, void *ctx)
{
    if (*slot && fn(slot, ctx) && *slot)
        walk_msg(&(*slot)->base, fn, ctx);
}

typedef struct {
    const node_t *target;
    PgQuery__BoolExpr *parent;
    size_t index;
} parent_search_t;

static bool visit_and_parent(node_t **slot, void *ctx)
{
    parent_search_t *ps = ctx;
    if (ps->parent)
        return false;
    if (IS(*slot, BOOL_EXPR) &&
        (*slot)->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
        PgQuery__BoolExpr *b = (*slot)->bool_expr;
        for (size_t i = 0; i < b->n_args; i++)
            if (b->args[i] == ps->target) {
                ps->parent = b;
                ps->index = i;
                return false;
            }
    }
    return true;
}

/* The AND whose argument is target, searched under root; NULL when none. */
static PgQuery__BoolExpr *and_parent(ProtobufCMessage *root, const node_t *target, size_t *index)
{
    parent_search_t ps = {.target = target};
    if (root)
        walk_msg(root, visit_and_parent, &ps);
    *index = ps.index;
    return ps.parent;
}

/* Replaces the argument at index of b with the n nodes of repl. */
static void splice_args(arena_t *a, PgQuery__BoolExpr *b, size_t index, node_t **repl, size_t n)
{
    size_t total = b->n_args - 1 + n;
    node_t **args = arena_calloc(a, total, sizeof(node_t *));
    memcpy(args, b->args, index * sizeof(node_t *));
    memcpy(args + index, repl, n * sizeof(node_t *));
    memcpy(args + index + n, b->args + index + 1, (b->n_args - index - 1) * sizeof(node_t *));
    b->args = args;
    b->n_args = total;
}

/* Puts repl where old is. An AND replacing a conjunct of an AND is flattened into
 * it (no redundant parentheses). old's node is overwritten either way, so every
 * pointer to it (the model's src) sees the new shape. root is the statement to
 * search, may be NULL. */
static void replace_node(arena_t *a, ProtobufCMessage *root, node_t *old, node_t *repl)
{
    size_t i;
    PgQuery__BoolExpr *parent = NULL;
    if (IS(repl, BOOL_EXPR) && repl->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR)
        parent = and_parent(root, old, &i);
    if (parent)
        splice_args(a, parent, i, repl->bool_expr->args, repl->bool_expr->n_args);
    *old = *repl;
}

/* ANDs conj into *clause (a WHERE or ON), appending to an existing AND. */
static void and_into(arena_t *a, node_t **clause, node_t *conj)
{
    if (!*clause) {
        *clause = conj;
    } else if (IS(*clause, BOOL_EXPR) &&
               (*clause)->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
        PgQuery__BoolExpr *b = (*clause)->bool_expr;
        splice_args(a, b, b->n_args - 1, (node_t *[]){b->args[b->n_args - 1], conj}, 2);
    } else {
        *clause = pgt_bool(a, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, (node_t *[]){*clause, conj}, 2);
    }
}

/* The top-level conjuncts of a clause: the clause itself, or an AND's args. */
static node_t **conjuncts(node_t **clause, size_t *n)
{
    if (IS(*clause, BOOL_EXPR) &&
        (*clause)->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
        *n = (*clause)->bool_expr->n_args;
        return (*clause)->bool_expr->args;
    }
    *n = *clause ? 1 : 0;
    return clause;
}

/* Removes conjunct index of *clause; an AND left with one argument is unwrapped
 * and an empty clause becomes NULL. */
static void remove_conjunct(node_t **clause, size_t index)
{
    if (!IS(*clause, BOOL_EXPR) ||
        (*clause)->bool_expr->boolop != PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
        *clause = NULL;
        return;
    }
    PgQuery__BoolExpr *b = (*clause)->bool_expr;
    memmove(b->args + index, b->args + index + 1, (b->n_args - index - 1) * sizeof(node_t *));
    if (--b->n_args == 1)
        *clause = b->args[0];
    else if (b->n_args == 0)
        *clause = NULL;
}

static bool visit_has_sublink(node_t **slot, void *ctx)
{
    if (IS(*slot, SUB_LINK))
        *(bool *)ctx = true;
    return !*(bool *)ctx;
}

static bool has_sublink(node_t *n)
{
    bool found = false;
    walk_node(&n, visit_has_sublink, &found);
    return found;
}

static bool visit_max_param(node_t **slot, void *ctx)
{
    if (IS(*slot, PARAM_REF) && (*slot)->param_ref->number > *(int *)ctx)
        *(int *)ctx = (*slot)->param_ref->number;
    return true;
}

/* The highest $n in a statement, 0 when it has none. */
static int max_param(PgQuery__RawStmt *raw)
{
    int max = 0;
    walk_msg(&raw->base, visit_max_param, &max);
    return max;
}

typedef struct {
    arena_t *a;
    const char *label;
    node_t **skip;  /* ResTargets whose explicit names are not columns (ORDER BY) */
    size_t nskip;
} qualify_t;

static bool is_output_name(const qualify_t *q, const char *name)
{
    for (size_t i = 0; i < q->nskip; i++) {
        const char *out = q->skip[i]->res_target->name;
        if (out && !strcmp(out, name))
            return true;
    }
    return false;
}

/* Qualifies unqualified column references (and a bare *) with q->label; does not
 * enter subqueries, whose unqualified names resolve to their own relations. */
static bool visit_qualify(node_t **slot, void *ctx)
{
    qualify_t *q = ctx;
    if (IS(*slot, SUB_LINK))
        return false;
    if (!IS(*slot, COLUMN_REF))
        return true;
    PgQuery__ColumnRef *cr = (*slot)->column_ref;
    const char *name = cr->n_fields == 1 ? pgt_str(cr->fields[0]) : NULL;
    if (cr->n_fields != 1 || (name && is_output_name(q, name)))
        return false;
    node_t **fields = arena_calloc(q->a, 2, sizeof(node_t *));
    fields[0] = pgt_string(q->a, q->label);
    fields[1] = cr->fields[0];
    cr->fields = fields;
    cr->n_fields = 2;
    return false;
}

static void qualify(qualify_t *q, node_t **slot)
{
    walk_node(slot, visit_qualify, q);
}

/* ---- small readers and builders ------------------------------------------- */

static const char *nonempty(const char *s)
{
    return s && s[0] ? s : NULL;
}

static PgQuery__SelectStmt *select_of(node_t *n)
{
    return IS(n, SELECT_STMT) ? n->select_stmt : NULL;
}

/* The SelectStmt a block was lowered from, NULL for other statements. */
static PgQuery__SelectStmt *block_select(const qm_block_t *b)
{
    const ProtobufCMessage *m = b ? b->src : NULL;
    return m && m->descriptor == &pg_query__select_stmt__descriptor ? b->src : NULL;
}

static const char *expr_op(const node_t *n)
{
    if (!IS(n, A_EXPR))
        return NULL;
    return pgt_last_name(n->a_expr->name, n->a_expr->n_name);
}

static bool is_op_expr(const node_t *n, const char *op)
{
    const char *name = expr_op(n);
    return name && n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP && !strcmp(name, op);
}

/* A non-NULL literal, possibly cast. */
static bool is_literal(const node_t *n)
{
    if (IS(n, TYPE_CAST))
        return is_literal(n->type_cast->arg);
    return IS(n, A_CONST) && !n->a_const->isnull;
}

/* NULL, possibly cast. */
static bool is_null_literal(const node_t *n)
{
    if (IS(n, TYPE_CAST))
        return is_null_literal(n->type_cast->arg);
    return IS(n, A_CONST) && n->a_const->isnull;
}

static bool int_literal(const node_t *n, int *v)
{
    if (!IS(n, A_CONST) || n->a_const->isnull ||
        n->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
        return false;
    *v = n->a_const->ival ? n->a_const->ival->ival : 0;
    return true;
}

/* The last field of a column reference (NULL for `t.*`). */
static const char *column_name(const node_t *n)
{
    if (!IS(n, COLUMN_REF) || !n->column_ref->n_fields)
        return NULL;
    return pgt_str(n->column_ref->fields[n->column_ref->n_fields - 1]);
}

static const char *column_qualifier(const node_t *n)
{
    if (!IS(n, COLUMN_REF) || n->column_ref->n_fields < 2)
        return NULL;
    return pgt_str(n->column_ref->fields[n->column_ref->n_fields - 2]);
}

/* The single column under a wrapped column side: f(col, …), col::t, col ± k. */
static node_t *bare_column(node_t *n)
{
    if (IS(n, COLUMN_REF))
        return column_name(n) ? n : NULL;
    if (IS(n, TYPE_CAST))
        return bare_column(n->type_cast->arg);
    if (IS(n, A_EXPR))
        return IS(n->a_expr->lexpr, COLUMN_REF) ? bare_column(n->a_expr->lexpr)
                                                : bare_column(n->a_expr->rexpr);
    if (!IS(n, FUNC_CALL))
        return NULL;
    node_t *col = NULL;
    for (size_t i = 0; i < n->func_call->n_args; i++)
        if (IS(n->func_call->args[i], COLUMN_REF)) {
            if (col)
                return NULL;
            col = n->func_call->args[i];
        }
    return col ? bare_column(col) : NULL;
}

/* What a FROM item is called: alias, else table name; NULL for joins. */
static const char *from_label(const node_t *n)
{
    if (IS(n, RANGE_VAR))
        return n->range_var->alias ? nonempty(n->range_var->alias->aliasname)
                                   : nonempty(n->range_var->relname);
    if (IS(n, RANGE_SUBSELECT) && n->range_subselect->alias)
        return nonempty(n->range_subselect->alias->aliasname);
    if (IS(n, RANGE_FUNCTION) && n->range_function->alias)
        return nonempty(n->range_function->alias->aliasname);
    return NULL;
}

/* True when a FROM item (or a join under it) is called label. */
static bool from_has_label(const node_t *n, const char *label)
{
    if (IS(n, JOIN_EXPR))
        return from_has_label(n->join_expr->larg, label) ||
               from_has_label(n->join_expr->rarg, label);
    const char *l = from_label(n);
    return l && !strcmp(l, label);
}

static node_t *const_bool(arena_t *a, bool v)
{
    PgQuery__AConst *c = arena_alloc(a, sizeof(*c));
    pg_query__a__const__init(c);
    c->boolval = arena_alloc(a, sizeof(*c->boolval));
    pg_query__boolean__init(c->boolval);
    c->boolval->boolval = v;
    c->val_case = PG_QUERY__A__CONST__VAL_BOOLVAL;
    c->location = -1;
    return pgt_node(a, NODE(A_CONST), c);
}

static node_t *param_ref(arena_t *a, int number)
{
    PgQuery__ParamRef *p = arena_alloc(a, sizeof(*p));
    pg_query__param_ref__init(p);
    p->number = number;
    p->location = -1;
    return pgt_node(a, NODE(PARAM_REF), p);
}

static node_t *res_target(arena_t *a, const char *name, node_t *val)
{
    PgQuery__ResTarget *rt = arena_alloc(a, sizeof(*rt));
    pg_query__res_target__init(rt);
    rt->name = name ? arena_strdup(a, name) : NULL;
    rt->val = val;
    rt->location = -1;
    return pgt_node(a, NODE(RES_TARGET), rt);
}

static PgQuery__Alias *make_alias(arena_t *a, const char *name)
{
    PgQuery__Alias *al = arena_alloc(a, sizeof(*al));
    pg_query__alias__init(al);
    al->aliasname = arena_strdup(a, name);
    return al;
}

static node_t *left_join(arena_t *a, node_t *larg, node_t *rarg, node_t *quals)
{
    PgQuery__JoinExpr *j = arena_alloc(a, sizeof(*j));
    pg_query__join_expr__init(j);
    j->jointype = PG_QUERY__JOIN_TYPE__JOIN_LEFT;
    j->larg = larg;
    j->rarg = rarg;
    j->quals = quals;
    return pgt_node(a, NODE(JOIN_EXPR), j);
}

/* Appends a target to a SELECT's list. */
static void append_target(arena_t *a, PgQuery__SelectStmt *s, node_t *target)
{
    s->target_list = arena_grow(a, s->target_list, s->n_target_list, s->n_target_list + 1,
                                sizeof(node_t *));
    s->target_list[s->n_target_list++] = target;
}

/* Replaces a SELECT's list with the single target `1` (for EXISTS). */
static void select_one(arena_t *a, PgQuery__SelectStmt *s)
{
    s->target_list = arena_alloc(a, sizeof(node_t *));
    s->target_list[0] = res_target(a, NULL, pgt_const_int(a, 1));
    s->n_target_list = 1;
}

/* Why a subquery cannot become the body of an EXISTS, NULL when it can. */
static const char *plain_subquery(const PgQuery__SelectStmt *s)
{
    if (!s)
        return "subquery is not a SELECT";
    if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
        return "subquery has a set operation";
    if (s->n_group_clause || s->having_clause)
        return "subquery has GROUP BY or HAVING";
    if (s->limit_count || s->limit_offset)
        return "subquery has LIMIT or OFFSET";
    if (s->n_distinct_clause)
        return "subquery has DISTINCT";
    if (s->n_target_list != 1)
        return "subquery does not return exactly one column";
    return NULL;
}

/* ---- locating what a rewrite points at ------------------------------------ */

static qm_stmt_t *stmt_at(rw_ctx_t *c, int index)
{
    return index >= 1 && index <= c->batch->nstmts ? &c->batch->stmts[index - 1] : NULL;
}

static bool block_owns(const qm_block_t *b, const qm_pred_t *p)
{
    for (int i = 0; i < b->npreds; i++)
        if (&b->preds[i] == p)
            return true;
    for (int i = 0; i < b->nhaving; i++)
        if (&b->having[i] == p)
            return true;
    return false;
}

/* The statement and block holding p, found by identity; NULL when p is not
 * one of the batch's predicates (a copy). */
static qm_stmt_t *locate_pred(rw_ctx_t *c, const qm_pred_t *p, qm_block_t **block)
{
    for (int s = 0; p && s < c->batch->nstmts; s++) {
        qm_stmt_t *st = &c->batch->stmts[s];
        for (int k = 0; k < st->nblocks; k++)
            if (block_owns(st->blocks[k], p)) {
                *block = st->blocks[k];
                return st;
            }
    }
    return NULL;
}

/* The statement and block of a predicate rewrite: where the predicate is, else
 * (for a copy of one) rw->statement and rw->block, else NULL, which only costs
 * the flattening of ANDs. Returns a reason when the rewrite cannot run. */
static const char *pred_stmt(rw_ctx_t *c, const rewrite_t *rw, qm_stmt_t **st, qm_block_t **b)
{
    if (!rw->pred || !rw->pred->src)
        return "no predicate given";
    *b = NULL;
    *st = locate_pred(c, rw->pred, b);
    if (!*st && (*st = stmt_at(c, rw->statement)) && rw->block >= 0 &&
        rw->block < (*st)->nblocks)
        *b = (*st)->blocks[rw->block];
    if (*st && c->removed[(*st)->index - 1])
        return "statement was removed by a batching rewrite";
    return NULL;
}

static ProtobufCMessage *stmt_root(const qm_stmt_t *st)
{
    return st ? st->src : NULL;
}

/* ---- RW_RANGE, RW_SHIFT ---------------------------------------------------- */

/* f(col) = X  →  col >= 'lo' AND col < 'hi'. */
static const char *apply_range(rw_ctx_t *c, rewrite_t *rw)
{
    qm_stmt_t *st;
    qm_block_t *b;
    const char *why = pred_stmt(c, rw, &st, &b);
    if (why)
        return why;
    node_t *src = rw->pred->src;
    if (!rw->lo || !rw->hi)
        return "no range bounds given";
    if (!is_op_expr(src, "="))
        return "predicate is not an equality";
    if (IS((node_t *)rw->pred->col_src, COLUMN_REF))
        return "column is not wrapped in a function or cast";
    node_t *col = bare_column(rw->pred->col_src);
    if (!col)
        return "no single column under the function";
    node_t *parts[2] = {
        pgt_op(c->a, ">=", pgt_copy(c->a, col), pgt_const_str(c->a, rw->lo)),
        pgt_op(c->a, "<", pgt_copy(c->a, col), pgt_const_str(c->a, rw->hi)),
    };
    replace_node(c->a, stmt_root(st), src,
                 pgt_bool(c->a, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, parts, 2));
    return NULL;
}

/* An integer constant from text; ints beyond 32 bits become numeric literals. */
static node_t *int_const(arena_t *a, const char *text)
{
    errno = 0;
    char *end;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end || errno)
        return NULL;
    if (v >= INT_MIN && v <= INT_MAX)
        return pgt_const_int(a, (int)v);
    node_t *n = pgt_const_int(a, 0);
    PgQuery__Float *f = arena_alloc(a, sizeof(*f));
    pg_query__float__init(f);
    f->fval = arena_strdup(a, text);
    n->a_const->val_case = PG_QUERY__A__CONST__VAL_FVAL;
    n->a_const->fval = f;
    return n;
}

static bool is_comparison(const char *op)
{
    static const char *const ops[] = {"=", "<", "<=", ">", ">=", "<>"};
    for (size_t i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++)
        if (!strcmp(op, ops[i]))
            return true;
    return false;
}

/* col + k = X  →  col = value (the operator kept, column first). */
static const char *apply_shift(rw_ctx_t *c, rewrite_t *rw)
{
    qm_stmt_t *st;
    qm_block_t *b;
    const char *why = pred_stmt(c, rw, &st, &b);
    if (why)
        return why;
    node_t *src = rw->pred->src;
    const char *op = rw->pred->op;
    if (!IS(src, A_EXPR) || src->a_expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP ||
        !is_comparison(op))
        return "predicate is not a comparison";
    const char *arith = expr_op(rw->pred->col_src);
    if (!arith || (strcmp(arith, "+") && strcmp(arith, "-")))
        return "column side is not col + k or col - k";
    node_t *col = bare_column(rw->pred->col_src);
    node_t *value = rw->value ? int_const(c->a, rw->value) : NULL;
    if (!col || !value)
        return !col ? "no single column in the arithmetic" : "new value is not an integer";
    *src = *pgt_op(c->a, op, pgt_copy(c->a, col), value);
    return NULL;
}

/* ---- RW_NOT_EXISTS, RW_EXISTS ------------------------------------------------ */

/* The ANY sublink of a NOT IN predicate: src is the NOT around it, or the
 * sublink itself when the model says it is negated (by a NOT further out). */
static PgQuery__SubLink *not_in_sublink(const rewrite_t *rw)
{
    node_t *src = rw->pred->src;
    node_t *sl = src;
    if (IS(src, BOOL_EXPR) && src->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR &&
        src->bool_expr->n_args == 1)
        sl = src->bool_expr->args[0];
    else if (!rw->pred->under_not && (!rw->pred->op || strcmp(rw->pred->op, "NOT IN")))
        return NULL;
    if (!IS(sl, SUB_LINK) || sl->sub_link->sub_link_type != PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK)
        return NULL;
    const char *oper = pgt_last_name(sl->sub_link->oper_name, sl->sub_link->n_oper_name);
    return !oper || !strcmp(oper, "=") ? sl->sub_link : NULL;
}

/* True for expressions safe to move from a select list into WHERE: columns,
 * literals, casts and operators over them (no functions: they may return sets). */
static bool plain_expr(const node_t *n)
{
    if (IS(n, COLUMN_REF))
        return column_name(n) != NULL;
    if (IS(n, A_CONST) || IS(n, PARAM_REF))
        return true;
    if (IS(n, TYPE_CAST))
        return plain_expr(n->type_cast->arg);
    if (IS(n, A_EXPR) && n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP)
        return (!n->a_expr->lexpr || plain_expr(n->a_expr->lexpr)) && plain_expr(n->a_expr->rexpr);
    return false;
}

/* The outer column named from inside the subquery, or NULL with *why set. */
static node_t *outer_column(rw_ctx_t *c, const rewrite_t *rw, const PgQuery__SelectStmt *s,
                            node_t *test, const char **why)
{
    const char *q = nonempty(rw->outer_qualifier);
    *why = "outer side is not a column";
    if (!IS(test, COLUMN_REF) || !column_name(test))
        return NULL;
    if (!q)
        q = column_qualifier(test);
    *why = "outer column needs a qualifier";
    if (!q)
        return NULL;
    for (size_t i = 0; i < s->n_from_clause; i++)
        if (from_has_label(s->from_clause[i], q)) {
            *why = "subquery reuses the outer relation's name";
            return NULL;
        }
    return pgt_colref(c->a, q, column_name(test));
}

/* x NOT IN (SELECT y FROM … WHERE …)  →  NOT EXISTS (SELECT 1 FROM … WHERE … AND
 * y = outer.x). The sublink is edited in place into EXISTS, so the NOT that made
 * it NOT IN (src itself, or one further out) stays and the meaning is kept. */
static const char *apply_not_exists(rw_ctx_t *c, rewrite_t *rw)
{
    qm_stmt_t *st;
    qm_block_t *b;
    const char *why = pred_stmt(c, rw, &st, &b);
    if (why)
        return why;
    PgQuery__SubLink *sl = not_in_sublink(rw);
    if (!sl)
        return "not a NOT IN (subquery) predicate";
    PgQuery__SelectStmt *s = select_of(sl->subselect);
    if ((why = plain_subquery(s)))
        return why;
    node_t *inner = s->target_list[0]->res_target->val;
    if (!plain_expr(inner))
        return "subquery's column is not a plain expression";
    node_t *outer = outer_column(c, rw, s, sl->testexpr, &why);
    if (!outer)
        return why;
    const char *label = s->n_from_clause == 1 ? from_label(s->from_clause[0]) : NULL;
    if (label)
        qualify(&(qualify_t){.a = c->a, .label = label}, &inner);
    and_into(c->a, &s->where_clause, pgt_op(c->a, "=", inner, outer));
    select_one(c->a, s);
    sl->sub_link_type = PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK;
    sl->testexpr = NULL;
    sl->n_oper_name = 0;
    sl->oper_name = NULL;
    return NULL;
}

/* The comparisons of a count with a constant that mean "some row" / "no row"
 * (the parser already spells != as <>). */
static const struct {
    const char *op;
    int value;
    bool negate;
} count_tests[] = {
    {">", 0, false}, {">=", 1, false}, {"<>", 0, false},
    {"=", 0, true},  {"<", 1, true},   {"<=", 0, true},
};

static const char *commuted(const char *op)
{
    static const char *const pairs[][2] = {{"<", ">"}, {">", "<"}, {"<=", ">="}, {">=", "<="}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
        if (!strcmp(op, pairs[i][0]))
            return pairs[i][1];
    return op;
}

/* Whether (count) op k tests for existence (false) or absence (true); -1 when
 * it is neither. The count is on the left once op is commuted. */
static int count_negation(const char *op, int k)
{
    for (size_t i = 0; i < sizeof(count_tests) / sizeof(count_tests[0]); i++)
        if (!strcmp(op, count_tests[i].op) && k == count_tests[i].value)
            return count_tests[i].negate;
    return -1;
}

static bool is_count_star(const node_t *n)
{
    if (!IS(n, FUNC_CALL))
        return false;
    const PgQuery__FuncCall *f = n->func_call;
    const char *name = pgt_last_name(f->funcname, f->n_funcname);
    return name && !strcmp(name, "count") && f->agg_star && !f->over && !f->agg_filter;
}

/* (SELECT count(*) FROM … WHERE …) > 0  →  EXISTS (SELECT 1 FROM … WHERE …);
 * = 0 (and < 1) → NOT EXISTS. The polarity is read from the tree. */
static const char *apply_exists(rw_ctx_t *c, rewrite_t *rw)
{
    qm_stmt_t *st;
    qm_block_t *b;
    const char *why = pred_stmt(c, rw, &st, &b);
    if (why)
        return why;
    node_t *src = rw->pred->src;
    const char *op = expr_op(src);
    if (!op || src->a_expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP)
        return "predicate is not a comparison";
    node_t *sub = src->a_expr->lexpr, *k = src->a_expr->rexpr;
    if (!IS(sub, SUB_LINK)) {
        sub = src->a_expr->rexpr;
        k = src->a_expr->lexpr;
        op = commuted(op);
    }
    int value;
    if (!IS(sub, SUB_LINK) || sub->sub_link->sub_link_type != PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK)
        return "no scalar subquery in the comparison";
    int negate = int_literal(k, &value) ? count_negation(op, value) : -1;
    if (negate < 0)
        return "count is not compared with 0 or 1";
    PgQuery__SelectStmt *s = select_of(sub->sub_link->subselect);
    if ((why = plain_subquery(s)))
        return why;
    if (!is_count_star(s->target_list[0]->res_target->val))
        return "subquery does not return count(*)";
    select_one(c->a, s);
    sub->sub_link->sub_link_type = PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK;
    *src = negate ? *pgt_bool(c->a, PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR, &sub, 1) : *sub;
    return NULL;
}

/* ---- RW_HAVING_TO_WHERE ------------------------------------------------------ */

static bool has_grouping_sets(const PgQuery__SelectStmt *s)
{
    for (size_t i = 0; i < s->n_group_clause; i++)
        if (IS(s->group_clause[i], GROUPING_SET))
            return true;
    return false;
}

/* Moves one HAVING conjunct without aggregates into WHERE. Only with a plain
 * GROUP BY: without one, HAVING filters the single aggregate row (moving the
 * condition would turn "no row" into "a row of zeros"), and ROLLUP/CUBE rows
 * carry NULLs that WHERE would not see. */
static const char *apply_having(rw_ctx_t *c, rewrite_t *rw)
{
    qm_stmt_t *st;
    qm_block_t *b;
    const char *why = pred_stmt(c, rw, &st, &b);
    if (why)
        return why;
    PgQuery__SelectStmt *s = block_select(b);
    node_t *conj = rw->pred->src;
    if (!s || !s->having_clause)
        return "predicate is not in a HAVING clause";
    if (!s->n_group_clause || has_grouping_sets(s))
        return "HAVING without a plain GROUP BY";
    if (pgt_has_aggregate(conj) || has_sublink(conj))
        return "condition uses an aggregate or a subquery";
    size_t n, i;
    node_t **args = conjuncts(&s->having_clause, &n);
    for (i = 0; i < n && args[i] != conj; i++)
        ;
    if (i == n)
        return "condition is not a top-level HAVING conjunct";
    remove_conjunct(&s->having_clause, i);
    and_into(c->a, &s->where_clause, conj);
    return NULL;
}

/* ---- RW_LIKE_TO_EQ, RW_IS_NULL ---------------------------------------------- */

static bool has_wildcard(const node_t *pattern)
{
    if (!IS(pattern, A_CONST) || pattern->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        return true; /* unknown pattern: assume the worst */
    return strpbrk(pattern->a_const->sval->sval, "%_\\") != NULL;
}

/* col LIKE 'abc'  →  col = 'abc'; NOT LIKE → <>. */
static const char *apply_like(rw_ctx_t *c, rewrite_t *rw)
{
    qm_stmt_t *st;
    qm_block_t *b;
    const char *why = pred_stmt(c, rw, &st, &b);
    if (why)
        return why;
    node_t *src = rw->pred->src;
    const char *op = expr_op(src);
    if (!op || src->a_expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_LIKE ||
        (strcmp(op, "~~") && strcmp(op, "!~~")))
        return "predicate is not LIKE";
    if (has_wildcard(src->a_expr->rexpr))
        return "pattern is not a literal without wildcards";
    PgQuery__AExpr *e = src->a_expr;
    e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
    e->name = arena_alloc(c->a, sizeof(node_t *));
    e->name[0] = pgt_string(c->a, strcmp(op, "~~") ? "<>" : "=");
    e->n_name = 1;
    return NULL;
}

/* col = NULL  →  col IS NULL; col <> NULL (or !=, which parses as <>)  →
 * col IS NOT NULL. */
static const char *apply_is_null(rw_ctx_t *c, rewrite_t *rw)
{
    qm_stmt_t *st;
    qm_block_t *b;
    const char *why = pred_stmt(c, rw, &st, &b);
    if (why)
        return why;
    node_t *src = rw->pred->src;
    bool eq = is_op_expr(src, "=");
    if (!eq && !is_op_expr(src, "<>"))
        return "predicate is not = or <> NULL";
    node_t *l = src->a_expr->lexpr, *r = src->a_expr->rexpr;
    if (is_null_literal(l) == is_null_literal(r))
        return "no NULL literal on exactly one side";
    *src = *pgt_null_test(c->a, is_null_literal(r) ? l : r, eq);
    return NULL;
}

/* ---- RW_LATERAL ------------------------------------------------------------- */

/* The name of the lateral subquery's column: the outer alias, else the inner
 * target's name as PostgreSQL would choose it (alias, column, function), else
 * "value". */
static const char *lateral_column(const PgQuery__ResTarget *outer, const PgQuery__ResTarget *in)
{
    if (nonempty(outer->name))
        return outer->name;
    if (nonempty(in->name))
        return in->name;
    if (IS(in->val, COLUMN_REF) && column_name(in->val))
        return column_name(in->val);
    if (IS(in->val, FUNC_CALL))
        return pgt_last_name(in->val->func_call->funcname, in->val->func_call->n_funcname);
    return "value";
}

static bool label_used(const qm_stmt_t *st, const char *label)
{
    for (int k = 0; k < st->nblocks; k++)
        for (int i = 0; i < st->blocks[k]->nrels; i++)
            if (st->blocks[k]->rels[i].label && !strcmp(st->blocks[k]->rels[i].label, label))
                return true;
    return false;
}

/* lat1, lat2, …: the next alias not yet used in the statement. */
static const char *lateral_alias(rw_ctx_t *c, const qm_stmt_t *st)
{
    int *next = &c->laterals[st->index - 1];
    for (;;) {
        const char *name = arena_printf(c->a, "lat%d", ++*next);
        if (!label_used(st, name))
            return name;
    }
}

/* Why the select list entry cannot move into a lateral join, NULL when it can. */
static const char *lateral_shape(const qm_block_t *b, const PgQuery__SelectStmt *s, int target)
{
    if (!s || s->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
        return "block is not a simple SELECT";
    if (target < 0 || (size_t)target >= s->n_target_list)
        return "no such select-list entry";
    if (s->n_from_clause != 1)
        return "FROM does not have exactly one item";
    if (s->n_group_clause || s->having_clause || b->has_aggregate)
        return "query is aggregated";
    node_t *v = s->target_list[target]->res_target->val;
    if (!IS(v, SUB_LINK) || v->sub_link->sub_link_type != PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK)
        return "select-list entry is not a scalar subquery";
    const PgQuery__SelectStmt *in = select_of(v->sub_link->subselect);
    if (!in || in->op != PG_QUERY__SET_OPERATION__SETOP_NONE || in->n_target_list != 1)
        return "subquery is not a one-column SELECT";
    const node_t *iv = in->target_list[0]->res_target->val;
    if (IS(iv, COLUMN_REF) && !column_name(iv))
        return "subquery returns *";
    return NULL;
}

/* (SELECT … correlated …) AS name  →  latN.name, with
 * FROM x LEFT JOIN LATERAL (SELECT … AS name …) latN ON true. */
static const char *apply_lateral(rw_ctx_t *c, rewrite_t *rw)
{
    qm_stmt_t *st = stmt_at(c, rw->statement);
    if (!st || rw->block < 0 || rw->block >= st->nblocks)
        return "no such statement or block";
    if (c->removed[st->index - 1])
        return "statement was removed by a batching rewrite";
    qm_block_t *b = st->blocks[rw->block];
    PgQuery__SelectStmt *s = block_select(b);
    const char *why = lateral_shape(b, s, rw->target);
    if (why)
        return why;
    PgQuery__ResTarget *rt = s->target_list[rw->target]->res_target;
    PgQuery__SubLink *sl = rt->val->sub_link;
    PgQuery__ResTarget *in = select_of(sl->subselect)->target_list[0]->res_target;
    const char *name = arena_strdup(c->a, lateral_column(rt, in));
    const char *alias = lateral_alias(c, st);
    in->name = (char *)name;
    PgQuery__RangeSubselect *rs = arena_alloc(c->a, sizeof(*rs));
    pg_query__range_subselect__init(rs);
    rs->lateral = true;
    rs->subquery = sl->subselect;
    rs->alias = make_alias(c->a, alias);
    node_t *lateral = pgt_node(c->a, NODE(RANGE_SUBSELECT), rs);
    s->from_clause[0] = left_join(c->a, s->from_clause[0], lateral, const_bool(c->a, true));
    rt->val = pgt_colref(c->a, alias, name);
    rt->name = NULL; /* latN.name already carries the name */
    return NULL;
}

/* ---- RW_BATCH --------------------------------------------------------------- */

/* One repeated child query `SELECT … FROM child_table WHERE child_column = k …`. */
typedef struct {
    PgQuery__RawStmt *raw;
    PgQuery__SelectStmt *s;
    size_t key;        /* index of the key conjunct in the WHERE's conjuncts */
    node_t *key_col;   /* child_column as written */
    node_t *key_value; /* the constant or parameter */
} child_t;

static bool is_key_value(const node_t *n)
{
    return is_literal(n) || IS(n, PARAM_REF);
}

/* True when n is `child_column = value` (either way round) on the child table. */
static bool key_conjunct(const rewrite_t *rw, node_t *n, child_t *ch)
{
    if (!is_op_expr(n, "="))
        return false;
    node_t *col = n->a_expr->lexpr, *val = n->a_expr->rexpr;
    if (!IS(col, COLUMN_REF)) {
        col = n->a_expr->rexpr;
        val = n->a_expr->lexpr;
    }
    const char *name = column_name(col), *q = column_qualifier(col);
    const char *label = from_label(ch->s->from_clause[0]);
    if (!name || strcmp(name, rw->child_column) || !is_key_value(val) ||
        (q && (!label || strcmp(q, label))))
        return false;
    ch->key_col = col;
    ch->key_value = val;
    return true;
}

/* Reads child statement index into ch, or says why it is not a child query. */
static const char *read_child(rw_ctx_t *c, const rewrite_t *rw, int index, child_t *ch)
{
    qm_stmt_t *st = stmt_at(c, index);
    if (!st || c->removed[index - 1] || index == rw->parent_stmt)
        return "child statement missing or already rewritten";
    ch->raw = st->src;
    ch->s = select_of(ch->raw->stmt);
    const PgQuery__SelectStmt *s = ch->s;
    if (!s || s->op != PG_QUERY__SET_OPERATION__SETOP_NONE || s->n_from_clause != 1 ||
        !IS(s->from_clause[0], RANGE_VAR) ||
        strcmp(s->from_clause[0]->range_var->relname, rw->child_table))
        return "child is not a SELECT from the child table alone";
    if (s->limit_count || s->limit_offset || s->n_group_clause || s->having_clause ||
        s->n_distinct_clause || s->with_clause || s->n_locking_clause)
        return "child has LIMIT, GROUP BY, DISTINCT, WITH or locking";
    for (size_t i = 0; i < s->n_target_list; i++)
        if (pgt_has_aggregate(s->target_list[i]->res_target->val))
            return "child aggregates";
    size_t n;
    node_t **args = conjuncts(&ch->s->where_clause, &n);
    for (ch->key = 0; ch->key < n; ch->key++)
        if (key_conjunct(rw, args[ch->key], ch))
            return NULL;
    return "child has no `key = constant` condition";
}

/* Reads every child; children[0] of the result is the first in batch order. */
static const char *read_children(rw_ctx_t *c, const rewrite_t *rw, child_t *out)
{
    if (!rw->children || rw->nchildren < 1 || !rw->child_table || !rw->child_column)
        return "no child statements given";
    int first = 0;
    for (int i = 0; i < rw->nchildren; i++) {
        for (int k = 0; k < i; k++)
            if (rw->children[k] == rw->children[i])
                return "a child statement is listed twice";
        const char *why = read_child(c, rw, rw->children[i], &out[i]);
        if (why)
            return why;
        if (rw->children[i] < rw->children[first])
            first = i;
    }
    child_t t = out[0];
    out[0] = out[first];
    out[first] = t;
    return NULL;
}

static void remove_children(rw_ctx_t *c, const rewrite_t *rw, int keep)
{
    for (int i = 0; i < rw->nchildren; i++)
        if (rw->children[i] != keep)
            c->removed[rw->children[i] - 1] = true;
}

static bool selects_column(const PgQuery__SelectStmt *s, const char *column)
{
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        if (IS(rt->val, COLUMN_REF) && !column_name(rt->val))
            return true; /* * or t.* */
        const char *out = nonempty(rt->name) ? rt->name : column_name(rt->val);
        if (out && !strcmp(out, column))
            return true;
    }
    return false;
}

/* No parent: the first child becomes `… WHERE child_column = ANY($N)`, and also
 * returns child_column (added when missing) so rows can be told apart; the other
 * children go. */
static const char *batch_any(rw_ctx_t *c, rewrite_t *rw, child_t *ch)
{
    PgQuery__SelectStmt *s = ch->s;
    int n = IS(ch->key_value, PARAM_REF) ? ch->key_value->param_ref->number
                                         : max_param(ch->raw) + 1;
    size_t nargs;
    node_t **args = conjuncts(&s->where_clause, &nargs);
    node_t *any = pgt_op(c->a, "=", ch->key_col, param_ref(c->a, n));
    any->a_expr->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
    args[ch->key] = any;
    if (!selects_column(s, rw->child_column)) {
        node_t *col = pgt_copy(c->a, ch->key_col);
        append_target(c->a, s, res_target(c->a, NULL, col));
    }
    int keep = 0;
    for (int i = 0; i < c->batch->nstmts; i++)
        if (c->batch->stmts[i].src == ch->raw)
            keep = i + 1;
    remove_children(c, rw, keep);
    return NULL;
}

/* Why the parent cannot absorb its children, NULL when it can. */
static const char *parent_shape(const rewrite_t *rw, const PgQuery__SelectStmt *p,
                                const child_t *ch)
{
    if (!p || p->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
        return "parent is not a simple SELECT";
    if (p->n_from_clause != 1 || !IS(p->from_clause[0], RANGE_VAR))
        return "parent does not read a single table";
    if (p->n_group_clause || p->having_clause || p->n_distinct_clause || p->n_window_clause ||
        p->n_locking_clause)
        return "parent has GROUP BY, DISTINCT, WINDOW or locking";
    for (size_t i = 0; i < p->n_target_list; i++)
        if (pgt_has_aggregate(p->target_list[i]->res_target->val))
            return "parent aggregates";
    if (!strcmp(from_label(p->from_clause[0]), from_label(ch->s->from_clause[0])))
        return "child and parent have the same name";
    if (!rw->parent_key)
        return "no parent key given";
    return NULL;
}

/* The child's ORDER BY as the aggregate's, qualified; NULL with *why when a key
 * is an output alias of the child (meaningless inside json_agg). */
static node_t **child_order(rw_ctx_t *c, const child_t *ch, const char **why)
{
    PgQuery__SelectStmt *s = ch->s;
    qualify_t q = {.a = c->a, .label = from_label(s->from_clause[0])};
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        const node_t *key = s->sort_clause[i]->sort_by->node;
        const char *name = IS(key, COLUMN_REF) && key->column_ref->n_fields == 1
                               ? column_name(key) : NULL;
        q.skip = s->target_list;
        q.nskip = s->n_target_list;
        if ((name && is_output_name(&q, name)) || IS(key, A_CONST)) {
            *why = "child orders by an output name or position";
            return NULL;
        }
    }
    q.nskip = 0;
    for (size_t i = 0; i < s->n_sort_clause; i++)
        qualify(&q, &s->sort_clause[i]);
    return s->sort_clause;
}

/* COALESCE(json_agg(child.*) FILTER (WHERE child.col IS NOT NULL), '[]') AS
 * child_table, child being the child's label (alias or table); NULL if it cannot
 * be built. */
static node_t *child_json(rw_ctx_t *c, const rewrite_t *rw, const child_t *ch)
{
    const char *t = pgt_quote_ident(c->a, from_label(ch->s->from_clause[0]));
    node_t *e = pgt_parse_expr(c->a, arena_printf(c->a,
        "SELECT COALESCE(json_agg(%s.*) FILTER (WHERE %s.%s IS NOT NULL), '[]')", t, t,
        pgt_quote_ident(c->a, rw->child_column)));
    return e ? res_target(c->a, rw->child_table, e) : NULL;
}

/* Sorts the aggregate in json (from child_json) by order (n keys). */
static void order_json(node_t *json, node_t **order, size_t n)
{
    PgQuery__FuncCall *agg = json->res_target->val->coalesce_expr->args[0]->func_call;
    agg->agg_order = order;
    agg->n_agg_order = n;
}

/* The join condition: the key, then the child's other conditions, qualified. */
static node_t *child_quals(rw_ctx_t *c, const rewrite_t *rw, const child_t *ch,
                           const char *parent)
{
    const char *label = from_label(ch->s->from_clause[0]);
    node_t *quals = pgt_op(c->a, "=", pgt_colref(c->a, label, rw->child_column),
                           pgt_colref(c->a, parent, rw->parent_key));
    size_t n;
    node_t **args = conjuncts(&ch->s->where_clause, &n);
    qualify_t q = {.a = c->a, .label = label};
    for (size_t i = 0; i < n; i++) {
        if (i == ch->key)
            continue;
        qualify(&q, &args[i]);
        and_into(c->a, &quals, args[i]);
    }
    return quals;
}

/* Qualifies the parent's columns with its label: after the join, unqualified
 * names could also match the child's columns. */
static void qualify_parent(rw_ctx_t *c, PgQuery__SelectStmt *p, const char *label)
{
    qualify_t q = {.a = c->a, .label = label};
    for (size_t i = 0; i < p->n_target_list; i++)
        qualify(&q, &p->target_list[i]->res_target->val);
    qualify(&q, &p->where_clause);
    q.skip = p->target_list;
    q.nskip = p->n_target_list;
    for (size_t i = 0; i < p->n_sort_clause; i++)
        qualify(&q, &p->sort_clause[i]);
}

/* The parent SELECT gains the children as a JSON array per parent row. */
static const char *batch_parent(rw_ctx_t *c, rewrite_t *rw, child_t *ch)
{
    qm_stmt_t *st = stmt_at(c, rw->parent_stmt);
    if (!st || c->removed[st->index - 1])
        return "parent statement missing or already rewritten";
    PgQuery__SelectStmt *p = select_of(((PgQuery__RawStmt *)st->src)->stmt);
    const char *why = parent_shape(rw, p, ch);
    if (why)
        return why;
    node_t *json = child_json(c, rw, ch);
    if (!json)
        return "could not build the JSON aggregate";
    if (ch->s->n_sort_clause) {
        node_t **order = child_order(c, ch, &why);
        if (!order)
            return why;
        order_json(json, order, ch->s->n_sort_clause);
    }
    const char *label = from_label(p->from_clause[0]);
    qualify_parent(c, p, label);
    append_target(c->a, p, json);
    p->from_clause[0] = left_join(c->a, p->from_clause[0], ch->s->from_clause[0],
                                  child_quals(c, rw, ch, label));
    p->group_clause = arena_alloc(c->a, sizeof(node_t *));
    p->group_clause[0] = pgt_colref(c->a, label, rw->parent_key);
    p->n_group_clause = 1;
    remove_children(c, rw, 0);
    return NULL;
}

/* N+1: repeated child queries folded into the parent, or into one `= ANY($n)`. */
static const char *apply_batch(rw_ctx_t *c, rewrite_t *rw)
{
    child_t *ch = arena_calloc(c->a, rw->nchildren > 0 ? (size_t)rw->nchildren : 1,
                               sizeof(child_t));
    const char *why = read_children(c, rw, ch);
    if (why)
        return why;
    return rw->parent_stmt > 0 ? batch_parent(c, rw, ch) : batch_any(c, rw, ch);
}

/* ---- driver ----------------------------------------------------------------- */

static const apply_fn appliers[] = {
    [RW_RANGE] = apply_range,
    [RW_SHIFT] = apply_shift,
    [RW_NOT_EXISTS] = apply_not_exists,
    [RW_EXISTS] = apply_exists,
    [RW_HAVING_TO_WHERE] = apply_having,
    [RW_LIKE_TO_EQ] = apply_like,
    [RW_IS_NULL] = apply_is_null,
    [RW_LATERAL] = apply_lateral,
    [RW_BATCH] = apply_batch,
};

/* Drops the statements RW_BATCH removed, keeping the others' order. */
static void compact(rw_ctx_t *c)
{
    PgQuery__ParseResult *pr = c->batch->src;
    size_t n = 0;
    for (size_t i = 0; i < pr->n_stmts; i++) {
        bool gone = false;
        for (int k = 0; k < c->batch->nstmts; k++)
            gone |= c->removed[k] && c->batch->stmts[k].src == pr->stmts[i];
        if (!gone)
            pr->stmts[n++] = pr->stmts[i];
    }
    pr->n_stmts = n;
}

int pg_rewrite(arena_t *a, qm_batch_t *batch, rewrite_t *rw, int n, const char **sql,
               err_t *err)
{
    size_t nst = batch->nstmts > 0 ? (size_t)batch->nstmts : 1;
    rw_ctx_t c = {.a = a, .batch = batch, .removed = arena_calloc(a, nst, sizeof(bool)),
                  .laterals = arena_calloc(a, nst, sizeof(int))};
    for (int i = 0; i < n; i++) {
        rewrite_kind_t k = rw[i].kind;
        bool known = (size_t)k < sizeof(appliers) / sizeof(appliers[0]) && appliers[k];
        rw[i].note = known ? appliers[k](&c, &rw[i]) : "unknown rewrite kind";
        rw[i].applied = rw[i].note == NULL;
    }
    compact(&c);
    bool changed = false;
    for (int i = 0; i < n; i++)
        changed |= rw[i].applied;
    if (!changed && batch->engine_data) /* the parser's bytes: no second packing */
        return pgt_deparse_packed(a, batch->engine_data, sql, err);
    return pgt_deparse(a, batch->src, sql, err);
}
