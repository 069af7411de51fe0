/* index.c — deriving, de-duplicating and checking index candidates. */
#include "advise/index.h"

#include <string.h>

#include "base/sb.h"
#include "model/bind.h"
#include "model/indexdef.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

typedef struct {
    arena_t *a;
    report_t *r;
    qm_batch_t *batch;
    const catalog_t *cat;
    const engine_t *eng;
    const rewrite_t *rw;
    int nrw;
    index_result_t *out;
    bool plan_evidence;
} advisor_t;

/* A candidate before it is checked against existing indexes. */
typedef struct {
    indexdef_t def;
    int neq;                 /* leading keys that are equalities (any order) */
    bool tail_is_sort;
    const char *reason;
    bool emit_missing;       /* a missing-index finding (other kinds have their own rule) */
} candidate_t;

/* ---- reading the block ------------------------------------------------------ */

static const rewrite_t *applied_rewrite(advisor_t *A, const qm_pred_t *p)
{
    for (int i = 0; i < A->nrw; i++)
        if (A->rw[i].pred == p && A->rw[i].applied)
            return &A->rw[i];
    return NULL;
}

/* A cast to the column's own type, which the planner drops (user_id::bigint). */
static bool noop_wrap(advisor_t *A, const qm_stmt_t *st, const qm_pred_t *p)
{
    if (p->wrap.kind != QW_CAST || !p->wrap.name)
        return false;
    const cat_column_t *c = qm_colref_column(st, A->cat, &p->col);
    return c && !strcmp(catalog_canonical_type(A->a, p->wrap.name), c->type);
}

static bool on_rel(const qm_colref_t *c, int block, int rel)
{
    return c->block == block && c->rel == rel && c->column;
}

static bool is_eq_op(const char *op)
{
    return !strcmp(op, "=") || !strcmp(op, "IN") || !strcmp(op, "=ANY") || !strcmp(op, "IS NULL");
}

static bool is_prefix_like(const qm_pred_t *p)
{
    return !strcmp(p->op, "~~") && p->value_kind == QV_CONST && p->literal_kind == QL_STRING &&
           p->value_text[0] && !strchr("%_", p->value_text[0]) && strpbrk(p->value_text, "%_");
}

static bool has_key(const indexdef_t *d, const char *column)
{
    for (int i = 0; i < d->nkeys; i++)
        if (d->keys[i].column && !strcmp(d->keys[i].column, column))
            return true;
    return false;
}

static void add_key(indexdef_t *d, const char *column, bool desc, const char *opclass)
{
    if (d->nkeys < 8 && !has_key(d, column))
        d->keys[d->nkeys++] = (indexdef_key_t){.column = column, .desc = desc, .opclass = opclass};
}

static const cat_column_t *column_of(advisor_t *A, const qm_rel_t *rel, const char *name)
{
    return catalog_column(qm_rel_table(A->cat, rel), name);
}

static const char *literal_sql(advisor_t *A, const qm_pred_t *p)
{
    if (p->literal_kind == QL_STRING)
        return arena_printf(A->a, "'%s'", p->value_text);
    return p->value_text;
}

/* ---- existing indexes ------------------------------------------------------- */

static bool str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool key_matches(const cat_index_key_t *k, const indexdef_key_t *want)
{
    if (want->column)
        return k->column && !strcmp(k->column, want->column) && str_eq(k->opclass, want->opclass);
    return k->expr && want->expr && !strcmp(k->expr, want->expr) &&
           str_eq(k->opclass, want->opclass);
}

/* Does ix serve the candidate: its leading keys are the equality set (any
 * order), then the tail keys in order, with one sort direction or its reverse. */
