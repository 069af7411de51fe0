/* sketch.h — a mergeable quantile sketch for latencies (log-bucketed, DDSketch-style).
 *
 * A value v > 0 goes to bucket ceil(log_gamma(v)) with gamma = (1+a)/(1-a),
 * a = WL_SKETCH_ALPHA; a quantile is answered with the bucket's midpoint
 * 2*gamma^i/(gamma+1), so every returned quantile is within a relative error of
 * a of the true value at that rank (values <= WL_SKETCH_MIN_MS are counted in a
 * zero bucket and answered as 0). Merging adds bucket counts, so merge(a, b)
 * answers exactly as if every value had gone into one sketch.
 *
 * Buckets cover only the range seen (grown on demand), so a shape whose latencies
 * span 0.05–5 ms costs a few hundred bytes. Memory is malloc'd: the digest keeps
 * sketches for the whole run and merges per-thread copies. */
#ifndef DBAGENT_WL_SKETCH_H
#define DBAGENT_WL_SKETCH_H

#include <stdint.h>

#define WL_SKETCH_ALPHA 0.01   /* 1 % relative error */
#define WL_SKETCH_MIN_MS 1e-6

typedef struct {
    uint32_t *counts;      /* counts[i] is bucket (lo + i) */
    int lo, n;             /* first bucket index, buckets held */
    uint64_t zero;         /* values <= WL_SKETCH_MIN_MS */
    uint64_t total;
    double min, max;       /* exact */
} wl_sketch_t;

void wl_sketch_init(wl_sketch_t *s);
void wl_sketch_free(wl_sketch_t *s);
void wl_sketch_add(wl_sketch_t *s, double ms, uint64_t count);
void wl_sketch_merge(wl_sketch_t *dst, const wl_sketch_t *src);
/* q in [0, 1]; 0 when empty. */
double wl_sketch_quantile(const wl_sketch_t *s, double q);
/* Bucket index and value bounds, for serialising and for histograms. */
int wl_sketch_bucket_of(double ms);
double wl_sketch_bucket_low(int i);
/* Adds count to bucket i directly (reading a serialised sketch back). */
void wl_sketch_add_bucket(wl_sketch_t *s, int i, uint64_t count);

#endif
