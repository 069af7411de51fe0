/* html.c — the report as one self-contained HTML page (`--format html -o report.html`).
 *
 * One file a person can open, mail or attach to a ticket: the CSS is inline, the
 * charts are SVG drawn here, there is no script and nothing is fetched (no font,
 * image or stylesheet by URL), so the page looks the same offline and in a
 * sandboxed viewer. A digest report (workload != NULL) gets summary cards, three
 * charts (top shapes by total time, latency histogram, statements per hour), the
 * findings, indexes and the queries table; every other task gets the same page
 * without the workload parts but with its plan, rewrite, cache strategy, database
 * choice and migration locks.
 *
 * Invariants: every string from the report goes through add_esc (&<>"' and
 * control characters), in SVG text too; every element opened is closed, so the
 * page is balanced for tests and tools that parse it; numbers print with fixed
 * precision and times in UTC, so the same report renders to the same bytes. The
 * only volatile value, elapsed_ms, sits in <span class="elapsed"> for goldens to
 * mask. */
#include "render/render.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/sb.h"
#include "render/render_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

enum {
    TOP_SHAPES = 20,    /* bars in the top-shapes chart */
    LABEL_CHARS = 52,   /* query text in a bar label, monospace characters */
    TITLE_CHARS = 600,  /* query text in a bar's hover title */
    CHART_W = 1100,     /* SVG user units; the page's content width at desktop size */
};

#define HOUR_MS 3600000LL
#define YEAR_10000_MS 253402300800000LL /* timestamps past it are garbage, not time */
#define MIN_AXIS_MS 1e-6                /* a log axis spans at most 1 ns .. 30 years */
#define MAX_AXIS_MS 1e12

/* ---- text -------------------------------------------------------------------- */

/* Report text as HTML character data or attribute value. C0 controls (but tab and
 * newlines) become U+FFFD: they are parse errors in HTML and invisible anyway. */
static void add_escn(sb_t *sb, const char *s, size_t n)
{
    for (size_t i = 0; s && i < n && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': sb_add(sb, "&amp;"); break;
        case '<': sb_add(sb, "&lt;"); break;
        case '>': sb_add(sb, "&gt;"); break;
        case '"': sb_add(sb, "&quot;"); break;
        case '\'': sb_add(sb, "&#39;"); break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                sb_add(sb, "&#xFFFD;");
            else
                sb_addc(sb, (char)c);
        }
    }
}

static void add_esc(sb_t *sb, const char *s)
{
    if (s)
        add_escn(sb, s, strlen(s));
}

/* Bytes in the UTF-8 sequence at p; 1 for a stray or truncated byte, so a cut
 * made at a sequence boundary never splits a character. */
static size_t utf8_len(const unsigned char *p)
{
    size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xf0 && p[0] < 0xf8 ? 4 : p[0] >= 0xe0 ? 3
             : p[0] >= 0xc0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 1;
    return n;
}

/* Appends s (escaped) to sb with whitespace runs folded into one space and the
 * ends trimmed, as far as the first max characters go (max < 0: no limit; sb
 * NULL: append nothing); returns how many characters the folded text has in all.
 * A space is only written together with the character after it. */
static int fold_spaces(sb_t *sb, const char *s, int max)
{
    int count = 0;
    bool pending = false;
    for (const unsigned char *p = (const unsigned char *)s; p && *p;) {
        if (isspace(*p)) {
            pending = count > 0;
            p++;
            continue;
        }
        size_t len = utf8_len(p);
        int need = pending + 1;
        if (sb && (max < 0 || count + need <= max)) {
            if (pending)
                sb_addc(sb, ' ');
            add_escn(sb, (const char *)p, len);
        }
        count += need;
        pending = false;
        p += len;
    }
    return count;
}

/* s on one line, escaped, at most max characters; a cut ends in an ellipsis. */
static void add_short(sb_t *sb, const char *s, int max)
{
    if (fold_spaces(NULL, s, -1) <= max) {
        fold_spaces(sb, s, -1);
        return;
    }
    fold_spaces(sb, s, max - 1);
    sb_add(sb, "\xe2\x80\xa6"); /* … */
}

/* 1234567 → "1,234,567". */
static void add_count(sb_t *sb, long long v)
{
    char digits[32];
    unsigned long long magnitude = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    int n = snprintf(digits, sizeof(digits), "%llu", magnitude);
    if (v < 0)
        sb_addc(sb, '-');
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            sb_addc(sb, ',');
        sb_addc(sb, digits[i]);
    }
}

/* "1 statement", "12,345 statements". */
static void add_statements(sb_t *sb, long long n)
{
    add_count(sb, n);
    sb_add(sb, n == 1 ? " statement" : " statements");
}

/* A duration in the unit a person reads fastest, with fixed precision. */
static void add_dur(sb_t *sb, double ms)
{
    if (!isfinite(ms) || ms < 0)
        sb_add(sb, "\xe2\x80\x94"); /* — */
    else if (ms == 0)
        sb_add(sb, "0 ms");
    else if (ms < 1)
        sb_addf(sb, "%.3f ms", ms);
    else if (ms < 10)
        sb_addf(sb, "%.2f ms", ms);
    else if (ms < 1000)
        sb_addf(sb, "%.1f ms", ms);
    else if (ms < 60e3)
        sb_addf(sb, "%.2f s", ms / 1e3);
    else if (ms < 3600e3)
        sb_addf(sb, "%.1f min", ms / 60e3);
    else if (ms < 48 * 3600e3)
        sb_addf(sb, "%.1f h", ms / 3600e3);
    else
        sb_addf(sb, "%.1f d", ms / 86400e3);
}

/* A share of 0..1 as "42.1%". */
static void add_pct(sb_t *sb, double share)
{
    sb_addf(sb, "%.1f%%", isfinite(share) && share > 0 ? share * 100 : 0.0);
}

/* An axis value: 950, 2,500, 25k, 1.5M. */
static void add_si(sb_t *sb, double v)
{
    static const struct { double div; const char *unit; } units[] = {
        {1e9, "G"}, {1e6, "M"}, {1e4, "k"},
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (v < units[i].div)
            continue;
        double d = units[i].div == 1e4 ? 1e3 : units[i].div;
        double x = v / d;
        sb_addf(sb, x == floor(x) ? "%.0f%s" : "%.1f%s", x, units[i].unit);
        return;
    }
    add_count(sb, (long long)v);
}

static bool utc(long long ms, struct tm *tm)
{
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
    return gmtime_r(&t, tm) != NULL;
}

/* An epoch-millisecond time in UTC with a strftime format; "unknown" for 0. */
static void add_time(sb_t *sb, long long ms, const char *fmt)
{
    struct tm tm;
    char buf[64];
    if (ms <= 0 || !utc(ms, &tm) || !strftime(buf, sizeof(buf), fmt, &tm)) {
        sb_add(sb, "unknown");
        return;
    }
    sb_add(sb, buf);
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "\xe2\x80\x94";
}

/* ---- page frame ---------------------------------------------------------------- */

/* Light by default, dark when the system asks; charts take their colours from
 * the same variables, so they follow. */
