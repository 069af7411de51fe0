/* json.c — the report as the contract's JSON (DESIGN.md §2). Key order is fixed;
 * numbers print with bounded precision so output is stable across runs. */
#include <math.h>
#include <stdlib.h>

#include "base/jsonw.h"
#include "render/render.h"
#include "render/render_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* Unknown values (< 0) are null; whole numbers print as integers. */
static void number_or_null(jsonw_t *w, const char *key, double v)
{
    jw_key(w, key);
    if (v < 0)
        jw_null(w);
    else if (v == floor(v) && v < 9e15)
        jw_int(w, (long long)v);
    else
        jw_real(w, round(v * 1000) / 1000);
}

static void index_json(jsonw_t *w, const index_advice_t *ix)
{
    jw_object(w);
    jw_kv_string(w, "name", ix->name);
    jw_kv_strings(w, "columns", ix->columns, ix->ncolumns);
    jw_kv_string(w, "type", ix->type);
    jw_kv_string(w, "table", ix->table);
    jw_kv_strings(w, "include", ix->include, ix->ninclude);
    jw_kv_string(w, "where", ix->where);
    jw_kv_string(w, "ddl", ix->ddl);
    jw_kv_string(w, "reason", ix->reason);
    number_or_null(w, "cost_before", ix->cost_before);
    number_or_null(w, "cost_after", ix->cost_after);
    number_or_null(w, "size_bytes", (double)ix->size_bytes);
    jw_kv_string(w, "validated_by", ix->validated_by);
    jw_key(w, "statements");
    jw_array(w);
    for (int i = 0; i < ix->nstatements; i++)
        jw_int(w, ix->statements[i]);
    jw_array_end(w);
    if (ix->nserves > 0) { /* digest: the shapes it serves */
        jw_kv_strings(w, "serves", ix->serves, ix->nserves);
        number_or_null(w, "time_share", round(ix->time_share * 10000) / 10000);
        number_or_null(w, "benefit_ms", ix->benefit_ms);
    }
    jw_object_end(w);
}

static void cache_json(jsonw_t *w, const cache_strategy_t *c)
{
    jw_key(w, "cache_strategy");
    if (!c) {
        jw_null(w);
        return;
    }
    jw_object(w);
    jw_kv_string(w, "pattern", c->pattern);
    jw_kv_string(w, "key", c->key);
    jw_kv_int(w, "ttl_seconds", c->ttl_seconds);
    jw_kv_strings(w, "invalidate_on", c->invalidate_on, c->ninvalidate);
    jw_kv_string(w, "stampede_protection", c->stampede_protection);
    jw_kv_string(w, "notes", c->notes);
    jw_object_end(w);
}

static void int_or_null(jsonw_t *w, const char *key, int v)
{
    jw_key(w, key);
    if (v)
        jw_int(w, v);
    else
        jw_null(w);
}

static void finding_json(jsonw_t *w, const finding_t *f)
{
    jw_object(w);
    jw_kv_string(w, "rule", f->rule);
    jw_kv_string(w, "severity", severity_name(f->severity));
    jw_kv_string(w, "message", f->message);
    jw_key(w, "location");
    jw_object(w);
    int_or_null(w, "statement", f->loc.statement);
    int_or_null(w, "line", f->loc.line);
    int_or_null(w, "column", f->loc.column);
    if (!f->loc.statement)
        jw_kv_string(w, "source", "schema");
    jw_object_end(w);
    jw_key(w, "evidence");
    jw_object(w);
    for (int i = 0; i < f->nevidence; i++) {
        const evidence_t *e = &f->evidence[i];
        if (e->is_number && e->value)
            number_or_null(w, e->key, strtod(e->value, NULL));
        else
            jw_kv_string(w, e->key, e->value);
    }
    jw_object_end(w);
    jw_kv_string(w, "fix", f->fix);
    jw_object_end(w);
}

static void choice_json(jsonw_t *w, const database_choice_t *c)
{
    jw_key(w, "database_choice");
    jw_object(w);
    jw_kv_string(w, "recommended", c->recommended);
    jw_kv_strings(w, "alternatives", c->alternatives, c->nalternatives);
    jw_kv_strings(w, "reasons", c->reasons, c->nreasons);
    jw_kv_string(w, "note", c->note);
    jw_object_end(w);
}