static bool index_serves(const cat_index_t *ix, const candidate_t *c, bool strict_predicate)
{
    const indexdef_t *d = &c->def;
    if (!ix->valid || strcmp(ix->method, d->method) || ix->nkeys < d->nkeys)
        return false;
    if ((ix->predicate || strict_predicate) && !str_eq(ix->predicate, d->where))
        return false;
    for (int i = 0; i < c->neq; i++) {
        bool found = false;
        for (int k = 0; k < c->neq && !found; k++)
            found = key_matches(&ix->keys[k], &d->keys[i]);
        if (!found)
            return false;
    }
    int flips = 0, same = 0;
    for (int i = c->neq; i < d->nkeys; i++) {
        if (!key_matches(&ix->keys[i], &d->keys[i]))
            return false;
        if (ix->keys[i].desc == d->keys[i].desc)
            same++;
        else
            flips++;
    }
    return !(c->tail_is_sort && flips && same); /* a backward scan reverses every key */
}

/* An existing index that serves the candidate, or NULL. */
static const cat_index_t *serving_index(const cat_table_t *t, const candidate_t *c, bool strict)
{
    for (int i = 0; t && i < t->nindexes; i++)
        if (index_serves(t->indexes[i], c, strict))
            return t->indexes[i];
    return NULL;
}

static const cat_index_t *serving_prefix(const cat_table_t *t, const candidate_t *c)
{
    if (c->neq == 0 || c->neq == c->def.nkeys)
        return NULL;
    candidate_t eq_only = *c;
    eq_only.def.nkeys = c->neq;
    eq_only.def.where = NULL;
    return serving_index(t, &eq_only, false);
}

/* ---- candidates -------------------------------------------------------------- */

typedef struct {
    advisor_t *A;
    const qm_stmt_t *st;
    const qm_block_t *b;
    int rel;
    const qm_rel_t *r;
    sb_t conds;
    int nconds;
    bool join_keys; /* the relation has no filter of its own: it is the inner side */
} relctx_t;

static void note_cond(relctx_t *R, const char *text)
{
    sb_addf(&R->conds, "%s%s", R->nconds++ ? ", " : "", text);
}

static const char *pred_sql(relctx_t *R, const qm_pred_t *p, const char *column)
{
    advisor_t *A = R->A;
    switch (p->value_kind) {
    case QV_CONST: return arena_printf(A->a, "%s %s %s", column, p->op, literal_sql(A, p));
    case QV_PARAM: return arena_printf(A->a, "%s %s %s", column, p->op, p->value_text);
    case QV_COLUMN: {
        char buf[256];
        return arena_printf(A->a, "%s %s %s", column, p->op,
                            qm_colref_text(R->st, &p->value_col, buf, sizeof(buf)));
    }
    case QV_LIST: return arena_printf(A->a, "%s IN (…%d)", column, p->list_len);
    case QV_NULL: return arena_printf(A->a, "%s %s NULL", column, p->op);
    case QV_NONE: return arena_printf(A->a, "%s %s", column, p->op);
    default: return arena_printf(A->a, "%s %s …", column, p->op);
    }
}


/* The block's ORDER BY, when every key is a bare column of this relation. */
static bool sort_keys(relctx_t *R, const char **cols, bool *desc, int *n)
{
    *n = 0;
    if (R->b->norder == 0 || R->b->norder > 4)
        return false;
    for (int i = 0; i < R->b->norder; i++) {
        const qm_order_t *o = &R->b->order[i];
        if (!o->col.column || !on_rel(&o->col, R->b->id, R->rel))
            return false;
        cols[*n] = o->col.column;
        desc[(*n)++] = o->desc;
    }
    return true;
}

/* Which predicate columns go where: keys for equalities, the partial predicate
 * for one constant on a low-cardinality column, one range column. */
typedef struct {
    const char *range, *range_opclass, *partial, *partial_col;
} split_t;

