/* pg_conn.c — libpq sessions: connect with retry and fallback, run statements,
 * keep passwords out of everything we say.
 *
 * Connecting uses libpq's non-blocking API (PQconnectStartParams + PQconnectPoll)
 * for one reason: error verbosity can only be raised on an existing PGconn, and
 * at VERBOSE libpq writes the server's SQLSTATE into the message of a refused
 * connection ("FATAL:  28P01: password authentication failed …"). That code is
 * what tells a transient failure (retry) from a permanent one (stop). The price
 * is enforcing connect_timeout ourselves, which we do per attempt (the timeout
 * times the number of hosts the DSN lists).
 *
 * Ownership: a PGconn belongs to the attempt that opened it until it is stored in
 * a live_t, and then to the live_t until pgc_close. Every PGresult is cleared in
 * the function that obtained it, after its contents are copied into the arena.
 * The PQconninfo array is freed where it is read.
 *
 * Secrets: a DSN is never printed. Descriptions come from PQhost/PQport/PQdb.
 * Messages from libpq or the server pass through scrub(), which replaces every
 * password we know of (the DSN's, PQpass, PGPASSWORD) with "***". */
#include "engine/pg/pg_conn.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/log.h"
#include "base/retry.h"
#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

enum {
    DEFAULT_STATEMENT_TIMEOUT_MS = 5000,
    DEFAULT_LOCK_TIMEOUT_MS = 1000,
    SNIPPET_BYTES = 120, /* how much of a failed statement an error quotes */
};

/* ---- SQLSTATEs ------------------------------------------------------------ */

/* Worth retrying (DESIGN.md §5); a two-character entry is a whole class. */
static const char *const transient_states[] = {
    "08", "40001", "40P01", "53300", "57P01", "57P02", "57P03",
};

/* How a failed statement maps to err_t codes; first matching prefix wins. */
static const struct {
    const char *prefix;
    err_code_t code;
} state_codes[] = {
    {"08", ERR_UNREACHABLE},   {"57P0", ERR_UNREACHABLE}, {"42601", ERR_SYNTAX},
    {"42", ERR_INVALID_REQUEST}, {"22", ERR_INVALID_REQUEST},
};

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool pgc_transient_sqlstate(const char *sqlstate)
{
    if (!sqlstate || strlen(sqlstate) != 5)
        return false;
    for (size_t i = 0; i < sizeof(transient_states) / sizeof(transient_states[0]); i++)
        if (has_prefix(sqlstate, transient_states[i]))
            return true;
    return false;
}

static err_code_t sqlstate_code(const char *sqlstate)
{
    for (size_t i = 0; sqlstate && i < sizeof(state_codes) / sizeof(state_codes[0]); i++)
        if (has_prefix(sqlstate, state_codes[i].prefix))
            return state_codes[i].code;
    return ERR_INTERNAL;
}

/* ---- finding passwords in DSNs ------------------------------------------- */

/* Byte ranges of a DSN that hold a password (quotes included for keyword
 * values), in order of position. */
typedef struct {
    size_t off, len;
} span_t;

typedef struct {
    span_t *v;
    int n, cap;
} spans_t;

static void span_add(arena_t *a, spans_t *sp, const char *dsn, const char *from, const char *to)
{
    if (to > from)
        ARENA_PUSH(a, sp->v, sp->n, sp->cap, ((span_t){(size_t)(from - dsn), (size_t)(to - from)}));
}

static size_t uri_prefix_len(const char *s)
{
    static const char *const prefixes[] = {"postgresql://", "postgres://"};
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (strncasecmp(s, prefixes[i], strlen(prefixes[i])) == 0)
            return strlen(prefixes[i]);
    return 0;
}

