/* log.c — JSON-lines logging to a file descriptor (stderr by default).
 *
 * Each call builds its line in a private arena with the JSON writer (which
 * escapes and repairs invalid UTF-8), then hands the whole line to write() at
 * once; the arena is freed before returning. The only shared state is the level
 * and the descriptor, both atomics, so any thread may log. */
#include "base/log.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/jsonw.h"
#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static _Atomic int log_level_now = LOG_WARN;
static _Atomic int log_fd = 2;

static const struct {
    const char *name;
    log_level_t level;
} level_names[] = {
    {"DEBUG", LOG_DEBUG}, {"INFO", LOG_INFO},   {"WARN", LOG_WARN},
    {"WARNING", LOG_WARN}, {"ERROR", LOG_ERROR}, {"OFF", LOG_OFF},
};

/* Fields written as JSON numbers when their value is one (DESIGN.md §6 and the
 * retry log of engine/pg/pg_conn.c). */
static const char *const numeric_keys[] = {
    "execution_time_ms", "rows_affected", "attempt", "attempts", "next_attempt",
    "delay_ms",          "elapsed_ms",    "rows",    "server_version_num",
};

void log_set_level(log_level_t level) { atomic_store(&log_level_now, (int)level); }
log_level_t log_get_level(void) { return (log_level_t)atomic_load(&log_level_now); }
void log_set_fd(int fd) { atomic_store(&log_fd, fd); }

bool log_enabled(log_level_t level)
{
    return level != LOG_OFF && (int)level >= atomic_load(&log_level_now);
}

int log_level_parse(const char *name, log_level_t *out)
{
    for (size_t i = 0; name && i < sizeof(level_names) / sizeof(level_names[0]); i++)
        if (strcasecmp(name, level_names[i].name) == 0) {
            *out = level_names[i].level;
            return 0;
        }
    return -1;
}

static const char *level_name(log_level_t level)
{
    for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
        if (level_names[i].level == level)
            return level_names[i].name; /* the first spelling is the canonical one */
    return "INFO";
}

/* "2026-11-29T15:00:00.123Z" (UTC, milliseconds) into buf. */
static void timestamp(char *buf, size_t size)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, size - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

static void skip_digits(const char **p)
{
    while (isdigit((unsigned char)**p))
        (*p)++;
}

/* True when s is exactly a JSON number (RFC 8259 grammar). */
static bool is_json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (isdigit((unsigned char)*p))
        skip_digits(&p);
    else
        return false;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        skip_digits(&p);
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        skip_digits(&p);
    }
    return *p == '\0';
}

static bool is_numeric_key(const char *key)
{
    for (size_t i = 0; i < sizeof(numeric_keys) / sizeof(numeric_keys[0]); i++)
        if (strcmp(key, numeric_keys[i]) == 0)
            return true;
    return false;
}

/* Writes s as a number when it is one that fits; false (nothing written) if not. */
static bool write_number(jsonw_t *w, const char *s)
{
    if (!is_json_number(s))
        return false;
    errno = 0;
    if (!strpbrk(s, ".eE")) {
        long long v = strtoll(s, NULL, 10);
        if (errno)
            return false;
        jw_int(w, v);
        return true;
    }
    double d = strtod(s, NULL);
    if (errno || !isfinite(d))
        return false;
    jw_real(w, d);
    return true;
}

static bool is_fixed_key(const char *key)
{
    return strcmp(key, "ts") == 0 || strcmp(key, "level") == 0 || strcmp(key, "msg") == 0;
}

static void write_field(jsonw_t *w, const char *key, const char *value)
{
    if (is_fixed_key(key))
        return;
    jw_key(w, key);
    if (!(value && is_numeric_key(key) && write_number(w, value)))
        jw_string(w, value);
}

/* Writes all of buf, retrying after signals and short writes; drops on error. */
static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

void log_event(log_level_t level, const char *msg, ...)
{
    if (!log_enabled(level))
        return;
    arena_t *a = arena_new();
    sb_t sb;
    jsonw_t w;
    char ts[40];
    sb_init(&sb, a);
    jw_init(&w, &sb, false);
    timestamp(ts, sizeof(ts));
    jw_object(&w);
    jw_kv_string(&w, "ts", ts);
    jw_kv_string(&w, "level", level_name(level));
    jw_kv_string(&w, "msg", msg ? msg : "");
    va_list ap;
    va_start(ap, msg);
    for (const char *key = va_arg(ap, const char *); key; key = va_arg(ap, const char *))
        write_field(&w, key, va_arg(ap, const char *));
    va_end(ap);
    jw_object_end(&w);
    sb_addc(&sb, '\n');
    write_all(atomic_load(&log_fd), sb.buf, sb.len);
    arena_free(a);
}
