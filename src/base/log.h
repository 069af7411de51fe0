/* log.h — structured logs: one JSON object per line on stderr (DESIGN.md §6).
 *
 *   log_event(LOG_WARN, "connection attempt failed",
 *             "target", "127.0.0.1:5432/shop", "attempt", "1", NULL);
 *   → {"ts":"2026-11-29T15:00:00.123Z","level":"WARN","msg":"connection attempt failed",
 *      "target":"127.0.0.1:5432/shop","attempt":1}
 *
 * Fields are key/value string pairs ended by a NULL key. Values are written as
 * JSON strings (a NULL value as null), except for the keys in log.c's table of
 * numeric fields (execution_time_ms, rows_affected, attempt, delay_ms, …), which
 * are written as numbers when the value is a valid JSON number. Keys repeated
 * from the fixed ones (ts, level, msg) are the caller's mistake and are skipped.
 *
 * Thread-safe: the level is atomic and each call builds its line privately and
 * emits it with one write(), so concurrent lines do not interleave. Never fails
 * from the caller's point of view (a failed write is dropped). Callers are
 * responsible for passing no secrets: DSNs must be redacted first. */
#ifndef DBAGENT_LOG_H
#define DBAGENT_LOG_H

#include <stdbool.h>

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF } log_level_t;

/* Events below level are dropped. Default LOG_WARN (the CLI's level). */
void log_set_level(log_level_t level);
log_level_t log_get_level(void);
bool log_enabled(log_level_t level);
/* "debug", "info", "warn"/"warning", "error", "off" (any case) → 0, else -1. */
int log_level_parse(const char *name, log_level_t *out);
/* Where lines go; default 2 (stderr). For tests and `serve`. */
void log_set_fd(int fd);

/* Writes one line when level is enabled; see the file comment for fields. */
void log_event(log_level_t level, const char *msg, ...) __attribute__((sentinel));

#endif
