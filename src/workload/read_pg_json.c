/* read_pg_json.c — PostgreSQL's jsonlog (log_destination = 'jsonlog', 15+).
 *
 * One flat JSON object per line: {"timestamp":"…","user":"…","dbname":"…",
 * "pid":123,"session_id":"…","error_severity":"LOG","message":"…",
 * "detail":"…","application_name":"…",…}. A small scanner reads it — keys and
 * string values with JSON's escapes (decoded only when a value has any),
 * numbers, true/false/null; a nested value, which PostgreSQL never writes, is
 * stepped over. Values point into the line or into one decode buffer as long
 * as the line. A line that is not such an object, or that has no
 * error_severity, is skipped. The message and detail go to pg_message.c with
 * the detail inline. */
#include "workload/reader_int.h"

#include <stdlib.h>
#include <string.h>

#include "workload/pg_message.h"
#include "workload/wl_time.h"

#include "base/banned.h"

enum { NEST_MAX = 64 };

typedef enum {
    K_TIMESTAMP, K_USER, K_DBNAME, K_PID, K_SESSION, K_SEVERITY, K_MESSAGE, K_DETAIL, K_APP,
    K_COUNT, K_OTHER = K_COUNT,
} json_key_t;

static const struct {
    const char *name;
    size_t len;
} keys[K_COUNT] = {
    [K_TIMESTAMP] = {"timestamp", 9}, [K_USER] = {"user", 4},
    [K_DBNAME] = {"dbname", 6},       [K_PID] = {"pid", 3},
    [K_SESSION] = {"session_id", 10}, [K_SEVERITY] = {"error_severity", 14},
    [K_MESSAGE] = {"message", 7},     [K_DETAIL] = {"detail", 6},
    [K_APP] = {"application_name", 16},
};

typedef struct {
    pgm_t *pgm;
    pgm_buf_t dec;             /* decoded strings of the current line */
} json_state_t;

typedef struct {
    const char *s;
    size_t len, at;
    json_state_t *st;
    wl_str_t val[K_COUNT];
} scan_t;

static void skip_ws(scan_t *sc)
{
    while (sc->at < sc->len && (sc->s[sc->at] == ' ' || sc->s[sc->at] == '\t' ||
                                sc->s[sc->at] == '\r' || sc->s[sc->at] == '\n'))
        sc->at++;
}

/* A string at sc->at: as it stands when it has no backslash, else decoded
 * into st->dec (sized for the whole line, so earlier values never move). */
static bool read_string(scan_t *sc, wl_str_t *out)
{
    const char *s = sc->s + sc->at + 1;
    size_t rest = sc->len - sc->at - 1;
    const char *q = memchr(s, '"', rest);
    const char *bs = memchr(s, '\\', q ? (size_t)(q - s) : rest);
    if (q && !bs) {
        out->s = s;
        out->len = (size_t)(q - s);
        sc->at += out->len + 2;
        return true;
    }
    char *dst = sc->st->dec.p + sc->st->dec.len;
    size_t n, used = pgm_json_string(sc->s + sc->at, sc->len - sc->at, dst, &n);
    if (used == 0)
        return false;
    sc->st->dec.len += n;
    out->s = dst;
    out->len = n;
    sc->at += used;
    return true;
}

/* A number, true, false or null: the bytes up to the next delimiter. */
static bool read_scalar(scan_t *sc, wl_str_t *out)
{
    size_t b = sc->at;
    while (sc->at < sc->len && sc->s[sc->at] != ',' && sc->s[sc->at] != '}' &&
           sc->s[sc->at] != ' ' && sc->s[sc->at] != ']')
        sc->at++;
    out->s = sc->s + b;
    out->len = sc->at - b;
    return out->len > 0;
}

/* A nested object or array, stepped over with its strings. */
static bool skip_nested(scan_t *sc)
{
    int depth = 0;
    while (sc->at < sc->len) {
        char c = sc->s[sc->at];
        if (c == '"') {
            wl_str_t ignored;
            if (!read_string(sc, &ignored))
                return false;
            continue;
        }
        if (c == '{' || c == '[') {
            if (++depth > NEST_MAX)
                return false;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                sc->at++;
                return true;
            }
        }
        sc->at++;
    }
    return false;
}

