/* validate.c — live plans and HypoPG what-if for the advice of a task.
 *
 * Each analysable statement is EXPLAINed (ANALYZE only on request, rolled back)
 * and its plan replaces the model's expected access path in query_plan. Each
 * candidate index is then created hypothetically (session-local, nothing is
 * written) and kept only if the planner uses it and the statement's cost drops by
 * at least min_improvement percent. */
#include <stdio.h>
#include <string.h>

#include "advise/plan.h"
#include "base/sb.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static bool analysable(const qm_stmt_t *st)
{
    return st->kind != QM_UTILITY;
}

/* "CREATE INDEX CONCURRENTLY …" without CONCURRENTLY and without the extension
 * prerequisite line: what hypopg_create_index accepts. */
const char *task_hypo_sql(arena_t *a, const index_advice_t *ix)
{
    const char *ddl = ix->ddl, *nl = strrchr(ddl, '\n');
    if (nl)
        ddl = nl + 1;
    const char *conc = strstr(ddl, " CONCURRENTLY");
    if (!conc)
        return ddl;
    return arena_printf(a, "%.*s%s", (int)(conc - ddl), ddl, conc + strlen(" CONCURRENTLY"));
}

static bool serves(const index_advice_t *ix, int statement)
{
    for (int i = 0; i < ix->nstatements; i++)
        if (ix->statements[i] == statement)
            return true;
    return false;
}

bool task_hypo_simulable(const index_advice_t *ix)
{
    return !strcmp(ix->type, "btree") || !strcmp(ix->type, "hash") || !strcmp(ix->type, "brin");
}

typedef struct {
    bool measured, kept;
    double best_gain;
} verdict_t;

/* Runs the what-if for one statement and folds the results into verdicts. */
static int whatif_statement(arena_t *a, const engine_t *eng, task_sources_t *src,
                            const qm_stmt_t *st, report_t *r, verdict_t *v, double min_gain,
                            int *calls, err_t *err)
{
    whatif_index_t w[64];
    int map[64], n = 0;
    for (int i = 0; i < r->nindexes && n < 64; i++) {
        if (!serves(r->indexes[i], st->index))
            continue;
        w[n] = (whatif_index_t){.create_sql = task_hypo_sql(a, r->indexes[i]),
                                .name = r->indexes[i]->name,
                                .simulable = task_hypo_simulable(r->indexes[i])};
        map[n++] = i;
    }
    if (n == 0)
        return 0;
    double before;
    if (eng->whatif(src->live, st->text, w, n, &before, calls, err) < 0)
        return -1;
    for (int k = 0; k < n; k++) {
        index_advice_t *ix = r->indexes[map[k]];
        if (!w[k].simulable) {
            ix->reason = arena_printf(a, "%s; %s", ix->reason, w[k].note);
            continue;
        }
        double gain = before > 0 && w[k].cost_after >= 0 ? 100 * (before - w[k].cost_after) / before
                                                         : 0;
        v[map[k]].measured = true;
        if (w[k].used && gain >= min_gain && gain > v[map[k]].best_gain) {
            v[map[k]].kept = true;
            v[map[k]].best_gain = gain;
            ix->cost_before = before;
            ix->cost_after = w[k].cost_after;
            ix->size_bytes = w[k].size_bytes;
            ix->validated_by = "hypopg";
        } else if (!v[map[k]].kept) {
            ix->cost_before = before;
            ix->cost_after = w[k].cost_after;
            ix->size_bytes = w[k].size_bytes;
        }
    }
    return 0;
}

/* Removes measured indexes the planner did not want, and their findings. */
static void drop_rejected(arena_t *a, report_t *r, const verdict_t *v)
{
    int keep = 0;
    for (int i = 0; i < r->nindexes; i++) {
        index_advice_t *ix = r->indexes[i];
        if (!v[i].measured || v[i].kept) {
            r->indexes[keep++] = ix;
            continue;
        }
        report_add_assumption(r, arena_printf(a, "What-if: %s was not kept — %s (cost %.2f → "
                                                 "%.2f)",
                                              ix->name,
                                              ix->cost_after < 0 ? "not measured"
                                                                 : "the planner did not use it "
                                                                   "or it saved too little",
                                              ix->cost_before, ix->cost_after));
        int fk = 0;
        for (int f = 0; f < r->nfindings; f++) {
            const finding_t *fi = r->findings[f];
            bool about = !strcmp(fi->rule, "missing-index") && fi->fix && !strcmp(fi->fix, ix->ddl);
            if (!about)
                r->findings[fk++] = r->findings[f];
        }
        r->nfindings = fk;
    }
    r->nindexes = keep;
}

