/* test_sketch.c — the quantile sketch (workload/sketch.h) against a sorted
 * reference.
 *
 * The reference answers the q-quantile with the rule sketch.h defines (rank
 * ceil(q*n) in double, clamped to [1, n], 1-based in ascending order); every
 * sketch answer must lie within WL_SKETCH_ALPHA of it, relative, for data of
 * every shape the digest meets: uniform, lognormal, heavy-tailed (Pareto), all
 * equal, many zeros, one value, and values sitting exactly on bucket edges.
 * Merging and serialising through bucket indices must not change a single
 * answer. Random data comes from fixed seeds, so a failure reproduces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workload/sketch.h"

/* ---- helpers ---------------------------------------------------------------- */

static const double quantiles[] = {0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1};
#define NQUANTILES (sizeof(quantiles) / sizeof(quantiles[0]))

static uint64_t rng_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

/* Uniform in (0, 1). */
static double rng_unit(uint64_t *state)
{
    return ((double)(rng_next(state) >> 11) + 0.5) / 9007199254740992.0;
}

static double rng_normal(uint64_t *state)
{
    double u = rng_unit(state), v = rng_unit(state);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The reference: sketch.h's rank rule over a sorted copy. */
static double reference_quantile(const double *sorted, size_t n, double q)
{
    double r = ceil(q * (double)n);
    size_t rank = !(r >= 1) ? 1 : r >= (double)n ? n : (size_t)r;
    return sorted[rank - 1];
}

static void assert_within_alpha(double got, double want, const char *what, double q)
{
    double err = want == 0 ? fabs(got) : fabs(got - want) / want;
    if (!(err <= WL_SKETCH_ALPHA)) {
        fail_msg("%s q=%g: sketch %.17g, true %.17g, relative error %.6g > %g", what, q, got,
                 want, err, WL_SKETCH_ALPHA);
    }
}

/* Feeds values into a sketch and checks every quantile against the reference. */
static void check_against_reference(const char *what, double *values, size_t n)
{
    wl_sketch_t s;
    wl_sketch_init(&s);
    for (size_t i = 0; i < n; i++)
        wl_sketch_add(&s, values[i], 1);
    qsort(values, n, sizeof(*values), cmp_double);
    assert_true(s.total == n);
    assert_true(s.min == values[0]);
    assert_true(s.max == values[n - 1]);
    for (size_t k = 0; k < NQUANTILES; k++)
        assert_within_alpha(wl_sketch_quantile(&s, quantiles[k]),
                            reference_quantile(values, n, quantiles[k]), what, quantiles[k]);
    /* and on a fine grid, to catch an off-by-one in the rank walk */
    for (int k = 0; k <= 1000; k++) {
        double q = k / 1000.0;
        assert_within_alpha(wl_sketch_quantile(&s, q), reference_quantile(values, n, q), what, q);
    }
    wl_sketch_free(&s);
}

typedef double (*gen_fn)(uint64_t *state);

static double gen_uniform(uint64_t *st) { return 0.01 + rng_unit(st) * 1000.0; }
static double gen_lognormal(uint64_t *st) { return exp(0.5 + 2.0 * rng_normal(st)); }
/* Pareto with shape 1.1: a few values are 10^4–10^6 times the typical one. */
static double gen_pareto(uint64_t *st) { return 0.2 / pow(rng_unit(st), 1.0 / 1.1); }
static double gen_equal(uint64_t *st) { (void)st; return 3.7; }
/* 40 % exact zeros, the rest spread over 12 decades. */
static double gen_zeros(uint64_t *st)
{
    return rng_unit(st) < 0.4 ? 0.0 : pow(10.0, -5.0 + 12.0 * rng_unit(st));
}

static void check_distribution(const char *what, gen_fn gen)
{
    static const size_t sizes[] = {1, 2, 3, 7, 100, 1001, 50000};
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        for (uint64_t seed = 1; seed <= 3; seed++) {
            uint64_t st = 0x9E3779B97F4A7C15u * seed;
            double *v = malloc(sizes[k] * sizeof(*v));
            for (size_t i = 0; i < sizes[k]; i++)
                v[i] = gen(&st);
            check_against_reference(what, v, sizes[k]);
            free(v);
        }
    }
}

/* ---- accuracy --------------------------------------------------------------- */

static void test_uniform(void **state)
{
    (void)state;
    check_distribution("uniform", gen_uniform);
}

static void test_lognormal(void **state)
{
    (void)state;
    check_distribution("lognormal", gen_lognormal);
}

