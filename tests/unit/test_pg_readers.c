/* test_pg_readers.c — the PostgreSQL log readers (stderr, csvlog, jsonlog), the
 * common reader (skipped lines, line numbers) and format detection.
 *
 * The log excerpts are genuine: written by a PostgreSQL 15 server with
 * log_destination = 'stderr,csvlog,jsonlog', log_min_duration_statement = 0
 * and auto_explain, for psql -c, pgbench -M prepared/extended and a libpq
 * program using PQexecParams/PQexecPrepared (quotes, NULL, a newline and eleven
 * parameters in the values), then with log_statement = all + log_duration,
 * auto_explain in each of its formats and each common log_line_prefix. Lines
 * marked "constructed" are written by hand for cases a server does not produce
 * on demand (a foreign line, a broken record, a surrogate pair). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "workload/reader.h"
#include "workload/reader_int.h"

/* ---- helpers ---------------------------------------------------------------- */

enum { MAX_GOT = 64 };

typedef struct {
    const char *sql, *session, *user, *db, *app;   /* NULL when the entry's is NULL */
    double ms, min_ms, max_ms;
    long long rows, ts, line, calls;
    wl_dialect_t dialect;
} got_entry_t;

typedef struct {
    arena_t *a;
    got_entry_t e[MAX_GOT];
    int n;
    long long skipped;
    long long lines[WL_SKIPPED_KEEP];
    int nlines;
    const char *prefix;
} got_t;

static const char *copy(arena_t *a, wl_str_t s)
{
    assert_true(s.len == 0 || s.s != NULL);
    return s.s ? arena_strndup(a, s.s, s.len) : NULL;
}

static void collect(void *ctx, const wl_entry_t *e)
{
    got_t *g = ctx;
    assert_true(g->n < MAX_GOT);
    got_entry_t *o = &g->e[g->n++];
    o->sql = copy(g->a, e->sql);
    o->session = copy(g->a, e->session);
    o->user = copy(g->a, e->user);
    o->db = copy(g->a, e->db);
    o->app = copy(g->a, e->app);
    o->ms = e->duration_ms;
    o->min_ms = e->min_ms;
    o->max_ms = e->max_ms;
    o->rows = e->rows;
    o->ts = e->ts_ms;
    o->line = e->line;
    o->calls = e->calls;
    o->dialect = e->dialect;
}

/* Feeds text line by line (a final newline ends the last line) from line
 * first, finishes, and keeps what the reader reports. */
static void feed_from(got_t *g, wl_format_t fmt, const char *prefix, const char *text,
                      long long first)
{
    memset(g, 0, sizeof(*g));
    g->a = arena_new();
    wl_reader_t *r = wl_reader_new(fmt, prefix, collect, g);
    assert_non_null(r);
    wl_reader_set_first_line(r, first);
    const char *at = text;
    while (*at) {
        const char *nl = strchr(at, '\n');
        size_t len = nl ? (size_t)(nl - at) : strlen(at);
        wl_reader_line(r, at, len);
        at += len + (nl ? 1 : 0);
    }
    wl_reader_finish(r);
    g->skipped = wl_reader_skipped(r);
    g->nlines = wl_reader_skipped_lines(r, g->lines);
    const char *p = wl_reader_prefix(r);
    g->prefix = p ? arena_strdup(g->a, p) : NULL;
    wl_reader_free(r);
}

static void feed(got_t *g, wl_format_t fmt, const char *prefix, const char *text)
{
    feed_from(g, fmt, prefix, text, 1);
}

static void done(got_t *g)
{
    arena_free(g->a);
}

/* The entry whose first line is line (order across sessions is not fixed). */
static const got_entry_t *at_line(const got_t *g, long long line)
{
    for (int i = 0; i < g->n; i++)
        if (g->e[i].line == line)
            return &g->e[i];
    fail_msg("no entry at line %lld", line);
    return NULL;
}

static void assert_ms(double got, double want)
{
    if (fabs(got - want) > 1e-9)
        fail_msg("duration %.6f, expected %.6f", got, want);
}

/* ---- genuine excerpts ------------------------------------------------------- */

/* psql -c, '%m [%p] %q%u@%d ', auto_explain text before each statement line. */
static const char stderr_simple[] =
    "2026-11-29 18:00:18.257 UTC [20034] postgres@postgres LOG:  duration: 0.081 ms  plan:\n"
    "\tQuery Text: select * from t where id = 5\n"
    "\tIndex Scan using t_pkey on t  (cost=0.15..8.17 rows=1 width=68)\n"
    "\t  Index Cond: (id = 5)\n"
    "2026-11-29 18:00:18.257 UTC [20034] postgres@postgres LOG:  duration: 4.083 ms  statement: select * from t where id = 5\n"
    "2026-11-29 18:00:18.321 UTC [20037] postgres@postgres LOG:  duration: 0.092 ms  plan:\n"
    "\tQuery Text: select name,\n"
    "\t   note\n"
    "\tfrom t\n"
    "\twhere id in (1, 2)\n"
    "\t  and name <> 'x'\n"
    "\tBitmap Heap Scan on t  (cost=8.32..13.66 rows=2 width=64)\n"
    "\t  Recheck Cond: (id = ANY ('{1,2}'::integer[]))\n"
    "\t  Filter: (name <> 'x'::text)\n"
    "\t  ->  Bitmap Index Scan on t_pkey  (cost=0.00..8.32 rows=2 width=0)\n"
    "\t        Index Cond: (id = ANY ('{1,2}'::integer[]))\n"
    "2026-11-29 18:00:18.321 UTC [20037] postgres@postgres LOG:  duration: 4.586 ms  statement: select name,\n"
    "\t   note\n"
    "\tfrom t\n"
    "\twhere id in (1, 2)\n"
    "\t  and name <> 'x'\n"
    "2026-11-29 18:00:18.376 UTC [20039] postgres@postgres ERROR:  relation \"nosuchtable\" does not exist at character 15\n"
    "2026-11-29 18:00:18.376 UTC [20039] postgres@postgres STATEMENT:  select * from nosuchtable\n";

/* PQexecParams twice and PQprepare + PQexecPrepared, one session: parse, bind
 * and execute with DETAIL parameters, the plan after the execute. */
