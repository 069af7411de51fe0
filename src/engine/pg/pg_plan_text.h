/* pg_plan_text.h — PostgreSQL's default TEXT EXPLAIN format into the plan model
 * (private to engine/pg). */
#ifndef DBAGENT_PG_PLAN_TEXT_H
#define DBAGENT_PG_PLAN_TEXT_H

#include <stddef.h>

#include "base/err.h"
#include "model/plan.h"

/* Parses text-format EXPLAIN output (with or without ANALYZE, BUFFERS, VERBOSE,
 * SETTINGS, WAL, TIMING OFF, COSTS OFF), as psql prints it or as auto_explain
 * logs it, and appends one plan per EXPLAIN found to out (several may be
 * concatenated). text need not be NUL-terminated; len bytes are read. Everything
 * is allocated in a. Derived fields are left to plan_analyze().
 *
 * Fails with ERR_INVALID_REQUEST, err->line (and err->column) set, when no plan
 * node is found or when a "->" line does not fit the tree; out is then left as
 * it was on entry. */
int pg_plan_text_parse(arena_t *a, const char *text, size_t len, plan_set_t *out,
                       err_t *err) MUST_CHECK;

#endif
