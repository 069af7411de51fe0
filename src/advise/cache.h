/* cache.h — the cache strategy for a batch of statements.
 *
 * Cache-aside keyed by the equality parameters of the main relation, a TTL, the
 * writes that must invalidate it, and stampede protection. NULL where caching is
 * the wrong answer: writes, non-deterministic reads, one-off reports. */
#ifndef DBAGENT_ADVISE_CACHE_H
#define DBAGENT_ADVISE_CACHE_H

#include "model/catalog.h"
#include "model/report.h"

cache_strategy_t *advise_cache(arena_t *a, const qm_batch_t *batch, const catalog_t *cat);

#endif
