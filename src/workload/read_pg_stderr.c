/* read_pg_stderr.c — PostgreSQL's stderr log (log_destination = 'stderr').
 *
 * A message is a line "PREFIX SEVERITY:  text" followed by continuation lines
 * that start with a TAB; PREFIX is whatever log_line_prefix makes of it. The
 * prefix is compiled once into a small program of literal and field steps
 * (prog_t) and every line is matched against it with memchr/memcmp — no
 * allocation and no scanf per line. Given no prefix, the reader keeps the first
 * DETECT_LINES lines, picks the common prefix under which most of them show a
 * known severity, then replays them.
 *
 * What the messages mean is pg_message.c's business: this file hands it whole
 * messages (continuation lines joined with '\n', the TAB removed) with the
 * session (%c, else %p), user, database, application and time of the prefix.
 * Only messages that pg_message reads in full are copied; the others are passed
 * on from the line itself, or not at all.
 *
 * A line that matches no prefix and is no continuation is skipped; an empty
 * line is ignored. */
#include "workload/reader_int.h"

#include <stdlib.h>
#include <string.h>

#include "workload/pg_message.h"
#include "workload/wl_time.h"

#include "base/banned.h"

enum {
    PROG_STEPS = 48,
    PROG_LITS = 512,
    MATCH_BUDGET = 64,        /* placements tried for ambiguous fields, per line */
    DETECT_LINES = 200,
    DETECT_BYTES = 4 << 20,
};

/* ------------------------------------------------------------------ prefix programs */

typedef enum { STEP_LIT, STEP_TIME, STEP_NUM, STEP_STR, STEP_STOP } step_kind_t;

typedef enum { F_NONE, F_TS, F_USER, F_DB, F_APP, F_PID, F_SESSION, F_COUNT } field_t;

typedef struct {
    unsigned char kind;       /* step_kind_t */
    unsigned char field;      /* field_t: what the step fills, F_NONE if nothing */
    bool padded;              /* %-10u: spaces around the value are padding */
    unsigned short off, len;  /* STEP_LIT: the literal in prog->lits */
    unsigned after;           /* bit f: field f is filled by a later step */
} step_t;

typedef struct {
    step_t steps[PROG_STEPS];
    int n;
    char lits[PROG_LITS];
    size_t nlits;
    char *text;               /* the log_line_prefix, as given */
} prog_t;

typedef struct {
    size_t off[F_COUNT], len[F_COUNT];
    unsigned set;             /* bit f: field f found */
    long long ts_ms;
    size_t msg;               /* where the message text starts */
    pgm_sev_t sev;
} match_t;

static bool add_literal(prog_t *g, const char *s, size_t n)
{
    if (n == 0)
        return true;
    if (g->nlits + n > PROG_LITS || g->n >= PROG_STEPS)
        return false;
    step_t *last = g->n ? &g->steps[g->n - 1] : NULL;
    if (last && last->kind == STEP_LIT && last->off + last->len == g->nlits) {
        last->len = (unsigned short)(last->len + n);   /* merge adjacent literals */
    } else {
        g->steps[g->n++] = (step_t){.kind = STEP_LIT, .off = (unsigned short)g->nlits,
                                    .len = (unsigned short)n};
    }
    memcpy(g->lits + g->nlits, s, n);
    g->nlits += n;
    return true;
}

/* The step for escape c ('%' handled by the caller); kind STEP_LIT for an
 * escape that prints nothing (unknown ones, as PostgreSQL ignores them). */
static step_t escape_step(char c)
{
    switch (c) {
    case 'm': case 't': case 'n':
        return (step_t){.kind = STEP_TIME, .field = F_TS};
    case 's':
        return (step_t){.kind = STEP_TIME};
    case 'p':
        return (step_t){.kind = STEP_NUM, .field = F_PID};
    case 'l': case 'x': case 'P':
        return (step_t){.kind = STEP_NUM};
    case 'u':
        return (step_t){.kind = STEP_STR, .field = F_USER};
    case 'd':
        return (step_t){.kind = STEP_STR, .field = F_DB};
    case 'a':
        return (step_t){.kind = STEP_STR, .field = F_APP};
    case 'c':
        return (step_t){.kind = STEP_STR, .field = F_SESSION};
    case 'r': case 'h': case 'b': case 'i': case 'e': case 'v': case 'Q':
        return (step_t){.kind = STEP_STR};
    case 'q':
        return (step_t){.kind = STEP_STOP};
    default:
        return (step_t){.kind = STEP_LIT};
    }
}