static void place_pred(relctx_t *R, candidate_t *c, split_t *s, const qm_pred_t *p)
{
    advisor_t *A = R->A;
    const rewrite_t *rw = applied_rewrite(A, p);
    const char *col = NULL;
    bool bare = p->wrap.kind == QW_NONE || rw || noop_wrap(A, R->st, p);
    if (p->has_col && on_rel(&p->col, R->b->id, R->rel) && bare && p->value_kind != QV_COLUMN)
        col = p->col.column;
    else if (p->value_kind == QV_COLUMN && !strcmp(p->op, "=") && p->wrap.kind == QW_NONE &&
             R->join_keys) {
        /* A join: only the inner side's column is an index key. */
        if (p->has_col && on_rel(&p->col, R->b->id, R->rel))
            col = p->col.column;
        else if (on_rel(&p->value_col, R->b->id, R->rel))
            col = p->value_col.column;
    }
    if (!col)
        return;
    const cat_column_t *cc = column_of(A, R->r, col);
    if (rw && rw->kind == RW_RANGE) {
        note_cond(R, arena_printf(A->a, "%s >= '%s' AND %s < '%s'", col, rw->lo, col, rw->hi));
        if (!s->range)
            s->range = col;
        return;
    }
    if (rw && rw->kind == RW_SHIFT) {
        note_cond(R, arena_printf(A->a, "%s = %s", col, rw->value));
        add_key(&c->def, col, false, NULL);
        return;
    }
    if (p->value_kind == QV_COLUMN) {
        char buf[256];
        const qm_colref_t *other = col == p->value_col.column ? &p->col : &p->value_col;
        note_cond(R, arena_printf(A->a, "%s = %s", col, qm_colref_text(R->st, other, buf, sizeof(buf))));
        add_key(&c->def, col, false, NULL);
        return;
    }
    note_cond(R, pred_sql(R, p, col));
    if (is_eq_op(p->op) && p->value_kind != QV_NONE && p->value_kind != QV_EXPR &&
        p->value_kind != QV_NULL) {
        if (!strcmp(p->op, "=") && p->value_kind == QV_CONST && !s->partial &&
            catalog_column_low_cardinality(A->cat, cc)) {
            s->partial = arena_printf(A->a, "%s = %s", A->eng->quote_ident(A->a, col),
                                      literal_sql(A, p));
            s->partial_col = col;
            return;
        }
        add_key(&c->def, col, false, NULL);
    } else if (!s->range && (qm_op_is_range(p->op) || is_prefix_like(p))) {
        s->range = col;
        if (is_prefix_like(p) && (!cc || catalog_type_is_text(cc->type)))
            s->range_opclass = cc && !strcmp(cc->type, "varchar") ? "varchar_pattern_ops"
                                                                 : "text_pattern_ops";
    }
}

/* The columns the block needs from this relation, for INCLUDE; false when it
 * needs all of them (a star) or an expression. */
static bool needed_columns(relctx_t *R, const char **cols, int *n, int max)
{
    *n = 0;
    for (int i = 0; i < R->b->ntargets; i++) {
        const qm_target_t *t = &R->b->targets[i];
        if (t->is_star || t->sub_block >= 0 || t->has_aggregate)
            return false;
        if (!t->col.column) {
            if (R->b->nrels == 1)
                return false; /* an expression over this relation's columns */
            continue;
        }
        if (!on_rel(&t->col, R->b->id, R->rel))
            continue;
        bool dup = false;
        for (int k = 0; k < *n; k++)
            dup |= !strcmp(cols[k], t->col.column);
        if (!dup) {
            if (*n == max)
                return false;
            cols[(*n)++] = t->col.column;
        }
    }
    for (int i = 0; i < R->b->npreds; i++) /* columns only an OR arm reads */
        if (R->b->preds[i].in_or && R->b->preds[i].has_col &&
            on_rel(&R->b->preds[i].col, R->b->id, R->rel))
            return false;
    return *n > 0;
}

static void add_include(relctx_t *R, candidate_t *c, split_t *s)
{
    const char *cols[8];
    int n;
    if (R->b->nrels != 1 || !needed_columns(R, cols, &n, 8))
        return;
    for (int i = 0; i < n; i++) {
        if (has_key(&c->def, cols[i]) || (s->partial_col && !strcmp(cols[i], s->partial_col)))
            continue;
        if (c->def.ninclude == 3) { /* a wide INCLUDE costs more than the heap visit */
            c->def.ninclude = 0;
            return;
        }
        c->def.include[c->def.ninclude++] = cols[i];
    }
}

