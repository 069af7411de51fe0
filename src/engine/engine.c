/* engine.c — the table of engines. */
#include "engine/engine.h"

#include <string.h>

#include "engine/pg/pg.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const engine_t *const engines[] = {&pg_engine};

const engine_t *engine_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof(engines) / sizeof(engines[0]); i++)
        if (!strcmp(engines[i]->name, name))
            return engines[i];
    return NULL;
}