static void hypopg_missing(arena_t *a, report_t *r, const catalog_t *cat)
{
    bool available = catalog_extension_available(cat, "hypopg");
    finding_t *f = report_add_finding(
        r, "hypopg-not-installed", SEV_INFO, (qm_loc_t){0},
        "HypoPG is not installed in this database%s: index advice is dbagent's model "
        "(validated_by: model), not measured with the planner",
        available ? " (it is available)" : "");
    f->fix = available ? "CREATE EXTENSION hypopg;"
                       : "Install the server package (Debian: postgresql-15-hypopg), then "
                         "CREATE EXTENSION hypopg;";
    finding_evidence(f, a, "extension", "hypopg");
    finding_evidence(f, a, "available", available ? "true" : "false");
}

/* An EXPLAIN ANALYZE plan through the plan analyzer: findings, fixes, the tree. */
static const char *analysed_plan(arena_t *a, const engine_t *eng, task_sources_t *src,
                                 const char *json, int statement, report_t *r)
{
    plan_set_t set = {0};
    err_t perr;
    if (eng->parse_plan(a, json, strlen(json), &set, &perr) < 0 || set.nplans < 1)
        return NULL;
    task_plan_findings(a, eng, src->catalog, set.plans[0], statement, r);
    return advise_plan_tree(a, set.plans[0]);
}

static int live_plans(arena_t *a, const request_t *req, const engine_t *eng, task_sources_t *src,
                      qm_batch_t *batch, report_t *r, err_t *err)
{
    explain_opts_t eo = {.analyze = req->options.analyze,
                         .analyze_writes = req->options.analyze_writes};
    sb_t plans;
    sb_init(&plans, a);
    for (int i = 0; i < batch->nstmts; i++) {
        const qm_stmt_t *st = &batch->stmts[i];
        if (!analysable(st))
            continue;
        const char *json;
        if (eng->explain(src->live, st->text, &eo, &json, err) < 0) {
            if (err->path[0])
                return -1; /* --analyze refused before reaching the server: the user decides */
            sb_addf(&plans, "Statement %d: EXPLAIN failed: %s\n", st->index, err->message);
            err_clear(err);
            continue;
        }
        const char *text = eo.analyze ? analysed_plan(a, eng, src, json, st->index, r)
                                      : eng->plan_text(a, json);
        sb_addf(&plans, "Statement %d (%s):\n%s\n", st->index, qm_stmt_kind_name(st->kind),
                text ? text : json);
    }
    sb_truncate(&plans, plans.len ? plans.len - 1 : 0);
    if (plans.len)
        r->query_plan = sb_str(&plans);
    return 0;
}

int task_validate(arena_t *a, const request_t *req, const engine_t *eng, task_sources_t *src,
                  qm_batch_t *batch, report_t *r, err_t *err)
{
    if (!src->live)
        return 0;
    if (live_plans(a, req, eng, src, batch, r, err) < 0)
        return -1;
    if (r->nindexes == 0)
        return 0;
    if (!eng->has_hypopg(src->live)) {
        hypopg_missing(a, r, src->catalog);
        return 0;
    }
    double min_gain = req->options.min_improvement >= 0 ? req->options.min_improvement : 10;
    verdict_t *v = arena_calloc(a, (size_t)r->nindexes, sizeof(verdict_t));
    int calls = 0;
    for (int i = 0; i < batch->nstmts; i++) {
        if (!analysable(&batch->stmts[i]) ||
            whatif_statement(a, eng, src, &batch->stmts[i], r, v, min_gain, &calls, err) == 0)
            continue;
        if (err->code == ERR_UNREACHABLE)
            return -1;
        /* One statement the planner cannot cost (e.g. a generic plan it refuses):
         * its indexes keep the model's verdict, and the report says why. */
        report_add_assumption(r, arena_printf(a, "What-if skipped for statement %d: %s",
                                              batch->stmts[i].index, err->message));
        err_clear(err);
    }
    drop_rejected(a, r, v);
    r->meta.whatif_calls = calls;
    report_add_assumption(r, arena_printf(a, "What-if validation: %d EXPLAIN calls with HypoPG "
                                             "hypothetical indexes (nothing was created)",
                                          calls));
    return 0;
}