static const char *join_list(arena_t *a, const indexdef_t *d, int from, int to)
{
    sb_t sb;
    sb_init(&sb, a);
    for (int i = from; i < to; i++)
        sb_addf(&sb, "%s%s%s", i > from ? ", " : "", d->keys[i].column,
                d->keys[i].desc ? " DESC" : "");
    return sb_str(&sb);
}

/* Equality → sort (with direction) → range; one btree candidate per relation. */
/* Does the relation have an equality on a constant or parameter of its own? Then
 * it drives the join and its join columns are not index keys. */
static bool has_local_equality(relctx_t *R)
{
    for (int i = 0; i < R->b->npreds; i++) {
        const qm_pred_t *p = &R->b->preds[i];
        if (!p->has_col || !on_rel(&p->col, R->b->id, R->rel) || p->in_or || !is_eq_op(p->op) ||
            (p->value_kind != QV_CONST && p->value_kind != QV_PARAM && p->value_kind != QV_LIST))
            continue;
        /* A constant on a low-cardinality column selects too much to drive a join. */
        const cat_column_t *cc = column_of(R->A, R->r, p->col.column);
        if (!(p->value_kind == QV_CONST && catalog_column_low_cardinality(R->A->cat, cc)))
            return true;
    }
    return false;
}

static bool btree_candidate(relctx_t *R, candidate_t *c)
{
    advisor_t *A = R->A;
    split_t s = {0};
    c->def.method = "btree";
    R->join_keys = !has_local_equality(R);
    for (int i = 0; i < R->b->npreds; i++) {
        const qm_pred_t *p = &R->b->preds[i];
        if (!p->in_or && !p->under_not && (p->clause == QC_WHERE || p->clause == QC_JOIN))
            place_pred(R, c, &s, p);
    }
    c->neq = c->def.nkeys;
    const char *scols[4];
    bool sdesc[4];
    int ns = 0;
    bool sorted = sort_keys(R, scols, sdesc, &ns) && R->b->nrels == 1;
    /* With a LIMIT the sort key pays more than the range; without, the range. */
    bool prefer_sort = sorted && (R->b->limit_kind != QLIM_NONE || !s.range ||
                                  !strcmp(s.range, scols[0]));
    if (prefer_sort) {
        for (int i = 0; i < ns; i++)
            add_key(&c->def, scols[i], sdesc[i], NULL);
        c->tail_is_sort = true;
    } else if (s.range) {
        add_key(&c->def, s.range, false, s.range_opclass);
    }
    /* A constant on a low-cardinality column alone gets no index: it pays off only
     * for rare values, which the model cannot know without evidence. A plan that
     * shows the filter discarding most rows is that evidence. */
    if (c->def.nkeys == 0 && s.partial_col && A->plan_evidence) {
        add_key(&c->def, s.partial_col, false, NULL);
        c->neq = 1;
        s.partial = NULL;
    }
    if (c->def.nkeys == 0)
        return false;
    c->def.where = s.partial;
    add_include(R, c, &s);
    sb_t why;
    sb_init(&why, A->a);
    if (c->neq)
        sb_addf(&why, "equality on %s", join_list(A->a, &c->def, 0, c->neq));
    if (c->def.nkeys > c->neq)
        sb_addf(&why, "%s%s on %s", c->neq ? "; " : "", c->tail_is_sort ? "sort" : "range",
                join_list(A->a, &c->def, c->neq, c->def.nkeys));
    if (s.partial)
        sb_addf(&why, "; partial for %s (few distinct values)", s.partial);
    if (c->def.ninclude)
        sb_add(&why, "; INCLUDE makes it index-only");
    if (R->b->limit_kind == QLIM_CONST && c->tail_is_sort)
        sb_addf(&why, "; LIMIT %lld stops the scan early", R->b->limit);
    c->reason = sb_str(&why);
    c->emit_missing = true;
    return true;
}

