/* html.c — the report as one self-contained HTML page (being written). */
#include "render/render.h"

#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

const char *render_html(arena_t *a, const report_t *r)
{
    sb_t sb;
    sb_init(&sb, a);
    sb_addf(&sb, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>dbagent %s</title></head>"
                 "<body></body></html>\n", r->meta.task_type ? r->meta.task_type : "report");
    return sb_str(&sb);
}