static const char stderr_extended[] =
    "2026-11-29 18:02:04.989 UTC [23614] postgres@postgres LOG:  duration: 1.703 ms  parse <unnamed>: SELECT $1::text AS a, $2::int AS b, $3::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    "\t, $4::int + 1 AS e\n"
    "2026-11-29 18:02:04.992 UTC [23614] postgres@postgres LOG:  duration: 1.618 ms  bind <unnamed>: SELECT $1::text AS a, $2::int AS b, $3::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    "\t, $4::int + 1 AS e\n"
    "2026-11-29 18:02:04.992 UTC [23614] postgres@postgres DETAIL:  parameters: $1 = 'it''s', $2 = NULL, $3 = 'a $2 inside', $4 = '5'\n"
    "2026-11-29 18:02:04.992 UTC [23614] postgres@postgres LOG:  duration: 0.042 ms  execute <unnamed>: SELECT $1::text AS a, $2::int AS b, $3::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    "\t, $4::int + 1 AS e\n"
    "2026-11-29 18:02:04.992 UTC [23614] postgres@postgres DETAIL:  parameters: $1 = 'it''s', $2 = NULL, $3 = 'a $2 inside', $4 = '5'\n"
    "2026-11-29 18:02:04.992 UTC [23614] postgres@postgres LOG:  duration: 0.021 ms  plan:\n"
    "\tQuery Text: SELECT $1::text AS a, $2::int AS b, $3::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    "\t, $4::int + 1 AS e\n"
    "\tResult  (cost=0.00..0.01 rows=1 width=104)\n"
    "2026-11-29 18:02:04.996 UTC [23614] postgres@postgres LOG:  duration: 0.926 ms  parse <unnamed>: SELECT $1::int, $2::int, $3::int, $4::int, $5::int, $6::int, $7::int, $8::int, $9::int, $10::text, $11::text, $1::int + length($10::text)\n"
    "2026-11-29 18:02:04.996 UTC [23614] postgres@postgres LOG:  duration: 0.098 ms  bind <unnamed>: SELECT $1::int, $2::int, $3::int, $4::int, $5::int, $6::int, $7::int, $8::int, $9::int, $10::text, $11::text, $1::int + length($10::text)\n"
    "2026-11-29 18:02:04.996 UTC [23614] postgres@postgres DETAIL:  parameters: $1 = '1', $2 = '2', $3 = '3', $4 = '4', $5 = '5', $6 = '6', $7 = '7', $8 = '8', $9 = '9', $10 = 'ten', $11 = 'eleven'\n"
    "2026-11-29 18:02:04.996 UTC [23614] postgres@postgres LOG:  duration: 0.007 ms  execute <unnamed>: SELECT $1::int, $2::int, $3::int, $4::int, $5::int, $6::int, $7::int, $8::int, $9::int, $10::text, $11::text, $1::int + length($10::text)\n"
    "2026-11-29 18:02:04.996 UTC [23614] postgres@postgres DETAIL:  parameters: $1 = '1', $2 = '2', $3 = '3', $4 = '4', $5 = '5', $6 = '6', $7 = '7', $8 = '8', $9 = '9', $10 = 'ten', $11 = 'eleven'\n"
    "2026-11-29 18:02:04.996 UTC [23614] postgres@postgres LOG:  duration: 0.004 ms  plan:\n"
    "\tQuery Text: SELECT $1::int, $2::int, $3::int, $4::int, $5::int, $6::int, $7::int, $8::int, $9::int, $10::text, $11::text, $1::int + length($10::text)\n"
    "\tResult  (cost=0.00..0.01 rows=1 width=104)\n"
    "2026-11-29 18:02:04.999 UTC [23614] postgres@postgres LOG:  duration: 3.256 ms  parse byname: SELECT name\n"
    "\tFROM t\n"
    "\tWHERE id = $1\n"
    "\t  AND note <> $2\n"
    "2026-11-29 18:02:05.007 UTC [23614] postgres@postgres LOG:  duration: 7.239 ms  bind byname: SELECT name\n"
    "\tFROM t\n"
    "\tWHERE id = $1\n"
    "\t  AND note <> $2\n"
    "2026-11-29 18:02:05.007 UTC [23614] postgres@postgres DETAIL:  parameters: $1 = '7', $2 = 'multi\n"
    "\tline ''quoted'''\n"
    "2026-11-29 18:02:05.008 UTC [23614] postgres@postgres LOG:  duration: 0.049 ms  execute byname: SELECT name\n"
    "\tFROM t\n"
    "\tWHERE id = $1\n"
    "\t  AND note <> $2\n"
    "2026-11-29 18:02:05.008 UTC [23614] postgres@postgres DETAIL:  parameters: $1 = '7', $2 = 'multi\n"
    "\tline ''quoted'''\n"
    "2026-11-29 18:02:05.008 UTC [23614] postgres@postgres LOG:  duration: 0.043 ms  plan:\n"
    "\tQuery Text: SELECT name\n"
    "\tFROM t\n"
    "\tWHERE id = $1\n"
    "\t  AND note <> $2\n"
    "\tSeq Scan on t  (cost=0.00..2.50 rows=1 width=3)\n"
    "\t  Filter: ((note <> 'multi\n"
    "\tline ''quoted'''::text) AND (id = 7))\n";

static const char sql_first[] =
    "SELECT 'it''s'::text AS a, NULL::int AS b, 'a $2 inside'::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    ", '5'::int + 1 AS e";
static const char sql_eleven[] =
    "SELECT '1'::int, '2'::int, '3'::int, '4'::int, '5'::int, '6'::int, '7'::int, '8'::int, "
    "'9'::int, 'ten'::text, 'eleven'::text, '1'::int + length('ten'::text)";
static const char sql_byname[] =
    "SELECT name\nFROM t\nWHERE id = '7'\n  AND note <> 'multi\nline ''quoted'''";

/* pgbench -M prepared, two clients interleaved; each plan comes before its
 * execute (an UPDATE finishes inside the execute). */
static const char stderr_pgbench[] =
    "2026-11-29 18:00:19.002 UTC [20066] postgres@postgres LOG:  duration: 2.069 ms  parse P_1: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "2026-11-29 18:00:19.003 UTC [20069] postgres@postgres LOG:  duration: 1.164 ms  parse P_1: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "2026-11-29 18:00:19.006 UTC [20069] postgres@postgres LOG:  duration: 0.974 ms  bind P_1: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "2026-11-29 18:00:19.006 UTC [20069] postgres@postgres DETAIL:  parameters: $1 = '-3683', $2 = '37744'\n"
    "2026-11-29 18:00:19.007 UTC [20069] postgres@postgres LOG:  duration: 0.402 ms  plan:\n"
    "\tQuery Text: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "\tUpdate on pgbench_accounts  (cost=0.29..8.31 rows=0 width=0)\n"
    "\t  ->  Index Scan using pgbench_accounts_pkey on pgbench_accounts  (cost=0.29..8.31 rows=1 width=10)\n"
    "\t        Index Cond: (aid = 37744)\n"
    "2026-11-29 18:00:19.007 UTC [20069] postgres@postgres LOG:  duration: 1.091 ms  execute P_1: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "2026-11-29 18:00:19.007 UTC [20069] postgres@postgres DETAIL:  parameters: $1 = '-3683', $2 = '37744'\n"
    "2026-11-29 18:00:19.005 UTC [20066] postgres@postgres LOG:  duration: 1.341 ms  bind P_1: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "2026-11-29 18:00:19.005 UTC [20066] postgres@postgres DETAIL:  parameters: $1 = '-4439', $2 = '73872'\n"
    "2026-11-29 18:00:19.008 UTC [20066] postgres@postgres LOG:  duration: 0.489 ms  plan:\n"
    "\tQuery Text: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "\tUpdate on pgbench_accounts  (cost=0.29..8.31 rows=0 width=0)\n"
    "\t  ->  Index Scan using pgbench_accounts_pkey on pgbench_accounts  (cost=0.29..8.31 rows=1 width=10)\n"
    "\t        Index Cond: (aid = 73872)\n"
    "2026-11-29 18:00:19.008 UTC [20066] postgres@postgres LOG:  duration: 0.879 ms  execute P_1: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "2026-11-29 18:00:19.008 UTC [20066] postgres@postgres DETAIL:  parameters: $1 = '-4439', $2 = '73872'\n";

/* log_statement = all, log_duration = on, log_min_duration_statement = -1:
 * psql (one statement fails) then pgbench -M extended. */
static const char stderr_log_statement[] =
    "2026-11-29 18:02:07.349 UTC [23706] postgres@postgres LOG:  statement: select count(*) from t\n"
    "2026-11-29 18:02:07.409 UTC [23706] postgres@postgres LOG:  duration: 65.318 ms\n"
    "2026-11-29 18:02:07.602 UTC [23718] postgres@postgres LOG:  statement: select 1/0\n"
    "2026-11-29 18:02:07.604 UTC [23718] postgres@postgres ERROR:  division by zero\n"
    "2026-11-29 18:02:07.604 UTC [23718] postgres@postgres STATEMENT:  select 1/0\n"
    "2026-11-29 18:02:07.876 UTC [23725] postgres@postgres LOG:  statement: select id,\n"
    "\t  name from t where id = 3\n"
    "2026-11-29 18:02:07.889 UTC [23725] postgres@postgres LOG:  duration: 17.407 ms\n"
    "2026-11-29 18:02:08.374 UTC [23743] postgres@postgres LOG:  duration: 1.980 ms\n"
    "2026-11-29 18:02:08.375 UTC [23743] postgres@postgres LOG:  duration: 0.157 ms\n"
    "2026-11-29 18:02:08.375 UTC [23743] postgres@postgres LOG:  execute <unnamed>: BEGIN;\n"
    "2026-11-29 18:02:08.375 UTC [23743] postgres@postgres LOG:  duration: 0.191 ms\n"
    "2026-11-29 18:02:08.391 UTC [23743] postgres@postgres LOG:  duration: 15.130 ms\n"
    "2026-11-29 18:02:08.404 UTC [23743] postgres@postgres LOG:  duration: 12.629 ms\n"
    "2026-11-29 18:02:08.405 UTC [23743] postgres@postgres LOG:  execute <unnamed>: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
    "2026-11-29 18:02:08.405 UTC [23743] postgres@postgres DETAIL:  parameters: $1 = '-2080', $2 = '36355'\n"
    "2026-11-29 18:02:08.418 UTC [23743] postgres@postgres LOG:  duration: 13.022 ms\n";

/* auto_explain alone (log_min_duration_statement = -1), log_analyze on, then
 * a JSON plan. */
