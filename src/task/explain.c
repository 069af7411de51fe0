/* explain.c — plans → findings with runnable fixes, and the rendered tree.
 *
 * Plan rules (rules/plan_rules.c) name where an index would help with a
 * placeholder fix "INDEX:<relation>:<condition>"; this file turns each into real
 * DDL by running the condition through the same engine, binding and index
 * advisor as `optimize`, so a plan and a query get the same index. */
#include <stdio.h>
#include <string.h>

#include "advise/index.h"
#include "advise/plan.h"
#include "base/sb.h"
#include "model/bind.h"
#include "rules/plan_rules.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* The alias the plan uses for a relation, or NULL. */
static const char *plan_alias(const plan_t *p, const char *relation)
{
    for (int i = 0; i < p->nnodes; i++) {
        const plan_node_t *n = p->nodes[i];
        if (n->relation && !strcmp(n->relation, relation) && n->alias &&
            strcmp(n->alias, relation))
            return n->alias;
    }
    return NULL;
}

/* The advisor's indexes for `SELECT * FROM relation alias WHERE cond`. */
static const char *advise_condition(arena_t *a, const engine_t *eng, const catalog_t *cat,
                                    const plan_t *p, const char *relation, const char *cond,
                                    int statement, report_t *r)
{
    const char *alias = plan_alias(p, relation);
    const char *sql = arena_printf(a, "SELECT * FROM %s%s%s WHERE %s",
                                   eng->quote_ident(a, relation), alias ? " " : "",
                                   alias ? eng->quote_ident(a, alias) : "", cond);
    qm_batch_t *batch;
    err_t err;
    if (eng->parse(a, sql, &batch, &err) < 0)
        return NULL; /* e.g. a condition on a SubPlan's output: not a column filter */
    qm_bind(&batch->stmts[0], cat);
    report_t *scratch = report_new(a);
    index_result_t ir = {0};
    advise_opts_t opts = {.plan_evidence = true};
    advise_indexes(a, scratch, batch, cat, eng, NULL, 0, &opts, &ir);
    sb_t ddl;
    sb_init(&ddl, a);
    for (int i = 0; i < scratch->nindexes; i++) {
        index_advice_t *ix = scratch->indexes[i];
        ix->nstatements = 1;
        ix->statements[0] = statement;
        ix->reason = arena_printf(a, "%s (from the plan's %s)", ix->reason, cond);
        bool known = false;
        for (int k = 0; k < r->nindexes && !known; k++)
            known = !strcmp(r->indexes[k]->name, ix->name);
        if (!known)
            report_add_index(r, ix);
        sb_addf(&ddl, "%s%s", ddl.len ? "\n" : "", ix->ddl);
    }
    return ddl.len ? sb_str(&ddl) : NULL;
}

typedef struct {
    arena_t *a;
    const engine_t *eng;
    const catalog_t *cat;
    const plan_t *p;
    int statement;
    report_t *r;
} ddl_ctx_t;

static const char *index_ddl(void *ctx, const char *relation, const char *cond)
{
    ddl_ctx_t *d = ctx;
    return advise_condition(d->a, d->eng, d->cat, d->p, relation, cond, d->statement, d->r);
}

/* Replaces the rules' INDEX placeholder lines (from finding first on) with DDL. */
static void resolve_index_fixes(arena_t *a, const engine_t *eng, const catalog_t *cat,
                                const plan_t *p, int statement, report_t *r, int first)
{
    ddl_ctx_t d = {a, eng, cat, p, statement, r};
    for (int i = first; i < r->nfindings; i++)
        if (r->findings[i]->fix && strstr(r->findings[i]->fix, PLAN_FIX_INDEX_PREFIX))
            r->findings[i]->fix = plan_fix_expand(a, r->findings[i]->fix, index_ddl, &d);
}

int task_plan_findings(arena_t *a, const engine_t *eng, const catalog_t *cat, plan_t *p,
                       int statement, report_t *r)
{
    plan_analyze(a, p);
    int first = r->nfindings;
    plan_rule_ctx_t pc = {.arena = a, .report = r, .plan = p, .statement = statement,
                          .large_rows = 10000, .catalog = cat, .engine = eng};
    plan_rules_run(&pc);
    resolve_index_fixes(a, eng, cat, p, statement, r, first);
    for (int i = first; i < r->nfindings; i++)
        r->findings[i]->pinned = !strcmp(r->findings[i]->rule, "slow-node");
    return 0;
}

int task_explain(arena_t *a, const request_t *req, const engine_t *eng, const catalog_t *cat,
                 report_t *r, err_t *err)
{
    plan_set_t set = {0};
    if (!eng->parse_plan)
        return err_set(err, ERR_NOT_IMPLEMENTED, "plan analysis is implemented for postgresql "
                                                 "only");
    if (eng->parse_plan(a, req->explain, strlen(req->explain), &set, err) < 0) {
        if (!err->path[0])
            snprintf(err->path, sizeof(err->path), "/explain");
        return -1;
    }
    sb_t tree;
    sb_init(&tree, a);
    for (int i = 0; i < set.nplans; i++) {
        task_plan_findings(a, eng, cat, set.plans[i], i + 1, r);
        if (set.nplans > 1)
            sb_addf(&tree, "%sPlan %d:\n", i ? "\n" : "", i + 1);
        sb_add(&tree, advise_plan_tree(a, set.plans[i]));
    }
    r->query_plan = sb_str(&tree);
    r->meta.statements = set.nplans;
    return 0;
}