static int hexval(char c)
{
    return isdigit((unsigned char)c) ? c - '0'
           : isxdigit((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10
                                        : -1;
}

/* s[0..n) with %XX decoded (invalid escapes kept as they are). */
static char *percent_decode(arena_t *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        int hi = i + 2 < n && s[i] == '%' ? hexval(s[i + 1]) : -1;
        int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
        if (lo >= 0) {
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    return out;
}

/* ?k=v&k=v: the values of keys that decode to "password". */
static void uri_query_spans(arena_t *a, const char *dsn, const char *q, spans_t *sp)
{
    while (*q) {
        const char *key = q, *eq = NULL;
        while (*q && *q != '&') {
            if (*q == '=' && !eq)
                eq = q;
            q++;
        }
        if (eq && strcasecmp(percent_decode(a, key, (size_t)(eq - key)), "password") == 0)
            span_add(a, sp, dsn, eq + 1, q);
        if (*q == '&')
            q++;
    }
}

/* postgres://user:PASSWORD@host/db?password=PASSWORD. The userinfo ends at the
 * last '@' before the query; the query starts at the first '?' after a '/'. So a
 * raw '@', '/' or '?' inside a password still counts as password, and at worst
 * a database name containing '@' is hidden too. */
static void uri_spans(arena_t *a, const char *dsn, spans_t *sp)
{
    const char *start = dsn + uri_prefix_len(dsn);
    const char *slash = strchr(start, '/');
    const char *query = slash ? strchr(slash, '?') : NULL;
    const char *end = query ? query : start + strlen(start);
    const char *at = NULL;
    for (const char *p = start; p < end; p++)
        if (*p == '@')
            at = p;
    if (at) {
        const char *colon = memchr(start, ':', (size_t)(at - start));
        if (colon)
            span_add(a, sp, dsn, colon + 1, at);
        if (!query)
            query = strchr(at, '?');
    } else if (!query) {
        query = strchr(start, '?');
    }
    if (query)
        uri_query_spans(a, dsn, query + 1, sp);
}

static const char *skip_space(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

/* One keyword value as libpq reads it: 'quoted' or bare, \ escaping the next
 * character. Returns the end; an unterminated quote runs to the end of s. */
static const char *kw_value_end(const char *p)
{
    bool quoted = *p == '\'';
    if (quoted)
        p++;
    while (*p && (quoted ? *p != '\'' : !isspace((unsigned char)*p))) {
        if (*p == '\\' && p[1])
            p++;
        p++;
    }
    return quoted && *p ? p + 1 : p;
}

/* host=h password=PASSWORD dbname=d: a lenient reading of libpq's grammar, so a
 * malformed string still has its password found. */
static void kw_spans(arena_t *a, const char *dsn, spans_t *sp)
{
    const char *p = dsn;
    while (*(p = skip_space(p))) {
        const char *key = p;
        while (*p && *p != '=' && !isspace((unsigned char)*p))
            p++;
        size_t keylen = (size_t)(p - key);
        p = skip_space(p);
        if (*p != '=')
            continue;
        const char *value = skip_space(p + 1);
        p = kw_value_end(value);
        if (keylen == 8 && strncasecmp(key, "password", 8) == 0)
            span_add(a, sp, dsn, value, p);
    }
}

static spans_t password_spans(arena_t *a, const char *dsn)
{
    spans_t sp = {0};
    if (!dsn)
        return sp;
    if (uri_prefix_len(dsn))
        uri_spans(a, dsn, &sp);
    else if (strchr(dsn, '='))
        kw_spans(a, dsn, &sp);
    return sp;
}

const char *pgc_redact(arena_t *a, const char *dsn)
{
    if (!dsn)
        return NULL;
    spans_t sp = password_spans(a, dsn);
    sb_t sb;
    sb_init(&sb, a);
    size_t at = 0;
    for (int i = 0; i < sp.n; i++) {
        sb_addn(&sb, dsn + at, sp.v[i].off - at);
        sb_add(&sb, "***");
        at = sp.v[i].off + sp.v[i].len;
    }
    sb_add(&sb, dsn + at);
    return sb_str(&sb);
}

/* ---- scrubbing messages ------------------------------------------------------ */

typedef struct {
    const char **s;
    int n, cap;
} secrets_t;

static void secret_add(arena_t *a, secrets_t *sec, const char *s)
{
    if (s && *s)
        ARENA_PUSH(a, sec->s, sec->n, sec->cap, arena_strdup(a, s));
}

/* s with backslash escapes removed (a keyword value as libpq stores it). */
static char *unescape(arena_t *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n)
            i++;
        *o++ = s[i];
    }
    return out;
}

/* The pieces of a URI password between the characters that end URI parts.
 * libpq splits a password holding a raw '@' or '/' into user, host, port or
 * database, so a piece may show up in a message on its own. One-byte pieces are
 * left alone: hiding every "a" would garble the message and reveal little. */
static void uri_fragments(arena_t *a, const char *v, size_t n, secrets_t *sec)
{
    for (size_t i = 0, start = 0; i <= n; i++)
        if (i == n || strchr("@/?:,&=", v[i])) {
            if (i - start >= 2 && i - start < n)
                secret_add(a, sec, arena_strndup(a, v + start, i - start));
            start = i + 1;
        }
}

/* Every spelling of the DSN's passwords: raw, unquoted, unescaped, decoded, and
 * for URIs the pieces libpq might split them into. */
static void dsn_secrets(arena_t *a, const char *dsn, secrets_t *sec)
{
    spans_t sp = password_spans(a, dsn);
    bool uri = dsn && uri_prefix_len(dsn);
    for (int i = 0; i < sp.n; i++) {
        const char *v = dsn + sp.v[i].off;
        size_t n = sp.v[i].len;
        if (n >= 2 && v[0] == '\'' && v[n - 1] == '\'') {
            v++;
            n -= 2;
        }
        secret_add(a, sec, arena_strndup(a, v, n));
        secret_add(a, sec, unescape(a, v, n));
        secret_add(a, sec, percent_decode(a, v, n));
        if (uri)
            uri_fragments(a, v, n, sec);
    }
    secret_add(a, sec, getenv("PGPASSWORD"));
}

static const char *replace_all(arena_t *a, const char *msg, const char *needle)
{
    const char *hit = strstr(msg, needle);
    if (!hit)
        return msg;
    size_t n = strlen(needle);
    sb_t sb;
    sb_init(&sb, a);
    const char *p = msg;
    for (; hit; p = hit + n, hit = strstr(p, needle)) {
        sb_addn(&sb, p, (size_t)(hit - p));
        sb_add(&sb, "***");
    }
    sb_add(&sb, p);
    return sb_str(&sb);
}

/* msg with every occurrence of every secret replaced by "***", longest secret
 * first so that one secret inside another cannot leave a piece behind. */
static const char *scrub(arena_t *a, const char *msg, const secrets_t *sec)
{
    bool *done = arena_calloc(a, (size_t)sec->n + 1, sizeof(bool));
    for (int round = 0; round < sec->n; round++) {
        int best = -1;
        for (int i = 0; i < sec->n; i++)
            if (!done[i] && (best < 0 || strlen(sec->s[i]) > strlen(sec->s[best])))
                best = i;
        done[best] = true;
        msg = replace_all(a, msg, sec->s[best]);
    }
    return msg;
}

/* ---- connecting ---------------------------------------------------------------- */

typedef struct {
    const char *role; /* "primary" | "replica" */
    const char *dsn;  /* NULL or "" = PG* variables */
    bool replica;
} target_t;

/* Why one attempt failed. */
typedef struct {
    const char *desc;     /* "host:port/db", scrubbed */
    const char *sqlstate; /* the server's, NULL when it gave none */
    const char *reason;   /* one line, scrubbed */
    bool transient;
} failure_t;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts a non-blocking connection. Our settings come before the DSN in the
 * arrays, so the DSN's own connect_timeout / application_name win. NULL only
 * when libpq is out of memory; otherwise the caller owns (PQfinish) the result. */
static PGconn *start_conn(const char *dsn)
{
    const char *keys[4], *vals[4];
    int n = 0;
    if (!getenv("PGCONNECT_TIMEOUT")) {
        keys[n] = "connect_timeout";
        vals[n++] = "5";
    }
    keys[n] = "application_name";
    vals[n++] = "dbagent";
    if (dsn && *dsn) {
        keys[n] = "dbname";
        vals[n++] = dsn;
    }
    keys[n] = vals[n] = NULL;
    return PQconnectStartParams(keys, vals, 1);
}

/* libpq's connect_timeout for this connection in ms, times the number of hosts
 * (libpq applies it per host); -1 for no limit. libpq raises 1 s to 2 s. */
static int64_t conn_timeout_ms(PGconn *c)
{
    PQconninfoOption *opts = PQconninfo(c);
    int64_t secs = 0, hosts = 1;
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (!o->val)
            continue;
        if (strcmp(o->keyword, "connect_timeout") == 0)
            secs = strtol(o->val, NULL, 10);
        if (strcmp(o->keyword, "host") == 0 || strcmp(o->keyword, "hostaddr") == 0) {
            int64_t h = 1;
            for (const char *p = o->val; *p; p++)
                h += *p == ',';
            hosts = h > hosts ? h : hosts;
        }
    }
    PQconninfoFree(opts);
    if (secs <= 0)
        return -1;
    if (secs > 86400)
        secs = 86400;
    return (secs < 2 ? 2 : secs) * 1000 * hosts;
}

/* Waits until the socket is ready for what libpq asked; false at the deadline
 * (-1 = none). Errors and hang-ups count as ready: PQconnectPoll reports them. */
static bool wait_socket(PGconn *c, bool reading, int64_t deadline)
{
    struct pollfd p = {.fd = PQsocket(c), .events = reading ? POLLIN : POLLOUT};
    if (p.fd < 0)
        return true;
    for (;;) {
        int64_t left = deadline < 0 ? -1 : deadline - now_ms();
        if (deadline >= 0 && left <= 0)
            return false;
        int r = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
        if (r != 0 && !(r < 0 && errno == EINTR))
            return true;
    }
}

/* Drives PQconnectPoll to the end; false when timeout_ms (-1 = none) ran out. */
static bool poll_until_done(PGconn *c, int64_t timeout_ms)
{
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    PostgresPollingStatusType st = PGRES_POLLING_WRITING; /* as libpq's docs say */
    while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
        if (!wait_socket(c, st == PGRES_POLLING_READING, deadline))
            return false;
        st = PQconnectPoll(c);
    }
    return true;
}

