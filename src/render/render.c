/* render.c — choosing the renderer, and errors in text form. */
#include "render/render.h"

#include <stdio.h>
#include <string.h>

#include "base/sb.h"
#include "render/render_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

int render_format_parse(const char *name)
{
    static const char *const names[] = {"json", "text", "markdown", "sarif", "html"};
    for (int i = 0; name && i < 5; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

const char *render_report(arena_t *a, const report_t *r, const render_opts_t *o)
{
    switch (o->format) {
    case FMT_TEXT: return render_text(a, r, o->color);
    case FMT_MARKDOWN: return render_markdown(a, r);
    case FMT_SARIF: return render_sarif(a, r, NULL, 0);
    case FMT_HTML: return render_html(a, r);
    default: return render_json(a, r, o->compact);
    }
}

/* The source line an error points at, and a caret under its column. */
static void add_caret(sb_t *sb, const char *source, int line, int column)
{
    const char *p = source;
    for (int l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (!p)
        return;
    size_t len = strcspn(p, "\n");
    sb_addf(sb, "  %d | ", line);
    sb_addn(sb, p, len);
    sb_add(sb, "\n");
    int width = snprintf(NULL, 0, "  %d | ", line);
    for (int i = 0; i < width; i++)
        sb_addc(sb, ' ');
    for (int i = 1; i < column; i++)
        sb_addc(sb, p[i - 1] == '\t' ? '\t' : ' ');
    sb_add(sb, "^\n");
}

const char *render_error(arena_t *a, const err_t *e, const char *source, const render_opts_t *o)
{
    if (o->format == FMT_JSON || o->format == FMT_SARIF)
        return render_json_error(a, e, o->compact);
    sb_t sb;
    sb_init(&sb, a);
    bool c = o->color && o->format == FMT_TEXT;
    sb_addf(&sb, "%serror%s[%s]: %s", c ? "\033[1;31m" : "", c ? "\033[0m" : "",
            err_code_name(e->code), e->message);
    if (e->line)
        sb_addf(&sb, " (line %d, column %d)", e->line, e->column);
    if (e->path[0])
        sb_addf(&sb, " at %s", e->path);
    sb_add(&sb, "\n");
    if (source && e->line)
        add_caret(&sb, source, e->line, e->column);
    return sb_str(&sb);
}

void render_location(sb_t *sb, const qm_loc_t *l)
{
    if (l->statement)
        sb_addf(sb, "stmt %d", l->statement);
    else
        sb_add(sb, "schema");
    if (l->line)
        sb_addf(sb, "%sline %d", l->statement ? ", " : " ", l->line);
    if (l->line && l->column)
        sb_addf(sb, ":%d", l->column);
}

void render_counts(sb_t *sb, const report_t *r, const char *const open[3], const char *close)
{
    static const char *const label[3] = {"info", "warning", "critical"};
    int count[3] = {0, 0, 0};
    for (int i = 0; i < r->nfindings; i++)
        count[r->findings[i]->severity]++;
    for (int s = SEV_CRITICAL, first = 1; s >= SEV_INFO; s--) {
        if (!count[s])
            continue;
        sb_addf(sb, "%s %s%d %s%s%s", first ? "" : ",", open[s], count[s], label[s],
                s == SEV_WARNING && count[s] > 1 ? "s" : "", close);
        first = 0;
    }
    if (r->nindexes)
        sb_addf(sb, " · %d index%s", r->nindexes, r->nindexes == 1 ? "" : "es");
}