static void test_heavy_tailed(void **state)
{
    (void)state;
    check_distribution("pareto", gen_pareto);
}

static void test_all_equal(void **state)
{
    (void)state;
    check_distribution("equal", gen_equal);
}

static void test_zeros(void **state)
{
    (void)state;
    check_distribution("zeros", gen_zeros);
}

static void test_one_value(void **state)
{
    (void)state;
    static const double values[] = {0, 1e-6, 1e-5, 0.37, 1, 12345.678, 1e300, DBL_MAX};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        wl_sketch_t s;
        wl_sketch_init(&s);
        wl_sketch_add(&s, values[i], 1);
        for (size_t k = 0; k < NQUANTILES; k++)
            assert_true(wl_sketch_quantile(&s, quantiles[k]) == values[i]);
        wl_sketch_free(&s);
    }
}

static void test_rank_rule(void **state)
{
    (void)state;
    /* {1, 2, 3, 4}: q = 0.5 is rank 2 (the value 2), q = 0.51 rank 3, q = 0.25 rank 1 */
    wl_sketch_t s;
    wl_sketch_init(&s);
    for (int v = 1; v <= 4; v++)
        wl_sketch_add(&s, v, 1);
    assert_within_alpha(wl_sketch_quantile(&s, 0.5), 2, "rank", 0.5);
    assert_within_alpha(wl_sketch_quantile(&s, 0.51), 3, "rank", 0.51);
    assert_true(wl_sketch_quantile(&s, 0.25) == 1);
    assert_true(wl_sketch_quantile(&s, 0.76) == 4);
    assert_true(wl_sketch_quantile(&s, -1) == 1);   /* clamped */
    assert_true(wl_sketch_quantile(&s, 7) == 4);
    assert_true(wl_sketch_quantile(&s, NAN) == 1);
    wl_sketch_free(&s);
}

/* Values exactly on a bucket's lower edge and just under its upper edge are the
 * worst case of the midpoint answer: still within alpha. */
static void test_bucket_edges_within_alpha(void **state)
{
    (void)state;
    for (int i = -690; i <= 35400; i += 7) {
        double edges[2] = {wl_sketch_bucket_low(i), nextafter(wl_sketch_bucket_low(i + 1), 0)};
        for (int e = 0; e < 2; e++) {
            wl_sketch_t s;
            wl_sketch_init(&s);
            wl_sketch_add(&s, 0, 1);
            wl_sketch_add(&s, edges[e], 1);
            wl_sketch_add(&s, DBL_MAX, 1);
            assert_within_alpha(wl_sketch_quantile(&s, 0.5), edges[e], "edge", 0.5);
            wl_sketch_free(&s);
        }
    }
}

static void test_empty_and_odd_inputs(void **state)
{
    (void)state;
    wl_sketch_t s;
    wl_sketch_init(&s);
    assert_true(wl_sketch_quantile(&s, 0.5) == 0);
    wl_sketch_add(&s, 5, 0); /* count 0 adds nothing */
    assert_true(s.total == 0);
    assert_true(wl_sketch_quantile(&s, 0.99) == 0);
    wl_sketch_add(&s, -3, 1);   /* a negative latency counts as 0 */
    wl_sketch_add(&s, NAN, 1);  /* so does NaN */
    wl_sketch_add(&s, 5e-7, 1); /* below WL_SKETCH_MIN_MS: zero bucket */
    assert_true(s.zero == 3);
    assert_true(s.min == 0);
    assert_true(wl_sketch_quantile(&s, 0.5) == 0);
    wl_sketch_add(&s, INFINITY, 1);
    assert_true(s.max == DBL_MAX);
    assert_true(wl_sketch_quantile(&s, 1) == DBL_MAX);
    assert_true(wl_sketch_quantile(&s, 0.75) == 0);
    wl_sketch_free(&s);
    assert_null(s.counts);
}

/* ---- merge -------------------------------------------------------------------- */

static void assert_same_answers(const wl_sketch_t *a, const wl_sketch_t *b)
{
    assert_true(a->total == b->total);
    for (int k = 0; k <= 10000; k++) {
        double q = k / 10000.0;
        double x = wl_sketch_quantile(a, q), y = wl_sketch_quantile(b, q);
        if (x != y)
            fail_msg("q=%g: %.17g != %.17g", q, x, y);
    }
}

