/* test_other_readers.c — the MySQL/MariaDB slow log, pg_stat_statements CSV and
 * plain .sql readers (workload/read_mysql_slow.c, read_pgss.c, read_sql.c).
 *
 * The genuine files in tests/digest/logs/ (a MariaDB 10.11 slow log with a
 * sysbench run, a PostgreSQL 15 pg_stat_statements export; README.md there says
 * how they were made) are read whole and chosen entries checked field by field.
 * Shapes those files do not hold — MySQL 8 headers, administrator commands,
 * PostgreSQL 12 column names, damaged input — are small texts here, modelled on
 * what the servers write. Skipped lines are checked by number: a reader that
 * silently drops or invents lines fails. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "workload/reader.h"
#include "workload/reader_int.h" /* the per-format sniffers */

/* ---- harness ----------------------------------------------------------------- */

typedef struct {
    char *sql, *session, *user, *db, *app; /* NULL: unknown */
    wl_dialect_t dialect;
    double duration_ms, min_ms, max_ms;
    long long rows, ts_ms, line, calls;
} got_entry_t;

typedef struct {
    arena_t *arena;
    got_entry_t *e;
    size_t n, cap;
    long long skipped;
    long long skipped_lines[WL_SKIPPED_KEEP];
    int nskipped_lines;
} got_t;

static char *copy_str(arena_t *a, wl_str_t s)
{
    if (s.s == NULL) {
        assert_int_equal(s.len, 0);
        return NULL;
    }
    return arena_strndup(a, s.s, s.len);
}

static void collect(void *ctx, const wl_entry_t *e)
{
    got_t *g = ctx;
    got_entry_t c = {
        .sql = copy_str(g->arena, e->sql),
        .session = copy_str(g->arena, e->session),
        .user = copy_str(g->arena, e->user),
        .db = copy_str(g->arena, e->db),
        .app = copy_str(g->arena, e->app),
        .dialect = e->dialect,
        .duration_ms = e->duration_ms,
        .min_ms = e->min_ms,
        .max_ms = e->max_ms,
        .rows = e->rows,
        .ts_ms = e->ts_ms,
        .line = e->line,
        .calls = e->calls,
    };
    ARENA_PUSH(g->arena, g->e, g->n, g->cap, c);
}

/* Feeds text line by line (split at '\n', a trailing '\r' dropped as the input
 * layer does), without finish when finish is false. */
static got_t *read_text_finish(wl_format_t fmt, const char *text, size_t len, bool finish)
{
    arena_t *a = arena_new();
    got_t *g = arena_alloc(a, sizeof(*g));
    g->arena = a;
    wl_reader_t *r = wl_reader_new(fmt, NULL, collect, g);
    assert_non_null(r);
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t l = end - at;
        if (l > 0 && text[at + l - 1] == '\r')
            l--;
        wl_reader_line(r, text + at, l);
        at = end + 1;
    }
    if (finish)
        wl_reader_finish(r);
    g->skipped = wl_reader_skipped(r);
    g->nskipped_lines = wl_reader_skipped_lines(r, g->skipped_lines);
    wl_reader_free(r);
    return g;
}

static got_t *read_text(wl_format_t fmt, const char *text)
{
    return read_text_finish(fmt, text, strlen(text), true);
}

static got_t *read_file(wl_format_t fmt, const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf), f);
    assert_true(n < sizeof(buf));
    fclose(f);
    return read_text_finish(fmt, buf, n, true);
}

static void got_free(got_t *g)
{
    arena_free(g->arena);
}

static void assert_str(const char *got, const char *want)
{
    if (want == NULL)
        assert_null(got);
    else
        assert_string_equal(got, want);
}

static void assert_ms(double got, double want)
{
    assert_true(got > want - 1e-9 && got < want + 1e-9);
}

static void assert_skipped(const got_t *g, long long count, int n, const long long *lines)
{
    assert_int_equal(g->skipped, count);
    assert_int_equal(g->nskipped_lines, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(g->skipped_lines[i], lines[i]);
}

static const got_entry_t *find_sql(const got_t *g, const char *sql)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->e[i].sql && strcmp(g->e[i].sql, sql) == 0)
            return &g->e[i];
    fail_msg("no entry with sql: %s", sql);
    return NULL;
}

/* 2026-11-29 17:54:57 UTC */
#define TS_175457 1795974897000LL

/* ---- MySQL / MariaDB slow log: the genuine MariaDB 10.11 file ---------------- */

