/* test_normalize.c — the digest's SQL normalizer (src/workload/normalize.c).
 *
 * Three kinds of evidence:
 *  - tables of (statement, exact normalized text) for every construct the
 *    scanner handles, in both dialects, and the exact literal spans;
 *  - the facts about libpg_query's fingerprint the normalizer relies on (IN
 *    lists of any length alike, -1 alike 1, a cast constant alike a constant,
 *    ...), asked of the library itself, so an upgrade that changes them fails
 *    here rather than merging the wrong statements in a digest;
 *  - the contract over tests/unit/normalize_corpus.sql: statements with equal
 *    normalized text have equal fingerprints, the normalized text has the
 *    original's fingerprint, and normalizing is a fixed point.
 * The keyword table is checked word by word against libpg_query's scanner. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>
#include <pg_query.pb-c.h>

#include "model/sql_keyword.h"
#include "workload/normalize.h"

/* ---- helpers ---------------------------------------------------------------- */

typedef struct {
    const char *in;
    const char *out;
} case_t;

static void check_cases(const case_t *cases, size_t n, wl_dialect_t dialect)
{
    wl_norm_t norm;
    wl_norm_init(&norm);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        wl_normalize(cases[i].in, strlen(cases[i].in), dialect, &norm);
        if (strcmp(norm.text, cases[i].out) != 0) {
            print_error("  in:   %s\n  want: %s\n  got:  %s\n", cases[i].in, cases[i].out, norm.text);
            bad++;
        }
    }
    wl_norm_free(&norm);
    assert_int_equal(bad, 0);
}

#define CHECK(cases, dialect) check_cases(cases, sizeof(cases) / sizeof(cases[0]), dialect)

/* The fingerprint of sql as a hex string in buf, or "error". */
static const char *fingerprint(const char *sql, char *buf, size_t size)
{
    PgQueryFingerprintResult r = pg_query_fingerprint(sql);
    snprintf(buf, size, "%s", r.error ? "error" : r.fingerprint_str);
    pg_query_free_fingerprint_result(r);
    return buf;
}

static int same_fingerprint(const char *a, const char *b)
{
    char fa[64], fb[64];
    fingerprint(a, fa, sizeof(fa));
    fingerprint(b, fb, sizeof(fb));
    return strcmp(fa, "error") != 0 && strcmp(fa, fb) == 0;
}

/* ---- what libpg_query's fingerprint ignores (the normalizer's premises) ---- */

