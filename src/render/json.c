/* json.c — the report as the contract's JSON (DESIGN.md §2). Key order is fixed;
 * numbers print with bounded precision so output is stable across runs. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *str_array(const char *const *items, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_string(items[i]));
    return arr;
}

static json_t *number_or_null(double v)
{
    if (v < 0)
        return json_null();
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(round(v * 1000) / 1000);
}

static json_t *index_json(const index_advice_t *ix)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(ix->name));
    json_object_set_new(o, "columns", str_array(ix->columns, ix->ncolumns));
    json_object_set_new(o, "type", json_string(ix->type));
    json_object_set_new(o, "table", json_string(ix->table));
    json_object_set_new(o, "include", str_array(ix->include, ix->ninclude));
    json_object_set_new(o, "where", str_or_null(ix->where));
    json_object_set_new(o, "ddl", json_string(ix->ddl));
    json_object_set_new(o, "reason", str_or_null(ix->reason));
    json_object_set_new(o, "cost_before", number_or_null(ix->cost_before));
    json_object_set_new(o, "cost_after", number_or_null(ix->cost_after));
    json_object_set_new(o, "size_bytes", number_or_null((double)ix->size_bytes));
    json_object_set_new(o, "validated_by", json_string(ix->validated_by));
    json_t *st = json_array();
    for (int i = 0; i < ix->nstatements; i++)
        json_array_append_new(st, json_integer(ix->statements[i]));
    json_object_set_new(o, "statements", st);
    return o;
}

static json_t *cache_json(const cache_strategy_t *c)
{
    if (!c)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "pattern", json_string(c->pattern));
    json_object_set_new(o, "key", json_string(c->key));
    json_object_set_new(o, "ttl_seconds", json_integer(c->ttl_seconds));
    json_object_set_new(o, "invalidate_on", str_array(c->invalidate_on, c->ninvalidate));
    json_object_set_new(o, "stampede_protection", json_string(c->stampede_protection));
    json_object_set_new(o, "notes", str_or_null(c->notes));
    return o;
}

static json_t *evidence_json(const finding_t *f)
{
    json_t *o = json_object();
    for (int i = 0; i < f->nevidence; i++) {
        const evidence_t *e = &f->evidence[i];
        json_t *v = !e->value ? json_null()
                    : e->is_number ? number_or_null(strtod(e->value, NULL))
                                   : json_string(e->value);
        json_object_set_new(o, e->key, v);
    }
    return o;
}

static json_t *finding_json(const finding_t *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "rule", json_string(f->rule));
    json_object_set_new(o, "severity", json_string(severity_name(f->severity)));
    json_object_set_new(o, "message", json_string(f->message));
    json_t *loc = json_object();
    json_object_set_new(loc, "statement", f->loc.statement ? json_integer(f->loc.statement)
                                                            : json_null());
    json_object_set_new(loc, "line", f->loc.line ? json_integer(f->loc.line) : json_null());
    json_object_set_new(loc, "column", f->loc.column ? json_integer(f->loc.column) : json_null());
    if (!f->loc.statement)
        json_object_set_new(loc, "source", json_string("schema"));
    json_object_set_new(o, "location", loc);
    json_object_set_new(o, "evidence", evidence_json(f));
    json_object_set_new(o, "fix", str_or_null(f->fix));
    return o;
}

static json_t *meta_json(const report_meta_t *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "task_type", str_or_null(m->task_type));
    json_object_set_new(o, "database_type", str_or_null(m->database_type));
    json_object_set_new(o, "query_hash", str_or_null(m->query_hash));
    json_object_set_new(o, "source", str_or_null(m->source));
    json_object_set_new(o, "stale", json_boolean(m->stale));
    json_object_set_new(o, "elapsed_ms", json_real(round(m->elapsed_ms * 1000) / 1000));
    json_object_set_new(o, "statements", json_integer(m->statements));
    json_object_set_new(o, "version", str_or_null(m->version));
    return o;
}

static const char *dump(arena_t *a, json_t *root, bool compact)
{
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) |
                   (compact ? JSON_COMPACT : JSON_INDENT(2));
    char *s = json_dumps(root, flags);
    json_decref(root);
    const char *out = arena_strdup(a, s ? s : "{}");
    free(s);
    return out;
}

const char *render_json(arena_t *a, const report_t *r, bool compact)
{
    json_t *root = json_object();
    json_t *an = json_object();
    json_object_set_new(an, "query_plan", str_or_null(r->query_plan));
    json_object_set_new(an, "bottlenecks", str_array(r->bottlenecks, r->nbottlenecks));
    json_object_set_new(an, "recommendations", str_array(r->recommendations, r->nrecommendations));
    json_object_set_new(an, "assumptions", str_array(r->assumptions, r->nassumptions));
    json_object_set_new(root, "analysis", an);
    json_object_set_new(root, "optimized_query", str_or_null(r->optimized_query));
    json_t *ix = json_array();
    for (int i = 0; i < r->nindexes; i++)
        json_array_append_new(ix, index_json(r->indexes[i]));
    json_object_set_new(root, "indexes", ix);
    json_object_set_new(root, "cache_strategy", cache_json(r->cache_strategy));
    json_t *fs = json_array();
    for (int i = 0; i < r->nfindings; i++)
        json_array_append_new(fs, finding_json(r->findings[i]));
    json_object_set_new(root, "findings", fs);
    json_object_set_new(root, "meta", meta_json(&r->meta));
    return dump(a, root, compact);
}

const char *render_json_error(arena_t *a, const err_t *e, bool compact)
{
    json_t *err = json_object();
    json_object_set_new(err, "code", json_string(err_code_name(e->code)));
    json_object_set_new(err, "message", json_string(e->message));
    if (e->path[0])
        json_object_set_new(err, "path", json_string(e->path));
    if (e->line) {
        json_object_set_new(err, "line", json_integer(e->line));
        json_object_set_new(err, "column", json_integer(e->column));
    }
    json_t *root = json_object();
    json_object_set_new(root, "error", err);
    return dump(a, root, compact);
}