static void test_slow_mariadb_file(void **state)
{
    (void)state;
    got_t *g = read_file(WL_FMT_MYSQL_SLOW, "tests/digest/logs/mariadb-slow.log");
    assert_int_equal(g->n, 215);
    assert_skipped(g, 0, 0, NULL);

    /* First entry: no "# Time:" line before it, an empty Schema. */
    const got_entry_t *e = &g->e[0];
    assert_str(e->sql, "SET GLOBAL slow_query_log_file='/tmp/msl/sample.log'");
    assert_int_equal(e->dialect, WL_DIALECT_MYSQL);
    assert_int_equal(e->line, 4);
    assert_str(e->user, "root");
    assert_str(e->session, "15");
    assert_null(e->db);
    assert_null(e->app);
    assert_ms(e->duration_ms, 0.424);
    assert_int_equal(e->rows, 0);
    assert_int_equal(e->ts_ms, 1795975270000LL);
    assert_int_equal(e->calls, 1);
    assert_true(e->min_ms < 0 && e->max_ms < 0);

    /* Multi-line, with a "# Time:" line (where the entry begins) and `use`. */
    e = &g->e[1];
    assert_str(e->sql, "SELECT o.id,\n       o.status\n  FROM shop_orders o\n"
                       " WHERE o.user_id = 2\n ORDER BY o.id");
    assert_int_equal(e->line, 10);
    assert_str(e->user, "sbtest");
    assert_str(e->session, "16");
    assert_str(e->db, "sbtest");
    assert_ms(e->duration_ms, 3.010);
    assert_int_equal(e->rows, 1);
    assert_int_equal(e->ts_ms, 1795975271000LL);

    /* A ';' inside a string and a newline inside another. */
    e = find_sql(g, "INSERT INTO shop_orders (user_id, status, note) VALUES (4, 'new', 'x;y'), "
                    "(5, 'new', 'two\nlines')");
    assert_int_equal(e->line, 28);
    assert_int_equal(e->rows, 0);
    e = find_sql(g, "SELECT COUNT(*) FROM shop_orders WHERE note LIKE '%;%'");
    assert_int_equal(e->rows, 1);

    /* After `use shop`: Schema gives the database. */
    e = find_sql(g, "CREATE TABLE customers (id int primary key, email varchar(100), name varchar(100))");
    assert_str(e->db, "shop");
    assert_ms(e->duration_ms, 19.860);

    /* log_slow_verbosity=query_plan,explain: Full_scan and explain lines in the header. */
    e = find_sql(g, "SELECT * FROM customers WHERE name LIKE 'A%'");
    assert_int_equal(e->line, 66);
    assert_int_equal(e->rows, 1);
    assert_ms(e->duration_ms, 0.093);
    e = find_sql(g, "SELECT c.name, COUNT(*) FROM customers c JOIN sbtest.shop_orders o ON "
                    "o.user_id = c.id GROUP BY c.name ORDER BY 2 DESC");
    assert_int_equal(e->rows, 2);
    assert_str(e->db, "shop");

    /* The banner again (FLUSH SLOW LOGS) ends the entry before it. */
    e = find_sql(g, "SELECT SLEEP(0.05)");
    assert_int_equal(e->line, 104);
    assert_ms(e->duration_ms, 50.245);
    e = &g->e[(size_t)(e - g->e) + 1];
    assert_str(e->sql, "FLUSH SLOW LOGS");
    assert_int_equal(e->line, 114);
    assert_int_equal(e->ts_ms, 1795975272000LL);

    /* The sysbench part: every statement in sbtest, sessions 18–20, and the last. */
    size_t in_sbtest = 0;
    for (size_t i = 0; i < g->n; i++)
        in_sbtest += g->e[i].db && strcmp(g->e[i].db, "sbtest") == 0;
    assert_int_equal(in_sbtest, 215 - 8 - 2); /* 8 in shop, 2 without a schema */
    e = &g->e[g->n - 1];
    assert_str(e->sql, "COMMIT");
    assert_str(e->session, "20");
    assert_int_equal(e->ts_ms, 1795975274000LL);
    got_free(g);
}

/* ---- MySQL 8 headers, administrator commands, missing # Time ----------------- */

static const char mysql8_log[] =
    "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n"
    "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
    "Time                 Id Command    Argument\n"
    "# Time: 2026-11-29T17:54:57.123456Z\n"                               /* 4 */
    "# User@Host: sbtest[sbtest] @ localhost []  Id:    12\n"
    "# Query_time: 0.000123  Lock_time: 0.000045 Rows_sent: 1  Rows_examined: 1\n"
    "use sbtest;\n"
    "SET timestamp=1795974897;\n"
    "SELECT c FROM sbtest1 WHERE id=5;\n"
    "# Time: 2026-11-29T17:54:58.000001Z\n"                               /* 10 */
    "# User@Host: app[app] @ web1 [10.0.0.7]  Id:     8\n"
    "# Query_time: 1.500000  Lock_time: 0.000000 Rows_sent: 3  Rows_examined: 900\n"
    "SET timestamp=1795974896;\n"
    "SELECT id,\n"
    "       name\n"
    "  FROM users\n"
    " WHERE name = 'a;\n"
    "b';\n"
    "# User@Host: app[app] @ web1 [10.0.0.7]  Id:     8\n"                /* 19: no # Time */
    "# Query_time: 0.000010  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\n"
    "SET timestamp=1795974898;\n"
    "# administrator command: Quit;\n"
    "# Time: 2026-11-29T17:54:59.000000Z\n"                               /* 23 */
    "# User@Host: root[root] @ localhost []  Id:    13\n"
    "# Query_time: 0.002000  Lock_time: 0.000100 Rows_sent: 0  Rows_examined: 0 Thread_id: 13 "
    "Errno: 0 Killed: 0 Bytes_received: 30 Bytes_sent: 11 Read_first: 0 Start: "
    "2026-11-29T17:54:58.998000Z End: 2026-11-29T17:54:59.000000Z\n"
    "use `shop`;\n"
    "SET timestamp=1795974898;\n"
    "UPDATE orders SET status = 'paid' WHERE id = 7;\n";

