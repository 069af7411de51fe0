/* workload.c — the digest's workload in JSON, text and markdown. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/render.h"
#include "render/render_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

const char *render_time(arena_t *a, long long ms)
{
    if (!ms)
        return "";
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    return arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* Milliseconds to three decimals, as numbers. */
static void ms_kv(jsonw_t *w, const char *key, double v, bool known)
{
    jw_key(w, key);
    if (!known)
        jw_null(w);
    else if (v == floor(v) && fabs(v) < 9e15)
        jw_int(w, (long long)v);
    else
        jw_real(w, round(v * 1000) / 1000);
}

static void time_kv(jsonw_t *w, arena_t *a, const char *key, long long ms)
{
    jw_kv_string(w, key, ms ? render_time(a, ms) : NULL);
}

static void hours_json(jsonw_t *w, arena_t *a, const wl_hour_t *h, int n)
{
    jw_key(w, "hours");
    jw_array(w);
    for (int i = 0; i < n; i++) {
        jw_object(w);
        time_kv(w, a, "hour", h[i].hour_ms);
        jw_kv_int(w, "count", h[i].count);
        ms_kv(w, "total_ms", h[i].total_ms, true);
        jw_object_end(w);
    }
    jw_array_end(w);
}

static void summary_json(jsonw_t *w, arena_t *a, const workload_t *wl)
{
    const wl_summary_t *s = &wl->summary;
    jw_key(w, "summary");
    jw_object(w);
    jw_kv_int(w, "queries", s->queries);
    jw_kv_int(w, "distinct", s->distinct);
    ms_kv(w, "total_ms", s->total_ms, true);
    time_kv(w, a, "first_seen", s->first_seen);
    time_kv(w, a, "last_seen", s->last_seen);
    time_kv(w, a, "busiest_hour", s->busiest_hour);
    jw_kv_int(w, "busiest_hour_count", s->busiest_hour_count);
    ms_kv(w, "p50_ms", s->p50_ms, s->total_ms > 0);
    ms_kv(w, "p95_ms", s->p95_ms, s->total_ms > 0);
    ms_kv(w, "p99_ms", s->p99_ms, s->total_ms > 0);
    jw_kv_int(w, "quantile_error_pct", wl->sketch_error_pct);
    jw_kv_int(w, "bytes", s->bytes);
    jw_kv_int(w, "skipped", s->skipped);
    jw_key(w, "skipped_lines");
    jw_array(w);
    for (int i = 0; i < s->nskipped_lines; i++) {
        jw_object(w);
        jw_kv_string(w, "file", s->skipped_files[i]);
        jw_kv_int(w, "line", s->skipped_lines[i]);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_key(w, "files");
    jw_array(w);
    for (int i = 0; i < s->nfiles; i++) {
        jw_object(w);
        jw_kv_string(w, "name", s->files[i]);
        jw_kv_string(w, "format", s->formats[i]);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_object_end(w);
}

static void query_json(jsonw_t *w, arena_t *a, const wl_query_t *q)
{
    jw_object(w);
    jw_kv_string(w, "fingerprint", q->fingerprint);
    jw_kv_string(w, "query", q->query);
    jw_kv_string(w, "example", q->example);
    ms_kv(w, "example_ms", q->example_ms, q->timed && q->example_ms >= 0);
    jw_kv_string(w, "example_at", q->example_file
                                      ? arena_printf(a, "%s:%lld", q->example_file, q->example_line)
                                      : NULL);
    jw_kv_int(w, "calls", q->calls);
    ms_kv(w, "total_ms", q->total_ms, q->timed);
    ms_kv(w, "mean_ms", q->mean_ms, q->timed);
    ms_kv(w, "min_ms", q->min_ms, q->timed);
    ms_kv(w, "max_ms", q->max_ms, q->timed);
    ms_kv(w, "p50_ms", q->p50_ms, q->timed);
    ms_kv(w, "p95_ms", q->p95_ms, q->timed);
    ms_kv(w, "p99_ms", q->p99_ms, q->timed);
    jw_key(w, "share");
    jw_real(w, round(q->share * 10000) / 10000);
    jw_key(w, "rows");
    if (q->rows < 0)
        jw_null(w);
    else
        jw_int(w, q->rows);
    jw_kv_strings(w, "databases", q->databases, q->ndatabases);
    jw_kv_strings(w, "users", q->users, q->nusers);
    jw_kv_strings(w, "applications", q->applications, q->napplications);
    time_kv(w, a, "first_seen", q->first_seen);
    time_kv(w, a, "last_seen", q->last_seen);
    hours_json(w, a, q->hours, q->nhours);
    jw_object_end(w);
}

void render_workload_json(jsonw_t *w, arena_t *a, const workload_t *wl)
{
    jw_key(w, "workload");
    jw_object(w);
    summary_json(w, a, wl);
    jw_key(w, "queries");
    jw_array(w);
    for (int i = 0; i < wl->nqueries; i++)
        query_json(w, a, &wl->queries[i]);
    jw_array_end(w);
    hours_json(w, a, wl->summary.hours, wl->summary.nhours);
    jw_key(w, "latency");
    jw_array(w);
    for (int i = 0; i < wl->summary.nlatency; i++) {
        const wl_bucket_t *b = &wl->summary.latency[i];
        jw_object(w);
        ms_kv(w, "low_ms", b->low_ms, true);
        ms_kv(w, "high_ms", b->high_ms, true);
        jw_kv_int(w, "count", b->count);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_object_end(w);
}

/* ---- text and markdown ------------------------------------------------------ */

/* The query on one line, cut to width characters (UTF-8 aware enough: never
 * cuts inside a multi-byte sequence). */
static const char *one_line(arena_t *a, const char *q, size_t width)
{
    sb_t sb;
    sb_init(&sb, a);
    size_t shown = 0;
    for (const char *p = q; *p && shown < width; p++) {
        char c = *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p;
        if (c == ' ' && sb.len && sb.buf[sb.len - 1] == ' ')
            continue;
        sb_addc(&sb, c);
        if (((unsigned char)c & 0xC0) != 0x80)
            shown++;
    }
    while (sb.len && ((unsigned char)sb.buf[sb.len - 1] & 0x80)) {
        /* drop a trailing partial sequence */
        size_t k = sb.len;
        while (k > 0 && ((unsigned char)sb.buf[k - 1] & 0xC0) == 0x80)
            k--;
        if (k == 0)
            break;
        unsigned char lead = (unsigned char)sb.buf[k - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (sb.len - (k - 1) >= need)
            break;
        sb_truncate(&sb, k - 1);
    }
    if (strlen(q) > sb.len)
        sb_add(&sb, "…");
    return sb_str(&sb);
}

static const char *span(arena_t *a, const wl_summary_t *s)
{
    if (!s->first_seen)
        return "unknown";
    double secs = (double)(s->last_seen - s->first_seen) / 1000;
    return arena_printf(a, "%s → %s (%.0f s)", render_time(a, s->first_seen),
                        render_time(a, s->last_seen), secs);
}

void render_workload_text(sb_t *sb, arena_t *a, const workload_t *wl, bool color)
{
    const wl_summary_t *s = &wl->summary;
    const char *b = color ? "\033[1m" : "", *dim = color ? "\033[2m" : "", *off = color ? "\033[0m" : "";
    sb_addf(sb, "%sWorkload%s  %lld statements, %lld shapes, %.3f ms in all\n", b, off, s->queries,
            s->distinct, s->total_ms);
    sb_addf(sb, "  time span      %s\n", span(a, s));
    if (s->busiest_hour)
        sb_addf(sb, "  busiest hour   %s (%lld statements)\n", render_time(a, s->busiest_hour),
                s->busiest_hour_count);
    if (s->total_ms > 0)
        sb_addf(sb, "  latency        p50 %.3f ms · p95 %.3f ms · p99 %.3f ms (±%d%%)\n", s->p50_ms,
                s->p95_ms, s->p99_ms, wl->sketch_error_pct);
    if (s->skipped)
        sb_addf(sb, "  skipped        %lld malformed line%s (first %s:%lld)\n", s->skipped,
                s->skipped == 1 ? "" : "s", s->skipped_files[0], s->skipped_lines[0]);
    sb_addf(sb, "\n%sTop shapes by total time%s\n", b, off);
    sb_addf(sb, "  %s%-3s %-16s %9s %12s %10s %10s %6s  query%s\n", dim, "#", "fingerprint", "calls",
            "total ms", "mean ms", "p95 ms", "share", off);
    for (int i = 0; i < wl->nqueries && i < 20; i++) {
        const wl_query_t *q = &wl->queries[i];
        if (q->timed)
            sb_addf(sb, "  %-3d %-16s %9lld %12.3f %10.3f %10.3f %5.1f%%  %s\n", i + 1,
                    q->fingerprint, q->calls, q->total_ms, q->mean_ms, q->p95_ms, q->share * 100,
                    one_line(a, q->query, 60));
        else /* no durations: say so rather than print zeros */
            sb_addf(sb, "  %-3d %-16s %9lld %12s %10s %10s %6s  %s\n", i + 1, q->fingerprint,
                    q->calls, "-", "-", "-", "-", one_line(a, q->query, 60));
    }
    if (wl->nqueries > 20)
        sb_addf(sb, "  %s… %d more shapes (json, markdown or html for all)%s\n", dim,
                wl->nqueries - 20, off);
    sb_add(sb, "\n");
}

/* A markdown table cell: pipes escaped, on one line. */
static const char *cell(arena_t *a, const char *s, size_t width)
{
    const char *line = one_line(a, s, width);
    sb_t sb;
    sb_init(&sb, a);
    for (const char *p = line; *p; p++) {
        if (*p == '|')
            sb_add(&sb, "\\|");
        else if (*p == '`')
            sb_addc(&sb, '\'');
        else
            sb_addc(&sb, *p);
    }
    return sb_str(&sb);
}

void render_workload_markdown(sb_t *sb, arena_t *a, const workload_t *wl)
{
    const wl_summary_t *s = &wl->summary;
    sb_add(sb, "## Workload\n\n");
    sb_addf(sb, "- **%lld** statements, **%lld** shapes, **%.3f ms** in all\n", s->queries,
            s->distinct, s->total_ms);
    sb_addf(sb, "- time span: %s\n", span(a, s));
    if (s->busiest_hour)
        sb_addf(sb, "- busiest hour: %s (%lld statements)\n", render_time(a, s->busiest_hour),
                s->busiest_hour_count);
    if (s->total_ms > 0)
        sb_addf(sb, "- latency: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms (within %d%%)\n", s->p50_ms,
                s->p95_ms, s->p99_ms, wl->sketch_error_pct);
    if (s->skipped)
        sb_addf(sb, "- skipped: %lld malformed line%s (first %s:%lld)\n", s->skipped,
                s->skipped == 1 ? "" : "s", s->skipped_files[0], s->skipped_lines[0]);
    sb_add(sb, "\n### Top shapes by total time\n\n");
    sb_add(sb, "| # | fingerprint | calls | total ms | mean ms | p95 ms | share | query |\n");
    sb_add(sb, "|--:|---|--:|--:|--:|--:|--:|---|\n");
    for (int i = 0; i < wl->nqueries && i < 50; i++) {
        const wl_query_t *q = &wl->queries[i];
        sb_addf(sb, "| %d | `%s` | %lld | %.3f | %.3f | %.3f | %.1f%% | `%s` |\n", i + 1,
                q->fingerprint, q->calls, q->total_ms, q->mean_ms, q->p95_ms, q->share * 100,
                cell(a, q->query, 120));
    }
    sb_add(sb, "\n");
}
