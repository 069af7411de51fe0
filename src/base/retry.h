/* retry.h — the retry policy of the agent definition (DESIGN.md §5).
 *
 * Attempt k (1-based) that fails transiently waits
 *   min(initial_ms * 2^(k-1), max_ms) * (1 + u), u uniform in [-jitter, +jitter]
 * before attempt k+1; there are `attempts` tries in all. The jitter source is an
 * explicit seed so tests can check the delays. */
#ifndef DBAGENT_RETRY_H
#define DBAGENT_RETRY_H

#include <stdint.h>

typedef struct {
    int attempts;      /* total tries, >= 1; default 3 */
    int initial_ms;    /* default 1000 */
    int max_ms;        /* default 30000 */
    double jitter;     /* default 0.2 (±20%) */
    uint64_t seed;     /* jitter PRNG state; 0 seeds from the clock */
} retry_policy_t;

void retry_policy_default(retry_policy_t *p);
/* The delay after failed attempt k (1-based), jitter applied; advances p->seed. */
int retry_delay_ms(retry_policy_t *p, int attempt);
/* Sleeps ms milliseconds (restarting after signals). */
void retry_sleep_ms(int ms);

#endif