static json_key_t which_key(const wl_str_t *k)
{
    for (int i = 0; i < K_COUNT; i++)
        if (keys[i].len == k->len && memcmp(keys[i].name, k->s, k->len) == 0)
            return (json_key_t)i;
    return K_OTHER;
}

static bool read_member(scan_t *sc)
{
    wl_str_t key, v;
    if (sc->at >= sc->len || sc->s[sc->at] != '"' || !read_string(sc, &key))
        return false;
    skip_ws(sc);
    if (sc->at >= sc->len || sc->s[sc->at] != ':')
        return false;
    sc->at++;
    skip_ws(sc);
    if (sc->at >= sc->len)
        return false;
    char c = sc->s[sc->at];
    bool ok = c == '"' ? read_string(sc, &v) : c == '{' || c == '[' ? skip_nested(sc)
                                                                   : read_scalar(sc, &v);
    if (!ok)
        return false;
    json_key_t k = which_key(&key);
    if (k != K_OTHER && c != '{' && c != '[')
        sc->val[k] = v;
    return true;
}

static bool scan_object(scan_t *sc)
{
    skip_ws(sc);
    if (sc->at >= sc->len || sc->s[sc->at] != '{')
        return false;
    sc->at++;
    skip_ws(sc);
    if (sc->at < sc->len && sc->s[sc->at] == '}') {
        sc->at++;
    } else {
        for (;;) {
            if (!read_member(sc))
                return false;
            skip_ws(sc);
            if (sc->at >= sc->len)
                return false;
            char c = sc->s[sc->at++];
            if (c == '}')
                break;
            if (c != ',')
                return false;
            skip_ws(sc);
        }
    }
    skip_ws(sc);
    return sc->at == sc->len;
}

static void on_line(wl_reader_t *r, const char *line, size_t len)
{
    json_state_t *st = r->state;
    if (len == 0)
        return;
    scan_t sc = {.s = line, .len = len, .st = st};
    st->dec.len = 0;
    pgm_buf_reserve(&st->dec, len);
    if (!scan_object(&sc) || !sc.val[K_SEVERITY].s) {
        wl_reader_skip_line(r);
        return;
    }
    size_t used;
    long long ts = sc.val[K_TIMESTAMP].s
                       ? wl_parse_time(sc.val[K_TIMESTAMP].s, sc.val[K_TIMESTAMP].len, &used)
                       : -1;
    pgm_msg_t m = {
        .sev = pgm_severity_name(sc.val[K_SEVERITY].s, sc.val[K_SEVERITY].len),
        .text = sc.val[K_MESSAGE].s ? sc.val[K_MESSAGE].s : "",
        .len = sc.val[K_MESSAGE].len,
        .detail = sc.val[K_DETAIL],
        .ts_ms = ts < 0 ? 0 : ts,
        .line = r->line,
        .session = sc.val[K_SESSION].s ? sc.val[K_SESSION] : sc.val[K_PID],
        .user = sc.val[K_USER],
        .db = sc.val[K_DBNAME],
        .app = sc.val[K_APP],
    };
    pgm_message(st->pgm, &m);
}

static void on_finish(wl_reader_t *r)
{
    json_state_t *st = r->state;
    pgm_finish(st->pgm);
}

static void on_free(wl_reader_t *r)
{
    json_state_t *st = r->state;
    if (!st)
        return;
    pgm_free(st->pgm);
    pgm_buf_release(&st->dec);
    free(st);
}

int wl_read_pg_json_init(wl_reader_t *r)
{
    json_state_t *st = calloc(1, sizeof(*st));
    if (!st)
        abort();
    st->pgm = pgm_new(r, true);
    r->state = st;
    r->on_line = on_line;
    r->on_finish = on_finish;
    r->on_free = on_free;
    return 0;
}