/* ---- comparing two plans of one query ----------------------------------------- */

static double plan_total(const plan_t *p)
{
    if (p->execution_ms >= 0)
        return p->execution_ms;
    return p->analyzed ? p->root->inclusive_ms : p->root->total_cost;
}

/* Pairs nodes by label in plan order; match[i] is the AFTER node of BEFORE node i. */
static void match_nodes(const plan_t *b, const plan_t *af, int *match, bool *taken)
{
    for (int i = 0; i < b->nnodes; i++) {
        match[i] = -1;
        for (int k = 0; k < af->nnodes && match[i] < 0; k++)
            if (!taken[k] && !strcmp(b->nodes[i]->label, af->nodes[k]->label)) {
                match[i] = k;
                taken[k] = true;
            }
    }
}

static const char *verdict(arena_t *a, double before, double after, const char *unit)
{
    if (before <= 0 || after <= 0)
        return arena_printf(a, "No verdict: a total is missing (%.3f → %.3f %s)", before, after,
                            unit);
    double ratio = before / after;
    if (ratio >= 1.1)
        return arena_printf(a, "AFTER is %.1f× faster: %.3f → %.3f %s", ratio, before, after,
                            unit);
    if (ratio <= 1 / 1.1)
        return arena_printf(a, "AFTER is %.1f× slower: %.3f → %.3f %s", 1 / ratio, before, after,
                            unit);
    return arena_printf(a, "No significant change (within 10%%): %.3f → %.3f %s", before, after,
                        unit);
}

static void compare_text(arena_t *a, const plan_t *b, const plan_t *af, sb_t *out, report_t *r)
{
    int *match = arena_calloc(a, (size_t)b->nnodes, sizeof(int));
    bool *taken = arena_calloc(a, (size_t)af->nnodes + 1, sizeof(bool));
    match_nodes(b, af, match, taken);
    const char *unit = b->analyzed && af->analyzed ? "ms" : "cost";
    sb_addf(out, "%-10s %12s %12s  node\n", "change", "before", "after");
    for (int i = 0; i < b->nnodes; i++) {
        const plan_node_t *n = b->nodes[i];
        double vb = b->analyzed ? n->exclusive_ms : n->total_cost;
        if (match[i] < 0) {
            sb_addf(out, "%-10s %12.3f %12s  %s\n", "removed", vb, "-", n->path);
            continue;
        }
        const plan_node_t *m = af->nodes[match[i]];
        double va = af->analyzed ? m->exclusive_ms : m->total_cost;
        const char *what = va > vb * 1.5 && va - vb > 1 ? "slower" : vb > va * 1.5 && vb - va > 1 ? "faster" : "same";
        sb_addf(out, "%-10s %12.3f %12.3f  %s\n", what, vb, va, n->path);
        if (!strcmp(what, "slower"))
            report_add_bottleneck(r, arena_printf(a, "%s got slower: %.3f → %.3f %s", n->path, vb,
                                                  va, unit));
    }
    for (int k = 0; k < af->nnodes; k++)
        if (!taken[k])
            sb_addf(out, "%-10s %12s %12.3f  %s\n", "added", "-",
                    af->analyzed ? af->nodes[k]->exclusive_ms : af->nodes[k]->total_cost,
                    af->nodes[k]->path);
}

int task_compare_plans(arena_t *a, const request_t *req, const char *before, const char *after,
                       const task_env_t *env, report_t **out, err_t *err)
{
    const engine_t *eng = engine_find(db_type_name(req->database_type));
    plan_set_t sb = {0}, sa = {0};
    if (eng->parse_plan(a, before, strlen(before), &sb, err) < 0 ||
        eng->parse_plan(a, after, strlen(after), &sa, err) < 0)
        return -1;
    report_t *r = report_new(a);
    plan_t *pb = sb.plans[0], *pa = sa.plans[0];
    plan_analyze(a, pb);
    const catalog_t *cat = env && env->catalog ? env->catalog : NULL;
    catalog_t empty;
    if (!cat) {
        catalog_init(&empty, a);
        cat = &empty;
    }
    task_plan_findings(a, eng, cat, pa, 1, r); /* what is left to fix, in AFTER */
    double tb = plan_total(pb), ta = plan_total(pa);
    const char *unit = pb->analyzed && pa->analyzed ? "ms" : "cost";
    sb_t text;
    sb_init(&text, a);
    const char *v = verdict(a, tb, ta, unit);
    sb_addf(&text, "%s\nnodes: %d before, %d after\n\n", v, pb->nnodes, pa->nnodes);
    compare_text(a, pb, pa, &text, r);
    sb_truncate(&text, text.len ? text.len - 1 : 0);
    report_sort(r);
    report_add_recommendation(r, v);
    for (int i = 0; i < r->nfindings; i++)
        if (r->findings[i]->fix)
            report_add_recommendation(r, arena_printf(a, "%s: %s", r->findings[i]->rule,
                                                      r->findings[i]->fix));
    r->query_plan = sb_str(&text);
    r->meta.task_type = task_type_name(req->task_type);
    r->meta.database_type = db_type_name(req->database_type);
    r->meta.source = "offline";
    r->meta.statements = 2;
    r->meta.version = DBAGENT_VERSION;
    *out = r;
    return 0;
}
