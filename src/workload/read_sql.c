/* read_sql.c — a plain .sql file: statements separated by ';'.
 *
 * A small scanner (not a parser, and no regular expressions) finds the ';' that
 * end statements at the top level: not inside '…' strings ('' is a quote; E'…'
 * also takes backslash escapes), "…" identifiers (and MySQL `…`), -- and nested
 * block comments, or $tag$…$tag$ dollar quotes. Its state carries from one line
 * to the next, since all of these may span lines.
 *
 * Each statement is one entry with no timing (duration -1, calls 1). Its text
 * starts at its first character that is neither blank nor part of a comment —
 * comments between statements describe them but are not part of them — and its
 * line is that character's line; it ends before the ';'. Text that is blank or
 * only comments emits nothing. A statement left open at the end of the input is
 * emitted by finish.
 *
 * psql meta-commands (a line whose first non-blank byte is '\') are not SQL:
 * the line is counted as skipped; \g and its variants also end the statement
 * before them, as they do in psql. The data lines after a pg_dump
 * `COPY … FROM stdin;` up to "\." are data, not statements, and are passed over. */
#include "workload/reader_int.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/sb.h"
#include "base/banned.h"

/* PostgreSQL identifiers are at most 63 bytes: a longer "tag" is not one. */
#define SQL_TAG_MAX 72

typedef enum {
    SQL_CODE,
    SQL_STRING,          /* '…' */
    SQL_ESTRING,         /* E'…': backslash escapes too */
    SQL_IDENT,           /* "…" */
    SQL_BACKTICK,        /* `…` */
    SQL_BLOCK_COMMENT,   /* nested to comment_depth */
    SQL_DOLLAR,          /* $tag$…$tag$ */
    SQL_COPY_DATA,       /* after COPY … FROM stdin, until "\." */
} sql_mode_t;

typedef struct {
    arena_t *arena;
    sql_mode_t mode;
    int comment_depth;
    char tag[SQL_TAG_MAX];       /* the dollar quote's "$tag$" */
    size_t tag_len;
    int ident_run;               /* identifier bytes just before, in code (E'…', a$b) */
    bool started;                /* the statement has a byte that is not blank or comment */
    long long first_line;
    sb_t stmt;
} sql_state_t;

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_ident_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || (unsigned char)c >= 0x80;
}

/* ---- statements -------------------------------------------------------------- */

static bool is_copy_from_stdin(const char *s, size_t len)
{
    if (len < 5 || strncasecmp(s, "copy", 4) != 0 || !is_blank(s[4]))
        return false;
    for (size_t i = 5; i + 5 <= len; i++) {
        if (strncasecmp(s + i, "stdin", 5) == 0 && is_blank(s[i - 1]) &&
            (i + 5 == len || is_blank(s[i + 5]) || s[i + 5] == ';'))
            return true;
    }
    return false;
}

static void statement_emit(wl_reader_t *r, sql_state_t *st)
{
    if (!st->started)
        return;
    size_t len = st->stmt.len;
    while (len > 0 && is_blank(st->stmt.buf[len - 1]))
        len--;
    wl_entry_t e = {
        .sql = {st->stmt.buf, len},
        .dialect = WL_DIALECT_PG,
        .duration_ms = -1,
        .rows = -1,
        .line = st->first_line,
        .calls = 1,
        .min_ms = -1,
        .max_ms = -1,
    };
    r->emit(r->ctx, &e);
    if (is_copy_from_stdin(st->stmt.buf, len))
        st->mode = SQL_COPY_DATA;
    st->started = false;
    sb_truncate(&st->stmt, 0);
}

/* ---- the scanner: one function per mode, each returns where it stopped -------- */

/* Inside a quoted run closed by q, where q doubled is the character itself and,
 * when backslash is set, '\' escapes the next byte (or the line break). */
static size_t scan_quoted(sql_state_t *st, const char *s, size_t len, size_t i, char q,
                          bool backslash)
{
    while (i < len) {
        char c = s[i];
        if (backslash && c == '\\') {
            i += 2;
            continue;
        }
        if (c == q) {
            if (i + 1 < len && s[i + 1] == q) {
                i += 2;
                continue;
            }
            st->mode = SQL_CODE;
            st->ident_run = 0;
            return i + 1;
        }
        i++;
    }
    return len;
}

static size_t scan_block_comment(sql_state_t *st, const char *s, size_t len, size_t i)
{
    while (i + 1 < len) {
        if (s[i] == '/' && s[i + 1] == '*') {
            st->comment_depth++;
            i += 2;
        } else if (s[i] == '*' && s[i + 1] == '/') {
            i += 2;
            if (--st->comment_depth == 0) {
                st->mode = SQL_CODE;
                st->ident_run = 0;
                return i;
            }
        } else {
            i++;
        }
    }
    return len;
}

static size_t scan_dollar(sql_state_t *st, const char *s, size_t len, size_t i)
{
    const char *end = memmem(s + i, len - i, st->tag, st->tag_len);
    if (!end)
        return len;
    st->mode = SQL_CODE;
    st->ident_run = 0;
    return (size_t)(end - s) + st->tag_len;
}

/* At a '$' in code: the length of a "$tag$" opening a dollar quote, else 0
 * ($1 is a parameter; a$b is an identifier). */
static size_t dollar_tag_length(const sql_state_t *st, const char *s, size_t len, size_t i)
{
    if (st->ident_run > 0)
        return 0;
    size_t j = i + 1;
    if (j < len && s[j] >= '0' && s[j] <= '9')
        return 0;
    while (j < len && s[j] != '$' && is_ident_byte(s[j]))
        j++;
    if (j >= len || s[j] != '$' || j + 1 - i > SQL_TAG_MAX)
        return 0;
    return j + 1 - i;
}

