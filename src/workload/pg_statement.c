/* pg_statement.c — the texts inside PostgreSQL's log messages: a statement
 * with its $n parameters replaced by the values of a DETAIL, the statement of
 * an auto_explain plan in any of its formats, and JSON strings (jsonlog's
 * values, auto_explain's JSON and YAML). Helpers of pg_message.c and
 * read_pg_json.c; declared in pg_message.h.
 *
 * Statements are scanned, never parsed and never matched with regular
 * expressions: a $n is a parameter unless it sits in a string, a quoted
 * identifier, a comment, a dollar quote or an identifier (a$1). */
#include "workload/pg_message.h"

#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

enum { PGM_PARAMS_MAX = 65535 };   /* PostgreSQL's limit on bind parameters */

#define STARTS(s, len, lit) pgm_starts((s), (len), (lit), sizeof(lit) - 1)

/* ------------------------------------------------------------------ JSON strings */

static int hex4(const char *s, size_t len, size_t at)
{
    if (at + 4 > len)
        return -1;
    int v = 0;
    for (size_t i = at; i < at + 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* \uXXXX at s[at] (the backslash); a surrogate pair takes both escapes. A lone
 * surrogate or U+0000 becomes U+FFFD: entries are also used as C strings. */
static size_t json_unicode(const char *s, size_t len, size_t *at, char *out)
{
    int hi = hex4(s, len, *at + 2);
    if (hi < 0)
        return 0;
    *at += 6;
    unsigned cp = (unsigned)hi;
    if (hi >= 0xD800 && hi <= 0xDBFF) {
        int lo = *at + 1 < len && s[*at] == '\\' && s[*at + 1] == 'u' ? hex4(s, len, *at + 2) : -1;
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + (((unsigned)hi - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
            *at += 6;
        } else {
            cp = 0xFFFD;
        }
    } else if ((hi >= 0xDC00 && hi <= 0xDFFF) || hi == 0) {
        cp = 0xFFFD;
    }
    return put_utf8(out, cp);
}

size_t pgm_json_string(const char *s, size_t len, char *out, size_t *out_len)
{
    size_t i = 1, o = 0;
    *out_len = 0;
    if (len == 0 || s[0] != '"')
        return 0;
    while (i < len) {
        size_t run = i;
        while (run < len && s[run] != '"' && s[run] != '\\')
            run++;
        memcpy(out + o, s + i, run - i);
        o += run - i;
        i = run;
        if (i >= len)
            return 0;
        if (s[i] == '"') {
            *out_len = o;
            return i + 1;
        }
        if (i + 1 >= len)
            return 0;
        char c = s[i + 1], e;
        switch (c) {
        case '"': e = '"'; break;
        case '\\': e = '\\'; break;
        case '/': e = '/'; break;
        case 'b': e = '\b'; break;
        case 'f': e = '\f'; break;
        case 'n': e = '\n'; break;
        case 'r': e = '\r'; break;
        case 't': e = '\t'; break;
        case 'u': {
            size_t n = json_unicode(s, len, &i, out + o);
            if (n == 0)
                return 0;
            o += n;
            continue;
        }
        default:
            return 0;
        }
        out[o++] = e;
        i += 2;
    }
    return 0;
}

/* ------------------------------------------------------------------ SQL scanning */

static bool ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$' || c >= 0x80;
}

/* End of the quoted run starting at s[i] (a quote char q); doubled quotes stay
 * inside, and backslashes escape when backslash is set (E'...'). Unterminated:
 * the end of the text. */
static size_t skip_quoted(const char *s, size_t len, size_t i, char q, bool backslash)
{
    for (i++; i < len; i++) {
        if (backslash && s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == q) {
            if (i + 1 < len && s[i + 1] == q) {
                i++;
                continue;
            }
            return i + 1;
        }
    }
    return len;
}

static size_t skip_block_comment(const char *s, size_t len, size_t i)
{
    int depth = 0;
    while (i < len) {
        if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
            depth++;
            i += 2;
        } else if (i + 1 < len && s[i] == '*' && s[i + 1] == '/') {
            i += 2;
            if (--depth == 0)
                return i;
        } else {
            i++;
        }
    }
    return len;
}

/* At a '$' not preceded by an identifier character: the end of a dollar-quoted
 * string if one starts here, else 0. */
static size_t skip_dollar_quote(const char *s, size_t len, size_t i)
{
    size_t j = i + 1;
    if (j < len && s[j] >= '0' && s[j] <= '9')
        return 0;
    while (j < len && s[j] != '$' && ident_char((unsigned char)s[j]))
        j++;
    if (j >= len || s[j] != '$')
        return 0;
    size_t tag = j + 1 - i;
    const char *end = memmem(s + j + 1, len - j - 1, s + i, tag);
    return end ? (size_t)(end - s) + tag : len;
}

/* Length of the run of SQL at s[i] that cannot hold a parameter (string,
 * identifier, comment, dollar quote), or 0 if s[i] starts none. */
static size_t skip_opaque(const char *s, size_t len, size_t i)
{
    char c = s[i];
    bool after_ident = i > 0 && ident_char((unsigned char)s[i - 1]);
    if (c == '\'') {
        bool e = i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                 !(i > 1 && ident_char((unsigned char)s[i - 2]));
        return skip_quoted(s, len, i, '\'', e) - i;
    }
    if (c == '"')
        return skip_quoted(s, len, i, '"', false) - i;
    if (c == '-' && i + 1 < len && s[i + 1] == '-') {
        const char *nl = memchr(s + i, '\n', len - i);
        return (nl ? (size_t)(nl - s) : len) - i;
    }
    if (c == '/' && i + 1 < len && s[i + 1] == '*')
        return skip_block_comment(s, len, i) - i;
    if (c == '$' && !after_ident) {
        size_t end = skip_dollar_quote(s, len, i);
        return end ? end - i : 0;
    }
    return 0;
}

/* ------------------------------------------------------------------ parameters */

size_t pgm_parse_params(const char *t, size_t len, wl_str_t **values, size_t *cap)
{
    size_t i = 0, max = 0;
    while (i < len) {
        while (i < len && (t[i] == ' ' || t[i] == ','))
            i++;
        if (i >= len || t[i] != '$')
            break;
        size_t n = 0;
        for (i++; i < len && t[i] >= '0' && t[i] <= '9'; i++)
            n = n < PGM_PARAMS_MAX ? n * 10 + (size_t)(t[i] - '0') : n;
        if (n == 0 || n > PGM_PARAMS_MAX || !pgm_starts(t + i, len - i, " = ", 3))
            break;
        i += 3;
        size_t v = i;
        if (i < len && t[i] == '\'') {
            i = skip_quoted(t, len, i, '\'', false);
        } else {
            const char *next = memmem(t + i, len - i, ", $", 3);
            i = next ? (size_t)(next - t) : len;
        }
        if (n > *cap) {
            size_t c = *cap ? *cap : 16;
            while (c < n)
                c *= 2;
            wl_str_t *nv = realloc(*values, c * sizeof(*nv));
            if (!nv)
                abort();
            *values = nv;
            *cap = c;
        }
        while (max < n)
            (*values)[max++] = (wl_str_t){NULL, 0};
        (*values)[n - 1] = (wl_str_t){t + v, i - v};
    }
    return max;
}

/* Bytes where something other than plain SQL text may begin. */
static const unsigned char sql_special[256] = {
    ['\''] = 1, ['"'] = 1, ['-'] = 1, ['/'] = 1, ['$'] = 1,
};

void pgm_replace_params(const char *sql, size_t len, const wl_str_t *values, size_t nvalues,
                        pgm_buf_t *out)
{
    pgm_buf_reserve(out, len);
    size_t i = 0, copied = 0;
    while (i < len) {
        if (!sql_special[(unsigned char)sql[i]]) {
            i++;
            continue;
        }
        size_t skip = skip_opaque(sql, len, i);
        if (skip) {
            i += skip;
            continue;
        }
        if (sql[i] != '$' || i + 1 >= len || sql[i + 1] < '0' || sql[i + 1] > '9' ||
            (i > 0 && ident_char((unsigned char)sql[i - 1]))) {
            i++;
            continue;
        }
        size_t j = i + 1, n = 0;
        while (j < len && sql[j] >= '0' && sql[j] <= '9') {
            n = n <= PGM_PARAMS_MAX ? n * 10 + (size_t)(sql[j] - '0') : n;
            j++;
        }
        if (n >= 1 && n <= nvalues && values[n - 1].s) {
            pgm_buf_add(out, sql + copied, i - copied);
            pgm_buf_add(out, values[n - 1].s, values[n - 1].len);
            copied = j;
        }
        i = j;
    }
    pgm_buf_add(out, sql + copied, len - copied);
}

/* ------------------------------------------------------------------ plans */

/* Digits after key in text (the first occurrence): the root node's rows. */
static long long rows_after(const char *t, size_t len, const char *key, size_t klen)
{
    const char *at = memmem(t, len, key, klen);
    if (!at)
        return -1;
    size_t i = (size_t)(at - t) + klen;
    long long v = 0;
    size_t n = 0;
    while (i < len && t[i] >= '0' && t[i] <= '9' && n < 18) {
        v = v * 10 + (t[i++] - '0');
        n++;
    }
    return n ? v : -1;
}

static bool line_at_col0_is_plan_root(const char *l, size_t n)
{
    static const char *const nodes[] = {
        "Aggregate", "Append", "Bitmap Heap Scan", "BitmapAnd", "BitmapOr", "CTE Scan",
        "Custom Scan", "Delete on", "Foreign Scan", "Function Scan", "Gather", "Group",
        "GroupAggregate", "Hash", "HashAggregate", "HashSetOp", "Incremental Sort",
        "Index Only Scan", "Index Scan", "Insert on", "Limit", "LockRows", "Materialize",
        "Memoize", "Merge Append", "Merge Join", "Merge on", "MixedAggregate",
        "Named Tuplestore Scan", "Nested Loop", "ProjectSet", "Recursive Union", "Result",
        "Sample Scan", "Seq Scan", "SetOp", "Sort", "Subquery Scan", "Table Function Scan",
        "Tid Range Scan", "Tid Scan", "Unique", "Update on", "Values Scan", "WindowAgg",
        "WorkTable Scan",
    };
    if (n == 0 || l[0] == ' ' || l[0] == '\t')
        return false;
    if (memmem(l, n, "  (cost=", 8) || memmem(l, n, "  (actual ", 10) ||
        memmem(l, n, "  (never executed)", 18))
        return true;
    /* costs off, no analyze: the node name alone */
    static const char *const modifiers[] = {"Parallel ", "Partial ", "Finalize ", "Async "};
    for (size_t k = 0; k < 4; k++)
        if (pgm_starts(l, n, modifiers[k], strlen(modifiers[k])))
            return true;
    for (size_t k = 0; k < sizeof(nodes) / sizeof(nodes[0]); k++) {
        size_t nl = strlen(nodes[k]);
        if (!pgm_starts(l, n, nodes[k], nl))
            continue;
        const char *rest = l + nl;
        size_t rn = n - nl;
        if (rn == 0 || STARTS(rest, rn, " on ") || STARTS(rest, rn, " using ") ||
            STARTS(rest, rn, "  ("))
            return true;
    }
    return false;
}

/* Text format: the query runs from after "Query Text: " to the line before the
 * plan's root node, which starts at column 0. */
static void text_plan_query(const char *t, size_t len, wl_str_t *q, long long *rows)
{
    const char *nl = memchr(t, '\n', len);
    size_t at = nl ? (size_t)(nl - t) + 1 : len;
    size_t end = len;
    while (at < len) {
        const char *e = memchr(t + at, '\n', len - at);
        size_t n = (e ? (size_t)(e - t) : len) - at;
        if (line_at_col0_is_plan_root(t + at, n)) {
            end = at - 1;
            const char *act = memmem(t + at, n, "(actual ", 8);
            if (act)
                *rows = rows_after(act, n - (size_t)(act - (t + at)), " rows=", 6);
            break;
        }
        at += n + 1;
    }
    q->s = t;
    q->len = end;
}

static void xml_unescape(pgm_buf_t *out, const char *s, size_t len)
{
    static const struct { const char *ent; char c; } ents[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''},
        {"&#x0d;", '\r'}, {"&#13;", '\r'},
    };
    pgm_buf_reserve(out, len);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '&') {
            for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
                size_t n = strlen(ents[k].ent);
                if (pgm_starts(s + i, len - i, ents[k].ent, n)) {
                    c = ents[k].c;
                    i += n - 1;
                    break;
                }
            }
        }
        out->p[out->len++] = c;
    }
}

