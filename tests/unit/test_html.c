/* test_html.c — the HTML report (render/html.c), on reports built by hand.
 *
 * A digest report with three shapes, hours, latency buckets, a finding and an
 * index; a thousand shapes with very long text; zero durations and a single
 * hour; an empty workload; an optimize and a migrate report. Each page is checked
 * for what a browser and a reader rely on: every element opened is closed (a
 * small tag-balance checker below), the headings the end-to-end test looks for,
 * report text escaped everywhere (a `<script>` in a query stays text), nothing
 * fetched from the network (no http:// or https:// but the SVG namespace), and
 * the charts drawing one bar per item they show. The digest page is written to
 * build/html-sample.html for a person (or tests/html/run.sh) to look at. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "render/render.h"

/* ---- checks on a page ---------------------------------------------------------- */

static void assert_has(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("expected to find\n---\n%s\n---\nin the page", needle);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    const char *p = strstr(haystack, needle);
    if (p)
        fail_msg("did not expect \"%s\" in the page, at\n---\n%.200s\n---", needle, p);
}

static int count_of(const char *haystack, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static bool is_void_element(const char *name, size_t n)
{
    static const char *const voids[] = {"meta", "br", "hr", "img", "input", "link", "wbr", "col"};
    for (size_t i = 0; i < sizeof(voids) / sizeof(voids[0]); i++)
        if (strlen(voids[i]) == n && !strncmp(voids[i], name, n))
            return true;
    return false;
}

/* Every element opened is closed, in order: a stack of names. Void elements and
 * SVG's self-closing tags (<line …/>) open nothing; <style> content is skipped.
 * Returns NULL when balanced, else what is wrong (in a static buffer). */
static const char *tag_balance(const char *html)
{
    static char why[300];
    const char *stack[512];
    size_t lens[512];
    int depth = 0;
    for (const char *p = strchr(html, '<'); p; p = strchr(p, '<')) {
        const char *end = strchr(p, '>');
        if (!end)
            return "a '<' is never closed by '>'";
        if (p[1] == '!') {
            p = end;
            continue;
        }
        bool closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (n == 0) {
            snprintf(why, sizeof(why), "a bare '<' in text: %.40s", p);
            return why;
        }
        if (closing) {
            if (depth == 0 || lens[depth - 1] != n || strncmp(stack[depth - 1], name, n)) {
                snprintf(why, sizeof(why), "</%.*s> closes <%.*s>", (int)n, name,
                         depth ? (int)lens[depth - 1] : 4, depth ? stack[depth - 1] : "none");
                return why;
            }
            depth--;
        } else if (end[-1] != '/' && !is_void_element(name, n)) {
            if (depth == 512)
                return "nesting deeper than 512";
            stack[depth] = name;
            lens[depth++] = n;
            if (n == 5 && !strncmp(name, "style", 5)) {
                end = strstr(end, "</style>");
                if (!end)
                    return "<style> is never closed";
                end--;
            }
        }
        p = end;
    }
    if (depth) {
        snprintf(why, sizeof(why), "<%.*s> is never closed (%d open)", (int)lens[depth - 1],
                 stack[depth - 1], depth);
        return why;
    }
    return NULL;
}

static void assert_balanced(const char *html)
{
    const char *why = tag_balance(html);
    if (why)
        fail_msg("unbalanced page: %s", why);
    static const char *const must[] = {"html", "head", "body"};
    for (int i = 0; i < 3; i++) {
        char bare[16], with_attrs[16];
        snprintf(bare, sizeof(bare), "<%s>", must[i]);
        snprintf(with_attrs, sizeof(with_attrs), "<%s ", must[i]);
        assert_int_equal(count_of(html, bare) + count_of(html, with_attrs), 1);
    }
}

/* Nothing on the page may point at the network; only the SVG namespace, which a
 * browser never fetches, may spell a URL. */
static void assert_offline(const char *html)
{
    static const char *const schemes[] = {"http://", "https://"};
    for (int s = 0; s < 2; s++)
        for (const char *p = strstr(html, schemes[s]); p; p = strstr(p + 1, schemes[s]))
            if (p - html < 7 || strncmp(p - 7, "xmlns=\"", 7))
                fail_msg("a URL on the page: %.80s", p);
    assert_lacks(html, "<script");
    assert_lacks(html, "<link");
    assert_lacks(html, "<img");
    assert_lacks(html, "@import");
    assert_lacks(html, "url(");
}

/* Bars (class="bar") inside the chart with this id; -1 when there is no such chart. */
static int bars_in(const char *html, const char *chart_id)
{
    char id[64];
    snprintf(id, sizeof(id), "id=\"%s\"", chart_id);
    const char *start = strstr(html, id);
    if (!start)
        return -1;
    const char *end = strstr(start, "</svg>");
    assert_non_null(end);
    int n = 0;
    for (const char *p = strstr(start, "class=\"bar\""); p && p < end;
         p = strstr(p + 1, "class=\"bar\""))
        n++;
    return n;
}

/* The text of the i-th (0-based) bar label of the top-shapes chart. */
static const char *label(arena_t *a, const char *html, int i)
{
    const char *p = html;
    for (int k = 0; k <= i; k++) {
        p = strstr(p, "class=\"lbl\"");
        assert_non_null(p);
        p++;
    }
    p = strchr(p, '>') + 1;
    const char *end = strstr(p, "</text>");
    return arena_strndup(a, p, (size_t)(end - p));
}

/* Neither NaN nor infinity may reach a number on the page. */
static void assert_finite_numbers(const char *html)
{
    assert_lacks(html, "nan");
    assert_lacks(html, "inf%");
    assert_lacks(html, "=\"inf");
    assert_lacks(html, "=\"-inf");
    assert_lacks(html, ">inf");
}

static void assert_headings(const char *html, const char *task)
{
    char h1[64];
    snprintf(h1, sizeof(h1), "<h1>dbagent %s</h1>", task);
    assert_has(html, h1);
    assert_has(html, "<h2>Findings</h2>");
    assert_has(html, "<h2>Indexes</h2>");
}

static void assert_workload_headings(const char *html)
{
    assert_has(html, "<h2>Top shapes by total time</h2>");
    assert_has(html, "<h2>Latency distribution</h2>");
    assert_has(html, "<h2>Statements over time</h2>");
    assert_has(html, "<h2>Queries</h2>");
}

/* ---- reports built by hand ----------------------------------------------------- */

#define T0 1795964400000LL /* 2026-11-29 15:00:00 UTC */
#define HOUR 3600000LL

static report_t *base_report(arena_t *a, const char *task)
{
    report_t *r = report_new(a);
    r->meta = (report_meta_t){.task_type = task, .database_type = "postgresql",
                              .source = "offline", .version = "0.1.0", .elapsed_ms = 12.5,
                              .statements = 1};
    return r;
}

static wl_query_t shape(const char *fp, const char *query, long long calls, double total_ms,
                        double share)
{
    return (wl_query_t){
        .fingerprint = fp, .query = query, .calls = calls, .total_ms = total_ms,
        .mean_ms = calls ? total_ms / (double)calls : 0, .p50_ms = 2.5, .p95_ms = 40,
        .p99_ms = 120.25, .max_ms = 950.2, .share = share, .rows = calls, .timed = true,
        .first_seen = T0 + 12000, .last_seen = T0 + 3 * HOUR - 1000,
    };
}

static workload_t *three_shapes(arena_t *a)
{
    workload_t *w = arena_alloc(a, sizeof(*w));
    w->nqueries = 3;
    w->queries = arena_calloc(a, 3, sizeof(wl_query_t));
    w->queries[0] = shape("a1b2c3d4e5f60718", "SELECT * FROM orders WHERE user_id = $1", 9000,
                          60000, 0.6075);
    w->queries[0].example = "SELECT * FROM orders WHERE user_id = 42";
    w->queries[0].example_ms = 950.2;
    w->queries[0].example_file = "db.log";
    w->queries[0].example_line = 120;
    static const char *dbs[] = {"shop"}, *users[] = {"app", "batch"};
    w->queries[0].databases = dbs;
    w->queries[0].ndatabases = 1;
    w->queries[0].users = users;
    w->queries[0].nusers = 2;
    w->queries[1] = shape("0f1e2d3c4b5a6978",
                          "SELECT '<script>alert(1)</script>' FROM users WHERE email = $1", 3000,
                          30000, 0.3037);
    w->queries[2] = shape("99aa88bb77cc66dd", "UPDATE stock SET n = n - 1 WHERE id = $1", 345,
                          8765.4, 0.0887);
    w->queries[2].rows = -1;
    return w;
}

static void three_shapes_summary(arena_t *a, wl_summary_t *s)
{
    static const char *files[] = {"db.log"}, *formats[] = {"postgres-stderr"};
    static const char *skipped_in[] = {"db.log", "db.log"}; /* one per skipped line */
    *s = (wl_summary_t){
        .queries = 12345, .distinct = 3, .total_ms = 98765.4, .first_seen = T0 + 12000,
        .last_seen = T0 + 3 * HOUR - 1000, .busiest_hour = T0 + 2 * HOUR,
        .busiest_hour_count = 8000, .skipped = 2, .skipped_lines = {17, 99},
        .nskipped_lines = 2, .skipped_files = skipped_in, .files = files, .nfiles = 1,
        .formats = formats, .bytes = 3 * 1048576, .p50_ms = 12, .p95_ms = 250, .p99_ms = 800,
    };
    s->nhours = 3; /* 15:00, 17:00, 18:00: no statements at 16:00 */
    s->hours = arena_calloc(a, 3, sizeof(wl_hour_t));
    s->hours[0] = (wl_hour_t){T0, 4000, 30000};
    s->hours[1] = (wl_hour_t){T0 + 2 * HOUR, 8000, 60000};
    s->hours[2] = (wl_hour_t){T0 + 3 * HOUR, 345, 8765.4};
    static const wl_bucket_t buckets[] = {
        {0, 0.1, 100}, {0.1, 1, 2000}, {1, 10, 0}, {10, 100, 9000}, {100, 1000, 1245},
    };
    s->latency = arena_calloc(a, 5, sizeof(wl_bucket_t));
    memcpy(s->latency, buckets, sizeof(buckets));
    s->nlatency = 5;
}

static index_advice_t *orders_index(arena_t *a)
{
    static const char *cols[] = {"user_id"}, *serves[] = {"a1b2c3d4e5f60718", "ffffffffffffffff"};
    index_advice_t *ix = arena_alloc(a, sizeof(*ix));
    *ix = (index_advice_t){
        .name = "idx_orders_user_id", .table = "orders", .columns = cols, .ncolumns = 1,
        .type = "btree", .ddl = "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);",
        .reason = "equality on user_id in 60% of the time", .cost_before = -1, .cost_after = -1,
        .size_bytes = -1, .validated_by = "model", .serves = serves, .nserves = 2,
        .time_share = 0.6075, .benefit_ms = 45000,
    };
    return ix;
}

static report_t *digest_report(arena_t *a)
{
    report_t *r = base_report(a, "digest");
    r->meta.source = "logs";
    workload_t *w = three_shapes(a);
    three_shapes_summary(a, &w->summary);
    w->sketch_error_pct = 1;
    r->workload = w;
    finding_t *f = report_add_finding(r, "n-plus-one", SEV_WARNING, (qm_loc_t){0, 0, 0, -1},
                                      "orders by user_id runs 9000 times from one request");
    f->fix = "Load the orders of all users with one IN (…) query.";
    finding_evidence(f, a, "fingerprint", "a1b2c3d4e5f60718");
    finding_evidence_num(f, a, "calls", 9000);
    report_add_index(r, orders_index(a));
    report_add_recommendation(r, "Batch the orders lookups & cache them for 5 \"minutes\".");
    report_add_assumption(r, "Durations come from log_min_duration_statement = 0.");
    return r;
}

/* ---- the digest page ----------------------------------------------------------- */

static void digest_page_is_balanced_and_has_its_sections(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *html = render_html(a, digest_report(a));
    FILE *f = fopen("build/html-sample.html", "w");
    if (f) {
        fputs(html, f);
        fclose(f);
    }
    assert_balanced(html);
    assert_headings(html, "digest");
    assert_workload_headings(html);
    assert_has(html, "<!DOCTYPE html>\n<html lang=\"en\">");
    assert_has(html, "<meta charset=\"utf-8\">");
    assert_has(html, "<style>");
    assert_has(html, "prefers-color-scheme:dark");
    assert_offline(html);
    assert_finite_numbers(html);
    assert_lacks(html, "<h2>Plan</h2>");
    assert_lacks(html, "<h2>Cache strategy</h2>");
    arena_free(a);
}

static void digest_charts_draw_one_bar_per_item(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *html = render_html(a, digest_report(a));
    assert_int_equal(bars_in(html, "chart-top"), 3);
    assert_int_equal(bars_in(html, "chart-latency"), 4); /* the empty bucket has none */
    assert_int_equal(bars_in(html, "chart-hours"), 3);
    assert_int_equal(count_of(html, "<svg"), 3);
    assert_int_equal(count_of(html, "</svg>"), 3);
    /* bar labels: rank and text; values: time and share */
    assert_string_equal(label(a, html, 0), "1. SELECT * FROM orders WHERE user_id = $1");
    assert_has(html, ">1.0 min \xc2\xb7 60.8%</text>");
    assert_has(html, ">8.77 s \xc2\xb7 8.9%</text>");
    /* the widest bar is the first; the others are proportional */
    assert_has(html, "<rect class=\"bar\" x=\"430.0\" y=\"8.0\" width=\"480.0\"");
    assert_has(html, "<rect class=\"bar\" x=\"430.0\" y=\"34.0\" width=\"240.0\"");
    /* log axis in ms, percentile marks, hour axis with the date under the first hour */
    assert_has(html, ">0.01</text>");
    assert_has(html, ">1,000</text>");
    assert_has(html, ">p95 250.0 ms</text>");
    assert_has(html, ">15:00</text>");
    assert_has(html, ">2026-11-29</text>");
    assert_has(html, "duration per statement (ms, log scale)");
    assert_has(html, "statements per hour (UTC)");
    assert_has(html, "<title>2026-11-29 17:00 UTC: 8,000 statements, 1.0 min</title>");
    arena_free(a);
}

static void digest_cards_findings_indexes_and_table(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *html = render_html(a, digest_report(a));
    assert_has(html, "<div class=\"k\">Statements</div><div class=\"v\">12,345</div>");
    assert_has(html, "<div class=\"k\">Distinct shapes</div><div class=\"v\">3</div>");
    assert_has(html, "<div class=\"k\">Total time</div><div class=\"v\">1.6 min</div>");
    assert_has(html, "<div class=\"v\">3.0 h</div><div class=\"d\">2026-11-29 15:00:12 \xe2\x86\x92 "
                     "17:59:59 UTC</div>"); /* the same day is not repeated */
    assert_has(html, "<div class=\"v\">17:00 UTC</div><div class=\"d\">2026-11-29 \xc2\xb7 8,000 "
                     "statements</div>");
    assert_has(html, "<div class=\"v\">2</div><div class=\"d\">lines 17, 99 (db.log)");
    /* a finding: severity colour class, rule, message, fix, evidence; no "schema" location */
    assert_has(html, "<div class=\"finding warning\">\n<p><span class=\"sev warning\">warning</span> "
                     "<code>n-plus-one</code></p>");
    assert_has(html, "<strong>Fix:</strong> Load the orders of all users with one IN (…) query.");
    assert_has(html, "<li><span class=\"muted\">calls</span> <span class=\"mono\">9000</span></li>");
    assert_lacks(html, "schema");
    /* an index: DDL, served shapes linked to their rows (when listed), share, benefit */
    assert_has(html, "<pre><code>CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);"
                     "</code></pre>");
    assert_has(html, "<li>serves <a href=\"#q-1\"><code>a1b2c3d4e5f60718</code></a>, "
                     "<code>ffffffffffffffff</code> (60.8% of total time)</li>");
    assert_has(html, "<li>estimated benefit 45.00 s less total time</li>");
    assert_has(html, "<li>validated by model</li>");
    /* the table: one row per shape with the slowest example folded away */
    assert_int_equal(count_of(html, "<tr id=\"q-"), 3);
    assert_has(html, "<tr id=\"q-1\"><td class=\"n\">1</td><td><code>a1b2c3d4e5f60718</code></td>"
                     "<td class=\"n\">9,000</td><td class=\"n\">1.0 min</td>"
                     "<td class=\"n\">6.67 ms</td><td class=\"n\">2.50 ms</td>"
                     "<td class=\"n\">40.0 ms</td><td class=\"n\">120.2 ms</td>");
    assert_has(html, "<details><summary>slowest: 950.2 ms \xc2\xb7 db.log:120</summary>\n"
                     "<pre><code>SELECT * FROM orders WHERE user_id = 42</code></pre>");
    assert_has(html, "databases: shop \xc2\xb7 users: app, batch \xc2\xb7 seen 2026-11-29 15:00:12");
    assert_has(html, "<td class=\"n\">\xe2\x80\x94</td><td class=\"q\"><code>UPDATE stock"); /* rows unknown */
    assert_has(html, "Batch the orders lookups &amp; cache them for 5 &quot;minutes&quot;.");
    assert_has(html, "<span class=\"elapsed\">12.5</span>");
    assert_has(html, "db.log (postgres-stderr)");
    arena_free(a);
}

static void report_text_is_escaped_everywhere(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = digest_report(a);
    r->findings[0]->message = "<b>bold</b> & \"quoted\" 'single'\x01";
    const char *html = render_html(a, r);
    assert_lacks(html, "<script>");
    assert_lacks(html, "<b>");
    /* in the table, the bar's label and the bar's hover title */
    assert_int_equal(count_of(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), 3);
    assert_has(html, "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; &#39;single&#39;&#xFFFD;");
    assert_balanced(html);
    arena_free(a);
}

static void same_report_same_bytes(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = digest_report(a);
    assert_string_equal(render_html(a, r), render_html(a, r));
    arena_free(a);
}

/* ---- edges: many shapes, long text, zero durations, one hour, nothing ---------- */

static void thousand_shapes_show_the_top_twenty(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = digest_report(a);
    workload_t *w = (workload_t *)r->workload;
    size_t long_len = 20000;
    char *long_query = arena_alloc(a, long_len + 1);
    memset(long_query, 'x', long_len);
    memcpy(long_query, "SELECT\n\n   ", 11); /* whitespace runs fold to one space */
    memcpy(long_query + long_len - 4, "TAIL", 4);
    w->nqueries = 1000;
    w->queries = arena_calloc(a, 1000, sizeof(wl_query_t));
    for (int i = 0; i < 1000; i++)
        w->queries[i] = shape(arena_printf(a, "%016x", i), arena_printf(a, "SELECT %d", i),
                              1000 - i, 1000.0 - i, (1000.0 - i) / 500500);
    w->queries[0].query = long_query;
    w->summary.nhours = 1000;
    w->summary.hours = arena_calloc(a, 1000, sizeof(wl_hour_t));
    for (int i = 0; i < 1000; i++)
        w->summary.hours[i] = (wl_hour_t){T0 + i * HOUR, 1 + i % 7, 10};
    const char *html = render_html(a, r);
    assert_balanced(html);
    assert_int_equal(bars_in(html, "chart-top"), 20);
    assert_int_equal(bars_in(html, "chart-hours"), 1000);
    assert_int_equal(count_of(html, "<tr id=\"q-"), 1000);
    /* the label is cut to 48 characters and an ellipsis; the table has all of it */
    const char *l = label(a, html, 0);
    assert_int_equal(strncmp(l, "1. SELECT xxx", 13), 0);
    assert_int_equal(strlen(l), 3 + 47 + 3); /* "1. ", 47 characters, "…" (3 bytes) */
    assert_string_equal(l + strlen(l) - 3, "\xe2\x80\xa6");
    assert_has(html, "xxxxTAIL</code>");
    assert_has(html, ">20. SELECT 19</text>");
    assert_lacks(html, ">21. ");
    /* a thousand hours: ticks every few days, at most about ten of them */
    const char *hours = strstr(html, "id=\"chart-hours\"");
    assert_true(count_of(hours, "class=\"tick\"") - 5 <= 11 + 5);
    arena_free(a);
}

static void labels_cut_between_characters(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = digest_report(a);
    char *q = arena_alloc(a, 200 * 2 + 1);
    for (int i = 0; i < 200; i++)
        memcpy(q + 2 * i, "\xc3\xa9", 2); /* é */
    ((workload_t *)r->workload)->queries[0].query = q;
    const char *l = label(a, render_html(a, r), 0);
    assert_int_equal(strlen(l), 3 + 47 * 2 + 3);
    assert_int_equal(strncmp(l + 3, "\xc3\xa9\xc3\xa9", 4), 0);
    assert_string_equal(l + 3 + 47 * 2, "\xe2\x80\xa6");
    arena_free(a);
}

static void zero_durations_and_one_hour(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = digest_report(a);
    workload_t *w = (workload_t *)r->workload;
    for (int i = 0; i < w->nqueries; i++) {
        wl_query_t *q = &w->queries[i];
        q->total_ms = q->mean_ms = q->p50_ms = q->p95_ms = q->p99_ms = q->share = 0;
        q->timed = false;
    }
    w->summary.total_ms = w->summary.p50_ms = w->summary.p95_ms = w->summary.p99_ms = 0;
    w->summary.nlatency = 0;
    w->summary.nhours = 1;
    w->summary.first_seen = w->summary.last_seen = T0 + 5;
    static const char *two_files[] = {"a.log", "b.log"};
    w->summary.skipped_files = two_files;
    const char *html = render_html(a, r);
    assert_balanced(html);
    assert_finite_numbers(html);
    assert_has(html, "<div class=\"d\">lines 17 (a.log), 99 (b.log)</div>");
    /* untimed shapes: no durations or share in the table, the example is not "slowest" */
    assert_has(html, "<details><summary>example \xc2\xb7 db.log:120</summary>");
    assert_has(html, "<td class=\"n\">9,000</td><td class=\"n\">\xe2\x80\x94</td>");
    assert_lacks(html, "0.0%");
    /* no durations: the top chart ranks by calls, the histogram says why it is empty */
    assert_int_equal(bars_in(html, "chart-top"), 3);
    assert_has(html, ">9,000 calls</text>");
    assert_int_equal(bars_in(html, "chart-latency"), -1);
    assert_has(html, "<p class=\"empty\">No statement durations in the input.</p>");
    /* one hour: one bar, not wider than a column should be */
    assert_int_equal(bars_in(html, "chart-hours"), 1);
    assert_has(html, "width=\"36.0\" height=\"200.0\"><title>2026-11-29 15:00 UTC");
    assert_has(html, "<div class=\"k\">Time span</div><div class=\"v\">0 ms</div>");
    assert_has(html, "<div class=\"k\">Total time</div><div class=\"v\">\xe2\x80\x94</div>"
                     "<div class=\"d\">no durations in the input</div>");
    arena_free(a);
}

static void empty_workload(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = base_report(a, "digest");
    r->workload = arena_alloc(a, sizeof(workload_t));
    const char *html = render_html(a, r);
    assert_balanced(html);
    assert_headings(html, "digest");
    assert_workload_headings(html);
    assert_offline(html);
    assert_finite_numbers(html);
    assert_int_equal(count_of(html, "<svg"), 0);
    assert_int_equal(count_of(html, "class=\"empty\""), 6); /* 3 charts, findings, indexes, table */
    assert_has(html, "<div class=\"k\">Time span</div><div class=\"v\">unknown</div>");
    assert_has(html, "<div class=\"k\">Busiest hour</div><div class=\"v\">\xe2\x80\x94</div>");
    arena_free(a);
}

/* ---- reports of the other tasks -------------------------------------------------- */

static report_t *optimize_report(arena_t *a)
{
    report_t *r = base_report(a, "optimize");
    r->meta.query_hash = "5f2a9c0d1e3b4a77";
    finding_t *f = report_add_finding(r, "seq-scan-large-table", SEV_CRITICAL,
                                      (qm_loc_t){1, 1, 15, 14}, "Seq Scan on orders");
    f->fix = "CREATE INDEX ON orders (user_id);";
    report_add_finding(r, "select-star", SEV_INFO, (qm_loc_t){1, 1, 8, 7}, "SELECT *");
    report_sort(r);
    r->query_plan = "Limit\n  -> Seq Scan on orders  (rows < 20 && cost > 1)";
    index_advice_t *ix = orders_index(a);
    ix->serves = NULL;
    ix->nserves = 0;
    ix->time_share = ix->benefit_ms = -1;
    ix->cost_before = 48210.5;
    ix->cost_after = 12.3;
    ix->statements[0] = 1;
    ix->nstatements = 1;
    report_add_index(r, ix);
    r->optimized_query = "SELECT id FROM orders WHERE user_id = $1 AND note <> '<none>'";
    static const char *inv[] = {"INSERT INTO orders"};
    cache_strategy_t *c = arena_alloc(a, sizeof(*c));
    *c = (cache_strategy_t){.pattern = "cache-aside", .key = "orders:user:{user_id}",
                            .ttl_seconds = 300, .invalidate_on = inv, .ninvalidate = 1};
    r->cache_strategy = c;
    return r;
}

static void optimize_page_has_no_workload_sections(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *html = render_html(a, optimize_report(a));
    assert_balanced(html);
    assert_headings(html, "optimize");
    assert_offline(html);
    assert_lacks(html, "<h2>Top shapes by total time</h2>");
    assert_lacks(html, "<h2>Queries</h2>");
    assert_int_equal(count_of(html, "<svg"), 0);
    assert_has(html, "<h2>Plan</h2>\n<pre><code>Limit\n  -&gt; Seq Scan on orders  "
                     "(rows &lt; 20 &amp;&amp; cost &gt; 1)</code></pre>");
    assert_has(html, "<h2>Optimized query</h2>\n<pre><code>SELECT id FROM orders WHERE user_id = $1"
                     " AND note &lt;&gt; &#39;&lt;none&gt;&#39;</code></pre>");
    assert_has(html, "<span class=\"loc\">stmt 1, line 1:15</span>");
    assert_has(html, "<p class=\"muted\">2 findings: 1 critical, 1 info</p>");
    assert_has(html, "<li>plan cost 48210.5 \xe2\x86\x92 12.3</li>");
    assert_has(html, "<li>serves statement 1</li>");
    assert_has(html, "<li><strong>Key:</strong> <code>orders:user:{user_id}</code></li>");
    assert_has(html, "query hash <code>5f2a9c0d1e3b4a77</code>");
    /* critical before info, as the report orders them */
    assert_true(strstr(html, "finding critical") < strstr(html, "finding info"));
    arena_free(a);
}

static void migrate_page_lists_statement_locks(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = base_report(a, "migrate");
    migration_t *m = arena_alloc(a, sizeof(*m));
    m->pg_version = 15;
    m->nstmts = 2;
    m->stmts = arena_calloc(a, 2, sizeof(mig_stmt_t));
    m->stmts[0] = (mig_stmt_t){.index = 1, .line = 3, .file = "001_add.sql",
                               .text = "ALTER TABLE orders ADD COLUMN n int DEFAULT random()",
                               .table = "orders", .lock = LOCK_ACCESS_EXCLUSIVE,
                               .blocks_reads = true, .blocks_writes = true,
                               .rewrites_table = true, .est_seconds = 90};
    m->stmts[1] = (mig_stmt_t){.index = 2, .line = 5, .text = "CREATE INDEX CONCURRENTLY i ON t (a)",
                               .table = "t", .lock = LOCK_SHARE_UPDATE_EXCLUSIVE,
                               .est_seconds = -1};
    r->migration = m;
    r->meta.statements = 0;
    const char *html = render_html(a, r);
    assert_balanced(html);
    assert_headings(html, "migrate");
    assert_has(html, "<h2>Migration statements</h2>");
    assert_has(html, "<tr><td class=\"n\">1</td><td>001_add.sql:3</td><td class=\"q\"><code>ALTER "
                     "TABLE orders ADD COLUMN n int DEFAULT random()</code></td><td>orders</td>"
                     "<td>ACCESS EXCLUSIVE</td><td class=\"yes\">yes</td><td class=\"yes\">yes</td>"
                     "<td class=\"yes\">yes</td><td class=\"n\">1.5 min</td></tr>");
    assert_has(html, "<td>line 5</td>");
    assert_has(html, "<td>SHARE UPDATE EXCLUSIVE</td><td class=\"no\">no</td><td class=\"no\">no"
                     "</td><td class=\"no\">no</td><td class=\"n\">\xe2\x80\x94</td>");
    assert_lacks(html, "<h2>Cache strategy</h2>");
    arena_free(a);
}

static void design_page_shows_the_database_choice(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = base_report(a, "design");
    static const char *alts[] = {"mysql", "dynamodb"}, *why[] = {"joins & transactions"};
    database_choice_t c = {.recommended = "postgresql", .alternatives = alts, .nalternatives = 2,
                           .reasons = why, .nreasons = 1, .note = "either works at this size"};
    r->database_choice = &c;
    const char *html = render_html(a, r);
    assert_balanced(html);
    assert_has(html, "<h1>dbagent design</h1>");
    assert_has(html, "<li><strong>Recommended:</strong> postgresql</li>");
    assert_has(html, "<li><strong>Alternatives:</strong> mysql, dynamodb</li>");
    assert_has(html, "<li>joins &amp; transactions</li>");
    arena_free(a);
}

/* The checker itself must be able to fail, or the balance assertions prove nothing. */
static void tag_checker_catches_unbalanced_pages(void **state)
{
    (void)state;
    assert_null(tag_balance("<html><body><svg><line x=\"1\"/></svg><br></body></html>"));
    assert_non_null(tag_balance("<html><body><section></body></html>"));
    assert_non_null(tag_balance("<html><body><table></section></body></html>"));
    assert_non_null(tag_balance("<html><body>"));
    assert_non_null(tag_balance("<p>1 < 2</p>"));
    assert_null(tag_balance("<style>a > b {}</style><p></p>"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tag_checker_catches_unbalanced_pages),
        cmocka_unit_test(digest_page_is_balanced_and_has_its_sections),
        cmocka_unit_test(digest_charts_draw_one_bar_per_item),
        cmocka_unit_test(digest_cards_findings_indexes_and_table),
        cmocka_unit_test(report_text_is_escaped_everywhere),
        cmocka_unit_test(same_report_same_bytes),
        cmocka_unit_test(thousand_shapes_show_the_top_twenty),
        cmocka_unit_test(labels_cut_between_characters),
        cmocka_unit_test(zero_durations_and_one_hour),
        cmocka_unit_test(empty_workload),
        cmocka_unit_test(optimize_page_has_no_workload_sections),
        cmocka_unit_test(migrate_page_lists_statement_locks),
        cmocka_unit_test(design_page_shows_the_database_choice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