static const char stderr_plans_only[] =
    "2026-11-29 18:02:13.321 UTC [23935] postgres@postgres LOG:  duration: 0.042 ms  plan:\n"
    "\tQuery Text: select * from t where id = 5\n"
    "\tSeq Scan on t  (cost=0.00..2.25 rows=1 width=13) (actual time=0.029..0.033 rows=1 loops=1)\n"
    "\t  Filter: (id = 5)\n"
    "\t  Rows Removed by Filter: 99\n"
    "2026-11-29 18:02:13.655 UTC [23948] postgres@postgres LOG:  duration: 0.190 ms  plan:\n"
    "\tQuery Text: select name,\n"
    "\t  note from t where id < 3\n"
    "\tSeq Scan on t  (cost=0.00..2.25 rows=1 width=9) (actual time=0.178..0.182 rows=2 loops=1)\n"
    "\t  Filter: (id < 3)\n"
    "\t  Rows Removed by Filter: 98\n"
    "2026-11-29 18:02:14.150 UTC [23959] postgres@postgres LOG:  duration: 0.459 ms  plan:\n"
    "\t{\n"
    "\t  \"Query Text\": \"select 'json \\\"only\\\"' as x, E'tab\\\\there' as y\",\n"
    "\t  \"Plan\": {\n"
    "\t    \"Node Type\": \"Result\",\n"
    "\t    \"Parallel Aware\": false,\n"
    "\t    \"Async Capable\": false,\n"
    "\t    \"Startup Cost\": 0.00,\n"
    "\t    \"Total Cost\": 0.01,\n"
    "\t    \"Plan Rows\": 1,\n"
    "\t    \"Plan Width\": 64\n"
    "\t  }\n"
    "\t}\n";

/* auto_explain.log_format = json with log_min_duration_statement = 0. */
static const char stderr_json_plan[] =
    "2026-11-29 18:02:11.122 UTC [23833] postgres@postgres LOG:  duration: 0.043 ms  plan:\n"
    "\t{\n"
    "\t  \"Query Text\": \"select * from t where id = 5\",\n"
    "\t  \"Plan\": {\n"
    "\t    \"Node Type\": \"Seq Scan\",\n"
    "\t    \"Parallel Aware\": false,\n"
    "\t    \"Async Capable\": false,\n"
    "\t    \"Relation Name\": \"t\",\n"
    "\t    \"Alias\": \"t\",\n"
    "\t    \"Startup Cost\": 0.00,\n"
    "\t    \"Total Cost\": 2.25,\n"
    "\t    \"Plan Rows\": 1,\n"
    "\t    \"Plan Width\": 13,\n"
    "\t    \"Filter\": \"(id = 5)\"\n"
    "\t  }\n"
    "\t}\n"
    "2026-11-29 18:02:11.123 UTC [23833] postgres@postgres LOG:  duration: 16.543 ms  statement: select * from t where id = 5\n";

/* auto_explain YAML and XML, a nested statement's plan (DO block), and a SQL
 * EXECUTE whose DETAIL is its PREPARE, not parameters. */
static const char stderr_yaml_xml_nested[] =
    "2026-11-29 18:04:19.151 UTC [1298] postgres@postgres LOG:  duration: 0.038 ms  plan:\n"
    "\tQuery Text: \"select 'a\\\"b' as x,\\n  1 < 2\"\n"
    "\tPlan: \n"
    "\t  Node Type: \"Result\"\n"
    "\t  Parallel Aware: false\n"
    "\t  Async Capable: false\n"
    "\t  Startup Cost: 0.00\n"
    "\t  Total Cost: 0.01\n"
    "\t  Plan Rows: 1\n"
    "\t  Plan Width: 33\n"
    "2026-11-29 18:04:19.290 UTC [1304] postgres@postgres LOG:  duration: 0.046 ms  plan:\n"
    "\t<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n"
    "\t  <Query-Text>select 'a\"b' as x,\n"
    "\t  1 &lt; 2</Query-Text>\n"
    "\t  <Plan>\n"
    "\t    <Node-Type>Result</Node-Type>\n"
    "\t    <Parallel-Aware>false</Parallel-Aware>\n"
    "\t    <Async-Capable>false</Async-Capable>\n"
    "\t    <Startup-Cost>0.00</Startup-Cost>\n"
    "\t    <Total-Cost>0.01</Total-Cost>\n"
    "\t    <Plan-Rows>1</Plan-Rows>\n"
    "\t    <Plan-Width>33</Plan-Width>\n"
    "\t  </Plan>\n"
    "\t</explain>\n"
    "2026-11-29 18:04:19.386 UTC [1313] postgres@postgres LOG:  duration: 0.117 ms  plan:\n"
    "\tQuery Text: SELECT count(*) from t\n"
    "\tAggregate  (cost=2.25..2.26 rows=1 width=8)\n"
    "\t  ->  Seq Scan on t  (cost=0.00..2.00 rows=100 width=0)\n"
    "2026-11-29 18:04:19.386 UTC [1313] postgres@postgres CONTEXT:  SQL statement \"SELECT count(*) from t\"\n"
    "\tPL/pgSQL function inline_code_block line 1 at PERFORM\n"
    "2026-11-29 18:04:19.519 UTC [1321] postgres@postgres LOG:  duration: 1.944 ms  statement: prepare q(int) as select * from t where id = $1\n"
    "2026-11-29 18:04:19.522 UTC [1321] postgres@postgres LOG:  duration: 2.119 ms  statement: execute q(3)\n"
    "2026-11-29 18:04:19.522 UTC [1321] postgres@postgres DETAIL:  prepare: prepare q(int) as select * from t where id = $1\n";

/* ---- stderr: messages ------------------------------------------------------- */

static void test_stderr_statement_and_multiline(void **state)
{
    (void)state;
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, NULL, stderr_simple);
    assert_string_equal(g.prefix, "%m [%p] %q%u@%d ");
    assert_int_equal(g.skipped, 0);
    assert_int_equal(g.n, 2);   /* each plan is its statement's: not counted twice */

    const got_entry_t *e = at_line(&g, 5);
    assert_string_equal(e->sql, "select * from t where id = 5");
    assert_ms(e->ms, 4.083);
    assert_int_equal(e->ts, 1795975218257LL);
    assert_string_equal(e->session, "20034");
    assert_string_equal(e->user, "postgres");
    assert_string_equal(e->db, "postgres");
    assert_null(e->app);
    assert_int_equal(e->calls, 1);
    assert_int_equal(e->rows, -1);
    assert_true(e->min_ms < 0 && e->max_ms < 0);
    assert_int_equal(e->dialect, WL_DIALECT_PG);

    e = at_line(&g, 17);
    assert_string_equal(e->sql, "select name,\n   note\nfrom t\nwhere id in (1, 2)\n  and name <> 'x'");
    assert_ms(e->ms, 4.586);
    assert_string_equal(e->session, "20037");
    done(&g);
}

static void test_stderr_execute_detail_substitution(void **state)
{
    (void)state;
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, NULL, stderr_extended);
    assert_int_equal(g.skipped, 0);
    /* parse and bind are not executions, plans logged after their execute are
     * the same execution */
    assert_int_equal(g.n, 3);
    const got_entry_t *e = at_line(&g, 6);
    assert_string_equal(e->sql, sql_first);   /* quotes, NULL, $n in a string/comment */
    assert_ms(e->ms, 0.042);
    assert_int_equal(e->ts, 1795975324992LL);
    e = at_line(&g, 16);
    assert_string_equal(e->sql, sql_eleven);  /* $10 is not $1 followed by 0 */
    assert_ms(e->ms, 0.007);
    e = at_line(&g, 31);
    assert_string_equal(e->sql, sql_byname);  /* a value spanning lines */
    assert_ms(e->ms, 0.049);
    done(&g);
}

static void test_stderr_pgbench_interleaved(void **state)
{
    (void)state;
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, NULL, stderr_pgbench);
    assert_int_equal(g.n, 2);
    const got_entry_t *e = at_line(&g, 10);
    assert_string_equal(e->sql,
                        "UPDATE pgbench_accounts SET abalance = abalance + '-3683' WHERE aid = '37744';");
    assert_ms(e->ms, 1.091);
    assert_string_equal(e->session, "20069");
    e = at_line(&g, 19);
    assert_string_equal(e->sql,
                        "UPDATE pgbench_accounts SET abalance = abalance + '-4439' WHERE aid = '73872';");
    assert_ms(e->ms, 0.879);
    assert_string_equal(e->session, "20066");
    done(&g);
}

