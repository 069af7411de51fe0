/* digest_index.c — one index plan for the whole workload.
 *
 * The top shapes by total time go through the optimize engine's advisor
 * together (one batch of their slowest examples), so one index that several
 * shapes want is one candidate. Candidates whose keys are a prefix of another
 * candidate's on the same table are folded into it (the longer index serves
 * both). Each candidate's benefit is the time of the shapes it serves —
 * offline an upper bound, with --db and HypoPG the planner's cost reduction per
 * shape weighted by that shape's time — and indexes are chosen greedily by
 * benefit per byte under --budget-mb, a shape's time counting only for the
 * first chosen index that serves it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "advise/index.h"
#include "model/bind.h"
#include "base/sb.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

enum { MAX_SERVED = 64 };

typedef struct {
    index_advice_t *ix;
    int shapes[MAX_SERVED]; int nshapes;   /* indexes into workload->queries */
    double gain[MAX_SERVED];               /* fraction of each shape's time saved */
    long long size_bytes;                  /* estimate, -1 unknown */
    bool dropped, chosen;
} cand_t;

typedef struct {
    arena_t *a;
    const engine_t *eng;
    const workload_t *w;
    int *shape_of;                         /* batch statement (0-based) → query index */
    qm_batch_t *batch;
    cand_t *c; int nc;
    bool timed;                            /* the workload has durations */
} plan_t_;

/* The examples of the shapes worth advising on, as one batch. */
static int build_batch(plan_t_ *P, const digest_opts_t *o, const wl_result_t *res)
{
    sb_t text;
    sb_init(&text, P->a);
    P->shape_of = arena_calloc(P->a, (size_t)P->w->nqueries + 1, sizeof(int));
    int n = 0;
    for (int i = 0; i < P->w->nqueries && n < o->top; i++) {
        const wl_query_t *q = &P->w->queries[i];
        qm_batch_t *one;
        err_t err;
        if (res->dialects[i] != WL_DIALECT_PG || !q->example ||
            P->eng->parse(P->a, q->example, &one, &err) < 0 || one->nstmts != 1 ||
            one->stmts[0].kind == QM_UTILITY || one->stmts[0].kind == QM_INSERT)
            continue;
        sb_addf(&text, "%s;\n", q->example);
        P->shape_of[n++] = i;
    }
    if (!n)
        return 0;
    err_t err;
    if (P->eng->parse(P->a, sb_str(&text), &P->batch, &err) < 0 || P->batch->nstmts != n)
        return 0;
    return n;
}

static void add_shape(cand_t *c, int shape)
{
    for (int i = 0; i < c->nshapes; i++)
        if (c->shapes[i] == shape)
            return;
    if (c->nshapes < MAX_SERVED) {
        c->gain[c->nshapes] = 1.0;
        c->shapes[c->nshapes++] = shape;
    }
}

static bool is_prefix_of(const index_advice_t *x, const index_advice_t *y)
{
    if (strcmp(x->table, y->table) || strcmp(x->type ? x->type : "btree", "btree") ||
        strcmp(y->type ? y->type : "btree", "btree") || x->where || y->where || x->ninclude ||
        x->ncolumns > y->ncolumns || x == y)
        return false;
    for (int i = 0; i < x->ncolumns; i++)
        if (strcmp(x->columns[i], y->columns[i]))
            return false;
    return true;
}

/* A shorter btree on the same leading keys is served by the longer one. */
static void fold_prefixes(plan_t_ *P)
{
    for (int i = 0; i < P->nc; i++)
        for (int k = 0; k < P->nc && !P->c[i].dropped; k++) {
            if (k == i || P->c[k].dropped || !is_prefix_of(P->c[i].ix, P->c[k].ix))
                continue;
            if (P->c[i].ix->ncolumns == P->c[k].ix->ncolumns && i < k)
                continue; /* equal keys: keep the first */
            for (int s = 0; s < P->c[i].nshapes; s++)
                add_shape(&P->c[k], P->c[i].shapes[s]);
            P->c[i].dropped = true;
            P->c[k].ix->reason = arena_printf(P->a, "%s; also serves what %s would", P->c[k].ix->reason,
                                              P->c[i].ix->name);
        }
}

/* Rows × (keys + tuple overhead) / fill factor, from the catalog's statistics. */
static long long estimate_size(const catalog_t *cat, const index_advice_t *ix)
{
    const cat_table_t *t = cat ? catalog_table(cat, NULL, ix->table) : NULL;
    if (!t || t->rows < 0)
        return -1;
    double width = 0;
    for (int i = 0; i < ix->ncolumns; i++) {
        const cat_column_t *col = catalog_column(t, ix->columns[i]);
        width += col && col->stats.present && col->stats.avg_width > 0 ? col->stats.avg_width : 8;
    }
    for (int i = 0; i < ix->ninclude; i++) {
        const cat_column_t *col = catalog_column(t, ix->include[i]);
        width += col && col->stats.present && col->stats.avg_width > 0 ? col->stats.avg_width : 8;
    }
    double per_row = 8 /* index tuple header */ + 4 /* line pointer */ + ceil(width / 8) * 8;
    return (long long)(t->rows * per_row / 0.9) + 8192;
}

