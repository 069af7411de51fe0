/* digest.c — `dbagent digest`: logs → a ranked workload, N+1 findings and one
 * index plan for the whole workload.
 *
 * Reading and counting happen in workload/ (no parser involved); this file
 * adds what needs the engine: a libpg_query fingerprint per distinct shape
 * (the groups), the N+1 findings with the batched query as the fix, and the
 * workload-wide index advice (digest_index.c). */
#include <stdio.h>
#include <string.h>

#include "advise/cache.h"
#include "base/sb.h"
#include "model/bind.h"
#include "rules/rules.h"
#include "task/task.h"
#include "workload/digest.h"
#include "workload/normalize.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

void task_digest_opts_default(digest_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->format = WL_FMT_AUTO;
    o->jobs = 1;
    o->top = 50;
    wl_digest_opts_default(&o->wl);
}

/* ---- fingerprints -------------------------------------------------------- */

static const char *fingerprint(void *ctx, arena_t *a, const char *example, const char *normalized,
                               wl_dialect_t dialect)
{
    const engine_t *eng = ctx;
    /* MySQL text parses as PostgreSQL only after the scanner's dialect pass */
    const char *f = eng->fingerprint(a, dialect == WL_DIALECT_PG ? example : normalized);
    return f ? f : eng->fingerprint(a, normalized);
}

/* ---- N+1 ------------------------------------------------------------------- */

/* The column compared with the varying literal: the `col = constant` conjunct
 * whose constant sits where the scanner found that literal. */
static const char *varying_column(arena_t *a, const engine_t *eng, const char *example,
                                  wl_dialect_t dialect, int literal, const char **table)
{
    wl_norm_t n;
    wl_norm_init(&n);
    wl_normalize(example, strlen(example), dialect, &n);
    const char *value = NULL;
    if (literal < n.nlits)
        value = arena_strndup(a, example + n.lits[literal].off, n.lits[literal].len);
    wl_norm_free(&n);
    qm_batch_t *b;
    err_t err;
    if (!value || eng->parse(a, example, &b, &err) < 0 || b->nstmts != 1 || b->stmts[0].nblocks < 1)
        return NULL;
    const qm_block_t *blk = b->stmts[0].blocks[0];
    const char *only = NULL;
    int nconst = 0;
    for (int i = 0; i < blk->npreds; i++) {
        const qm_pred_t *p = &blk->preds[i];
        if (!p->has_col || !p->col.column || p->value_kind != QV_CONST || !qm_op_is_equality(p->op))
            continue;
        nconst++;
        only = p->col.column;
        size_t vl = strlen(p->value_text);
        bool quoted = value[0] == '\'' && strlen(value) == vl + 2 && !strncmp(value + 1, p->value_text, vl);
        if (!strcmp(p->value_text, value) || quoted) {
            *table = blk->nrels == 1 ? blk->rels[0].name : NULL;
            return p->col.column;
        }
    }
    *table = blk->nrels == 1 ? blk->rels[0].name : NULL;
    return nconst == 1 ? only : NULL;
}

/* The batched form from the optimize engine's own N+1 rewrite: the parent and
 * two of the children through rule_n_plus_one, then the engine's rewrite. */
static const char *batched_query(arena_t *a, const engine_t *eng, const catalog_t *cat,
                                 const wl_n_plus_one_t *p)
{
    sb_t text;
    sb_init(&text, a);
    if (p->parent_example)
        sb_addf(&text, "%s;\n", p->parent_example);
    sb_addf(&text, "%s;\n%s;\n", p->child_example, p->child_example);
    qm_batch_t *b;
    err_t err;
    if (eng->parse(a, sb_str(&text), &b, &err) < 0)
        return NULL;
    for (int i = 0; i < b->nstmts; i++)
        qm_bind(&b->stmts[i], cat);
    report_t *scratch = report_new(a);
    rule_ctx_t rc;
    rule_ctx_init(&rc, a, scratch, b, cat, eng);
    rc.n_plus_one_min = 2;
    rule_n_plus_one(&rc);
    const char *sql = NULL;
    if (rc.nrewrites == 0 || eng->rewrite(a, b, rc.rewrites, rc.nrewrites, &sql, &err) < 0 ||
        !rc.rewrites[0].applied)
        return NULL;
    return sql;
}

