/* pg.h — the PostgreSQL engine (public side). */
#ifndef DBAGENT_PG_H
#define DBAGENT_PG_H

#include "engine/engine.h"

extern const engine_t pg_engine;

#endif
