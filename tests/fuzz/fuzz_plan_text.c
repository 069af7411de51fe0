/* fuzz_plan_text.c — text EXPLAIN → plan model → derived times.
 *
 * The input is what a user pastes as a text plan: raw bytes, not checked for
 * UTF-8. The parser reads by length, so it is given libFuzzer's own buffer,
 * which ends exactly at the input: a read past it is an ASan report. Every plan
 * read is analysed (plan_analyze: times, shares, labels, paths) and its labels
 * and paths are touched; an error is rendered in every format against a
 * NUL-terminated copy of the input, so its line and column are exercised as
 * the caret under them. One arena per input. */
#include <stddef.h>
#include <stdint.h>

#include "engine/pg/pg_plan_text.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void analyse(arena_t *a, plan_set_t *set)
{
    for (int i = 0; i < set->nplans; i++) {
        plan_t *p = set->plans[i];
        plan_analyze(a, p);
        for (int k = 0; k < p->nnodes; k++) {
            fuzz_touch(p->nodes[k]->label);
            fuzz_touch(p->nodes[k]->path);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    arena_t *a = arena_new();
    plan_set_t set = {0};
    err_t err;
    err_clear(&err);
    if (pg_plan_text_parse(a, (const char *)data, size, &set, &err) == 0)
        analyse(a, &set);
    else
        fuzz_render(a, -1, NULL, &err, fuzz_cstr(a, data, size));
    arena_free(a);
    return 0;
}
