/* sketch.h — a mergeable quantile sketch for latencies (log-bucketed, DDSketch-style).
 *
 * Buckets. With gamma = (1+a)/(1-a), bucket i holds the values v with
 * wl_sketch_bucket_low(i) <= v < wl_sketch_bucket_low(i+1), where
 * wl_sketch_bucket_low(i) ~= gamma^i, so bucket i is about floor(log_gamma(v)).
 * a is WL_SKETCH_ALPHA less a guard of 1e-9, so that floating-point rounding can
 * never push an answer past WL_SKETCH_ALPHA. Values <= WL_SKETCH_MIN_MS (also
 * negatives and NaN) count in the zero bucket and are answered as 0 (clamped to
 * the exact minimum); +inf counts as DBL_MAX.
 *
 * Quantiles. Of n values, "the q-quantile" is the value of rank
 * r = ceil(q * n) in ascending order (1-based; q * n evaluated in double, r
 * clamped to [1, n]): q = 0 is the minimum, q = 1 the maximum, q = 0.5 of
 * {1, 2, 3, 4} is 2. wl_sketch_quantile answers the midpoint of the bucket that
 * holds rank r, 2*low*gamma/(gamma+1), clamped to the exact [min, max] (ranks
 * 1 and n answer the exact min and max); so the answer is within a relative
 * error of WL_SKETCH_ALPHA of the true value at that rank (for a value in the
 * zero bucket: 0, or min when min > 0).
 *
 * Merging adds bucket counts (and takes the smaller min, larger max), so
 * merge(a, b) answers exactly as one sketch fed every value of both.
 *
 * Buckets cover only the range seen, grown on demand with slack on the growing
 * side: latencies spanning 0.05–5 ms cost about 2 KB. Counts are uint64, since a
 * pre-aggregated source (pg_stat_statements) can put more than 2^32 calls in one
 * bucket. Memory is malloc'd (aborts when out of memory): the digest keeps
 * sketches for the whole run and merges per-thread copies. Not thread-safe per
 * sketch. */
#ifndef DBAGENT_WL_SKETCH_H
#define DBAGENT_WL_SKETCH_H

#include <limits.h>
#include <stdint.h>

#define WL_SKETCH_ALPHA 0.01   /* 1 % relative error */
#define WL_SKETCH_MIN_MS 1e-6
/* What wl_sketch_bucket_of answers for a value of the zero bucket; passing it to
 * wl_sketch_add_bucket adds to the zero bucket. */
#define WL_SKETCH_ZERO_BUCKET INT_MIN

typedef struct {
    uint64_t *counts;      /* counts[i] is bucket (lo + i) */
    int lo, n;             /* first bucket index, buckets held */
    uint64_t zero;         /* values <= WL_SKETCH_MIN_MS */
    uint64_t total;
    double min, max;       /* exact; 0 when empty */
} wl_sketch_t;

void wl_sketch_init(wl_sketch_t *s);
void wl_sketch_free(wl_sketch_t *s);
/* Adds count values equal to ms (count 0 adds nothing). */
void wl_sketch_add(wl_sketch_t *s, double ms, uint64_t count);
void wl_sketch_merge(wl_sketch_t *dst, const wl_sketch_t *src);
/* q in [0, 1] (clamped; NaN is 0); 0 when empty. */
double wl_sketch_quantile(const wl_sketch_t *s, double q);
/* Bucket index and value bounds, for serialising and for histograms:
 * bucket_of(v) == i exactly when bucket_low(i) <= v < bucket_low(i+1), for
 * v > WL_SKETCH_MIN_MS (WL_SKETCH_ZERO_BUCKET otherwise). */
int wl_sketch_bucket_of(double ms);
double wl_sketch_bucket_low(int i);
/* Adds count to bucket i directly (reading a serialised sketch back). i outside
 * the range finite doubles use is clamped to it. min and max widen to the
 * bucket's bounds; a reader that stored the exact min and max sets s->min and
 * s->max afterwards. */
void wl_sketch_add_bucket(wl_sketch_t *s, int i, uint64_t count);

#endif
