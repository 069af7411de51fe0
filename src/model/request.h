/* request.h — the request of the contract (DESIGN.md §2).
 *
 * Parsed from JSON (`dbagent run`) or built by the CLI. Unknown keys, wrong types
 * and unknown enum values are errors that name the JSON path and what is allowed:
 * a typo must not pass silently. Strings point into the request's arena. */
#ifndef DBAGENT_REQUEST_H
#define DBAGENT_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

typedef enum { TASK_DESIGN, TASK_OPTIMIZE, TASK_MIGRATE, TASK_DEBUG, TASK_SCALE } task_type_t;
typedef enum { DB_POSTGRESQL, DB_MYSQL, DB_MONGODB, DB_REDIS, DB_DYNAMODB } db_type_t;

/* Inputs larger than this are refused: the analysis is per query, not per dump. */
enum { REQUEST_MAX_TEXT = 4 * 1024 * 1024 };

typedef struct {
    task_type_t task_type;
    db_type_t database_type;
    bool database_type_given;
    const char *query;
    const char *performance_issue;
    const char *schema;       /* DDL text */
    const char *connection;
    const char *snapshot;
    const char *explain;
    const char *workload;
    struct {
        double budget_mb;
        bool analyze;
        bool analyze_writes;  /* allow EXPLAIN ANALYZE of writes (rolled back) */
        double min_improvement; /* percent; < 0 when not given (default 10) */
        const char *replica;  /* read-replica DSN, the first fallback */
        int pg_version;       /* migrate: the server major version; 0 = default/live */
        const char *requirements; /* design: free text (else performance_issue) */
        struct {
            bool acid, complex_queries, write_heavy, flexible_schema, key_value, caching,
                ttl, time_series, full_text, graph, aws_scale;
            bool given;
        } hints;              /* design: options.requirements as flags */
        int fail_on;          /* severity_t, -1 when not given */
    } options;
    /* migrate from the CLI: several named files (a JSON request has one: "query") */
    const char **files; const char **file_texts; int nfiles;
} request_t;

void request_init(request_t *req);
/* Parses and validates a request document. */
int request_parse_json(arena_t *a, const char *text, size_t len, request_t *req,
                       err_t *err) MUST_CHECK;
/* Checks text fields are valid UTF-8 without NUL bytes and within REQUEST_MAX_TEXT. */
int request_check_text(const char *path, const char *text, size_t len, err_t *err) MUST_CHECK;

const char *task_type_name(task_type_t t);
const char *db_type_name(db_type_t d);
int task_type_parse(const char *s);
int db_type_parse(const char *s);

#endif