static void test_slow_mysql8(void **state)
{
    (void)state;
    got_t *g = read_text(WL_FMT_MYSQL_SLOW, mysql8_log);
    assert_int_equal(g->n, 3);
    assert_skipped(g, 0, 0, NULL);

    const got_entry_t *e = &g->e[0];
    assert_str(e->sql, "SELECT c FROM sbtest1 WHERE id=5");
    assert_int_equal(e->line, 4);
    assert_str(e->session, "12");
    assert_str(e->user, "sbtest");
    assert_str(e->db, "sbtest");
    assert_ms(e->duration_ms, 0.123);
    assert_int_equal(e->rows, 1);
    assert_int_equal(e->ts_ms, TS_175457); /* SET timestamp, not # Time */

    e = &g->e[1];
    assert_str(e->sql, "SELECT id,\n       name\n  FROM users\n WHERE name = 'a;\nb'");
    assert_int_equal(e->line, 10);
    assert_str(e->user, "app");
    assert_str(e->session, "8");
    assert_str(e->db, "sbtest"); /* the last `use`, written once for the file */
    assert_ms(e->duration_ms, 1500.0);
    assert_int_equal(e->rows, 3);
    assert_int_equal(e->ts_ms, TS_175457 - 1000);

    /* The Quit entry is gone; log_slow_extra's Start: wins over SET timestamp. */
    e = &g->e[2];
    assert_str(e->sql, "UPDATE orders SET status = 'paid' WHERE id = 7");
    assert_int_equal(e->line, 23);
    assert_str(e->db, "shop");
    assert_str(e->session, "13");
    assert_int_equal(e->ts_ms, TS_175457 + 1000 + 998);
    got_free(g);
}

/* Without SET timestamp the last "# Time:" is the time, also for the entries
 * that follow in the same second; MariaDB pads hours below 10 with a space. */
static void test_slow_missing_time(void **state)
{
    (void)state;
    static const char log[] = "# Time: 261129  9:05:03\n"
                              "# User@Host: sbtest[sbtest] @ localhost []\n"
                              "# Thread_id: 5  Schema: sbtest  QC_hit: No\n"
                              "# Query_time: 0.000200  Lock_time: 0.000000  Rows_sent: 2  Rows_examined: 2\n"
                              "# Rows_affected: 0  Bytes_sent: 80\n"
                              "SELECT 1;\n"
                              "# User@Host: sbtest[sbtest] @ localhost []\n"
                              "# Thread_id: 6  Schema:   QC_hit: No\n"
                              "# Query_time: 0.000300  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0\n"
                              "# Rows_affected: 0  Bytes_sent: 60\n"
                              "SELECT 2;\n";
    got_t *g = read_text(WL_FMT_MYSQL_SLOW, log);
    assert_int_equal(g->n, 2);
    long long t = (1795910400LL + 9 * 3600 + 5 * 60 + 3) * 1000; /* 2026-11-29 09:05:03 */
    assert_int_equal(g->e[0].ts_ms, t);
    assert_int_equal(g->e[0].line, 1);
    assert_str(g->e[0].session, "5");
    assert_str(g->e[0].db, "sbtest");
    assert_int_equal(g->e[0].rows, 2);
    assert_int_equal(g->e[1].ts_ms, t);
    assert_int_equal(g->e[1].line, 7);
    assert_str(g->e[1].session, "6");
    assert_null(g->e[1].db); /* "Schema:" empty: no database, not the one before */
    assert_skipped(g, 0, 0, NULL);
    got_free(g);
}

