/* bind.h — resolving column references to relations, with the catalog's help.
 *
 * After binding, every qm_colref_t that could be resolved has block and rel set;
 * blocks that reference an enclosing block's relation are marked correlated.
 * Without a catalog, an unqualified column is bound only when its block has a
 * single relation. */
#ifndef DBAGENT_BIND_H
#define DBAGENT_BIND_H

#include "model/catalog.h"
#include "model/query.h"

void qm_bind(qm_stmt_t *st, const catalog_t *cat);
/* The catalog table a relation reads, or NULL (derived table, CTE, unknown). */
const cat_table_t *qm_rel_table(const catalog_t *cat, const qm_rel_t *r);
/* The catalog column a resolved reference points to, or NULL. */
const cat_column_t *qm_colref_column(const qm_stmt_t *st, const catalog_t *cat,
                                     const qm_colref_t *c);
const cat_table_t *qm_colref_table(const qm_stmt_t *st, const catalog_t *cat,
                                   const qm_colref_t *c);

#endif
