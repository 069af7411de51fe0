/* digest.h — a workload digest: statements from logs grouped by shape, with
 * per-shape statistics, N+1 runs per session, and whole-workload totals.
 *
 * The digest is fed entries (reader.h) one at a time. Each is normalized
 * (normalize.h) and counted under its normalized text; memory grows with the
 * number of distinct shapes and names, not with the input. Two digests merge
 * exactly (per-thread digests for --jobs, partial files for fleets), and a
 * digest can be written to and read back from a partial file.
 *
 * Grouping by libpg_query fingerprint happens last (wl_digest_group): the
 * caller's fingerprint function runs once per distinct normalized text, and
 * shapes with the same fingerprint are merged into one group.
 *
 * Not thread-safe: one digest per thread, merged at the end. */
#ifndef DBAGENT_WL_DIGEST_H
#define DBAGENT_WL_DIGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/workload.h"
#include "workload/entry.h"
#include "workload/reader.h"
#include "workload/sketch.h"

typedef struct {
    int n_plus_one_min;          /* repetitions in one session that make an N+1 (10) */
    double n_plus_one_gap_ms;    /* largest pause between two repetitions (1000) */
} wl_digest_opts_t;

void wl_digest_opts_default(wl_digest_opts_t *o);

typedef struct wl_digest wl_digest_t;

wl_digest_t *wl_digest_new(const wl_digest_opts_t *o);
void wl_digest_free(wl_digest_t *d);

/* Registers an input file (its name and format); returns its index for
 * wl_digest_add and wl_digest_note_skipped. */
int wl_digest_add_file(wl_digest_t *d, const char *name, const char *format);
/* Counts one entry read from file `file`. */
void wl_digest_add(wl_digest_t *d, const wl_entry_t *e, int file);
/* Closes every open N+1 run (end of input). */
void wl_digest_finish(wl_digest_t *d);
/* Adds a file's skipped lines and its bytes read. */
void wl_digest_note_file(wl_digest_t *d, int file, long long bytes, long long skipped,
                         const long long *lines, int nlines);

/* Adds everything src counted into dst (src is left unchanged). Files with
 * the same name are the same file (chunks read by different threads). */
void wl_digest_merge(wl_digest_t *dst, const wl_digest_t *src);

/* Reads files into d: each file's format is detected (fmt == WL_FMT_AUTO) or
 * given; prefix is the log_line_prefix (NULL to detect). jobs > 1 reads parts of
 * large plain files and several files in parallel. progress: draw a bar on
 * stderr when progress_should_show() says so. */
int wl_digest_read(wl_digest_t *d, const char *const *paths, int npaths, wl_format_t fmt,
                   const char *prefix, int jobs, bool progress, err_t *err) MUST_CHECK;

/* Partial digests (--emit-partial / --merge): a versioned JSON document. */
int wl_digest_write_partial(const wl_digest_t *d, const char *path, err_t *err) MUST_CHECK;
int wl_digest_read_partial(wl_digest_t *d, const char *path, err_t *err) MUST_CHECK;

/* ---- results ------------------------------------------------------------- */

/* The libpg_query fingerprint of a shape: example is one real execution (raw
 * text), normalized its normalized text. Returns 16 hex digits in a, or NULL when
 * the text does not parse (the group then gets a fingerprint of its own). */
typedef const char *(*wl_fingerprint_fn)(void *ctx, arena_t *a, const char *example,
                                         const char *normalized, wl_dialect_t dialect);

/* An N+1 run kind found in sessions, by group (after wl_digest_group). */
typedef struct {
    int parent;                  /* index into workload->queries, -1 when none */
    int child;                   /* index into workload->queries */
    int literal;                 /* 0-based index of the varying literal */
    const char *parent_example;  /* raw text of the parent, NULL when none */
    const char *child_example;   /* raw text of one child execution */
    const char *first_value, *last_value; /* of the varying literal, one run */
    long long runs;              /* how many runs */
    long long executions;        /* children executed in those runs */
    long long longest;           /* longest run */
    double child_ms;             /* time spent in the children of those runs */
    const char *session;         /* a session where it happened */
    const char *file; long long line; /* the first child of that run */
} wl_n_plus_one_t;

typedef struct {
    workload_t *workload;
    wl_n_plus_one_t *n_plus_one; int nn_plus_one;
    wl_dialect_t *dialects;      /* per query */
} wl_result_t;

/* Groups shapes by fingerprint and builds the model in a: queries sorted by total
 * time, summary, histograms, N+1 runs. */
void wl_digest_group(wl_digest_t *d, arena_t *a, wl_fingerprint_fn fp, void *ctx,
                     wl_result_t *out);

#endif