static void test_fingerprint_premises(void **state)
{
    (void)state;
    static const char *const same[][2] = {
        {"SELECT * FROM t WHERE a IN (1,2,3)", "SELECT * FROM t WHERE a IN (4)"},
        {"SELECT * FROM t WHERE a IN (1)", "SELECT * FROM t WHERE a IN ($1)"},
        {"SELECT * FROM t WHERE a IN ('a','b',NULL)", "SELECT * FROM t WHERE a IN (1::int)"},
        {"SELECT * FROM t WHERE (a,b) IN ((1,2),(3,4))", "SELECT * FROM t WHERE (a,b) IN ((5,'x'))"},
        {"INSERT INTO t VALUES (1,'a'),(2,'b')", "INSERT INTO t VALUES (3,'c')"},
        {"INSERT INTO t VALUES (1,NULL),(2,DEFAULT)", "INSERT INTO t VALUES (1,2)"},
        {"SELECT ARRAY[1,2,3]", "SELECT ARRAY[4]"},
        {"SELECT ARRAY[1,NULL,2::int]", "SELECT ARRAY[$1]"},
        {"SELECT * FROM t WHERE a = -1", "SELECT * FROM t WHERE a = 1"},
        {"SELECT * FROM t WHERE a = -(1)", "SELECT * FROM t WHERE a = $1"},
        {"SELECT * FROM t WHERE a = - -1", "SELECT * FROM t WHERE a = 1"},
        {"SELECT * FROM t WHERE a BETWEEN -1 AND 2", "SELECT * FROM t WHERE a BETWEEN 1 AND 2"},
        {"SELECT * FROM t ORDER BY -1", "SELECT * FROM t ORDER BY 1"},
        {"SELECT * FROM t WHERE a = 'x'::int", "SELECT * FROM t WHERE a = 1"},
        {"SELECT * FROM t WHERE a = int '5'", "SELECT * FROM t WHERE a = $1"},
        {"SELECT * FROM t WHERE a = numeric(10,2) '5'", "SELECT * FROM t WHERE a = $1"},
        {"SELECT * FROM t WHERE a = interval '1' day", "SELECT * FROM t WHERE a = $1"},
        {"SELECT * FROM t WHERE a = CAST('5' AS int)", "SELECT * FROM t WHERE a = 1"},
        {"SELECT * FROM t WHERE a = $1::text", "SELECT * FROM t WHERE a = 1"},
        {"SELECT * FROM t LIMIT 10", "SELECT * FROM t LIMIT 20"},
        {"SELECT * FROM t WHERE a != 1", "SELECT * FROM t WHERE a <> 1"},
        {"SELECT /* c */ A FROM T", "select a from t"},
        {"SELECT 1; ", "SELECT 1"},
    };
    static const char *const differ[][2] = {
        /* an operator's name counts */
        {"SELECT * FROM t WHERE a - 1 = 0", "SELECT * FROM t WHERE a + 1 = 0"},
        /* :: binds tighter than the minus, which then does not fold */
        {"SELECT * FROM t WHERE a = -1::int", "SELECT * FROM t WHERE a = 1::int"},
        /* a minus before a parameter stays an operator */
        {"SELECT * FROM t WHERE a = - $1", "SELECT * FROM t WHERE a = -1"},
        /* only a cast directly on a constant vanishes */
        {"SELECT * FROM t WHERE a = 'a'::text::int", "SELECT * FROM t WHERE a = 'a'::int"},
        /* sub-arrays are not constants: their count matters */
        {"SELECT ARRAY[[1,2],[3,4]]", "SELECT ARRAY[[1,2]]"},
        /* IN ((SELECT 1)) is IN (subquery), not a list of one */
        {"SELECT * FROM t WHERE a IN ((SELECT 1),(SELECT 2))", "SELECT * FROM t WHERE a IN ((SELECT 1))"},
        /* values outside queries count */
        {"COPY t FROM '/a'", "COPY t FROM '/b'"},
        {"COMMENT ON TABLE t IS 'a'", "COMMENT ON TABLE t IS 'b'"},
        {"EXPLAIN (FORMAT 'json') SELECT 1", "EXPLAIN (FORMAT 'text') SELECT 1"},
        {"SELECT * FROM \"T\"", "SELECT * FROM t"},
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
        if (!same_fingerprint(same[i][0], same[i][1]))
            fail_msg("libpg_query tells these apart:\n  %s\n  %s", same[i][0], same[i][1]);
    for (size_t i = 0; i < sizeof(differ) / sizeof(differ[0]); i++)
        if (same_fingerprint(differ[i][0], differ[i][1]))
            fail_msg("libpg_query no longer tells these apart:\n  %s\n  %s", differ[i][0], differ[i][1]);
}

/* ---- exact outputs ---------------------------------------------------------- */

static void test_literals(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT * FROM t WHERE a = 1", "select * from t where a = $1"},
        {"SELECT * FROM t WHERE a = 'x' AND b = 2.5", "select * from t where a = $1 and b = $2"},
        {"select 1, 'a', 3", "select $1, $2, $3"},
        {"SELECT * FROM t LIMIT 10 OFFSET 20", "select * from t limit $1 offset $2"},
        {"SELECT * FROM t WHERE a = true AND b IS NULL", "select * from t where a = true and b is null"},
        {"SELECT * FROM t WHERE x[1] = 2", "select * from t where x[$1] = $2"},
        {"SELECT data->>'name' FROM t WHERE data @> '{\"a\":1}'",
         "select data->>$1 from t where data @> $2"},
        {"SELECT * FROM t WHERE data ?| array['a','b']", "select * from t where data ?| array[$1]"},
        {"SELECT data #> '{a,b}' FROM t", "select data #> $1 from t"},
        {"SELECT * FROM t WHERE a = 1e10 OR a = .5 OR a = 1.5e-3", "select * from t where a = $1 or a = $2 or a = $3"},
        {"SELECT 0x1F, 0o17, 0b101, 1_000, 1_000.5", "select $1, $2, $3, $4, $5"},
        {"SELECT 1abc", "select $1 abc"},
        {"SELECT 1..2", "select $1.$2"},
    };
    CHECK(cases, WL_DIALECT_PG);
}

static void test_strings(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT 'it''s'", "select $1"},
        {"SELECT E'it\\'s', e'\\\\'", "select $1, $2"},
        {"SELECT B'1010', X'1F', b'1', x'ff', N'nat'", "select $1, $2, $3, $4, $5"},
        {"SELECT U&'d\\0061t'", "select $1"},
        {"SELECT U&'d!0061t' UESCAPE '!' FROM t", "select $1 from t"},
        {"SELECT $$it's$$, $tag$a $$ b$tag$", "select $1, $2"},
        {"SELECT 'con'\n  'tinued' FROM t", "select $1 from t"},
        {"SELECT 'con'\n  -- comment\n  'tinued' FROM t", "select $1 from t"},
        {"SELECT 'a' 'b'", "select $1 $2"}, /* no newline: two strings (a syntax error) */
        {"SELECT 'a'b", "select $1 b"},
        {"SELECT a FROM t WHERE b = 'x' -- it's\n AND c = 'y'", "select a from t where b = $1 and c = $2"},
    };
    CHECK(cases, WL_DIALECT_PG);
}