static const char *or_unknown(const char *s)
{
    return s && *s ? s : "?";
}

/* "host:port/db" from what libpq parsed (never from the DSN text). */
static const char *describe_conn(arena_t *a, PGconn *c, const secrets_t *sec)
{
    const char *d = arena_printf(a, "%s:%s/%s", or_unknown(PQhost(c)), or_unknown(PQport(c)),
                                 or_unknown(PQdb(c)));
    return scrub(a, d, sec); /* a mangled URI can put password bytes into "host" */
}

/* The position of the SQLSTATE in a verbose message ("FATAL:  28P01: …"), the
 * last one when there are several (several hosts tried), else NULL. */
static const char *find_sqlstate(const char *msg)
{
    const char *found = NULL;
    for (const char *p = strstr(msg, ":  "); p; p = strstr(p + 1, ":  ")) {
        const char *s = p + 3;
        bool ok = true;
        for (int i = 0; i < 5 && ok; i++)
            ok = isdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]);
        if (ok && s[5] == ':')
            found = s;
    }
    return found;
}

/* The reason in a libpq connection message: the text after "failed: " on the
 * last line that has one, without severity and SQLSTATE, lower-cased when it
 * starts with a capitalised word ("Connection refused" → "connection refused"). */
static const char *reason_line(arena_t *a, const char *msg)
{
    const char *best = msg;
    for (const char *line = msg; *line;) {
        size_t len = strcspn(line, "\n");
        const char *f = strstr(line, "failed: ");
        if (f && f < line + len)
            best = f + 8;
        line += len + (line[len] == '\n');
    }
    const char *state = find_sqlstate(best);
    if (state && state < best + strcspn(best, "\n"))
        best = state + 7; /* "28P01: " */
    best = skip_space(best);
    char *r = arena_strndup(a, best, strcspn(best, "\n"));
    for (size_t n = strlen(r); n > 0 && isspace((unsigned char)r[n - 1]); n--)
        r[n - 1] = '\0';
    if (isupper((unsigned char)r[0]) && islower((unsigned char)r[1]))
        r[0] = (char)tolower((unsigned char)r[0]);
    return *r ? r : "unknown error";
}

