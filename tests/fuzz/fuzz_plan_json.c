/* fuzz_plan_json.c — any bytes through the plan reader (JSON and, by detection,
 * text), the analysis and the plan rules; nothing may crash or leak. */
#include <stdint.h>
#include <string.h>

#include "engine/pg/pg.h"
#include "rules/plan_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena_t *a = arena_new();
    char *text = arena_alloc(a, size + 1);
    memcpy(text, data, size);
    plan_set_t set = {0};
    err_t err;
    if (pg_parse_plan(a, text, size, &set, &err) == 0) {
        report_t *r = report_new(a);
        for (int i = 0; i < set.nplans; i++) {
            plan_analyze(a, set.plans[i]);
            plan_rule_ctx_t pc = {.arena = a, .report = r, .plan = set.plans[i],
                                  .statement = i + 1, .large_rows = 10000};
            plan_rules_run(&pc);
        }
    }
    arena_free(a);
    return 0;
}
