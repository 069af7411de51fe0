/* markdown.c — the report as GitHub-flavoured markdown (a PR comment, a wiki page).
 *
 * Same content and order as the text renderer: summary, findings table and fix
 * bullets, plan, indexes table and DDL, optimized query, cache strategy,
 * assumptions; a section is left out when it has nothing to say. Report text is
 * escaped (`|` everywhere, emphasis and link punctuation, newlines as <br>), and
 * code spans and fences are made longer than any backtick run in their content,
 * so no message, fix or SQL can break the layout. */
#include <string.h>

#include "base/sb.h"
#include "render/render.h"
#include "render/render_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static bool is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Report text as literal markdown: punctuation that would start emphasis, a link,
 * HTML or a code span is backslash-escaped; `|` always (tables), and newlines
 * become <br> so a value stays inside its table cell or bullet. An underscore
 * inside a word (user_id) cannot start emphasis in GFM and is left alone. */
static void add_text(sb_t *sb, const char *s)
{
    for (const char *p = s; p && *p; p++) {
        bool inner_us = *p == '_' && p > s && is_word(p[-1]) && is_word(p[1]);
        if (*p == '\n')
            sb_add(sb, "<br>");
        else if (strchr("\\`*_[]<>|", *p) && !inner_us)
            sb_addf(sb, "\\%c", *p);
        else
            sb_addc(sb, *p);
    }
}

/* Text inside a code span in a table cell: only `|` and newlines need care. */
static void add_cell(sb_t *sb, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            sb_add(sb, "\\|");
        else if (*s == '\n')
            sb_add(sb, " ");
        else
            sb_addc(sb, *s);
    }
}