/* The statement of an auto_explain message (t: after "plan:"), in any of its
 * formats; decoded text goes to scratch-> False when there is none. */
bool pgm_plan_query(pgm_buf_t *scratch, const char *t, size_t len, wl_str_t *q, long long *rows)
{
    while (len && (*t == '\n' || *t == ' ' || *t == '\t')) {
        t++;
        len--;
    }
    *rows = -1;
    scratch->len = 0;
    const char *key;
    if (len && (t[0] == '{' || t[0] == '[')) {
        key = memmem(t, len, "\"Query Text\": \"", 15);
        *rows = rows_after(t, len, "\"Actual Rows\": ", 15);
        if (!key)
            return false;
        key += 14;
    } else if (STARTS(t, len, "<explain")) {
        const char *open = memmem(t, len, "<Query-Text>", 12);
        if (!open)
            return false;
        open += 12;
        const char *close = memmem(open, len - (size_t)(open - t), "</Query-Text>", 13);
        size_t n = close ? (size_t)(close - open) : len - (size_t)(open - t);
        xml_unescape(scratch, open, n);
        *rows = rows_after(t, len, "<Actual-Rows>", 13);
        *q = (wl_str_t){scratch->p, scratch->len};
        return true;
    } else if (STARTS(t, len, "Query Text: ")) {
        if (len > 12 && t[12] == '"') {          /* YAML: a JSON-escaped string */
            key = t + 12;
            *rows = rows_after(t, len, "Actual Rows: ", 13);
        } else {
            text_plan_query(t + 12, len - 12, q, rows);
            return true;
        }
    } else {
        return false;
    }
    size_t rest = len - (size_t)(key - t), n;
    pgm_buf_reserve(scratch, rest);
    if (pgm_json_string(key, rest, scratch->p, &n) == 0)
        return false;
    scratch->len = n;
    *q = (wl_str_t){scratch->p, n};
    return true;
}
