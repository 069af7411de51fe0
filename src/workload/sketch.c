/* sketch.c — the log-bucketed quantile sketch of sketch.h.
 *
 * Invariants: total = zero + the sum of counts[]; min <= max when total > 0
 * (both 0 when empty); counts[] covers buckets [lo, lo + n), within
 * [lowest_bucket(), highest_bucket()], so a corrupt serialised index cannot
 * make it allocate gigabytes. bucket_of and bucket_low agree exactly (see
 * bucket_of), which is what makes the error bound hold at bucket edges and
 * lets a serialised index mean the same bucket when read back. */
#include "workload/sketch.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

/* The bucket width uses an alpha a hair under WL_SKETCH_ALPHA, so the few ulps
 * of rounding in log/exp can never make an answer exceed WL_SKETCH_ALPHA. */
#define GUARDED_ALPHA (WL_SKETCH_ALPHA - 1e-9)
#define GAMMA ((1.0 + GUARDED_ALPHA) / (1.0 - GUARDED_ALPHA))
/* Near an integer by less than this, log_gamma(v) is re-checked against the
 * bucket bounds (the rounding error of log(v)/log(gamma) is below 1e-11). */
#define EDGE_TOLERANCE 1e-7
/* Buckets added beyond the one needed when the array grows. */
#define GROW_SLACK 16

/* A constant expression: the compiler folds it. */
static inline double log_gamma(void)
{
    return log(GAMMA);
}

double wl_sketch_bucket_low(int i)
{
    return exp((double)i * log_gamma());
}

/* floor(log_gamma(v)), corrected near bucket edges so that
 * bucket_low(i) <= v < bucket_low(i + 1) holds for the bounds as computed. */
int wl_sketch_bucket_of(double ms)
{
    if (!(ms > WL_SKETCH_MIN_MS))
        return WL_SKETCH_ZERO_BUCKET;
    if (ms > DBL_MAX)
        ms = DBL_MAX;
    double x = log(ms) / log_gamma();
    double f = floor(x);
    int i = (int)f;
    if (x - f < EDGE_TOLERANCE || x - f > 1.0 - EDGE_TOLERANCE) {
        if (ms < wl_sketch_bucket_low(i))
            i--;
        else if (ms >= wl_sketch_bucket_low(i + 1))
            i++;
    }
    return i;
}

/* The bucket of the smallest value above the zero bucket, and of DBL_MAX. */
static int lowest_bucket(void)
{
    return wl_sketch_bucket_of(nextafter(WL_SKETCH_MIN_MS, INFINITY));
}

static int highest_bucket(void)
{
    return wl_sketch_bucket_of(DBL_MAX);
}

/* The answer for bucket i: the point whose relative distance to both edges is
 * (gamma-1)/(gamma+1) = GUARDED_ALPHA. */
static double bucket_mid(int i)
{
    return wl_sketch_bucket_low(i) * (2.0 * GAMMA / (GAMMA + 1.0));
}

void wl_sketch_init(wl_sketch_t *s)
{
    memset(s, 0, sizeof(*s));
}

void wl_sketch_free(wl_sketch_t *s)
{
    free(s->counts);
    wl_sketch_init(s);
}

/* Grows counts[] to cover bucket i (and the range already held), with slack
 * on the growing side so that a drifting range reallocates rarely. */
