/* normalize.c — the digest's fast path: a one-pass SQL scanner that turns a
 * statement into its shape (normalize.h says what the shape is).
 *
 * Every decision follows from the contract with libpg_query's fingerprint (the
 * 15-4.0 library we link): two statements with the same normalized text have
 * the same fingerprint. Measured against that library (the unit test keeps the
 * evidence), the fingerprint
 *   - ignores constants and $n parameters entirely, and a cast applied directly
 *     to one ('x'::int, int '5', CAST('5' AS int)) including its type;
 *   - sees a negative number as a constant: the grammar folds a unary minus
 *     into a numeric constant (-1, - 1, -(1), - -1) but not into '1' or $1;
 *   - sorts and de-duplicates IN lists and VALUES rows, so IN (1,2,3) = IN (4)
 *     and VALUES (1,'a'),(2,'b') = VALUES (3,'c'); ARRAY[...] is not sorted,
 *     but constants in it leave no trace, so ARRAY[1,2] = ARRAY[3].
 * Hence: literals become $n; a minus folds into a number where the grammar
 * folds it; a typed literal (int '5') becomes a bare $n (or $1::int when cast
 * again, since only the innermost cast vanishes); after the first
 * element, IN and ARRAY elements that are bare constants (or, in IN, tuples of
 * them) are dropped, and VALUES rows that repeat the first row's shape are
 * dropped. Literal values are kept verbatim where they do count: in statements
 * that are not queries (COPY t FROM 'file', COMMENT ... IS 'x', SET, DO $$…$$),
 * in EXPLAIN options, and in type names (varchar(10)).
 *
 * The MySQL dialect reads MySQL's quoting and comments and writes PostgreSQL
 * syntax, so the same rules apply to what it writes.
 *
 * One pass over the input with a byte-class table; decisions that need context
 * look at the last few output tokens (a ring) and a stack of open brackets.
 * Invariants: normalizing the output again (PostgreSQL dialect) gives the same
 * text, the output holds no NUL, and lits are in order and inside the input. */
#include "workload/normalize.h"

#include "model/sql_keyword.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

/* ---- byte classes -------------------------------------------------------------- */

enum {
    C_OTHER, C_SPACE, C_IDENT, C_DIGIT, C_QUOTE, C_DQUOTE, C_BTICK, C_DOLLAR, C_LPAREN,
    C_RPAREN, C_LBRACK, C_RBRACK, C_COMMA, C_SEMI, C_COLON, C_DOT, C_OP,
};

#define cO C_OTHER
#define cS C_SPACE
#define cI C_IDENT
#define cD C_DIGIT
#define cQ C_QUOTE
#define cW C_DQUOTE
#define cB C_BTICK
#define cL C_DOLLAR
#define cP C_LPAREN
#define cR C_RPAREN
#define cK C_LBRACK
#define cJ C_RBRACK
#define cC C_COMMA
#define cE C_SEMI
#define cN C_COLON
#define cT C_DOT
#define cX C_OP
/* NUL counts as space: libpg_query reads a C string, and the output must hold none.
 * Bytes from 0x80 are identifier characters, as in PostgreSQL's scanner. */
static const uint8_t CLASS[256] = {
    cS, cO, cO, cO, cO, cO, cO, cO, cO, cS, cS, cS, cS, cS, cO, cO,
    cO, cO, cO, cO, cO, cO, cO, cO, cO, cO, cO, cO, cO, cO, cO, cO,
    cS, cX, cW, cX, cL, cX, cX, cQ, cP, cR, cX, cX, cC, cX, cT, cX,
    cD, cD, cD, cD, cD, cD, cD, cD, cD, cD, cN, cE, cX, cX, cX, cX,
    cX, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cK, cO, cJ, cX, cI,
    cB, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cO, cX, cO, cX, cO,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
    cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI, cI,
};
#undef cO
#undef cS
#undef cI
#undef cD
#undef cQ
#undef cW
#undef cB
#undef cL
#undef cP
#undef cR
#undef cK
#undef cJ
#undef cC
#undef cE
#undef cN
#undef cT
#undef cX

/* For the few functions on the path of every token. */
#if defined(__GNUC__) || defined(__clang__)
#define HOT_INLINE inline __attribute__((always_inline))
#else
#define HOT_INLINE inline
#endif

static inline bool is_digit(uint8_t c)
{
    return (uint8_t)(c - '0') < 10;
}

/* For each byte that continues an unquoted identifier (letters, digits, _, $,
 * 0x80 and up), itself in lower case (ASCII only, as PostgreSQL); 0 for others. */
static const uint8_t ID_LOWER[256] = {
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,  36,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
     48,  49,  50,  51,  52,  53,  54,  55,  56,  57,   0,   0,   0,   0,   0,   0,
      0,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,   0,   0,   0,   0,  95,
      0,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,   0,   0,   0,   0,   0,
    128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143,
    144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159,
    160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175,
    176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191,
    192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207,
    208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223,
    224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239,
    240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255,
};

static inline bool is_idcont(uint8_t c)
{
    return ID_LOWER[c] != 0;
}

static inline uint8_t lower(uint8_t c)
{
    return (uint8_t)(c - 'A') < 26 ? (uint8_t)(c + 32) : c;
}

/* ---- keywords ------------------------------------------------------------------ */

/* w[0..len) equals the lower-case word s (a literal: strlen folds away). */
static inline bool word_is(const char *w, size_t len, const char *s)
{
    return strlen(s) == len && memcmp(w, s, len) == 0;
}

typedef struct {
    const char *s;
    size_t len;
} word_t;

#define W(s) {s, sizeof(s) - 1}

/* A word in a list that ends with {NULL, 0}. */
static bool word_in(const char *w, size_t len, const word_t *list)
{
    for (; list->s; list++)
        if (list->len == len && memcmp(w, list->s, len) == 0)
            return true;
    return false;
}

/* Reserved words that end an operand (a '-' after them is binary). */
static const word_t OPERAND_KEYWORDS[] = {
    W("null"), W("true"), W("false"), W("end"), W("current_catalog"), W("current_date"),
    W("current_role"), W("current_time"), W("current_timestamp"), W("current_user"),
    W("localtime"), W("localtimestamp"), W("session_user"), W("user"), W("current_schema"),
    W("isnull"), W("notnull"), {NULL, 0},
};

/* Keywords that name a type by themselves, so `int '5'` is a typed literal. */
static const word_t TYPE_KEYWORDS[] = {
    W("bigint"), W("bit"), W("boolean"), W("char"), W("character"), W("dec"), W("decimal"),
    W("float"), W("int"), W("integer"), W("interval"), W("nchar"), W("numeric"), W("real"),
    W("smallint"), W("time"), W("timestamp"), W("varchar"), {NULL, 0},
};

static const word_t INTERVAL_FIELDS[] = {
    W("year"), W("month"), W("day"), W("hour"), W("minute"), W("second"), {NULL, 0},
};

/* First words of the statements whose literals are replaced. */
static const word_t QUERY_WORDS[] = {
    W("select"), W("insert"), W("update"), W("delete"), W("with"), W("values"), W("table"),
    W("merge"), {NULL, 0},
};

/* ---- scanner state ------------------------------------------------------------- */

/* Kinds of output tokens, as the context decisions see them. */
enum {
    TK_NONE, TK_WORD, TK_QIDENT, TK_LIT, TK_PARAM, TK_OP, TK_OPEN, TK_CLOSE, TK_COMMA,
    TK_SEMI, TK_DOT, TK_CAST, TK_TYPE, TK_COLON, TK_OPERAND, TK_OTHER,
};

/* An output token and the state just before it, so a typed literal can be
 * rolled back to its type name. A TK_CLOSE after a type name with modifiers
 * (varchar(10) 'x') stands for that name instead: it carries the first word's
 * text and the state before it, flagged TH_VALID. */
typedef struct {
    uint8_t kind;
    uint8_t pending_before;  /* a space was due before the token */
    uint8_t elem_before;     /* element state of the innermost bracket before it */
    uint8_t flags;           /* TH_*: what kind of type name this can head */
    uint32_t out_before;     /* text length before the token and its space */
    uint32_t start, len;     /* the token in the text */
    uint32_t ph_before;
    int nlits_before;
} tok_t;

