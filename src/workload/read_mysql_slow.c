/* read_mysql_slow.c — the MySQL (5.5–8.x) and MariaDB (10.x, 11.x) slow query log.
 *
 * An entry is a block of '#' header lines, then optional `use db;` and
 * `SET timestamp=N;` lines, then the statement (one or more lines, ending with
 * ';'):
 *
 *   # Time: 261129 17:54:57                        (MariaDB; MySQL: 2026-11-29T17:54:57.123456Z)
 *   # User@Host: sbtest[sbtest] @ localhost []  Id:    12      (Id: MySQL only)
 *   # Thread_id: 12  Schema: sbtest  QC_hit: No              (MariaDB only)
 *   # Query_time: 0.000123  Lock_time: 0.000045  Rows_sent: 1  Rows_examined: 1
 *   use `sbtest`;
 *   SET timestamp=1795974897;
 *   SELECT c FROM sbtest1 WHERE id=1;
 *
 * The statement is everything after the header up to the next entry's first
 * line ("# Time:", "# User@Host:", a second "# Query_time:") or a server banner
 * (written at start-up and at FLUSH SLOW LOGS, so also mid-file); the trailing
 * ';' is dropped. Reading up to the next header rather than to a line ending in
 * ';' keeps statements whose string literals hold ";\n" in one piece.
 *
 * State that outlives an entry: the last "# Time:" (the server writes it only
 * when the second changes) and the last `use` (MySQL writes it only when the
 * database differs from the previous entry's, file-wide). The start time is,
 * best first: log_slow_extra's Start:, SET timestamp (the query's start, in
 * every entry), the last "# Time:" (the time the entry was written).
 *
 * Speed: a statement line costs a look at its first and last bytes and one
 * memcpy into a buffer reused across entries; header fields go to fixed
 * buffers. No allocation per line, no sscanf. */
#include "workload/reader_int.h"

#include <stdbool.h>
#include <string.h>

#include "base/arena.h"
#include "base/sb.h"
#include "workload/wl_time.h"
#include "base/banned.h"

/* User names are at most 80 bytes in MySQL 8, database names 64; a longer value
 * in a damaged log is cut rather than allowed to grow a buffer. */
#define SLOW_FIELD_MAX 128

typedef struct {
    char s[SLOW_FIELD_MAX];
    size_t len;
} slow_field_t;

typedef enum {
    SLOW_IDLE,    /* between entries: only a header line makes sense */
    SLOW_HEADER,  /* reading '#' lines, `use`, SET timestamp */
    SLOW_SQL,     /* after SET timestamp or the first statement line */
} slow_phase_t;

typedef struct {
    arena_t *arena;            /* holds this state and the statement buffer */
    slow_phase_t phase;
    long long first_line;      /* the entry's first line */
    bool seen_user, seen_query_time, admin, has_schema;
    long long set_ts_ms, start_ms;
    double duration_ms;
    long long rows;
    slow_field_t user, session, schema;
    sb_t sql;
    /* kept across entries */
    long long time_line_ms;
    slow_field_t last_use;
} slow_state_t;

/* ---- small text helpers ------------------------------------------------------ */

static bool has_prefix(const char *s, size_t len, const char *p, size_t plen)
{
    return len >= plen && memcmp(s, p, plen) == 0;
}

#define HAS_PREFIX(s, len, lit) has_prefix((s), (len), lit, sizeof(lit) - 1)

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static void field_set(slow_field_t *f, const char *s, size_t len)
{
    if (len > sizeof(f->s))
        len = sizeof(f->s);
    memcpy(f->s, s, len);
    f->len = len;
}

static wl_str_t field_str(const slow_field_t *f)
{
    wl_str_t out = {f->len ? f->s : NULL, f->len};
    return out;
}

/* "123" → 123; false unless every byte is a digit (and it fits). */
static bool parse_count(const char *s, size_t len, long long *out)
{
    if (len == 0 || len > 18)
        return false;
    long long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* "12.000345" → 12.000345: digits with an optional fraction, nothing else. */
static bool parse_seconds(const char *s, size_t len, double *out)
{
    size_t i = 0;
    double v = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && i < 15)
        v = v * 10 + (s[i++] - '0');
    if (i == 0)
        return false;
    if (i < len && s[i] == '.') {
        double scale = 0.1;
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, scale /= 10)
            v += (s[i] - '0') * scale;
    }
    if (i != len)
        return false;
    *out = v;
    return true;
}

/* ---- "Key: value" pairs of a header line ------------------------------------- */

