/* pg_introspect.h — a live PostgreSQL catalog into the catalog model (private to
 * engine/pg).
 *
 * pgi_load reads the user's schemas (not pg_catalog, information_schema, pg_toast
 * or temporary schemas, and nothing an extension owns) with a fixed number of
 * read-only catalog queries — one per kind of object, never one per table — and
 * fills a catalog_t: tables (ordinary and partitioned), columns, constraints,
 * indexes, enum types, table and index statistics, pg_stats per column, the
 * extensions installed and available, the server version and the settings that
 * steer plans. The structure goes through the DDL loader (pg_load_ddl), so a
 * live catalog and one read from `pg_dump --schema-only` of the same database
 * agree; live facts are laid over it afterwards. */
#ifndef DBAGENT_PG_INTROSPECT_H
#define DBAGENT_PG_INTROSPECT_H

#include "base/arena.h"
#include "base/err.h"
#include "engine/engine.h"
#include "model/catalog.h"

/* What a load did, for tests, benchmarks and notes in a report. */
typedef struct {
    int queries;               /* round trips to the server */
    int ddl_statements;        /* statements in the DDL built from the catalog */
    int skipped;               /* of those, how many the parser could not read */
    const char *first_skipped; /* the first such statement (in the catalog's arena) */
} pgi_info_t;

/* Reads the live catalog of l into cat. cat->arena must be set (catalog_init);
 * the previous contents of cat are discarded, and everything is allocated in
 * cat->arena. On success cat->loaded and cat->has_stats are true and cat->source
 * is "live". A statement the SQL parser cannot read (syntax newer than the
 * parser's PostgreSQL) is left out rather than failing the load. Fails, with
 * pgc_query's error prefixed by the kind of object being read, when a catalog
 * query fails (lost connection, statement or lock timeout). */
int pgi_load(live_t *l, catalog_t *cat, err_t *err) MUST_CHECK;
/* As pgi_load, also filling *info (when not NULL). */
int pgi_load_info(live_t *l, catalog_t *cat, pgi_info_t *info, err_t *err) MUST_CHECK;

/* Splits PostgreSQL's text form of an array ("{a,\"b,c\",NULL}") into its
 * elements, in a: quotes and backslash escapes are undone, an unquoted NULL is a
 * NULL element, a nested array ("{{1,2},{3,4}}") gives its sub-arrays' text, and
 * a leading dimension decoration ("[0:1]=") is skipped. NULL text gives no
 * elements. Returns -1 (and *n = 0) when the text is not an array literal. */
int pgi_parse_array(arena_t *a, const char *text, const char ***out, int *n);

#endif