/* False when libpq cannot parse dsn as a URI or keyword string: retrying that
 * is pointless. (A plain word is a database name, and always fine.) */
static bool conninfo_valid(const char *dsn)
{
    if (!dsn || !(uri_prefix_len(dsn) || strchr(dsn, '=')))
        return true;
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(dsn, &msg);
    PQconninfoFree(opts);
    PQfreemem(msg);
    return opts != NULL;
}

/* Fills f for a connection that did not come up. valid: libpq can parse the
 * connection string. Without a SQLSTATE the failure is transient (refused,
 * unreachable, unknown host, timeout) unless the string itself is invalid. */
static void conn_failure(arena_t *a, PGconn *c, const secrets_t *sec, bool valid, bool timed_out,
                         failure_t *f)
{
    const char *msg = PQerrorMessage(c);
    const char *state = timed_out ? NULL : find_sqlstate(msg);
    f->sqlstate = state ? arena_strndup(a, state, 5) : NULL;
    f->transient = valid && (!state || pgc_transient_sqlstate(f->sqlstate));
    const char *why = timed_out ? "timeout expired" : reason_line(a, msg);
    if (!valid)
        why = arena_printf(a, "invalid connection string: %s", why);
    if (f->sqlstate)
        why = arena_printf(a, "%s (SQLSTATE %s)", why, f->sqlstate);
    f->reason = scrub(a, why, sec);
}