/* Reads the next "Key: value" pair from s[*at..len). A key is a run of non-space
 * bytes ending in ':'; words without one (a host name, "@") are passed over. A
 * value that is itself a key ("Schema:   QC_hit: No") means the value is empty. */
static bool next_pair(const char *s, size_t len, size_t *at, wl_str_t *key, wl_str_t *val)
{
    size_t i = *at;
    for (;;) {
        while (i < len && is_space(s[i]))
            i++;
        if (i >= len)
            return false;
        size_t k = i;
        while (i < len && !is_space(s[i]) && s[i] != ':')
            i++;
        if (i < len && s[i] == ':' && i > k) {
            key->s = s + k;
            key->len = i - k;
            i++;
            break;
        }
        while (i < len && !is_space(s[i]))
            i++;
    }
    while (i < len && is_space(s[i]))
        i++;
    size_t v = i;
    while (i < len && !is_space(s[i]))
        i++;
    if (i > v && s[i - 1] == ':') { /* the next key: this value is empty */
        i = v;
        val->len = 0;
    } else {
        val->len = i - v;
    }
    val->s = s + v;
    *at = i;
    return true;
}

typedef void (*slow_key_fn)(slow_state_t *st, const char *v, size_t len);

static void key_query_time(slow_state_t *st, const char *v, size_t len)
{
    double secs;
    if (parse_seconds(v, len, &secs))
        st->duration_ms = secs * 1000.0;
}

static void key_rows_sent(slow_state_t *st, const char *v, size_t len)
{
    long long n;
    if (parse_count(v, len, &n))
        st->rows = n;
}

static void key_session(slow_state_t *st, const char *v, size_t len)
{
    long long n;
    if (parse_count(v, len, &n))
        field_set(&st->session, v, len);
}

static void key_schema(slow_state_t *st, const char *v, size_t len)
{
    field_set(&st->schema, v, len);
    st->has_schema = true;
}

static void key_start(slow_state_t *st, const char *v, size_t len)
{
    size_t used;
    long long ms = wl_parse_time(v, len, &used);
    if (ms > 0 && used == len)
        st->start_ms = ms;
}

/* The header keys that fill the entry; every other key is ignored. */
#define SLOW_KEY(lit, fn) {lit, sizeof(lit) - 1, fn}
static const struct {
    const char *name;
    size_t len;
    slow_key_fn fn;
} slow_keys[] = {
    SLOW_KEY("Query_time", key_query_time), /* seconds, microsecond precision */
    SLOW_KEY("Rows_sent", key_rows_sent),
    SLOW_KEY("Thread_id", key_session),     /* MariaDB; MySQL with log_slow_extra */
    SLOW_KEY("Id", key_session),            /* MySQL, on the User@Host line */
    SLOW_KEY("Schema", key_schema),         /* MariaDB, Percona */
    SLOW_KEY("Start", key_start),           /* MySQL log_slow_extra: start with microseconds */
};

static void read_pairs(slow_state_t *st, const char *s, size_t len, size_t at)
{
    wl_str_t key, val;
    while (next_pair(s, len, &at, &key, &val)) {
        for (size_t i = 0; i < sizeof(slow_keys) / sizeof(slow_keys[0]); i++) {
            if (slow_keys[i].len == key.len && slow_keys[i].name[0] == key.s[0] &&
                memcmp(slow_keys[i].name, key.s, key.len) == 0) {
                slow_keys[i].fn(st, val.s, val.len);
                break;
            }
        }
    }
}

/* "# User@Host: sbtest[sbtest] @ localhost [127.0.0.1]  Id:    12": the user is
 * the name before '[' (the account the server matched); pairs follow the last ']'. */
static void read_user_host(slow_state_t *st, const char *s, size_t len)
{
    size_t at = sizeof("# User@Host:") - 1;
    while (at < len && is_space(s[at]))
        at++;
    size_t u = at;
    while (at < len && s[at] != '[' && !is_space(s[at]))
        at++;
    field_set(&st->user, s + u, at - u);
    size_t close = len;
    while (close > at && s[close - 1] != ']')
        close--;
    read_pairs(st, s, len, close);
}

/* ---- the entry --------------------------------------------------------------- */

static void entry_reset(slow_state_t *st)
{
    st->phase = SLOW_IDLE;
    st->seen_user = st->seen_query_time = st->admin = st->has_schema = false;
    st->set_ts_ms = st->start_ms = 0;
    st->duration_ms = -1;
    st->rows = -1;
    st->user.len = st->session.len = st->schema.len = 0;
    sb_truncate(&st->sql, 0);
}

static void entry_begin(wl_reader_t *r, slow_state_t *st)
{
    entry_reset(st);
    st->phase = SLOW_HEADER;
    st->first_line = r->line;
}