static void test_lists_collapse(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT * FROM t WHERE a IN (1, 2, 3)", "select * from t where a in ($1)"},
        {"SELECT * FROM t WHERE a IN (5)", "select * from t where a in ($1)"},
        {"SELECT * FROM t WHERE a IN ('a', -1, NULL, $3, 2::int)", "select * from t where a in ($1)"},
        {"SELECT * FROM t WHERE a NOT IN (1,2) AND b = 3", "select * from t where a not in ($1) and b = $2"},
        {"SELECT * FROM t WHERE a IN (b, 1, 2)", "select * from t where a in (b, $1, $2)"},
        {"SELECT * FROM t WHERE a IN (1, b, 2)", "select * from t where a in ($1, b)"},
        {"SELECT * FROM t WHERE a IN (1::int, 2::text)", "select * from t where a in ($1::int)"},
        {"SELECT * FROM t WHERE a IN ('a'::text::int, 'b'::text::int)",
         "select * from t where a in ($1::text::int, $2::text::int)"},
        {"SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4), (5, 6))", "select * from t where (a, b) in (($1, $2))"},
        {"SELECT * FROM t WHERE a IN (SELECT 1 UNION SELECT 2)", "select * from t where a in (select $1 union select $2)"},
        {"SELECT * FROM t WHERE a IN ((SELECT 1), (SELECT 2))", "select * from t where a in ((select $1), (select $2))"},
        {"SELECT * FROM t WHERE a IN (date '2024-01-01', date '2024-01-02')", "select * from t where a in ($1)"},
        {"SELECT * FROM t WHERE a IN ( 1 , 2 )", "select * from t where a in ( $1 )"},
        {"SELECT * FROM t WHERE a = ANY(ARRAY[1,2,3])", "select * from t where a = any(array[$1])"},
        {"SELECT ARRAY[1, a, 2]", "select array[$1, a]"},
        {"SELECT ARRAY[[1,2],[3,4]]", "select array[[$1],[$2]]"},
        {"INSERT INTO t (a, b) VALUES (1, 'a'), (2, 'b'), (3, 'c')", "insert into t (a, b) values ($1, $2)"},
        {"INSERT INTO t VALUES (1, NULL), (2, 'x'), (3, DEFAULT)", "insert into t values ($1, null)"},
        {"INSERT INTO t VALUES (1, now()), (2, now())", "insert into t values ($1, now())"},
        {"INSERT INTO t VALUES (1, now()), (2, lower('x'))", "insert into t values ($1, now()), ($2, lower($3))"},
        {"INSERT INTO t VALUES (1), (2) RETURNING id", "insert into t values ($1) returning id"},
        {"SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v (n, s)", "select * from (values ($1, $2)) v (n, s)"},
        {"VALUES (1), (2); VALUES (3), (4)", "values ($1); values ($2)"},
    };
    CHECK(cases, WL_DIALECT_PG);
}

static void test_negative_numbers(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT * FROM t WHERE a = -1", "select * from t where a = $1"},
        {"SELECT * FROM t WHERE a = - 1", "select * from t where a = $1"},
        {"SELECT * FROM t WHERE a = -(1) OR a = -(-2) OR a = - -3", "select * from t where a = $1 or a = $2 or a = $3"},
        {"SELECT a-1, a - 1, a -1, a - -1, a+-1, a*-1 FROM t", "select a-$1, a - $2, a -$3, a - $4, a+$5, a*$6 from t"},
        {"SELECT (a)-1, f(a)-1, x[1]-1 FROM t", "select (a)-$1, f(a)-$2, x[$3]-$4 from t"},
        {"SELECT -a, -$1, -'1' FROM t", "select -a, -$1, -$1 from t"},
        /* what binds tighter than the minus keeps it from folding */
        {"SELECT -1::int, -(1)::int, -(1)[1], -(1).f", "select -$1::int, -($2)::int, -($3)[$4], -($5).f"},
        {"SELECT CASE WHEN a THEN -1 ELSE -2 END", "select case when a then $1 else $2 end"},
        {"SELECT * FROM t WHERE a BETWEEN -5 AND -1 ORDER BY -1", "select * from t where a between $1 and $2 order by $3"},
        {"SELECT between -1, by - 1 FROM t", "select between -$1, by - $2 from t"},
        {"SELECT x AT TIME ZONE -1", "select x at time zone $1"},
        {"SELECT 5 - -5, 5--5\n", "select $1 - $2, $3"},
        {"SELECT a @-1, a=-1, a!=-1 FROM t", "select a @-$1, a=$2, a!=-$3 from t"},
        {"SELECT +1", "select +$1"},
    };
    CHECK(cases, WL_DIALECT_PG);
}