/* GIN and expression candidates: one per qualifying predicate. */
static bool special_candidate(relctx_t *R, const qm_pred_t *p, candidate_t *c)
{
    advisor_t *A = R->A;
    if (!p->has_col || !on_rel(&p->col, R->b->id, R->rel) || p->in_or ||
        (p->clause != QC_WHERE && p->clause != QC_JOIN))
        return false;
    indexdef_t *d = &c->def;
    const cat_column_t *cc = column_of(A, R->r, p->col.column);
    bool like = !strncmp(p->op, "~~", 2) && p->value_kind == QV_CONST &&
                p->literal_kind == QL_STRING && strchr("%_", p->value_text[0]);
    if (like && p->wrap.kind == QW_NONE) {
        *d = (indexdef_t){.method = "gin", .nkeys = 1, .suffix = "trgm",
                          .needs_trgm = !catalog_has_extension(A->cat, "pg_trgm")};
        d->keys[0] = (indexdef_key_t){.column = p->col.column, .opclass = "gin_trgm_ops"};
        c->reason = arena_printf(A->a, "%s %s '%s': trigram GIN serves leading wildcards",
                                 p->col.column, p->op[2] == '*' ? "ILIKE" : "LIKE", p->value_text);
        return true;
    }
    if (!strcmp(p->op, "@>") && p->wrap.kind == QW_NONE &&
        (!cc || !strcmp(cc->type, "jsonb"))) {
        *d = (indexdef_t){.method = "gin", .nkeys = 1};
        d->keys[0] = (indexdef_key_t){.column = p->col.column, .opclass = "jsonb_path_ops"};
        c->reason = arena_printf(A->a, "%s @> …: jsonb_path_ops GIN serves containment",
                                 p->col.column);
        c->emit_missing = true;
        return true;
    }
    if (!strcmp(p->op, "@@") && p->wrap.kind == QW_FUNC && p->wrap.name &&
        !strcmp(p->wrap.name, "to_tsvector") && p->wrap.index_text) {
        *d = (indexdef_t){.method = "gin", .nkeys = 1};
        d->keys[0].expr = p->wrap.index_text;
        c->reason = arena_printf(A->a, "%s @@ …: GIN on the tsvector expression serves full-text "
                                       "search", p->wrap.expr_text);
        c->emit_missing = true;
        return true;
    }
    if (p->wrap.kind != QW_NONE && p->wrap.expr_text && !applied_rewrite(A, p) &&
        !noop_wrap(A, R->st, p) &&
        (is_eq_op(p->op) || qm_op_is_range(p->op)) && p->value_kind != QV_COLUMN) {
        *d = (indexdef_t){.method = "btree", .nkeys = 1};
        d->keys[0].expr = p->wrap.index_text;
        c->neq = 1;
        c->reason = arena_printf(A->a, "%s %s …: an expression index matches the predicate as "
                                       "written", p->wrap.expr_text, p->op);
        return true;
    }
    return false;
}

/* ---- emitting ------------------------------------------------------------------ */

static index_advice_t *find_advice(report_t *r, const char *name)
{
    for (int i = 0; i < r->nindexes; i++)
        if (!strcmp(r->indexes[i]->name, name))
            return r->indexes[i];
    return NULL;
}

static void add_statement(index_advice_t *ix, int statement)
{
    for (int i = 0; i < ix->nstatements; i++)
        if (ix->statements[i] == statement)
            return;
    if (ix->nstatements < 16)
        ix->statements[ix->nstatements++] = statement;
}