static void test_stderr_log_statement_and_duration(void **state)
{
    (void)state;
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, NULL, stderr_log_statement);
    assert_int_equal(g.skipped, 0);
    assert_int_equal(g.n, 5);
    const got_entry_t *e = at_line(&g, 1);
    assert_string_equal(e->sql, "select count(*) from t");
    assert_ms(e->ms, 65.318);
    e = at_line(&g, 3);                       /* failed: no duration line follows */
    assert_string_equal(e->sql, "select 1/0");
    assert_true(e->ms < 0);
    e = at_line(&g, 6);
    assert_string_equal(e->sql, "select id,\n  name from t where id = 3");
    assert_ms(e->ms, 17.407);
    e = at_line(&g, 11);                      /* parse and bind durations before it ignored */
    assert_string_equal(e->sql, "BEGIN;");
    assert_ms(e->ms, 0.191);
    e = at_line(&g, 15);
    assert_string_equal(e->sql,
                        "UPDATE pgbench_accounts SET abalance = abalance + '-2080' WHERE aid = '36355';");
    assert_ms(e->ms, 13.022);
    done(&g);
}

static void test_stderr_auto_explain_text_and_json(void **state)
{
    (void)state;
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, NULL, stderr_plans_only);
    assert_int_equal(g.n, 3);
    const got_entry_t *e = at_line(&g, 1);
    assert_string_equal(e->sql, "select * from t where id = 5");
    assert_ms(e->ms, 0.042);
    assert_int_equal(e->rows, 1);             /* log_analyze: the root's actual rows */
    e = at_line(&g, 6);
    assert_string_equal(e->sql, "select name,\n  note from t where id < 3");
    assert_ms(e->ms, 0.190);
    assert_int_equal(e->rows, 2);
    e = at_line(&g, 12);
    assert_string_equal(e->sql, "select 'json \"only\"' as x, E'tab\\there' as y");
    assert_ms(e->ms, 0.459);
    assert_int_equal(e->rows, -1);
    done(&g);

    feed(&g, WL_FMT_PG_STDERR, NULL, stderr_json_plan);
    assert_int_equal(g.n, 1);                 /* the plan belongs to the statement line */
    assert_string_equal(g.e[0].sql, "select * from t where id = 5");
    assert_ms(g.e[0].ms, 16.543);
    assert_int_equal(g.e[0].line, 17);
    done(&g);
}

static void test_stderr_auto_explain_yaml_xml_nested(void **state)
{
    (void)state;
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, NULL, stderr_yaml_xml_nested);
    assert_int_equal(g.skipped, 0);
    assert_int_equal(g.n, 5);
    assert_string_equal(at_line(&g, 1)->sql, "select 'a\"b' as x,\n  1 < 2");
    assert_string_equal(at_line(&g, 11)->sql, "select 'a\"b' as x,\n  1 < 2");
    assert_ms(at_line(&g, 11)->ms, 0.046);
    assert_string_equal(at_line(&g, 25)->sql, "SELECT count(*) from t");
    assert_string_equal(at_line(&g, 31)->sql, "prepare q(int) as select * from t where id = $1");
    assert_string_equal(at_line(&g, 32)->sql, "execute q(3)");
    done(&g);
}

/* ---- stderr: prefixes ------------------------------------------------------- */

typedef struct {
    const char *lines;     /* a statement, a background process, an error pair */
    const char *prefix;    /* what detection settles on */
    const char *session, *user, *db, *app;
    long long ts;
} prefix_case_t;

static const prefix_case_t prefix_cases[] = {
    {"2026-11-29 18:02:51.873 UTC [26387] LOG:  duration: 13.133 ms  statement: select * from t where id = 1\n"
     "2026-11-29 18:02:52.172 UTC [19620] LOG:  checkpoint starting: immediate force wait\n"
     "2026-11-29 18:02:52.395 UTC [26420] ERROR:  relation \"missing1\" does not exist at character 15\n"
     "2026-11-29 18:02:52.395 UTC [26420] STATEMENT:  select * from missing1\n",
     "%m [%p] ", "26387", NULL, NULL, NULL, 1795975371873LL},
    {"2026-11-29 18:02:54.814 UTC [26599] postgres@postgres LOG:  duration: 13.101 ms  statement: select * from t where id = 2\n"
     "2026-11-29 18:02:55.118 UTC [19620] LOG:  checkpoint starting: immediate force wait\n"
     "2026-11-29 18:02:55.234 UTC [26627] postgres@postgres ERROR:  relation \"missing2\" does not exist at character 15\n"
     "2026-11-29 18:02:55.234 UTC [26627] postgres@postgres STATEMENT:  select * from missing2\n",
     "%m [%p] %q%u@%d ", "26599", "postgres", "postgres", NULL, 1795975374814LL},
    {"2026-11-29 18:02:57 UTC [26809]: [2-1] user=postgres,db=postgres,app=my app,client=[local] LOG:  duration: 15.863 ms  statement: select * from t where id = 3\n"
     "2026-11-29 18:02:58 UTC [19620]: [5-1] user=,db=,app=,client= LOG:  checkpoint starting: immediate force wait\n"
     "2026-11-29 18:02:58 UTC [26840]: [1-1] user=postgres,db=postgres,app=psql,client=[local] ERROR:  relation \"missing3\" does not exist at character 15\n"
     "2026-11-29 18:02:58 UTC [26840]: [2-1] user=postgres,db=postgres,app=psql,client=[local] STATEMENT:  select * from missing3\n",
     "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ", "26809", "postgres", "postgres", "my app",
     1795975377000LL},
    {"2026-11-29 18:03:00 UTC [27045]: [2-1] LOG:  duration: 10.423 ms  statement: select * from t where id = 4\n"
     "2026-11-29 18:03:01 UTC [19620]: [7-1] LOG:  checkpoint starting: immediate force wait\n"
     "2026-11-29 18:03:01 UTC [27073]: [1-1] ERROR:  relation \"missing4\" does not exist at character 15\n"
     "2026-11-29 18:03:01 UTC [27073]: [2-1] STATEMENT:  select * from missing4\n",
     "%t [%p]: [%l-1] ", "27045", NULL, NULL, NULL, 1795975380000LL},
    {"2026-11-29 18:03:03 UTC [27289]: LOG:  duration: 10.620 ms  statement: select * from t where id = 5\n"
     "2026-11-29 18:03:04 UTC [19620]: LOG:  checkpoint starting: immediate force wait\n"
     "2026-11-29 18:03:04 UTC [27322]: ERROR:  relation \"missing5\" does not exist at character 15\n"
     "2026-11-29 18:03:04 UTC [27322]: STATEMENT:  select * from missing5\n",
     "%t [%p]: ", "27289", NULL, NULL, NULL, 1795975383000LL},
    /* '%m [%p] %u@%d ': the %q form reads every such line the same way */
    {"2026-11-29 18:03:06.556 UTC [27533] postgres@postgres LOG:  duration: 3.875 ms  statement: select * from t where id = 6\n"
     "2026-11-29 18:03:06.900 UTC [19620] @ LOG:  checkpoint starting: immediate force wait\n"
     "2026-11-29 18:03:07.066 UTC [27575] postgres@postgres ERROR:  relation \"missing6\" does not exist at character 15\n"
     "2026-11-29 18:03:07.066 UTC [27575] postgres@postgres STATEMENT:  select * from missing6\n",
     "%m [%p] %q%u@%d ", "27533", "postgres", "postgres", NULL, 1795975386556LL},
    {"2026-11-29 18:03:09 UTC:[local]:postgres@postgres:[27787]:LOG:  duration: 8.926 ms  statement: select * from t where id = 7\n"
     "2026-11-29 18:03:09 UTC::@:[19620]:LOG:  checkpoint starting: immediate force wait\n"
     "2026-11-29 18:03:09 UTC:[local]:postgres@postgres:[27815]:ERROR:  relation \"missing7\" does not exist at character 15\n"
     "2026-11-29 18:03:09 UTC:[local]:postgres@postgres:[27815]:STATEMENT:  select * from missing7\n",
     "%t:%r:%u@%d:[%p]:", "27787", "postgres", "postgres", NULL, 1795975389000LL},
    {"2026-11-29 18:03:12.206 UTC postgres postgres 28054 LOG:  duration: 8.251 ms  statement: select * from t where id = 8\n"
     "2026-11-29 18:03:12.571 UTC   19620 LOG:  checkpoint starting: immediate force wait\n"
     "2026-11-29 18:03:12.694 UTC postgres postgres 28081 ERROR:  relation \"missing8\" does not exist at character 15\n"
     "2026-11-29 18:03:12.694 UTC postgres postgres 28081 STATEMENT:  select * from missing8\n",
     "%m %u %d %p ", "28054", "postgres", "postgres", NULL, 1795975392206LL},
    {"LOG:  duration: 3.474 ms  statement: select * from t where id = 10\n"
     "LOG:  checkpoint starting: immediate force wait\n"
     "ERROR:  relation \"missing10\" does not exist at character 15\n"
     "STATEMENT:  select * from missing10\n",
     "", NULL, NULL, NULL, NULL, 0},
};

