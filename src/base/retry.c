/* retry.c — the agent definition's retry policy: exponential backoff with jitter.
 *
 * Responsibilities: the default policy, the delay before the next attempt, and a
 * sleep that survives signals. Deciding *what* is worth retrying is the caller's
 * business (engine/pg/pg_conn.c classifies failures).
 *
 * Invariants: a delay is never negative and never overflows, whatever the policy
 * or attempt number (attempts past 2^31 still answer max_ms, jittered). The only
 * state is the policy's own seed, so two policies with the same seed produce the
 * same delays: tests rely on that. No global state; thread-safe per policy. */
#include "base/retry.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <time.h>
#include <unistd.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

void retry_policy_default(retry_policy_t *p)
{
    p->attempts = 3;
    p->initial_ms = 1000;
    p->max_ms = 30000;
    p->jitter = 0.2;
    p->seed = 0;
}

/* A non-zero seed from the clock and the process id (xorshift64 needs one). */
static uint64_t clock_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t s = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^
                 ((uint64_t)getpid() << 32);
    return s ? s : 0x9E3779B97F4A7C15u;
}

/* xorshift64 (Marsaglia 2003): advances *state, returns the new value. */
static uint64_t xorshift64(uint64_t *state)
{
    if (*state == 0)
        *state = clock_seed();
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

/* min(initial * 2^(attempt-1), max) in 64 bits; inputs below zero count as 0. */
static int64_t backoff_ms(const retry_policy_t *p, int attempt)
{
    int64_t initial = p->initial_ms > 0 ? p->initial_ms : 0;
    int64_t cap = p->max_ms > 0 ? p->max_ms : 0;
    int shift = attempt > 1 ? attempt - 1 : 0;
    if (shift >= 32) /* initial < 2^31, so initial << 32 is beyond any int cap */
        return initial ? cap : 0;
    int64_t d = initial << shift; /* < 2^63 */
    return d < cap ? d : cap;
}

int retry_delay_ms(retry_policy_t *p, int attempt)
{
    double jitter = p->jitter;
    if (!(jitter > 0)) /* also NaN */
        jitter = 0;
    if (jitter > 1)
        jitter = 1;
    double u = (double)(xorshift64(&p->seed) >> 11) * 0x1.0p-53; /* [0, 1) */
    double factor = 1.0 - jitter + 2.0 * jitter * u;               /* [1-j, 1+j) */
    double d = round((double)backoff_ms(p, attempt) * factor);
    if (d < 0)
        return 0;
    if (d > INT_MAX)
        return INT_MAX;
    return (int)d;
}

void retry_sleep_ms(int ms)
{
    if (ms <= 0)
        return;
    struct timespec req = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    struct timespec rem;
    while (nanosleep(&req, &rem) == -1 && errno == EINTR)
        req = rem;
}
