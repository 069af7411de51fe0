/* migration_rules.h — the migration rules of docs/rules.md ("Migration rules"),
 * run over a lowered migration (model/migration.h, filled by an engine).
 *
 * Each rule reads a statement's actions and the context the lowering recorded
 * (new_table, in_transaction, lock_timeout_set, ignored) and appends findings.
 *
 * Scope. Statements on tables created earlier in the same file are skipped
 * (nobody else can see those tables yet), except concurrently-in-transaction,
 * which is an error wherever it occurs. A rule suppressed for the statement or
 * the file (migration_ignored) adds nothing. missing-lock-timeout is reported at
 * most once per file, on the first statement that needs a lock blocking reads or
 * writes of an existing table with no lock_timeout set before it.
 *
 * Findings. location = {statement = st->index, line, column} of the statement in
 * its file (offset -1). Evidence: `table`, `column` (when there is one), `lock`
 * (the statement's strongest lock, by name), `rewrites_table` and `scans_table`
 * (booleans), `est_seconds` (when the size is known) and the rule's own
 * (`referenced_table`, `constraint`, `index`, `old_type`, `new_type`, `default`).
 * The fix is the safe SQL for that statement, steps separated by '\n', with
 * `--` comment lines where a step is not SQL (deploys, batching).
 *
 * Severity. Each rule has the default of docs/rules.md (mig_rule_info). Rules
 * whose risk is the time a lock is held (rewrites, scans, index builds: every
 * rule with `scaled` set) scale with the statement's est_seconds when it is
 * known (a catalog with table sizes): below 1 s → info, 60 s or more →
 * critical, in between the default. Renames, drops, missing-lock-timeout and
 * concurrently-in-transaction keep their default whatever the size: their risk
 * is breakage or data loss, not duration. */
#ifndef DBAGENT_MIGRATION_RULES_H
#define DBAGENT_MIGRATION_RULES_H

#include <stdbool.h>

#include "model/catalog.h"
#include "model/migration.h"
#include "model/report.h"

#define MIG_SEV_INFO_BELOW_S 1.0
#define MIG_SEV_CRITICAL_FROM_S 60.0

typedef struct {
    arena_t *arena;
    report_t *report;
    const migration_t *mig;
    const catalog_t *catalog;   /* may be NULL: key columns and types then unknown */
    /* quote_ident for identifiers in fixes; NULL: identifiers are written as they are */
    const char *(*quote)(arena_t *, const char *);
} mig_rule_ctx_t;

typedef enum {
    MR_CREATE_INDEX_NON_CONCURRENTLY,
    MR_CONCURRENTLY_IN_TRANSACTION,
    MR_ADD_COLUMN_VOLATILE_DEFAULT,
    MR_CHANGE_COLUMN_TYPE,
    MR_ADD_FOREIGN_KEY_VALIDATES,
    MR_ADD_CHECK_VALIDATES,
    MR_SET_NOT_NULL_SCANS,
    MR_ADD_UNIQUE_CONSTRAINT_BLOCKS,
    MR_ADD_PRIMARY_KEY_BLOCKS,
    MR_RENAME_COLUMN,
    MR_RENAME_TABLE,
    MR_DROP_COLUMN,
    MR_DROP_TABLE,
    MR_MISSING_LOCK_TIMEOUT,
    MR_VACUUM_FULL,
    MR_CLUSTER_TABLE,
    MR_REINDEX_NON_CONCURRENTLY,
    MR_ADD_SERIAL_COLUMN,
    MR_COUNT
} mig_rule_t;

typedef struct {
    const char *id;             /* public rule id, as in docs/rules.md */
    severity_t severity;        /* the documented default */
    bool scaled;                /* severity follows est_seconds when known */
} mig_rule_info_t;

extern const mig_rule_info_t mig_rule_info[MR_COUNT];

/* The severity a scaled rule gets for a statement estimated at est_seconds
 * (< 0: unknown → the default). */
severity_t mig_rule_severity(mig_rule_t r, double est_seconds);

/* Runs every migration rule over c->mig, statement by statement. Appends
 * findings only; never fails. */
void migration_rules_run(mig_rule_ctx_t *c);

#endif
