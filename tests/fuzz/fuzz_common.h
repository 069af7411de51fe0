/* fuzz_common.h — what every dbagent fuzz target does after the engine ran.
 *
 * A report is rendered in every format, an error in JSON and as text with the
 * caret under its column (the source is what the error's line/column point
 * into), so the renderers are fuzzed along with the parsers that feed them.
 * Rendered strings are only touched, never printed: libFuzzer runs silently. */
#ifndef DBAGENT_FUZZ_COMMON_H
#define DBAGENT_FUZZ_COMMON_H

#include <string.h>

#include "render/render.h"
#include "task/task.h"

/* Reads every byte of s, so a missing NUL or a dangling pointer is an ASan report. */
static inline void fuzz_touch(const char *s)
{
    volatile size_t n = s ? strlen(s) : 0;
    (void)n;
}

static inline void fuzz_render(arena_t *a, int rc, const report_t *report, const err_t *err,
                               const char *source)
{
    static const render_opts_t formats[] = {
        {.format = FMT_JSON},
        {.format = FMT_JSON, .compact = true},
        {.format = FMT_TEXT},
        {.format = FMT_TEXT, .color = true},
        {.format = FMT_MARKDOWN},
        {.format = FMT_HTML},
    };
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        if (rc == 0)
            fuzz_touch(render_report(a, report, &formats[i]));
        else
            fuzz_touch(render_error(a, err, source, &formats[i]));
    }
}

/* A NUL-terminated copy of the input, in the arena. */
static inline char *fuzz_cstr(arena_t *a, const uint8_t *data, size_t size)
{
    return arena_strndup(a, (const char *)data, size);
}

#endif
