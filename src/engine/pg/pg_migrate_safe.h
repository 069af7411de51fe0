/* pg_migrate_safe.h — the safe version of a PostgreSQL migration, as SQL text.
 *
 * Reads the lowered migration (model/migration.h) and writes the same migration
 * with every risky statement replaced by its no-downtime form: lock_timeout and
 * statement_timeout first, index builds CONCURRENTLY and outside the transaction,
 * constraints NOT VALID then VALIDATE, SET NOT NULL through a validated CHECK,
 * UNIQUE / PRIMARY KEY through a concurrently built index, a volatile default as
 * add + default + batched backfill, and type changes and renames as commented
 * expand/contract steps. Statements on tables created earlier in the file, those
 * suppressed with `-- dbagent:ignore`, and those with no risk stay as written;
 * a rename of a column that later statements of the migration use by its new
 * name stays too (commenting it out would break them), with a warning; a STORED
 * generated column and a REFRESH without CONCURRENTLY stay with a note (they
 * have no online form). Steps moved after the file's COMMIT take along the later
 * statements of the block that depend on them (see pg_migrate_safe.c), except
 * the migration tool's version record. Each rewritten statement is preceded by
 * `-- line N: <why>`. Deterministic.
 *
 * The action fields it reads (set by the lowering):
 *   every kind        table and schema (written schema.table when set), the statement's
 *                     text; per statement relations, names and version_record
 *   CREATE/DROP INDEX, REINDEX  concurrently, unique; the keyword is added to the text
 *   ADD_FOREIGN_KEY   name; detail = constraint body "FOREIGN KEY (a) REFERENCES t (id)"
 *                     (when NULL: built from column, ref_schema and ref_table)
 *   LOCK_REFERENCED   nothing: it comes with its foreign key and is not written
 *   ADD_CHECK         name; detail = "CHECK (expr)" (a bare expr is accepted too)
 *   ADD_UNIQUE/PK     name (NULL: PostgreSQL's default name); detail = key list "(a, b)",
 *                     else column = "a" or "a, b"
 *   SET_NOT_NULL      column; scans_table (false: a validated CHECK proves it, kept)
 *   ADD_COLUMN        column, type, not_null, default_volatile, generated; detail =
 *                     default expr
 *   ALTER_COLUMN_TYPE column, type, old_type (NULL: "may rewrite"); detail = USING expr,
 *                     row_detail = its per-row form for the sync trigger (NULL: the
 *                     trigger casts, with a comment); rewrites_table (false: kept)
 *   REFRESH_MATVIEW   concurrently
 *   RENAME_COLUMN     column = old name, name = new name; old_type when known
 *   RENAME_TABLE      table = old name, name = new name
 * A statement with several actions is split into one statement per action when
 * every action can be written from its fields; otherwise it is kept as written
 * with a comment asking to split it. */
#ifndef DBAGENT_PG_MIGRATE_SAFE_H
#define DBAGENT_PG_MIGRATE_SAFE_H

#include "base/arena.h"
#include "model/migration.h"

/* The safe migration as SQL text in the arena ("" for an empty migration). */
const char *pg_migrate_safe(arena_t *a, const migration_t *m);

#endif