static const char css[] =
    ":root{--bg:#f6f7f9;--fg:#1f2328;--muted:#636c76;--card:#fff;--line:#d8dee4;"
    "--soft:#f0f2f5;--bar:#3b73d9;--bar-hover:#1f56b8;--grid:#e7eaee;"
    "--crit:#c62828;--warn:#b26a00;--info:#1f6feb;--ok:#2e7d32;color-scheme:light dark}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;"
    "--card:#161b22;--line:#30363d;--soft:#1f242c;--bar:#4f8fea;--bar-hover:#79adf5;"
    "--grid:#262c35;--crit:#f0605a;--warn:#d9a23a;--info:#58a6ff;--ok:#56b35c}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:14px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
    "main{max-width:1200px;margin:0 auto;padding:28px 20px 40px}\n"
    "header h1{font-size:26px;margin:0 0 2px;letter-spacing:-.01em}\n"
    "header p{margin:0;color:var(--muted)}\n"
    "h2{font-size:17px;margin:0 0 12px}\n"
    "section{background:var(--card);border:1px solid var(--line);border-radius:10px;"
    "padding:16px 20px;margin:16px 0}\n"
    "code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,\"DejaVu Sans Mono\","
    "\"Liberation Mono\",monospace;font-size:12.5px}\n"
    "pre{background:var(--soft);padding:10px 12px;border-radius:6px;margin:8px 0;"
    "white-space:pre-wrap;overflow-wrap:anywhere}\n"
    "p{margin:6px 0}\n"
    "section>:last-child,.index>:last-child,.finding>:last-child{margin-bottom:0}\n"
    ".muted{color:var(--muted)}\n"
    ".empty{color:var(--muted);font-style:italic}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;"
    "margin:20px 0}\n"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}\n"
    ".card .k{color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.05em}\n"
    ".card .v{font-size:21px;font-weight:600;margin:2px 0;font-variant-numeric:tabular-nums}\n"
    ".card .d{color:var(--muted);font-size:12px;overflow-wrap:anywhere}\n"
    "svg.chart{display:block;width:100%;height:auto}\n"
    ".chart text{fill:var(--fg);font-size:12px}\n"
    ".chart .lbl{font-family:ui-monospace,Menlo,Consolas,\"DejaVu Sans Mono\",monospace;font-size:12px}\n"
    ".chart .tick,.chart .ttl{fill:var(--muted);font-size:11px}\n"
    ".chart .bar{fill:var(--bar)}\n"
    ".chart a:hover .bar,.chart .bar:hover{fill:var(--bar-hover)}\n"
    ".chart .grid{stroke:var(--grid);stroke-width:1}\n"
    ".chart .axis{stroke:var(--muted);stroke-width:1}\n"
    ".chart .mark{stroke:var(--warn);stroke-width:1.5;stroke-dasharray:4 3}\n"
    ".chart .markl{fill:var(--warn);font-size:11px;font-weight:600}\n"
    ".legend{color:var(--muted);font-size:12.5px;margin:0 0 6px}\n"
    ".finding{border-left:4px solid var(--info);background:var(--soft);border-radius:0 6px 6px 0;"
    "padding:8px 12px;margin:10px 0}\n"
    ".finding.critical{border-left-color:var(--crit)}\n"
    ".finding.warning{border-left-color:var(--warn)}\n"
    ".finding .msg,.finding .fix{white-space:pre-wrap}\n"
    ".sev{display:inline-block;min-width:62px;text-align:center;padding:0 8px;border-radius:10px;"
    "color:#fff;font-size:12px;font-weight:600;background:var(--info)}\n"
    ".sev.critical{background:var(--crit)}\n"
    ".sev.warning{background:var(--warn)}\n"
    ".loc{color:var(--muted);font-size:12.5px}\n"
    ".ev{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0 0;padding:0;list-style:none}\n"
    ".ev li{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:0 6px;"
    "font-size:12px;overflow-wrap:anywhere}\n"
    ".index{border-top:1px solid var(--line);padding:10px 0}\n"
    ".index:first-of-type{border-top:0;padding-top:0}\n"
    ".facts{margin:4px 0;padding-left:18px}\n"
    ".scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;font-size:13px}\n"
    "th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n"
    "th{color:var(--muted);font-weight:600;font-size:12px;white-space:nowrap}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.q{min-width:320px}\n"
    "td.q code{white-space:pre-wrap;overflow-wrap:anywhere}\n"
    "tr:target{background:var(--soft)}\n"
    ".sbar{display:inline-block;width:48px;height:6px;margin-right:6px;background:var(--grid);"
    "border-radius:3px;vertical-align:middle;overflow:hidden}\n"
    ".sbar i{display:block;height:100%;background:var(--bar)}\n"
    "details{margin-top:6px}\n"
    "summary{cursor:pointer;color:var(--muted);font-size:12.5px}\n"
    ".yes{color:var(--crit);font-weight:600}\n"
    ".no{color:var(--ok)}\n"
    "a{color:var(--info)}\n"
    "footer{color:var(--muted);font-size:12px;margin-top:24px;overflow-wrap:anywhere}\n"
    "footer span+span::before{content:\" \\00b7  \"}\n";

static const char *task_name(const report_t *r)
{
    return r->meta.task_type && *r->meta.task_type ? r->meta.task_type : "report";
}

