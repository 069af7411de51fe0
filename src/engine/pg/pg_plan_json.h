/* pg_plan_json.h — EXPLAIN (FORMAT JSON) into the plan model (private to engine/pg). */
#ifndef DBAGENT_PG_PLAN_JSON_H
#define DBAGENT_PG_PLAN_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/plan.h"

/* Parses one EXPLAIN JSON document (an array of plans, or one plan object) and
 * appends its plans to out. Errors name the line and what was expected. */
int pg_plan_json_parse(arena_t *a, const char *text, size_t len, plan_set_t *out, err_t *err);

/* The key table is sorted as the lookup needs (for the unit test). */
bool pg_plan_json_fields_sorted(void);

#endif
