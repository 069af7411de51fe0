/* migration.c — lock modes, suppressions, and what statements have in common. */
#include "model/migration.h"

#include <string.h>

const char *lock_level_name(lock_level_t l)
{
    static const char *const names[] = {
        "NONE", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
        "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"};
    return names[l];
}

/* PostgreSQL's conflict table, for the two modes queries take. */
bool lock_blocks_reads(lock_level_t l)
{
    return l == LOCK_ACCESS_EXCLUSIVE;
}

bool lock_blocks_writes(lock_level_t l)
{
    return l >= LOCK_SHARE;
}

static bool listed(const char *const *list, int n, const char *rule)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i], rule) || !strcmp(list[i], "all"))
            return true;
    return false;
}

bool migration_ignored(const migration_t *m, const mig_stmt_t *st, const char *rule)
{
    return listed(m->file_ignored, m->nfile_ignored, rule) ||
           (st && listed(st->ignored, st->nignored, rule));
}

static bool in_names(const char *const *list, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (!strcmp(list[i], name))
            return true;
    return false;
}

bool mig_stmt_names_relation(const mig_stmt_t *st, const char *relation)
{
    return in_names(st->relations, st->nrelations, relation);
}

bool mig_stmt_names(const mig_stmt_t *st, const char *name)
{
    return in_names(st->names, st->nnames, name);
}

const char *mig_stmts_shared_relation(const mig_stmt_t *a, const mig_stmt_t *b)
{
    for (int i = 0; i < a->nrelations; i++)
        if (mig_stmt_names_relation(b, a->relations[i]))
            return a->relations[i];
    return NULL;
}