static void page_open(sb_t *sb, const report_t *r)
{
    sb_add(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>dbagent ");
    add_esc(sb, task_name(r));
    if (r->workload) {
        sb_add(sb, " \xe2\x80\x94 ");
        add_statements(sb, r->workload->summary.queries);
    }
    sb_addf(sb, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
}

static void page_close(sb_t *sb)
{
    sb_add(sb, "</main>\n</body>\n</html>\n");
}

static void section_open(sb_t *sb, const char *id, const char *title)
{
    sb_addf(sb, "<section id=\"%s\">\n<h2>%s</h2>\n", id, title);
}

static void section_close(sb_t *sb)
{
    sb_add(sb, "</section>\n");
}

static void empty_note(sb_t *sb, const char *text)
{
    sb_addf(sb, "<p class=\"empty\">%s</p>\n", text);
}

/* "a.log, b.log and 3 more" */
static void add_file_list(sb_t *sb, const char *const *files, int n)
{
    int shown = n < 4 ? n : 3;
    for (int i = 0; i < shown; i++) {
        sb_add(sb, i ? ", " : "");
        add_esc(sb, files[i]);
    }
    if (n > shown)
        sb_addf(sb, " and %d more", n - shown);
}

static void header(sb_t *sb, const report_t *r)
{
    sb_add(sb, "<header>\n<h1>dbagent ");
    add_esc(sb, task_name(r));
    sb_add(sb, "</h1>\n<p>");
    const report_meta_t *m = &r->meta;
    if (r->workload && r->workload->summary.nfiles) {
        add_file_list(sb, r->workload->summary.files, r->workload->summary.nfiles);
        sb_add(sb, " \xc2\xb7 ");
    }
    if (m->database_type) {
        add_esc(sb, m->database_type);
        sb_add(sb, " \xc2\xb7 ");
    }
    long long statements = r->workload ? r->workload->summary.queries : m->statements;
    add_statements(sb, statements);
    if (m->query_hash) {
        sb_add(sb, " \xc2\xb7 query hash <code>");
        add_esc(sb, m->query_hash);
        sb_add(sb, "</code>");
    }
    if (m->stale)
        sb_add(sb, " \xc2\xb7 <strong>stale snapshot</strong>");
    sb_add(sb, "</p>\n</header>\n");
}

/* ---- summary cards ------------------------------------------------------------- */

/* One card; value and detail are HTML the caller has escaped (built in sb's arena). */
static void card(sb_t *sb, const char *key, const char *value, const char *detail)
{
    sb_addf(sb, "<div class=\"card\"><div class=\"k\">%s</div><div class=\"v\">%s</div>", key,
            value);
    if (detail && *detail)
        sb_addf(sb, "<div class=\"d\">%s</div>", detail);
    sb_add(sb, "</div>\n");
}

/* A scratch builder in the same arena, for a card's value or detail. */
static sb_t scratch(const sb_t *sb)
{
    sb_t s;
    sb_init(&s, sb->arena);
    return s;
}

static const char *count_str(const sb_t *sb, long long v)
{
    sb_t s = scratch(sb);
    add_count(&s, v);
    return sb_str(&s);
}

static const char *dur_str(const sb_t *sb, double ms)
{
    sb_t s = scratch(sb);
    add_dur(&s, ms);
    return sb_str(&s);
}

static void span_card(sb_t *sb, const wl_summary_t *s)
{
    if (s->first_seen <= 0 || s->last_seen < s->first_seen) {
        card(sb, "Time span", "unknown", "no timestamps in the input");
        return;
    }
    sb_t d = scratch(sb);
    bool same_day = s->first_seen / 86400000 == s->last_seen / 86400000;
    add_time(&d, s->first_seen, "%Y-%m-%d %H:%M:%S");
    sb_add(&d, " \xe2\x86\x92 ");
    add_time(&d, s->last_seen, same_day ? "%H:%M:%S UTC" : "%Y-%m-%d %H:%M:%S UTC");
    card(sb, "Time span", dur_str(sb, (double)(s->last_seen - s->first_seen)), sb_str(&d));
}

static void busiest_card(sb_t *sb, const wl_summary_t *s)
{
    if (s->busiest_hour_count <= 0 || s->busiest_hour <= 0) {
        card(sb, "Busiest hour", "\xe2\x80\x94", "");
        return;
    }
    sb_t v = scratch(sb), d = scratch(sb);
    add_time(&v, s->busiest_hour, "%H:00 UTC");
    add_time(&d, s->busiest_hour, "%Y-%m-%d \xc2\xb7 ");
    add_statements(&d, s->busiest_hour_count);
    card(sb, "Busiest hour", sb_str(&v), sb_str(&d));
}

static const char *skipped_file(const wl_summary_t *s, int i)
{
    return s->skipped_files && s->skipped_files[i] ? s->skipped_files[i] : "";
}

/* "lines 5, 6 (a.log), 12 (b.log)": where the first skipped lines are, each
 * file named once after its run of lines. */
static void skipped_card(sb_t *sb, const wl_summary_t *s)
{
    sb_t d = scratch(sb);
    int n = s->nskipped_lines < 5 ? s->nskipped_lines : 5;
    for (int i = 0; i < n; i++) {
        sb_addf(&d, "%s%lld", i ? ", " : n > 1 ? "lines " : "line ", s->skipped_lines[i]);
        const char *file = skipped_file(s, i);
        if (*file && (i + 1 == n || strcmp(file, skipped_file(s, i + 1)))) {
            sb_add(&d, " (");
            add_esc(&d, file);
            sb_add(&d, ")");
        }
    }
    if (s->skipped > s->nskipped_lines && s->nskipped_lines)
        sb_add(&d, ", \xe2\x80\xa6");
    card(sb, "Skipped lines", count_str(sb, s->skipped), s->skipped ? sb_str(&d) : "none");
}

/* Total time and p95, or dashes when the input gave no durations. */
static void time_cards(sb_t *sb, const wl_summary_t *s)
{
    if (!(s->total_ms > 0)) {
        card(sb, "Total time", "\xe2\x80\x94", "no durations in the input");
        card(sb, "Latency p95", "\xe2\x80\x94", "");
        return;
    }
    sb_t t = scratch(sb), p = scratch(sb);
    if (s->queries > 0) {
        add_dur(&t, s->total_ms / (double)s->queries);
        sb_add(&t, " per statement");
    }
    card(sb, "Total time", dur_str(sb, s->total_ms), sb_str(&t));
    sb_add(&p, "p50 ");
    add_dur(&p, s->p50_ms);
    sb_add(&p, " \xc2\xb7 p99 ");
    add_dur(&p, s->p99_ms);
    card(sb, "Latency p95", dur_str(sb, s->p95_ms), sb_str(&p));
}

static void digest_cards(sb_t *sb, const workload_t *w)
{
    const wl_summary_t *s = &w->summary;
    sb_add(sb, "<div class=\"cards\">\n");
    sb_t d = scratch(sb);
    sb_addf(&d, "from %d file%s", s->nfiles, s->nfiles == 1 ? "" : "s");
    card(sb, "Statements", count_str(sb, s->queries), sb_str(&d));
    card(sb, "Distinct shapes", count_str(sb, s->distinct), "by fingerprint");
    time_cards(sb, s);
    span_card(sb, s);
    busiest_card(sb, s);
    skipped_card(sb, s);
    sb_add(sb, "</div>\n");
}

/* "1 critical, 2 warnings, 1 info" (the counts alone; the cards show indexes apart). */
static void add_severity_counts(sb_t *sb, const report_t *r)
{
    static const char *const label[3] = {"info", "warning", "critical"};
    int count[3] = {0, 0, 0};
    for (int i = 0; i < r->nfindings; i++)
        count[r->findings[i]->severity]++;
    for (int sev = SEV_CRITICAL, first = 1; sev >= SEV_INFO; sev--) {
        if (!count[sev])
            continue;
        sb_addf(sb, "%s%d %s%s", first ? "" : ", ", count[sev], label[sev],
                sev == SEV_WARNING && count[sev] > 1 ? "s" : "");
        first = 0;
    }
}

static void task_cards(sb_t *sb, const report_t *r)
{
    sb_add(sb, "<div class=\"cards\">\n");
    card(sb, "Statements", count_str(sb, r->meta.statements), "");
    sb_t d = scratch(sb);
    add_severity_counts(&d, r);
    card(sb, "Findings", count_str(sb, r->nfindings), r->nfindings ? sb_str(&d) : "none");
    card(sb, "Indexes", count_str(sb, r->nindexes), "recommended");
    if (r->meta.database_type) {
        sb_t v = scratch(sb), src = scratch(sb);
        add_esc(&v, r->meta.database_type);
        add_esc(&src, r->meta.source);
        card(sb, "Database", sb_str(&v), sb_str(&src));
    }
    sb_add(sb, "</div>\n");
}

/* ---- SVG charts ---------------------------------------------------------------- */

/* The plot area inside a chart, in SVG user units. */
typedef struct {
    double x, y, w, h;
} plot_t;

static void svg_open(sb_t *sb, const char *id, double height, const char *label)
{
    sb_addf(sb, "<svg class=\"chart\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                "viewBox=\"0 0 %d %.0f\" role=\"img\" aria-label=\"%s\">\n",
            id, CHART_W, ceil(height), label);
}

static void svg_close(sb_t *sb)
{
    sb_add(sb, "</svg>\n");
}

static void svg_line(sb_t *sb, const char *cls, double x1, double y1, double x2, double y2)
{
    sb_addf(sb, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", cls, x1,
            y1, x2, y2);
}

/* Opens a <text>; the caller adds the escaped content and "</text>". */
static void svg_text(sb_t *sb, const char *cls, double x, double y, const char *anchor)
{
    sb_addf(sb, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", cls, x, y, anchor);
}

/* A round step (1, 2 or 5 × 10^k, at least 1: the axes count statements) that
 * cuts 0..max into about n parts. */
static double nice_step(double max, int n)
{
    if (!(max > 0) || !isfinite(max))
        return 1;
    double raw = max / n, mag = pow(10, floor(log10(raw))), norm = raw / mag;
    double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
    return step < 1 ? 1 : step;
}

/* Grid lines and count labels from 0 to max rounded up to a step; returns that top. */
static double y_axis(sb_t *sb, const plot_t *p, double max)
{
    double step = nice_step(max, 5);
    double top = ceil(max / step) * step;
    if (!(top > 0))
        top = step;
    for (double v = 0; v <= top + step / 2; v += step) {
        double y = p->y + p->h - v / top * p->h;
        svg_line(sb, "grid", p->x, y, p->x + p->w, y);
        svg_text(sb, "tick", p->x - 6, y + 4, "end");
        add_si(sb, v);
        sb_add(sb, "</text>\n");
    }
    return top;
}

static void axis_title(sb_t *sb, const plot_t *p, double y, const char *title)
{
    svg_text(sb, "ttl", p->x + p->w / 2, y, "middle");
    sb_addf(sb, "%s</text>\n", title);
}

/* -- top shapes: horizontal bars, one per shape, labelled with its text -- */

typedef struct {
    double row, label_w, bar_w, max;
    bool by_time;   /* false: no durations in the input, bars are calls */
} top_layout_t;

static double top_metric(const wl_query_t *q, bool by_time)
{
    double v = by_time ? q->total_ms : (double)q->calls;
    return isfinite(v) && v > 0 ? v : 0;
}

/* One bar, linked to its row in the queries table; hovering shows the fingerprint
 * and the query text. */
static void top_bar(sb_t *sb, const top_layout_t *l, const wl_query_t *q, int rank, double y)
{
    double v = top_metric(q, l->by_time);
    double w = l->max > 0 ? v / l->max * l->bar_w : 0;
    if (v > 0 && w < 1)
        w = 1;
    const char *text = q->query && *q->query ? q->query : q->fingerprint;
    sb_addf(sb, "<a href=\"#q-%d\"><title>", rank);
    add_esc(sb, q->fingerprint);
    sb_add(sb, "\n");
    add_short(sb, text, TITLE_CHARS);
    sb_add(sb, "</title>\n");
    svg_text(sb, "lbl", l->label_w - 10, y + l->row / 2 + 4, "end");
    sb_addf(sb, "%d. ", rank);
    add_short(sb, text ? text : "(no text)", LABEL_CHARS - 4);
    sb_add(sb, "</text>\n");
    sb_addf(sb, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\"/>\n",
            l->label_w, y + 4, w, l->row - 8);
    svg_text(sb, "val", l->label_w + w + 8, y + l->row / 2 + 4, "start");
    if (l->by_time) {
        add_dur(sb, q->total_ms);
        sb_add(sb, " \xc2\xb7 ");
        add_pct(sb, q->share);
    } else {
        add_count(sb, q->calls);
        sb_add(sb, q->calls == 1 ? " call" : " calls");
    }
    sb_add(sb, "</text>\n</a>\n");
}

static void chart_top(sb_t *sb, const workload_t *w)
{
    int n = w->nqueries < TOP_SHAPES ? w->nqueries : TOP_SHAPES;
    if (n == 0) {
        empty_note(sb, "No statements in the workload.");
        return;
    }
    top_layout_t l = {.row = 26, .label_w = 430, .bar_w = CHART_W - 430 - 190};
    for (int i = 0; i < n; i++)
        l.max = fmax(l.max, top_metric(&w->queries[i], true));
    l.by_time = l.max > 0;
    for (int i = 0; !l.by_time && i < n; i++)
        l.max = fmax(l.max, top_metric(&w->queries[i], false));
    sb_addf(sb, "<p class=\"legend\">The %d shape%s with the most %s, of ", n, n == 1 ? "" : "s",
            l.by_time ? "total time" : "calls (the input has no durations)");
    add_count(sb, w->nqueries);
    sb_add(sb, "; a bar links to its row in the queries table.</p>\n");
    svg_open(sb, "chart-top", n * l.row + 8, "Top shapes by total time");
    for (int i = 0; i < n; i++)
        top_bar(sb, &l, &w->queries[i], i + 1, 4 + i * l.row);
    svg_close(sb);
}

/* -- latency: a histogram of the workload's buckets on a log-scale x axis -- */

typedef struct {
    plot_t p;
    double lo, hi;  /* the axis domain in ms, whole decades */
} log_axis_t;

/* A bucket's bounds as the log axis draws them: one starting at 0 starts a
 * decade below its upper bound, and a degenerate one gets some width. */
static void bucket_span(const wl_bucket_t *b, double *lo, double *hi)
{
    *hi = isfinite(b->high_ms) && b->high_ms > 0 ? fmin(b->high_ms, MAX_AXIS_MS) : 0;
    *lo = isfinite(b->low_ms) && b->low_ms > 0 ? fmin(b->low_ms, MAX_AXIS_MS) : *hi / 10;
    *lo = fmax(*lo, MIN_AXIS_MS);
    if (*hi <= *lo)
        *hi = *lo * 1.5;
}

static double log_x(const log_axis_t *a, double ms)
{
    double f = (log10(ms) - log10(a->lo)) / (log10(a->hi) - log10(a->lo));
    return a->p.x + (f < 0 ? 0 : f > 1 ? 1 : f) * a->p.w;
}

/* m × 10^k in ms: "0.05", "2", "1,000". */
static void add_tick_ms(sb_t *sb, int m, int k)
{
    if (k >= 0)
        add_count(sb, (long long)llround(m * pow(10, k)));
    else
        sb_addf(sb, "%.*f", -k, m * pow(10, k));
}

/* Ticks at every decade, or at 1-2-5 steps when the domain spans one or two
 * decades; every second decade when it spans many. */
static void log_ticks(sb_t *sb, const log_axis_t *a)
{
    int k0 = (int)lround(log10(a->lo)), k1 = (int)lround(log10(a->hi));
    bool fine = k1 - k0 <= 2;
    int every = k1 - k0 > 9 ? 2 : 1;
    static const int mults[] = {1, 2, 5};
    for (int k = k0; k <= k1; k++) {
        for (int i = 0; i < (fine ? 3 : 1); i++) {
            double v = mults[i] * pow(10, k);
            if (v > a->hi * 1.0001 || (!fine && (k - k0) % every))
                continue;
            double x = log_x(a, v);
            svg_line(sb, "grid", x, a->p.y, x, a->p.y + a->p.h);
            svg_text(sb, "tick", x, a->p.y + a->p.h + 16, "middle");
            add_tick_ms(sb, mults[i], k);
            sb_add(sb, "</text>\n");
        }
    }
}

/* p50 / p95 / p99 as dashed lines, their labels on three rows so they never collide. */
static void percentile_marks(sb_t *sb, const log_axis_t *a, const wl_summary_t *s)
{
    const struct { const char *name; double ms; } marks[] = {
        {"p50", s->p50_ms}, {"p95", s->p95_ms}, {"p99", s->p99_ms},
    };
    for (int i = 0; i < 3; i++) {
        if (!isfinite(marks[i].ms) || marks[i].ms <= 0)
            continue;
        double x = log_x(a, marks[i].ms);
        svg_line(sb, "mark", x, a->p.y - 36 + i * 13 + 3, x, a->p.y + a->p.h);
        bool left = x > a->p.x + a->p.w - 120; /* near the right edge: label before the line */
        svg_text(sb, "markl", left ? x - 4 : x + 4, a->p.y - 36 + i * 13 + 10, left ? "end" : "start");
        sb_addf(sb, "%s ", marks[i].name);
        add_dur(sb, marks[i].ms);
        sb_add(sb, "</text>\n");
    }
}

static void latency_bar(sb_t *sb, const log_axis_t *a, const wl_bucket_t *b, double top)
{
    double lo, hi;
    bucket_span(b, &lo, &hi);
    double x0 = log_x(a, lo), x1 = log_x(a, hi);
    double h = (double)b->count / top * a->p.h;
    sb_addf(sb, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                "<title>",
            x0 + 0.5, a->p.y + a->p.h - h, fmax(x1 - x0 - 1, 1), h);
    add_dur(sb, b->low_ms > 0 ? b->low_ms : 0);
    sb_add(sb, " \xe2\x80\x93 ");
    add_dur(sb, b->high_ms);
    sb_add(sb, ": ");
    add_statements(sb, b->count);
    sb_add(sb, "</title></rect>\n");
}

/* The domain in whole decades around the non-empty buckets; false when all are empty. */
static bool latency_domain(const wl_summary_t *s, log_axis_t *a, double *max_count)
{
    double lo = INFINITY, hi = 0;
    *max_count = 0;
    for (int i = 0; i < s->nlatency; i++) {
        const wl_bucket_t *b = &s->latency[i];
        if (b->count <= 0)
            continue;
        double blo, bhi;
        bucket_span(b, &blo, &bhi);
        lo = fmin(lo, blo);
        hi = fmax(hi, bhi);
        *max_count = fmax(*max_count, (double)b->count);
    }
    if (*max_count <= 0)
        return false;
    a->lo = pow(10, floor(log10(lo) + 1e-9));
    a->hi = pow(10, ceil(log10(hi) - 1e-9));
    if (a->hi <= a->lo)
        a->hi = a->lo * 10;
    return true;
}

static void chart_latency(sb_t *sb, const wl_summary_t *s)
{
    log_axis_t a = {.p = {60, 48, CHART_W - 60 - 24, 220}};
    double max_count;
    if (!latency_domain(s, &a, &max_count)) {
        empty_note(sb, "No statement durations in the input.");
        return;
    }
    sb_add(sb, "<p class=\"legend\">Statements by duration; dashed lines mark the workload's "
               "p50, p95 and p99.</p>\n");
    svg_open(sb, "chart-latency", a.p.y + a.p.h + 46, "Latency distribution");
    double top = y_axis(sb, &a.p, max_count);
    log_ticks(sb, &a);
    for (int i = 0; i < s->nlatency; i++)
        if (s->latency[i].count > 0)
            latency_bar(sb, &a, &s->latency[i], top);
    svg_line(sb, "axis", a.p.x, a.p.y + a.p.h, a.p.x + a.p.w, a.p.y + a.p.h);
    percentile_marks(sb, &a, s);
    axis_title(sb, &a.p, a.p.y + a.p.h + 38, "duration per statement (ms, log scale)");
    svg_close(sb);
}

/* -- statements over time: one column per hour on a time axis -- */

typedef struct {
    plot_t p;
    long long h0;     /* first hour, hours since the epoch */
    double slot_w;    /* width of one hour */
} time_axis_t;

/* Hours between labelled ticks: the first of a round series that gives at most
 * ten labels. */
static long long tick_hours(double slots)
{
    static const long long steps[] = {1, 2, 3, 6, 12, 24, 48, 168, 336, 720, 2160, 8760};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
        if (slots / (double)steps[i] <= 10)
            return steps[i];
    return (long long)ceil(slots / 10);
}

/* Hour ticks label "17:00", with the date under the first one and at each new
 * day; day-or-longer ticks label the date alone. */
static void time_ticks(sb_t *sb, const time_axis_t *a, double slots)
{
    long long step = tick_hours(slots), last_day = -1;
    long long last = a->h0 + (long long)slots - 1;
    double y = a->p.y + a->p.h + 16;
    for (long long h = (a->h0 + step - 1) / step * step; h <= last; h += step) {
        double x = a->p.x + ((double)(h - a->h0) + 0.5) * a->slot_w;
        svg_line(sb, "axis", x, a->p.y + a->p.h, x, a->p.y + a->p.h + 4);
        svg_text(sb, "tick", x, y, "middle");
        add_time(sb, h * HOUR_MS, step < 24 ? "%H:00" : "%Y-%m-%d");
        sb_add(sb, "</text>\n");
        if (step < 24 && h / 24 != last_day) {
            svg_text(sb, "tick", x, y + 14, "middle");
            add_time(sb, h * HOUR_MS, "%Y-%m-%d");
            sb_add(sb, "</text>\n");
        }
        last_day = h / 24;
    }
}

static void hour_bar(sb_t *sb, const time_axis_t *a, const wl_hour_t *hr, double top)
{
    double k = (double)(hr->hour_ms / HOUR_MS - a->h0);
    double w = fmax(fmin(a->slot_w * 0.8, 36), 1);
    double h = (double)hr->count / top * a->p.h;
    sb_addf(sb, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>",
            a->p.x + (k + 0.5) * a->slot_w - w / 2, a->p.y + a->p.h - h, w, h);
    add_time(sb, hr->hour_ms, "%Y-%m-%d %H:00 UTC: ");
    add_statements(sb, hr->count);
    sb_add(sb, ", ");
    add_dur(sb, hr->total_ms);
    sb_add(sb, "</title></rect>\n");
}

/* An hour the time axis can place: it has statements and a plausible timestamp
 * (0 is unknown). */
static bool placed_hour(const wl_hour_t *h)
{
    return h->count > 0 && h->hour_ms > 0 && h->hour_ms < YEAR_10000_MS;
}

static void chart_hours(sb_t *sb, const wl_summary_t *s)
{
    long long first = 0, last = 0;
    double max_count = 0;
    for (int i = 0; i < s->nhours; i++) {
        if (!placed_hour(&s->hours[i]))
            continue;
        long long h = s->hours[i].hour_ms / HOUR_MS;
        first = max_count == 0 || h < first ? h : first;
        last = max_count == 0 || h > last ? h : last;
        max_count = fmax(max_count, (double)s->hours[i].count);
    }
    if (max_count <= 0) {
        empty_note(sb, "No timestamps in the input.");
        return;
    }
    double slots = (double)(last - first) + 1;
    time_axis_t a = {.p = {60, 12, CHART_W - 60 - 24, 200}, .h0 = first};
    a.slot_w = a.p.w / slots;
    svg_open(sb, "chart-hours", a.p.y + a.p.h + 58, "Statements over time");
    double top = y_axis(sb, &a.p, max_count);
    for (int i = 0; i < s->nhours; i++)
        if (placed_hour(&s->hours[i]))
            hour_bar(sb, &a, &s->hours[i], top);
    svg_line(sb, "axis", a.p.x, a.p.y + a.p.h, a.p.x + a.p.w, a.p.y + a.p.h);
    time_ticks(sb, &a, slots);
    axis_title(sb, &a.p, a.p.y + a.p.h + 52, "statements per hour (UTC)");
    svg_close(sb);
}

static void workload_charts(sb_t *sb, const workload_t *w)
{
    section_open(sb, "top", "Top shapes by total time");
    chart_top(sb, w);
    section_close(sb);
    section_open(sb, "latency", "Latency distribution");
    chart_latency(sb, &w->summary);
    section_close(sb);
    section_open(sb, "hours", "Statements over time");
    chart_hours(sb, &w->summary);
    section_close(sb);
}

/* ---- findings ------------------------------------------------------------------ */

static bool has_location(const qm_loc_t *l)
{
    return l->statement || l->line;
}

static void evidence_list(sb_t *sb, const finding_t *f)
{
    if (!f->nevidence)
        return;
    sb_add(sb, "<ul class=\"ev\">");
    for (int i = 0; i < f->nevidence; i++) {
        sb_add(sb, "<li><span class=\"muted\">");
        add_esc(sb, f->evidence[i].key);
        sb_add(sb, "</span> <span class=\"mono\">");
        add_esc(sb, f->evidence[i].value ? f->evidence[i].value : "null");
        sb_add(sb, "</span></li>");
    }
    sb_add(sb, "</ul>\n");
}

/* A digest's findings are about shapes, not statements of a file, so a zero
 * location is left out rather than shown as "schema". */
static void finding(sb_t *sb, const finding_t *f, bool digest)
{
    const char *sev = severity_name(f->severity);
    sb_addf(sb, "<div class=\"finding %s\">\n<p><span class=\"sev %s\">%s</span> <code>", sev, sev,
            sev);
    add_esc(sb, f->rule);
    sb_add(sb, "</code>");
    if (!digest || has_location(&f->loc)) {
        sb_t loc = scratch(sb);
        render_location(&loc, &f->loc);
        sb_add(sb, " <span class=\"loc\">");
        add_esc(sb, sb_str(&loc));
        sb_add(sb, "</span>");
    }
    sb_add(sb, "</p>\n<p class=\"msg\">");
    add_esc(sb, f->message);
    sb_add(sb, "</p>\n");
    if (f->fix) {
        sb_add(sb, "<p class=\"fix\"><strong>Fix:</strong> ");
        add_esc(sb, f->fix);
        sb_add(sb, "</p>\n");
    }
    evidence_list(sb, f);
    sb_add(sb, "</div>\n");
}

static void findings(sb_t *sb, const report_t *r)
{
    section_open(sb, "findings", "Findings");
    if (!r->nfindings) {
        empty_note(sb, "No findings.");
    } else {
        sb_addf(sb, "<p class=\"muted\">%d finding%s: ", r->nfindings, r->nfindings == 1 ? "" : "s");
        add_severity_counts(sb, r);
        sb_add(sb, "</p>\n");
    }
    for (int i = 0; i < r->nfindings; i++)
        finding(sb, r->findings[i], r->workload != NULL);
    section_close(sb);
}

/* ---- indexes ------------------------------------------------------------------- */

static void add_list(sb_t *sb, const char *const *items, int n)
{
    for (int i = 0; i < n; i++) {
        sb_add(sb, i ? ", " : "");
        add_esc(sb, items[i]);
    }
}

/* The rank of a fingerprint in the queries table, 0 when it is not there. */
static int query_rank(const workload_t *w, const char *fingerprint)
{
    for (int i = 0; w && fingerprint && i < w->nqueries; i++)
        if (w->queries[i].fingerprint && !strcmp(w->queries[i].fingerprint, fingerprint))
            return i + 1;
    return 0;
}

/* The shapes an index serves, each linked to its row when the table has it. */
static void index_serves(sb_t *sb, const index_advice_t *ix, const workload_t *w)
{
    if (!ix->nserves)
        return;
    sb_add(sb, "<li>serves ");
    for (int i = 0; i < ix->nserves; i++) {
        int rank = query_rank(w, ix->serves[i]);
        sb_add(sb, i ? ", " : "");
        if (rank)
            sb_addf(sb, "<a href=\"#q-%d\">", rank);
        sb_add(sb, "<code>");
        add_esc(sb, ix->serves[i]);
        sb_add(sb, rank ? "</code></a>" : "</code>");
    }
    if (ix->time_share >= 0) {
        sb_add(sb, " (");
        add_pct(sb, ix->time_share);
        sb_add(sb, " of total time)");
    }
    sb_add(sb, "</li>\n");
}

static void index_facts(sb_t *sb, const index_advice_t *ix, const workload_t *w)
{
    sb_add(sb, "<ul class=\"facts\">\n<li>validated by ");
    add_esc(sb, ix->validated_by ? ix->validated_by : "nothing");
    sb_add(sb, "</li>\n");
    index_serves(sb, ix, w);
    if (ix->benefit_ms >= 0) {
        sb_add(sb, "<li>estimated benefit ");
        add_dur(sb, ix->benefit_ms);
        sb_add(sb, " less total time</li>\n");
    }
    if (ix->cost_before >= 0 && ix->cost_after >= 0)
        sb_addf(sb, "<li>plan cost %.1f \xe2\x86\x92 %.1f</li>\n", ix->cost_before, ix->cost_after);
    if (ix->size_bytes >= 0)
        sb_addf(sb, "<li>estimated size %.1f MB</li>\n", (double)ix->size_bytes / (1024.0 * 1024.0));
    for (int i = 0; i < ix->nstatements; i++)
        sb_addf(sb, "%s%d", i ? ", " : "<li>serves statement ", ix->statements[i]);
    sb_add(sb, ix->nstatements ? "</li>\n</ul>\n" : "</ul>\n");
}

static void index_advice(sb_t *sb, const index_advice_t *ix, const workload_t *w)
{
    sb_add(sb, "<div class=\"index\">\n<p><code>");
    add_esc(sb, ix->name);
    sb_add(sb, "</code> on <strong>");
    add_esc(sb, ix->table);
    sb_add(sb, "</strong> (");
    add_list(sb, ix->columns, ix->ncolumns);
    sb_add(sb, ") ");
    add_esc(sb, ix->type ? ix->type : "btree");
    if (ix->ninclude) {
        sb_add(sb, " include (");
        add_list(sb, ix->include, ix->ninclude);
        sb_add(sb, ")");
    }
    if (ix->where) {
        sb_add(sb, " where ");
        add_esc(sb, ix->where);
    }
    sb_add(sb, "</p>\n");
    if (ix->reason) {
        sb_add(sb, "<p>");
        add_esc(sb, ix->reason);
        sb_add(sb, "</p>\n");
    }
    if (ix->prerequisite || ix->ddl) {
        sb_add(sb, "<pre><code>");
        if (ix->prerequisite) {
            add_esc(sb, ix->prerequisite);
            sb_add(sb, "\n");
        }
        add_esc(sb, ix->ddl);
        sb_add(sb, "</code></pre>\n");
    }
    index_facts(sb, ix, w);
    sb_add(sb, "</div>\n");
}

static void indexes(sb_t *sb, const report_t *r)
{
    section_open(sb, "indexes", "Indexes");
    if (!r->nindexes)
        empty_note(sb, "No index to recommend.");
    for (int i = 0; i < r->nindexes; i++)
        index_advice(sb, r->indexes[i], r->workload);
    section_close(sb);
}

/* ---- queries table ------------------------------------------------------------- */

static void td_dur(sb_t *sb, double ms, bool timed)
{
    sb_add(sb, "<td class=\"n\">");
    add_dur(sb, timed ? ms : -1);
    sb_add(sb, "</td>");
}

static void td_share(sb_t *sb, double share, bool timed)
{
    if (!timed) {
        sb_add(sb, "<td class=\"n\">\xe2\x80\x94</td>");
        return;
    }
    double pct = isfinite(share) && share > 0 ? fmin(share, 1) * 100 : 0;
    sb_addf(sb, "<td class=\"n\"><span class=\"sbar\"><i style=\"width:%.1f%%\"></i></span>", pct);
    add_pct(sb, share);
    sb_add(sb, "</td>");
}

/* "databases: shop · users: app, batch" */
static void add_where_from(sb_t *sb, const wl_query_t *q)
{
    const struct { const char *name; const char *const *list; int n; } lists[] = {
        {"databases", q->databases, q->ndatabases},
        {"users", q->users, q->nusers},
        {"applications", q->applications, q->napplications},
    };
    for (int i = 0; i < 3; i++) {
        if (!lists[i].n)
            continue;
        sb_addf(sb, "%s: ", lists[i].name);
        add_list(sb, lists[i].list, lists[i].n);
        sb_add(sb, " \xc2\xb7 ");
    }
    sb_add(sb, "seen ");
    add_time(sb, q->first_seen, "%Y-%m-%d %H:%M:%S");
    sb_add(sb, " \xe2\x86\x92 ");
    add_time(sb, q->last_seen, "%Y-%m-%d %H:%M:%S UTC");
}

/* The slowest execution with its real values, folded away under the shape. */
static void example_details(sb_t *sb, const wl_query_t *q)
{
    sb_add(sb, "<details><summary>");
    if (q->example) {
        if (q->timed) {
            sb_add(sb, "slowest: ");
            add_dur(sb, q->example_ms);
        } else {
            sb_add(sb, "example");
        }
        if (q->example_file) {
            sb_add(sb, " \xc2\xb7 ");
            add_esc(sb, q->example_file);
            if (q->example_line > 0)
                sb_addf(sb, ":%lld", q->example_line);
        }
    } else {
        sb_add(sb, "details");
    }
    sb_add(sb, "</summary>\n");
    if (q->example) {
        sb_add(sb, "<pre><code>");
        add_esc(sb, q->example);
        sb_add(sb, "</code></pre>\n");
    }
    sb_add(sb, "<p class=\"muted\">");
    add_where_from(sb, q);
    sb_add(sb, "</p>\n</details>");
}

static void query_row(sb_t *sb, const wl_query_t *q, int rank)
{
    sb_addf(sb, "<tr id=\"q-%d\"><td class=\"n\">%d</td><td><code>", rank, rank);
    add_esc(sb, q->fingerprint);
    sb_add(sb, "</code></td><td class=\"n\">");
    add_count(sb, q->calls);
    sb_add(sb, "</td>");
    td_dur(sb, q->total_ms, q->timed);
    td_dur(sb, q->mean_ms, q->timed);
    td_dur(sb, q->p50_ms, q->timed);
    td_dur(sb, q->p95_ms, q->timed);
    td_dur(sb, q->p99_ms, q->timed);
    td_share(sb, q->share, q->timed);
    sb_add(sb, "<td class=\"n\">");
    if (q->rows >= 0)
        add_count(sb, q->rows);
    else
        sb_add(sb, "\xe2\x80\x94");
    sb_add(sb, "</td><td class=\"q\"><code>");
    add_esc(sb, q->query);
    sb_add(sb, "</code>");
    example_details(sb, q);
    sb_add(sb, "</td></tr>\n");
}

static void queries(sb_t *sb, const workload_t *w)
{
    section_open(sb, "queries", "Queries");
    if (!w->nqueries) {
        empty_note(sb, "No statements in the workload.");
        section_close(sb);
        return;
    }
    sb_add(sb, "<p class=\"legend\">Every shape, by total time. Percentiles are estimates");
    if (w->sketch_error_pct > 0)
        sb_addf(sb, " (within %d%%)", w->sketch_error_pct);
    sb_add(sb, ".</p>\n<div class=\"scroll\">\n<table>\n<thead><tr><th class=\"n\">#</th>"
               "<th>Fingerprint</th><th class=\"n\">Calls</th><th class=\"n\">Total</th>"
               "<th class=\"n\">Mean</th><th class=\"n\">p50</th><th class=\"n\">p95</th>"
               "<th class=\"n\">p99</th><th class=\"n\">Share</th><th class=\"n\">Rows</th>"
               "<th>Query</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < w->nqueries; i++)
        query_row(sb, &w->queries[i], i + 1);
    sb_add(sb, "</tbody>\n</table>\n</div>\n");
    section_close(sb);
}

/* ---- the other parts of a report ----------------------------------------------- */

static void text_list(sb_t *sb, const char *id, const char *title, const char *const *items,
                      int n)
{
    if (!n)
        return;
    section_open(sb, id, title);
    sb_add(sb, "<ul>\n");
    for (int i = 0; i < n; i++) {
        sb_add(sb, "<li>");
        add_esc(sb, items[i]);
        sb_add(sb, "</li>\n");
    }
    sb_add(sb, "</ul>\n");
    section_close(sb);
}

static void pre_block(sb_t *sb, const char *id, const char *title, const char *text)
{
    if (!text || !*text)
        return;
    section_open(sb, id, title);
    sb_add(sb, "<pre><code>");
    add_esc(sb, text);
    sb_add(sb, "</code></pre>\n");
    section_close(sb);
}

static void dl_item(sb_t *sb, const char *key, const char *value, bool code)
{
    if (!value)
        return;
    sb_addf(sb, "<li><strong>%s:</strong> %s", key, code ? "<code>" : "");
    add_esc(sb, value);
    sb_addf(sb, "%s</li>\n", code ? "</code>" : "");
}

/* Shown when there is a strategy, or statements that could have had one. */
static void cache(sb_t *sb, const report_t *r)
{
    const cache_strategy_t *c = r->cache_strategy;
    if (!c && r->meta.statements <= 0)
        return;
    section_open(sb, "cache", "Cache strategy");
    if (!c) {
        empty_note(sb, "Not recommended (writes or no cache key).");
        section_close(sb);
        return;
    }
    sb_add(sb, "<ul>\n");
    dl_item(sb, "Pattern", c->pattern, false);
    dl_item(sb, "Key", c->key, true);
    sb_addf(sb, "<li><strong>TTL:</strong> %d s</li>\n", c->ttl_seconds);
    if (c->ninvalidate) {
        sb_add(sb, "<li><strong>Invalidate on:</strong> ");
        for (int i = 0; i < c->ninvalidate; i++) {
            sb_add(sb, i ? ", <code>" : "<code>");
            add_esc(sb, c->invalidate_on[i]);
            sb_add(sb, "</code>");
        }
        sb_add(sb, "</li>\n");
    }
    dl_item(sb, "Stampede protection", c->stampede_protection, false);
    dl_item(sb, "Notes", c->notes, false);
    sb_add(sb, "</ul>\n");
    section_close(sb);
}

static void database_choice(sb_t *sb, const database_choice_t *c)
{
    if (!c)
        return;
    section_open(sb, "choice", "Database choice");
    sb_add(sb, "<ul>\n");
    dl_item(sb, "Recommended", c->recommended, false);
    if (c->nalternatives) {
        sb_add(sb, "<li><strong>Alternatives:</strong> ");
        add_list(sb, c->alternatives, c->nalternatives);
        sb_add(sb, "</li>\n");
    }
    dl_item(sb, "Note", c->note, false);
    sb_add(sb, "</ul>\n");
    if (c->nreasons) {
        sb_add(sb, "<p>Why:</p>\n<ul>\n");
        for (int i = 0; i < c->nreasons; i++) {
            sb_add(sb, "<li>");
            add_esc(sb, c->reasons[i]);
            sb_add(sb, "</li>\n");
        }
        sb_add(sb, "</ul>\n");
    }
    section_close(sb);
}

static void yes_no(sb_t *sb, bool yes)
{
    sb_add(sb, yes ? "<td class=\"yes\">yes</td>" : "<td class=\"no\">no</td>");
}

static void migration_row(sb_t *sb, const mig_stmt_t *st)
{
    sb_addf(sb, "<tr><td class=\"n\">%d</td><td>", st->index);
    add_esc(sb, st->file);
    sb_addf(sb, "%s%d</td><td class=\"q\"><code>", st->file ? ":" : "line ", st->line);
    add_esc(sb, st->text);
    sb_add(sb, "</code></td><td>");
    add_esc(sb, or_dash(st->table));
    sb_add(sb, "</td><td>");
    add_esc(sb, lock_level_name(st->lock));
    sb_add(sb, "</td>");
    yes_no(sb, st->blocks_reads);
    yes_no(sb, st->blocks_writes);
    yes_no(sb, st->rewrites_table);
    sb_add(sb, "<td class=\"n\">");
    if (st->est_seconds >= 0)
        add_dur(sb, st->est_seconds * 1000);
    else
        sb_add(sb, "\xe2\x80\x94");
    sb_add(sb, "</td></tr>\n");
}

static void migration(sb_t *sb, const migration_t *m)
{
    if (!m)
        return;
    section_open(sb, "migration", "Migration statements");
    sb_addf(sb, "<p class=\"legend\">Locks as PostgreSQL %d takes them.</p>\n", m->pg_version);
    sb_add(sb, "<div class=\"scroll\">\n<table>\n<thead><tr><th class=\"n\">#</th><th>Where</th>"
               "<th>Statement</th><th>Table</th><th>Lock</th><th>Blocks reads</th>"
               "<th>Blocks writes</th><th>Rewrites</th><th class=\"n\">Estimate</th></tr></thead>\n"
               "<tbody>\n");
    for (int i = 0; i < m->nstmts; i++)
        migration_row(sb, &m->stmts[i]);
    sb_add(sb, "</tbody>\n</table>\n</div>\n");
    section_close(sb);
}

/* ---- footer -------------------------------------------------------------------- */

static void footer_item(sb_t *sb, const char *key, const char *value)
{
    if (!value)
        return;
    sb_addf(sb, "<span>%s ", key);
    add_esc(sb, value);
    sb_add(sb, "</span>");
}

static void digest_inputs(sb_t *sb, const wl_summary_t *s, int error_pct)
{
    for (int i = 0; i < s->nfiles; i++) {
        sb_add(sb, "<span>");
        add_esc(sb, s->files[i]);
        if (s->formats && s->formats[i]) {
            sb_add(sb, " (");
            add_esc(sb, s->formats[i]);
            sb_add(sb, ")");
        }
        sb_add(sb, "</span>");
    }
    if (s->bytes > 0)
        sb_addf(sb, "<span>%.1f MB read</span>", (double)s->bytes / (1024.0 * 1024.0));
    if (error_pct > 0)
        sb_addf(sb, "<span>quantiles within %d%%</span>", error_pct);
}

static void footer(sb_t *sb, const report_t *r)
{
    const report_meta_t *m = &r->meta;
    sb_add(sb, "<footer>\n<p>");
    footer_item(sb, "dbagent", m->version);
    footer_item(sb, "source", m->source);
    footer_item(sb, "target", m->target);
    if (m->target)
        sb_addf(sb, "<span>%d what-if EXPLAINs</span>", m->whatif_calls);
    sb_addf(sb, "<span>elapsed <span class=\"elapsed\">%.1f</span> ms</span>",
            isfinite(m->elapsed_ms) ? m->elapsed_ms : 0.0);
    sb_add(sb, "</p>\n");
    if (r->workload) {
        sb_add(sb, "<p>");
        digest_inputs(sb, &r->workload->summary, r->workload->sketch_error_pct);
        sb_add(sb, "</p>\n");
    }
    sb_add(sb, "</footer>\n");
}

/* ---- the page ------------------------------------------------------------------ */

static void digest_body(sb_t *sb, const report_t *r)
{
    digest_cards(sb, r->workload);
    workload_charts(sb, r->workload);
    findings(sb, r);
    indexes(sb, r);
    queries(sb, r->workload);
}

static void task_body(sb_t *sb, const report_t *r)
{
    task_cards(sb, r);
    findings(sb, r);
    pre_block(sb, "plan", "Plan", r->query_plan);
    indexes(sb, r);
    pre_block(sb, "optimized", "Optimized query", r->optimized_query);
    cache(sb, r);
    database_choice(sb, r->database_choice);
    migration(sb, r->migration);
}

const char *render_html(arena_t *a, const report_t *r)
{
    sb_t sb;
    sb_init(&sb, a);
    page_open(&sb, r);
    header(&sb, r);
    if (r->workload)
        digest_body(&sb, r);
    else
        task_body(&sb, r);
    text_list(&sb, "bottlenecks", "Bottlenecks", r->bottlenecks, r->nbottlenecks);
    text_list(&sb, "recommendations", "Recommendations", r->recommendations, r->nrecommendations);
    text_list(&sb, "assumptions", "Assumptions", r->assumptions, r->nassumptions);
    footer(&sb, r);
    page_close(&sb);
    return sb_str(&sb);
}