/* A server restart mid-statement, then garbage, then a header with no statement. */
static void test_slow_banner_and_skips(void **state)
{
    (void)state;
    static const char log[] =
        "some text before any header\n"                                    /* 1: skipped */
        "\n"
        "# User@Host: a[a] @ localhost []\n"                               /* 3 */
        "# Thread_id: 1  Schema: d  QC_hit: No\n"
        "# Query_time: 0.000001  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\n"
        "SET timestamp=1795974897;\n"
        "SELECT 1\n"
        "/usr/sbin/mariadbd, Version: 11.4.2-MariaDB-log (MariaDB Server). started with:\n"
        "Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock\n"
        "Time\t\t    Id Command\tArgument\n"
        "SET timestamp=1795974897;\n"                                      /* 11: skipped */
        "# Rows_affected: 0  Bytes_sent: 11\n"                             /* 12: skipped */
        "# User@Host: b[b] @ localhost []\n"                               /* 13 */
        "# Thread_id: 2  Schema: d  QC_hit: No\n"
        "# Query_time: 0.000001  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\n"
        "SET timestamp=1795974897;\n"
        "# User@Host: c[c] @ localhost []\n"                               /* 17 */
        "# Query_time: x  Lock_time: 0.000000  Rows_sent: y  Rows_examined: 0\n"
        "SET timestamp=1795974897;\n"
        "SELECT 3;\n"
        "# User@Host: d[d] @ localhost []\n";                              /* 21: skipped */
    got_t *g = read_text(WL_FMT_MYSQL_SLOW, log);
    assert_int_equal(g->n, 2);
    assert_str(g->e[0].sql, "SELECT 1");
    assert_int_equal(g->e[0].line, 3);
    assert_str(g->e[0].user, "a");
    assert_str(g->e[1].sql, "SELECT 3");
    assert_int_equal(g->e[1].line, 17);
    assert_true(g->e[1].duration_ms < 0); /* Query_time unreadable: unknown */
    assert_int_equal(g->e[1].rows, -1);
    assert_null(g->e[1].session);
    static const long long lines[] = {1, 11, 12, 13, 21};
    assert_skipped(g, 5, 5, lines);
    got_free(g);
}

/* `use` as MySQL writes it (file-wide, only when the database changes), with
 * backquotes, and damaged ("use ;", found by the fuzzer reading before it). */
static void test_slow_use_lines(void **state)
{
    (void)state;
    static const char log[] = "# User@Host: a[a] @ localhost []  Id: 1\n"
                              "# Query_time: 0.1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
                              "use `my db`;\n"
                              "SET timestamp=1795974897;\n"
                              "SELECT 1;\n"
                              "# User@Host: a[a] @ localhost []  Id: 1\n"
                              "# Query_time: 0.1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
                              "SET timestamp=1795974897;\n"
                              "SELECT 2;\n"
                              "# User@Host: a[a] @ localhost []  Id: 1\n"
                              "# Query_time: 0.1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
                              "use ;\n"
                              "SET timestamp=1795974897;\n"
                              "SELECT 3;\n";
    got_t *g = read_text(WL_FMT_MYSQL_SLOW, log);
    assert_int_equal(g->n, 3);
    assert_str(g->e[0].db, "my db");
    assert_str(g->e[1].db, "my db");
    assert_null(g->e[2].db);
    assert_str(g->e[2].sql, "SELECT 3");
    got_free(g);
}

/* The entry under way is emitted by finish, not before. */
static void test_slow_finish_emits_pending(void **state)
{
    (void)state;
    static const char log[] = "# User@Host: a[a] @ localhost []\n"
                              "# Query_time: 0.5  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
                              "SET timestamp=1795974897;\n"
                              "SELECT 1;\n";
    got_t *g = read_text_finish(WL_FMT_MYSQL_SLOW, log, strlen(log), false);
    assert_int_equal(g->n, 0);
    got_free(g);
    g = read_text(WL_FMT_MYSQL_SLOW, log);
    assert_int_equal(g->n, 1);
    assert_ms(g->e[0].duration_ms, 500.0);
    got_free(g);
}