static void cover(wl_sketch_t *s, int i)
{
    if (s->n > 0 && i >= s->lo && i < s->lo + s->n)
        return;
    int slack = GROW_SLACK > s->n / 2 ? GROW_SLACK : s->n / 2;
    int new_lo, new_hi; /* [new_lo, new_hi) */
    if (s->n == 0) {
        new_lo = i - slack;
        new_hi = i + slack;
    } else if (i < s->lo) {
        new_lo = i - slack;
        new_hi = s->lo + s->n;
    } else {
        new_lo = s->lo;
        new_hi = i + 1 + slack;
    }
    int floor_i = lowest_bucket(), ceil_i = highest_bucket() + 1;
    new_lo = new_lo < floor_i ? floor_i : new_lo;
    new_hi = new_hi > ceil_i ? ceil_i : new_hi;
    size_t new_n = (size_t)(new_hi - new_lo);
    uint64_t *counts = calloc(new_n, sizeof(*counts));
    if (!counts) {
        fputs("dbagent: out of memory\n", stderr);
        abort();
    }
    if (s->n > 0)
        memcpy(counts + (s->lo - new_lo), s->counts, (size_t)s->n * sizeof(*counts));
    free(s->counts);
    s->counts = counts;
    s->lo = new_lo;
    s->n = (int)new_n;
}

static void widen(wl_sketch_t *s, double low, double high)
{
    if (s->total == 0) {
        s->min = low;
        s->max = high;
        return;
    }
    if (low < s->min)
        s->min = low;
    if (high > s->max)
        s->max = high;
}

static void count_in(wl_sketch_t *s, int i, uint64_t count)
{
    if (i == WL_SKETCH_ZERO_BUCKET) {
        s->zero += count;
    } else {
        cover(s, i);
        s->counts[i - s->lo] += count;
    }
    s->total += count;
}

void wl_sketch_add(wl_sketch_t *s, double ms, uint64_t count)
{
    if (count == 0)
        return;
    if (!(ms >= 0)) /* negative or NaN: a latency cannot be */
        ms = 0;
    if (ms > DBL_MAX)
        ms = DBL_MAX;
    widen(s, ms, ms);
    count_in(s, wl_sketch_bucket_of(ms), count);
}

void wl_sketch_add_bucket(wl_sketch_t *s, int i, uint64_t count)
{
    if (count == 0)
        return;
    if (i == WL_SKETCH_ZERO_BUCKET) {
        widen(s, 0, WL_SKETCH_MIN_MS);
    } else {
        int floor_i = lowest_bucket(), ceil_i = highest_bucket();
        i = i < floor_i ? floor_i : i > ceil_i ? ceil_i : i;
        double high = wl_sketch_bucket_low(i + 1);
        widen(s, wl_sketch_bucket_low(i), high > DBL_MAX ? DBL_MAX : high);
    }
    count_in(s, i, count);
}

void wl_sketch_merge(wl_sketch_t *dst, const wl_sketch_t *src)
{
    if (src->total == 0)
        return;
    widen(dst, src->min, src->max);
    if (src->n > 0) {
        cover(dst, src->lo);
        cover(dst, src->lo + src->n - 1);
        for (int k = 0; k < src->n; k++)
            dst->counts[src->lo + k - dst->lo] += src->counts[k];
    }
    dst->zero += src->zero;
    dst->total += src->total;
}

/* The rank sketch.h defines: ceil(q * n) in double, clamped to [1, n]. */
static uint64_t quantile_rank(double q, uint64_t n)
{
    double r = ceil(q * (double)n);
    if (!(r >= 1))
        return 1;
    if (r >= (double)n)
        return n;
    return (uint64_t)r;
}

static double clamp_to_seen(const wl_sketch_t *s, double v)
{
    return v < s->min ? s->min : v > s->max ? s->max : v;
}

double wl_sketch_quantile(const wl_sketch_t *s, double q)
{
    if (s->total == 0)
        return 0;
    uint64_t rank = quantile_rank(q, s->total);
    if (rank == 1)
        return s->min; /* exact, not a bucket's midpoint */
    if (rank == s->total)
        return s->max;
    uint64_t seen = s->zero;
    if (rank <= seen)
        return clamp_to_seen(s, 0);
    for (int k = 0; k < s->n; k++) {
        seen += s->counts[k];
        if (rank <= seen)
            return clamp_to_seen(s, bucket_mid(s->lo + k));
    }
    return s->max; /* counts summed past 2^64: cannot happen with real inputs */
}