/* Fills f for a session statement that failed after the connection came up. */
static void result_failure(arena_t *a, PGconn *c, const PGresult *res, const secrets_t *sec,
                           failure_t *f)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    f->sqlstate = state ? arena_strdup(a, state) : NULL;
    f->transient = state ? pgc_transient_sqlstate(state) : PQstatus(c) == CONNECTION_BAD;
    const char *why = primary ? primary : reason_line(a, PQerrorMessage(c));
    why = arena_printf(a, "session setup failed: %s%s%s%s", why, state ? " (SQLSTATE " : "",
                       state ? state : "", state ? ")" : "");
    f->reason = scrub(a, why, sec);
}

/* The read-only session of DESIGN.md §5. 0, or -1 with f filled. */
static int setup_session(arena_t *a, PGconn *c, const live_opts_t *o, const secrets_t *sec,
                         failure_t *f)
{
    int st = o->statement_timeout_ms > 0 ? o->statement_timeout_ms : DEFAULT_STATEMENT_TIMEOUT_MS;
    int lt = o->lock_timeout_ms > 0 ? o->lock_timeout_ms : DEFAULT_LOCK_TIMEOUT_MS;
    const char *sets[] = {
        "SET default_transaction_read_only = on",
        arena_printf(a, "SET statement_timeout = %d", st),
        arena_printf(a, "SET lock_timeout = %d", lt),
        "SET application_name = 'dbagent'",
    };
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
        PGresult *res = PQexec(c, sets[i]);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok)
            result_failure(a, c, res, sec, f);
        PQclear(res);
        if (!ok)
            return -1;
    }
    return 0;
}

/* One attempt at a target: a connected, set-up session, or NULL with f filled.
 * Adds the password libpq ended up with (DSN, PGPASSWORD or .pgpass) to sec. */
static PGconn *attempt(arena_t *a, const live_opts_t *o, const target_t *t, secrets_t *sec,
                       failure_t *f)
{
    memset(f, 0, sizeof(*f));
    PGconn *c = start_conn(t->dsn);
    if (!c) {
        f->desc = "?";
        f->reason = "out of memory in libpq";
        return NULL;
    }
    secret_add(a, sec, PQpass(c));
    f->desc = describe_conn(a, c, sec);
    /* libpq may fail inside PQconnectStartParams: bad options, unknown host, or
     * a refusal seen at once. Otherwise the handshake is ours to drive. */
    bool started = PQstatus(c) != CONNECTION_BAD, in_time = true;
    if (started) {
        PQsetErrorVerbosity(c, PQERRORS_VERBOSE); /* puts the SQLSTATE in the message */
        in_time = poll_until_done(c, conn_timeout_ms(c));
    }
    if (!started || !in_time || PQstatus(c) != CONNECTION_OK) {
        conn_failure(a, c, sec, conninfo_valid(t->dsn), !in_time, f);
        goto fail;
    }
    PQsetErrorVerbosity(c, PQERRORS_DEFAULT);
    if (setup_session(a, c, o, sec, f) < 0)
        goto fail;
    return c;
fail:
    PQfinish(c);
    return NULL;
}

