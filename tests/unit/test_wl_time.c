/* test_wl_time.c — log timestamps to epoch milliseconds, and the per-thread
 * cache of the last second read (which must not change any answer). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "workload/wl_time.h"

static long long parse(const char *s, size_t *used)
{
    return wl_parse_time(s, strlen(s), used);
}

static void formats(void **state)
{
    (void)state;
    size_t used;
    assert_int_equal(parse("2026-11-29 17:54:57.123 UTC", &used), 1795974897123LL);
    assert_int_equal(used, 27);
    assert_int_equal(parse("2026-11-29T17:54:57.123456Z", &used), 1795974897123LL);
    assert_int_equal(parse("261129 17:54:57", &used), 1795974897000LL);
    assert_int_equal(parse("261129  7:54:57", &used), 1795938897000LL);
    assert_int_equal(parse("1795974897.123", &used), 1795974897123LL);
    assert_int_equal(parse("2026-11-29 17:54:57+01", &used), 1795971297000LL);
    assert_int_equal(parse("2026-11-29 17:54:57 -05:30 rest", &used), 1795994697000LL);
    assert_int_equal(parse("1970-01-01 00:00:00 UTC", &used), 0);
    assert_int_equal(parse("2024-02-29 12:00:00", &used), 1709208000000LL);
}

static void rejects(void **state)
{
    (void)state;
    size_t used = 99;
    assert_int_equal(parse("garbage", &used), -1);
    assert_int_equal(used, 0);
    assert_int_equal(parse("2026-13-01 00:00:00", &used), -1);
    assert_int_equal(parse("2026-11-29 25:00:00", &used), -1);
    assert_int_equal(parse("2026-11-29", &used), -1);
    assert_int_equal(parse("", &used), -1);
}

/* The same second with other fractions and zones: the cached second must give
 * what a fresh parse gives. */
static void cache_keeps_answers(void **state)
{
    (void)state;
    size_t used;
    assert_int_equal(parse("2026-11-29 17:54:57.123 UTC", &used), 1795974897123LL);
    assert_int_equal(parse("2026-11-29 17:54:57.500+01", &used), 1795971297500LL);
    assert_int_equal(used, 26);
    assert_int_equal(parse("2026-11-29 17:54:57 UTC", &used), 1795974897000LL);
    assert_int_equal(parse("2026-11-29 17:54:57.9", &used), 1795974897900LL);
    assert_int_equal(parse("2026-11-29 17:54:58.000 UTC", &used), 1795974898000LL);
    assert_int_equal(parse("2026-11-29 17:54:57.001 UTC", &used), 1795974897001LL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats),
        cmocka_unit_test(rejects),
        cmocka_unit_test(cache_keeps_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
