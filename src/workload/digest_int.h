/* digest_int.h — the digest's insides, shared by digest.c (counting),
 * digest_read.c (files and threads), digest_partial.c (partial files) and
 * digest_group.c (fingerprint groups and the model). Not for use elsewhere. */
#ifndef DBAGENT_WL_DIGEST_INT_H
#define DBAGENT_WL_DIGEST_INT_H

#include "workload/digest.h"
#include "workload/normalize.h"

enum {
    WL_NAMES_MAX = 8,        /* databases/users/applications kept per shape */
    WL_EXAMPLE_MAX = 65536,  /* bytes of an example statement kept */
    WL_LITS_MAX = 16,        /* literals compared per execution for N+1 */
    WL_LIT_MAX = 64,         /* bytes of one literal kept for N+1 */
    WL_SESSIONS = 4096,      /* sessions followed at once for N+1 */
};

typedef struct {
    long long hour_ms, count;
    double total_ms;
} wl_hour_agg_t;

typedef struct {
    long long bytes, skipped;
    long long skipped_lines[WL_SKIPPED_KEEP];
    int nskipped_lines;
    char *name, *format;
} wl_file_t;

typedef struct wl_shape {
    char *text;                  /* normalized */
    size_t len;
    uint64_t hash;
    wl_dialect_t dialect;
    long long calls, timed_calls;
    double total_ms, min_ms, max_ms;
    long long rows;              /* -1 unknown */
    wl_sketch_t sketch;
    char *example;               /* slowest (or first untimed) execution */
    double example_ms;
    long long example_line;
    int example_file;            /* index into files, -1 unknown */
    long long first_seen, last_seen;
    wl_hour_agg_t *hours; int nhours, hours_cap;
    int dbs[WL_NAMES_MAX], users[WL_NAMES_MAX], apps[WL_NAMES_MAX];
    int ndbs, nusers, napps;
    int id;                      /* position in the digest's shape list */
} wl_shape_t;

/* An N+1 pattern: parent shape (or none), child shape, varying literal. */
typedef struct {
    int parent, child;           /* shape ids, parent -1 for none */
    int literal;
    long long runs, executions, longest;
    double child_ms;
    char *first_value, *last_value, *session;
    int file; long long line;
} wl_np1_t;

/* A run: one session executing one shape again and again. */
typedef struct {
    char *session;
    int shape, prev_shape;       /* shape ids; -1 none (or unknown, at a part's start) */
    long long count, first_ts, last_ts, line;
    int file;
    double ms;
    int nlits;
    uint32_t varied;             /* bit i: literal i differed from the first execution */
    bool ends_inside;            /* a part's head run that ended before the part did */
    uint16_t first_len[WL_LITS_MAX], last_len[WL_LITS_MAX];
    char first[WL_LITS_MAX][WL_LIT_MAX];  /* the first execution's literals */
    char last[WL_LITS_MAX][WL_LIT_MAX];   /* the latest execution's */
} wl_run_t;

/* What one session is doing. */
typedef struct {
    uint64_t key;                /* hash of the session id; 0 = free slot */
    bool head;                   /* part mode: its run began at the part's start */
    wl_run_t run;                /* run.shape -1: nothing yet */
} wl_session_t;

struct wl_digest {
    wl_digest_opts_t opts;
    wl_shape_t **shapes; int nshapes, shapes_cap;
    int *table; size_t table_cap;           /* open addressing: shape id + 1, 0 empty */
    char **names; int nnames, names_cap;    /* interned databases/users/applications */
    int *name_table; size_t name_table_cap;
    int last_name[3];                       /* database, user, application seen last */
    wl_file_t *files; int nfiles, files_cap;
    wl_np1_t *np1; int nnp1, np1_cap;
    wl_session_t *sessions;                 /* WL_SESSIONS slots, allocated on first use */
    int *used_slots; int nused_slots;       /* slots in use, so finishing skips the rest */
    /* Part mode (a part of a file read by digest_read.c): a session's first run
     * and its last open run are kept as edges instead of being closed, so runs
     * that cross a cut are joined when the parts are merged in order. */
    bool part_mode;
    wl_run_t *heads; int nheads, heads_cap;
    wl_run_t *tails; int ntails, tails_cap;
    wl_norm_t norm;                         /* scratch */
    /* totals */
    long long queries;
    double total_ms;
    long long first_seen, last_seen;
    wl_hour_agg_t *hours; int nhours, hours_cap;
    wl_sketch_t sketch;
};

/* Finds or adds the shape with this normalized text. */
wl_shape_t *wl_shape_get(wl_digest_t *d, const char *text, size_t len, uint64_t hash,
                         wl_dialect_t dialect);
/* Interns a name; returns its id. */
int wl_name_id(wl_digest_t *d, const char *s, size_t len);
void wl_hours_add(wl_hour_agg_t **hours, int *n, int *cap, long long hour_ms, long long count,
                  double total_ms);
/* Adds a name id to a shape's list (bounded). */
void wl_names_add(int *ids, int *n, int id);
/* Records (or adds to) an N+1 pattern. */
wl_np1_t *wl_np1_get(wl_digest_t *d, int parent, int child, int literal);
/* A finished run: an N+1 when long enough with exactly one varying literal. */
void wl_run_record(wl_digest_t *d, const wl_run_t *r);
/* Joins the edges of src (a part, shapes mapped by shape_map) onto dst's open
 * runs from the part before. */
void wl_digest_stitch(wl_digest_t *dst, const wl_digest_t *src, const int *shape_map,
                      const int *file_map);
/* Ends the open runs carried between parts (the file is over). */
void wl_digest_close_tails(wl_digest_t *d);
char *wl_strndup(const char *s, size_t n);
void wl_set_example(wl_shape_t *sh, const char *sql, size_t len, double ms, long long line,
                    int file);

#endif
