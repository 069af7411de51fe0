/* migration.h — a migration file as the migration rules see it.
 *
 * The engine lowers each statement of a migration into actions (an ALTER TABLE
 * with three subcommands is one statement with three actions), with the lock the
 * statement takes for the target server version and the context the file gives:
 * tables created earlier in the file, the surrounding transaction, an earlier
 * SET lock_timeout, and `-- dbagent:ignore` suppressions. Each statement also
 * lists the relations and identifiers it names, so that a later step can tell
 * which statements depend on each other (moving one must not move it past
 * another that uses the same table, a rename must stay when later statements
 * use the new name). Engine-neutral; all memory is the arena's. */
#ifndef DBAGENT_MIGRATION_H
#define DBAGENT_MIGRATION_H

#include <stdbool.h>

#include "base/arena.h"

/* PostgreSQL's table-level lock modes, weakest first. */
typedef enum {
    LOCK_NONE, LOCK_ACCESS_SHARE, LOCK_ROW_SHARE, LOCK_ROW_EXCLUSIVE,
    LOCK_SHARE_UPDATE_EXCLUSIVE, LOCK_SHARE, LOCK_SHARE_ROW_EXCLUSIVE, LOCK_EXCLUSIVE,
    LOCK_ACCESS_EXCLUSIVE
} lock_level_t;

const char *lock_level_name(lock_level_t l); /* "ACCESS EXCLUSIVE", "SHARE", … */
bool lock_blocks_reads(lock_level_t l);      /* conflicts with ACCESS SHARE (SELECT) */
bool lock_blocks_writes(lock_level_t l);     /* conflicts with ROW EXCLUSIVE (DML) */

typedef enum {
    MA_OTHER,
    MA_CREATE_TABLE, MA_DROP_TABLE, MA_RENAME_TABLE,
    MA_ADD_COLUMN, MA_DROP_COLUMN, MA_RENAME_COLUMN, MA_ALTER_COLUMN_TYPE,
    MA_SET_NOT_NULL, MA_DROP_NOT_NULL, MA_SET_DEFAULT,
    MA_ADD_FOREIGN_KEY, MA_ADD_CHECK, MA_ADD_UNIQUE, MA_ADD_PRIMARY_KEY, MA_VALIDATE_CONSTRAINT,
    MA_DROP_CONSTRAINT,
    MA_CREATE_INDEX, MA_DROP_INDEX, MA_REINDEX,
    MA_VACUUM_FULL, MA_CLUSTER,
    MA_SET_LOCK_TIMEOUT, MA_SET_STATEMENT_TIMEOUT, MA_BEGIN, MA_COMMIT,
    MA_REFRESH_MATVIEW,
    MA_LOCK_REFERENCED,        /* a foreign key's lock on the table it references */
} mig_action_kind_t;

typedef struct {
    mig_action_kind_t kind;
    const char *table, *column, *name;  /* target table; column; constraint/index name */
    const char *schema;        /* the schema `table` was qualified with, NULL when it was not */
    const char *type;          /* new column type (ADD COLUMN, ALTER TYPE), canonical */
    const char *old_type;      /* the column's type before, when the catalog knows it */
    bool has_default, default_volatile;  /* ADD COLUMN … DEFAULT */
    bool not_null;             /* ADD COLUMN … NOT NULL */
    bool serial;               /* ADD COLUMN of serial/bigserial or identity */
    bool generated;            /* ADD COLUMN … GENERATED ALWAYS AS (expr) STORED */
    bool not_valid;            /* ADD CONSTRAINT … NOT VALID */
    bool using_index;          /* ADD CONSTRAINT … USING INDEX */
    bool concurrently;         /* CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY */
    bool local;                /* SET LOCAL: lasts to the end of the transaction */
    bool unique;               /* CREATE UNIQUE INDEX */
    const char *ref_table, *ref_schema; /* foreign key: the referenced table */
    const char *detail;        /* deparsed constraint expression / index definition */
    const char *row_detail;    /* ALTER TYPE … USING: the expression with each column
                                * written NEW.col, as a row trigger computes it */
    lock_level_t lock;         /* this action's lock on `table` */
    bool rewrites_table, scans_table;
} mig_action_t;

typedef struct {
    int index;                 /* 1-based */
    int line, column;
    const char *text;
    const char *file;          /* the file it came from */
    mig_action_t *actions; int nactions, actions_cap;
    const char *table;         /* the main table, or NULL */
    lock_level_t lock;         /* the strongest action lock */
    bool blocks_reads, blocks_writes, rewrites_table, scans_table;
    bool new_table;            /* its table was created earlier in this file */
    bool in_transaction;       /* inside BEGIN … COMMIT in the file */
    bool lock_timeout_set;     /* an earlier SET lock_timeout in the file */
    bool version_record;       /* writes the migration tool's own table (schema_migrations,
                                * flyway_schema_history, alembic_version, django_migrations) */
    const char **ignored; int nignored, ignored_cap; /* `-- dbagent:ignore RULE[,RULE]` */
    /* What the statement names, unqualified, each once: relations (tables, views,
     * indexes, sequences, constraints set by name) and other identifiers (columns…). */
    const char **relations; int nrelations, relations_cap;
    const char **names; int nnames, names_cap;
    double est_seconds;        /* size-aware duration estimate, -1 unknown */
    void *src;
} mig_stmt_t;

typedef struct {
    mig_stmt_t *stmts; int nstmts, stmts_cap;
    const char **file_ignored; int nfile_ignored, file_ignored_cap; /* dbagent:ignore-file */
    int pg_version;            /* major version the locks are computed for (default 15) */
} migration_t;

/* True when rule is suppressed for st (by the statement's or the file's comments). */
bool migration_ignored(const migration_t *m, const mig_stmt_t *st, const char *rule);

/* True when st names the relation / the identifier (exact, as PostgreSQL folds it). */
bool mig_stmt_names_relation(const mig_stmt_t *st, const char *relation);
bool mig_stmt_names(const mig_stmt_t *st, const char *name);
/* The first relation of a that b names too, else NULL: when there is one, neither
 * statement may be moved past the other. */
const char *mig_stmts_shared_relation(const mig_stmt_t *a, const mig_stmt_t *b);

#endif