static void test_casts_and_typed_literals(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT '1'::int, 1::int::bigint", "select $1::int, $2::int::bigint"},
        {"SELECT '1'::text::int", "select $1::text::int"},
        {"SELECT CAST('7' AS varchar(10)), CAST(CAST('1' AS text) AS int)",
         "select cast($1 as varchar(10)), cast(cast($2 as text) as int)"},
        {"SELECT '7'::character varying(10), '7'::double precision", "select $1::character varying(10), $2::double precision"},
        {"SELECT '2024-01-01'::TIMESTAMP(3) WITH TIME ZONE", "select $1::timestamp(3) with time zone"},
        {"SELECT '1'::interval day to second(3), '{1}'::int[], '{1}'::int[3][]",
         "select $1::interval day to second(3), $2::int[], $3::int[3][]"},
        {"SELECT 'x'::\"MyType\", 'x'::pg_catalog.int4, 'x'::int array", "select $1::\"MyType\", $2::pg_catalog.int4, $3::int array"},
        {"SELECT a::numeric(10,2) FROM t", "select a::numeric(10,2) from t"},
        {"SELECT int '5', date '2024-01-01', interval '1 day'", "select $1, $2, $3"},
        {"SELECT interval '3' hour, interval '1' day to second(3) + 1", "select $1, $2 + $3"},
        {"SELECT timestamp with time zone '2024-01-01', time(3) without time zone '10:00'", "select $1, $2"},
        {"SELECT double precision '1.5', character varying '1', national char '1'", "select $1, $2, $3"},
        {"SELECT numeric(10,2) '5.5', varchar(3) 'abc', bit(3) B'101'", "select $1, $2, $3"},
        {"SELECT pg_catalog.date '2024-01-01', \"date\" '2024-01-01'", "select $1, $2"},
        /* cast again: the typed literal's own cast must stay, its type does not count */
        {"SELECT int '5'::text, numeric(10,2) '5'::text, interval '1' day::text, national char 'x'::text",
         "select $1::int::text, $2::numeric::text, $3::interval::text, $4::unknown::text"},
        {"SELECT x AT TIME ZONE 'UTC', a LIKE 'x' ESCAPE '!' FROM t", "select x at time zone $1, a like $2 escape $3 from t"},
        {"SELECT a BETWEEN 'a' AND 'b', CASE WHEN a THEN 'x' ELSE 'y' END FROM t",
         "select a between $1 and $2, case when a then $3 else $4 end from t"},
    };
    CHECK(cases, WL_DIALECT_PG);
}

static void test_identifiers_comments_spacing(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SeLeCt   A,b\n\tFROM   T  WHERE a=3", "select a,b from t where a=$1"},
        {"SELECT \"Name\", NAME, \"we\"\"ird\" FROM \"MyTable\"", "select \"Name\", name, \"we\"\"ird\" from \"MyTable\""},
        {"SELECT café, ÉTÉ FROM t", "select café, ÉtÉ from t"}, /* ASCII only, as PostgreSQL */
        {"SELECT a$1, a$b FROM t", "select a$1, a$b from t"},
        {"SELECT 1 /* it's a comment */ FROM t -- it's\n", "select $1 from t"},
        {"/* lead */ SELECT /* nested /* inner */ still */ 2", "select $1"},
        {"SELECT/**/1", "select $1"},
        {"  \n SELECT 1 ;  ; \n", "select $1"},
        {"SELECT 1; SELECT 'a';", "select $1; select $2"},
        {"SELECT :foo, :'bar', :\"baz\"", "select :foo, :$1, :\"baz\""},
        {"SELECT a FROM t WHERE b := 1 AND c => 2", "select a from t where b := $1 and c => $2"},
        {"SELECT a != b, a <> b FROM t", "select a <> b, a <> b from t"},
    };
    CHECK(cases, WL_DIALECT_PG);
}

static void test_parameters(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT * FROM t WHERE a = $1 AND b = $2", "select * from t where a = $1 and b = $2"},
        {"SELECT * FROM t WHERE a = $2 AND b = 5 AND c = 'x'", "select * from t where a = $2 and b = $1 and c = $2"},
        {"SELECT $1::int, $12", "select $1::int, $12"},
        {"SELECT * FROM t WHERE a IN ($1, $2, $3)", "select * from t where a in ($1)"},
    };
    CHECK(cases, WL_DIALECT_PG);
}