static void check_prefix_case(const prefix_case_t *c, const char *given)
{
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, given, c->lines);
    assert_string_equal(g.prefix, c->prefix);
    assert_int_equal(g.skipped, 0);
    assert_int_equal(g.n, 1);
    const got_entry_t *e = &g.e[0];
    assert_int_equal(e->line, 1);
    assert_true(strncmp(e->sql, "select * from t where id = ", 27) == 0);
    if (c->session)
        assert_string_equal(e->session, c->session);
    else
        assert_null(e->session);
    if (c->user) {
        assert_string_equal(e->user, c->user);
        assert_string_equal(e->db, c->db);
    } else {
        assert_null(e->user);
        assert_null(e->db);
    }
    if (c->app)
        assert_string_equal(e->app, c->app);
    else
        assert_null(e->app);
    assert_int_equal(e->ts, c->ts);
    done(&g);
}

static void test_stderr_common_prefixes_detected(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(prefix_cases) / sizeof(prefix_cases[0]); i++)
        check_prefix_case(&prefix_cases[i], NULL);
}

static void test_stderr_given_prefix(void **state)
{
    (void)state;
    /* every escape at once: %a with a space, %b "client backend", %P empty */
    static const char lines[] =
        "1795975395.136 6b0c68e3.6e3e 2 0 3/0 00000 SELECT client backend 2026-11-29 18:03:15 UTC 0 my app  %: LOG:  duration: 6.750 ms  statement: select * from t where id = 9\n"
        "1795975395.408 6b0c682a.4ca4 17 0  00000  checkpointer 2026-11-29 18:00:10 UTC 0   %: LOG:  checkpoint starting: immediate force wait\n"
        "1795975395.534 6b0c68e3.6e49 1 0 3/379 42P01 SELECT client backend 2026-11-29 18:03:15 UTC 0 psql  %: ERROR:  relation \"missing9\" does not exist at character 15\n"
        "1795975395.534 6b0c68e3.6e49 2 0 3/379 42P01 SELECT client backend 2026-11-29 18:03:15 UTC 0 psql  %: STATEMENT:  select * from missing9\n";
    static const char prefix[] = "%n %c %l %x %v %e %i %b %s %Q %a %P %%: ";
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, prefix, lines);
    assert_string_equal(g.prefix, prefix);
    assert_int_equal(g.skipped, 0);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.e[0].session, "6b0c68e3.6e3e");   /* %c before %p */
    assert_string_equal(g.e[0].app, "my app");
    assert_null(g.e[0].user);
    assert_int_equal(g.e[0].ts, 1795975395136LL);
    assert_ms(g.e[0].ms, 6.750);
    done(&g);

    /* not a common prefix: without it every line is skipped */
    feed(&g, WL_FMT_PG_STDERR, NULL, lines);
    assert_int_equal(g.n, 0);
    assert_int_equal(g.skipped, 4);
    done(&g);

    /* padded escapes (%-10u, %10d) */
    static const char padded[] =
        "2026-11-29 18:14:42.714 UTC postgres     postgres [21458] 6b0c6b92.53d2 LOG:  duration: 1.164 ms  statement: select 42\n"
        "2026-11-29 18:14:42.920 UTC                       [19618] 6b0c682a.4ca2 LOG:  received SIGHUP, reloading configuration files\n";
    feed(&g, WL_FMT_PG_STDERR, "%m %-10u %10d [%p] %c ", padded);
    assert_int_equal(g.skipped, 0);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.e[0].user, "postgres");
    assert_string_equal(g.e[0].db, "postgres");
    assert_string_equal(g.e[0].session, "6b0c6b92.53d2");
    done(&g);

    /* a prefix given for a log written with another one */
    feed(&g, WL_FMT_PG_STDERR, "%t [%p]: ", prefix_cases[1].lines);
    assert_int_equal(g.n, 0);
    assert_int_equal(g.skipped, 4);
    done(&g);
}

/* ---- stderr: skipped lines, line numbers, the end of the input ----------------- */

static void test_stderr_skipped_lines_numbered(void **state)
{
    (void)state;
    /* constructed: foreign lines among genuine ones */
    static const char text[] =
        "2026-11-29 18:02:51.873 UTC [26387] LOG:  duration: 13.133 ms  statement: select * from t where id = 1\n"
        "archive command failed: cp: cannot stat\n"
        "\n"
        "2026-11-29 18:02:52.172 UTC [19620] LOG:  checkpoint starting: immediate force wait\n"
        "garbage 1\ngarbage 2\ngarbage 3\ngarbage 4\ngarbage 5\ngarbage 6\n";
    got_t g;
    feed(&g, WL_FMT_PG_STDERR, NULL, text);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.skipped, 7);   /* the empty line is not counted */
    assert_int_equal(g.nlines, WL_SKIPPED_KEEP);
    static const long long want[WL_SKIPPED_KEEP] = {2, 5, 6, 7, 8};
    for (int i = 0; i < WL_SKIPPED_KEEP; i++)
        assert_int_equal(g.lines[i], want[i]);
    done(&g);

    /* a chunk starting at line 1001 keeps true numbers */
    feed_from(&g, WL_FMT_PG_STDERR, "%m [%p] ", text, 1001);
    assert_int_equal(g.e[0].line, 1001);
    assert_int_equal(g.lines[0], 1002);
    assert_int_equal(g.lines[1], 1005);
    done(&g);
}

static void test_skip_at_keeps_smallest_ascending(void **state)
{
    (void)state;
    got_t g = {0};
    wl_reader_t *r = wl_reader_new(WL_FMT_PG_JSON, NULL, collect, &g);
    static const long long order[] = {40, 10, 30, 20, 50, 5, 60, 10};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        wl_reader_skip_at(r, order[i]);
    long long out[WL_SKIPPED_KEEP];
    assert_int_equal(wl_reader_skipped_lines(r, out), WL_SKIPPED_KEEP);
    static const long long want[WL_SKIPPED_KEEP] = {5, 10, 20, 30, 40};
    for (int i = 0; i < WL_SKIPPED_KEEP; i++)
        assert_int_equal(out[i], want[i]);
    assert_int_equal(wl_reader_skipped(r), 8);
    wl_reader_free(r);
}

static void test_stderr_entries_pending_at_the_end(void **state)
{
    (void)state;
    got_t g;
    /* the input stops after an execute (its DETAIL never came), a statement
     * still taking continuation lines, and a log_statement line */
    static const char text[] =
        "2026-11-29 18:00:19.007 UTC [20069] postgres@postgres LOG:  duration: 1.091 ms  execute P_1: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\n"
        "2026-11-29 18:02:07.349 UTC [23706] postgres@postgres LOG:  statement: select count(*) from t\n"
        "2026-11-29 18:00:18.321 UTC [20037] postgres@postgres LOG:  duration: 4.586 ms  statement: select name,\n"
        "\t   note\n";
    feed(&g, WL_FMT_PG_STDERR, NULL, text);
    assert_int_equal(g.n, 3);
    assert_string_equal(at_line(&g, 1)->sql,
                        "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;");
    assert_ms(at_line(&g, 1)->ms, 1.091);
    assert_string_equal(at_line(&g, 2)->sql, "select count(*) from t");
    assert_true(at_line(&g, 2)->ms < 0);
    assert_string_equal(at_line(&g, 3)->sql, "select name,\n   note");
    done(&g);
}

typedef struct {
    int entries, substituted;
} count_t;

static void count_entry(void *ctx, const wl_entry_t *e)
{
    count_t *c = ctx;
    c->entries++;
    c->substituted += e->sql.len > 7 && e->sql.s[7] == '\'';
}

/* Constructed: more sessions waiting for their DETAIL than the reader follows
 * (1024): the oldest are emitted early, without values, and none is lost. */