static const index_advice_t *emit(relctx_t *R, candidate_t *c, const cat_index_t **served)
{
    advisor_t *A = R->A;
    const cat_table_t *t = qm_rel_table(A->cat, R->r);
    c->def.table = R->r->name;
    c->def.schema = R->r->schema;
    *served = serving_index(t, c, A->plan_evidence);
    if (*served)
        return NULL;
    const cat_index_t *prefix = serving_prefix(t, c);
    index_advice_t *ix = find_advice(A->r, indexdef_name(A->a, &c->def));
    if (!ix) {
        ix = indexdef_advice(A->a, A->eng->quote_ident, &c->def);
        ix->reason = prefix ? arena_printf(A->a, "%s (supersedes %s for this query)", c->reason,
                                           prefix->name)
                            : c->reason;
        report_add_index(A->r, ix);
    }
    add_statement(ix, R->st->index);
    if (c->emit_missing) {
        finding_t *f = report_add_finding(
            A->r, "missing-index", SEV_WARNING, R->r->loc,
            "no index serves %s on %s%s%s; the planner reads the table", R->conds.len ? sb_str(&R->conds) : c->reason,
            R->r->name, c->tail_is_sort ? " ordered by " : "",
            c->tail_is_sort ? join_list(A->a, &c->def, c->neq, c->def.nkeys) : "");
        f->fix = ix->ddl;
        finding_evidence(f, A->a, "table", R->r->name);
        finding_evidence(f, A->a, "index", ix->name);
        finding_evidence(f, A->a, "reason", c->reason);
        f->rank = 10;
    }
    return ix;
}

static bool table_worth_indexing(advisor_t *A, const qm_rel_t *r)
{
    if (!r->name || r->is_cte)
        return false;
    const cat_table_t *t = qm_rel_table(A->cat, r);
    if (A->cat->loaded && !t)
        return false; /* not a table we know: a view, or another schema's */
    return !t || t->rows < 0 || t->rows >= 10000;
}

static void advise_rel(advisor_t *A, const qm_stmt_t *st, const qm_block_t *b, int rel)
{
    relctx_t R = {.A = A, .st = st, .b = b, .rel = rel, .r = &b->rels[rel]};
    sb_init(&R.conds, A->a);
    if (!table_worth_indexing(A, R.r))
        return;
    access_path_t path = {.statement = st->index, .table = R.r->name, .label = R.r->label,
                          .limit = b->limit_kind == QLIM_CONST ? b->limit : -1};
    candidate_t c = {0};
    const cat_index_t *served = NULL;
    if (btree_candidate(&R, &c)) {
        path.advised = emit(&R, &c, &served);
        path.existing = served ? served->name : NULL;
        path.sort_served_existing = served && c.tail_is_sort;
        path.sort_served_advised = path.advised && c.tail_is_sort;
    }
    const char *scols[4];
    bool sdesc[4];
    int ns;
    if (sort_keys(&R, scols, sdesc, &ns)) {
        indexdef_t sd = {0};
        for (int i = 0; i < ns; i++)
            add_key(&sd, scols[i], sdesc[i], NULL);
        path.sort = join_list(A->a, &sd, 0, sd.nkeys);
    }
    for (int i = 0; i < b->npreds; i++) {
        candidate_t sc = {0};
        const cat_index_t *sserved = NULL;
        const qm_pred_t *p = &b->preds[i];
        if (!special_candidate(&R, p, &sc))
            continue;
        note_cond(&R, pred_sql(&R, p, p->wrap.expr_text ? p->wrap.expr_text : p->col.column));
        const index_advice_t *ix = emit(&R, &sc, &sserved);
        if (!path.advised && ix)
            path.advised = ix;
        if (!path.existing && sserved)
            path.existing = sserved->name;
    }
    path.conditions = sb_str(&R.conds);
    ARENA_PUSH(A->a, A->out->paths, A->out->npaths, A->out->paths_cap, path);
}

void advise_indexes(arena_t *a, report_t *r, qm_batch_t *batch, const catalog_t *cat,
                    const engine_t *eng, const rewrite_t *rewrites, int nrewrites,
                    const advise_opts_t *opts, index_result_t *out)
{
    advisor_t A = {a, r, batch, cat, eng, rewrites, nrewrites, out,
                   opts && opts->plan_evidence};
    for (int s = 0; s < batch->nstmts; s++) {
        const qm_stmt_t *st = &batch->stmts[s];
        if (st->kind == QM_UTILITY || st->kind == QM_INSERT)
            continue;
        for (int b = 0; b < st->nblocks; b++)
            for (int rel = 0; rel < st->blocks[b]->nrels; rel++)
                advise_rel(&A, st, st->blocks[b], rel);
    }
}
