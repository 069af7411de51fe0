/* render_int.h — pieces the text and markdown renderers share (private to render/). */
#ifndef DBAGENT_RENDER_INT_H
#define DBAGENT_RENDER_INT_H

#include "base/jsonw.h"
#include "base/sb.h"
#include "model/report.h"

/* "stmt 2, line 3:14", "stmt 2", "schema line 7" or "schema". */
void render_location(sb_t *sb, const qm_loc_t *l);
/* " 1 critical, 2 warnings, 1 info · 2 indexes": the counts after a summary's
 * heading; open[severity] and close wrap each count (colour codes, or ""). */
void render_counts(sb_t *sb, const report_t *r, const char *const open[3], const char *close);

/* Epoch milliseconds as "2026-11-29 17:54:57.123" (UTC); "" for 0 (unknown). */
const char *render_time(arena_t *a, long long ms);
/* The digest's workload as the report's "workload" member. */
void render_workload_json(jsonw_t *w, arena_t *a, const workload_t *wl);
/* The digest's top shapes and summary, for text (colour codes or "") and markdown. */
void render_workload_text(sb_t *sb, arena_t *a, const workload_t *wl, bool color);
void render_workload_markdown(sb_t *sb, arena_t *a, const workload_t *wl);

#endif