/* The statement without trailing blanks and its one trailing ';'. */
static size_t statement_length(const char *s, size_t len)
{
    while (len > 0 && (is_space(s[len - 1]) || s[len - 1] == '\n'))
        len--;
    if (len > 0 && s[len - 1] == ';')
        len--;
    while (len > 0 && (is_space(s[len - 1]) || s[len - 1] == '\n'))
        len--;
    return len;
}

/* The start time, best first (see the top of the file). */
static long long entry_time(const slow_state_t *st)
{
    if (st->start_ms > 0)
        return st->start_ms;
    if (st->set_ts_ms > 0)
        return st->set_ts_ms;
    return st->time_line_ms;
}

/* Emits the entry being read, if it has a statement. A header that never got
 * one (a truncated log) counts its first line as skipped; an administrator
 * command is a valid entry that is not a statement, and a lone "# Time:" line
 * (a --jobs chunk ending between it and its User@Host) is not an entry at all. */
static void entry_flush(wl_reader_t *r, slow_state_t *st)
{
    if (st->phase == SLOW_IDLE)
        return;
    const char *sql = st->sql.buf;
    size_t len = statement_length(sql, st->sql.len);
    while (len > 0 && (is_space(*sql) || *sql == '\n')) {
        sql++;
        len--;
    }
    if (len > 0 && !st->admin) {
        wl_entry_t e = {
            .sql = {sql, len},
            .dialect = WL_DIALECT_MYSQL,
            .duration_ms = st->duration_ms,
            .rows = st->rows,
            .ts_ms = entry_time(st),
            .session = field_str(&st->session),
            .user = field_str(&st->user),
            .db = field_str(st->has_schema ? &st->schema : &st->last_use),
            .line = st->first_line,
            .calls = 1,
            .min_ms = -1,
            .max_ms = -1,
        };
        r->emit(r->ctx, &e);
    } else if (!st->admin && (st->seen_user || st->seen_query_time || st->sql.len > 0)) {
        wl_reader_skip_at(r, st->first_line);
    }
    entry_reset(st);
}

/* ---- line kinds -------------------------------------------------------------- */

/* The three lines the server writes when it opens the log:
 *   /usr/sbin/mariadbd, Version: 10.11.6-MariaDB-0+deb12u1-log (Debian 12). started with:
 *   Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock
 *   Time                 Id Command    Argument */
static bool is_banner(const char *s, size_t len)
{
    static const char started[] = "started with:";
    if (len >= sizeof(started) - 1 &&
        memcmp(s + len - (sizeof(started) - 1), started, sizeof(started) - 1) == 0)
        return memmem(s, len, ", Version: ", 11) != NULL;
    if (HAS_PREFIX(s, len, "Tcp port: "))
        return true;
    if (HAS_PREFIX(s, len, "Time") && len > 4 && is_space(s[4])) {
        static const char arg[] = "Argument";
        return len >= sizeof(arg) - 1 &&
               memcmp(s + len - (sizeof(arg) - 1), arg, sizeof(arg) - 1) == 0 &&
               memmem(s, len, "Id", 2) != NULL && memmem(s, len, "Command", 7) != NULL;
    }
    return false;
}

/* "# Time: …": remembered for the entries of the same second that follow. */
static void read_time_line(slow_state_t *st, const char *s, size_t len)
{
    size_t at = sizeof("# Time:") - 1;
    while (at < len && is_space(s[at]))
        at++;
    size_t used;
    long long ms = wl_parse_time(s + at, len - at, &used);
    if (ms > 0)
        st->time_line_ms = ms;
}

/* A '#' line that starts an entry, or belongs to the header being read; false
 * when it is neither (statement text, or nonsense between entries). */
static bool header_line(wl_reader_t *r, slow_state_t *st, const char *s, size_t len)
{
    if (HAS_PREFIX(s, len, "# Time:")) {
        entry_flush(r, st);
        entry_begin(r, st);
        read_time_line(st, s, len);
        return true;
    }
    bool in_header = st->phase == SLOW_HEADER;
    if (HAS_PREFIX(s, len, "# User@Host:")) {
        if (!in_header || st->seen_user || st->seen_query_time) {
            entry_flush(r, st);
            entry_begin(r, st);
        }
        st->seen_user = true;
        read_user_host(st, s, len);
        return true;
    }
    if (HAS_PREFIX(s, len, "# Query_time:")) {
        if (!in_header || st->seen_query_time) { /* log-short-format: no User@Host */
            entry_flush(r, st);
            entry_begin(r, st);
        }
        st->seen_query_time = true;
        read_pairs(st, s, len, 1);
        return true;
    }
    if (st->phase == SLOW_SQL && st->sql.len == 0 &&
        HAS_PREFIX(s, len, "# administrator command:")) {
        st->admin = true;
        return true;
    }
    if (in_header) {
        /* Only these lines hold keys of slow_keys; Rows_affected, Full_scan,
         * Filesort, explain, a lone "#" … are passed over unread. */
        if (HAS_PREFIX(s, len, "# Thread_id:") || HAS_PREFIX(s, len, "# Schema:"))
            read_pairs(st, s, len, 1);
        return true;
    }
    return false;
}

