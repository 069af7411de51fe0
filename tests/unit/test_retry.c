/* test_retry.c — the retry policy (DESIGN.md §5), the JSON-lines log (§6), and
 * the parts of engine/pg/pg_conn that need no server: password redaction, the
 * table of transient SQLSTATEs, and the retry loop against a closed local port.
 *
 * Delays are checked exactly with jitter 0 and within bounds with jitter, from
 * fixed seeds, so a failure here reproduces. Redaction is a table of (DSN,
 * expected) pairs: a password that survives is a leak, a value mangled outside
 * a password is a bug users see. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/json.h"
#include "base/log.h"
#include "base/retry.h"
#include "engine/pg/pg_conn.h"

/* ---- helpers ---------------------------------------------------------------- */

static retry_policy_t policy(int attempts, int initial, int max, double jitter, uint64_t seed)
{
    retry_policy_t p = {attempts, initial, max, jitter, seed};
    return p;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sa);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

/* Captures what the log writes between capture_start and capture_end (which
 * restores stderr and the default level and returns the text, in a). */
typedef struct {
    FILE *f;
} capture_t;

static void capture_start(capture_t *c, log_level_t level)
{
    c->f = tmpfile();
    assert_non_null(c->f);
    log_set_fd(fileno(c->f));
    log_set_level(level);
}