enum { TH_VALID = 1, TH_INTERVAL = 2, TH_TIMEY = 4 };

/* Bracket kinds. Lists are the ones whose elements are classified. */
enum { K_ROOT, K_OTHER, K_IN, K_ARRAY, K_ROW, K_TUPLE, K_CAST };

/* Element states: what a list element has been so far. */
enum { E_START, E_VAL, E_VALCAST, E_TUPLE, E_OTHER };
/* Element classes, when it ends. INV leaves no trace in the fingerprint. */
enum { CLS_OTHER, CLS_INV, CLS_TUPLE };

/* VALUES rows at one bracket level. */
enum { V_NONE, V_EXPECT_ROW, V_IN_ROW, V_AFTER_ROW };

typedef struct {
    uint8_t kind, close, elem, first_cls, all_inv, vals, row1_inv;
    uint32_t nelems;
    uint32_t elem_cut, elem_ph;   /* before the ',' that began the current element */
    uint32_t open_at;             /* where the '(' is in the text (a row's start) */
    uint32_t nrows, row1_at, row1_len;
    uint32_t row_cut, row_ph;     /* before the ',' that began the current row */
    int saved_type_region;
    tok_t pre;                    /* a type name before '(' (pre.flags & TH_VALID) */
} level_t;

#define MAX_LEVELS 32
#define RING 8

enum { H_START, H_EXPLAIN, H_DONE };

typedef struct {
    const uint8_t *src, *p, *end;
    wl_norm_t *n;
    bool mysql;
    bool dml;           /* the statement is a query: its literals are replaced */
    uint8_t head;       /* H_*: has the statement's first word been seen */
    bool pending;       /* whitespace or a comment since the last token */
    bool semi_tail;     /* the text ends in ';' tokens, from semi_cut on */
    uint32_t semi_cut;
    int type_region;    /* level whose type name is being read (verbatim), or -1 */
    uint32_t ph;        /* placeholders in the text */
    tok_t ring[RING];   /* the last tokens; the next one is written in place */
    unsigned rn;        /* tokens pushed since the ring was last cleared */
    tok_t *cur;         /* the token being (or last) emitted */
    level_t lv[MAX_LEVELS];
    int top;            /* lv[0] is the statement itself */
    int extra;          /* brackets open beyond MAX_LEVELS */
} scan_t;

static inline bool replacing(const scan_t *st)
{
    return st->dml && st->type_region < 0;
}

static inline level_t *top_level(scan_t *st)
{
    return &st->lv[st->top];
}

/* The k-th last token (1 = the last), or NULL. The slot of the token being
 * written is not one of them. */
static inline const tok_t *ring_at(const scan_t *st, unsigned k)
{
    if (k > st->rn || k >= RING)
        return NULL;
    return &st->ring[(st->rn - k) & (RING - 1)];
}

static inline bool tok_word_is(const scan_t *st, const tok_t *t, const char *w)
{
    return t && t->kind == TK_WORD && word_is(st->n->text + t->start, t->len, w);
}

static inline bool tok_word_in(const scan_t *st, const tok_t *t, const word_t *list)
{
    return t && t->kind == TK_WORD && word_in(st->n->text + t->start, t->len, list);
}

/* ---- output -------------------------------------------------------------------- */

static void *grow(void *p, size_t size)
{
    void *q = realloc(p, size);
    if (!q)
        abort(); /* allocation failure aborts, as everywhere in dbagent */
    return q;
}

static void reserve_slow(wl_norm_t *n, size_t more)
{
    size_t cap = n->cap ? n->cap : 256;
    while (cap < n->len + more + 1)
        cap *= 2;
    n->text = grow(n->text, cap);
    n->cap = cap;
}

/* Room for `more` bytes and the NUL after them. */
static inline void reserve(wl_norm_t *n, size_t more)
{
    if (n->len + more + 1 > n->cap)
        reserve_slow(n, more);
}

static void push_lit(scan_t *st, const uint8_t *s, const uint8_t *e)
{
    wl_norm_t *n = st->n;
    if (n->nlits == n->lits_cap) {
        n->lits_cap = n->lits_cap ? n->lits_cap * 2 : 16;
        n->lits = grow(n->lits, (size_t)n->lits_cap * sizeof(*n->lits));
    }
    n->lits[n->nlits].off = (uint32_t)(s - st->src);
    n->lits[n->nlits].len = (uint32_t)(e - s);
    n->nlits++;
}

/* Would `first` glue onto the text before it into a different token? Only then
 * is a space added between two tokens the input had adjacent. */
static bool needs_gap(const char *text, size_t len, uint8_t first)
{
    uint8_t last = (uint8_t)text[len - 1];
    if (is_idcont(last) && last != '$')
        return is_idcont(first) || first == '\'' || first == '"';
    switch (last) {
    case '$':
        return is_idcont(first);
    case '-':
        return first == '-';
    case '/':
        return first == '*';
    case '.':
        return is_digit(first);
    case ':':
        return first == ':' || first == '=';
    case '\'':
    case '"':
        return first == last;
    case '&':
        /* u& before a quote would read as a Unicode string */
        return (first == '\'' || first == '"') && len >= 2 && lower((uint8_t)text[len - 2]) == 'u' &&
               (len == 2 || !is_idcont((uint8_t)text[len - 3]));
    default:
        return false;
    }
}

/* Could a token that starts with c glue onto what is before it? */
static inline bool may_glue(uint8_t c)
{
    return is_idcont(c) || c == '\'' || c == '"' || c == '-' || c == '*' || c == ':' || c == '=';
}

/* Starts a token of at most `max` bytes that begins with `first`: writes the
 * space before it, records the state before it, returns where to write. */
static HOT_INLINE char *tok_begin(scan_t *st, size_t max, uint8_t first)
{
    wl_norm_t *n = st->n;
    tok_t *c = st->cur = &st->ring[st->rn & (RING - 1)];
    c->out_before = (uint32_t)n->len;
    c->pending_before = st->pending;
    c->ph_before = st->ph;
    c->nlits_before = n->nlits;
    c->elem_before = st->lv[st->top].elem;
    c->flags = 0;
    reserve(n, max + 1);
    if (n->len > 0 && (st->pending || (may_glue(first) && needs_gap(n->text, n->len, first))))
        n->text[n->len++] = ' ';
    st->pending = false;
    c->start = (uint32_t)n->len;
    return n->text + n->len;
}

/* Ends the token begun by tok_begin at w; remembers it in the ring. */
static HOT_INLINE void tok_end(scan_t *st, char *w, uint8_t kind)
{
    wl_norm_t *n = st->n;
    n->len = (size_t)(w - n->text);
    st->cur->kind = kind;
    st->cur->len = (uint32_t)n->len - st->cur->start;
    st->rn++;
    level_t *l = top_level(st);
    if (l->vals != V_NONE)
        l->vals = kind == TK_COMMA && l->vals == V_AFTER_ROW ? V_EXPECT_ROW : V_NONE;
    if (kind != TK_SEMI)
        st->semi_tail = false;
}

/* Copies [s, e) as one token; NUL bytes become spaces. */
static void emit_raw(scan_t *st, const uint8_t *s, const uint8_t *e, uint8_t kind)
{
    char *w = tok_begin(st, (size_t)(e - s), *s);
    for (; s < e; s++)
        *w++ = *s ? (char)*s : ' ';
    tok_end(st, w, kind);
}

static void emit_str(scan_t *st, const char *s, uint8_t kind)
{
    emit_raw(st, (const uint8_t *)s, (const uint8_t *)s + strlen(s), kind);
}