static void test_merge_equals_one_sketch(void **state)
{
    (void)state;
    static const gen_fn gens[] = {gen_uniform, gen_lognormal, gen_pareto, gen_zeros};
    for (size_t g = 0; g < sizeof(gens) / sizeof(gens[0]); g++) {
        uint64_t st = 42 + g;
        wl_sketch_t a, b, both, empty;
        wl_sketch_init(&a);
        wl_sketch_init(&b);
        wl_sketch_init(&both);
        wl_sketch_init(&empty);
        for (int i = 0; i < 20000; i++) {
            /* b takes the larger values of a second distribution: different ranges */
            double v = i % 3 == 0 ? gens[g](&st) * 1000 : gens[g](&st);
            wl_sketch_add(i % 3 == 0 ? &b : &a, v, 1 + (uint64_t)(i % 5));
            wl_sketch_add(&both, v, 1 + (uint64_t)(i % 5));
        }
        wl_sketch_merge(&a, &empty); /* merging nothing changes nothing */
        wl_sketch_merge(&empty, &b); /* into an empty sketch: a copy */
        assert_same_answers(&empty, &b);
        wl_sketch_merge(&a, &b);
        assert_same_answers(&a, &both);
        assert_true(a.min == both.min && a.max == both.max && a.zero == both.zero);
        wl_sketch_free(&a);
        wl_sketch_free(&b);
        wl_sketch_free(&both);
        wl_sketch_free(&empty);
    }
}

/* ---- large counts --------------------------------------------------------------- */

static void test_counts_beyond_2_pow_32(void **state)
{
    (void)state;
    wl_sketch_t s;
    wl_sketch_init(&s);
    uint64_t big = 3000000000u;
    wl_sketch_add(&s, 5.0, big);
    wl_sketch_add(&s, 5.0, big); /* 6e9 in one bucket */
    wl_sketch_add(&s, 100.0, 1);
    assert_true(s.total == 2 * big + 1);
    assert_true(s.counts[wl_sketch_bucket_of(5.0) - s.lo] == 2 * big);
    assert_within_alpha(wl_sketch_quantile(&s, 0.5), 5.0, "big", 0.5);
    assert_within_alpha(wl_sketch_quantile(&s, 0.999999), 5.0, "big", 0.999999);
    assert_true(wl_sketch_quantile(&s, 1) == 100.0);

    /* ranks past 2^32 split exactly: 2^33 ones then 2^33 twos */
    wl_sketch_t t;
    wl_sketch_init(&t);
    uint64_t half = (uint64_t)1 << 33;
    wl_sketch_add(&t, 1.0, half);
    wl_sketch_add(&t, 2.0, half);
    assert_within_alpha(wl_sketch_quantile(&t, 0.5), 1.0, "2^33", 0.5);
    assert_within_alpha(wl_sketch_quantile(&t, 0.5000001), 2.0, "2^33", 0.5000001);
    wl_sketch_merge(&s, &t);
    assert_true(s.total == 2 * big + 1 + 2 * half);
    /* 2^33 ones, 2^33 twos, 6e9 fives, one 100 */
    assert_true(s.counts[wl_sketch_bucket_of(1.0) - s.lo] == half);
    assert_within_alpha(wl_sketch_quantile(&s, 0.3), 1.0, "merged big", 0.3);
    assert_within_alpha(wl_sketch_quantile(&s, 0.7), 2.0, "merged big", 0.7);
    assert_within_alpha(wl_sketch_quantile(&s, 0.9), 5.0, "merged big", 0.9);
    wl_sketch_free(&s);
    wl_sketch_free(&t);
}

/* ---- buckets and serialising ---------------------------------------------------- */

static void test_bucket_of_and_low_agree(void **state)
{
    (void)state;
    int lowest = wl_sketch_bucket_of(nextafter(WL_SKETCH_MIN_MS, 1));
    int highest = wl_sketch_bucket_of(DBL_MAX);
    assert_true(lowest < -600 && highest > 35000);
    for (int i = lowest + 1; i < highest; i++) {
        double low = wl_sketch_bucket_low(i), next = wl_sketch_bucket_low(i + 1);
        assert_true(low < next);
        if (wl_sketch_bucket_of(low) != i || wl_sketch_bucket_of(nextafter(next, 0)) != i)
            fail_msg("bucket %d: low %.17g -> %d, below next -> %d", i, low,
                     wl_sketch_bucket_of(low), wl_sketch_bucket_of(nextafter(next, 0)));
        assert_true(wl_sketch_bucket_of(nextafter(low, 0)) == i - 1);
    }
    uint64_t st = 7;
    for (int k = 0; k < 200000; k++) {
        double v = pow(10.0, -5.9 + 14.0 * rng_unit(&st));
        int i = wl_sketch_bucket_of(v);
        assert_true(wl_sketch_bucket_low(i) <= v && v < wl_sketch_bucket_low(i + 1));
    }
    assert_int_equal(wl_sketch_bucket_of(0), WL_SKETCH_ZERO_BUCKET);
    assert_int_equal(wl_sketch_bucket_of(WL_SKETCH_MIN_MS), WL_SKETCH_ZERO_BUCKET);
    assert_int_equal(wl_sketch_bucket_of(-1), WL_SKETCH_ZERO_BUCKET);
}

