/* indexdef.h — naming and writing index DDL, shared by rules and advisors.
 *
 * Names are deterministic: idx_<table>_<key parts>[_<suffix>], cut to 63 bytes
 * (PostgreSQL's NAMEDATALEN - 1) with an 8-hex-digit hash of the full name when
 * longer. Identifiers are quoted by the engine's quote function. */
#ifndef DBAGENT_INDEXDEF_H
#define DBAGENT_INDEXDEF_H

#include "base/arena.h"
#include "model/report.h"

typedef const char *(*quote_fn_t)(arena_t *a, const char *ident);

typedef struct {
    const char *column;  /* a bare column, or NULL */
    const char *expr;    /* an expression key, or NULL */
    bool desc;
    const char *opclass; /* NULL for the default */
} indexdef_key_t;

typedef struct {
    const char *schema, *table;
    const char *method;  /* btree, gin, … */
    indexdef_key_t keys[8]; int nkeys;
    const char *include[8]; int ninclude;
    const char *where;   /* partial predicate, already SQL */
    const char *suffix;  /* "trgm", "gin", NULL */
    bool needs_trgm;
} indexdef_t;

/* Builds the report's index entry: name, columns, DDL (CREATE INDEX CONCURRENTLY). */
index_advice_t *indexdef_advice(arena_t *a, quote_fn_t quote, const indexdef_t *d);
/* The deterministic name alone. */
const char *indexdef_name(arena_t *a, const indexdef_t *d);

#endif