static void test_slow_starts_and_looks(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        bool starts;
    } lines[] = {
        {"# Time: 261129 17:54:57", true},
        {"# Time: 2026-11-29T17:54:57.123456Z", true},
        {"# User@Host: sbtest[sbtest] @ localhost []", true},
        {"# Query_time: 0.000123  Lock_time: 0.000045", false},
        {"SET timestamp=1795974897;", false},
        {"SELECT 1;", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        assert_int_equal(wl_mysql_slow_starts_entry(lines[i].line, strlen(lines[i].line)),
                         lines[i].starts);

    assert_true(wl_mysql_slow_looks_like(mysql8_log, sizeof(mysql8_log) - 1));
    static const char maria[] = "mariadbd, Version: 10.11.19-MariaDB-0+deb12u1-log (Debian 12). "
                                "started with:\nTcp port: 55490  Unix socket: /tmp/m.sock\n"
                                "Time\t\t    Id Command\tArgument\n# Time: 261129 18:00:42\n";
    assert_true(wl_mysql_slow_looks_like(maria, sizeof(maria) - 1));
    /* The general query log opens with the same banner. */
    static const char general[] = "mariadbd, Version: 10.11.19-MariaDB (Debian 12). started with:\n"
                                  "Tcp port: 3306  Unix socket: /tmp/m.sock\n"
                                  "Time\t\t    Id Command\tArgument\n"
                                  "261129 18:00:42\t     3 Connect\troot@localhost on\n";
    assert_false(wl_mysql_slow_looks_like(general, sizeof(general) - 1));
    static const char sql[] = "SELECT 1;\n# Time is money\n";
    assert_false(wl_mysql_slow_looks_like(sql, sizeof(sql) - 1));
    assert_false(wl_mysql_slow_looks_like("", 0));
}

/* ---- pg_stat_statements CSV -------------------------------------------------- */

static void test_pgss_file(void **state)
{
    (void)state;
    got_t *g = read_file(WL_FMT_PGSS_CSV, "tests/digest/logs/pgss.csv");
    assert_int_equal(g->n, 22);
    assert_skipped(g, 0, 0, NULL);

    const got_entry_t *e = &g->e[0];
    assert_str(e->sql, "CREATE TABLE notes (id int primary key, body text)");
    assert_int_equal(e->line, 2);
    assert_int_equal(e->dialect, WL_DIALECT_PG);
    assert_int_equal(e->calls, 1);
    assert_ms(e->duration_ms, 16.394792);
    assert_int_equal(e->rows, 0);
    assert_int_equal(e->ts_ms, 0);
    assert_null(e->session);
    assert_null(e->user);
    assert_null(e->db);

    e = find_sql(g, "BEGIN");
    assert_int_equal(e->calls, 400);
    assert_ms(e->duration_ms, 0.002212692499999999);
    assert_ms(e->min_ms, 6e-05);
    assert_ms(e->max_ms, 0.656636);

    e = find_sql(g, "SELECT \"body\", length(\"body\") FROM notes WHERE \"id\" > $1");
    assert_int_equal(e->rows, 2);
    assert_int_equal(e->line, 6);

    /* A query with newlines: one record over six lines, numbered by its first. */
    e = find_sql(g, "SELECT a.aid, a.abalance\n  FROM pgbench_accounts a\n WHERE a.bid = $1\n"
                    "   AND a.abalance > $2\n ORDER BY a.abalance DESC\n LIMIT $3");
    assert_int_equal(e->line, 13);
    assert_ms(e->duration_ms, 94.050541);
    assert_int_equal(e->rows, 5);
    e = find_sql(g, "UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2");
    assert_int_equal(e->line, 19);
    assert_int_equal(e->calls, 400);
    assert_int_equal(e->rows, 400);
    assert_ms(e->min_ms, 0.00515);
    assert_ms(e->max_ms, 59.619248);
    got_free(g);
}

/* Joined to pg_roles / pg_database (genuine, PostgreSQL 15, two rows kept). */
static void test_pgss_joined_rolname(void **state)
{
    (void)state;
    static const char csv[] =
        "rolname,datname,userid,dbid,toplevel,queryid,query,plans,total_plan_time,min_plan_time,"
        "max_plan_time,mean_plan_time,stddev_plan_time,calls,total_exec_time,min_exec_time,"
        "max_exec_time,mean_exec_time,stddev_exec_time,rows,shared_blks_hit,shared_blks_read,"
        "shared_blks_dirtied,shared_blks_written,local_blks_hit,local_blks_read,local_blks_dirtied,"
        "local_blks_written,temp_blks_read,temp_blks_written,blk_read_time,blk_write_time,"
        "temp_blk_read_time,temp_blk_write_time,wal_records,wal_fpi,wal_bytes,jit_functions,"
        "jit_generation_time,jit_inlining_count,jit_inlining_time,jit_optimization_count,"
        "jit_optimization_time,jit_emission_count,jit_emission_time\n"
        "app,bench,16384,16385,t,-268519356897777524,\"CREATE TABLE notes (id int primary key, body "
        "text)\",0,0,0,0,0,0,1,16.394792,16.394792,16.394792,16.394792,0,0,610,0,1,1,0,0,0,0,0,0,0,"
        "0,0,0,122,2,12733,0,0,0,0,0,0,0,0\n"
        "app,bench,16384,16385,t,626710596112763588,SELECT abalance FROM pgbench_accounts WHERE aid "
        "= $1,0,0,0,0,0,0,400,27.137967000000014,0.002846,12.69813,0.06784491749999999,"
        "0.7096925732564141,400,1556,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n";
    got_t *g = read_text(WL_FMT_PGSS_CSV, csv);
    assert_int_equal(g->n, 2);
    assert_skipped(g, 0, 0, NULL);
    assert_str(g->e[1].sql, "SELECT abalance FROM pgbench_accounts WHERE aid = $1");
    assert_str(g->e[1].user, "app");
    assert_str(g->e[1].db, "bench");
    assert_int_equal(g->e[1].calls, 400);
    assert_ms(g->e[1].duration_ms, 0.06784491749999999);
    assert_ms(g->e[1].min_ms, 0.002846);
    assert_ms(g->e[1].max_ms, 12.69813);
    assert_int_equal(g->e[1].rows, 400);
    assert_int_equal(g->e[1].line, 3);
    got_free(g);
}

/* A narrower join (genuine): usename and "database", no min/max columns. */
static void test_pgss_joined_usename(void **state)
{
    (void)state;
    static const char csv[] =
        "usename,database,query,calls,total_exec_time,mean_exec_time,rows\n"
        "app,bench,BEGIN,400,0.8850770000000001,0.002212692499999999,0\n"
        "app,bench,END,400,0.1675470000000001,0.0004188674999999996,0\n"
        "app,bench,\"INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, "
        "$4, CURRENT_TIMESTAMP)\",400,7.03038300000001,0.017575957499999982,400\n";
    got_t *g = read_text(WL_FMT_PGSS_CSV, csv);
    assert_int_equal(g->n, 3);
    const got_entry_t *e = &g->e[2];
    assert_str(e->sql, "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, "
                       "$3, $4, CURRENT_TIMESTAMP)");
    assert_str(e->user, "app");
    assert_str(e->db, "bench");
    assert_ms(e->duration_ms, 0.017575957499999982);
    assert_true(e->min_ms < 0 && e->max_ms < 0);
    assert_int_equal(e->rows, 400);
    got_free(g);
}

/* PostgreSQL ≤ 12 names, another order, no mean column: total / calls. */
static void test_pgss_old_columns(void **state)
{
    (void)state;
    static const char csv[] = "calls,query,max_time,min_time,total_time,rows,userid,dbid\n"
                              "4,SELECT 1,3.5,0.5,6,4,10,13000\n"
                              "2,SELECT 2,,,,,10,13000\n";
    got_t *g = read_text(WL_FMT_PGSS_CSV, csv);
    assert_int_equal(g->n, 2);
    assert_str(g->e[0].sql, "SELECT 1");
    assert_int_equal(g->e[0].calls, 4);
    assert_ms(g->e[0].duration_ms, 1.5);
    assert_ms(g->e[0].min_ms, 0.5);
    assert_ms(g->e[0].max_ms, 3.5);
    assert_int_equal(g->e[0].rows, 4);
    assert_null(g->e[0].user); /* userid is a number, not a name */
    assert_true(g->e[1].duration_ms < 0 && g->e[1].min_ms < 0 && g->e[1].max_ms < 0);
    assert_int_equal(g->e[1].rows, -1);
    got_free(g);
}

static void test_pgss_quoting_and_skips(void **state)
{
    (void)state;
    static const char csv[] =
        "query,calls,mean_exec_time,rows\n"
        "\"SELECT \"\"a,b\"\"\n"                                   /* 2: one record over 4 lines */
        "\n"
        "  FROM t WHERE x = 'y,\"\"z'\",\"3\",1.25,7\n"
        "\"\"\"\",1,1,1\n"                                         /* 5: a lone quote */
        "SELECT 1,1,1\n"                                           /* 6: a field short */
        "<insufficient privilege>,5,1,1\n"                         /* 7 */
        "SELECT 2,x,1,1\n"                                         /* 8: calls not a number */
        "SELECT 3,0,0,0\n"                                         /* 9: planned, never run */
        "\n"                                                       /* 10: blank, ignored */
        "query,calls,mean_exec_time,rows\n"                        /* 11: a second export */
        "\"SELECT 4\",2,\"0.5\",\n"
        "\"SELECT 5 -- never closed,1,1,1\n"                       /* 13 */
        "next line\n";
    got_t *g = read_text(WL_FMT_PGSS_CSV, csv);
    assert_int_equal(g->n, 3);
    assert_str(g->e[0].sql, "SELECT \"a,b\"\n\n  FROM t WHERE x = 'y,\"z'");
    assert_int_equal(g->e[0].line, 2);
    assert_int_equal(g->e[0].calls, 3);
    assert_ms(g->e[0].duration_ms, 1.25);
    assert_int_equal(g->e[0].rows, 7);
    assert_str(g->e[1].sql, "\"");
    assert_int_equal(g->e[1].line, 5);
    assert_str(g->e[2].sql, "SELECT 4");
    assert_int_equal(g->e[2].line, 12);
    assert_int_equal(g->e[2].rows, -1);
    static const long long lines[] = {6, 7, 8, 13, 14};
    assert_skipped(g, 5, 5, lines);
    got_free(g);
}

static void test_pgss_header_without_calls(void **state)
{
    (void)state;
    static const char csv[] = "query,total_exec_time\nSELECT 1,2\n\"SELECT\n2\",3\n";
    got_t *g = read_text(WL_FMT_PGSS_CSV, csv);
    assert_int_equal(g->n, 0);
    static const long long lines[] = {1, 2, 3, 4};
    assert_skipped(g, 4, 4, lines);
    got_free(g);

    /* psql's aligned output is not CSV: everything is skipped. */
    g = read_text(WL_FMT_PGSS_CSV, " query | calls \n-------+-------\n SELECT 1 | 3\n(1 row)\n");
    assert_int_equal(g->n, 0);
    assert_int_equal(g->skipped, 4);
    got_free(g);
}

static void test_pgss_looks_like(void **state)
{
    (void)state;
    static const char *yes[] = {
        "userid,dbid,toplevel,queryid,query,plans,total_plan_time,calls,total_exec_time\n1,2",
        "rolname,datname,query,calls,mean_exec_time",
        "usename,database,query,calls,total_exec_time,mean_exec_time,rows\r\napp",
        "userid,dbid,queryid,query,calls,total_time,min_time,max_time,mean_time,rows\n",
        "\"query\",\"calls\",\"mean_time\"\n",
    };
    static const char *no[] = {
        "query,calls\nSELECT 1,2\n",                  /* no time column */
        "query,total_exec_time\n",                    /* no calls */
        " query | calls | total_exec_time\n",         /* psql aligned */
        "SELECT query, calls, total_exec_time FROM pg_stat_statements;\n",
        "",
    };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        assert_true(wl_pgss_csv_looks_like(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        assert_false(wl_pgss_csv_looks_like(no[i], strlen(no[i])));
}

/* ---- plain SQL --------------------------------------------------------------- */

static void test_sql_workload_file(void **state)
{
    (void)state;
    got_t *g = read_file(WL_FMT_SQL, "tests/digest/logs/workload.sql");
    static const struct {
        long long line;
        const char *sql;
    } want[] = {
        {9, "SELECT o.id, o.status, o.created_at\n  FROM orders o\n WHERE o.user_id = 42\n"
            " ORDER BY o.created_at DESC\n LIMIT 20"},
        {15, "SELECT count(*) FROM orders WHERE note LIKE '%;%'"},
        {16, "SELECT \"weird;name\" FROM products WHERE sku = 'it''s; fine'"},
        {17, "SELECT id FROM users WHERE email = E'a\\'b;c@example.com'"},
        {19, "UPDATE orders\n   SET status = 'shipped' /* not; the end */\n WHERE id = 1001"},
        {23, "CREATE FUNCTION order_total(oid bigint) RETURNS numeric\nLANGUAGE plpgsql AS $fn$\n"
             "BEGIN\n    -- semicolons in a dollar-quoted body do not end the statement\n"
             "    RETURN (SELECT sum(price * qty) FROM order_items WHERE order_id = oid);\nEND;\n"
             "$fn$"},
        {31, "SELECT $$plain; dollar$$ AS label, order_total(1001)"},
        {32, "INSERT INTO audit (msg) VALUES ('multi\nline; text')"},
        {35, "SELECT 1 /* nested /* comment; */ still a comment */ + 1 AS two"},
    };
    assert_int_equal(g->n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < g->n; i++) {
        assert_str(g->e[i].sql, want[i].sql);
        assert_int_equal(g->e[i].line, want[i].line);
        assert_int_equal(g->e[i].calls, 1);
        assert_true(g->e[i].duration_ms < 0);
        assert_int_equal(g->e[i].rows, -1);
        assert_int_equal(g->e[i].ts_ms, 0);
        assert_null(g->e[i].session);
        assert_null(g->e[i].user);
    }
    static const long long lines[] = {5, 6, 34};
    assert_skipped(g, 3, 3, lines);
    got_free(g);
}

static void test_sql_dollar_quotes(void **state)
{
    (void)state;
    static const char sql[] =
        "DO $$ BEGIN PERFORM 1; END $$;\n"
        "SELECT $1, $2::int FROM t WHERE a$b = 1; SELECT $a$ x $b$ ; $a$;\n"
        "CREATE FUNCTION f() RETURNS text AS $body$\n"
        "  SELECT $q$;$q$ || $$;$$;\n"
        "$body$ LANGUAGE sql;\n"
        "SELECT '$$' ; SELECT 2\n";
    got_t *g = read_text(WL_FMT_SQL, sql);
    static const char *want[] = {
        "DO $$ BEGIN PERFORM 1; END $$",
        "SELECT $1, $2::int FROM t WHERE a$b = 1",
        "SELECT $a$ x $b$ ; $a$",
        "CREATE FUNCTION f() RETURNS text AS $body$\n  SELECT $q$;$q$ || $$;$$;\n$body$ LANGUAGE sql",
        "SELECT '$$'",
        "SELECT 2",
    };
    static const long long lines[] = {1, 2, 2, 3, 6, 6};
    assert_int_equal(g->n, 6);
    for (size_t i = 0; i < g->n; i++) {
        assert_str(g->e[i].sql, want[i]);
        assert_int_equal(g->e[i].line, lines[i]);
    }
    assert_int_equal(g->skipped, 0);
    got_free(g);
}

static void test_sql_strings_and_comments(void **state)
{
    (void)state;
    static const char sql[] =
        "-- only a comment;\n"
        "/* a block; /* nested; */ still; */\n"
        "   \n"
        ";;\n"                                                     /* empty statements */
        "SELECT e'\\\\', E'it\\'s;' , 'a\\';\n"                     /* 5: \\ and \' in E'' */
        "SELECT 'x' /* c */ -- d\n"
        ";\n"
        "SELECT E'line\\\n"                                        /* 8: backslash-newline */
        "; still string';\n"
        "SELECT \"a\"\"; b\", `c;d` FROM x;\n"
        "/* unterminated;\n";
    got_t *g = read_text(WL_FMT_SQL, sql);
    static const char *want[] = {
        "SELECT e'\\\\', E'it\\'s;' , 'a\\'",
        "SELECT 'x' /* c */ -- d",
        "SELECT E'line\\\n; still string'",
        "SELECT \"a\"\"; b\", `c;d` FROM x",
    };
    static const long long lines[] = {5, 6, 8, 10};
    assert_int_equal(g->n, 4);
    for (size_t i = 0; i < g->n; i++) {
        assert_str(g->e[i].sql, want[i]);
        assert_int_equal(g->e[i].line, lines[i]);
    }
    assert_int_equal(g->skipped, 0);
    got_free(g);

    g = read_text(WL_FMT_SQL, "  \n-- nothing here\n/* nor; here */\n\n");
    assert_int_equal(g->n, 0);
    assert_int_equal(g->skipped, 0);
    got_free(g);
}

/* psql meta-commands, \g ending a statement, pg_dump COPY data, finish. */
static void test_sql_psql_and_finish(void **state)
{
    (void)state;
    static const char sql[] = "\\connect shop\n"                             /* 1 */
                              "SELECT 1\n"
                              "\\gx\n"                                       /* 3 */
                              "SELECT 2 \\g\n"
                              "COPY public.t (a, b) FROM stdin;\n"
                              "1\t\\N\n"
                              "2\tx;y\n"
                              "\\.\n"
                              "  \\echo hi\n"                                /* 9 */
                              "SELECT 3\n"
                              "  FROM t";
    got_t *g = read_text_finish(WL_FMT_SQL, sql, strlen(sql), false);
    assert_int_equal(g->n, 3);
    got_free(g);
    g = read_text(WL_FMT_SQL, sql);
    static const char *want[] = {"SELECT 1", "SELECT 2", "COPY public.t (a, b) FROM stdin",
                                 "SELECT 3\n  FROM t"};
    static const long long lines[] = {2, 4, 5, 10};
    assert_int_equal(g->n, 4);
    for (size_t i = 0; i < g->n; i++) {
        assert_str(g->e[i].sql, want[i]);
        assert_int_equal(g->e[i].line, lines[i]);
    }
    static const long long skipped[] = {1, 3, 9};
    assert_skipped(g, 3, 3, skipped);
    got_free(g);
}

/* wl_detect_format on the genuine files, with and without their names. */
static void test_detect_genuine_files(void **state)
{
    (void)state;
    static const struct {
        const char *path, *name;
        wl_format_t want;
    } files[] = {
        {"tests/digest/logs/mariadb-slow.log", "mariadb-slow.log", WL_FMT_MYSQL_SLOW},
        {"tests/digest/logs/mariadb-slow.log", NULL, WL_FMT_MYSQL_SLOW},
        {"tests/digest/logs/pgss.csv", "pgss.csv", WL_FMT_PGSS_CSV},
        {"tests/digest/logs/pgss.csv", NULL, WL_FMT_PGSS_CSV},
        {"tests/digest/logs/workload.sql", "workload.sql", WL_FMT_SQL},
    };
    static char head[8192];
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        FILE *f = fopen(files[i].path, "rb");
        assert_non_null(f);
        size_t n = fread(head, 1, sizeof(head), f);
        fclose(f);
        assert_int_equal(wl_detect_format(head, n, files[i].name), files[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slow_mariadb_file),
        cmocka_unit_test(test_slow_mysql8),
        cmocka_unit_test(test_slow_missing_time),
        cmocka_unit_test(test_slow_banner_and_skips),
        cmocka_unit_test(test_slow_use_lines),
        cmocka_unit_test(test_slow_finish_emits_pending),
        cmocka_unit_test(test_slow_starts_and_looks),
        cmocka_unit_test(test_pgss_file),
        cmocka_unit_test(test_pgss_joined_rolname),
        cmocka_unit_test(test_pgss_joined_usename),
        cmocka_unit_test(test_pgss_old_columns),
        cmocka_unit_test(test_pgss_quoting_and_skips),
        cmocka_unit_test(test_pgss_header_without_calls),
        cmocka_unit_test(test_pgss_looks_like),
        cmocka_unit_test(test_sql_workload_file),
        cmocka_unit_test(test_sql_dollar_quotes),
        cmocka_unit_test(test_sql_strings_and_comments),
        cmocka_unit_test(test_sql_psql_and_finish),
        cmocka_unit_test(test_detect_genuine_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