static void test_stderr_many_sessions_pending(void **state)
{
    (void)state;
    count_t c = {0, 0};
    wl_reader_t *r = wl_reader_new(WL_FMT_PG_STDERR, "%m [%p] ", count_entry, &c);
    char line[160];
    for (int pass = 0; pass < 2; pass++) {
        for (int pid = 1; pid <= 1100; pid++) {
            int n = pass == 0
                        ? snprintf(line, sizeof(line),
                                   "2026-11-29 18:00:19.007 UTC [%d] LOG:  duration: 1.0 ms  "
                                   "execute P_1: SELECT $1",
                                   pid)
                        : snprintf(line, sizeof(line),
                                   "2026-11-29 18:00:19.007 UTC [%d] DETAIL:  parameters: $1 = '%d'",
                                   pid, pid);
            wl_reader_line(r, line, (size_t)n);
        }
    }
    wl_reader_finish(r);
    assert_int_equal(wl_reader_skipped(r), 0);
    assert_int_equal(c.entries, 1100);
    assert_int_equal(c.substituted, 1024);
    wl_reader_free(r);
}

/* Constructed executes for the parameter scanner's corners. */
static void test_substitution_corners(void **state)
{
    (void)state;
    static const struct {
        const char *sql, *params, *want;
    } cases[] = {
        {"SELECT $$ $1 $$, $q$ $2 $q$, $1", "$1 = 'a', $2 = 'b'", "SELECT $$ $1 $$, $q$ $2 $q$, 'a'"},
        {"SELECT \"col$1\", a$1, E'\\' $1', $1", "$1 = 'x'", "SELECT \"col$1\", a$1, E'\\' $1', 'x'"},
        {"SELECT /* a /* nested $1 */ $1 */ $1", "$1 = '1'", "SELECT /* a /* nested $1 */ $1 */ '1'"},
        {"SELECT $2, $1, $3", "$1 = '1', $2 = 'two, $1 = 3'", "SELECT 'two, $1 = 3', '1', $3"},
        {"SELECT $1", "$1 = 'it''s ''quoted'''", "SELECT 'it''s ''quoted'''"},
        {"SELECT $1, $12", "$1 = NULL, $12 = '12'", "SELECT NULL, '12'"},
    };
    char text[1024];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(text, sizeof(text),
                 "2026-11-29 18:02:04.992 UTC [1] u@d LOG:  duration: 1.000 ms  execute x: %s\n"
                 "2026-11-29 18:02:04.992 UTC [1] u@d DETAIL:  parameters: %s\n",
                 cases[i].sql, cases[i].params);
        got_t g;
        feed(&g, WL_FMT_PG_STDERR, "%m [%p] %u@%d ", text);
        assert_int_equal(g.n, 1);
        assert_string_equal(g.e[0].sql, cases[i].want);
        done(&g);
    }
}

/* ---- csvlog ------------------------------------------------------------------ */

static const char csv_extended[] =
    "2026-11-29 18:02:04.989 UTC,\"postgres\",\"postgres\",23614,\"[local]\",6b0c689c.5c3e,1,\"PARSE\",2026-11-29 18:02:04 UTC,3/166,0,LOG,00000,\"duration: 1.703 ms  parse <unnamed>: SELECT $1::text AS a, $2::int AS b, $3::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    ", $4::int + 1 AS e\",,,,,,,,,\"extq\",\"client backend\",,0\n"
    "2026-11-29 18:02:04.992 UTC,\"postgres\",\"postgres\",23614,\"[local]\",6b0c689c.5c3e,2,\"BIND\",2026-11-29 18:02:04 UTC,3/166,0,LOG,00000,\"duration: 1.618 ms  bind <unnamed>: SELECT $1::text AS a, $2::int AS b, $3::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    ", $4::int + 1 AS e\",\"parameters: $1 = 'it''s', $2 = NULL, $3 = 'a $2 inside', $4 = '5'\",,,,,,,,\"extq\",\"client backend\",,0\n"
    "2026-11-29 18:02:04.992 UTC,\"postgres\",\"postgres\",23614,\"[local]\",6b0c689c.5c3e,3,\"SELECT\",2026-11-29 18:02:04 UTC,3/166,0,LOG,00000,\"duration: 0.042 ms  execute <unnamed>: SELECT $1::text AS a, $2::int AS b, $3::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    ", $4::int + 1 AS e\",\"parameters: $1 = 'it''s', $2 = NULL, $3 = 'a $2 inside', $4 = '5'\",,,,,,,,\"extq\",\"client backend\",,0\n"
    "2026-11-29 18:02:04.992 UTC,\"postgres\",\"postgres\",23614,\"[local]\",6b0c689c.5c3e,4,\"SELECT\",2026-11-29 18:02:04 UTC,3/166,0,LOG,00000,\"duration: 0.021 ms  plan:\n"
    "Query Text: SELECT $1::text AS a, $2::int AS b, $3::text AS c, '$1 stays' AS d /* $2 */ -- $3\n"
    ", $4::int + 1 AS e\n"
    "Result  (cost=0.00..0.01 rows=1 width=104)\",,,,,,,,,\"extq\",\"client backend\",,0\n"
    "2026-11-29 18:02:04.996 UTC,\"postgres\",\"postgres\",23614,\"[local]\",6b0c689c.5c3e,7,\"SELECT\",2026-11-29 18:02:04 UTC,3/167,0,LOG,00000,\"duration: 0.007 ms  execute <unnamed>: SELECT $1::int, $2::int, $3::int, $4::int, $5::int, $6::int, $7::int, $8::int, $9::int, $10::text, $11::text, $1::int + length($10::text)\",\"parameters: $1 = '1', $2 = '2', $3 = '3', $4 = '4', $5 = '5', $6 = '6', $7 = '7', $8 = '8', $9 = '9', $10 = 'ten', $11 = 'eleven'\",,,,,,,,\"extq\",\"client backend\",,0\n"
    "2026-11-29 18:02:05.008 UTC,\"postgres\",\"postgres\",23614,\"[local]\",6b0c689c.5c3e,11,\"SELECT\",2026-11-29 18:02:04 UTC,3/169,0,LOG,00000,\"duration: 0.049 ms  execute byname: SELECT name\n"
    "FROM t\n"
    "WHERE id = $1\n"
    "  AND note <> $2\",\"parameters: $1 = '7', $2 = 'multi\n"
    "line ''quoted'''\",,,,,,,,\"extq\",\"client backend\",,0\n";

static void test_csv_records_across_lines(void **state)
{
    (void)state;
    got_t g;
    feed(&g, WL_FMT_PG_CSV, NULL, csv_extended);
    assert_int_equal(g.skipped, 0);
    assert_null(g.prefix);
    assert_int_equal(g.n, 3);
    const got_entry_t *e = at_line(&g, 5);
    assert_string_equal(e->sql, sql_first);
    assert_ms(e->ms, 0.042);
    assert_int_equal(e->ts, 1795975324992LL);
    assert_string_equal(e->session, "6b0c689c.5c3e");
    assert_string_equal(e->user, "postgres");
    assert_string_equal(e->db, "postgres");
    assert_string_equal(e->app, "extq");
    assert_string_equal(at_line(&g, 11)->sql, sql_eleven);
    assert_string_equal(at_line(&g, 12)->sql, sql_byname);
    done(&g);
}