/* Statements other than queries keep their values: the fingerprint sees them. */
static void test_non_queries_keep_literals(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SET statement_timeout = 5000", "set statement_timeout = 5000"},
        {"SET TIME ZONE 'UTC'", "set time zone 'UTC'"},
        {"COPY t FROM '/tmp/a.csv' WITH (FORMAT csv, DELIMITER ',')", "copy t from '/tmp/a.csv' with (format csv, delimiter ',')"},
        {"COMMENT ON TABLE t IS 'it''s'", "comment on table t is 'it''s'"},
        {"DO $$ BEGIN RAISE NOTICE 'hi'; END $$;", "do $$ BEGIN RAISE NOTICE 'hi'; END $$"},
        {"CREATE TABLE t (a varchar(10) DEFAULT 'x', b int DEFAULT -1)",
         "create table t (a varchar(10) default 'x', b int default -1)"},
        {"FETCH 10 FROM c", "fetch 10 from c"},
        {"EXPLAIN (FORMAT 'json') SELECT 1", "explain (format 'json') select $1"},
        {"EXPLAIN ANALYZE VERBOSE SELECT * FROM t WHERE a IN (1,2)", "explain analyze verbose select * from t where a in ($1)"},
        {"SET x = 1; SELECT 1", "set x = 1; select $1"},
        {"E'x'", "E'x'"},
    };
    CHECK(cases, WL_DIALECT_PG);
}

static void test_unterminated(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT * FROM t WHERE a = 'abc", "select * from t where a = $1"},
        {"SELECT * FROM t WHERE a = $$abc", "select * from t where a = $1"},
        {"SELECT * FROM t WHERE \"abc", "select * from t where \"abc"},
        {"SELECT 1 /* open", "select $1"},
        {"SELECT E'ab\\", "select $1"},
        {"COPY t FROM 'abc", "copy t from 'abc"},
        {"SELECT (1, (2", "select ($1, ($2"},
        {"SELECT 1)) FROM t", "select $1)) from t"},
        {"", ""},
        {"  -- only a comment", ""},
    };
    CHECK(cases, WL_DIALECT_PG);
}

static void test_mysql(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT c FROM sbtest1 WHERE id=5", "select c from sbtest1 where id=$1"},
        {"SELECT `c` FROM `Sb``test` WHERE `id` = \"x\"", "select \"c\" from \"Sb`test\" where \"id\" = $1"},
        {"SELECT a FROM t WHERE b = 'it\\'s' AND c = \"say \\\"hi\\\"\" AND d = 'x''y'",
         "select a from t where b = $1 and c = $2 and d = $3"},
        {"SELECT a FROM t # comment\nWHERE b = 1 -- c\n", "select a from t where b = $1"},
        {"SELECT a--1 FROM t", "select a-$1 from t"},
        {"SELECT 1 /*! STRAIGHT_JOIN */ FROM t /*+ hint */", "select $1 from t"},
        {"/*!40101 SET NAMES utf8 */;", ""},
        {"SELECT * FROM t WHERE a = _utf8mb4'abc' AND b = x'1F' AND c = 0x1F AND d = N'n'",
         "select * from t where a = $1 and b = $2 and c = $3 and d = $4"},
        {"SELECT 'a' 'b', 'c'\n\"d\"", "select $1, $2"},
        {"INSERT INTO t (a) VALUES (1), (2), (3)", "insert into t (a) values ($1)"},
        {"REPLACE INTO t (a) VALUES (1), (2)", "replace into t (a) values ($1)"},
        {"SELECT a FROM t LIMIT 10, 20;", "select a from t limit $1, $2"},
        {"SET NAMES 'utf8' COLLATE \"utf8_bin\"", "set names 'utf8' collate 'utf8_bin'"},
        {"SET @x = 'it\\'s'", "set @x = 'it''s'"},
        {"SELECT a <=> b, a != -1 FROM t", "select a <=> b, a <> $1 from t"},
    };
    CHECK(cases, WL_DIALECT_MYSQL);
}

/* ---- literal spans ---------------------------------------------------------- */

/* The literals of sql, as "[text]" pieces joined, for comparison. */
static void spans_of(const char *sql, wl_dialect_t dialect, char *buf, size_t size)
{
    wl_norm_t n;
    wl_norm_init(&n);
    wl_normalize(sql, strlen(sql), dialect, &n);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n.nlits; i++)
        used += (size_t)snprintf(buf + used, size - used, "[%.*s]", (int)n.lits[i].len, sql + n.lits[i].off);
    wl_norm_free(&n);
}