/* Where a statement begins (its first byte not blank and not comment). */
static void statement_start(wl_reader_t *r, sql_state_t *st)
{
    if (!st->started) {
        st->started = true;
        st->first_line = r->line;
    }
}

/* One byte (or token opener) of code at s[i]; returns the next index. A ';'
 * ends the statement: the caller appends the text before it. */
static size_t scan_code(wl_reader_t *r, sql_state_t *st, const char *s, size_t len, size_t i)
{
    char c = s[i];
    char next = i + 1 < len ? s[i + 1] : '\0';
    if (c == '-' && next == '-')
        return len; /* a line comment: the rest of the line */
    if (c == '/' && next == '*') {
        st->mode = SQL_BLOCK_COMMENT;
        st->comment_depth = 1;
        return i + 2;
    }
    if (is_blank(c)) {
        st->ident_run = 0;
        return i + 1;
    }
    statement_start(r, st);
    size_t tag;
    switch (c) {
    case '\'':
        st->mode = st->ident_run == 1 && (s[i - 1] == 'E' || s[i - 1] == 'e') ? SQL_ESTRING
                                                                                : SQL_STRING;
        return i + 1;
    case '"':
        st->mode = SQL_IDENT;
        return i + 1;
    case '`':
        st->mode = SQL_BACKTICK;
        return i + 1;
    case '$':
        tag = dollar_tag_length(st, s, len, i);
        if (tag > 0) {
            memcpy(st->tag, s + i, tag);
            st->tag_len = tag;
            st->mode = SQL_DOLLAR;
            return i + tag;
        }
        break;
    default:
        break;
    }
    st->ident_run = is_ident_byte(c) ? st->ident_run + 1 : 0;
    return i + 1;
}

/* ---- lines ------------------------------------------------------------------- */

static bool is_meta_command(const char *s, size_t len, size_t *at)
{
    size_t i = 0;
    while (i < len && is_blank(s[i]))
        i++;
    *at = i;
    return i < len && s[i] == '\\';
}

/* Appends s[from..to) to the statement, when one has started. */
static void statement_add(sql_state_t *st, const char *s, size_t from, size_t to)
{
    if (st->started && to > from)
        sb_addn(&st->stmt, s + from, to - from);
}

static void sql_on_line(wl_reader_t *r, const char *s, size_t len)
{
    sql_state_t *st = r->state;
    size_t i = 0, meta;
    if (st->mode == SQL_COPY_DATA) {
        if (len == 2 && s[0] == '\\' && s[1] == '.')
            st->mode = SQL_CODE;
        return;
    }
    if (st->mode == SQL_CODE && is_meta_command(s, len, &meta)) {
        if (meta + 2 <= len && s[meta + 1] == 'g')
            statement_emit(r, st);
        wl_reader_skip_line(r);
        return;
    }
    size_t from = st->started ? 0 : len; /* where this line's part of the statement begins */
    while (i < len) {
        switch (st->mode) {
        case SQL_CODE:
            if (s[i] == ';') {
                statement_add(st, s, from, i);
                statement_emit(r, st);
                if (st->mode == SQL_COPY_DATA)
                    return; /* the rest of a "COPY … FROM stdin;" line is not SQL */
                st->ident_run = 0;
                i++;
                from = len;
                continue;
            }
            if (s[i] == '\\') { /* a meta-command after the statement: "SELECT 1 \gx" */
                statement_add(st, s, from, i);
                if (i + 1 < len && s[i + 1] == 'g')
                    statement_emit(r, st);
                else if (st->started)
                    sb_addc(&st->stmt, '\n');
                st->ident_run = 0;
                return;
            }
            bool was_started = st->started;
            size_t next = scan_code(r, st, s, len, i);
            if (!was_started && st->started)
                from = i;
            i = next;
            continue;
        case SQL_STRING:
            i = scan_quoted(st, s, len, i, '\'', false);
            continue;
        case SQL_ESTRING:
            i = scan_quoted(st, s, len, i, '\'', true);
            continue;
        case SQL_IDENT:
            i = scan_quoted(st, s, len, i, '"', false);
            continue;
        case SQL_BACKTICK:
            i = scan_quoted(st, s, len, i, '`', false);
            continue;
        case SQL_BLOCK_COMMENT:
            i = scan_block_comment(st, s, len, i);
            continue;
        case SQL_DOLLAR:
            i = scan_dollar(st, s, len, i);
            continue;
        case SQL_COPY_DATA:
            return;
        }
    }
    statement_add(st, s, from, len);
    if (st->started)
        sb_addc(&st->stmt, '\n');
    st->ident_run = 0;
}

static void sql_on_finish(wl_reader_t *r)
{
    sql_state_t *st = r->state;
    statement_emit(r, st);
    st->mode = SQL_CODE;
}

static void sql_on_free(wl_reader_t *r)
{
    sql_state_t *st = r->state;
    if (st)
        arena_free(st->arena);
    r->state = NULL;
}

int wl_read_sql_init(wl_reader_t *r)
{
    arena_t *a = arena_new();
    sql_state_t *st = arena_alloc(a, sizeof(*st));
    st->arena = a;
    st->mode = SQL_CODE;
    sb_init(&st->stmt, a);
    r->state = st;
    r->on_line = sql_on_line;
    r->on_finish = sql_on_finish;
    r->on_free = sql_on_free;
    r->get_prefix = NULL;
    return 0;
}