static const char *capture_end(capture_t *c, arena_t *a)
{
    log_set_fd(2);
    log_set_level(LOG_WARN);
    off_t n = lseek(fileno(c->f), 0, SEEK_END); /* log.c write()s: no stdio buffer */
    assert_true(n >= 0);
    char *buf = arena_alloc(a, (size_t)n + 1);
    assert_int_equal(pread(fileno(c->f), buf, (size_t)n, 0), n);
    fclose(c->f);
    return buf;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- retry policy --------------------------------------------------------------- */

static void test_default_policy(void **state)
{
    (void)state;
    retry_policy_t p = policy(0, 0, 0, 0, 99);
    retry_policy_default(&p);
    assert_int_equal(p.attempts, 3);
    assert_int_equal(p.initial_ms, 1000);
    assert_int_equal(p.max_ms, 30000);
    assert_true(p.jitter == 0.2);
    assert_int_equal(p.seed, 0);
}

static void test_delays_double_and_cap_without_jitter(void **state)
{
    (void)state;
    static const int want[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    retry_policy_t p = policy(3, 1000, 30000, 0, 7);
    for (int k = 1; k <= 8; k++)
        assert_int_equal(retry_delay_ms(&p, k), want[k - 1]);
}

static void test_jitter_stays_within_20_percent(void **state)
{
    (void)state;
    retry_policy_t p = policy(3, 1000, 30000, 0.2, 12345);
    int lowest = INT_MAX, highest = 0;
    for (int round = 0; round < 2000; round++)
        for (int k = 1; k <= 7; k++) {
            int base = k >= 6 ? 30000 : 1000 << (k - 1);
            int d = retry_delay_ms(&p, k);
            if (d < base * 0.8 - 0.5 || d > base * 1.2 + 0.5)
                fail_msg("attempt %d: delay %d outside %d ± 20%%", k, d, base);
            if (k == 1) {
                lowest = d < lowest ? d : lowest;
                highest = d > highest ? d : highest;
            }
        }
    /* The jitter is really used: 2000 draws reach both ends of the range. */
    assert_in_range(lowest, 800, 820);
    assert_in_range(highest, 1180, 1200);
}

static void test_same_seed_same_delays(void **state)
{
    (void)state;
    retry_policy_t a = policy(3, 1000, 30000, 0.2, 42), b = a, c = policy(3, 1000, 30000, 0.2, 43);
    int differ = 0;
    for (int k = 1; k <= 20; k++) {
        int da = retry_delay_ms(&a, k % 6 + 1);
        assert_int_equal(da, retry_delay_ms(&b, k % 6 + 1));
        differ += da != retry_delay_ms(&c, k % 6 + 1);
    }
    assert_true(differ > 0);
    assert_true(a.seed == b.seed);
}

static void test_seed_zero_seeds_from_clock(void **state)
{
    (void)state;
    retry_policy_t p = policy(3, 1000, 30000, 0.2, 0);
    int d = retry_delay_ms(&p, 1);
    assert_true(p.seed != 0);
    assert_in_range(d, 800, 1200);
}

static void test_huge_attempt_numbers_do_not_overflow(void **state)
{
    (void)state;
    static const int attempts[] = {22, 23, 31, 32, 33, 63, 64, 65, 1000, INT_MAX};
    retry_policy_t p = policy(3, 1000, INT_MAX, 0, 1);
    assert_int_equal(retry_delay_ms(&p, 22), 1000 << 21); /* 2097152000 < INT_MAX */
    for (size_t i = 1; i < sizeof(attempts) / sizeof(attempts[0]); i++)
        assert_int_equal(retry_delay_ms(&p, attempts[i]), INT_MAX);
    retry_policy_t big = policy(3, INT_MAX, INT_MAX, 0.2, 5);
    for (size_t i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
        int d = retry_delay_ms(&big, attempts[i]);
        assert_true(d >= (int)(INT_MAX * 0.8) - 1); /* +20% is clamped at INT_MAX */
    }
}

static void test_odd_policies(void **state)
{
    (void)state;
    retry_policy_t p = policy(3, 1000, 30000, 0, 1);
    assert_int_equal(retry_delay_ms(&p, 0), 1000);   /* before the first: as the first */
    assert_int_equal(retry_delay_ms(&p, -5), 1000);
    p = policy(3, -100, 30000, 0.2, 1);
    assert_int_equal(retry_delay_ms(&p, 3), 0);      /* never negative */
    p = policy(3, 5000, 2000, 0, 1);
    assert_int_equal(retry_delay_ms(&p, 1), 2000);   /* the cap wins from the start */
    p = policy(3, 1000, -1, 0.2, 1);
    assert_int_equal(retry_delay_ms(&p, 2), 0);
    p = policy(3, 1000, 30000, 5.0, 1);              /* jitter past 100%: clamped */
    for (int i = 0; i < 100; i++)
        assert_in_range(retry_delay_ms(&p, 1), 0, 2000);
    p = policy(3, 1000, 30000, -0.5, 1);             /* negative jitter: none */
    assert_int_equal(retry_delay_ms(&p, 1), 1000);
}

static void test_sleep(void **state)
{
    (void)state;
    double t0 = now_ms();
    retry_sleep_ms(0);
    retry_sleep_ms(-10);
    assert_true(now_ms() - t0 < 5);
    t0 = now_ms();
    retry_sleep_ms(30);
    double took = now_ms() - t0;
    if (took < 30 || took > 1000)
        fail_msg("retry_sleep_ms(30) took %.1f ms", took);
}

/* ---- the retry loop, against a closed port ------------------------------------- */

static void test_one_attempt_means_no_retry(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    live_opts_t o = {.dsn = arena_printf(a, "host=127.0.0.1 port=%d dbname=x user=x", closed_port()),
                     .retry = policy(1, 5000, 30000, 0.2, 1)};
    live_t *l = NULL;
    err_t err;
    capture_t cap;
    capture_start(&cap, LOG_WARN);
    double t0 = now_ms();
    int rc = pgc_connect(a, &o, &l, &err);
    double took = now_ms() - t0;
    const char *log = capture_end(&cap, a);
    assert_int_equal(rc, -1);
    assert_null(l);
    assert_int_equal(err.code, ERR_UNREACHABLE);
    assert_non_null(strstr(err.message, "could not connect: primary 127.0.0.1:"));
    assert_non_null(strstr(err.message, "connection refused (1 attempt)"));
    assert_int_equal(count(log, "\"connection attempt failed\""), 1);
    assert_int_equal(count(log, "\"connection retry scheduled\""), 0);
    if (took > 2000)
        fail_msg("one attempt took %.0f ms: it slept", took);
    arena_free(a);
}

static void test_retries_then_replica_listed(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    int port = closed_port();
    live_opts_t o = {.dsn = arena_printf(a, "postgres://u:hunter2@127.0.0.1:%d/shop", port),
                     .replica_dsn = arena_printf(a, "host=127.0.0.1 port=%d password=hunter3 dbname=r", port),
                     .retry = policy(3, 20, 30, 0, 1)};
    live_t *l = NULL;
    err_t err;
    capture_t cap;
    capture_start(&cap, LOG_WARN);
    double t0 = now_ms();
    int rc = pgc_connect(a, &o, &l, &err);
    double took = now_ms() - t0;
    const char *log = capture_end(&cap, a);
    assert_int_equal(rc, -1);
    char want[256];
    snprintf(want, sizeof(want),
             "could not connect: primary 127.0.0.1:%d/shop — connection refused (3 attempts); "
             "replica 127.0.0.1:%d/r — connection refused (3 attempts)", port, port);
    assert_string_equal(err.message, want);
    assert_int_equal(count(log, "\"connection attempt failed\""), 6);
    assert_int_equal(count(log, "\"connection retry scheduled\""), 4);
    assert_int_equal(count(log, "\"delay_ms\":20"), 2);
    assert_int_equal(count(log, "\"delay_ms\":30"), 2);
    assert_null(strstr(log, "hunter"));
    if (took < 100)
        fail_msg("4 delays of 20-30 ms took only %.0f ms", took);
    arena_free(a);
}

/* ---- redaction ------------------------------------------------------------------ */

static void test_redact(void **state)
{
    (void)state;
    static const struct {
        const char *dsn, *want;
    } cases[] = {
        /* URIs */
        {"postgres://u:secret@h/db", "postgres://u:***@h/db"},
        {"postgresql://u:secret@h:5432/db?sslmode=require",
         "postgresql://u:***@h:5432/db?sslmode=require"},
        {"POSTGRES://u:secret@h/db", "POSTGRES://u:***@h/db"},
        {"postgres://u@h/db", "postgres://u@h/db"},
        {"postgres://h:5432/db", "postgres://h:5432/db"},
        {"postgres://u:@h/db", "postgres://u:@h/db"},
        {"postgres://:secret@h/db", "postgres://:***@h/db"},
        {"postgres://u:p%40ss@h/db", "postgres://u:***@h/db"},
        {"postgres://u:p@ss@h/db", "postgres://u:***@h/db"},
        {"postgres://u:pa/ss@h/db", "postgres://u:***@h/db"},
        {"postgres://u:pa?ss@h/db", "postgres://u:***@h/db"},
        {"postgres://u:pw@h1:5432,h2:5433/db", "postgres://u:***@h1:5432,h2:5433/db"},
        {"postgres://h/db?user=a@b&password=x&sslmode=off",
         "postgres://h/db?user=a@b&password=***&sslmode=off"},
        {"postgres://u:pw@h/db?password=x", "postgres://u:***@h/db?password=***"},
        {"postgres://h/db?pass%77ord=x", "postgres://h/db?pass%77ord=***"},
        {"postgres://h/db?application_name=password=x", "postgres://h/db?application_name=password=x"},
        {"postgres://", "postgres://"},
        /* keyword strings */
        {"host=h password=secret dbname=d", "host=h password=*** dbname=d"},
        {"host=h password='se cret' dbname=d", "host=h password=*** dbname=d"},
        {"password = 'it\\'s' host=h", "password = *** host=h"},
        {"host=h password=a\\ b port=1", "host=h password=*** port=1"},
        {"password=secret", "password=***"},
        {"PASSWORD=secret", "PASSWORD=***"},
        {"host=h password=", "host=h password="},
        {"host=h password='unterminated dbname=d", "host=h password=***"},
        {"host=h application_name='x password=y' dbname=d",
         "host=h application_name='x password=y' dbname=d"},
        {"options='-c password=abc' user=u", "options='-c password=abc' user=u"},
        {"dbname=password=x user=u", "dbname=password=x user=u"},
        {"user=password host=h", "user=password host=h"},
        {"passwordx=1 password=2", "passwordx=1 password=***"},
        {"host=h  port=5432   sslmode=disable", "host=h  port=5432   sslmode=disable"},
        /* neither: a database name */
        {"shop", "shop"},
        {"", ""},
    };
    arena_t *a = arena_new();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = pgc_redact(a, cases[i].dsn);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("pgc_redact(\"%s\") = \"%s\", want \"%s\"", cases[i].dsn, got, cases[i].want);
    }
    assert_null(pgc_redact(a, NULL));
    arena_free(a);
}

/* ---- SQLSTATEs ------------------------------------------------------------------ */

static void test_transient_sqlstates(void **state)
{
    (void)state;
    static const struct {
        const char *state;
        bool transient;
    } cases[] = {
        {"08000", true},  {"08001", true},  {"08006", true},  {"08P01", true},
        {"40001", true},  {"40P01", true},  {"53300", true},  {"57P01", true},
        {"57P02", true},  {"57P03", true},  {"28P01", false}, {"28000", false},
        {"3D000", false}, {"42601", false}, {"42P01", false}, {"40002", false},
        {"53100", false}, {"57014", false}, {"57P04", false}, {"25006", false},
        {"08", false},    {"", false},      {"080000", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (pgc_transient_sqlstate(cases[i].state) != cases[i].transient)
            fail_msg("pgc_transient_sqlstate(\"%s\") should be %s", cases[i].state,
                     cases[i].transient ? "true" : "false");
    assert_false(pgc_transient_sqlstate(NULL));
}

/* ---- log -------------------------------------------------------------------------- */

static void test_log_levels_and_format(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    capture_t cap;
    capture_start(&cap, LOG_WARN);
    log_event(LOG_INFO, "hidden", NULL);
    log_event(LOG_DEBUG, "hidden", NULL);
    log_event(LOG_WARN, "say \"hi\"\n", "target", "h:1/db", "attempt", "2", "delay_ms", "1.5",
              "attempts", "two", "sqlstate", NULL, "level", "ignored", "query_hash", "0123", NULL);
    log_event(LOG_ERROR, "bad", NULL);
    const char *out = capture_end(&cap, a);
    assert_null(strstr(out, "hidden"));
    assert_int_equal(count(out, "\n"), 2);
    const char *nl = strchr(out, '\n');
    json_value_t *v;
    err_t err;
    assert_int_equal(jv_parse(out, (size_t)(nl - out), &v, &err), 0);
    const char *ts = jv_string(jv_get(v, "ts"));
    assert_int_equal(strlen(ts), 24); /* 2026-11-29T15:00:00.123Z */
    assert_true(ts[10] == 'T' && ts[19] == '.' && ts[23] == 'Z');
    assert_string_equal(jv_string(jv_get(v, "level")), "WARN");
    assert_string_equal(jv_string(jv_get(v, "msg")), "say \"hi\"\n");
    assert_int_equal(jv_kind(jv_get(v, "attempt")), JV_INT);
    assert_int_equal(jv_kind(jv_get(v, "delay_ms")), JV_REAL);
    assert_string_equal(jv_string(jv_get(v, "attempts")), "two"); /* not a number: string */
    assert_string_equal(jv_string(jv_get(v, "query_hash")), "0123"); /* not a numeric key */
    assert_int_equal(jv_kind(jv_get(v, "sqlstate")), JV_NULL);
    jv_release(v);
    assert_non_null(strstr(nl + 1, "\"level\":\"ERROR\",\"msg\":\"bad\"}"));
    arena_free(a);
}

static void test_log_level_names(void **state)
{
    (void)state;
    log_level_t l;
    assert_int_equal(log_level_parse("warn", &l), 0);
    assert_int_equal(l, LOG_WARN);
    assert_int_equal(log_level_parse("Warning", &l), 0);
    assert_int_equal(l, LOG_WARN);
    assert_int_equal(log_level_parse("INFO", &l), 0);
    assert_int_equal(l, LOG_INFO);
    assert_int_equal(log_level_parse("off", &l), 0);
    assert_int_equal(l, LOG_OFF);
    assert_int_equal(log_level_parse("loud", &l), -1);
    assert_int_equal(log_level_parse(NULL, &l), -1);
    assert_int_equal(log_get_level(), LOG_WARN); /* the default */
    assert_false(log_enabled(LOG_INFO));
    assert_true(log_enabled(LOG_ERROR));
    assert_false(log_enabled(LOG_OFF));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_level_names),
        cmocka_unit_test(test_default_policy),
        cmocka_unit_test(test_delays_double_and_cap_without_jitter),
        cmocka_unit_test(test_jitter_stays_within_20_percent),
        cmocka_unit_test(test_same_seed_same_delays),
        cmocka_unit_test(test_seed_zero_seeds_from_clock),
        cmocka_unit_test(test_huge_attempt_numbers_do_not_overflow),
        cmocka_unit_test(test_odd_policies),
        cmocka_unit_test(test_sleep),
        cmocka_unit_test(test_one_attempt_means_no_retry),
        cmocka_unit_test(test_retries_then_replica_listed),
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_transient_sqlstates),
        cmocka_unit_test(test_log_levels_and_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