static void n_plus_one_finding(arena_t *a, const engine_t *eng, const catalog_t *cat,
                               const wl_result_t *res, const wl_n_plus_one_t *p, report_t *r)
{
    const wl_query_t *child = &res->workload->queries[p->child];
    const wl_query_t *parent = p->parent >= 0 ? &res->workload->queries[p->parent] : NULL;
    const char *table = NULL;
    const char *column = varying_column(a, eng, p->child_example, res->dialects[p->child],
                                        p->literal, &table);
    long long saved = p->executions - p->runs; /* one query per run instead of each child */
    finding_t *f = report_add_finding(
        r, "n-plus-one", SEV_CRITICAL, (qm_loc_t){0},
        "N+1 in the log: %s%s ran %lld times in %lld run%s of up to %lld in one session, only "
        "%s varying (%s … %s)%s; %lld round trips could be saved",
        table ? "the query on " : "shape ", table ? table : child->fingerprint, p->executions,
        p->runs, p->runs == 1 ? "" : "s", p->longest,
        column ? column : arena_printf(a, "literal %d", p->literal + 1),
        p->first_value ? p->first_value : "?", p->last_value ? p->last_value : "?",
        parent ? arena_printf(a, ", each run after %s", parent->fingerprint) : "", saved);
    finding_evidence(f, a, "child_fingerprint", child->fingerprint);
    finding_evidence(f, a, "child_query", child->query);
    if (parent) {
        finding_evidence(f, a, "parent_fingerprint", parent->fingerprint);
        finding_evidence(f, a, "parent_query", parent->query);
    }
    if (column)
        finding_evidence(f, a, "varying_column", column);
    finding_evidence_num(f, a, "executions", (double)p->executions);
    finding_evidence_num(f, a, "runs", (double)p->runs);
    finding_evidence_num(f, a, "round_trips_saved", (double)saved);
    finding_evidence_num(f, a, "child_ms", p->child_ms);
    if (p->session)
        finding_evidence(f, a, "session", p->session);
    if (p->file)
        finding_evidence(f, a, "first_seen_at", arena_printf(a, "%s:%lld", p->file, p->line));
    const char *batched = batched_query(a, eng, cat, p);
    if (batched)
        f->fix = arena_printf(a, "Fetch the children in one query per run:\n%s", batched);
    else if (column)
        f->fix = arena_printf(a, "Fetch all keys at once: WHERE %s = ANY($1) with the keys as one "
                                 "array parameter",
                              column);
    else
        f->fix = "Batch the repeated query: one statement for all keys of a run";
    f->rank = (int)(p->child_ms > 2e9 ? 2e9 : p->child_ms);
}

/* ---- cache strategy ------------------------------------------------------------ */

/* Cache-aside for the read the workload repeats most: among the five most-called
 * shapes, the first SELECT for which the optimize engine's cache advice finds a
 * key. */
static const cache_strategy_t *shape_cache(arena_t *a, const engine_t *eng,
                                           const catalog_t *cat, const wl_query_t *q)
{
    qm_batch_t *b;
    err_t err;
    if (q->calls < 2 || !q->example || eng->parse(a, q->example, &b, &err) < 0 ||
        b->nstmts != 1 || b->stmts[0].kind != QM_SELECT)
        return NULL;
    qm_bind(&b->stmts[0], cat);
    return advise_cache(a, b, cat);
}

static void workload_cache(arena_t *a, const engine_t *eng, const catalog_t *cat,
                           const wl_result_t *res, report_t *r)
{
    const workload_t *w = res->workload;
    bool *tried = arena_calloc(a, (size_t)w->nqueries + 1, sizeof(bool));
    for (int round = 0; round < 5; round++) {
        int best = -1;
        for (int i = 0; i < w->nqueries; i++)
            if (!tried[i] && res->dialects[i] == WL_DIALECT_PG &&
                (best < 0 || w->queries[i].calls > w->queries[best].calls))
                best = i;
        if (best < 0)
            return;
        tried[best] = true;
        const wl_query_t *q = &w->queries[best];
        cache_strategy_t *c = (cache_strategy_t *)shape_cache(a, eng, cat, q);
        if (!c)
            continue;
        c->notes = arena_printf(a, "%s%sFor the most repeated read, %s (%lld calls, %.1f%% of "
                                   "statements): %s",
                                c->notes ? c->notes : "", c->notes ? " " : "", q->fingerprint,
                                q->calls, 100.0 * (double)q->calls / (double)w->summary.queries,
                                q->query);
        r->cache_strategy = c;
        return;
    }
}

/* ---- the report -------------------------------------------------------------- */

static void workload_bottlenecks(arena_t *a, const workload_t *w, report_t *r)
{
    for (int i = 0; i < w->nqueries && i < 5; i++) {
        const wl_query_t *q = &w->queries[i];
        if (!q->timed)
            break;
        report_add_bottleneck(
            r, arena_printf(a, "%.1f%% of logged time: %s (%lld calls, mean %.3f ms, p95 %.3f ms)",
                            q->share * 100, q->fingerprint, q->calls, q->mean_ms, q->p95_ms));
    }
}