static void test_literal_spans(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"SELECT * FROM t WHERE a = 1 AND b = 'x'", "[1]['x']"},
        {"SELECT * FROM t WHERE a IN (5)", "[5]"},
        {"SELECT * FROM t WHERE a IN (1, 'two', -3) AND b = 4", "[1]['two'][-3][4]"},
        {"INSERT INTO t VALUES (1, 'a'), (2, 'b')", "[1]['a'][2]['b']"},
        {"SELECT * FROM t WHERE a = - 7 OR a = -(8)", "[- 7][-(8)]"},
        {"SELECT * FROM t WHERE a = date '2024-01-01' AND b = numeric(10,2) '5'", "['2024-01-01']['5']"},
        {"SELECT * FROM t WHERE a = interval '1' day", "['1']"},
        {"SELECT * FROM t WHERE a = 'con'\n'tinued' AND b = $1", "['con'\n'tinued']"},
        {"SELECT * FROM t WHERE a = E'\\'' AND b = $q$x$q$", "[E'\\''][$q$x$q$]"},
        {"SELECT 'x'::varchar(10), a::numeric(10,2) FROM t", "['x']"},
        {"SET x = 5", ""},
        {"SELECT 'open", "['open]"},
    };
    char buf[512];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        spans_of(cases[i].in, WL_DIALECT_PG, buf, sizeof(buf));
        if (strcmp(buf, cases[i].out) != 0)
            fail_msg("spans of %s\n  want %s\n  got  %s", cases[i].in, cases[i].out, buf);
    }
    spans_of("SELECT a FROM t WHERE b = \"x\" AND c = 'it\\'s'", WL_DIALECT_MYSQL, buf, sizeof(buf));
    assert_string_equal(buf, "[\"x\"]['it\\'s']");
}

/* ---- buffers and hash ----------------------------------------------------------- */

static void test_buffers_are_reused(void **state)
{
    (void)state;
    wl_norm_t n;
    wl_norm_init(&n);
    char big[20000];
    size_t len = 0;
    len += (size_t)snprintf(big, sizeof(big), "SELECT * FROM t WHERE a IN (");
    for (int i = 0; i < 2000; i++)
        len += (size_t)snprintf(big + len, sizeof(big) - len, "%s%d", i ? "," : "", i);
    len += (size_t)snprintf(big + len, sizeof(big) - len, ")");
    wl_normalize(big, len, WL_DIALECT_PG, &n);
    assert_string_equal(n.text, "select * from t where a in ($1)");
    assert_int_equal(n.nlits, 2000);
    assert_int_equal(n.lits[1999].len, 4);
    wl_normalize("select 1", 8, WL_DIALECT_PG, &n);
    assert_string_equal(n.text, "select $1");
    assert_int_equal(n.nlits, 1);
    wl_normalize(NULL, 0, WL_DIALECT_PG, &n);
    assert_string_equal(n.text, "");
    assert_int_equal(n.len, 0);
    assert_int_equal(n.nlits, 0);
    /* the length given is the statement: bytes after it are not read */
    wl_normalize("SELECT 1; garbage", 9, WL_DIALECT_PG, &n);
    assert_string_equal(n.text, "select $1");
    wl_norm_free(&n);
    assert_null(n.text);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void test_hash(void **state)
{
    (void)state;
    /* Fixed values: the hash must not change between builds or machines. */
    assert_true(wl_hash("", 0) == 0x0ec00658dbdb18c5ull);
    assert_true(wl_hash("select $1", 9) == 0x2a50cfd470580cd1ull);
    assert_true(wl_hash("select * from t where a in ($1)", 31) == 0xbd517229e71cdf9eull);
    wl_norm_t n;
    wl_norm_init(&n);
    wl_normalize("SELECT 1", 8, WL_DIALECT_PG, &n);
    assert_true(n.hash == wl_hash("select $1", 9));
    wl_norm_free(&n);
    /* Every 2-byte input, and 200,000 distinct strings 8 to 62 bytes long
     * (blocks of 16, tails of 0 to 15): no collision, and every output bit is
     * set about half the time. */
    enum { N = 65536 + 200000 };
    uint64_t *h = malloc(N * sizeof(*h));
    assert_non_null(h);
    int ones[64] = {0};
    for (int i = 0; i < N; i++) {
        char s[80];
        size_t len;
        if (i < 65536) {
            s[0] = (char)(i & 0xff);
            s[1] = (char)(i >> 8);
            len = 2;
        } else {
            int k = i - 65536;
            len = (size_t)snprintf(s, sizeof(s), "%.*sselect %d", k % 50, "                                                  ", k);
        }
        h[i] = wl_hash(s, len);
        for (int b = 0; b < 64; b++)
            ones[b] += (int)(h[i] >> b & 1);
    }
    for (int b = 0; b < 64; b++)
        assert_in_range(ones[b], N / 2 - N / 100, N / 2 + N / 100);
    qsort(h, N, sizeof(*h), cmp_u64);
    for (int i = 1; i < N; i++)
        assert_true(h[i] != h[i - 1]);
    free(h);
}

/* ---- the keyword table against libpg_query's scanner ------------------------ */

/* Every keyword token libpg_query knows (the Token enum of its protobuf schema),
 * scanned alone: sql_keyword_kind must give the scanner's category, and 0 for
 * the token names that are not words. */
static void test_keywords_match_libpg_query(void **state)
{
    (void)state;
    FILE *f = fopen("/usr/include/pg_query/pg_query.proto", "r");
    if (!f)
        skip();
    char line[256];
    bool in_enum = false;
    int keywords = 0, bad = 0;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "enum Token", 10) == 0)
            in_enum = true;
        else if (in_enum && line[0] == '}')
            break;
        char name[64];
        if (!in_enum || sscanf(line, " %63[A-Z_0-9] =", name) != 1)
            continue;
        size_t n = strlen(name);
        if (n > 2 && strcmp(name + n - 2, "_P") == 0)
            name[n -= 2] = '\0';
        for (size_t i = 0; i < n; i++)
            name[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
        int want = 0;
        PgQueryScanResult r = pg_query_scan(name);
        if (!r.error) {
            PgQuery__ScanResult *sr = pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *)r.pbuf.data);
            if (sr && sr->n_tokens == 1 && (size_t)(sr->tokens[0]->end - sr->tokens[0]->start) == n)
                want = (int)sr->tokens[0]->keyword_kind;
            pg_query__scan_result__free_unpacked(sr, NULL);
        }
        pg_query_free_scan_result(r);
        int got = sql_keyword_kind(name, n);
        if (got != want) {
            print_error("  keyword %s: libpg_query says %d, the table %d\n", name, want, got);
            bad++;
        }
        keywords += want != 0;
    }
    fclose(f);
    assert_int_equal(bad, 0);
    assert_in_range(keywords, 400, 600);
    /* not keywords */
    assert_int_equal(sql_keyword_kind("users", 5), SQL_KW_NONE);
    assert_int_equal(sql_keyword_kind("selects", 7), SQL_KW_NONE);
    assert_int_equal(sql_keyword_kind("selec", 5), SQL_KW_NONE);
    assert_int_equal(sql_keyword_kind("", 0), SQL_KW_NONE);
}

