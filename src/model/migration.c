/* migration.c — lock modes and suppressions. */
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
