/* workload.h — the digest of a workload (dbagent digest), as the report carries it.
 *
 * Built by task/digest.c from workload/ aggregates; read by the renderers. Queries
 * are sorted by total_ms descending (ties: calls, then fingerprint). Times are
 * milliseconds; timestamps Unix epoch milliseconds UTC (0 unknown). All memory
 * lives in the request's arena. */
#ifndef DBAGENT_MODEL_WORKLOAD_H
#define DBAGENT_MODEL_WORKLOAD_H

#include <stdbool.h>

typedef struct {
    long long hour_ms;     /* start of the hour */
    long long count;
    double total_ms;
} wl_hour_t;

typedef struct {
    double low_ms, high_ms; /* bucket bounds */
    long long count;
} wl_bucket_t;

typedef struct {
    const char *fingerprint;   /* libpg_query fingerprint, 16 hex digits */
    const char *query;         /* normalized text ($1 placeholders) */
    const char *example;       /* the slowest execution, real values */
    double example_ms;
    long long example_line;    /* where it was logged */
    const char *example_file;
    long long calls;
    double total_ms, mean_ms, min_ms, max_ms, p50_ms, p95_ms, p99_ms;
    double share;              /* of the workload's total_ms, 0..1 */
    long long rows;            /* < 0 when no source gave rows */
    const char **databases; int ndatabases;
    const char **users; int nusers;
    const char **applications; int napplications;
    long long first_seen, last_seen;
    wl_hour_t *hours; int nhours;  /* per-hour counts, ascending */
    bool timed;                /* false when no source gave a duration */
} wl_query_t;

typedef struct {
    long long queries;         /* statements read (calls summed) */
    long long distinct;        /* distinct fingerprints */
    double total_ms;
    long long first_seen, last_seen;
    long long busiest_hour, busiest_hour_count;
    long long skipped;         /* malformed lines */
    long long skipped_lines[5]; int nskipped_lines;
    const char **skipped_files; /* file of each skipped line */
    const char **files; int nfiles;
    const char **formats;      /* per file */
    long long bytes;           /* input bytes (uncompressed) */
    wl_hour_t *hours; int nhours;        /* whole workload per hour */
    wl_bucket_t *latency; int nlatency;  /* whole workload latency histogram */
    double p50_ms, p95_ms, p99_ms;
} wl_summary_t;

typedef struct {
    wl_summary_t summary;
    wl_query_t *queries; int nqueries;
    int sketch_error_pct;      /* documented quantile error bound, percent */
} workload_t;

#endif
