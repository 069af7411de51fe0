/* report.h — the report of the contract (DESIGN.md §2), and findings.
 *
 * Built by a task, read by the renderers. Every list is kept in a stable order:
 * findings by severity, then statement, line, column, rule; indexes by table and
 * name. All memory lives in the request's arena. */
#ifndef DBAGENT_REPORT_H
#define DBAGENT_REPORT_H

#include <stdbool.h>

#include "base/arena.h"
#include "model/migration.h"
#include "model/query.h"
#include "model/workload.h"

typedef enum { SEV_INFO = 0, SEV_WARNING = 1, SEV_CRITICAL = 2 } severity_t;

const char *severity_name(severity_t s);
/* Parses "info" | "warning" | "critical"; -1 when unknown. */
int severity_parse(const char *name);

typedef struct {
    const char *key, *value;
    bool is_number;       /* render value unquoted */
} evidence_t;

typedef struct {
    const char *rule;
    severity_t severity;
    const char *message;
    qm_loc_t loc;
    evidence_t *evidence; int nevidence, evidence_cap;
    const char *fix;
    int rank;             /* estimated impact for ordering bottlenecks; higher first */
    bool pinned;          /* listed before every other finding (slow-node) */
} finding_t;

typedef struct {
    const char *name;
    const char *table;
    const char **columns; int ncolumns; /* "user_id", "created_at DESC", "lower(email)" */
    const char *type;     /* btree, gin, … */
    const char **include; int ninclude;
    const char *where;    /* partial predicate or NULL */
    const char *ddl;
    const char *reason;
    double cost_before, cost_after; /* < 0 when unknown */
    long long size_bytes;           /* < 0 when unknown */
    const char *validated_by;       /* "hypopg" or "model" */
    const char *prerequisite;       /* e.g. CREATE EXTENSION IF NOT EXISTS pg_trgm; */
    int statements[16]; int nstatements; /* which statements it serves (1-based) */
    /* digest: the shapes (fingerprints) it speeds up and their share of total time */
    const char **serves; int nserves;
    double time_share;                  /* < 0 when not a digest */
    double benefit_ms;                  /* digest: estimated time saved, < 0 unknown */
} index_advice_t;

typedef struct {
    const char *pattern, *key;
    int ttl_seconds;
    const char **invalidate_on; int ninvalidate;
    const char *stampede_protection;
    const char *notes;
} cache_strategy_t;

/* The design task's database choice (agent definition: selection matrix). */
typedef struct {
    const char *recommended;
    const char **alternatives; int nalternatives;
    const char **reasons; int nreasons;
    const char *note;
} database_choice_t;

typedef struct {
    const char *task_type, *database_type, *query_hash, *source, *version;
    const char *target;   /* live: the redacted server description, else NULL */
    int whatif_calls;     /* live: EXPLAINs run with hypothetical indexes */
    bool stale;
    double elapsed_ms;
    int statements;
} report_meta_t;

typedef struct {
    arena_t *arena;
    const char *query_plan;
    const char **bottlenecks; int nbottlenecks, bottlenecks_cap;
    const char **recommendations; int nrecommendations, recommendations_cap;
    const char *optimized_query;
    index_advice_t **indexes; int nindexes, indexes_cap;
    cache_strategy_t *cache_strategy; /* NULL renders as null */
    finding_t **findings; int nfindings, findings_cap;
    const char **assumptions; int nassumptions, assumptions_cap;
    database_choice_t *database_choice; /* design only; NULL renders nothing */
    const migration_t *migration;       /* migrate only: per-statement locks */
    const workload_t *workload;         /* digest only */
    report_meta_t meta;
} report_t;

report_t *report_new(arena_t *a);
finding_t *report_add_finding(report_t *r, const char *rule, severity_t sev, qm_loc_t loc,
                              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void finding_evidence(finding_t *f, arena_t *a, const char *key, const char *value);
void finding_evidence_num(finding_t *f, arena_t *a, const char *key, double value);
void report_add_bottleneck(report_t *r, const char *text);
void report_add_recommendation(report_t *r, const char *text);
void report_add_assumption(report_t *r, const char *text);
void report_add_index(report_t *r, index_advice_t *ix);
/* Sorts findings and indexes into their stable order. */
void report_sort(report_t *r);
/* Highest severity among findings, -1 when there are none. */
int report_max_severity(const report_t *r);
bool report_has_rule(const report_t *r, const char *rule);

#endif
