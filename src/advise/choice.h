/* choice.h — which database fits the requirements (the agent definition's
 * Database Selection Matrix).
 *
 * Needs come from free text (case-insensitive phrases at word boundaries, e.g.
 * "time series", "session store") and from structured hints; a hint that is
 * given overrides the text for its need, in both directions. Each system scores
 * one point per need it serves; the highest score wins and ties go to the
 * earlier row of the matrix (PostgreSQL, MySQL (InnoDB), MongoDB, Redis,
 * DynamoDB, TimescaleDB / InfluxDB, Elasticsearch, Neo4j). Deterministic: the
 * same input gives the same choice, reasons and note. */
#ifndef DBAGENT_CHOICE_H
#define DBAGENT_CHOICE_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/err.h"

/* One bit per need, in the order of the flags below; db_requirements_t.set has
 * the bit of every flag that was given (true or false). */
typedef enum {
    DB_NEED_ACID, DB_NEED_COMPLEX_QUERIES, DB_NEED_WRITE_HEAVY, DB_NEED_FLEXIBLE_SCHEMA,
    DB_NEED_KEY_VALUE, DB_NEED_CACHING, DB_NEED_TTL, DB_NEED_TIME_SERIES, DB_NEED_FULL_TEXT,
    DB_NEED_GRAPH, DB_NEED_AWS_SCALE, DB_NEED_COUNT
} db_need_t;

typedef struct {
    bool acid, complex_queries, write_heavy, flexible_schema, key_value, caching, ttl,
        time_series, full_text, graph, aws_scale;
    unsigned set; /* (1u << DB_NEED_x) for each flag given; a true flag counts as
                     given even without its bit, but only a bit lets false override
                     the text */
} db_requirements_t;

typedef struct {
    const char *recommended;
    const char **alternatives; int nalternatives; /* other systems that scored, best first */
    const char **reasons; int nreasons;           /* recommended system's reasons first */
    const char *note;        /* where PostgreSQL features avoid a second system; NULL if none */
} db_choice_t;

/* The hint's name as options.requirements spells it ("acid", "time_series"). */
const char *db_need_name(db_need_t need);
/* Sets the flag called name (and its bit in set). -1 when the name is unknown,
 * so a request reader can report the field. */
int db_requirements_set(db_requirements_t *r, const char *name, bool value) MUST_CHECK;

/* Chooses a database from text (may be NULL) and hints (may be NULL). Fills out
 * from the arena. Fails with ERR_INVALID_REQUEST when the text is missing or
 * blank and no hint is given (no bit in set and no flag true). */
int advise_database_choice(arena_t *a, const char *text, const db_requirements_t *hints,
                           db_choice_t *out, err_t *err) MUST_CHECK;

#endif
