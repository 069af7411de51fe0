/* report.c — building a report and keeping its lists in a stable order. */
#include "model/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

const char *severity_name(severity_t s)
{
    static const char *const names[] = {"info", "warning", "critical"};
    return names[s];
}

int severity_parse(const char *name)
{
    for (int s = SEV_INFO; s <= SEV_CRITICAL; s++)
        if (name && !strcmp(name, severity_name((severity_t)s)))
            return s;
    return -1;
}

report_t *report_new(arena_t *a)
{
    report_t *r = arena_alloc(a, sizeof(*r));
    r->arena = a;
    return r;
}

finding_t *report_add_finding(report_t *r, const char *rule, severity_t sev, qm_loc_t loc,
                              const char *fmt, ...)
{
    finding_t *f = arena_alloc(r->arena, sizeof(*f));
    f->rule = rule;
    f->severity = sev;
    f->loc = loc;
    va_list ap;
    va_start(ap, fmt);
    f->message = arena_vprintf(r->arena, fmt, ap);
    va_end(ap);
    ARENA_PUSH(r->arena, r->findings, r->nfindings, r->findings_cap, f);
    return f;
}

void finding_evidence(finding_t *f, arena_t *a, const char *key, const char *value)
{
    evidence_t e = {key, value ? arena_strdup(a, value) : NULL, false};
    ARENA_PUSH(a, f->evidence, f->nevidence, f->evidence_cap, e);
}

void finding_evidence_num(finding_t *f, arena_t *a, const char *key, double value)
{
    evidence_t e = {key, arena_printf(a, "%.15g", value), true};
    ARENA_PUSH(a, f->evidence, f->nevidence, f->evidence_cap, e);
}

static bool contains(const char **list, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

void report_add_bottleneck(report_t *r, const char *text)
{
    if (!contains(r->bottlenecks, r->nbottlenecks, text))
        ARENA_PUSH(r->arena, r->bottlenecks, r->nbottlenecks, r->bottlenecks_cap, text);
}

void report_add_recommendation(report_t *r, const char *text)
{
    if (!contains(r->recommendations, r->nrecommendations, text))
        ARENA_PUSH(r->arena, r->recommendations, r->nrecommendations, r->recommendations_cap,
                   text);
}

void report_add_assumption(report_t *r, const char *text)
{
    if (!contains(r->assumptions, r->nassumptions, text))
        ARENA_PUSH(r->arena, r->assumptions, r->nassumptions, r->assumptions_cap, text);
}

void report_add_index(report_t *r, index_advice_t *ix)
{
    ARENA_PUSH(r->arena, r->indexes, r->nindexes, r->indexes_cap, ix);
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int finding_cmp(const void *pa, const void *pb)
{
    const finding_t *a = *(finding_t *const *)pa, *b = *(finding_t *const *)pb;
    if (a->pinned != b->pinned)
        return a->pinned ? -1 : 1;
    if (a->severity != b->severity)
        return (int)b->severity - (int)a->severity;
    if (a->loc.statement != b->loc.statement) /* query findings before schema ones (0) */
        return (a->loc.statement ? a->loc.statement : 1 << 30) -
               (b->loc.statement ? b->loc.statement : 1 << 30);
    if (a->loc.line != b->loc.line)
        return a->loc.line - b->loc.line;
    if (a->loc.column != b->loc.column)
        return a->loc.column - b->loc.column;
    int c = cmp_str(a->rule, b->rule);
    return c ? c : cmp_str(a->message, b->message);
}

static int index_cmp(const void *pa, const void *pb)
{
    const index_advice_t *a = *(index_advice_t *const *)pa, *b = *(index_advice_t *const *)pb;
    int c = cmp_str(a->table, b->table);
    return c ? c : cmp_str(a->name, b->name);
}

void report_sort(report_t *r)
{
    if (r->nfindings > 1)
        qsort(r->findings, (size_t)r->nfindings, sizeof(*r->findings), finding_cmp);
    if (r->nindexes > 1)
        qsort(r->indexes, (size_t)r->nindexes, sizeof(*r->indexes), index_cmp);
}

int report_max_severity(const report_t *r)
{
    int max = -1;
    for (int i = 0; i < r->nfindings; i++)
        if ((int)r->findings[i]->severity > max)
            max = (int)r->findings[i]->severity;
    return max;
}

bool report_has_rule(const report_t *r, const char *rule)
{
    for (int i = 0; i < r->nfindings; i++)
        if (!strcmp(r->findings[i]->rule, rule))
            return true;
    return false;
}
