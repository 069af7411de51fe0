/* text.c — the report for a person at a terminal.
 *
 * Modelled on compiler and linter diagnostics: a header line, then one section
 * per part of the report in a fixed order (Findings, Plan, Indexes, Optimized
 * query, Cache strategy, Assumptions), each left out when it has nothing to say,
 * and a one-line summary. Lines are never wrapped (the terminal does that) and
 * the order is the report's own stable order, so output is deterministic.
 * Colour is ANSI escapes from one palette; without colour every palette entry is
 * the empty string, so no escape byte can reach the output. */
#include <string.h>

#include "base/sb.h"
#include "render/render.h"
#include "render/render_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

typedef struct {
    const char *sev[3]; /* indexed by severity_t */
    const char *bold, *dim, *reset;
} palette_t;

typedef struct {
    sb_t sb;
    const palette_t *p;
} text_out_t;

static const palette_t *palette(bool color)
{
    static const palette_t ansi = {
        .sev = {"\033[36m", "\033[33m", "\033[1;31m"},
        .bold = "\033[1m", .dim = "\033[2m", .reset = "\033[0m",
    };
    static const palette_t plain = {.sev = {"", "", ""}, .bold = "", .dim = "", .reset = ""};
    return color ? &ansi : &plain;
}

/* Appends text with every line (after the first, unless first too) indented. */
static void add_indented(sb_t *sb, const char *text, const char *first, const char *rest)
{
    sb_add(sb, first);
    for (const char *p = text; *p; p++) {
        sb_addc(sb, *p);
        if (*p == '\n' && p[1])
            sb_add(sb, rest);
    }
    sb_addc(sb, '\n');
}

static void section(text_out_t *o, const char *title)
{
    sb_addf(&o->sb, "\n%s%s%s\n", o->p->bold, title, o->p->reset);
}

static void header(text_out_t *o, const report_meta_t *m)
{
    sb_addf(&o->sb, "%sdbagent %s%s", o->p->bold, m->task_type ? m->task_type : "report",
            o->p->reset);
    if (m->database_type)
        sb_addf(&o->sb, " · %s", m->database_type);
    sb_addf(&o->sb, " · %d statement%s", m->statements, m->statements == 1 ? "" : "s");
    if (m->query_hash)
        sb_addf(&o->sb, " · query_hash %s", m->query_hash);
    if (m->stale)
        sb_add(&o->sb, " · stale snapshot");
    sb_addc(&o->sb, '\n');
}

static void add_evidence(text_out_t *o, const finding_t *f)
{
    if (!f->nevidence)
        return;
    sb_addf(&o->sb, "    %s", o->p->dim);
    for (int i = 0; i < f->nevidence; i++) {
        const evidence_t *e = &f->evidence[i];
        const char *v = e->value ? e->value : "null";
        bool quote = !e->is_number && e->value && strpbrk(v, " \t=\"") != NULL;
        sb_addf(&o->sb, quote ? "%s%s=\"%s\"" : "%s%s=%s", i ? " " : "", e->key, v);
    }
    sb_addf(&o->sb, "%s\n", o->p->reset);
}

static void finding(text_out_t *o, const finding_t *f)
{
    sb_addf(&o->sb, "  %s%-8s%s %s%s%s  ", o->p->sev[f->severity], severity_name(f->severity),
            o->p->reset, o->p->bold, f->rule, o->p->reset);
    render_location(&o->sb, &f->loc);
    sb_addc(&o->sb, '\n');
    add_indented(&o->sb, f->message, "    ", "    ");
    if (f->fix)
        add_indented(&o->sb, f->fix, "    fix: ", "         ");
    add_evidence(o, f);
}

static void findings(text_out_t *o, const report_t *r)
{
    if (!r->nfindings)
        return;
    section(o, "Findings");
    for (int i = 0; i < r->nfindings; i++)
        finding(o, r->findings[i]);
}

/* The plan with its share bars in the critical colour and misestimate markers in
 * the warning colour (only when colour is on; the text is the same otherwise). */
static void plan_block(text_out_t *o, const char *text)
{
    if (!text || !*text)
        return;
    section(o, "Plan");
    if (!o->p->reset[0]) {
        add_indented(&o->sb, text, "  ", "  ");
        return;
    }
    static const char bar[] = "\xe2\x96\x88", warn[] = "\xe2\x9a\xa0"; /* █ ⚠ */
    sb_add(&o->sb, "  ");
    for (const char *p = text; *p;) {
        if (!strncmp(p, bar, 3)) {
            sb_add(&o->sb, o->p->sev[SEV_CRITICAL]);
            while (!strncmp(p, bar, 3)) {
                sb_add(&o->sb, bar);
                p += 3;
            }
            sb_add(&o->sb, o->p->reset);
        } else if (!strncmp(p, warn, 3)) {
            const char *eol = strchr(p, '\n');
            size_t n = eol ? (size_t)(eol - p) : strlen(p);
            const char *bracket = memchr(p, '[', n); /* the marker ends before a condition */
            size_t mark = bracket ? (size_t)(bracket - p) : n;
            sb_addf(&o->sb, "%s%.*s%s", o->p->sev[SEV_WARNING], (int)mark, p, o->p->reset);
            p += mark;
        } else {
            sb_addc(&o->sb, *p);
            if (*p++ == '\n' && *p)
                sb_add(&o->sb, "  ");
        }
    }
    sb_addc(&o->sb, '\n');
}