static void test_csv_quotes_and_log_statement(void **state)
{
    (void)state;
    static const char text[] =
        "2026-11-29 18:14:09.266 UTC,\"postgres\",\"postgres\",20834,\"[local]\",6b0c6b71.5162,1,\"SELECT\",2026-11-29 18:14:09 UTC,3/0,0,LOG,00000,\"duration: 1.307 ms  statement: select 'ctl\x01\x1f', 'caf\xc3\xa9 \xf0\x9f\x98\x80' as \"\"we\"\"\"\"ird\"\", E'back\\\\slash', '\ttab';\",,,,,,,,,\"psql\",\"client backend\",,0\n"
        "2026-11-29 18:14:02.846 UTC,\"postgres\",\"postgres\",20650,\"[local]\",6b0c6b6a.50aa,1,\"SELECT\",2026-11-29 18:14:02 UTC,3/0,0,LOG,00000,\"duration: 1.255 ms  statement: select 1 as \"\"a,b\"\", 'x,\"\"y\"\"' as z\",,,,,,,,,\"app \"\"q\"\" ??\",\"client backend\",,0\n"
        "2026-11-29 18:02:07.349 UTC,\"postgres\",\"postgres\",23706,\"[local]\",6b0c689f.5c9a,1,\"idle\",2026-11-29 18:02:07 UTC,3/173,0,LOG,00000,\"statement: select count(*) from t\",,,,,,,,,\"psql\",\"client backend\",,0\n"
        "2026-11-29 18:02:07.409 UTC,\"postgres\",\"postgres\",23706,\"[local]\",6b0c689f.5c9a,2,\"SELECT\",2026-11-29 18:02:07 UTC,3/0,0,LOG,00000,\"duration: 65.318 ms\",,,,,,,,,\"psql\",\"client backend\",,0\n"
        "2026-11-29 18:02:08.405 UTC,\"postgres\",\"postgres\",23743,\"[local]\",6b0c68a0.5cbf,7,\"UPDATE\",2026-11-29 18:02:08 UTC,3/189,0,LOG,00000,\"execute <unnamed>: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\",\"parameters: $1 = '-2080', $2 = '36355'\",,,,,,,,\"pgbench\",\"client backend\",,0\n"
        "2026-11-29 18:02:08.418 UTC,\"postgres\",\"postgres\",23743,\"[local]\",6b0c68a0.5cbf,8,\"UPDATE\",2026-11-29 18:02:08 UTC,3/189,861,LOG,00000,\"duration: 13.022 ms\",,,,,,,,,\"pgbench\",\"client backend\",,0\n";
    got_t g;
    feed(&g, WL_FMT_PG_CSV, NULL, text);
    assert_int_equal(g.skipped, 0);
    assert_int_equal(g.n, 4);
    assert_string_equal(at_line(&g, 1)->sql,
                        "select 'ctl\x01\x1f', 'caf\xc3\xa9 \xf0\x9f\x98\x80' as \"we\"\"ird\", "
                        "E'back\\\\slash', '\ttab';");
    assert_string_equal(at_line(&g, 2)->sql, "select 1 as \"a,b\", 'x,\"y\"' as z");
    assert_string_equal(at_line(&g, 2)->app, "app \"q\" ??");
    assert_string_equal(at_line(&g, 3)->sql, "select count(*) from t");
    assert_ms(at_line(&g, 3)->ms, 65.318);
    assert_string_equal(at_line(&g, 5)->sql,
                        "UPDATE pgbench_accounts SET abalance = abalance + '-2080' WHERE aid = '36355';");
    assert_ms(at_line(&g, 5)->ms, 13.022);
    done(&g);
}

static void test_csv_broken_records_skipped(void **state)
{
    (void)state;
    /* constructed: a record whose quote never closes (lines 2-3), one with too
     * few columns (4), one not starting with a time (5), then a good record */
    static const char text[] =
        "2026-11-29 18:02:07.349 UTC,\"postgres\",\"postgres\",23706,\"[local]\",6b0c689f.5c9a,1,\"idle\",2026-11-29 18:02:07 UTC,3/173,0,LOG,00000,\"duration: 1.000 ms  statement: select 1\",,,,,,,,,\"psql\",\"client backend\",,0\n"
        "2026-11-29 18:02:07.350 UTC,\"postgres\",\"postgres\",23706,\"[local]\",6b0c689f.5c9a,1,\"idle\",2026-11-29 18:02:07 UTC,3/173,0,LOG,00000,\"duration: 1.000 ms  statement: select 'oops\n"
        "and more\n"
        "2026-11-29 18:02:07.351 UTC,\"postgres\",\"postgres\",LOG\n"
        "select 2;\n"
        "2026-11-29 18:02:07.352 UTC,\"postgres\",\"postgres\",23706,\"[local]\",6b0c689f.5c9a,1,\"idle\",2026-11-29 18:02:07 UTC,3/173,0,LOG,00000,\"duration: 2.000 ms  statement: select 3\",,,,,,,,,\"psql\",\"client backend\",,0\n"
        "2026-11-29 18:02:07.353 UTC,\"postgres\",\"postgres\",23706,\"[local]\",6b0c689f.5c9a,1,\"idle\",2026-11-29 18:02:07 UTC,3/173,0,LOG,00000,\"duration: 2.000 ms  statement: select 'never\n"
        "closed\n";
    got_t g;
    feed(&g, WL_FMT_PG_CSV, NULL, text);
    assert_int_equal(g.n, 2);
    assert_string_equal(at_line(&g, 1)->sql, "select 1");
    assert_string_equal(at_line(&g, 6)->sql, "select 3");
    assert_int_equal(g.skipped, 6);
    static const long long want[WL_SKIPPED_KEEP] = {2, 3, 4, 5, 7};
    for (int i = 0; i < WL_SKIPPED_KEEP; i++)
        assert_int_equal(g.lines[i], want[i]);
    done(&g);
}

/* ---- jsonlog ----------------------------------------------------------------- */

static void test_json_escapes_and_detail(void **state)
{
    (void)state;
    static const char text[] =
        "{\"timestamp\":\"2026-11-29 18:14:09.266 UTC\",\"user\":\"postgres\",\"dbname\":\"postgres\",\"pid\":20834,\"remote_host\":\"[local]\",\"session_id\":\"6b0c6b71.5162\",\"line_num\":1,\"ps\":\"SELECT\",\"session_start\":\"2026-11-29 18:14:09 UTC\",\"vxid\":\"3/0\",\"txid\":0,\"error_severity\":\"LOG\",\"message\":\"duration: 1.307 ms  statement: select 'ctl\\u0001\\u001f', 'caf\xc3\xa9 \xf0\x9f\x98\x80' as \\\"we\\\"\\\"ird\\\", E'back\\\\\\\\slash', '\\ttab';\",\"application_name\":\"psql\",\"backend_type\":\"client backend\",\"query_id\":0}\n"
        "{\"timestamp\":\"2026-11-29 18:02:08.405 UTC\",\"user\":\"postgres\",\"dbname\":\"postgres\",\"pid\":23743,\"remote_host\":\"[local]\",\"session_id\":\"6b0c68a0.5cbf\",\"line_num\":7,\"ps\":\"UPDATE\",\"session_start\":\"2026-11-29 18:02:08 UTC\",\"vxid\":\"3/189\",\"txid\":0,\"error_severity\":\"LOG\",\"message\":\"execute <unnamed>: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;\",\"detail\":\"parameters: $1 = '-2080', $2 = '36355'\",\"application_name\":\"pgbench\",\"backend_type\":\"client backend\",\"query_id\":0}\n"
        "{\"timestamp\":\"2026-11-29 18:02:08.418 UTC\",\"user\":\"postgres\",\"dbname\":\"postgres\",\"pid\":23743,\"remote_host\":\"[local]\",\"session_id\":\"6b0c68a0.5cbf\",\"line_num\":8,\"ps\":\"UPDATE\",\"session_start\":\"2026-11-29 18:02:08 UTC\",\"vxid\":\"3/189\",\"txid\":861,\"error_severity\":\"LOG\",\"message\":\"duration: 13.022 ms\",\"application_name\":\"pgbench\",\"backend_type\":\"client backend\",\"query_id\":0}\n"
        "{\"timestamp\":\"2026-11-29 18:02:07.604 UTC\",\"user\":\"postgres\",\"dbname\":\"postgres\",\"pid\":23718,\"remote_host\":\"[local]\",\"session_id\":\"6b0c689f.5ca6\",\"line_num\":2,\"ps\":\"SELECT\",\"session_start\":\"2026-11-29 18:02:07 UTC\",\"vxid\":\"3/175\",\"txid\":0,\"error_severity\":\"ERROR\",\"state_code\":\"22012\",\"message\":\"division by zero\",\"statement\":\"select 1/0\",\"application_name\":\"psql\",\"backend_type\":\"client backend\",\"query_id\":0}\n"
        /* constructed: a surrogate pair, a lone surrogate, a nested value, no session_id */
        "{\"timestamp\":\"2026-11-29 18:02:09.000 UTC\",\"pid\":7,\"x\":{\"a\":[1,\"}\"]},\"error_severity\":\"LOG\",\"message\":\"duration: 2.5 ms  statement: select '\\ud83d\\ude00', '\\udc00'\"}\n"
        /* constructed: malformed lines */
        "{\"timestamp\":\"2026-11-29 18:02:09.000 UTC\",\"error_severity\":\"LOG\",\"message\":\"bad \\x escape\"}\n"
        "{\"timestamp\":\"2026-11-29 18:02:09.000 UTC\",\"error_severity\":\"LOG\",\"message\":\"unterminated}\n"
        "{\"message\":\"duration: 1.000 ms  statement: select 1\"}\n"
        "not json at all\n"
        "{\"error_severity\":\"LOG\"} trailing\n";
    got_t g;
    feed(&g, WL_FMT_PG_JSON, NULL, text);
    assert_int_equal(g.n, 3);
    const got_entry_t *e = at_line(&g, 1);
    assert_string_equal(e->sql, "select 'ctl\x01\x1f', 'caf\xc3\xa9 \xf0\x9f\x98\x80' as \"we\"\"ird\", "
                                "E'back\\\\slash', '\ttab';");
    assert_int_equal(e->ts, 1795976049266LL);
    assert_string_equal(e->session, "6b0c6b71.5162");
    assert_string_equal(e->app, "psql");
    e = at_line(&g, 2);
    assert_string_equal(e->sql,
                        "UPDATE pgbench_accounts SET abalance = abalance + '-2080' WHERE aid = '36355';");
    assert_ms(e->ms, 13.022);
    e = at_line(&g, 5);
    assert_string_equal(e->sql, "select '\xf0\x9f\x98\x80', '\xef\xbf\xbd'");
    assert_string_equal(e->session, "7");
    assert_null(e->user);
    assert_ms(e->ms, 2.5);
    assert_int_equal(g.skipped, 5);
    static const long long want[WL_SKIPPED_KEEP] = {6, 7, 8, 9, 10};
    for (int i = 0; i < WL_SKIPPED_KEEP; i++)
        assert_int_equal(g.lines[i], want[i]);
    done(&g);
}

