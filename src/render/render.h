/* render.h — reports and errors as JSON, text or markdown.
 *
 * Renderers read only the report; they never change it. Output is a string in
 * the arena. Text output uses colour only when asked (the CLI decides from the
 * terminal and NO_COLOR). */
#ifndef DBAGENT_RENDER_H
#define DBAGENT_RENDER_H

#include <stdbool.h>

#include "base/err.h"
#include "model/report.h"

typedef enum { FMT_JSON, FMT_TEXT, FMT_MARKDOWN, FMT_SARIF, FMT_HTML } format_t;

typedef struct {
    format_t format;
    bool color;    /* text only */
    bool compact;  /* json: one line (for --jsonl) */
} render_opts_t;

/* Parses "json" | "text" | "markdown" | "sarif" | "html"; -1 when unknown. */
int render_format_parse(const char *name);

const char *render_report(arena_t *a, const report_t *r, const render_opts_t *o);
/* An error; source (may be NULL) is the text the line/column point into, so the
 * text format can show the line with a caret under the column. */
const char *render_error(arena_t *a, const err_t *e, const char *source, const render_opts_t *o);

/* Per-format entry points, used by render_report. */
const char *render_json(arena_t *a, const report_t *r, bool compact);
const char *render_json_error(arena_t *a, const err_t *e, bool compact);
const char *render_text(arena_t *a, const report_t *r, bool color);
const char *render_markdown(arena_t *a, const report_t *r);
/* One self-contained HTML page (inline CSS and SVG charts, no external assets). */
const char *render_html(arena_t *a, const report_t *r);
/* SARIF 2.1.0 for CI; files name the artifacts findings point into. */
const char *render_sarif(arena_t *a, const report_t *r, const char *const *files, int nfiles);

#endif
