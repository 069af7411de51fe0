/* pg_ddl.h — DDL → catalog (private to engine/pg). */
#ifndef DBAGENT_PG_DDL_H
#define DBAGENT_PG_DDL_H

#include "engine/pg/pg_tree.h"
#include "model/catalog.h"

int pg_load_ddl(arena_t *a, const char *ddl, catalog_t *cat, err_t *err);

#endif