/* Compiles a log_line_prefix; false when it is too long for the program. */
static bool prog_compile(prog_t *g, const char *prefix)
{
    memset(g, 0, sizeof(*g));
    size_t len = strlen(prefix);
    for (size_t i = 0; i < len; i++) {
        if (prefix[i] != '%') {
            if (!add_literal(g, prefix + i, 1))
                return false;
            continue;
        }
        size_t j = i + 1;
        bool padded = false;
        if (j < len && prefix[j] == '-')
            j++;
        while (j < len && prefix[j] >= '0' && prefix[j] <= '9') {
            j++;
            padded = true;
        }
        if (j >= len)
            break;                       /* a trailing '%' prints nothing */
        i = j;
        if (prefix[j] == '%') {
            if (!add_literal(g, "%", 1))
                return false;
            continue;
        }
        step_t st = escape_step(prefix[j]);
        if (st.kind == STEP_LIT)
            continue;
        if (g->n >= PROG_STEPS)
            return false;
        st.padded = padded;
        g->steps[g->n++] = st;
    }
    unsigned after = 0;
    for (int k = g->n - 1; k >= 0; k--) {
        g->steps[k].after = after;
        if (g->steps[k].field != F_NONE)
            after |= 1u << g->steps[k].field;
    }
    g->text = strdup(prefix);
    if (!g->text)
        abort();
    return true;
}

static void set_field(match_t *m, const step_t *st, const char *s, size_t from, size_t to)
{
    if (st->field == F_NONE)
        return;
    if (st->padded) {
        while (from < to && s[from] == ' ')
            from++;
        while (to > from && s[to - 1] == ' ')
            to--;
    }
    m->off[st->field] = from;
    m->len[st->field] = to - from;
    m->set |= 1u << st->field;
}

static bool match_from(const prog_t *g, int i, const char *s, size_t len, size_t pos, match_t *m,
                       int *budget);

/* A string field: its end is found by trying the places where what follows
 * matches — the next literal's occurrences (usually the first one wins). */
static bool match_str(const prog_t *g, int i, const char *s, size_t len, size_t pos, match_t *m,
                      int *budget)
{
    const step_t *st = &g->steps[i];
    const step_t *next = i + 1 < g->n ? &g->steps[i + 1] : NULL;
    if (next && next->kind == STEP_LIT) {
        const char *lit = g->lits + next->off;
        size_t from = pos;
        while (from < len && (*budget)-- > 0) {
            const char *hit = memchr(s + from, lit[0], len - from);
            if (!hit)
                return false;
            size_t at = (size_t)(hit - s);
            if (len - at >= next->len && memcmp(hit, lit, next->len) == 0) {
                set_field(m, st, s, pos, at);
                if (match_from(g, i + 1, s, len, at, m, budget))
                    return true;
            }
            from = at + 1;
        }
        return false;
    }
    /* followed by another field or by the severity: try each end */
    for (size_t at = pos; at <= len && at <= pos + 256 && (*budget)-- > 0; at++) {
        set_field(m, st, s, pos, at);
        if (match_from(g, i + 1, s, len, at, m, budget))
            return true;
    }
    return false;
}

static bool severity_at(const char *s, size_t len, size_t pos, match_t *m)
{
    size_t used;
    m->sev = pgm_severity_parse(s + pos, len - pos, &used);
    m->msg = pos + used;
    return m->sev != PGM_SEV_NONE;
}

static bool match_from(const prog_t *g, int i, const char *s, size_t len, size_t pos, match_t *m,
                       int *budget)
{
    for (; i < g->n; i++) {
        const step_t *st = &g->steps[i];
        size_t start = pos, used;
        long long t;
        switch (st->kind) {
        case STEP_LIT:
            if (len - pos < st->len || memcmp(s + pos, g->lits + st->off, st->len) != 0)
                return false;
            pos += st->len;
            break;
        case STEP_TIME:
            t = wl_parse_time(s + pos, len - pos, &used);
            if (t < 0)
                return false;
            if (st->field == F_TS)
                m->ts_ms = t;
            pos += used;
            break;
        case STEP_NUM:
            while (st->padded && pos < len && s[pos] == ' ')
                pos++;
            while (pos < len && s[pos] >= '0' && s[pos] <= '9')
                pos++;
            set_field(m, st, s, start, pos);
            break;
        case STEP_STR:
            return match_str(g, i, s, len, pos, m, budget);
        case STEP_STOP:
            /* %q: a process without a session stops the prefix here */
            if (severity_at(s, len, pos, m)) {
                m->set &= ~st->after;
                return true;
            }
            break;
        }
    }
    return severity_at(s, len, pos, m);
}

static bool prog_match(const prog_t *g, const char *s, size_t len, match_t *m)
{
    int budget = MATCH_BUDGET;
    m->set = 0;
    m->ts_ms = 0;
    return match_from(g, 0, s, len, 0, m, &budget);
}

/* ------------------------------------------------------------------ prefix detection */

