/* pg_message.c — PostgreSQL log messages to entries, for the stderr, csvlog and
 * jsonlog readers (see pg_message.h for the messages understood).
 *
 * State lives per session in a table of at most PGM_SLOTS pending records, found
 * through an open-addressing index of session keys. A record holds at most one
 * unfinished entry (an execute waiting for its parameters, a log_statement line
 * waiting for its duration, an auto_explain plan waiting to see whether its
 * statement line follows) plus the identity of the session's last timed
 * statement, which a plan logged after its statement (extended-protocol
 * SELECTs) is matched against. Records are reused oldest first when the table
 * is full: their pending entry is emitted early, never lost.
 *
 * Entries are emitted in each session's order; across sessions an entry may be
 * emitted after a later line of another session. */
#include "workload/pg_message.h"

#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

enum {
    PGM_SLOTS = 1024,          /* sessions followed at once */
    PGM_INDEX = 2048,          /* open-addressing index, twice the slots */
    PGM_KEY_MAX = 64,          /* bytes of a session key compared */
    PGM_BUF_KEEP = 16384,      /* an idle record keeps at most this much buffer */
};

/* ------------------------------------------------------------------ buffers */

void pgm_buf_reserve(pgm_buf_t *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra) {
        if (cap > SIZE_MAX / 2)
            abort();
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p)
        abort();   /* as the arena does: no caller checks for out of memory */
    b->p = p;
    b->cap = cap;
}

void pgm_buf_add(pgm_buf_t *b, const char *s, size_t n)
{
    pgm_buf_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
}

void pgm_buf_release(pgm_buf_t *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ------------------------------------------------------------------ severities */

typedef struct {
    const char *name;
    unsigned char len;
    pgm_sev_t sev;
} sev_name_t;

static const sev_name_t sev_names[] = {
    {"LOG", 3, PGM_SEV_LOG},           {"ERROR", 5, PGM_SEV_ERROR},
    {"DETAIL", 6, PGM_SEV_DETAIL},     {"STATEMENT", 9, PGM_SEV_STATEMENT},
    {"WARNING", 7, PGM_SEV_WARNING},   {"FATAL", 5, PGM_SEV_FATAL},
    {"PANIC", 5, PGM_SEV_PANIC},       {"HINT", 4, PGM_SEV_HINT},
    {"CONTEXT", 7, PGM_SEV_CONTEXT},   {"NOTICE", 6, PGM_SEV_NOTICE},
    {"INFO", 4, PGM_SEV_INFO},         {"QUERY", 5, PGM_SEV_QUERY},
    {"LOCATION", 8, PGM_SEV_LOCATION}, {"DEBUG1", 6, PGM_SEV_DEBUG},
    {"DEBUG2", 6, PGM_SEV_DEBUG},      {"DEBUG3", 6, PGM_SEV_DEBUG},
    {"DEBUG4", 6, PGM_SEV_DEBUG},      {"DEBUG5", 6, PGM_SEV_DEBUG},
};

pgm_sev_t pgm_severity_name(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof(sev_names) / sizeof(sev_names[0]); i++)
        if (sev_names[i].len == len && memcmp(sev_names[i].name, s, len) == 0)
            return sev_names[i].sev;
    return PGM_SEV_NONE;
}

pgm_sev_t pgm_severity_parse(const char *s, size_t len, size_t *used)
{
    *used = 0;
    if (len < 6 || s[0] < 'A' || s[0] > 'Z')
        return PGM_SEV_NONE;
    for (size_t i = 0; i < sizeof(sev_names) / sizeof(sev_names[0]); i++) {
        const sev_name_t *n = &sev_names[i];
        if (n->name[0] != s[0] || len < (size_t)n->len + 3)
            continue;
        if (memcmp(s, n->name, n->len) == 0 && memcmp(s + n->len, ":  ", 3) == 0) {
            *used = (size_t)n->len + 3;
            return n->sev;
        }
    }
    return PGM_SEV_NONE;
}