static void log_failure(const target_t *t, const failure_t *f, int attempt_no, int attempts)
{
    char k[16], n[16];
    snprintf(k, sizeof(k), "%d", attempt_no);
    snprintf(n, sizeof(n), "%d", attempts);
    log_event(LOG_WARN, "connection attempt failed", "target", f->desc, "role", t->role,
              "attempt", k, "attempts", n, "sqlstate", f->sqlstate, "reason", f->reason,
              "retry", f->transient && attempt_no < attempts ? "yes" : "no", NULL);
}

static void log_delay(const target_t *t, const failure_t *f, int attempt_no, int delay)
{
    char k[16], d[16];
    snprintf(k, sizeof(k), "%d", attempt_no + 1);
    snprintf(d, sizeof(d), "%d", delay);
    log_event(LOG_WARN, "connection retry scheduled", "target", f->desc, "role", t->role,
              "next_attempt", k, "delay_ms", d, NULL);
}

static live_t *new_live(arena_t *a, PGconn *c, const target_t *t, const char *desc)
{
    live_t *l = arena_alloc(a, sizeof(*l));
    l->conn = c;
    l->arena = a;
    l->replica = t->replica;
    l->desc = arena_printf(a, "%s (%s)", desc, t->role);
    l->server_version_num = PQserverVersion(c);
    char v[16];
    snprintf(v, sizeof(v), "%d", l->server_version_num);
    log_event(LOG_INFO, "connected", "target", l->desc, "server_version_num", v, NULL);
    return l;
}

/* Tries one target per the policy: 0 with *out set, or -1 with f the last
 * attempt's failure and *tries the number of attempts made. */
static int try_target(arena_t *a, const live_opts_t *o, retry_policy_t *pol, const target_t *t,
                      live_t **out, failure_t *f, int *tries)
{
    secrets_t sec = {0};
    dsn_secrets(a, t->dsn, &sec);
    int attempts = pol->attempts > 0 ? pol->attempts : 1;
    for (int k = 1;; k++) {
        *tries = k;
        PGconn *c = attempt(a, o, t, &sec, f);
        if (c) {
            *out = new_live(a, c, t, f->desc);
            return 0;
        }
        log_failure(t, f, k, attempts);
        if (!f->transient || k >= attempts)
            return -1;
        int delay = retry_delay_ms(pol, k);
        log_delay(t, f, k, delay);
        retry_sleep_ms(delay);
    }
}

int pgc_connect(arena_t *a, const live_opts_t *o, live_t **out, err_t *err)
{
    const target_t targets[] = {
        {"primary", o->dsn, false},
        {"replica", o->replica_dsn, true},
    };
    retry_policy_t pol = o->retry; /* our copy: the delays advance its seed */
    sb_t tried;
    sb_init(&tried, a);
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        const target_t *t = &targets[i];
        if (t->replica && !(t->dsn && *t->dsn))
            continue;
        failure_t f;
        int tries = 0;
        if (try_target(a, o, &pol, t, out, &f, &tries) == 0)
            return 0;
        sb_addf(&tried, "%s%s %s — %s (%d attempt%s)", tried.len ? "; " : "", t->role, f.desc,
                f.reason, tries, tries == 1 ? "" : "s");
    }
    return err_set(err, ERR_UNREACHABLE, "could not connect: %s", sb_str(&tried));
}

/* ---- statements ----------------------------------------------------------------- */

/* The start of a statement for an error message: blanks collapsed, at most
 * SNIPPET_BYTES, cut on a UTF-8 boundary. */
static const char *snippet(arena_t *a, const char *sql)
{
    sb_t sb;
    sb_init(&sb, a);
    for (const char *p = skip_space(sql); *p && sb.len < SNIPPET_BYTES; p++) {
        if (isspace((unsigned char)*p)) {
            p = skip_space(p) - 1;
            if (p[1])
                sb_addc(&sb, ' ');
            continue;
        }
        sb_addc(&sb, *p);
    }
    bool cut = strlen(skip_space(sql)) > sb.len && sb.len >= SNIPPET_BYTES;
    while (cut && sb.len > 0 && ((unsigned char)sb.buf[sb.len] & 0xC0) == 0x80)
        sb_truncate(&sb, sb.len - 1);
    if (cut)
        sb_add(&sb, "…");
    return sb_str(&sb);
}