/* Common settings: Debian's default, pgBadger's recommendations, RDS, none. */
static const char *const common_prefixes[] = {
    "%m [%p] ",
    "%m [%p] %q%u@%d ",
    "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
    "%t [%p]: [%l-1] ",
    "%t [%p]: ",
    "%m [%p] %u@%d ",
    "%t:%r:%u@%d:[%p]:",
    "%m %u %d %p ",
    "",
};
#define NCOMMON (sizeof(common_prefixes) / sizeof(common_prefixes[0]))

/* ------------------------------------------------------------------ the reader */

typedef struct {
    prog_t prog;
    bool have_prog;
    bool detecting;
    pgm_buf_t held;            /* lines kept while detecting, each NUL-separated */
    size_t nheld;
    long long held_first;      /* line number of the first held line */
    pgm_t *pgm;
    /* the message being assembled (a kind pg_message reads in full) */
    bool open;
    pgm_buf_t msg;             /* the first line, then "\n" + each continuation */
    pgm_msg_t cur;             /* its fields as offsets into msg (see deliver) */
    size_t text_off;
    size_t off[F_COUNT], flen[F_COUNT];
    unsigned set;
    pgm_sev_t sev;
} stderr_state_t;

static wl_str_t field_str(const char *base, const size_t *off, const size_t *flen, unsigned set,
                          field_t f)
{
    wl_str_t r = {NULL, 0};
    if (set & (1u << f)) {
        r.s = base + off[f];
        r.len = flen[f];
    }
    return r;
}

/* The message's fields from a match: session is %c if the prefix has it, else %p. */
static void fill_msg(pgm_msg_t *pm, const char *base, const size_t *off, const size_t *flen,
                     unsigned set)
{
    pm->session = field_str(base, off, flen, set, F_SESSION);
    if (!pm->session.s)
        pm->session = field_str(base, off, flen, set, F_PID);
    pm->user = field_str(base, off, flen, set, F_USER);
    pm->db = field_str(base, off, flen, set, F_DB);
    pm->app = field_str(base, off, flen, set, F_APP);
}

static void deliver(stderr_state_t *st)
{
    if (!st->open)
        return;
    st->open = false;
    pgm_msg_t pm = st->cur;
    fill_msg(&pm, st->msg.p, st->off, st->flen, st->set);
    pm.text = st->msg.p + st->text_off;
    pm.len = st->msg.len - st->text_off;
    pgm_message(st->pgm, &pm);
}

static void prefixed_line(wl_reader_t *r, stderr_state_t *st, const char *line, size_t len,
                          const match_t *m)
{
    const char *text = line + m->msg;
    size_t tlen = len - m->msg;
    pgm_kind_t kind = pgm_classify(m->sev, text, tlen);
    if (kind == PGM_OTHER)
        return;
    pgm_msg_t pm = {.sev = m->sev, .ts_ms = m->ts_ms, .line = r->line};
    if (!pgm_kind_needs_text(kind)) {
        fill_msg(&pm, line, m->off, m->len, m->set);
        pm.text = text;
        pm.len = tlen;
        pgm_message(st->pgm, &pm);
        return;
    }
    st->msg.len = 0;
    pgm_buf_add(&st->msg, line, len);
    st->cur = pm;
    st->text_off = m->msg;
    memcpy(st->off, m->off, sizeof(st->off));
    memcpy(st->flen, m->len, sizeof(st->flen));
    st->set = m->set;
    st->open = true;
}

static void read_line(wl_reader_t *r, stderr_state_t *st, const char *line, size_t len)
{
    if (len > 0 && line[0] == '\t') {
        if (st->open) {
            pgm_buf_reserve(&st->msg, len);
            st->msg.p[st->msg.len++] = '\n';
            pgm_buf_add(&st->msg, line + 1, len - 1);
        }
        return;
    }
    if (len == 0)
        return;
    deliver(st);
    match_t m;
    if (!st->have_prog || !prog_match(&st->prog, line, len, &m)) {
        wl_reader_skip_line(r);
        return;
    }
    prefixed_line(r, st, line, len, &m);
}

static int score(const prog_t *g, const char *lines, size_t nlines)
{
    int n = 0;
    match_t m;
    const char *l = lines;
    for (size_t i = 0; i < nlines; i++) {
        size_t len = strlen(l);
        if (len && l[0] != '\t' && prog_match(g, l, len, &m))
            n++;
        l += len + 1;
    }
    return n;
}