/* ---- the corpus ----------------------------------------------------------------- */

typedef struct {
    char *sql;
    bool mysql;
    int line;
} stmt_t;

typedef struct {
    stmt_t *v;
    int n;
} corpus_t;

/* Is every line of block[0..len) a "--" comment? */
static bool all_comment(const char *block, size_t len)
{
    for (const char *p = block, *end = block + len; p < end;) {
        if (strncmp(p, "--", 2) != 0)
            return false;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    return true;
}

static void corpus_add(corpus_t *c, const char *block, size_t len, int line)
{
    bool mysql = len > 9 && strncmp(block, "-- mysql\n", 9) == 0;
    if (mysql) {
        block += 9;
        len -= 9;
        line++;
    } else if (all_comment(block, len)) {
        return;
    }
    c->v = realloc(c->v, (size_t)(c->n + 1) * sizeof(*c->v));
    assert_non_null(c->v);
    c->v[c->n].sql = strndup(block, len);
    c->v[c->n].mysql = mysql;
    c->v[c->n].line = line;
    c->n++;
}

/* Blocks separated by blank lines; see the corpus file's header. */
static corpus_t read_corpus(void)
{
    const char *path = getenv("NORMALIZE_CORPUS") ? getenv("NORMALIZE_CORPUS") : "tests/unit/normalize_corpus.sql";
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run from the repository root)", path);
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[len] = '\0';
    corpus_t c = {0};
    const char *start = NULL;
    int line = 1, start_line = 0;
    for (const char *p = text; *p; line++) {
        const char *eol = strchr(p, '\n');
        const char *next = eol ? eol + 1 : p + strlen(p);
        bool blank = strspn(p, " \t\r") == (size_t)((eol ? eol : next) - p);
        if (blank && start) {
            corpus_add(&c, start, (size_t)(p - start - 1), start_line);
            start = NULL;
        } else if (!blank && !start) {
            start = p;
            start_line = line;
        }
        p = next;
    }
    if (start)
        corpus_add(&c, start, strlen(start) - (text[len - 1] == '\n'), start_line);
    return c;
}

static void corpus_free(corpus_t *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->v[i].sql);
    free(c->v);
}