/* Leaves a connection stuck in COPY usable again (nobody should COPY here). */
static void drain_copy(PGconn *c, ExecStatusType st)
{
    char *buf;
    if (st == PGRES_COPY_IN)
        PQputCopyEnd(c, "dbagent does not send COPY data");
    while (st == PGRES_COPY_OUT && PQgetCopyData(c, &buf, 0) > 0)
        PQfreemem(buf);
    for (PGresult *r = PQgetResult(c); r; r = PQgetResult(c))
        PQclear(r);
}

/* Copies a successful result into the arena. Does not clear res. */
static void copy_rows(arena_t *a, const PGresult *res, pgc_rows_t *r)
{
    r->nrows = PQntuples(res);
    r->ncols = PQnfields(res);
    r->sqlstate = NULL;
    r->names = arena_calloc(a, (size_t)r->ncols + 1, sizeof(*r->names));
    for (int c = 0; c < r->ncols; c++)
        r->names[c] = arena_strdup(a, PQfname(res, c));
    r->values = arena_calloc(a, (size_t)r->nrows * (size_t)r->ncols + 1, sizeof(*r->values));
    for (int i = 0; i < r->nrows; i++)
        for (int c = 0; c < r->ncols; c++)
            if (!PQgetisnull(res, i, c))
                r->values[(size_t)i * (size_t)r->ncols + (size_t)c] =
                    arena_strndup(a, PQgetvalue(res, i, c), (size_t)PQgetlength(res, i, c));
}

/* Fills err (and rows->sqlstate) for a failed statement. Does not clear res. */
static int query_error(live_t *l, const PGresult *res, const char *sql, pgc_rows_t *rows,
                       err_t *err)
{
    arena_t *a = l->arena;
    secrets_t sec = {0};
    secret_add(a, &sec, PQpass(l->conn));
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    rows->sqlstate = state ? arena_strdup(a, state) : NULL;
    if (!primary) {
        const char *m = res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res)
                                                           : PQerrorMessage(l->conn);
        primary = *m ? reason_line(a, m) : "statement failed";
    }
    primary = scrub(a, primary, &sec);
    if (!state && PQstatus(l->conn) == CONNECTION_BAD)
        return err_set(err, ERR_UNREACHABLE, "%s: connection lost: %s", l->desc, primary);
    return err_set(err, sqlstate_code(state), "%s (SQLSTATE %s) in: %s", primary,
                   state ? state : "none", snippet(a, sql));
}

int pgc_query(live_t *l, const char *sql, int nparams, const char *const *params,
              pgc_rows_t *rows, err_t *err)
{
    pgc_rows_t discard;
    if (!rows)
        rows = &discard;
    memset(rows, 0, sizeof(*rows));
    if (!l || !l->conn)
        return err_set(err, ERR_UNREACHABLE, "not connected");
    PGresult *res = PQexecParams(l->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res); /* PGRES_FATAL_ERROR for NULL */
    int rc = 0;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        copy_rows(l->arena, res, rows);
    else if (st == PGRES_EMPTY_QUERY)
        rc = err_set(err, ERR_INVALID_REQUEST, "empty statement");
    else if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH)
        rc = err_set(err, ERR_INVALID_REQUEST, "COPY is not supported in: %s",
                     snippet(l->arena, sql));
    else
        rc = query_error(l, res, sql, rows, err);
    PQclear(res);
    if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH)
        drain_copy(l->conn, st);
    return rc;
}

int pgc_exec(live_t *l, const char *sql, err_t *err)
{
    return pgc_query(l, sql, 0, NULL, NULL, err);
}

int pgc_column(const pgc_rows_t *r, const char *name)
{
    for (int c = 0; r && name && c < r->ncols; c++)
        if (strcmp(r->names[c], name) == 0)
            return c;
    return -1;
}

const char *pgc_get(const pgc_rows_t *r, int row, const char *column)
{
    int c = pgc_column(r, column);
    if (c < 0 || row < 0 || row >= r->nrows)
        return NULL;
    return r->values[(size_t)row * (size_t)r->ncols + (size_t)c];
}

const char *pgc_describe(live_t *l)
{
    return l ? l->desc : "(not connected)";
}

void pgc_close(live_t *l)
{
    if (!l || !l->conn)
        return;
    PQfinish(l->conn);
    l->conn = NULL;
}
