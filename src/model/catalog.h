/* catalog.h — tables, columns, constraints, indexes and (optional) statistics.
 *
 * Filled by an engine from DDL, a live connection or a snapshot. Names are stored
 * as PostgreSQL folds them (unquoted identifiers lower-cased). A table's row count
 * is -1 when unknown: the advisors then assume the table is large, and the report
 * says so. All memory lives in an arena. */
#ifndef DBAGENT_CATALOG_H
#define DBAGENT_CATALOG_H

#include <stdbool.h>

#include "base/arena.h"

/* pg_stats for one column (present == false when there are none). */
typedef struct {
    bool present;
    double null_frac;        /* 0..1 */
    double n_distinct;       /* > 0: distinct count; < 0: minus the fraction of rows (pg_stats) */
    double correlation;      /* -1..1, physical vs logical order */
    double avg_width;
    const char **mcv; double *mcf; int nmcv;      /* most common values and frequencies */
    const char **histogram; int nhistogram;       /* histogram bounds */
} cat_stats_t;

typedef struct {
    const char *name;
    const char *type;        /* canonical: int4, int8, text, varchar, timestamptz, jsonb, … */
    const char *type_text;   /* as written: varchar(255) */
    bool not_null;
    bool has_default;
    const char *default_text;
    bool default_volatile;   /* now(), random(), gen_random_uuid(), nextval() */
    bool identity;           /* GENERATED … AS IDENTITY */
    bool serial;             /* serial/bigserial */
    const char **enum_values; int nenum; /* from CHECK (c IN (…)) or an enum type */
    bool is_enum_type;
    int line;                /* in the DDL, 0 when not from DDL */
    cat_stats_t stats;
} cat_column_t;

typedef struct {
    const char *column;      /* NULL for an expression key */
    const char *expr;        /* deparsed expression, NULL for a column key */
    bool desc;
    int nulls;               /* 0 default, 1 first, 2 last */
    const char *opclass;     /* NULL for the default */
} cat_index_key_t;

typedef struct {
    const char *name;
    const char *table;
    const char *method;      /* btree, hash, gin, gist, brin, spgist */
    cat_index_key_t *keys; int nkeys;
    const char **include; int ninclude;
    const char *predicate;   /* partial index WHERE, deparsed; NULL when total */
    bool unique, primary, constraint_backed, valid;
    long long idx_scan;      /* -1 when unknown */
    long long size_bytes;    /* -1 when unknown */
    const char *definition;  /* CREATE INDEX … as the catalog has it */
    int line;
} cat_index_t;

typedef struct {
    const char *name;
    const char **columns; int ncolumns;
    const char *ref_table;
    const char **ref_columns; int nref_columns;
    int line;
} cat_fk_t;

typedef struct {
    const char *schema;
    const char *name;
    cat_column_t *columns; int ncolumns, columns_cap;
    cat_index_t **indexes; int nindexes, indexes_cap;
    cat_fk_t *fks; int nfks, fks_cap;
    const char **pk; int npk;
    double rows;             /* reltuples; -1 unknown */
    double pages;            /* relpages; -1 unknown */
    long long size_bytes;    /* pg_table_size; -1 unknown */
    const char *last_analyze;/* newest of last_analyze/last_autoanalyze, NULL unknown */
    long long n_mod_since_analyze; /* -1 unknown */
    int line;
} cat_table_t;

typedef struct {
    const char *name, *value, *unit;
} cat_setting_t;

typedef struct {
    const char *name;
    const char **values; int nvalues;
} cat_enum_t;

typedef struct {
    arena_t *arena;
    cat_table_t **tables; int ntables, tables_cap;
    cat_enum_t *enums; int nenums, enums_cap;
    const char **extensions; int nextensions, extensions_cap;           /* installed */
    const char **available_extensions; int navailable, available_cap;  /* could be */
    cat_setting_t *settings; int nsettings, settings_cap;
    int server_version_num;  /* 150004; 0 unknown */
    const char *server_version;
    const char *source;      /* "ddl", "live", "snapshot" */
    bool has_stats;          /* row counts and column statistics are real */
    bool loaded;             /* a schema was given at all */
} catalog_t;

void catalog_init(catalog_t *cat, arena_t *a);
cat_table_t *catalog_add_table(catalog_t *cat, const char *schema, const char *name);
/* Finds by name, ignoring the schema when the lookup gives none. */
cat_table_t *catalog_table(const catalog_t *cat, const char *schema, const char *name);
cat_column_t *catalog_column(const cat_table_t *t, const char *name);
cat_column_t *catalog_add_column(catalog_t *cat, cat_table_t *t, const char *name);
void catalog_add_index(catalog_t *cat, cat_table_t *t, cat_index_t *ix);
const cat_enum_t *catalog_enum(const catalog_t *cat, const char *name);
bool catalog_has_extension(const catalog_t *cat, const char *name);
bool catalog_extension_available(const catalog_t *cat, const char *name);
const char *catalog_setting(const catalog_t *cat, const char *name);
/* Number of distinct values a column can hold when known from an enum, a CHECK
 * list or a boolean type; 0 when unknown. */
int catalog_column_domain_size(const catalog_t *cat, const cat_column_t *c);
/* True when the column is known to have few values (≤ 8). */
bool catalog_column_low_cardinality(const catalog_t *cat, const cat_column_t *c);
/* Canonical type name for a type as written: "integer" → "int4", "varchar(20)" →
 * "varchar", "int[]" → "int4[]" (built in the arena only for arrays). */
const char *catalog_canonical_type(arena_t *a, const char *written);
/* Type families, for implicit-conversion checks. */
bool catalog_type_is_text(const char *type);
bool catalog_type_is_numeric(const char *type);
bool catalog_type_is_temporal(const char *type);

#endif
