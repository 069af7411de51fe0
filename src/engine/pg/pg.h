/* pg.h — the PostgreSQL engine (public side). */
#ifndef DBAGENT_PG_H
#define DBAGENT_PG_H

#include "engine/engine.h"

extern const engine_t pg_engine;

/* EXPLAIN output in any format into plans (engine_t.parse_plan). */
int pg_parse_plan(arena_t *a, const char *text, size_t len, plan_set_t *out, err_t *err);

#endif