static int collect(plan_t_ *P, const catalog_t *cat, report_t *scratch)
{
    P->c = arena_calloc(P->a, (size_t)scratch->nindexes + 1, sizeof(cand_t));
    for (int i = 0; i < scratch->nindexes; i++) {
        cand_t *c = &P->c[P->nc++];
        c->ix = scratch->indexes[i];
        for (int s = 0; s < c->ix->nstatements; s++)
            add_shape(c, P->shape_of[c->ix->statements[s] - 1]);
        c->size_bytes = estimate_size(cat, c->ix);
    }
    return P->nc;
}

/* ---- measuring with HypoPG ----------------------------------------------- */

static bool serves(const cand_t *c, int shape)
{
    for (int i = 0; i < c->nshapes; i++)
        if (c->shapes[i] == shape)
            return true;
    return false;
}

static void set_gain(cand_t *c, int shape, double gain)
{
    for (int i = 0; i < c->nshapes; i++)
        if (c->shapes[i] == shape)
            c->gain[i] = gain;
}

/* Each advised shape is EXPLAINed with every candidate that serves it in place,
 * as hypothetical indexes; a candidate's gain for the shape is the planner's
 * cost reduction, 0 where the planner does not use it. */
static int measure(plan_t_ *P, task_sources_t *src, report_t *r, err_t *err)
{
    int calls = 0;
    for (int s = 0; s < P->batch->nstmts; s++) {
        int shape = P->shape_of[s];
        whatif_index_t wi[64];
        int map[64], n = 0;
        for (int k = 0; k < P->nc && n < 64; k++) {
            if (P->c[k].dropped || !serves(&P->c[k], shape))
                continue;
            const index_advice_t *ix = P->c[k].ix;
            wi[n] = (whatif_index_t){.create_sql = task_hypo_sql(P->a, ix), .name = ix->name,
                                     .simulable = task_hypo_simulable(ix)};
            map[n++] = k;
        }
        if (!n)
            continue;
        double before;
        if (P->eng->whatif(src->live, P->batch->stmts[s].text, wi, n, &before, &calls, err) < 0) {
            if (err->code == ERR_UNREACHABLE)
                return -1;
            report_add_assumption(r, arena_printf(P->a, "What-if skipped for %s: %s",
                                                  P->w->queries[shape].fingerprint, err->message));
            err_clear(err);
            continue;
        }
        for (int i = 0; i < n; i++) {
            cand_t *c = &P->c[map[i]];
            if (!wi[i].simulable)
                continue;
            double gain = wi[i].used && before > 0 && wi[i].cost_after >= 0
                              ? (before - wi[i].cost_after) / before : 0;
            set_gain(c, shape, gain > 0 ? gain : 0);
            c->ix->validated_by = "hypopg";
            if (wi[i].size_bytes > 0)
                c->size_bytes = wi[i].size_bytes;
        }
    }
    r->meta.whatif_calls = calls;
    report_add_assumption(r, arena_printf(P->a, "What-if over the workload: %d EXPLAIN calls with "
                                                "HypoPG hypothetical indexes (nothing was created)",
                                          calls));
    return 0;
}

/* ---- choosing ------------------------------------------------------------- */

/* What a shape weighs: its time, or its calls when the input had no durations
 * (plain SQL, log_statement alone). */
static double weight(const plan_t_ *P, int shape)
{
    const wl_query_t *q = &P->w->queries[shape];
    return P->timed ? q->total_ms : (double)q->calls;
}

/* Time (or calls) saved by c over shapes no chosen index serves yet. */
static double remaining_benefit(const plan_t_ *P, const cand_t *c, const bool *covered)
{
    double ms = 0;
    for (int i = 0; i < c->nshapes; i++)
        if (!covered[c->shapes[i]])
            ms += weight(P, c->shapes[i]) * c->gain[i];
    return ms;
}