/* The literal [s, e) of the input as the next placeholder $n. */
static void emit_placeholder(scan_t *st, const uint8_t *s, const uint8_t *e)
{
    char *w = tok_begin(st, 12, '$');
    char digits[12];
    int nd = 0;
    for (uint32_t v = ++st->ph; v; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    *w++ = '$';
    while (nd)
        *w++ = digits[--nd];
    tok_end(st, w, TK_LIT);
    push_lit(st, s, e);
}

/* Drops the text from `cut` on: a list element or row that adds nothing, or the
 * type name of a typed literal. Context from before the cut is forgotten. */
static void truncate_to(scan_t *st, uint32_t cut, uint32_t ph)
{
    if (cut < st->n->len) /* never grows: what lies beyond len is stale */
        st->n->len = cut;
    st->ph = ph;
    st->rn = 0;
}

/* ---- whitespace, comments, token extents --------------------------------------- */

/* MySQL reads "--" as a comment only before a space or control character. */
static inline bool dash_comment(const scan_t *st, const uint8_t *p)
{
    if (p + 1 >= st->end || p[0] != '-' || p[1] != '-')
        return false;
    return !st->mysql || p + 2 >= st->end || p[2] <= ' ';
}

static inline bool block_comment(const scan_t *st, const uint8_t *p)
{
    return p + 1 < st->end && p[0] == '/' && p[1] == '*';
}

/* After a -- comment that starts at p: PostgreSQL ends it at \n or \r. */
static const uint8_t *line_end(const uint8_t *p, const uint8_t *e)
{
    while (p < e && *p != '\n' && *p != '\r')
        p++;
    return p < e ? p + 1 : e;
}

/* After a block comment that starts at p. PostgreSQL nests them, MySQL does not;
 * one left open runs to the end. */
static const uint8_t *block_end(const scan_t *st, const uint8_t *p)
{
    const uint8_t *e = st->end;
    int depth = 1;
    for (p += 2; p + 1 < e; p++) {
        if (p[0] == '*' && p[1] == '/') {
            p++;
            if (--depth == 0)
                return p + 1;
        } else if (p[0] == '/' && p[1] == '*' && !st->mysql) {
            p++;
            depth++;
        }
    }
    return e;
}

/* After the whitespace and comments from p. */
static const uint8_t *space_end(const scan_t *st, const uint8_t *p)
{
    const uint8_t *e = st->end;
    for (;;) {
        while (p < e && CLASS[*p] == C_SPACE)
            p++;
        if (p >= e)
            return p;
        if (dash_comment(st, p) || (st->mysql && *p == '#'))
            p = line_end(p, e);
        else if (block_comment(st, p))
            p = block_end(st, p);
        else
            return p;
    }
}

static inline void skip_space(scan_t *st)
{
    if (st->p < st->end) {
        uint8_t c = *st->p;
        if (CLASS[c] != C_SPACE && c != '-' && c != '/' && c != '#')
            return; /* the usual case: a token follows at once */
    }
    const uint8_t *p = space_end(st, st->p);
    if (p != st->p) {
        st->pending = true;
        st->p = p;
    }
}

static const uint8_t *word_end(const uint8_t *p, const uint8_t *e)
{
    while (p < e && is_idcont(*p))
        p++;
    return p;
}

static bool radix_digit(uint8_t c, uint8_t radix)
{
    c = lower(c);
    if (radix == 'x')
        return is_digit(c) || (c >= 'a' && c <= 'f');
    return radix == 'o' ? c >= '0' && c <= '7' : c == '0' || c == '1';
}

static const uint8_t *digits_end(const uint8_t *p, const uint8_t *e)
{
    while (p < e && is_digit(*p)) {
        p++;
        if (p + 1 < e && *p == '_' && is_digit(p[1]))
            p++;
    }
    return p;
}

/* After the number at p (a digit, or '.' before one): 42, 4.2, .5, 1e10, 1_000,
 * 0x1F, 0o17, 0b101. */
static const uint8_t *number_end(const uint8_t *p, const uint8_t *e)
{
    if (p[0] == '0' && p + 2 < e) {
        uint8_t r = lower(p[1]);
        if ((r == 'x' || r == 'o' || r == 'b') && radix_digit(p[2], r)) {
            p += 2;
            while (p < e && (radix_digit(*p, r) || (*p == '_' && p + 1 < e && radix_digit(p[1], r))))
                p++;
            return p;
        }
    }
    p = digits_end(p, e);
    if (p < e && *p == '.' && !(p + 1 < e && p[1] == '.'))
        p = digits_end(p + 1, e);
    if (p < e && lower(*p) == 'e') {
        const uint8_t *q = p + 1;
        if (q < e && (*q == '+' || *q == '-'))
            q++;
        if (q < e && is_digit(*q))
            p = digits_end(q, e);
    }
    return p;
}

/* String bodies. */
enum {
    S_STD,    /* '…' with '' (standard_conforming_strings), B'', X'', N'' */
    S_ESC,    /* E'…': backslash escapes too */
    S_UNI,    /* U&'…', maybe followed by UESCAPE '…' */
    S_MYSQL,  /* MySQL '…' or "…": backslash escapes and doubled quotes */
};

/* After the closing quote of the string whose opening quote is at q; *closed
 * is false when the input ends first. */
static const uint8_t *quoted_end(const uint8_t *q, const uint8_t *e, int kind, bool *closed)
{
    uint8_t quote = *q;
    bool backslash = kind == S_ESC || kind == S_MYSQL;
    if (!backslash) {
        for (q++; q < e && (q = memchr(q, quote, (size_t)(e - q))); q += 2)
            if (q + 1 >= e || q[1] != quote) {
                *closed = true;
                return q + 1;
            }
        *closed = false;
        return e;
    }
    for (q++; q < e; q++) {
        if (*q == '\\' && backslash) {
            q++;
            continue;
        }
        if (*q != quote)
            continue;
        if (q + 1 < e && q[1] == quote) {
            q++;
            continue;
        }
        *closed = true;
        return q + 1;
    }
    *closed = false;
    return e;
}

/* PostgreSQL continues a string across whitespace that holds a newline ('a'
 * newline 'b' is 'ab'); returns the quote that continues it, or NULL. */
static const uint8_t *pg_continuation(const uint8_t *p, const uint8_t *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\f'))
        p++;
    if (p >= e || (*p != '\n' && *p != '\r'))
        return NULL;
    for (;;) {
        while (p < e && CLASS[*p] == C_SPACE && *p)
            p++;
        if (p + 1 < e && p[0] == '-' && p[1] == '-') {
            p = line_end(p, e);
            continue;
        }
        return p < e && *p == '\'' ? p : NULL;
    }
}

/* After a whole string literal whose opening quote is at q: continuations (and
 * for MySQL in queries, adjacent strings, which it concatenates). */
static const uint8_t *string_end(const scan_t *st, const uint8_t *q, int kind, bool join,
                                 bool *closed)
{
    const uint8_t *e = st->end;
    for (;;) {
        const uint8_t *after = quoted_end(q, e, kind, closed);
        if (!*closed)
            return after;
        const uint8_t *next = NULL;
        if (kind == S_MYSQL) {
            const uint8_t *r = after;
            while (join && r < e && CLASS[*r] == C_SPACE && *r)
                r++;
            if (join && r < e && (*r == '\'' || *r == '"'))
                next = r;
        } else {
            next = pg_continuation(after, e);
        }
        if (!next)
            return after;
        q = next;
    }
}

/* After the word at p (skipping whitespace and comments) if it is `w`, else NULL. */
static const uint8_t *peek_word(const scan_t *st, const uint8_t *p, const char *w)
{
    p = space_end(st, p);
    if (p >= st->end || CLASS[*p] != C_IDENT)
        return NULL;
    const uint8_t *q = word_end(p, st->end);
    size_t n = strlen(w);
    if ((size_t)(q - p) != n)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (lower(p[i]) != (uint8_t)w[i])
            return NULL;
    return q;
}

/* The next non-space byte from p, or 0 at the end. */
static uint8_t peek_char(const scan_t *st, const uint8_t *p)
{
    p = space_end(st, p);
    return p < st->end ? *p : 0;
}

/* ---- list elements ------------------------------------------------------------- */

enum { EV_VALUE, EV_CAST, EV_TUPLE, EV_OTHER };

static inline bool is_list(uint8_t kind)
{
    return kind == K_IN || kind == K_ARRAY || kind == K_ROW || kind == K_TUPLE;
}

/* What the innermost list's current element becomes after a token. */
static inline void element_event(scan_t *st, int ev)
{
    level_t *l = top_level(st);
    if (!is_list(l->kind))
        return;
    switch (ev) {
    case EV_VALUE:
        l->elem = l->elem == E_START ? E_VAL : E_OTHER;
        break;
    case EV_CAST:
        l->elem = l->elem == E_VAL ? E_VALCAST : E_OTHER;
        break;
    case EV_TUPLE:
        l->elem = l->elem == E_START ? E_TUPLE : E_OTHER;
        break;
    default:
        l->elem = E_OTHER;
    }
}

static int element_class(uint8_t elem)
{
    if (elem == E_VAL || elem == E_VALCAST)
        return CLS_INV;
    return elem == E_TUPLE ? CLS_TUPLE : CLS_OTHER;
}

/* An element whose fingerprint equals the first one's adds nothing: in IN (a
 * sorted, de-duplicated list) any constant or tuple of constants; in ARRAY (not
 * sorted) only constants, which leave no trace at all. */
static bool element_repeats(const level_t *l, int cls)
{
    if (cls != l->first_cls)
        return false;
    if (l->kind == K_IN)
        return cls == CLS_INV || cls == CLS_TUPLE;
    return l->kind == K_ARRAY && cls == CLS_INV;
}

/* The current element of list l ends (at ',' or its closing bracket). */
static void finish_element(scan_t *st, level_t *l)
{
    int cls = element_class(l->elem);
    if (l->nelems == 0)
        l->first_cls = (uint8_t)cls;
    else if (element_repeats(l, cls))
        truncate_to(st, l->elem_cut, l->elem_ph);
    if (cls != CLS_INV)
        l->all_inv = 0;
    l->nelems++;
}

/* Two output texts are the same shape: equal but for the numbers of $n
 * placeholders (quoted text compared as is). */
static bool same_shape(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    uint8_t quote = 0;
    while (i < alen && j < blen) {
        uint8_t ca = (uint8_t)a[i], cb = (uint8_t)b[j];
        if (quote) {
            if (ca != cb)
                return false;
            if (ca == quote)
                quote = 0;
            i++, j++;
            continue;
        }
        if (ca == '$' && cb == '$' && i + 1 < alen && j + 1 < blen && is_digit((uint8_t)a[i + 1]) &&
            is_digit((uint8_t)b[j + 1]) && (i == 0 || !is_idcont((uint8_t)a[i - 1])) &&
            (j == 0 || !is_idcont((uint8_t)b[j - 1]))) {
            for (i++; i < alen && is_digit((uint8_t)a[i]); i++)
                ;
            for (j++; j < blen && is_digit((uint8_t)b[j]); j++)
                ;
            continue;
        }
        if (ca != cb)
            return false;
        if (ca == '\'' || ca == '"')
            quote = ca;
        i++, j++;
    }
    return i == alen && j == blen;
}

/* A VALUES row (the level just closed) ends in level p. A row of the first
 * row's shape, or of constants only when the first is too, hashes alike in the
 * sorted, de-duplicated VALUES list, so it is dropped. */
static void row_done(scan_t *st, level_t *p, const level_t *row)
{
    uint32_t at = row->open_at, len = (uint32_t)st->n->len - at;
    bool inv = row->all_inv && row->nelems > 0;
    if (p->nrows == 0) {
        p->row1_at = at;
        p->row1_len = len;
        p->row1_inv = inv;
    } else if ((inv && p->row1_inv) ||
               same_shape(st->n->text + p->row1_at, p->row1_len, st->n->text + at, len)) {
        truncate_to(st, p->row_cut, p->row_ph);
    }
    p->nrows++;
}

/* ---- typed literals and the unary minus ---------------------------------------- */

/* A copy of token t as the start of a type name, with flags. */
static bool type_start(tok_t *out, const tok_t *t, uint8_t flags)
{
    *out = *t;
    out->flags = (uint8_t)(TH_VALID | flags);
    return true;
}

/* Can the tokens that end the text be a type name, so that a string after them
 * is a typed literal (int '5', pg_catalog.date '…', varchar(10) 'x', double
 * precision '1', timestamp(3) with time zone '…')? Then *out is its first token. */
static bool type_head(const scan_t *st, tok_t *out)
{
    const char *text = st->n->text;
    const tok_t *t1 = ring_at(st, 1), *t2 = ring_at(st, 2), *t3 = ring_at(st, 3);
    if (!t1)
        return false;
    if (t1->kind == TK_CLOSE)
        return (t1->flags & TH_VALID) && type_start(out, t1, t1->flags & ~TH_VALID);
    if (t1->kind != TK_WORD && t1->kind != TK_QIDENT)
        return false;
    if (t2 && t2->kind == TK_DOT) {
        /* a qualified name: its first part, whatever the words are */
        unsigned k = 1;
        const tok_t *head = t1, *dot, *name;
        while ((dot = ring_at(st, k + 1)) && dot->kind == TK_DOT && (name = ring_at(st, k + 2)) &&
               (name->kind == TK_WORD || name->kind == TK_QIDENT)) {
            head = name;
            k += 2;
        }
        if (head == t1)
            return false;
        const tok_t *before = ring_at(st, k + 1);
        return !(before && before->kind == TK_DOT) && type_start(out, head, 0);
    }
    if (t1->kind == TK_QIDENT)
        return type_start(out, t1, 0);
    const char *w = text + t1->start;
    size_t n = t1->len;
    if (sql_keyword_kind(w, n) == SQL_KW_NONE)
        return type_start(out, t1, 0);
    if (word_in(w, n, TYPE_KEYWORDS)) {
        uint8_t flags = word_is(w, n, "interval") ? TH_INTERVAL
                        : word_is(w, n, "time") || word_is(w, n, "timestamp") ? TH_TIMEY
                                                                              : 0;
        if ((word_is(w, n, "char") || word_is(w, n, "character")) && tok_word_is(st, t2, "national"))
            return type_start(out, t2, 0);
        return type_start(out, t1, flags);
    }
    if (word_is(w, n, "precision"))
        return tok_word_is(st, t2, "double") && type_start(out, t2, 0);
    if (word_is(w, n, "varying")) {
        static const word_t varying[] = {W("char"), W("character"), W("nchar"), W("bit"), {NULL, 0}};
        if (!tok_word_in(st, t2, varying))
            return false;
        return type_start(out, tok_word_is(st, t3, "national") ? t3 : t2, 0);
    }
    if (word_is(w, n, "zone")) {
        const tok_t *t4 = ring_at(st, 4);
        if (!tok_word_is(st, t2, "time") || !(tok_word_is(st, t3, "with") || tok_word_is(st, t3, "without")))
            return false;
        if (tok_word_is(st, t4, "time") || tok_word_is(st, t4, "timestamp"))
            return type_start(out, t4, 0);
        return t4 && t4->kind == TK_CLOSE && (t4->flags & TH_TIMEY) && type_start(out, t4, 0);
    }
    return false;
}

/* Does the token before a word end an operand (so the word is an infix keyword)? */
static bool ends_operand(const scan_t *st, const tok_t *t)
{
    if (!t)
        return false;
    switch (t->kind) {
    case TK_LIT:
    case TK_PARAM:
    case TK_QIDENT:
    case TK_CLOSE:
    case TK_TYPE:
    case TK_OPERAND:
        return true;
    case TK_WORD: {
        const char *w = st->n->text + t->start;
        int kind = sql_keyword_kind(w, t->len);
        return (kind != SQL_KW_RESERVED && kind != SQL_KW_TYPE_FUNC) || word_in(w, t->len, OPERAND_KEYWORDS);
    }
    default:
        return false;
    }
}

/* Is a '-' after the current tokens a unary minus (the grammar folds it into a
 * number that follows) rather than a subtraction? */
static bool minus_is_unary(const scan_t *st)
{
    const tok_t *t1 = ring_at(st, 1), *t2 = ring_at(st, 2);
    if (!t1)
        return true;
    switch (t1->kind) {
    case TK_OP:
    case TK_OPEN:
    case TK_COMMA:
    case TK_SEMI:
    case TK_COLON:
    case TK_CAST:
        return true;
    case TK_WORD:
        break;
    default:
        return false;
    }
    if (t2 && t2->kind == TK_DOT)
        return false; /* t.select: a column label */
    const char *w = st->n->text + t1->start;
    size_t n = t1->len;
    int kind = sql_keyword_kind(w, n);
    if (kind == SQL_KW_RESERVED || kind == SQL_KW_TYPE_FUNC)
        return !word_in(w, n, OPERAND_KEYWORDS);
    if (word_is(w, n, "between")) /* a BETWEEN -1 vs SELECT between - 1 */
        return ends_operand(st, t2) || tok_word_is(st, t2, "not");
    if (word_is(w, n, "by")) {
        static const word_t by[] = {W("order"), W("group"), W("partition"), {NULL, 0}};
        return tok_word_in(st, t2, by);
    }
    if (word_is(w, n, "zone"))
        return tok_word_is(st, t2, "time") && tok_word_is(st, ring_at(st, 3), "at");
    return false;
}

/* A '-' just before p folds into a numeric constant when what follows is a
 * number, another folding minus, or one of those in parentheses, and no cast,
 * subscript or field selection binds tighter. Returns the end of the folded
 * constant, or NULL. */
static const uint8_t *fold_end(const scan_t *st, const uint8_t *p, int depth)
{
    const uint8_t *e = st->end, *end;
    if (depth > 64)
        return NULL;
    p = space_end(st, p);
    if (p >= e)
        return NULL;
    if (is_digit(*p) || (*p == '.' && p + 1 < e && is_digit(p[1]))) {
        end = number_end(p, e);
        if (end < e && is_idcont(*end))
            return NULL;
    } else if (*p == '-' && !dash_comment(st, p)) {
        end = fold_end(st, p + 1, depth + 1);
    } else if (*p == '(') {
        end = fold_end(st, p + 1, depth + 1);
        if (end) {
            end = space_end(st, end);
            end = end < e && *end == ')' ? end + 1 : NULL;
        }
    } else {
        return NULL;
    }
    if (!end)
        return NULL;
    const uint8_t *q = space_end(st, end);
    if (q < e && (*q == '[' || *q == '.' || (*q == ':' && q + 1 < e && q[1] == ':')))
        return NULL;
    return end;
}

/* ---- tokens -------------------------------------------------------------------- */

static void step(scan_t *st);

/* The statement's first word decides whether its literals are replaced; EXPLAIN
 * [ANALYZE] [VERBOSE] [(options)] defers to the statement it explains. */
static void head_word(scan_t *st, const char *w, size_t n)
{
    if (st->head == H_DONE || st->top != 0 || st->extra)
        return;
    if (st->head == H_START && word_is(w, n, "explain")) {
        st->head = H_EXPLAIN;
        return;
    }
    if (st->head == H_EXPLAIN &&
        (word_is(w, n, "analyze") || word_is(w, n, "analyse") || word_is(w, n, "verbose")))
        return;
    st->dml = word_in(w, n, QUERY_WORDS) || (st->mysql && word_is(w, n, "replace"));
    st->head = H_DONE;
}

/* Any other first token settles the statement as not a query. */
static inline void head_other(scan_t *st)
{
    if (st->head == H_START)
        st->head = H_DONE;
}

/* What a word means to the list it is in: null, true, false and default are
 * constants. And VALUES starts rows; AS in CAST( starts the type name. */
static void word_context(scan_t *st, const char *w, size_t n, bool after_dot)
{
    bool constant = false;
    level_t *l = top_level(st);
    switch (n) {
    case 2:
        if (word_is(w, n, "as") && l->kind == K_CAST && !st->extra)
            st->type_region = st->top; /* CAST(x AS type): the type is read verbatim */
        break;
    case 4:
        constant = word_is(w, n, "null") || word_is(w, n, "true");
        break;
    case 5:
        constant = word_is(w, n, "false");
        break;
    case 6:
        if (word_is(w, n, "values") && !is_list(l->kind) && !st->extra) {
            l->vals = V_EXPECT_ROW;
            l->nrows = 0;
        }
        break;
    case 7:
        constant = word_is(w, n, "default");
        break;
    default:
        break;
    }
    element_event(st, constant && !after_dot ? EV_VALUE : EV_OTHER);
}

static void lex_word(scan_t *st)
{
    const uint8_t *s = st->p, *e = st->end, *q = s;
    const tok_t *before = ring_at(st, 1);
    bool after_dot = before && before->kind == TK_DOT;
    char *w = tok_begin(st, (size_t)(e - s), *s); /* room for the rest of the input */
    char *start = w;
    uint8_t c;
    for (; q < e && (c = ID_LOWER[*q]); q++)
        *w++ = (char)c;
    size_t n = (size_t)(w - start);
    st->p = q;
    tok_end(st, w, TK_WORD);
    if (st->head != H_DONE)
        head_word(st, start, n);
    if (replacing(st))
        word_context(st, start, n, after_dot);
}

/* After an interval field at p (year … second, second(p)), or NULL. */
static const uint8_t *interval_field_end(const scan_t *st, const uint8_t *p)
{
    for (const word_t *f = INTERVAL_FIELDS; f->s; f++) {
        const uint8_t *q = peek_word(st, p, f->s);
        if (!q)
            continue;
        const uint8_t *open = space_end(st, q);
        if (word_is(f->s, f->len, "second") && open < st->end && *open == '(') {
            const uint8_t *d = space_end(st, open + 1), *de = d;
            while (de < st->end && is_digit(*de))
                de++;
            const uint8_t *close = space_end(st, de);
            if (de > d && close < st->end && *close == ')')
                return close + 1;
        }
        return q;
    }
    return NULL;
}

/* The qualifier after a typed interval literal (interval '1' day to second)
 * belongs to the literal: skipped. */
static void skip_interval_fields(scan_t *st)
{
    const uint8_t *q = interval_field_end(st, st->p), *to;
    if (!q)
        return;
    st->p = q;
    if ((to = peek_word(st, q, "to")) && (q = interval_field_end(st, to)))
        st->p = q;
}

static uint8_t mysql_unescape(uint8_t c)
{
    switch (c) {
    case '0':
        return ' '; /* NUL: the text holds none */
    case 'b':
        return '\b';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    case 'Z':
        return 0x1a;
    default:
        return c;
    }
}

/* A MySQL string (prefix from s, quote at q, end e) kept as a PostgreSQL one:
 * escapes decoded, quotes doubled, so the text reads the same to both. */
static void emit_mysql_string(scan_t *st, const uint8_t *s, const uint8_t *q, const uint8_t *e,
                              bool closed)
{
    char *w = tok_begin(st, (size_t)(q - s) + 2 * (size_t)(e - q) + 4, s == q ? '\'' : *s);
    for (; s < q; s++)
        *w++ = (char)*s;
    const uint8_t quote = *q, *body = closed ? e - 1 : e;
    *w++ = '\'';
    for (const uint8_t *p = q + 1; p < body; p++) {
        uint8_t c = *p;
        if (c == '\\' && p + 1 < body) {
            c = *++p;
            if (c == '%' || c == '_')
                *w++ = '\\'; /* MySQL keeps the backslash of \% and \_ */
            else
                c = mysql_unescape(c);
        } else if (c == quote && p + 1 < body && p[1] == quote) {
            p++;
        }
        if (c == '\'')
            *w++ = '\'';
        *w++ = c ? (char)c : ' ';
    }
    if (closed)
        *w++ = '\'';
    tok_end(st, w, TK_LIT);
}

/* In a query, the literal [s, e) becomes a placeholder; a type name just before
 * it (a typed literal) goes with it. Elsewhere it is kept. */
static void take_literal(scan_t *st, const uint8_t *s, const uint8_t *q, const uint8_t *e, int kind,
                         bool closed)
{
    st->p = e;
    head_other(st);
    if (!replacing(st)) {
        if (kind == S_MYSQL)
            emit_mysql_string(st, s, q, e, closed);
        else
            emit_raw(st, s, e, TK_LIT);
        return;
    }
    tok_t head;
    bool typed = type_head(st, &head);
    char type[64] = "unknown";
    if (typed) {
        const char *h = st->n->text + head.start;
        if (head.len < sizeof(type) && !(head.kind == TK_WORD && word_is(h, head.len, "national"))) {
            memcpy(type, h, head.len);
            type[head.len] = '\0';
        }
        truncate_to(st, head.out_before, head.ph_before);
        st->pending = head.pending_before;
        st->n->nlits = head.nlits_before;
        top_level(st)->elem = head.elem_before;
    }
    emit_placeholder(st, s, e);
    element_event(st, EV_VALUE);
    if (typed && (head.flags & TH_INTERVAL))
        skip_interval_fields(st);
    const uint8_t *next = space_end(st, st->p);
    if (typed && next + 1 < st->end && next[0] == ':' && next[1] == ':') {
        /* int '5'::text casts a cast: the inner one must stay (its type does
         * not count), so the literal reads $1::int::text */
        emit_str(st, "::", TK_CAST);
        element_event(st, EV_CAST);
        emit_str(st, type, TK_TYPE);
    }
}

/* A string literal: its prefix (E, B, X, N, U&) from s, its quote at q. */
static void lex_string(scan_t *st, const uint8_t *s, const uint8_t *q, int kind)
{
    bool closed;
    const uint8_t *e = string_end(st, q, kind, replacing(st), &closed);
    if (kind == S_UNI && closed) {
        const uint8_t *u = peek_word(st, e, "uescape");
        if (u && peek_char(st, u) == '\'')
            e = string_end(st, space_end(st, u), S_STD, false, &closed);
    }
    take_literal(st, s, q, e, kind, closed);
}

static void lex_qident(scan_t *st, const uint8_t *s, const uint8_t *q)
{
    bool closed;
    const uint8_t *e = quoted_end(q, st->end, S_STD, &closed);
    if (s != q && closed) { /* U&"…" UESCAPE '…' */
        const uint8_t *u = peek_word(st, e, "uescape");
        if (u && peek_char(st, u) == '\'')
            e = string_end(st, space_end(st, u), S_STD, false, &closed);
    }
    st->p = e;
    head_other(st);
    emit_raw(st, s, e, TK_QIDENT);
    if (replacing(st))
        element_event(st, EV_OTHER);
}

/* A MySQL `identifier` becomes a PostgreSQL "identifier". */
static void lex_backtick(scan_t *st)
{
    const uint8_t *q = st->p, *e = st->end, *p;
    bool closed = false;
    for (p = q + 1; p < e; p++) {
        if (*p != '`')
            continue;
        if (p + 1 < e && p[1] == '`') {
            p++;
            continue;
        }
        closed = true;
        break;
    }
    const uint8_t *end = closed ? p + 1 : e, *body = closed ? p : e;
    char *w = tok_begin(st, 2 * (size_t)(end - q) + 2, '"');
    *w++ = '"';
    for (p = q + 1; p < body; p++) {
        uint8_t c = *p;
        if (c == '`')
            p++; /* `` is one backtick */
        if (c == '"')
            *w++ = '"';
        *w++ = c ? (char)c : ' ';
    }
    if (closed)
        *w++ = '"';
    st->p = end;
    head_other(st);
    tok_end(st, w, TK_QIDENT);
    if (replacing(st))
        element_event(st, EV_OTHER);
}

static void lex_word_or_string(scan_t *st)
{
    const uint8_t *p = st->p, *e = st->end;
    if (p + 1 < e && p[1] == '\'') {
        uint8_t c = lower(p[0]);
        if (c == 'e' && !st->mysql) {
            lex_string(st, p, p + 1, S_ESC);
            return;
        }
        if (c == 'b' || c == 'x') {
            lex_string(st, p, p + 1, S_STD);
            return;
        }
        if (c == 'n') {
            lex_string(st, p, p + 1, st->mysql ? S_MYSQL : S_STD);
            return;
        }
    }
    if (!st->mysql && p + 2 < e && lower(p[0]) == 'u' && p[1] == '&') {
        if (p[2] == '\'') {
            lex_string(st, p, p + 2, S_UNI);
            return;
        }
        if (p[2] == '"') {
            lex_qident(st, p, p + 2);
            return;
        }
    }
    lex_word(st);
}

static void lex_number(scan_t *st)
{
    const uint8_t *s = st->p, *e = number_end(s, st->end);
    st->p = e;
    head_other(st);
    if (!replacing(st)) {
        emit_raw(st, s, e, TK_LIT);
        return;
    }
    emit_placeholder(st, s, e);
    element_event(st, EV_VALUE);
}

/* $1 (a parameter, kept), $tag$…$tag$ (a string), or a lone '$'. */
static void lex_dollar(scan_t *st)
{
    const uint8_t *s = st->p, *e = st->end, *q = s + 1;
    head_other(st);
    if (q < e && is_digit(*q)) {
        while (q < e && is_digit(*q))
            q++;
        st->p = q;
        emit_raw(st, s, q, TK_PARAM);
        if (replacing(st))
            element_event(st, EV_VALUE);
        return;
    }
    if (!st->mysql) {
        while (q < e && (CLASS[*q] == C_IDENT || (q > s + 1 && is_digit(*q))))
            q++;
        if (q < e && *q == '$') {
            size_t tag = (size_t)(q + 1 - s);
            const uint8_t *p = q + 1, *m, *end = e;
            bool closed = false;
            while (!closed && (m = memchr(p, '$', (size_t)(e - p)))) {
                closed = (size_t)(e - m) >= tag && memcmp(m, s, tag) == 0;
                end = closed ? m + tag : e;
                p = m + 1;
            }
            take_literal(st, s, s, end, S_STD, closed);
            return;
        }
    }
    st->p = s + 1;
    emit_raw(st, s, s + 1, TK_OTHER);
    if (replacing(st))
        element_event(st, EV_OTHER);
}

static bool is_op_char(const scan_t *st, uint8_t c)
{
    if (c == '`')
        return !st->mysql;
    return CLASS[c] == C_OP && !(c == '#' && st->mysql);
}

/* The length of the MySQL operator at s: one of its few multi-character
 * operators, else one character. */
static size_t mysql_op_len(const uint8_t *s, const uint8_t *e)
{
    /* Every longer operator has one of these second characters: the common
     * one-character case ("=") is decided without the table. */
    if (e - s < 2 || (s[1] != '=' && s[1] != '<' && s[1] != '>' && s[1] != '&' && s[1] != '|'))
        return 1;
    static const char *const ops[] = {"<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", "&&",
                                      "||", "->", NULL};
    for (const char *const *op = ops; *op; op++) {
        size_t n = strlen(*op);
        if ((size_t)(e - s) >= n && memcmp(s, *op, n) == 0)
            return n;
    }
    return 1;
}

/* An operator, split the way PostgreSQL splits one: a comment start ends it,
 * and a trailing + or - is its own token unless the operator holds one of
 * ~ ! @ # ^ & | ` ? % (so =-1 is = -1, but @-1 is @- 1). MySQL's are fixed. */
static void lex_op(scan_t *st)
{
    const uint8_t *s = st->p, *e = st->end, *q = s;
    while (q < e && is_op_char(st, *q)) {
        if (q > s && (dash_comment(st, q) || block_comment(st, q)))
            break;
        q++;
    }
    size_t n = st->mysql ? mysql_op_len(s, e) : (size_t)(q - s);
    if (!st->mysql && n > 1 && (s[n - 1] == '+' || s[n - 1] == '-')) {
        size_t i = 0;
        while (i + 1 < n && !strchr("~!@#^&|`?%", s[i]))
            i++;
        if (i + 1 == n)
            while (n > 1 && (s[n - 1] == '+' || s[n - 1] == '-'))
                n--;
    }
    st->p = s + n;
    head_other(st);
    if (n == 1 && *s == '-' && replacing(st) && minus_is_unary(st)) {
        const uint8_t *f = fold_end(st, s + 1, 0);
        if (f) {
            st->p = f;
            emit_placeholder(st, s, f);
            element_event(st, EV_VALUE);
            return;
        }
    }
    const tok_t *t1 = ring_at(st, 1);
    uint8_t kind = n == 1 && *s == '*' && t1 && t1->kind == TK_DOT ? TK_OPERAND : TK_OP;
    if (n == 2 && s[0] == '!' && s[1] == '=')
        emit_str(st, "<>", kind); /* the same operator to PostgreSQL */
    else
        emit_raw(st, s, s + n, kind);
    if (replacing(st))
        element_event(st, EV_OTHER);
}

/* ---- brackets, separators, casts ----------------------------------------------- */

static void lex_open(scan_t *st)
{
    const uint8_t ch = *st->p++;
    if (st->head == H_START) { /* (SELECT …) UNION … */
        st->dml = ch == '(';
        st->head = H_DONE;
    }
    level_t *l = top_level(st);
    const tok_t *t1 = ring_at(st, 1);
    uint8_t kind = K_OTHER;
    tok_t pre = {0};
    if (replacing(st) && !st->extra) {
        if (ch == '[')
            kind = tok_word_is(st, t1, "array") || (l->kind == K_ARRAY && l->elem == E_START) ? K_ARRAY
                                                                                          : K_OTHER;
        else if (l->vals == V_EXPECT_ROW)
            kind = K_ROW;
        else if (l->kind == K_IN && l->elem == E_START)
            kind = K_TUPLE;
        else if (tok_word_is(st, t1, "in"))
            kind = K_IN;
        else if (t1 && (t1->kind == TK_WORD || t1->kind == TK_QIDENT))
            type_head(st, &pre); /* maybe varchar(10) 'x' */
    }
    static const word_t casts[] = {W("cast"), W("treat"), W("xmlserialize"), {NULL, 0}};
    if (ch == '(' && tok_word_in(st, t1, casts))
        kind = K_CAST;
    if (kind != K_TUPLE && replacing(st))
        element_event(st, EV_OTHER);
    char *w = tok_begin(st, 1, ch);
    *w++ = (char)ch;
    tok_end(st, w, TK_OPEN);
    if (kind == K_ROW)
        l->vals = V_IN_ROW;
    if (st->extra || st->top + 1 >= MAX_LEVELS) {
        st->extra++;
        return;
    }
    level_t *nl = &st->lv[++st->top];
    nl->kind = kind;
    nl->close = ch == '(' ? ')' : ']';
    nl->elem = E_START;
    nl->first_cls = CLS_OTHER;
    nl->all_inv = 1;
    nl->vals = V_NONE;
    nl->nelems = 0;
    nl->nrows = 0;
    nl->open_at = st->cur->start;
    nl->saved_type_region = st->type_region;
    nl->pre = pre;
}

static void lex_close(scan_t *st)
{
    const uint8_t ch = *st->p++;
    head_other(st);
    level_t *l = top_level(st);
    bool pops = !st->extra && st->top > 0 && l->close == ch;
    if (pops && is_list(l->kind))
        finish_element(st, l);
    char *w = tok_begin(st, 1, ch);
    *w++ = (char)ch;
    tok_end(st, w, TK_CLOSE);
    if (st->extra) {
        st->extra--;
        return;
    }
    if (!pops) {
        if (replacing(st))
            element_event(st, EV_OTHER);
        return;
    }
    st->top--;
    st->type_region = l->saved_type_region;
    if (l->pre.flags & TH_VALID) { /* the close stands for the type name before '(' */
        tok_t *t = &st->ring[(st->rn - 1) & (RING - 1)];
        *t = l->pre; /* its text is the type's first word */
        t->kind = TK_CLOSE;
    }
    if (!replacing(st))
        return;
    level_t *p = top_level(st);
    if (l->kind == K_ROW) {
        uint32_t before = (uint32_t)st->n->len;
        row_done(st, p, l);
        p->vals = V_AFTER_ROW;
        if (st->n->len != before) { /* dropped: the last kept row's ')' ends the text */
            tok_t t = {.kind = TK_CLOSE, .start = (uint32_t)st->n->len - 1, .len = 1};
            st->ring[st->rn++ & (RING - 1)] = t;
        }
    } else if (l->kind == K_TUPLE) {
        element_event(st, l->all_inv && l->nelems >= 2 ? EV_TUPLE : EV_OTHER);
    }
}

static void lex_comma(scan_t *st)
{
    st->p++;
    head_other(st);
    level_t *l = top_level(st);
    bool list = !st->extra && is_list(l->kind);
    if (list)
        finish_element(st, l);
    char *w = tok_begin(st, 1, ',');
    *w++ = ',';
    tok_end(st, w, TK_COMMA);
    if (st->extra)
        return;
    if (l->vals == V_EXPECT_ROW) {
        l->row_cut = st->cur->out_before;
        l->row_ph = st->cur->ph_before;
    }
    if (list) {
        l->elem = E_START;
        l->elem_cut = st->cur->out_before;
        l->elem_ph = st->cur->ph_before;
    }
}

static void reset_statement(scan_t *st)
{
    st->head = H_START;
    st->dml = false;
    st->type_region = -1;
    st->top = 0;
    st->extra = 0;
    level_t *l = &st->lv[0];
    l->kind = K_ROOT;
    l->close = 0;
    l->elem = E_START;
    l->vals = V_NONE;
    l->nrows = 0;
    l->nelems = 0;
    l->pre.flags = 0;
    l->saved_type_region = -1;
}

/* ';' ends a statement (at the top level); trailing ones are dropped at the end. */
static void lex_semi(scan_t *st)
{
    st->p++;
    bool tail = st->semi_tail;
    char *w = tok_begin(st, 1, ';');
    *w++ = ';';
    tok_end(st, w, TK_SEMI);
    if (!tail) {
        st->semi_tail = true;
        st->semi_cut = st->cur->out_before;
    }
    if (st->top == 0 && !st->extra)
        reset_statement(st);
}

static void lex_dot(scan_t *st)
{
    const uint8_t *s = st->p++;
    head_other(st);
    emit_raw(st, s, s + 1, TK_DOT);
    if (replacing(st))
        element_event(st, EV_OTHER);
}

static void lex_other(scan_t *st)
{
    const uint8_t *s = st->p++;
    head_other(st);
    emit_raw(st, s, s + 1, TK_OTHER);
    if (replacing(st))
        element_event(st, EV_OTHER);
}

/* One part of a type name: a word or a quoted identifier. */
static bool type_part(scan_t *st)
{
    const uint8_t *p = space_end(st, st->p);
    if (p >= st->end)
        return false;
    if (CLASS[*p] == C_IDENT) {
        skip_space(st);
        lex_word(st);
    } else if (*p == '"' && !st->mysql) {
        skip_space(st);
        lex_qident(st, p, p);
    } else if (*p == '`' && st->mysql) {
        skip_space(st);
        lex_backtick(st);
    } else {
        return false;
    }
    return true;
}

/* A bracketed part of a type name — (10,2) or [] or [3] — read by the main
 * loop (verbatim, since a type name is being read) until it closes. False when
 * brackets nest too deep to follow: the main loop reads them as it can. */
static bool type_brackets(scan_t *st)
{
    if (st->extra || st->top + 2 >= MAX_LEVELS)
        return false;
    int level = st->top;
    skip_space(st);
    lex_open(st);
    while (st->p < st->end && st->top > level)
        step(st);
    return true;
}

static bool array_bound_follows(const scan_t *st)
{
    const uint8_t *p = space_end(st, st->p), *e = st->end;
    if (p >= e || *p != '[')
        return false;
    p = space_end(st, p + 1);
    while (p < e && is_digit(*p))
        p++;
    p = space_end(st, p);
    return p < e && *p == ']';
}

/* What the last word of a type name allows after it. */
enum { TW_DOUBLE = 1, TW_NATIONAL = 2, TW_CHAR = 4, TW_TIME = 8, TW_INTERVAL = 16 };

static int type_word_flags(const scan_t *st)
{
    const tok_t *t = ring_at(st, 1);
    if (!t || t->kind != TK_WORD)
        return 0;
    const char *w = st->n->text + t->start;
    size_t n = t->len;
    static const word_t chars[] = {W("char"), W("character"), W("nchar"), W("bit"), {NULL, 0}};
    if (word_is(w, n, "double"))
        return TW_DOUBLE;
    if (word_is(w, n, "national"))
        return TW_NATIONAL;
    if (word_in(w, n, chars))
        return TW_CHAR;
    if (word_is(w, n, "time") || word_is(w, n, "timestamp"))
        return TW_TIME;
    return word_is(w, n, "interval") ? TW_INTERVAL : 0;
}

/* An interval field (second may take a precision). */
static bool interval_field(scan_t *st)
{
    if (!interval_field_end(st, st->p))
        return false;
    type_part(st);
    if (tok_word_is(st, ring_at(st, 1), "second") && peek_char(st, st->p) == '(')
        type_brackets(st);
    return true;
}

/* The type name after '::': int, pg_catalog.int4, "My Type", double precision,
 * character varying(10)[], timestamp(3) with time zone, interval day to second. */
static void type_name(scan_t *st)
{
    if (!type_part(st))
        return;
    while (peek_char(st, st->p) == '.') {
        skip_space(st);
        lex_dot(st);
        if (!type_part(st))
            return;
    }
    int flags = type_word_flags(st);
    if ((flags & TW_DOUBLE) && peek_word(st, st->p, "precision"))
        type_part(st);
    if ((flags & TW_NATIONAL) && (peek_word(st, st->p, "char") || peek_word(st, st->p, "character"))) {
        type_part(st);
        flags = TW_CHAR;
    }
    if ((flags & TW_CHAR) && peek_word(st, st->p, "varying"))
        type_part(st);
    if (peek_char(st, st->p) == '(')
        type_brackets(st);
    if (flags & TW_TIME) {
        const uint8_t *w = peek_word(st, st->p, "with"), *t;
        if (!w)
            w = peek_word(st, st->p, "without");
        if (w && (t = peek_word(st, w, "time")) && peek_word(st, t, "zone"))
            for (int i = 0; i < 3; i++)
                type_part(st);
    }
    if ((flags & TW_INTERVAL) && interval_field(st)) {
        const uint8_t *to = peek_word(st, st->p, "to");
        if (to && interval_field_end(st, to)) {
            type_part(st);
            interval_field(st);
        }
    }
    while (array_bound_follows(st) && type_brackets(st))
        ;
    if (peek_word(st, st->p, "array")) {
        type_part(st);
        if (array_bound_follows(st))
            type_brackets(st);
    }
}

/* '::' and the type name after it, whose words and numbers are kept. */
static void lex_cast(scan_t *st)
{
    const uint8_t *s = st->p;
    st->p = s + 2;
    head_other(st);
    emit_raw(st, s, s + 2, TK_CAST);
    if (replacing(st))
        element_event(st, EV_CAST);
    int saved = st->type_region;
    if (saved < 0)
        st->type_region = st->top;
    unsigned before = st->rn;
    type_name(st);
    if (st->rn != before) /* the type ends an operand, and is no typed literal's head */
        st->ring[(st->rn - 1) & (RING - 1)].kind = TK_TYPE;
    st->type_region = saved;
}

static void lex_colon(scan_t *st)
{
    const uint8_t *s = st->p;
    if (s + 1 < st->end && s[1] == ':') {
        lex_cast(st);
        return;
    }
    head_other(st);
    size_t n = s + 1 < st->end && s[1] == '=' ? 2 : 1; /* := or a lone ':' (psql :var too) */
    st->p = s + n;
    emit_raw(st, s, s + n, n == 2 ? TK_OP : TK_COLON);
    if (replacing(st))
        element_event(st, EV_OTHER);
}

static void step(scan_t *st)
{
    skip_space(st);
    if (st->p >= st->end)
        return;
    const uint8_t *p = st->p;
    switch (CLASS[*p]) {
    case C_IDENT:
        lex_word_or_string(st);
        break;
    case C_DIGIT:
        lex_number(st);
        break;
    case C_QUOTE:
        lex_string(st, p, p, st->mysql ? S_MYSQL : S_STD);
        break;
    case C_DQUOTE:
        if (st->mysql)
            lex_string(st, p, p, S_MYSQL);
        else
            lex_qident(st, p, p);
        break;
    case C_BTICK:
        if (st->mysql)
            lex_backtick(st);
        else
            lex_op(st);
        break;
    case C_DOLLAR:
        lex_dollar(st);
        break;
    case C_LPAREN:
    case C_LBRACK:
        lex_open(st);
        break;
    case C_RPAREN:
    case C_RBRACK:
        lex_close(st);
        break;
    case C_COMMA:
        lex_comma(st);
        break;
    case C_SEMI:
        lex_semi(st);
        break;
    case C_COLON:
        lex_colon(st);
        break;
    case C_DOT:
        if (p + 1 < st->end && is_digit(p[1]))
            lex_number(st);
        else
            lex_dot(st);
        break;
    case C_OP:
        lex_op(st);
        break;
    default:
        lex_other(st);
    }
}

/* ---- interface ----------------------------------------------------------------- */

void wl_norm_init(wl_norm_t *n)
{
    memset(n, 0, sizeof(*n));
}

void wl_norm_free(wl_norm_t *n)
{
    free(n->text);
    free(n->lits);
    memset(n, 0, sizeof(*n));
}

void wl_normalize(const char *sql, size_t len, wl_dialect_t dialect, wl_norm_t *n)
{
    if (!sql)
        len = 0;
    if (len > UINT32_MAX - 1)
        len = UINT32_MAX - 1; /* spans are 32-bit */
    scan_t st; /* not zeroed: every field is set before it is read */
    st.src = st.p = (const uint8_t *)(sql ? sql : "");
    st.end = st.src + len;
    st.n = n;
    st.mysql = dialect == WL_DIALECT_MYSQL;
    st.pending = false;
    st.semi_tail = false;
    st.semi_cut = 0;
    st.ph = 0;
    st.rn = 0;
    reset_statement(&st);
    n->len = 0;
    n->nlits = 0;
    reserve(n, len + 16);
    while (st.p < st.end)
        step(&st);
    if (st.semi_tail)
        n->len = st.semi_cut;
    n->text[n->len] = '\0';
    n->hash = wl_hash(n->text, n->len);
}

/* ---- hash ---------------------------------------------------------------------- */

/* Little-endian reads, so the hash is the same on every machine. */
static inline uint64_t read64(const uint8_t *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static inline uint64_t read32(const uint8_t *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}

/* The 128-bit product of a and b, folded to 64 bits. */
static inline uint64_t fold_mul(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
    __extension__ typedef unsigned __int128 u128;
    u128 r = (u128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
    uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    uint64_t lo = (ll & 0xffffffffu) | mid << 32;
    uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return lo ^ hi;
#endif
}

#define H0 0x9e3779b97f4a7c15ull
#define H1 0xbf58476d1ce4e5b9ull
#define H2 0x94d049bb133111ebull
#define H3 0xd6e8feb86659fd93ull

/* 16 bytes at a time through a 64x64→128-bit multiply (the wyhash idea), the
 * running state xor-ed back in so a zero product cannot erase it, then the
 * splitmix64 finalizer. */
uint64_t wl_hash(const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t n = len;
    uint64_t h = H0 ^ (uint64_t)len * H1;
    for (; n > 16; p += 16, n -= 16)
        h ^= fold_mul(read64(p) ^ H1 ^ h, read64(p + 8) ^ H2);
    uint64_t a = 0, b = 0;
    if (n > 8) {
        a = read64(p);
        b = read64(p + n - 8);
    } else if (n >= 4) {
        a = read32(p);
        b = read32(p + n - 4);
    } else if (n > 0) {
        a = (uint64_t)p[0] << 16 | (uint64_t)p[n / 2] << 8 | p[n - 1];
    }
    h ^= fold_mul(a ^ H1 ^ h, b ^ H3);
    h ^= h >> 30;
    h *= H1;
    h ^= h >> 27;
    h *= H2;
    h ^= h >> 31;
    return h;
}