static void test_corpus_fixed_point(void **state)
{
    (void)state;
    corpus_t c = read_corpus();
    wl_norm_t n, again;
    wl_norm_init(&n);
    wl_norm_init(&again);
    int bad = 0;
    for (int i = 0; i < c.n; i++) {
        wl_normalize(c.v[i].sql, strlen(c.v[i].sql), c.v[i].mysql ? WL_DIALECT_MYSQL : WL_DIALECT_PG, &n);
        wl_normalize(n.text, n.len, WL_DIALECT_PG, &again);
        if (strcmp(n.text, again.text) != 0) {
            print_error("  line %d: %s\n    once:  %s\n    twice: %s\n", c.v[i].line, c.v[i].sql, n.text, again.text);
            bad++;
        }
    }
    wl_norm_free(&n);
    wl_norm_free(&again);
    corpus_free(&c);
    assert_int_equal(bad, 0);
}

typedef struct {
    const stmt_t *s;
    char *text;
    char fp[32];      /* of the statement, or "error" */
    char text_fp[32]; /* of the normalized text */
} row_t;

static int by_text(const void *a, const void *b)
{
    return strcmp(((const row_t *)a)->text, ((const row_t *)b)->text);
}

static int count_distinct(row_t *rows, int n, size_t field_offset)
{
    int distinct = 0;
    for (int i = 0; i < n; i++) {
        const char *f = (const char *)&rows[i] + field_offset;
        if (strcmp(f, "error") == 0)
            continue;
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp((const char *)&rows[j] + field_offset, f) == 0;
        distinct += !seen;
    }
    return distinct;
}

/* The contract: for the corpus's PostgreSQL statements that libpg_query parses,
 * equal normalized texts mean equal fingerprints, and the normalized text has
 * the statement's own fingerprint (so the digest may fingerprint either). */
static void test_corpus_fingerprints(void **state)
{
    (void)state;
    corpus_t c = read_corpus();
    assert_true(c.n >= 150);
    row_t *rows = calloc((size_t)c.n, sizeof(*rows));
    assert_non_null(rows);
    wl_norm_t n;
    wl_norm_init(&n);
    int pg = 0, rejected = 0, mysql = 0, mysql_parsed = 0, bad = 0;
    for (int i = 0; i < c.n; i++) {
        const stmt_t *s = &c.v[i];
        wl_normalize(s->sql, strlen(s->sql), s->mysql ? WL_DIALECT_MYSQL : WL_DIALECT_PG, &n);
        if (s->mysql) {
            char fp[32];
            mysql++;
            mysql_parsed += strcmp(fingerprint(n.text, fp, sizeof(fp)), "error") != 0;
            continue;
        }
        row_t *r = &rows[pg++];
        r->s = s;
        r->text = strdup(n.text);
        fingerprint(s->sql, r->fp, sizeof(r->fp));
        fingerprint(n.text, r->text_fp, sizeof(r->text_fp));
        if (strcmp(r->fp, "error") == 0) {
            rejected++;
        } else if (strcmp(r->fp, r->text_fp) != 0) {
            print_error("  line %d: the normalized text's fingerprint differs\n    %s\n    %s\n", s->line, s->sql, n.text);
            bad++;
        }
    }
    qsort(rows, (size_t)pg, sizeof(*rows), by_text);
    int groups = 0;
    for (int i = 0; i < pg;) {
        int j = i;
        while (j < pg && strcmp(rows[j].text, rows[i].text) == 0)
            j++;
        groups++;
        const char *fp = NULL;
        for (int k = i; k < j; k++) {
            if (strcmp(rows[k].fp, "error") == 0)
                continue;
            if (fp && strcmp(fp, rows[k].fp) != 0) {
                print_error("  one text, two fingerprints: %s\n    line %d and others\n", rows[k].text, rows[k].s->line);
                bad++;
            }
            fp = rows[k].fp;
        }
        i = j;
    }
    int fps = count_distinct(rows, pg, offsetof(row_t, fp));
    printf("normalize corpus: %d PostgreSQL statements (%d rejected by libpg_query 15), "
           "%d distinct normalized texts, %d distinct fingerprints; "
           "%d MySQL statements, %d of whose texts libpg_query parses\n",
           pg, rejected, groups, fps, mysql, mysql_parsed);
    for (int i = 0; i < pg; i++)
        free(rows[i].text);
    free(rows);
    wl_norm_free(&n);
    corpus_free(&c);
    assert_int_equal(bad, 0);
    assert_true(groups >= fps); /* never coarser */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fingerprint_premises),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_lists_collapse),
        cmocka_unit_test(test_negative_numbers),
        cmocka_unit_test(test_casts_and_typed_literals),
        cmocka_unit_test(test_identifiers_comments_spacing),
        cmocka_unit_test(test_parameters),
        cmocka_unit_test(test_non_queries_keep_literals),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_mysql),
        cmocka_unit_test(test_literal_spans),
        cmocka_unit_test(test_buffers_are_reused),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_keywords_match_libpg_query),
        cmocka_unit_test(test_corpus_fixed_point),
        cmocka_unit_test(test_corpus_fingerprints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
