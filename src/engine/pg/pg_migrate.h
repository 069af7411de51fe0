/* pg_migrate.h — a PostgreSQL migration file → migration_t (model/migration.h).
 *
 * Each statement becomes one mig_stmt_t with its actions and the lock each action
 * takes on its table, per PostgreSQL's "Explicit Locking" table and the notes of
 * ALTER TABLE, CREATE INDEX, REINDEX, VACUUM and CLUSTER, for the target server
 * version. The file's context is applied as the statements are read: tables
 * created earlier in the file (new_table), BEGIN … COMMIT (in_transaction), an
 * earlier SET lock_timeout (lock_timeout_set, a SET LOCAL lasts to the end of its
 * transaction, `SET lock_timeout = 0` and RESET clear it) and the suppression
 * comments, which libpg_query drops and which are therefore read from the raw
 * text:
 *
 *   -- dbagent:ignore RULE[,RULE…]       in the gap before a statement: that one
 *   -- dbagent:ignore-file RULE[,RULE…]  anywhere: every statement of this file
 *
 * ignore-file rules are copied into the ignored list of each statement of the file
 * (not into migration_t.file_ignored), so that with several files one file's
 * comment does not silence another's.
 *
 * Locks beyond the ALTER TABLE forms: DROP TRIGGER / RULE / POLICY take ACCESS
 * EXCLUSIVE on their table (every version); a foreign key, also one of CREATE
 * TABLE, takes SHARE ROW EXCLUSIVE on the table it references, recorded as an
 * action MA_LOCK_REFERENCED on that table (none when it is the key's own table or
 * one created earlier in the file; it does not make a statement's new_table
 * false); REFRESH MATERIALIZED VIEW takes ACCESS EXCLUSIVE and rewrites the view,
 * CONCURRENTLY takes EXCLUSIVE and rewrites nothing; both scan. ALTER TABLE on a
 * sequence (a name this file created as a sequence, or ending in "_seq" and no
 * known table) renames a sequence, not a table: MA_OTHER on the sequence.
 *
 * Per statement, also: relations and names (every relation and other identifier
 * its tree names, plus the relations the lowering resolved: a dropped index's
 * table, a rename's new name) and version_record (an INSERT/UPDATE/DELETE on
 * schema_migrations, flyway_schema_history, alembic_version or django_migrations).
 *
 * What the action fields hold, beyond model/migration.h:
 *   schema      the schema the statement qualified the table with, else NULL;
 *               table is always the bare name (as the catalog is searched)
 *   type        canonical name with its modifiers: "int8", "varchar(20)",
 *               "numeric(12,2)"; for serial columns the integer type behind it
 *   detail      ADD COLUMN: the deparsed DEFAULT; FOREIGN KEY / CHECK: the
 *               constraint's SQL ("FOREIGN KEY (a) REFERENCES p (id)",
 *               "CHECK (total >= 0)"); UNIQUE / PRIMARY KEY: the key list "(a, b)";
 *               ALTER TYPE: the USING expression or NULL (row_detail: the same
 *               with each column written new.col, for a row trigger); REINDEX: the object
 *               kind ("INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM"); SET: the
 *               value; identifiers in SQL fragments are quoted as PostgreSQL needs
 *   name        constraint or index name; when the statement gives none, the name
 *               PostgreSQL would choose (t_c_fkey, t_c_check, t_c_key, t_pkey);
 *               an inline REFERENCES keeps the DEFERRABLE / INITIALLY DEFERRED
 *               clauses written after it in its detail
 *
 * Size-aware estimates. With a catalog that knows the table's size (relpages ×
 * 8192 bytes, or pg_table_size when larger), est_seconds is the sum over the
 * statement's actions that touch every row, at these documented rates:
 *   a table rewrite  MIG_REWRITE_MB_S  (100 MB/s)
 *   an index build   MIG_INDEX_MB_S    ( 50 MB/s of table size)
 *   a scan           MIG_SCAN_MB_S     (400 MB/s)
 * Brief (catalog-only) statements get 0 when the size is known; otherwise -1.
 * The same catalog gives old_type for ALTER COLUMN … TYPE. */
#ifndef DBAGENT_PG_MIGRATE_H
#define DBAGENT_PG_MIGRATE_H

#include "base/arena.h"
#include "base/err.h"
#include "model/catalog.h"
#include "model/migration.h"

#define MIG_REWRITE_MB_S 100.0
#define MIG_INDEX_MB_S 50.0
#define MIG_SCAN_MB_S 400.0
#define MIG_PG_VERSION_DEFAULT 15

/* Lowers one migration file into out, appending statements after those already
 * there (statement indexes continue, so the caller calls once per file with the
 * same out). file names the source in statements and errors; text must stay
 * alive as long as the arena. pg_version ≤ 0 means MIG_PG_VERSION_DEFAULT; it is
 * stored in out->pg_version. cat may be NULL.
 * Fails with ERR_SYNTAX (message "FILE: parser message", line/column of the
 * error in the file) when the text does not parse; out is then left with the
 * statements of earlier files only. */
int pg_migrate_lower(arena_t *a, const char *file, const char *text, int pg_version,
                     const catalog_t *cat, migration_t *out, err_t *err) MUST_CHECK;

#endif