static void choose(plan_t_ *P, double budget_bytes, report_t *r)
{
    bool *covered = arena_calloc(P->a, (size_t)P->w->nqueries + 1, sizeof(bool));
    double used = 0;
    for (;;) {
        int best = -1;
        double best_score = 0, best_benefit = 0;
        for (int k = 0; k < P->nc; k++) {
            cand_t *c = &P->c[k];
            if (c->dropped || c->chosen)
                continue;
            double size = c->size_bytes > 0 ? (double)c->size_bytes : 1 << 20;
            if (budget_bytes > 0 && c->size_bytes > 0 && used + size > budget_bytes)
                continue;
            double benefit = remaining_benefit(P, c, covered);
            if (benefit > 0 && benefit / size > best_score) {
                best = k;
                best_score = benefit / size;
                best_benefit = benefit;
            }
        }
        if (best < 0)
            break;
        cand_t *c = &P->c[best];
        c->chosen = true;
        used += c->size_bytes > 0 ? (double)c->size_bytes : 0;
        c->ix->benefit_ms = P->timed ? best_benefit : -1;
        c->ix->size_bytes = c->size_bytes;
        c->ix->serves = arena_calloc(P->a, (size_t)c->nshapes + 1, sizeof(char *));
        double share = 0;
        for (int i = 0; i < c->nshapes; i++) {
            c->ix->serves[c->ix->nserves++] = P->w->queries[c->shapes[i]].fingerprint;
            share += P->timed ? P->w->queries[c->shapes[i]].share
                              : (double)P->w->queries[c->shapes[i]].calls /
                                    (double)(P->w->summary.queries ? P->w->summary.queries : 1);
            covered[c->shapes[i]] = true;
        }
        c->ix->time_share = share;
        c->ix->nstatements = 0; /* statements of the scratch batch mean nothing here */
        report_add_index(r, c->ix);
    }
    for (int k = 0; k < P->nc; k++)
        if (!P->c[k].dropped && !P->c[k].chosen)
            report_add_assumption(r, arena_printf(P->a, "Index %s not chosen: %s", P->c[k].ix->name,
                                                  remaining_benefit(P, &P->c[k], covered) <= 0
                                                      ? "no remaining benefit (its shapes are "
                                                        "served by a chosen index, or the planner "
                                                        "would not use it)"
                                                      : "over --budget-mb"));
}

static void index_findings(plan_t_ *P, report_t *r)
{
    for (int i = 0; i < r->nindexes; i++) {
        const index_advice_t *ix = r->indexes[i];
        finding_t *f = report_add_finding(
            r, "missing-index", SEV_WARNING, (qm_loc_t){0},
            "%s on %s would serve %d shape%s taking %.1f%% of the logged %s (%s)", ix->name,
            ix->table, ix->nserves, ix->nserves == 1 ? "" : "s", ix->time_share * 100,
            P->timed ? "time" : "statements", ix->reason);
        f->fix = ix->ddl;
        finding_evidence(f, P->a, "table", ix->table);
        finding_evidence(f, P->a, "index", ix->name);
        if (ix->benefit_ms >= 0)
            finding_evidence_num(f, P->a, "benefit_ms", ix->benefit_ms);
        finding_evidence(f, P->a, "validated_by", ix->validated_by);
        f->rank = (int)(ix->benefit_ms > 2e9 ? 2e9 : ix->benefit_ms);
    }
}

int task_digest_indexes(arena_t *a, const request_t *req, const engine_t *eng,
                        task_sources_t *src, const digest_opts_t *o, const wl_result_t *res,
                        report_t *r, err_t *err)
{
    plan_t_ P = {.a = a, .eng = eng, .w = res->workload, .timed = res->workload->summary.total_ms > 0};
    int n = build_batch(&P, o, res);
    if (!n)
        return 0;
    for (int i = 0; i < P.batch->nstmts; i++)
        qm_bind(&P.batch->stmts[i], src->catalog);
    report_t *scratch = report_new(a);
    index_result_t ir = {0};
    advise_indexes(a, scratch, P.batch, src->catalog, eng, NULL, 0, NULL, &ir);
    if (!collect(&P, src->catalog, scratch))
        return 0;
    fold_prefixes(&P);
    if (src->live && eng->has_hypopg(src->live) && measure(&P, src, r, err) < 0)
        return -1;
    if (!src->live || !eng->has_hypopg(src->live))
        report_add_assumption(r, "Index benefit is an upper bound (validated_by: model): the whole "
                                 "time of the shapes an index serves; --db with HypoPG measures it");
    double budget = req->options.budget_mb > 0 ? req->options.budget_mb * 1024 * 1024 : 0;
    bool unknown = false;
    for (int k = 0; k < P.nc; k++)
        unknown = unknown || (!P.c[k].dropped && P.c[k].size_bytes < 0);
    if (budget > 0 && unknown)
        report_add_assumption(r, "Some index sizes are unknown without table statistics (--db or "
                                 "--snapshot): those do not count against --budget-mb");
    choose(&P, budget, r);
    index_findings(&P, r);
    return 0;
}