/* ---- formats, detection, cut points --------------------------------------------- */

static void test_format_names(void **state)
{
    (void)state;
    static const wl_format_t all[] = {WL_FMT_AUTO, WL_FMT_PG_STDERR, WL_FMT_PG_CSV,
                                      WL_FMT_PG_JSON, WL_FMT_MYSQL_SLOW, WL_FMT_PGSS_CSV,
                                      WL_FMT_SQL};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        assert_int_equal(wl_format_parse(wl_format_name(all[i])), all[i]);
    assert_string_equal(wl_format_name(WL_FMT_PG_CSV), "csvlog");
    assert_int_equal(wl_format_parse("mysql-slow"), WL_FMT_MYSQL_SLOW);
    assert_int_equal(wl_format_parse("csv"), -1);
    assert_int_equal(wl_format_parse(NULL), -1);
    assert_null(wl_reader_new(WL_FMT_AUTO, NULL, collect, NULL));
}

static void test_detect_format(void **state)
{
    (void)state;
    static const char mysql[] =
        "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n"
        "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
        "Time                 Id Command    Argument\n"
        "# Time: 2026-11-29T18:00:17.734512Z\n"
        "# User@Host: root[root] @ localhost []  Id:     8\n"
        "# Query_time: 0.000215  Lock_time: 0.000002 Rows_sent: 1  Rows_examined: 0\n"
        "SET timestamp=1795975217;\n"
        "select 1;\n";
    static const char pgss[] =
        "userid,dbid,toplevel,queryid,query,plans,total_plan_time,calls,total_exec_time,rows\n"
        "10,5,t,-123,select $1,0,0,3,0.5,3\n";
    static const char sql[] = "SELECT * FROM orders WHERE id = 1;\nSELECT 2;\n";
    static const struct {
        const char *head, *name;
        wl_format_t want;
    } cases[] = {
        {stderr_simple, "postgresql-15-main.log", WL_FMT_PG_STDERR},
        {stderr_simple, NULL, WL_FMT_PG_STDERR},
        {prefix_cases[8].lines, "x.log", WL_FMT_PG_STDERR},
        {csv_extended, "postgresql.csv", WL_FMT_PG_CSV},
        {csv_extended, "postgresql.log.gz", WL_FMT_PG_CSV},
        {csv_extended, NULL, WL_FMT_PG_CSV},
        {"{\"timestamp\":\"2026-11-29 18:02:07.349 UTC\",\"user\":\"postgres\"}\n", NULL, WL_FMT_PG_JSON},
        {"", "postgresql.json", WL_FMT_PG_JSON},
        {pgss, "pgss.csv", WL_FMT_PGSS_CSV},
        {pgss, NULL, WL_FMT_PGSS_CSV},
        {mysql, "slow.log", WL_FMT_MYSQL_SLOW},
        {sql, "queries.sql", WL_FMT_SQL},
        {sql, NULL, WL_FMT_SQL},
        {stderr_simple, "queries.SQL.gz", WL_FMT_SQL},   /* the name decides */
        {"", NULL, WL_FMT_SQL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wl_format_t got = wl_detect_format(cases[i].head, strlen(cases[i].head), cases[i].name);
        if (got != cases[i].want)
            fail_msg("case %zu (%s): %s, expected %s", i, cases[i].name ? cases[i].name : "-",
                     wl_format_name(got), wl_format_name(cases[i].want));
    }
}

static void test_line_starts_entry(void **state)
{
    (void)state;
    static const struct {
        wl_format_t fmt;
        const char *line;
        bool want;
    } cases[] = {
        {WL_FMT_PG_STDERR, "2026-11-29 18:02:04.992 UTC [23614] postgres@postgres LOG:  duration: 0.042 ms  execute <unnamed>: SELECT 1", true},
        {WL_FMT_PG_STDERR, "2026-11-29 18:02:04.992 UTC [23614] postgres@postgres DETAIL:  parameters: $1 = 'it''s'", false},
        {WL_FMT_PG_STDERR, "2026-11-29 18:00:18.376 UTC [20039] postgres@postgres STATEMENT:  select * from nosuchtable", false},
        {WL_FMT_PG_STDERR, "2026-11-29 18:02:07.409 UTC [23706] postgres@postgres LOG:  duration: 65.318 ms", false},
        {WL_FMT_PG_STDERR, "2026-11-29 18:03:09 UTC:[local]:postgres@postgres:[27787]:LOG:  duration: 8.926 ms  statement: select 1", true},
        {WL_FMT_PG_STDERR, "\t  and name <> 'x'", false},
        {WL_FMT_PG_STDERR, "select 1", false},
        {WL_FMT_PG_CSV, "2026-11-29 18:02:07.349 UTC,\"postgres\",\"postgres\",23706,\"[local]\",6b0c689f.5c9a,1,\"idle\",2026-11-29 18:02:07 UTC,3/173,0,LOG,00000,\"statement: select count(*) from t\",,,,,,,,,\"psql\",\"client backend\",,0", true},
        {WL_FMT_PG_CSV, "2026-11-29 18:02:07.409 UTC,\"postgres\",\"postgres\",23706,\"[local]\",6b0c689f.5c9a,2,\"SELECT\",2026-11-29 18:02:07 UTC,3/0,0,LOG,00000,\"duration: 65.318 ms\",,,,,,,,,\"psql\",\"client backend\",,0", false},
        {WL_FMT_PG_CSV, "line ''quoted'''\",,,,,,,,\"extq\",\"client backend\",,0", false},
        {WL_FMT_PG_JSON, "{\"timestamp\":\"2026-11-29 18:02:07.349 UTC\"}", true},
        {WL_FMT_SQL, "SELECT 1;", false},
        {WL_FMT_PGSS_CSV, "10,5,t,-123,select 1,0,0,3,0.5,3", false},
        {WL_FMT_MYSQL_SLOW, "# Time: 2026-11-29T18:00:17.734512Z", true},
        {WL_FMT_MYSQL_SLOW, "select 1;", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wl_format_t f = cases[i].fmt;
        if (wl_line_starts_entry(&f, cases[i].line, strlen(cases[i].line)) != cases[i].want)
            fail_msg("case %zu: %s", i, cases[i].line);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stderr_statement_and_multiline),
        cmocka_unit_test(test_stderr_execute_detail_substitution),
        cmocka_unit_test(test_stderr_pgbench_interleaved),
        cmocka_unit_test(test_stderr_log_statement_and_duration),
        cmocka_unit_test(test_stderr_auto_explain_text_and_json),
        cmocka_unit_test(test_stderr_auto_explain_yaml_xml_nested),
        cmocka_unit_test(test_stderr_common_prefixes_detected),
        cmocka_unit_test(test_stderr_given_prefix),
        cmocka_unit_test(test_stderr_skipped_lines_numbered),
        cmocka_unit_test(test_skip_at_keeps_smallest_ascending),
        cmocka_unit_test(test_stderr_entries_pending_at_the_end),
        cmocka_unit_test(test_stderr_many_sessions_pending),
        cmocka_unit_test(test_substitution_corners),
        cmocka_unit_test(test_csv_records_across_lines),
        cmocka_unit_test(test_csv_quotes_and_log_statement),
        cmocka_unit_test(test_csv_broken_records_skipped),
        cmocka_unit_test(test_json_escapes_and_detail),
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_detect_format),
        cmocka_unit_test(test_line_starts_entry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