static void block(text_out_t *o, const char *title, const char *text)
{
    if (!text || !*text)
        return;
    section(o, title);
    add_indented(&o->sb, text, "  ", "  ");
}

static void add_list(sb_t *sb, const char *const *items, int n, const char *sep)
{
    for (int i = 0; i < n; i++)
        sb_addf(sb, "%s%s", i ? sep : "", items[i]);
}

/* "validated by hypopg · cost 48210.5 → 12.3 · 42.0 MB · serves stmt 1, 3" */
static void index_facts(sb_t *sb, const index_advice_t *ix)
{
    sb_addf(sb, "    validated by %s", ix->validated_by ? ix->validated_by : "nothing");
    if (ix->cost_before >= 0 && ix->cost_after >= 0)
        sb_addf(sb, " · cost %.1f → %.1f", ix->cost_before, ix->cost_after);
    if (ix->size_bytes >= 0)
        sb_addf(sb, " · %.1f MB", (double)ix->size_bytes / (1024.0 * 1024.0));
    for (int i = 0; i < ix->nstatements; i++)
        sb_addf(sb, "%s%d", i ? ", " : " · serves stmt ", ix->statements[i]);
    if (ix->nserves > 0) /* a digest's index: the shapes it serves */
        sb_addf(sb, " · serves %d shape%s, %.1f%% of the workload", ix->nserves,
                ix->nserves == 1 ? "" : "s", ix->time_share * 100);
    if (ix->nserves > 0 && ix->benefit_ms >= 0)
        sb_addf(sb, " · saves up to %.3f ms", ix->benefit_ms);
    sb_addc(sb, '\n');
}

static void index_advice(text_out_t *o, const index_advice_t *ix)
{
    sb_addf(&o->sb, "  %s%s%s on %s (", o->p->bold, ix->name, o->p->reset, ix->table);
    add_list(&o->sb, ix->columns, ix->ncolumns, ", ");
    sb_addf(&o->sb, ") %s", ix->type ? ix->type : "btree");
    if (ix->ninclude) {
        sb_add(&o->sb, " include (");
        add_list(&o->sb, ix->include, ix->ninclude, ", ");
        sb_addc(&o->sb, ')');
    }
    if (ix->where)
        sb_addf(&o->sb, " where %s", ix->where);
    sb_addc(&o->sb, '\n');
    index_facts(&o->sb, ix);
    if (ix->reason)
        add_indented(&o->sb, ix->reason, "    reason: ", "            ");
    if (ix->prerequisite)
        add_indented(&o->sb, ix->prerequisite, "    ", "    ");
    if (ix->ddl)
        add_indented(&o->sb, ix->ddl, "    ", "    ");
}

static void indexes(text_out_t *o, const report_t *r)
{
    if (!r->nindexes)
        return;
    section(o, "Indexes");
    for (int i = 0; i < r->nindexes; i++)
        index_advice(o, r->indexes[i]);
}

/* Shown when there is a strategy, or statements that could have had one. */
static void cache(text_out_t *o, const report_t *r)
{
    const cache_strategy_t *c = r->cache_strategy;
    if (!c && (r->meta.statements <= 0 || r->workload))
        return;
    section(o, "Cache strategy");
    if (!c) {
        sb_add(&o->sb, "  not recommended (writes or no cache key)\n");
        return;
    }
    sb_addf(&o->sb, "  pattern: %s\n  key: %s\n  ttl: %ds\n", c->pattern, c->key, c->ttl_seconds);
    if (c->ninvalidate) {
        sb_add(&o->sb, "  invalidate on: ");
        add_list(&o->sb, c->invalidate_on, c->ninvalidate, ", ");
        sb_addc(&o->sb, '\n');
    }
    if (c->stampede_protection)
        sb_addf(&o->sb, "  stampede protection: %s\n", c->stampede_protection);
    if (c->notes)
        add_indented(&o->sb, c->notes, "  notes: ", "         ");
}

static void assumptions(text_out_t *o, const report_t *r)
{
    if (!r->nassumptions)
        return;
    section(o, "Assumptions");
    for (int i = 0; i < r->nassumptions; i++)
        add_indented(&o->sb, r->assumptions[i], "  - ", "    ");
}

/* "3 findings: 1 critical, 1 warning, 1 info · 2 indexes", or "no findings". */
static void summary(text_out_t *o, const report_t *r)
{
    sb_addc(&o->sb, '\n');
    if (!r->nfindings)
        sb_addf(&o->sb, "%sno findings%s", o->p->bold, o->p->reset);
    else
        sb_addf(&o->sb, "%s%d finding%s:%s", o->p->bold, r->nfindings,
                r->nfindings == 1 ? "" : "s", o->p->reset);
    render_counts(&o->sb, r, o->p->sev, o->p->reset);
    sb_addc(&o->sb, '\n');
}

const char *render_text(arena_t *a, const report_t *r, bool color)
{
    text_out_t o = {.p = palette(color)};
    sb_init(&o.sb, a);
    header(&o, &r->meta);
    if (r->workload)
        render_workload_text(&o.sb, a, r->workload, color);
    findings(&o, r);
    plan_block(&o, r->query_plan);
    indexes(&o, r);
    block(&o, "Optimized query", r->optimized_query);
    cache(&o, r);
    assumptions(&o, r);
    summary(&o, r);
    return sb_str(&o.sb);
}