/* "use `sbtest`;" or "use sbtest;" */
static void read_use(slow_state_t *st, const char *s, size_t len)
{
    size_t at = 4, end = statement_length(s, len);
    if (end < at) /* "use ;" */
        end = at;
    while (at < end && is_space(s[at]))
        at++;
    if (end - at >= 2 && s[at] == '`' && s[end - 1] == '`') {
        at++;
        end--;
    }
    field_set(&st->last_use, s + at, end - at);
}

/* "SET timestamp=1795974897;" (seconds, perhaps with a fraction). */
static bool read_set_timestamp(slow_state_t *st, const char *s, size_t len)
{
    size_t at = sizeof("SET timestamp=") - 1, end = len;
    if (end == 0 || s[end - 1] != ';')
        return false;
    end--;
    double secs;
    if (!parse_seconds(s + at, end - at, &secs))
        return false;
    st->set_ts_ms = (long long)(secs * 1000.0 + 0.5);
    return true;
}

static void add_statement_line(slow_state_t *st, const char *s, size_t len)
{
    if (st->sql.len > 0)
        sb_addc(&st->sql, '\n');
    sb_addn(&st->sql, s, len);
}

static void slow_on_line(wl_reader_t *r, const char *s, size_t len)
{
    slow_state_t *st = r->state;
    if (len > 0 && s[0] == '#' && header_line(r, st, s, len))
        return;
    if (len > 0 && (s[0] == 'T' || s[len - 1] == ':') && is_banner(s, len)) {
        entry_flush(r, st);
        return;
    }
    switch (st->phase) {
    case SLOW_IDLE:
        if (len > 0)
            wl_reader_skip_line(r);
        return;
    case SLOW_HEADER:
        if (len == 0)
            return;
        if (HAS_PREFIX(s, len, "use ")) {
            read_use(st, s, len);
            return;
        }
        st->phase = SLOW_SQL;
        if (HAS_PREFIX(s, len, "SET timestamp=") && read_set_timestamp(st, s, len))
            return;
        add_statement_line(st, s, len);
        return;
    case SLOW_SQL:
        add_statement_line(st, s, len);
        return;
    }
}

static void slow_on_finish(wl_reader_t *r)
{
    entry_flush(r, r->state);
}

static void slow_on_free(wl_reader_t *r)
{
    slow_state_t *st = r->state;
    if (st)
        arena_free(st->arena);
    r->state = NULL;
}

int wl_read_mysql_slow_init(wl_reader_t *r)
{
    arena_t *a = arena_new();
    slow_state_t *st = arena_alloc(a, sizeof(*st));
    st->arena = a;
    sb_init(&st->sql, a);
    entry_reset(st);
    r->state = st;
    r->on_line = slow_on_line;
    r->on_finish = slow_on_finish;
    r->on_free = slow_on_free;
    r->get_prefix = NULL;
    return 0;
}

/* ---- for --jobs and detection ------------------------------------------------ */

bool wl_mysql_slow_starts_entry(const char *line, size_t len)
{
    return HAS_PREFIX(line, len, "# Time:") || HAS_PREFIX(line, len, "# User@Host:");
}

/* A slow log has one of its header lines among its first lines; the banner
 * alone is not enough (the general query log opens with the same one). */
bool wl_mysql_slow_looks_like(const char *head, size_t len)
{
    size_t at = 0;
    for (int n = 0; n < 64 && at < len; n++) {
        const char *nl = memchr(head + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - head) : len;
        const char *s = head + at;
        size_t l = end - at;
        if (HAS_PREFIX(s, l, "# User@Host:") || HAS_PREFIX(s, l, "# Query_time:"))
            return true;
        if (HAS_PREFIX(s, l, "# Time:")) {
            size_t used, t = sizeof("# Time:") - 1;
            while (t < l && is_space(s[t]))
                t++;
            if (wl_parse_time(s + t, l - t, &used) > 0)
                return true;
        }
        at = end + 1;
    }
    return false;
}