bool pgm_severity_is_part(pgm_sev_t sev)
{
    return sev >= PGM_SEV_DETAIL;
}

/* ------------------------------------------------------------------ classification */

#define STARTS(s, len, lit) pgm_starts((s), (len), (lit), sizeof(lit) - 1)

/* "1.234" as milliseconds; advances *at. Hand-written: strtod is locale-bound. */
static bool read_ms(const char *s, size_t len, size_t *at, double *out)
{
    size_t i = *at;
    double v = 0;
    size_t digits = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 18) {
        v = v * 10 + (s[i++] - '0');
        digits++;
    }
    if (digits == 0)
        return false;
    if (i < len && s[i] == '.') {
        double scale = 0.1;
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            v += (s[i++] - '0') * scale;
            scale *= 0.1;
        }
    }
    *at = i;
    *out = v;
    return true;
}

/* The statement after "NAME: " in "execute NAME: SQL" (or parse/bind). */
static bool after_name(const char *s, size_t len, size_t at, size_t *sql_at)
{
    const char *colon = at < len ? memmem(s + at, len - at, ": ", 2) : NULL;
    if (!colon)
        return false;
    *sql_at = (size_t)(colon - s) + 2;
    return true;
}

typedef struct {
    pgm_kind_t kind;
    double ms;
    size_t sql_at;       /* statement (or plan, or parameters) text start */
} parsed_t;

static parsed_t parse_log(const char *t, size_t len)
{
    parsed_t r = {PGM_OTHER, -1, 0};
    size_t at = 0;
    if (STARTS(t, len, "statement: ")) {
        r.kind = PGM_STATEMENT;
        r.sql_at = 11;
        return r;
    }
    if (STARTS(t, len, "execute ")) {
        if (after_name(t, len, 8, &r.sql_at))
            r.kind = PGM_EXECUTE;
        return r;
    }
    if (!STARTS(t, len, "duration: "))
        return r;
    at = 10;
    if (!read_ms(t, len, &at, &r.ms) || !pgm_starts(t + at, len - at, " ms", 3))
        return r;
    at += 3;
    const char *rest = t + at;
    size_t rlen = len - at;
    if (rlen == 0) {
        r.kind = PGM_DUR_ONLY;
    } else if (STARTS(rest, rlen, "  statement: ")) {
        r.kind = PGM_DUR_STATEMENT;
        r.sql_at = at + 13;
    } else if (STARTS(rest, rlen, "  execute ")) {
        if (after_name(t, len, at + 10, &r.sql_at))
            r.kind = PGM_DUR_EXECUTE;
    } else if (STARTS(rest, rlen, "  parse ") || STARTS(rest, rlen, "  bind ")) {
        r.kind = PGM_DUR_PREPARE;
    } else if (STARTS(rest, rlen, "  plan:")) {
        r.kind = PGM_DUR_PLAN;
        r.sql_at = at + 7;
    }
    return r;
}

static parsed_t parse_message(pgm_sev_t sev, const char *t, size_t len)
{
    parsed_t r = {PGM_OTHER, -1, 0};
    switch (sev) {
    case PGM_SEV_LOG:
        return parse_log(t, len);
    case PGM_SEV_DETAIL:
        if (STARTS(t, len, "parameters: ")) {
            r.kind = PGM_PARAMETERS;
            r.sql_at = 12;
        }
        return r;
    case PGM_SEV_ERROR:
    case PGM_SEV_FATAL:
    case PGM_SEV_PANIC:
        r.kind = PGM_ERROR;
        return r;
    default:
        return r;
    }
}

pgm_kind_t pgm_classify(pgm_sev_t sev, const char *text, size_t len)
{
    return parse_message(sev, text, len).kind;
}