static void migration_json(jsonw_t *w, const migration_t *m)
{
    jw_key(w, "migration");
    jw_object(w);
    jw_kv_int(w, "pg_version", m->pg_version);
    jw_key(w, "statements");
    jw_array(w);
    for (int i = 0; i < m->nstmts; i++) {
        const mig_stmt_t *st = &m->stmts[i];
        jw_object(w);
        jw_kv_string(w, "file", st->file);
        jw_kv_int(w, "line", st->line);
        jw_kv_string(w, "statement", st->text);
        jw_kv_string(w, "lock", lock_level_name(st->lock));
        jw_kv_string(w, "table", st->table);
        jw_kv_bool(w, "blocks_reads", st->blocks_reads);
        jw_kv_bool(w, "blocks_writes", st->blocks_writes);
        jw_kv_bool(w, "rewrites_table", st->rewrites_table);
        jw_kv_bool(w, "scans_table", st->scans_table);
        jw_kv_bool(w, "new_table", st->new_table);
        number_or_null(w, "est_seconds", st->est_seconds);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_object_end(w);
}

static void meta_json(jsonw_t *w, const report_meta_t *m)
{
    jw_key(w, "meta");
    jw_object(w);
    jw_kv_string(w, "task_type", m->task_type);
    jw_kv_string(w, "database_type", m->database_type);
    jw_kv_string(w, "query_hash", m->query_hash);
    jw_kv_string(w, "source", m->source);
    jw_key(w, "stale");
    jw_bool(w, m->stale);
    if (m->target) {
        jw_kv_string(w, "target", m->target);
        jw_kv_int(w, "whatif_calls", m->whatif_calls);
    }
    jw_key(w, "elapsed_ms");
    jw_real(w, round(m->elapsed_ms * 1000) / 1000);
    jw_kv_int(w, "statements", m->statements);
    jw_kv_string(w, "version", m->version);
    jw_object_end(w);
}

const char *render_json(arena_t *a, const report_t *r, bool compact)
{
    sb_t sb;
    sb_init(&sb, a);
    jsonw_t w;
    jw_init(&w, &sb, !compact);
    jw_object(&w);
    jw_key(&w, "analysis");
    jw_object(&w);
    jw_kv_string(&w, "query_plan", r->query_plan);
    jw_kv_strings(&w, "bottlenecks", r->bottlenecks, r->nbottlenecks);
    jw_kv_strings(&w, "recommendations", r->recommendations, r->nrecommendations);
    jw_kv_strings(&w, "assumptions", r->assumptions, r->nassumptions);
    jw_object_end(&w);
    jw_kv_string(&w, "optimized_query", r->optimized_query);
    jw_key(&w, "indexes");
    jw_array(&w);
    for (int i = 0; i < r->nindexes; i++)
        index_json(&w, r->indexes[i]);
    jw_array_end(&w);
    cache_json(&w, r->cache_strategy);
    jw_key(&w, "findings");
    jw_array(&w);
    for (int i = 0; i < r->nfindings; i++)
        finding_json(&w, r->findings[i]);
    jw_array_end(&w);
    if (r->database_choice)
        choice_json(&w, r->database_choice);
    if (r->migration)
        migration_json(&w, r->migration);
    if (r->workload)
        render_workload_json(&w, a, r->workload);
    meta_json(&w, &r->meta);
    jw_object_end(&w);
    return sb_str(&sb);
}

const char *render_json_error(arena_t *a, const err_t *e, bool compact)
{
    sb_t sb;
    sb_init(&sb, a);
    jsonw_t w;
    jw_init(&w, &sb, !compact);
    jw_object(&w);
    jw_key(&w, "error");
    jw_object(&w);
    jw_kv_string(&w, "code", err_code_name(e->code));
    jw_kv_string(&w, "message", e->message);
    if (e->path[0])
        jw_kv_string(&w, "path", e->path);
    if (e->line) {
        jw_kv_int(&w, "line", e->line);
        jw_kv_int(&w, "column", e->column);
    }
    jw_object_end(&w);
    jw_object_end(&w);
    return sb_str(&sb);
}