static void summary_assumptions(arena_t *a, const workload_t *w, report_t *r)
{
    report_add_assumption(r, arena_printf(a, "Percentiles come from a log-bucketed sketch: within "
                                             "%d%% of the exact value",
                                          w->sketch_error_pct));
    if (w->summary.skipped)
        report_add_assumption(r, arena_printf(a, "%lld malformed line%s skipped (first at %s:%lld)",
                                              w->summary.skipped,
                                              w->summary.skipped == 1 ? "" : "s",
                                              w->summary.skipped_files[0],
                                              w->summary.skipped_lines[0]));
    for (int i = 0; i < w->summary.nfiles; i++)
        if (!strcmp(w->summary.formats[i], "pgss-csv") ||
            !strcmp(w->summary.formats[i], "pg_stat_statements")) {
            report_add_assumption(r, "pg_stat_statements keeps only calls, total, min, max and "
                                     "mean per statement: its shapes' percentiles are the mean");
            break;
        }
    bool timed = false;
    for (int i = 0; i < w->nqueries; i++)
        timed = timed || w->queries[i].timed;
    if (w->nqueries && !timed)
        report_add_assumption(r, "No durations in the input (plain SQL or log_statement without "
                                 "log_duration): shapes are ranked by calls");
}

/* "mysql" when every shape came from a MySQL/MariaDB log. */
static const char *workload_database(const wl_result_t *res)
{
    int mysql = 0;
    for (int i = 0; i < res->workload->nqueries; i++)
        mysql += res->dialects[i] == WL_DIALECT_MYSQL;
    return mysql && mysql == res->workload->nqueries ? "mysql" : "postgresql";
}

static int read_inputs(const digest_opts_t *o, wl_digest_t *d, err_t *err)
{
    if (o->nfiles &&
        wl_digest_read(d, o->files, o->nfiles, o->format, o->prefix, o->jobs, o->progress, err) < 0)
        return -1;
    for (int i = 0; i < o->nmerge; i++)
        if (wl_digest_read_partial(d, o->merge[i], err) < 0)
            return -1;
    if (o->emit_partial && wl_digest_write_partial(d, o->emit_partial, err) < 0)
        return -1;
    return 0;
}

int task_digest(arena_t *a, const request_t *req, const task_env_t *env, const digest_opts_t *o,
                report_t **out, err_t *err)
{
    const engine_t *eng = engine_find("postgresql");
    if (!o->nfiles && !o->nmerge && !req->connection)
        return err_set(err, ERR_INVALID_REQUEST,
                       "digest: give log files (or - for stdin), --merge PART..., or --db DSN");
    wl_digest_t *d = wl_digest_new(&o->wl);
    report_t *r = report_new(a);
    task_sources_t src = {0};
    int rc = -1;
    if (read_inputs(o, d, err) < 0 || task_open_sources(a, req, env, eng, r, &src, err) < 0)
        goto done;
    if (!o->nfiles && !o->nmerge && src.live &&
        task_digest_pg_stat_statements(a, eng, &src, d, err) < 0)
        goto done;
    wl_result_t res;
    wl_digest_group(d, a, fingerprint, (void *)eng, &res);
    r->workload = res.workload;
    for (int i = 0; i < res.nn_plus_one; i++)
        n_plus_one_finding(a, eng, src.catalog, &res, &res.n_plus_one[i], r);
    if (task_digest_indexes(a, req, eng, &src, o, &res, r, err) < 0)
        goto done;
    workload_cache(a, eng, src.catalog, &res, r);
    summary_assumptions(a, res.workload, r);
    task_add_assumptions(r, src.catalog);
    report_sort(r);
    workload_bottlenecks(a, res.workload, r);
    task_summarise(r);
    r->meta.task_type = "digest";
    r->meta.database_type = workload_database(&res);
    r->meta.source = src.source;
    r->meta.stale = src.stale;
    r->meta.target = src.target;
    r->meta.version = DBAGENT_VERSION;
    r->meta.statements = (int)(res.workload->summary.queries > 2147483647LL
                                   ? 2147483647LL : res.workload->summary.queries);
    *out = r;
    rc = 0;
done:
    if (src.catalog || src.live)
        task_close_sources(eng, &src);
    wl_digest_free(d);
    return rc;
}

/* ---- pg_stat_statements ---------------------------------------------------- */

static wl_str_t wstr(const char *s)
{
    return (wl_str_t){s, s ? strlen(s) : 0};
}

int task_digest_pg_stat_statements(arena_t *a, const engine_t *eng, task_sources_t *src,
                                   wl_digest_t *d, err_t *err)
{
    (void)a;
    stat_statement_t *rows;
    int n;
    if (!eng->stat_statements || eng->stat_statements(src->live, 5000, &rows, &n, err) < 0)
        return -1;
    int file = wl_digest_add_file(d, "pg_stat_statements", "pg_stat_statements");
    for (int i = 0; i < n; i++) {
        const stat_statement_t *s = &rows[i];
        if (!s->query || s->calls <= 0)
            continue;
        wl_entry_t e = {.sql = wstr(s->query), .dialect = WL_DIALECT_PG,
                        .duration_ms = s->mean_ms, .rows = s->rows, .user = wstr(s->user),
                        .db = wstr(s->db), .line = i + 1, .calls = s->calls,
                        .min_ms = s->min_ms, .max_ms = s->max_ms};
        wl_digest_add(d, &e, file);
    }
    return 0;
}