/* What a serialiser does: (index, count) for the non-empty buckets, the zero
 * bucket as WL_SKETCH_ZERO_BUCKET, then the exact min and max. */
static void round_trip(const wl_sketch_t *src, wl_sketch_t *dst, bool with_min_max)
{
    wl_sketch_init(dst);
    if (src->zero)
        wl_sketch_add_bucket(dst, WL_SKETCH_ZERO_BUCKET, src->zero);
    for (int k = src->n - 1; k >= 0; k--) /* any order */
        if (src->counts[k])
            wl_sketch_add_bucket(dst, src->lo + k, src->counts[k]);
    if (with_min_max) {
        dst->min = src->min;
        dst->max = src->max;
    }
}

static void test_serialise_round_trip(void **state)
{
    (void)state;
    uint64_t st = 99;
    wl_sketch_t s, back, loose;
    wl_sketch_init(&s);
    size_t n = 30000;
    double *v = malloc(n * sizeof(*v));
    for (size_t i = 0; i < n; i++) {
        v[i] = gen_zeros(&st);
        wl_sketch_add(&s, v[i], 1);
    }
    round_trip(&s, &back, true);
    assert_same_answers(&s, &back);
    assert_true(back.zero == s.zero);

    /* without the exact min and max, answers still hold within alpha */
    round_trip(&s, &loose, false);
    assert_true(loose.min <= s.min && loose.max >= s.max);
    qsort(v, n, sizeof(*v), cmp_double);
    for (size_t k = 1; k + 1 < NQUANTILES; k++)
        assert_within_alpha(wl_sketch_quantile(&loose, quantiles[k]),
                            reference_quantile(v, n, quantiles[k]), "loose", quantiles[k]);
    free(v);
    wl_sketch_free(&s);
    wl_sketch_free(&back);
    wl_sketch_free(&loose);
}

static void test_add_bucket_clamps_wild_indices(void **state)
{
    (void)state;
    wl_sketch_t s;
    wl_sketch_init(&s);
    wl_sketch_add_bucket(&s, INT_MAX, 1);
    wl_sketch_add_bucket(&s, INT_MIN + 1, 1);
    wl_sketch_add_bucket(&s, 5, 0);
    assert_true(s.total == 2);
    assert_true(s.n < 40000); /* bounded by the range of finite doubles */
    assert_true(wl_sketch_quantile(&s, 1) <= DBL_MAX);
    assert_true(wl_sketch_quantile(&s, 0) > 0);
    wl_sketch_free(&s);
}

/* Bucket growth keeps memory near the range seen. */
static void test_memory_follows_range(void **state)
{
    (void)state;
    wl_sketch_t s;
    wl_sketch_init(&s);
    uint64_t st = 5;
    for (int i = 0; i < 100000; i++)
        wl_sketch_add(&s, 0.05 + rng_unit(&st) * 4.95, 1);
    /* 0.05–5 ms is ln(100)/ln(gamma) = 231 buckets */
    assert_true(s.n >= 231 && s.n <= 2 * 231 + 32);
    wl_sketch_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_lognormal),
        cmocka_unit_test(test_heavy_tailed),
        cmocka_unit_test(test_all_equal),
        cmocka_unit_test(test_zeros),
        cmocka_unit_test(test_one_value),
        cmocka_unit_test(test_rank_rule),
        cmocka_unit_test(test_bucket_edges_within_alpha),
        cmocka_unit_test(test_empty_and_odd_inputs),
        cmocka_unit_test(test_merge_equals_one_sketch),
        cmocka_unit_test(test_counts_beyond_2_pow_32),
        cmocka_unit_test(test_bucket_of_and_low_agree),
        cmocka_unit_test(test_serialise_round_trip),
        cmocka_unit_test(test_add_bucket_clamps_wild_indices),
        cmocka_unit_test(test_memory_follows_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