bool pgm_kind_needs_text(pgm_kind_t kind)
{
    switch (kind) {
    case PGM_DUR_STATEMENT:
    case PGM_DUR_EXECUTE:
    case PGM_DUR_PLAN:
    case PGM_STATEMENT:
    case PGM_EXECUTE:
    case PGM_PARAMETERS:
        return true;
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ pending table */

typedef enum {
    PEND_NONE = 0,
    PEND_PLAN,         /* an auto_explain plan; dropped if its statement line follows */
    PEND_EXEC,         /* a timed execute waiting for its DETAIL parameters */
    PEND_UNTIMED,      /* a log_statement line waiting for its duration */
} pend_state_t;

typedef struct {
    bool used;
    pend_state_t state;
    uint64_t key_hash;
    size_t key_len;
    char key[PGM_KEY_MAX];
    int index_at;              /* its position in p->index */
    /* the pending entry */
    double ms, plan_ms;
    long long rows, ts_ms, line;
    uint64_t text_hash;        /* the raw statement (before substitution) */
    size_t text_len;
    bool wants_params;
    pgm_buf_t buf;             /* session, user, db, app, sql */
    wl_str_t sql;              /* offsets into buf, made pointers at emit time */
    size_t session_off, user_off, db_off, app_off, sql_off;
    size_t session_len, user_len, db_len, app_len;
    /* the session's last timed statement, for a plan logged after it */
    bool has_last;
    uint64_t last_hash;
    size_t last_len;
} pend_t;

struct pgm {
    wl_reader_t *r;
    bool detail_inline;
    pend_t *slots;
    int nslots, slots_cap;     /* records in use so far, allocated */
    int next_slot;             /* FIFO reuse once PGM_SLOTS are in use */
    int16_t index[PGM_INDEX];  /* slot number, -1 empty */
    wl_str_t *params;          /* the values of a DETAIL's parameters */
    size_t params_cap;
    pgm_buf_t out;             /* substituted SQL of an entry emitted at once */
    pgm_buf_t scratch;         /* decoded plan text */
};

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x243F6A8885A308D3ULL ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    memcpy(&w, s + i, len - i);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
    return h;
}

pgm_t *pgm_new(wl_reader_t *r, bool detail_inline)
{
    pgm_t *p = calloc(1, sizeof(*p));
    if (!p)
        abort();
    p->r = r;
    p->detail_inline = detail_inline;
    memset(p->index, -1, sizeof(p->index));
    return p;
}

static void index_remove(pgm_t *p, int at)
{
    /* Backward-shift deletion keeps linear probing correct without tombstones. */
    int hole = at;
    p->index[hole] = -1;
    for (int i = (hole + 1) % PGM_INDEX; p->index[i] >= 0; i = (i + 1) % PGM_INDEX) {
        pend_t *s = &p->slots[p->index[i]];
        int home = (int)(s->key_hash % PGM_INDEX);
        /* move i into the hole unless its home lies cyclically in (hole, i] */
        bool stays = hole < i ? (home > hole && home <= i) : (home > hole || home <= i);
        if (stays)
            continue;
        p->index[hole] = p->index[i];
        s->index_at = hole;
        p->index[i] = -1;
        hole = i;
    }
}

static pend_t *lookup(pgm_t *p, const wl_str_t *session, uint64_t h)
{
    size_t klen = session->len < PGM_KEY_MAX ? session->len : PGM_KEY_MAX;
    for (int i = (int)(h % PGM_INDEX); p->index[i] >= 0; i = (i + 1) % PGM_INDEX) {
        pend_t *s = &p->slots[p->index[i]];
        if (s->key_hash == h && s->key_len == klen &&
            (klen == 0 || memcmp(s->key, session->s, klen) == 0))
            return s;
    }
    return NULL;
}

static void flush(pgm_t *p, pend_t *s);

/* A record for a new session: a fresh one while fewer than PGM_SLOTS exist
 * (the table grows as sessions appear: most inputs have few), else the
 * oldest. */
static int new_slot(pgm_t *p)
{
    if (p->nslots < PGM_SLOTS) {
        if (p->nslots == p->slots_cap) {
            int cap = p->slots_cap ? p->slots_cap * 2 : 8;
            pend_t *ns = realloc(p->slots, (size_t)cap * sizeof(*ns));
            if (!ns)
                abort();
            memset(ns + p->slots_cap, 0, (size_t)(cap - p->slots_cap) * sizeof(*ns));
            p->slots = ns;
            p->slots_cap = cap;
        }
        return p->nslots++;
    }
    int n = p->next_slot;
    p->next_slot = (n + 1) % PGM_SLOTS;
    return n;
}

static pend_t *lookup_or_add(pgm_t *p, const wl_str_t *session)
{
    uint64_t h = hash_bytes(session->s ? session->s : "", session->len);
    pend_t *s = lookup(p, session, h);
    if (s)
        return s;
    int n = new_slot(p);
    s = &p->slots[n];
    if (s->used) {
        flush(p, s);
        index_remove(p, s->index_at);
    }
    pgm_buf_t keep = s->buf;
    memset(s, 0, sizeof(*s));
    s->buf = keep;
    s->used = true;
    s->key_hash = h;
    s->key_len = session->len < PGM_KEY_MAX ? session->len : PGM_KEY_MAX;
    if (s->key_len)
        memcpy(s->key, session->s, s->key_len);
    int i = (int)(h % PGM_INDEX);
    while (p->index[i] >= 0)
        i = (i + 1) % PGM_INDEX;
    p->index[i] = (int16_t)n;
    s->index_at = i;
    return s;
}

static pend_t *find(pgm_t *p, const wl_str_t *session)
{
    return lookup(p, session, hash_bytes(session->s ? session->s : "", session->len));
}

/* ------------------------------------------------------------------ emitting */

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static void emit(pgm_t *p, const pgm_msg_t *m, const char *sql, size_t len, double ms,
                 long long rows)
{
    while (len > 0 && is_space(sql[len - 1]))
        len--;
    while (len > 0 && is_space(sql[0])) {
        sql++;
        len--;
    }
    if (len == 0)
        return;
    wl_entry_t e = {
        .sql = {sql, len},
        .dialect = WL_DIALECT_PG,
        .duration_ms = ms,
        .rows = rows,
        .ts_ms = m->ts_ms,
        .session = m->session,
        .user = m->user,
        .db = m->db,
        .app = m->app,
        .line = m->line,
        .calls = 1,
        .min_ms = -1,
        .max_ms = -1,
    };
    /* an empty user, database, application or session (a background
     * process's prefix, an empty CSV field) is an unknown one */
    wl_str_t *known[] = {&e.session, &e.user, &e.db, &e.app};
    for (size_t k = 0; k < 4; k++)
        if (known[k]->len == 0)
            known[k]->s = NULL;
    p->r->emit(p->r->ctx, &e);
}

static size_t keep_str(pgm_buf_t *b, const wl_str_t *s, size_t *len)
{
    size_t off = b->len;
    pgm_buf_add(b, s->s, s->len);
    *len = s->len;
    return off;
}

/* Starts a pending entry in s from message m; the SQL is appended by the caller. */
static void hold(pend_t *s, pend_state_t state, const pgm_msg_t *m, double ms, long long rows)
{
    s->state = state;
    s->ms = ms;
    s->plan_ms = -1;
    s->rows = rows;
    s->ts_ms = m->ts_ms;
    s->line = m->line;
    s->wants_params = false;
    s->buf.len = 0;
    s->session_off = keep_str(&s->buf, &m->session, &s->session_len);
    s->user_off = keep_str(&s->buf, &m->user, &s->user_len);
    s->db_off = keep_str(&s->buf, &m->db, &s->db_len);
    s->app_off = keep_str(&s->buf, &m->app, &s->app_len);
    s->sql_off = s->buf.len;
}

static wl_str_t held_str(const pend_t *s, size_t off, size_t len)
{
    wl_str_t r = {len ? s->buf.p + off : NULL, len};
    return r;
}

static void flush(pgm_t *p, pend_t *s)
{
    if (s->state == PEND_NONE)
        return;
    pgm_msg_t m = {
        .ts_ms = s->ts_ms,
        .line = s->line,
        .session = held_str(s, s->session_off, s->session_len),
        .user = held_str(s, s->user_off, s->user_len),
        .db = held_str(s, s->db_off, s->db_len),
        .app = held_str(s, s->app_off, s->app_len),
    };
    double ms = s->state == PEND_UNTIMED && s->ms < 0 ? s->plan_ms : s->ms;
    s->state = PEND_NONE;
    emit(p, &m, s->buf.p + s->sql_off, s->buf.len - s->sql_off, ms, s->rows);
    if (s->buf.cap > PGM_BUF_KEEP)
        pgm_buf_release(&s->buf);
}

/* ------------------------------------------------------------------ events */

/* Appends sql with its $n replaced by the values of params ("$1 = 'a', …"). */
static void substitute(pgm_t *p, const char *sql, size_t len, const char *params, size_t plen,
                       pgm_buf_t *out)
{
    size_t n = pgm_parse_params(params, plen, &p->params, &p->params_cap);
    pgm_replace_params(sql, len, p->params, n, out);
}

static void on_plan(pgm_t *p, const pgm_msg_t *m, double ms, const char *t, size_t len)
{
    wl_str_t q;
    long long rows;
    if (!pgm_plan_query(&p->scratch, t, len, &q, &rows))
        return;
    uint64_t h = hash_bytes(q.s, q.len);
    pend_t *s = lookup_or_add(p, &m->session);
    if (s->state == PEND_UNTIMED) {
        if (s->text_hash == h && s->text_len == q.len) {
            s->plan_ms = ms;                    /* its own plan: a fallback timing */
            s->rows = rows;
        } else {
            emit(p, m, q.s, q.len, ms, rows);   /* a nested statement's plan */
        }
        return;
    }
    if (s->has_last && s->last_hash == h && s->last_len == q.len) {
        s->has_last = false;                    /* logged after its statement line */
        return;
    }
    flush(p, s);
    hold(s, PEND_PLAN, m, ms, rows);
    pgm_buf_add(&s->buf, q.s, q.len);
    s->text_hash = h;
    s->text_len = q.len;
}

/* A timed statement or execute arrived: a held plan of the same text was its
 * plan (dropped, its rows kept); anything else pending is finished first. */
static long long timed_arrives(pgm_t *p, pend_t *s, const char *sql, size_t len, uint64_t h,
                               bool *consumed)
{
    long long rows = -1;
    *consumed = false;
    if (s->state == PEND_PLAN && s->text_hash == h && s->text_len == len &&
        memcmp(s->buf.p + s->sql_off, sql, len) == 0) {
        rows = s->rows;
        s->state = PEND_NONE;
        *consumed = true;
    } else {
        flush(p, s);
    }
    s->has_last = !*consumed;
    s->last_hash = h;
    s->last_len = len;
    return rows;
}

static bool is_params(const wl_str_t *d)
{
    return d->s && pgm_starts(d->s, d->len, "parameters: ", 12);
}

static void on_timed(pgm_t *p, pgm_kind_t kind, const pgm_msg_t *m, double ms, const char *sql,
                     size_t len)
{
    uint64_t h = hash_bytes(sql, len);
    pend_t *s = lookup_or_add(p, &m->session);
    bool consumed;
    long long rows = timed_arrives(p, s, sql, len, h, &consumed);
    if (kind == PGM_DUR_STATEMENT) {
        emit(p, m, sql, len, ms, rows);
    } else if (p->detail_inline) {
        if (is_params(&m->detail)) {
            p->out.len = 0;
            substitute(p, sql, len, m->detail.s + 12, m->detail.len - 12, &p->out);
            emit(p, m, p->out.p, p->out.len, ms, rows);
        } else {
            emit(p, m, sql, len, ms, rows);
        }
    } else {
        hold(s, PEND_EXEC, m, ms, rows);
        pgm_buf_add(&s->buf, sql, len);
    }
}

static void on_untimed(pgm_t *p, pgm_kind_t kind, const pgm_msg_t *m, const char *sql,
                       size_t len)
{
    pend_t *s = lookup_or_add(p, &m->session);
    flush(p, s);
    s->has_last = false;
    hold(s, PEND_UNTIMED, m, -1, -1);
    s->text_hash = hash_bytes(sql, len);
    s->text_len = len;
    if (kind == PGM_EXECUTE && p->detail_inline && is_params(&m->detail)) {
        substitute(p, sql, len, m->detail.s + 12, m->detail.len - 12, &s->buf);
        return;
    }
    pgm_buf_add(&s->buf, sql, len);
    s->wants_params = kind == PGM_EXECUTE && !p->detail_inline;
}

/* DETAIL: parameters for the session's execute (stderr: a message of its own). */
static void on_params(pgm_t *p, const pgm_msg_t *m, const char *t, size_t len)
{
    pend_t *s = find(p, &m->session);
    if (!s || !(s->state == PEND_EXEC || (s->state == PEND_UNTIMED && s->wants_params)))
        return;
    /* the raw SQL is at the end of buf; substitute into p->out and put it back */
    p->out.len = 0;
    substitute(p, s->buf.p + s->sql_off, s->buf.len - s->sql_off, t, len, &p->out);
    s->buf.len = s->sql_off;
    pgm_buf_add(&s->buf, p->out.p, p->out.len);
    s->wants_params = false;
    if (s->state == PEND_EXEC)
        flush(p, s);
}

static void on_duration(pgm_t *p, const pgm_msg_t *m, double ms)
{
    pend_t *s = find(p, &m->session);
    if (s && s->state == PEND_UNTIMED) {
        s->ms = ms;
        flush(p, s);
    }
}

void pgm_message(pgm_t *p, const pgm_msg_t *m)
{
    parsed_t pm = parse_message(m->sev, m->text, m->len);
    pgm_kind_t kind = pm.kind;
    const char *t = m->text + pm.sql_at;
    size_t len = m->len - pm.sql_at;
    pend_t *s;
    switch (kind) {
    case PGM_DUR_STATEMENT:
    case PGM_DUR_EXECUTE:
        on_timed(p, kind, m, pm.ms, t, len);
        break;
    case PGM_STATEMENT:
    case PGM_EXECUTE:
        on_untimed(p, kind, m, t, len);
        break;
    case PGM_DUR_PLAN:
        on_plan(p, m, pm.ms, t, len);
        break;
    case PGM_DUR_ONLY:
        on_duration(p, m, pm.ms);
        break;
    case PGM_PARAMETERS:
        on_params(p, m, t, len);
        break;
    case PGM_DUR_PREPARE:
    case PGM_ERROR:
        s = find(p, &m->session);
        if (s)
            flush(p, s);
        break;
    default:
        break;
    }
}

void pgm_finish(pgm_t *p)
{
    /* oldest first: the order the sessions were seen */
    for (int k = 0; k < p->nslots; k++) {
        pend_t *s = &p->slots[(p->next_slot + k) % p->nslots];
        if (s->used)
            flush(p, s);
    }
}

void pgm_free(pgm_t *p)
{
    if (!p)
        return;
    for (int k = 0; k < p->nslots; k++)
        pgm_buf_release(&p->slots[k].buf);
    free(p->slots);
    free(p->params);
    pgm_buf_release(&p->out);
    pgm_buf_release(&p->scratch);
    free(p);
}