/* Picks the common prefix under which most held lines parse, then reads them. */
static void detect_and_replay(wl_reader_t *r, stderr_state_t *st)
{
    st->detecting = false;
    int best = 0;
    for (size_t k = 0; k < NCOMMON; k++) {
        prog_t g;
        if (!prog_compile(&g, common_prefixes[k]))
            continue;
        int s = score(&g, st->held.p, st->nheld);
        if (s > best) {
            if (st->have_prog)
                free(st->prog.text);
            st->prog = g;
            st->have_prog = true;
            best = s;
        } else {
            free(g.text);
        }
    }
    long long now = r->line;
    const char *l = st->held.p;
    for (size_t i = 0; i < st->nheld; i++) {
        size_t len = strlen(l);
        r->line = st->held_first + (long long)i;
        read_line(r, st, l, len);
        l += len + 1;
    }
    r->line = now;
    pgm_buf_release(&st->held);
    st->nheld = 0;
}

static void hold_line(wl_reader_t *r, stderr_state_t *st, const char *line, size_t len)
{
    if (st->nheld == 0)
        st->held_first = r->line;
    /* a NUL inside a line would cut it short when replayed: keep it as a space */
    pgm_buf_reserve(&st->held, len + 1);
    char *dst = st->held.p + st->held.len;
    memcpy(dst, line, len);
    for (char *z = memchr(dst, '\0', len); z; z = memchr(z, '\0', len - (size_t)(z - dst)))
        *z = ' ';
    dst[len] = '\0';
    st->held.len += len + 1;
    st->nheld++;
    if (st->nheld >= DETECT_LINES || st->held.len >= DETECT_BYTES)
        detect_and_replay(r, st);
}

static void on_line(wl_reader_t *r, const char *line, size_t len)
{
    stderr_state_t *st = r->state;
    if (st->detecting)
        hold_line(r, st, line, len);
    else
        read_line(r, st, line, len);
}

static void on_finish(wl_reader_t *r)
{
    stderr_state_t *st = r->state;
    if (st->detecting)
        detect_and_replay(r, st);
    deliver(st);
    pgm_finish(st->pgm);
}

static void on_free(wl_reader_t *r)
{
    stderr_state_t *st = r->state;
    if (!st)
        return;
    if (st->have_prog)
        free(st->prog.text);
    pgm_free(st->pgm);
    pgm_buf_release(&st->held);
    pgm_buf_release(&st->msg);
    free(st);
}

static const char *get_prefix(const wl_reader_t *r)
{
    const stderr_state_t *st = r->state;
    return st->have_prog && !st->detecting ? st->prog.text : NULL;
}

int wl_read_pg_stderr_init(wl_reader_t *r, const char *prefix)
{
    stderr_state_t *st = calloc(1, sizeof(*st));
    if (!st)
        abort();
    r->state = st;
    r->on_line = on_line;
    r->on_finish = on_finish;
    r->on_free = on_free;
    r->get_prefix = get_prefix;
    st->pgm = pgm_new(r, false);
    if (prefix) {
        if (!prog_compile(&st->prog, prefix))
            return -1;
        st->have_prog = true;
    } else {
        st->detecting = true;
    }
    return 0;
}

/* ------------------------------------------------------------------ without a prefix */

static bool upper_or_digit(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

pgm_sev_t wl_pg_stderr_find_severity(const char *line, size_t len, size_t *msg)
{
    size_t lim = len < 512 ? len : 512;
    *msg = 0;
    for (size_t i = 0; i + 2 < lim; i++) {
        const char *c = memchr(line + i, ':', lim - i - 2);
        if (!c)
            break;
        i = (size_t)(c - line);
        if (line[i + 1] != ' ' || line[i + 2] != ' ')
            continue;
        size_t w = i;
        while (w > 0 && upper_or_digit(line[w - 1]))
            w--;
        if (w == i || (w > 0 && ((line[w - 1] >= 'a' && line[w - 1] <= 'z') || line[w - 1] == '_')))
            continue;
        size_t used;
        pgm_sev_t sev = pgm_severity_parse(line + w, len - w, &used);
        if (sev != PGM_SEV_NONE) {
            *msg = w + used;
            return sev;
        }
    }
    return PGM_SEV_NONE;
}

bool wl_pg_stderr_looks_like(const char *line, size_t len)
{
    size_t msg;
    return len > 0 && line[0] != '\t' && wl_pg_stderr_find_severity(line, len, &msg) != PGM_SEV_NONE;
}

/* Not a continuation, not the DETAIL/HINT/CONTEXT/STATEMENT of the message
 * before, and not a log_duration line finishing a log_statement one. (An
 * execute's DETAIL may come after other sessions' lines: a cut there loses
 * that one execute's parameter values, nothing else.) */
bool wl_pg_stderr_starts_entry(const char *line, size_t len)
{
    size_t msg;
    if (len == 0 || line[0] == '\t')
        return false;
    pgm_sev_t sev = wl_pg_stderr_find_severity(line, len, &msg);
    if (sev == PGM_SEV_NONE || pgm_severity_is_part(sev))
        return false;
    return pgm_classify(sev, line + msg, len - msg) != PGM_DUR_ONLY;
}
