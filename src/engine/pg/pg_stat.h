/* pg_stat.h — the server's statement statistics (engine_t.stat_statements). */
#ifndef DBAGENT_PG_STAT_H
#define DBAGENT_PG_STAT_H

#include "engine/engine.h"

int pg_stat_statements(live_t *l, int limit, stat_statement_t **out, int *n, err_t *err);

#endif