static int longest_backtick_run(const char *s)
{
    int best = 0, run = 0;
    for (; s && *s; s++) {
        run = *s == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

/* An inline code span that survives backticks in s (cell-escaped when in_cell). */
static void add_code(sb_t *sb, const char *s, bool in_cell)
{
    int n = longest_backtick_run(s) + 1;
    const char *pad = n > 1 ? " " : "";
    sb_repeat(sb, "`", n);
    sb_add(sb, pad);
    if (in_cell)
        add_cell(sb, s);
    else
        sb_add(sb, s);
    sb_add(sb, pad);
    sb_repeat(sb, "`", n);
}

static void fence_open(sb_t *sb, int len, const char *lang)
{
    sb_add(sb, "\n");
    sb_repeat(sb, "`", len);
    sb_addf(sb, "%s\n", lang);
}

static void fence_close(sb_t *sb, int len)
{
    sb_repeat(sb, "`", len);
    sb_add(sb, "\n");
}

static void fenced(sb_t *sb, const char *lang, const char *text)
{
    int len = longest_backtick_run(text) + 1;
    len = len < 3 ? 3 : len;
    fence_open(sb, len, lang);
    sb_add(sb, text);
    if (*text && text[strlen(text) - 1] != '\n')
        sb_addc(sb, '\n');
    fence_close(sb, len);
}

static void section(sb_t *sb, const char *title)
{
    sb_addf(sb, "\n## %s\n", title);
}

static void header(sb_t *sb, const report_meta_t *m)
{
    sb_add(sb, "# dbagent report\n\n");
    sb_addf(sb, "**Task:** %s · ", m->task_type ? m->task_type : "unknown");
    if (m->database_type)
        sb_addf(sb, "**Database:** %s · ", m->database_type);
    sb_addf(sb, "**Statements:** %d", m->statements);
    if (m->query_hash)
        sb_addf(sb, " · **Query hash:** `%s`", m->query_hash);
    if (m->stale)
        sb_add(sb, " · **stale snapshot**");
    sb_add(sb, "\n");
}

/* "**3 findings:** 1 critical, 1 warning, 1 info · 2 indexes", or "no findings". */
static void summary(sb_t *sb, const report_t *r)
{
    static const char *const plain[3] = {"", "", ""};
    if (!r->nfindings)
        sb_add(sb, "\n**no findings**");
    else
        sb_addf(sb, "\n**%d finding%s:**", r->nfindings, r->nfindings == 1 ? "" : "s");
    render_counts(sb, r, plain, "");
    sb_add(sb, "\n");
}

static void finding_row(sb_t *sb, const finding_t *f)
{
    sb_addf(sb, "| %s | ", severity_name(f->severity));
    add_code(sb, f->rule, true);
    sb_add(sb, " | ");
    render_location(sb, &f->loc);
    sb_add(sb, " | ");
    add_text(sb, f->message);
    sb_add(sb, " |\n");
}

static void evidence(sb_t *sb, const finding_t *f)
{
    if (!f->nevidence)
        return;
    sb_add(sb, "  - evidence:");
    for (int i = 0; i < f->nevidence; i++) {
        const evidence_t *e = &f->evidence[i];
        sb_add(sb, i ? ", " : " ");
        add_code(sb, arena_printf(sb->arena, "%s=%s", e->key, e->value ? e->value : "null"),
                 false);
    }
    sb_add(sb, "\n");
}

/* One bullet per finding with a fix or evidence: "- `rule` (loc): fix". */
static void fix_bullets(sb_t *sb, const report_t *r)
{
    bool any = false;
    for (int i = 0; i < r->nfindings; i++) {
        const finding_t *f = r->findings[i];
        if (!f->fix && !f->nevidence)
            continue;
        sb_add(sb, any ? "- " : "\n- ");
        any = true;
        add_code(sb, f->rule, false);
        sb_add(sb, " (");
        render_location(sb, &f->loc);
        sb_add(sb, ")");
        if (f->fix) {
            sb_add(sb, ": ");
            add_text(sb, f->fix);
        }
        sb_add(sb, "\n");
        evidence(sb, f);
    }
}

static void findings(sb_t *sb, const report_t *r)
{
    if (!r->nfindings)
        return;
    section(sb, "Findings");
    sb_add(sb, "\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n");
    for (int i = 0; i < r->nfindings; i++)
        finding_row(sb, r->findings[i]);
    fix_bullets(sb, r);
}

static void block(sb_t *sb, const char *title, const char *lang, const char *text)
{
    if (!text || !*text)
        return;
    section(sb, title);
    fenced(sb, lang, text);
}

static void cell_list(sb_t *sb, const char *const *items, int n)
{
    for (int i = 0; i < n; i++) {
        sb_add(sb, i ? ", " : "");
        add_text(sb, items[i]);
    }
}

static void index_row(sb_t *sb, const index_advice_t *ix)
{
    sb_add(sb, "| ");
    add_code(sb, ix->name, true);
    sb_add(sb, " | ");
    add_text(sb, ix->table);
    sb_add(sb, " | ");
    cell_list(sb, ix->columns, ix->ncolumns);
    if (ix->ninclude) {
        sb_add(sb, " include (");
        cell_list(sb, ix->include, ix->ninclude);
        sb_add(sb, ")");
    }
    if (ix->where) {
        sb_add(sb, " where ");
        add_text(sb, ix->where);
    }
    sb_addf(sb, " | %s | %s | ", ix->type ? ix->type : "btree",
            ix->validated_by ? ix->validated_by : "");
    if (ix->cost_before >= 0 && ix->cost_after >= 0)
        sb_addf(sb, "%.1f → %.1f", ix->cost_before, ix->cost_after);
    if (ix->nserves > 0)
        sb_addf(sb, "serves %d shape%s, %.1f%% of time", ix->nserves, ix->nserves == 1 ? "" : "s",
                ix->time_share * 100);
    sb_add(sb, " | ");
    add_text(sb, ix->reason);
    sb_add(sb, " |\n");
}

/* Prerequisites first (deduplicated when adjacent), then every index's DDL. */
static const char *all_ddl(arena_t *a, const report_t *r)
{
    sb_t ddl;
    sb_init(&ddl, a);
    const char *last_pre = NULL;
    for (int i = 0; i < r->nindexes; i++) {
        const char *pre = r->indexes[i]->prerequisite;
        if (pre && (!last_pre || strcmp(pre, last_pre)))
            sb_addf(&ddl, "%s\n", pre);
        last_pre = pre ? pre : last_pre;
    }
    for (int i = 0; i < r->nindexes; i++)
        if (r->indexes[i]->ddl)
            sb_addf(&ddl, "%s\n", r->indexes[i]->ddl);
    return sb_str(&ddl);
}

static void indexes(sb_t *sb, const report_t *r)
{
    if (!r->nindexes)
        return;
    section(sb, "Indexes");
    sb_add(sb, "\n| Name | Table | Columns | Type | Validated by | Cost | Reason |\n"
               "|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < r->nindexes; i++)
        index_row(sb, r->indexes[i]);
    fenced(sb, "sql", all_ddl(sb->arena, r));
}

static void cache_fields(sb_t *sb, const cache_strategy_t *c)
{
    sb_add(sb, "- **Pattern:** ");
    add_text(sb, c->pattern);
    sb_add(sb, "\n- **Key:** ");
    add_code(sb, c->key, false);
    sb_addf(sb, "\n- **TTL:** %d s\n", c->ttl_seconds);
    if (c->ninvalidate) {
        sb_add(sb, "- **Invalidate on:** ");
        for (int i = 0; i < c->ninvalidate; i++) {
            sb_add(sb, i ? ", " : "");
            add_code(sb, c->invalidate_on[i], false);
        }
        sb_add(sb, "\n");
    }
    if (c->stampede_protection) {
        sb_add(sb, "- **Stampede protection:** ");
        add_text(sb, c->stampede_protection);
        sb_add(sb, "\n");
    }
    if (c->notes) {
        sb_add(sb, "- **Notes:** ");
        add_text(sb, c->notes);
        sb_add(sb, "\n");
    }
}

/* Shown when there is a strategy, or statements that could have had one. */
static void cache(sb_t *sb, const report_t *r)
{
    if (!r->cache_strategy && (r->meta.statements <= 0 || r->workload))
        return;
    section(sb, "Cache strategy");
    sb_add(sb, "\n");
    if (r->cache_strategy)
        cache_fields(sb, r->cache_strategy);
    else
        sb_add(sb, "Not recommended (writes or no cache key).\n");
}

static void assumptions(sb_t *sb, const report_t *r)
{
    if (!r->nassumptions)
        return;
    section(sb, "Assumptions");
    sb_add(sb, "\n");
    for (int i = 0; i < r->nassumptions; i++) {
        sb_add(sb, "- ");
        add_text(sb, r->assumptions[i]);
        sb_add(sb, "\n");
    }
}

const char *render_markdown(arena_t *a, const report_t *r)
{
    sb_t sb;
    sb_init(&sb, a);
    header(&sb, &r->meta);
    summary(&sb, r);
    if (r->workload)
        render_workload_markdown(&sb, a, r->workload);
    findings(&sb, r);
    block(&sb, "Plan", "text", r->query_plan);
    indexes(&sb, r);
    block(&sb, "Optimized query", "sql", r->optimized_query);
    cache(&sb, r);
    assumptions(&sb, r);
    return sb_str(&sb);
}
