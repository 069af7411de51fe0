/* plan_rules.c — the plan rules: findings about one analysed EXPLAIN plan.
 *
 * Each rule is a function of one node (slow-node is a function of the plan) that
 * reads the derived fields plan_analyze() computed. Rules only append findings.
 *
 * Numbers from EXPLAIN ANALYZE, and how they are read here:
 *  - actual rows and "Rows Removed by Filter" are per loop (EXPLAIN divides by
 *    loops), so totals are value × loops; "Heap Fetches" and "Heap Blocks" are
 *    totals already.
 *  - Under a Gather, loops counts the processes sharing the scan, so a parallel
 *    scan's table is per-loop rows × loops; a rescanned inner side reads the whole
 *    table on every loop, so its table is the per-loop figure.
 *  - A node below a Limit, a Merge Join, a semi/anti Nested Loop's inner side or
 *    a SubPlan can stop before its input ends: its actual rows are lower than a
 *    correct estimate, so only underestimates count there.
 *
 * work_mem advice: the spill (or the memory the operation needs) × 1.5 headroom,
 * rounded up to a power of two (plan_work_mem_mb). */
#include "rules/plan_rules.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* Thresholds, each with the reason for its value. */
#define FILTER_REMOVED_MIN 0.9   /* "most rows": 9 of 10 read rows thrown away (≥ 10× kept) */
#define MISESTIMATE_FACTOR 10.0  /* docs/rules.md: a factor of 10 in either direction */
#define MISESTIMATE_MIN_ROWS 10  /* 1 vs 9 rows changes no plan choice */
#define WORK_MEM_HEADROOM 1.5    /* a sort needs more memory than its disk runs; hashes grow */
#define HASH_MEM_MULTIPLIER 2.0  /* PostgreSQL 15's default: hashes get work_mem × 2.0 */
#define TBM_BYTES_PER_PAGE 64    /* tidbitmap.c: sizeof(PagetableEntry) + 2 pointers, 64-bit */
#define NL_MIN_LOOPS 1000        /* below this even a slow inner side is a few ms per loop */
#define NL_SLOW_SHARE 0.2        /* inner side takes a fifth of the query: worth a look */
#define NL_SLOW_MIN_MS 10.0      /* … and enough absolute time to matter */
#define NL_HEAVY_MIN_SHARE 0.05  /* an unindexed inner side that costs nearly nothing is fine */
#define DISCARD_FACTOR 10.0      /* Filter removes ≥ 10× what the index scan returns */
#define DISCARD_MIN_ROWS 1000    /* a handful of wasted heap reads is noise */
#define HEAP_FETCH_SHARE 0.1     /* > 10 % of returned rows went to the heap */
#define HEAP_FETCH_MIN 1000
#define ANALYZE_MAX_TABLES 4     /* ANALYZE list for a join's misestimate */
#define STATS_MAX_COLUMNS 8      /* CREATE STATISTICS accepts at most 8 columns */
#define COND_MAX_DEPTH 64        /* nesting the condition scanner follows */

const plan_rule_info_t plan_rule_info[PR_COUNT] = {
    [PR_SLOW_NODE] = {"slow-node", SEV_INFO},
    [PR_SEQ_SCAN_LARGE_FILTER] = {"seq-scan-large-filter", SEV_WARNING},
    [PR_ROW_MISESTIMATE] = {"row-misestimate", SEV_WARNING},
    [PR_SORT_SPILL] = {"sort-spill", SEV_WARNING},
    [PR_HASH_SPILL] = {"hash-spill", SEV_WARNING},
    [PR_NESTED_LOOP_MANY_LOOPS] = {"nested-loop-many-loops", SEV_WARNING},
    [PR_INDEX_FILTER_DISCARDS] = {"index-filter-discards", SEV_WARNING},
    [PR_HEAP_FETCHES_INDEX_ONLY] = {"heap-fetches-index-only", SEV_INFO},
    [PR_LOSSY_BITMAP] = {"lossy-bitmap", SEV_INFO},
    [PR_WORKERS_NOT_LAUNCHED] = {"workers-not-launched", SEV_INFO},
};

void plan_rule_ctx_init(plan_rule_ctx_t *c, arena_t *a, report_t *r, const plan_t *p,
                        int statement)
{
    memset(c, 0, sizeof(*c));
    c->arena = a;
    c->report = r;
    c->plan = p;
    c->statement = statement;
    c->large_rows = PLAN_LARGE_ROWS_DEFAULT;
}

/* ---- reading nodes --------------------------------------------------------------- */

/* The node type without "Parallel " (text format) so both formats match alike. */
static const char *base_type(const plan_node_t *n)
{
    const char *t = n->node_type ? n->node_type : "";
    return strncmp(t, "Parallel ", 9) ? t : t + 9;
}

/* Exact type, also matching the text format's "Index Scan Backward". */
static bool type_is(const plan_node_t *n, const char *type)
{
    const char *t = base_type(n);
    size_t len = strlen(type);
    return !strncmp(t, type, len) && (!t[len] || !strcmp(t + len, " Backward"));
}

static bool type_starts(const plan_node_t *n, const char *prefix)
{
    return !strncmp(base_type(n), prefix, strlen(prefix));
}

static bool relationship_is(const plan_node_t *n, const char *rel)
{
    return n->parent_relationship && !strcmp(n->parent_relationship, rel);
}

static bool is_subplan(const plan_node_t *n)
{
    return relationship_is(n, "InitPlan") || relationship_is(n, "SubPlan") ||
           (n->subplan_name && !strncmp(n->subplan_name, "CTE ", 4));
}

/* ANALYZE ran this node and counted its rows. */
static bool ran(const plan_node_t *n)
{
    return n->has_actual && !n->never_executed && n->actual_rows >= 0;
}

static double loops_of(const plan_node_t *n)
{
    return n->actual_loops > 0 ? n->actual_loops : 1;
}

static bool plan_timed(const plan_t *p)
{
    return p->root && p->analyzed && p->root->actual_total_ms >= 0;
}

/* The total plan_analyze divides by for shares. */
static double total_ms(const plan_t *p)
{
    return p->execution_ms > 0 ? p->execution_ms : p->root->inclusive_ms;
}

/* The node naming the table n reads: n, or for a Bitmap Index Scan the Bitmap
 * Heap Scan above it (through BitmapAnd/BitmapOr). */
static const plan_node_t *scan_owner(const plan_node_t *n)
{
    if (n->relation)
        return n;
    if (!type_is(n, "Bitmap Index Scan"))
        return NULL;
    for (const plan_node_t *p = n->parent; p; p = p->parent) {
        if (p->relation)
            return p;
        if (!type_is(p, "BitmapAnd") && !type_is(p, "BitmapOr"))
            return NULL;
    }
    return NULL;
}

/* The single table a subtree reads, or NULL when it reads none or several. */
static const plan_node_t *single_relation(const plan_t *p, const plan_node_t *n)
{
    const plan_node_t *found = NULL;
    for (int i = n->id; i < p->nnodes && (i == n->id || p->nodes[i]->depth > n->depth); i++) {
        const plan_node_t *m = p->nodes[i];
        if (!m->relation)
            continue;
        if (found && strcmp(found->relation, m->relation))
            return NULL;
        found = m;
    }
    return found;
}

/* The condition an index would serve on a scan: Index Cond, Recheck Cond, or
 * the Index Cond of the Bitmap Index Scan below a Bitmap Heap Scan. */
static const char *index_condition(const plan_node_t *n)
{
    if (n->index_cond)
        return n->index_cond;
    if (n->recheck_cond)
        return n->recheck_cond;
    for (int i = 0; i < n->nchildren; i++)
        if (type_is(n->children[i], "Bitmap Index Scan") && n->children[i]->index_cond)
            return n->children[i]->index_cond;
    return NULL;
}

/* ---- settings ---------------------------------------------------------------------- */

/* A setting as EXPLAIN (SETTINGS) shows it ("work_mem = '64MB'"), else from the
 * catalog (live: value and unit apart). NULL when neither has it. */
static const char *setting_text(const plan_rule_ctx_t *c, const char *name, const char **unit)
{
    size_t len = strlen(name);
    *unit = NULL;
    for (int i = 0; i < c->plan->nsettings; i++) {
        const char *s = c->plan->settings[i];
        if (!s || strncmp(s, name, len) || (s[len] != ' ' && s[len] != '='))
            continue;
        s += len + strspn(s + len, " =");
        s += *s == '\'';
        return arena_strndup(c->arena, s, strcspn(s, "'"));
    }
    for (int i = 0; c->catalog && i < c->catalog->nsettings; i++)
        if (!strcmp(c->catalog->settings[i].name, name)) {
            *unit = c->catalog->settings[i].unit;
            return c->catalog->settings[i].value;
        }
    return NULL;
}

static double setting_number(const plan_rule_ctx_t *c, const char *name)
{
    const char *unit, *s = setting_text(c, name, &unit);
    char *end;
    double v = s ? strtod(s, &end) : -1;
    return s && end != s ? v : -1;
}

/* A memory setting in kB: "64MB", "4096kB", or a bare number in the catalog's unit. */
static double setting_kb(const plan_rule_ctx_t *c, const char *name)
{
    static const struct {
        const char *unit;
        double kb;
    } units[] = {{"B", 1.0 / 1024}, {"kB", 1}, {"8kB", 8}, {"MB", 1024}, {"GB", 1048576},
                 {"TB", 1073741824.0}};
    const char *unit, *s = setting_text(c, name, &unit);
    char *end;
    double v = s ? strtod(s, &end) : -1;
    if (!s || end == s)
        return -1;
    end += strspn(end, " ");
    const char *u = *end ? end : unit ? unit : "kB";
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (!strcmp(u, units[i].unit))
            return v * units[i].kb;
    return -1;
}

int plan_work_mem_mb(double need_kb)
{
    double want_mb = WORK_MEM_HEADROOM * (need_kb > 0 ? need_kb : 0) / 1024.0;
    int mb = 1;
    while (mb < want_mb) {
        if (mb >= PLAN_WORK_MEM_MAX_MB)
            return -1;
        mb *= 2;
    }
    return mb;
}

/* plan_work_mem_mb, raised above the work_mem the plan ran with when that is
 * known: the operation spilled with it, so less can never be the fix. */
static int advise_work_mem(const plan_rule_ctx_t *c, double need_kb)
{
    int mb = plan_work_mem_mb(need_kb);
    double current_mb = setting_kb(c, "work_mem") / 1024.0;
    while (mb > 0 && current_mb > 0 && mb <= current_mb)
        mb = mb >= PLAN_WORK_MEM_MAX_MB ? -1 : mb * 2;
    return mb;
}

/* ---- SQL text ---------------------------------------------------------------------- */

static const char *quote(const plan_rule_ctx_t *c, const char *ident)
{
    const engine_t *e = c->engine ? c->engine : engine_find("postgresql");
    return e && e->quote_ident ? e->quote_ident(c->arena, ident) : ident;
}

/* The relation of a scan node as DDL names it: schema-qualified when the plan
 * says which schema (VERBOSE). */
static const char *rel_sql(const plan_rule_ctx_t *c, const plan_node_t *n)
{
    if (n->schema)
        return arena_printf(c->arena, "%s.%s", quote(c, n->schema), quote(c, n->relation));
    return quote(c, n->relation);
}

/* "ANALYZE a, b;" for the tables of a subtree (first ANALYZE_MAX_TABLES, in plan
 * order), NULL when it reads none. */
static const char *analyze_subtree(const plan_rule_ctx_t *c, const plan_node_t *n)
{
    const plan_t *p = c->plan;
    const char *seen[ANALYZE_MAX_TABLES];
    int nseen = 0;
    sb_t sb;
    sb_init(&sb, c->arena);
    for (int i = n->id; i < p->nnodes && (i == n->id || p->nodes[i]->depth > n->depth); i++) {
        const plan_node_t *m = p->nodes[i];
        bool dup = false;
        for (int k = 0; m->relation && k < nseen; k++)
            dup |= !strcmp(seen[k], m->relation);
        if (!m->relation || dup || nseen == ANALYZE_MAX_TABLES)
            continue;
        seen[nseen++] = m->relation;
        sb_addf(&sb, "%s%s", nseen > 1 ? ", " : "ANALYZE ", rel_sql(c, m));
    }
    if (!nseen)
        return NULL;
    sb_add(&sb, ";");
    return sb_str(&sb);
}

static const char *index_placeholder(arena_t *a, const char *relation, const char *cond)
{
    return arena_printf(a, PLAN_FIX_INDEX_PREFIX "%s:%s", relation, cond);
}

/* Joins fix lines, skipping NULLs. */
static const char *fix_lines(arena_t *a, const char *l1, const char *l2, const char *l3)
{
    const char *lines[] = {l1, l2, l3};
    sb_t sb;
    sb_init(&sb, a);
    for (int i = 0; i < 3; i++)
        if (lines[i])
            sb_addf(&sb, "%s%s", sb.len ? "\n" : "", lines[i]);
    return sb.len ? sb_str(&sb) : NULL;
}

/* Percentages that say "99.9" rather than round a real remainder up to "100.0". */
static double pct_floor(double part, double whole)
{
    return whole > 0 ? floor(1000.0 * part / whole) / 10.0 : 0;
}

static double round_to(double v, double unit)
{
    return round(v / unit) * unit;
}

/* ---- findings ---------------------------------------------------------------------- */

/* A finding on node n with the evidence every plan finding has: node, share, rank. */
static finding_t *node_finding(plan_rule_ctx_t *c, plan_rule_t r, const plan_node_t *n,
                               const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static finding_t *node_finding(plan_rule_ctx_t *c, plan_rule_t r, const plan_node_t *n,
                               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = arena_vprintf(c->arena, fmt, ap);
    va_end(ap);
    qm_loc_t loc = {.statement = c->statement, .line = n->line, .column = 0, .offset = -1};
    finding_t *f = report_add_finding(c->report, plan_rule_info[r].id, plan_rule_info[r].severity,
                                      loc, "%s", msg);
    finding_evidence(f, c->arena, "node", n->path);
    if (plan_timed(c->plan)) {
        finding_evidence_num(f, c->arena, "share", round_to(n->share, 0.001));
        f->rank = (int)lround(n->share * 1000);
    }
    return f;
}

static void evidence_relation(plan_rule_ctx_t *c, finding_t *f, const plan_node_t *owner)
{
    finding_evidence(f, c->arena, "relation", owner->relation);
    if (owner->schema)
        finding_evidence(f, c->arena, "schema", owner->schema);
    if (owner->alias && strcmp(owner->alias, owner->relation))
        finding_evidence(f, c->arena, "alias", owner->alias);
}

/* ---- condition scanner --------------------------------------------------------------
 * Reads EXPLAIN's deparsed conditions, which PostgreSQL prints in a regular
 * shape: every boolean operand in parentheses, AND/OR upper-case, casts as
 * `(col)::type` or `'lit'::type`, identifiers quoted where needed. The scanner
 * tokenises, splits at AND, skips OR groups (extended statistics serve AND-ed
 * clauses) and keeps the column side of `column op constant` comparisons. */

typedef enum {
    TK_IDENT, TK_QIDENT, TK_STRING, TK_NUMBER, TK_PARAM, TK_OP, TK_CAST,
    TK_LPAREN, TK_RPAREN, TK_LBRACKET, TK_RBRACKET, TK_DOT, TK_OTHER
} tk_kind_t;

typedef struct {
    tk_kind_t kind;
    const char *s;
    int len;
} tk_t;

typedef struct {
    arena_t *arena;
    tk_t *t; int n, cap;
    int *match;                 /* index of the matching bracket, for openers */
    const char *relation, *alias;
    const char **out; int nout, max;
} cond_scan_t;

static bool ident_start(unsigned char ch)
{
    return isalpha(ch) || ch == '_' || ch >= 0x80;
}

static bool ident_char(unsigned char ch)
{
    return isalnum(ch) || ch == '_' || ch == '$' || ch >= 0x80;
}

static bool op_char(char ch)
{
    return ch && strchr("+-*/<>=~!@#%^&|`?", ch);
}

/* Length of a quoted token starting at s (doubled quotes escape), to its end. */
static int quoted_len(const char *s)
{
    int i = 1;
    while (s[i] && (s[i] != s[0] || s[i + 1] == s[0]))
        i += s[i] == s[0] ? 2 : 1;
    return s[i] ? i + 1 : i;
}

static tk_t lex_one(const char *s)
{
    unsigned char ch = (unsigned char)*s;
    tk_t t = {TK_OTHER, s, 1};
    static const char singles[] = "()[].";
    static const tk_kind_t single_kinds[] = {TK_LPAREN, TK_RPAREN, TK_LBRACKET, TK_RBRACKET,
                                             TK_DOT};
    if (ident_start(ch)) {
        t.kind = TK_IDENT;
        while (ident_char((unsigned char)s[t.len]))
            t.len++;
    } else if (ch == '"' || ch == '\'') {
        t.kind = ch == '"' ? TK_QIDENT : TK_STRING;
        t.len = quoted_len(s);
    } else if (isdigit(ch) || (ch == '$' && isdigit((unsigned char)s[1]))) {
        t.kind = ch == '$' ? TK_PARAM : TK_NUMBER;
        while (isalnum((unsigned char)s[t.len]) || s[t.len] == '.')
            t.len++;
    } else if (ch == ':' && s[1] == ':') {
        t.kind = TK_CAST;
        t.len = 2;
    } else if (op_char((char)ch)) {
        t.kind = TK_OP;
        while (op_char(s[t.len]))
            t.len++;
    } else if (strchr(singles, ch)) {
        t.kind = single_kinds[strchr(singles, ch) - singles];
    }
    return t;
}

/* Tokenises and matches brackets; false when they do not balance. */
static bool lex(cond_scan_t *cs, const char *s)
{
    while (*s) {
        if (isspace((unsigned char)*s)) {
            s++;
            continue;
        }
        tk_t t = lex_one(s);
        ARENA_PUSH(cs->arena, cs->t, cs->n, cs->cap, t);
        s += t.len;
    }
    cs->match = arena_calloc(cs->arena, (size_t)cs->n + 1, sizeof(int));
    int *stack = arena_calloc(cs->arena, (size_t)cs->n + 1, sizeof(int)), depth = 0;
    for (int i = 0; i < cs->n; i++) {
        tk_kind_t k = cs->t[i].kind;
        if (k == TK_LPAREN || k == TK_LBRACKET) {
            stack[depth++] = i;
        } else if (k == TK_RPAREN || k == TK_RBRACKET) {
            tk_kind_t opener = k == TK_RPAREN ? TK_LPAREN : TK_LBRACKET;
            if (!depth || cs->t[stack[depth - 1]].kind != opener)
                return false;
            cs->match[stack[--depth]] = i;
        }
    }
    return depth == 0;
}

static bool is_open(const cond_scan_t *cs, int i)
{
    return cs->t[i].kind == TK_LPAREN || cs->t[i].kind == TK_LBRACKET;
}

static bool tk_is(const tk_t *t, const char *word)
{
    return t->kind == TK_IDENT && (int)strlen(word) == t->len && !strncasecmp(t->s, word, t->len);
}

/* The whole range [lo, hi) is one parenthesised group. */
static bool wrapped(const cond_scan_t *cs, int lo, int hi)
{
    return hi - lo >= 2 && cs->t[lo].kind == TK_LPAREN && cs->match[lo] == hi - 1;
}

/* First token at bracket depth 0 in [lo, hi) satisfying pred, or hi. */
static int find_top(const cond_scan_t *cs, int lo, int hi, bool (*pred)(const tk_t *, const void *),
                    const void *arg)
{
    for (int i = lo; i < hi; i++) {
        if (pred(&cs->t[i], arg))
            return i;
        if (is_open(cs, i))
            i = cs->match[i];
    }
    return hi;
}

static bool pred_word(const tk_t *t, const void *word)
{
    return tk_is(t, word);
}

static bool pred_cast(const tk_t *t, const void *unused)
{
    (void)unused;
    return t->kind == TK_CAST;
}

/* Comparison operators whose column side extended statistics can estimate. */
static bool pred_comparison(const tk_t *t, const void *unused)
{
    static const char *const ops[] = {"=", "<>", "!=", "<", ">", "<=", ">=", "~~", "!~~",
                                      "~~*", "!~~*", "~", "!~", "~*", "!~*"};
    (void)unused;
    if (tk_is(t, "IS"))
        return true;
    for (size_t i = 0; t->kind == TK_OP && i < sizeof(ops) / sizeof(ops[0]); i++)
        if ((int)strlen(ops[i]) == t->len && !strncmp(t->s, ops[i], t->len))
            return true;
    return false;
}

/* Words that are values or syntax, never column names, in deparsed conditions. */
static bool value_word(const tk_t *t)
{
    static const char *const words[] = {
        "NULL", "TRUE", "FALSE", "UNKNOWN", "NOT", "DISTINCT", "FROM", "ANY", "ALL", "SOME",
        "ARRAY", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME",
        "LOCALTIMESTAMP", "CURRENT_USER", "SESSION_USER", "CURRENT_ROLE", "USER"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (tk_is(t, words[i]))
            return true;
    return false;
}

static const char *unquote(arena_t *a, const tk_t *t)
{
    if (t->kind != TK_QIDENT)
        return arena_strndup(a, t->s, (size_t)t->len);
    sb_t sb;
    sb_init(&sb, a);
    for (int i = 1; i < t->len - 1; i++) {
        sb_addc(&sb, t->s[i]);
        i += t->s[i] == '"'; /* "" stands for one quote */
    }
    return sb_str(&sb);
}

static bool name_token(const tk_t *t)
{
    return (t->kind == TK_IDENT && !value_word(t)) || t->kind == TK_QIDENT;
}

/* [lo, hi) is a column of the scanned table, possibly cast and parenthesised:
 * `status`, `o.status`, `(o.status)::text`, `s.orders.status`. */
static const char *own_column(const cond_scan_t *cs, int lo, int hi)
{
    hi = find_top(cs, lo, hi, pred_cast, NULL);
    while (wrapped(cs, lo, hi))
        lo++, hi--;
    const tk_t *t = cs->t;
    int n = hi - lo;
    if (n != 1 && n != 3 && n != 5)
        return NULL;
    if (n == 5 && (t[lo + 1].kind != TK_DOT || !name_token(&t[lo])))
        return NULL; /* schema.table.column */
    if (n >= 3) {
        if (t[hi - 2].kind != TK_DOT || !name_token(&t[hi - 3]))
            return NULL;
        const char *qual = unquote(cs->arena, &t[hi - 3]);
        if (strcmp(qual, cs->alias ? cs->alias : "") &&
            strcmp(qual, cs->relation ? cs->relation : ""))
            return NULL; /* another table's column: a join condition */
    }
    return name_token(&t[hi - 1]) ? unquote(cs->arena, &t[hi - 1]) : NULL;
}

/* Index after the type name that follows a cast at i - 1: `timestamp with time
 * zone`, `public.order_status`, `character varying(20)`, `integer[]`. */
static int skip_type(const cond_scan_t *cs, int i, int hi)
{
    while (i < hi && (cs->t[i].kind == TK_IDENT || cs->t[i].kind == TK_QIDENT ||
                      cs->t[i].kind == TK_DOT))
        i++;
    if (i < hi && cs->t[i].kind == TK_LPAREN && i + 1 < hi && cs->t[i + 1].kind == TK_NUMBER)
        i = cs->match[i] + 1;
    while (i < hi && cs->t[i].kind == TK_LBRACKET)
        i = cs->match[i] + 1;
    return i;
}

/* [lo, hi) refers to no column: literals, parameters, casts, function calls. */
static bool constant(const cond_scan_t *cs, int lo, int hi)
{
    for (int i = lo; i < hi; i++) {
        const tk_t *t = &cs->t[i];
        if (t->kind == TK_CAST) {
            i = skip_type(cs, i + 1, hi) - 1;
            continue;
        }
        bool call = i + 1 < hi && is_open(cs, i + 1); /* f(…), ANY (…), ARRAY[…] */
        if (t->kind == TK_QIDENT || (t->kind == TK_IDENT && !value_word(t) && !call))
            return false;
    }
    return lo < hi;
}

static void add_column(cond_scan_t *cs, const char *col)
{
    for (int i = 0; col && i < cs->nout; i++)
        if (!strcmp(cs->out[i], col))
            return;
    if (col && cs->nout < cs->max)
        cs->out[cs->nout++] = col;
}

/* One conjunct: `col op const`, `const op col`, `col IS NULL`, `col`, `NOT col`. */
static void scan_leaf(cond_scan_t *cs, int lo, int hi)
{
    if (tk_is(&cs->t[lo], "NOT")) {
        add_column(cs, own_column(cs, lo + 1, hi));
        return;
    }
    int op = find_top(cs, lo, hi, pred_comparison, NULL);
    if (op == hi) {
        add_column(cs, own_column(cs, lo, hi)); /* a boolean column */
        return;
    }
    const char *left = own_column(cs, lo, op), *right = own_column(cs, op + 1, hi);
    if (left && constant(cs, op + 1, hi))
        add_column(cs, left);
    else if (right && constant(cs, lo, op))
        add_column(cs, right);
}

static void scan_cond(cond_scan_t *cs, int lo, int hi, int depth)
{
    while (wrapped(cs, lo, hi))
        lo++, hi--;
    if (lo >= hi || depth > COND_MAX_DEPTH || find_top(cs, lo, hi, pred_word, "OR") < hi)
        return;
    if (find_top(cs, lo, hi, pred_word, "AND") == hi) {
        scan_leaf(cs, lo, hi);
        return;
    }
    for (int s = lo; s < hi;) {
        int e = find_top(cs, s, hi, pred_word, "AND");
        scan_cond(cs, s, e, depth + 1);
        s = e + 1;
    }
}

/* Appends to out[*n] (max entries) without duplicates. */
static void cond_columns_into(arena_t *a, const char *cond, const char *relation,
                              const char *alias, const char **out, int *n, int max)
{
    cond_scan_t cs = {.arena = a, .relation = relation, .alias = alias, .out = out, .nout = *n,
                      .max = max};
    if (!cond || !lex(&cs, cond))
        return;
    scan_cond(&cs, 0, cs.n, 0);
    *n = cs.nout;
}

int plan_cond_columns(arena_t *a, const char *cond, const char *relation, const char *alias,
                      const char **out, int max)
{
    int n = 0;
    cond_columns_into(a, cond, relation, alias, out, &n, max);
    return n;
}

/* ---- slow-node ----------------------------------------------------------------------- */

static const plan_node_t *slowest(const plan_t *p)
{
    const plan_node_t *best = p->root;
    for (int i = 0; i < p->nnodes; i++)
        if (p->nodes[i]->exclusive_ms > best->exclusive_ms)
            best = p->nodes[i];
    return best;
}

static finding_t *rule_slow_node(plan_rule_ctx_t *c, const plan_node_t *n)
{
    double total = total_ms(c->plan);
    finding_t *f = node_finding(c, PR_SLOW_NODE, n,
                                "%s is the slowest node: %.1f ms of the %.1f ms total (%.1f%%) "
                                "are spent in it, not in the nodes below it",
                                n->label, n->exclusive_ms, total, 100.0 * n->share);
    finding_evidence_num(f, c->arena, "exclusive_ms", round_to(n->exclusive_ms, 0.001));
    finding_evidence_num(f, c->arena, "total_ms", round_to(total, 0.001));
    return f;
}

static bool finding_names_node(const finding_t *f, const char *path)
{
    for (int i = 0; i < f->nevidence; i++)
        if ((!strcmp(f->evidence[i].key, "node") || !strcmp(f->evidence[i].key, "inner")) &&
            f->evidence[i].value && !strcmp(f->evidence[i].value, path))
            return true;
    return false;
}

/* slow-node's fix points at the other findings on the same node, which say what
 * to change; it can only be written once they exist. */
static void slow_node_fix(plan_rule_ctx_t *c, finding_t *slow, int from, const plan_node_t *n)
{
    sb_t ids;
    sb_init(&ids, c->arena);
    int count = 0;
    for (int i = from; i < c->report->nfindings; i++) {
        const finding_t *f = c->report->findings[i];
        if (f == slow || !finding_names_node(f, n->path) ||
            (ids.len && strstr(sb_str(&ids), f->rule)))
            continue;
        sb_addf(&ids, "%s%s", count++ ? ", " : "", f->rule);
    }
    /* "a, b, c" → "a, b and c" */
    const char *list = sb_str(&ids), *last = strrchr(list, ',');
    if (last)
        list = arena_printf(c->arena, "%.*s and%s", (int)(last - list), list, last + 1);
    slow->fix = count ? arena_printf(c->arena, "Start with this node: the %s finding%s on it "
                                               "say%s what to change.",
                                     list, count > 1 ? "s" : "", count > 1 ? "" : "s")
                      : "Start with this node: no other plan rule names a cause, so compare "
                        "the rows, loops and buffers it handles with what the query needs.";
}

/* ---- nested-loop-many-loops (needed by seq-scan-large-filter) ------------------------ */

typedef struct {
    const plan_node_t *inner;
    double loops, rows_read, inner_share;
    bool lookup;
} nl_stats_t;

static const plan_node_t *nl_inner(const plan_node_t *nl)
{
    const plan_node_t *second = NULL;
    int k = 0;
    for (int i = 0; i < nl->nchildren; i++) {
        const plan_node_t *ch = nl->children[i];
        if (relationship_is(ch, "Inner"))
            return ch;
        if (!is_subplan(ch) && k++ == 1)
            second = ch;
    }
    return second;
}

static const plan_node_t *nl_outer(const plan_node_t *nl)
{
    for (int i = 0; i < nl->nchildren; i++)
        if (!is_subplan(nl->children[i]) && nl->children[i] != nl_inner(nl))
            return nl->children[i];
    return NULL;
}

/* Each loop is an index probe (through a Memoize cache). */
static bool index_lookup(const plan_node_t *n)
{
    if (type_is(n, "Memoize") && n->nchildren)
        n = n->children[0];
    return ((type_is(n, "Index Scan") || type_is(n, "Index Only Scan")) && n->index_cond) ||
           type_is(n, "Bitmap Heap Scan");
}

/* The inner side repeats enough work to matter: a fifth of the time, or an
 * unindexed side that reads a large table's worth of rows in all. */
static bool nl_flagged(const plan_rule_ctx_t *c, const plan_node_t *nl, nl_stats_t *s)
{
    if (!type_starts(nl, "Nested Loop") || !ran(nl))
        return false;
    s->inner = nl_inner(nl);
    if (!s->inner || !ran(s->inner) || s->inner->actual_loops < NL_MIN_LOOPS)
        return false;
    bool timed = plan_timed(c->plan);
    double removed = s->inner->rows_removed_by_filter > 0 ? s->inner->rows_removed_by_filter : 0;
    s->loops = s->inner->actual_loops;
    s->rows_read = (s->inner->actual_rows + removed) * s->loops;
    double total = timed ? total_ms(c->plan) : 0;
    s->inner_share = total > 0 ? s->inner->inclusive_ms / total : 0;
    s->lookup = index_lookup(s->inner);
    bool slow = s->inner_share >= NL_SLOW_SHARE && s->inner->inclusive_ms >= NL_SLOW_MIN_MS;
    bool heavy = !s->lookup && s->rows_read >= c->large_rows &&
                 (!timed || s->inner_share >= NL_HEAVY_MIN_SHARE);
    return slow || heavy;
}

/* The scan inside the inner side (through Materialize, Memoize, Hash). */
static const plan_node_t *inner_scan(const plan_node_t *n)
{
    while (!n->relation && n->nchildren == 1)
        n = n->children[0];
    return n->relation ? n : NULL;
}

static void rule_nested_loop_many_loops(plan_rule_ctx_t *c, const plan_node_t *n)
{
    nl_stats_t s;
    if (!nl_flagged(c, n, &s))
        return;
    const plan_node_t *scan = inner_scan(s.inner), *outer = nl_outer(n);
    /* a rescanned Seq Scan filters on the outer value itself; under a Materialize
     * the join condition is the Nested Loop's Join Filter */
    const char *cond = scan == s.inner && scan->filter ? scan->filter : n->join_filter;
    finding_t *f = node_finding(
        c, PR_NESTED_LOOP_MANY_LOOPS, n,
        "%s ran its inner side (%s) %.0f times, reading %.0f rows in all%s: %s", n->label,
        s.inner->label, s.loops, s.rows_read,
        plan_timed(c->plan) ? arena_printf(c->arena, " in %.1f ms (%.1f%% of the total)",
                                           s.inner->inclusive_ms, 100 * s.inner_share)
                            : "",
        s.lookup ? "each loop is an index lookup, but there are too many of them for a "
                   "Nested Loop; a Hash Join needs a correct outer row estimate"
                 : "each loop searches the inner side without an index on the join key");
    f->rank = (int)lround(fmax(n->share, s.inner_share) * 1000);
    finding_evidence(f, c->arena, "inner", s.inner->path);
    finding_evidence_num(f, c->arena, "loops", s.loops);
    finding_evidence_num(f, c->arena, "rows_read", round(s.rows_read));
    if (plan_timed(c->plan))
        finding_evidence_num(f, c->arena, "inner_share", round_to(s.inner_share, 0.001));
    const char *index_line = NULL;
    if (!s.lookup && scan && cond) {
        evidence_relation(c, f, scan);
        finding_evidence(f, c->arena, "join_condition", cond);
        index_line = index_placeholder(c->arena, scan->relation, cond);
    }
    f->fix = fix_lines(c->arena, index_line, outer ? analyze_subtree(c, outer) : NULL,
                       s.lookup ? "-- to compare plans, not as a fix: SET LOCAL enable_nestloop "
                                  "= off;"
                                : NULL);
}

/* ---- seq-scan-large-filter ------------------------------------------------------------ */

/* Rows read and removed by a Seq Scan's filter, from ANALYZE or, without it, from
 * the catalog's table size and the planner's estimate. False when unknown. */
static bool seq_scan_counts(const plan_rule_ctx_t *c, const plan_node_t *n, double *read,
                            double *removed)
{
    if (ran(n) && n->rows_removed_by_filter >= 0) {
        /* a parallel scan's loops share one pass; a rescanned one reads all each loop */
        double scale = n->parallel_aware || base_type(n) != n->node_type ? loops_of(n) : 1;
        *removed = n->rows_removed_by_filter * scale;
        *read = *removed + n->actual_rows * scale;
        return true;
    }
    const cat_table_t *t = n->has_actual ? NULL : catalog_table(c->catalog, n->schema, n->relation);
    if (!t || t->rows < 0 || n->plan_rows < 0 || n->plan_rows > t->rows)
        return false;
    *read = t->rows;
    *removed = t->rows - n->plan_rows;
    return true;
}

static void rule_seq_scan_large_filter(plan_rule_ctx_t *c, const plan_node_t *n)
{
    double read, removed;
    nl_stats_t s;
    if (!type_is(n, "Seq Scan") || !n->filter || !n->relation ||
        !seq_scan_counts(c, n, &read, &removed) || read < c->large_rows ||
        removed < FILTER_REMOVED_MIN * read)
        return;
    if (n->parent && nl_flagged(c, n->parent, &s) && s.inner == n)
        return; /* nested-loop-many-loops reports it, with the same index */
    bool analyzed = ran(n);
    finding_t *f = node_finding(
        c, PR_SEQ_SCAN_LARGE_FILTER, n,
        "%s %s %.0f rows and its Filter %s %s %.0f of them (%.1f%%): the scan's cost grows with "
        "the table, not with the %.0f rows it keeps",
        n->label, analyzed ? "reads" : "will read all", read, n->filter,
        analyzed ? "removes" : "is estimated to remove", removed, pct_floor(removed, read),
        read - removed);
    evidence_relation(c, f, n);
    finding_evidence(f, c->arena, "filter", n->filter);
    finding_evidence_num(f, c->arena, analyzed ? "rows_read" : "table_rows", round(read));
    finding_evidence_num(f, c->arena, analyzed ? "rows_removed" : "estimated_rows_removed",
                         round(removed));
    f->fix = index_placeholder(c->arena, n->relation, n->filter);
}

/* ---- row-misestimate ------------------------------------------------------------------ */

static bool is_semi_or_anti(const plan_node_t *j)
{
    const char *t = j->join_type ? j->join_type : "";
    return !strcmp(t, "Semi") || !strcmp(t, "Anti") || strstr(base_type(j), " Semi ") ||
           strstr(base_type(j), " Anti ");
}

/* n may have stopped before its input ended, so fewer actual rows than estimated
 * say nothing about the estimate. */
static bool may_stop_early(const plan_node_t *n)
{
    for (const plan_node_t *ch = n, *p = n->parent; p; ch = p, p = p->parent) {
        if (type_is(p, "Limit") || (type_starts(p, "Merge") && strstr(base_type(p), "Join")) ||
            relationship_is(ch, "SubPlan") || relationship_is(ch, "InitPlan") ||
            (type_starts(p, "Nested Loop") && is_semi_or_anti(p) && ch == nl_inner(p)))
            return true;
    }
    return false;
}

/* A child is off the same way: the error comes from below, reported there. */
static bool inherits_misestimate(const plan_node_t *n)
{
    for (int i = 0; i < n->nchildren; i++) {
        const plan_node_t *ch = n->children[i];
        if (!is_subplan(ch) && ran(ch) && ch->row_factor >= MISESTIMATE_FACTOR &&
            ch->underestimate == n->underestimate)
            return true;
    }
    return false;
}

/* CREATE STATISTICS … ; ANALYZE …; for ≥ 2 AND-ed columns of the scanned table,
 * else ANALYZE of the scanned table, else of the tables below. */
static const char *misestimate_fix(plan_rule_ctx_t *c, finding_t *f, const plan_node_t *n)
{
    const plan_node_t *owner = scan_owner(n);
    if (!owner)
        return analyze_subtree(c, n);
    const char *cols[STATS_MAX_COLUMNS], *conds[] = {n->index_cond, n->recheck_cond, n->filter,
                                                     owner != n ? owner->filter : NULL};
    int ncols = 0;
    for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
        cond_columns_into(c->arena, conds[i], owner->relation, owner->alias, cols, &ncols,
                          STATS_MAX_COLUMNS);
    const char *rel = rel_sql(c, owner);
    evidence_relation(c, f, owner);
    if (ncols < 2)
        return arena_printf(c->arena, "ANALYZE %s;", rel);
    sb_t name, on;
    sb_init(&name, c->arena);
    sb_init(&on, c->arena);
    sb_add(&name, owner->relation);
    for (int i = 0; i < ncols; i++) {
        sb_addf(&name, "_%s", cols[i]);
        sb_addf(&on, "%s%s", i ? ", " : "", quote(c, cols[i]));
    }
    sb_add(&name, "_stats");
    /* a bare identifier whatever the names hold, cut to PostgreSQL's 63 bytes */
    char *id = arena_strdup(c->arena, sb_str(&name));
    for (char *p = id; *p; p++)
        *p = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
    if (isdigit((unsigned char)id[0]))
        id[0] = 's';
    id[strlen(id) > 63 ? 63 : strlen(id)] = '\0';
    finding_evidence(f, c->arena, "statistics_columns", sb_str(&on));
    return arena_printf(c->arena,
                        "CREATE STATISTICS %s (dependencies, mcv) ON %s FROM %s;\nANALYZE %s;", id,
                        sb_str(&on), rel, rel);
}

static void rule_row_misestimate(plan_rule_ctx_t *c, const plan_node_t *n)
{
    if (!ran(n) || n->plan_rows < 0 || n->row_factor < MISESTIMATE_FACTOR ||
        (n->actual_rows < MISESTIMATE_MIN_ROWS && n->plan_rows < MISESTIMATE_MIN_ROWS) ||
        (!n->underestimate && may_stop_early(n)) || inherits_misestimate(n))
        return;
    bool per_loop = loops_of(n) > 1;
    finding_t *f = node_finding(
        c, PR_ROW_MISESTIMATE, n,
        "%s returned %.0f rows%s where the planner estimated %.0f (%.0f× too %s): every choice "
        "above it (join method, join order, memory) was made for the wrong row count",
        n->label, n->actual_rows, per_loop ? " per loop" : "", n->plan_rows, floor(n->row_factor),
        n->underestimate ? "low" : "high");
    finding_evidence_num(f, c->arena, "actual_rows", n->actual_rows);
    finding_evidence_num(f, c->arena, "estimated_rows", n->plan_rows);
    finding_evidence_num(f, c->arena, "row_factor", round_to(n->row_factor, 0.1));
    finding_evidence(f, c->arena, "direction", n->underestimate ? "underestimate" : "overestimate");
    f->fix = misestimate_fix(c, f, n);
}

/* ---- sort-spill ----------------------------------------------------------------------- */

static const char *join_keys(arena_t *a, const char **keys, int n)
{
    sb_t sb;
    sb_init(&sb, a);
    for (int i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", keys[i]);
    return n ? sb_str(&sb) : NULL;
}

/* work_mem advice for an operation that needed need_kb: the fix line (NULL past
 * the ceiling) and the clause that ends the message, explaining the value; basis
 * is how need_kb was computed ("128.0 MB / 2"), NULL for plain megabytes. */
typedef struct {
    int mb;                     /* -1: too large to advise */
    const char *line, *why;
} work_mem_advice_t;

static work_mem_advice_t advise(plan_rule_ctx_t *c, double need_kb, const char *basis)
{
    work_mem_advice_t w = {.mb = advise_work_mem(c, need_kb)};
    if (!basis)
        basis = arena_printf(c->arena, "%.1f MB", need_kb / 1024);
    if (w.mb < 0) {
        w.why = arena_printf(c->arena, "%s is more than work_mem should be raised to for one "
                                       "operation", basis);
        return w;
    }
    w.line = arena_printf(c->arena, "SET LOCAL work_mem = '%dMB';", w.mb);
    w.why = arena_printf(c->arena, "SET LOCAL work_mem = '%dMB' (the power of two ≥ 1.5 × %s) "
                                   "keeps it in memory", w.mb, basis);
    return w;
}

static void evidence_work_mem(plan_rule_ctx_t *c, finding_t *f, const work_mem_advice_t *w)
{
    if (w->mb > 0)
        finding_evidence_num(f, c->arena, "work_mem_mb", w->mb);
}

/* Used when the size is unknown or too large for a number. */
#define WORK_MEM_TEXT "-- raise work_mem for this query only (SET LOCAL in its transaction)"

/* "-- or avoid the sort: an index on orders that returns rows in created_at DESC order" */
static const char *sort_index_line(plan_rule_ctx_t *c, const char *key, const plan_node_t *rel)
{
    if (!key)
        return NULL;
    return arena_printf(c->arena, "-- or avoid the sort: an index %s%sthat returns rows in %s "
                                  "order",
                        rel ? "on " : "", rel ? arena_printf(c->arena, "%s ", rel_sql(c, rel)) : "",
                        key);
}

static void rule_sort_spill(plan_rule_ctx_t *c, const plan_node_t *n)
{
    bool spilled = (n->sort_method && strstr(n->sort_method, "external")) ||
                   (n->sort_space_type && !strcmp(n->sort_space_type, "Disk"));
    if (!(type_is(n, "Sort") || type_is(n, "Incremental Sort")) || !spilled)
        return;
    /* temp blocks written are 8 kB pages: the size when EXPLAIN shows no Disk figure */
    double kb = n->sort_space_kb >= 0 ? n->sort_space_kb
                : n->temp_written > 0 ? n->temp_written * 8 : -1;
    work_mem_advice_t w = kb >= 0 ? advise(c, kb, NULL) : (work_mem_advice_t){.mb = -1};
    const char *key = join_keys(c->arena, n->sort_key, n->nsort_key);
    const plan_node_t *rel = n->nchildren ? single_relation(c->plan, n->children[0]) : NULL;
    finding_t *f = node_finding(
        c, PR_SORT_SPILL, n, "%s spilled %s to disk (%s): its rows did not fit in work_mem%s%s",
        n->label, kb >= 0 ? arena_printf(c->arena, "%.1f MB", kb / 1024) : "its rows",
        n->sort_method ? n->sort_method : "Disk", w.why ? "; " : "", w.why ? w.why : "");
    if (kb >= 0)
        finding_evidence_num(f, c->arena, "disk_kb", kb);
    evidence_work_mem(c, f, &w);
    if (n->sort_method)
        finding_evidence(f, c->arena, "sort_method", n->sort_method);
    if (rel)
        evidence_relation(c, f, rel);
    if (key)
        finding_evidence(f, c->arena, "sort_key", key);
    f->fix = fix_lines(c->arena, w.line ? w.line : WORK_MEM_TEXT, sort_index_line(c, key, rel),
                       NULL);
}

/* ---- hash-spill ----------------------------------------------------------------------- */

static bool is_hash_aggregate(const plan_node_t *n)
{
    return type_is(n, "HashAggregate") ||
           (type_is(n, "Aggregate") && n->strategy &&
            (!strcmp(n->strategy, "Hashed") || !strcmp(n->strategy, "Mixed")));
}

/* What the hash held over all its batches, in kB: peak per batch × batches; a
 * HashAggregate reports what it wrote to disk. -1 when unknown. */
static double hash_held_kb(const plan_node_t *n, double batches)
{
    if (is_hash_aggregate(n) && n->disk_usage_kb > 0)
        return (n->peak_memory_kb > 0 ? n->peak_memory_kb : 0) + n->disk_usage_kb;
    return n->peak_memory_kb > 0 ? n->peak_memory_kb * batches : -1;
}

/* A hash may use work_mem × hash_mem_multiplier (the plan's or server's setting). */
static double hash_multiplier(const plan_rule_ctx_t *c)
{
    double mult = setting_number(c, "hash_mem_multiplier");
    return mult > 0 ? mult : HASH_MEM_MULTIPLIER;
}

/* The clause on a grown batch count: a low row estimate, or rows wider than assumed. */
static const char *hash_growth_cause(const plan_node_t *n)
{
    if (n->underestimate && n->row_factor >= 2)
        return "; the planner expected it to fit because its row estimate for the hashed side "
               "was too low";
    return "; the planner expected it to fit with a right row count, so the rows are wider "
           "than it assumed";
}

static void rule_hash_spill(plan_rule_ctx_t *c, const plan_node_t *n)
{
    double batches = fmax(n->hash_batches, n->original_hash_batches);
    if (!(type_is(n, "Hash") || is_hash_aggregate(n)) || batches <= 1)
        return;
    /* more batches than planned: the planner thought the input would fit */
    bool grew = n->original_hash_batches > 0 && n->hash_batches > n->original_hash_batches;
    bool low_estimate = grew && n->underestimate && n->row_factor >= 2;
    double held_kb = hash_held_kb(n, batches), mult = hash_multiplier(c);
    work_mem_advice_t w =
        held_kb > 0 ? advise(c, held_kb / mult, arena_printf(c->arena, "%.1f MB / %g",
                                                             held_kb / 1024, mult))
                    : (work_mem_advice_t){.mb = -1};
    finding_t *f = node_finding(
        c, PR_HASH_SPILL, n,
        "%s split its input into %.0f batches%s written to temporary files: %s did not fit in "
        "work_mem × hash_mem_multiplier (%g)%s%s%s",
        n->label, batches,
        grew ? arena_printf(c->arena, " (originally %.0f)", n->original_hash_batches) : "",
        held_kb > 0 ? arena_printf(c->arena, "about %.1f MB", held_kb / 1024) : "its input", mult,
        grew ? hash_growth_cause(n) : "", w.why ? "; " : "", w.why ? w.why : "");
    finding_evidence_num(f, c->arena, "batches", batches);
    if (n->original_hash_batches > 0)
        finding_evidence_num(f, c->arena, "original_batches", n->original_hash_batches);
    if (n->peak_memory_kb >= 0)
        finding_evidence_num(f, c->arena, "peak_memory_kb", n->peak_memory_kb);
    if (n->disk_usage_kb >= 0)
        finding_evidence_num(f, c->arena, "disk_usage_kb", n->disk_usage_kb);
    finding_evidence_num(f, c->arena, "hash_mem_multiplier", mult);
    evidence_work_mem(c, f, &w);
    f->fix = fix_lines(c->arena, w.line ? w.line : WORK_MEM_TEXT,
                       low_estimate && n->nchildren ? analyze_subtree(c, n->children[0]) : NULL,
                       NULL);
}

/* ---- index-filter-discards ------------------------------------------------------------ */

static void rule_index_filter_discards(plan_rule_ctx_t *c, const plan_node_t *n)
{
    if (!(type_is(n, "Index Scan") || type_is(n, "Index Only Scan") ||
          type_is(n, "Bitmap Heap Scan")) ||
        !ran(n) || !n->filter || n->rows_removed_by_filter < 0 || !n->relation)
        return;
    double removed = n->rows_removed_by_filter * loops_of(n);
    double returned = n->actual_rows * loops_of(n);
    if (removed < DISCARD_FACTOR * returned || removed < DISCARD_MIN_ROWS)
        return;
    const char *icond = index_condition(n);
    finding_t *f = node_finding(
        c, PR_INDEX_FILTER_DISCARDS, n,
        "%s fetched %.0f rows through its index and its Filter %s discarded %.0f of them "
        "(%.1f%%): each discarded row cost a heap read; an index that also covers the filtered "
        "columns never fetches them",
        n->label, removed + returned, n->filter, removed, pct_floor(removed, removed + returned));
    evidence_relation(c, f, n);
    if (n->index_name)
        finding_evidence(f, c->arena, "index", n->index_name);
    if (icond)
        finding_evidence(f, c->arena, "index_cond", icond);
    finding_evidence(f, c->arena, "filter", n->filter);
    finding_evidence_num(f, c->arena, "rows_removed", round(removed));
    finding_evidence_num(f, c->arena, "rows_returned", round(returned));
    f->fix = index_placeholder(c->arena, n->relation,
                               icond ? arena_printf(c->arena, "%s AND %s", icond, n->filter)
                                     : n->filter);
}

/* ---- heap-fetches-index-only ---------------------------------------------------------- */

static void rule_heap_fetches_index_only(plan_rule_ctx_t *c, const plan_node_t *n)
{
    if (!type_is(n, "Index Only Scan") || !ran(n) || !n->relation ||
        n->heap_fetches < HEAP_FETCH_MIN)
        return;
    double rows = n->actual_rows * loops_of(n); /* Heap Fetches is a total over loops */
    if (n->heap_fetches <= HEAP_FETCH_SHARE * rows)
        return;
    finding_t *f = node_finding(
        c, PR_HEAP_FETCHES_INDEX_ONLY, n,
        "%s went to the table for %.0f of the %.0f rows it returned: those pages are not marked "
        "all-visible, so the index-only scan costs almost as much as an index scan",
        n->label, n->heap_fetches, rows);
    evidence_relation(c, f, n);
    finding_evidence_num(f, c->arena, "heap_fetches", n->heap_fetches);
    finding_evidence_num(f, c->arena, "rows", round(rows));
    f->fix = arena_printf(c->arena, "VACUUM (ANALYZE) %s;", rel_sql(c, n));
}

/* ---- lossy-bitmap ---------------------------------------------------------------------- */

static void rule_lossy_bitmap(plan_rule_ctx_t *c, const plan_node_t *n)
{
    if (!type_is(n, "Bitmap Heap Scan") || !(n->lossy_heap_blocks > 0))
        return;
    /* an exact bitmap keeps one entry per heap page with matches, lossy or not */
    double exact = n->exact_heap_blocks > 0 ? n->exact_heap_blocks : 0;
    double pages = n->lossy_heap_blocks + exact;
    double need_kb = pages * TBM_BYTES_PER_PAGE / 1024.0;
    work_mem_advice_t w = advise(c, need_kb, NULL);
    finding_t *f = node_finding(
        c, PR_LOSSY_BITMAP, n,
        "%s went lossy on %.0f of %.0f heap blocks: its bitmap outgrew work_mem and kept one bit "
        "per page, so every row on those pages was rechecked; an exact bitmap of %.0f pages "
        "needs %.1f MB, and %s",
        n->label, n->lossy_heap_blocks, pages, pages, need_kb / 1024, w.why);
    if (n->relation)
        evidence_relation(c, f, n);
    finding_evidence_num(f, c->arena, "exact_blocks", exact);
    finding_evidence_num(f, c->arena, "lossy_blocks", n->lossy_heap_blocks);
    if (n->rows_removed_by_index_recheck >= 0)
        finding_evidence_num(f, c->arena, "rows_removed_by_recheck",
                             round(n->rows_removed_by_index_recheck * loops_of(n)));
    evidence_work_mem(c, f, &w);
    f->fix = w.line ? w.line : WORK_MEM_TEXT;
}

/* ---- workers-not-launched -------------------------------------------------------------- */

static void rule_workers_not_launched(plan_rule_ctx_t *c, const plan_node_t *n)
{
    if (!type_starts(n, "Gather") || n->workers_planned <= 0 || n->workers_launched < 0 ||
        n->workers_launched >= n->workers_planned)
        return;
    finding_t *f = node_finding(
        c, PR_WORKERS_NOT_LAUNCHED, n,
        "%s planned %d parallel workers but launched %d: the server's pool of parallel workers "
        "(max_parallel_workers) was used up, so %s did the work the plan was costed for",
        n->label, n->workers_planned, n->workers_launched,
        n->workers_launched ? "fewer processes" : "the leader alone");
    finding_evidence_num(f, c->arena, "workers_planned", n->workers_planned);
    finding_evidence_num(f, c->arena, "workers_launched", n->workers_launched);
    double pool = setting_number(c, "max_parallel_workers");
    const char *tail = "-- max_worker_processes caps it (changing it needs a restart); or lower "
                       "max_parallel_workers_per_gather so concurrent queries share the pool";
    if (pool >= 0) {
        finding_evidence_num(f, c->arena, "max_parallel_workers", pool);
        f->fix = fix_lines(c->arena,
                           arena_printf(c->arena, "ALTER SYSTEM SET max_parallel_workers = %.0f;",
                                        pool + n->workers_planned - n->workers_launched),
                           "SELECT pg_reload_conf();", tail);
    } else {
        f->fix = fix_lines(c->arena, "SHOW max_parallel_workers;",
                           "-- if it is all in use at peak and the CPUs allow: ALTER SYSTEM SET "
                           "max_parallel_workers = <higher>; SELECT pg_reload_conf();",
                           tail);
    }
}

/* ---- running ----------------------------------------------------------------------------- */

typedef void (*node_rule_fn)(plan_rule_ctx_t *c, const plan_node_t *n);

/* slow-node has no entry: it is about the plan, and runs first. */
static const node_rule_fn node_rules[PR_COUNT] = {
    [PR_SEQ_SCAN_LARGE_FILTER] = rule_seq_scan_large_filter,
    [PR_ROW_MISESTIMATE] = rule_row_misestimate,
    [PR_SORT_SPILL] = rule_sort_spill,
    [PR_HASH_SPILL] = rule_hash_spill,
    [PR_NESTED_LOOP_MANY_LOOPS] = rule_nested_loop_many_loops,
    [PR_INDEX_FILTER_DISCARDS] = rule_index_filter_discards,
    [PR_HEAP_FETCHES_INDEX_ONLY] = rule_heap_fetches_index_only,
    [PR_LOSSY_BITMAP] = rule_lossy_bitmap,
    [PR_WORKERS_NOT_LAUNCHED] = rule_workers_not_launched,
};

void plan_rules_run(plan_rule_ctx_t *c)
{
    const plan_t *p = c->plan;
    if (!p || !p->root || !p->nnodes)
        return;
    if (c->large_rows <= 0)
        c->large_rows = PLAN_LARGE_ROWS_DEFAULT;
    const plan_node_t *slow = plan_timed(p) ? slowest(p) : NULL;
    finding_t *slow_f = slow ? rule_slow_node(c, slow) : NULL;
    int from = c->report->nfindings;
    for (int r = 0; r < PR_COUNT; r++)
        for (int i = 0; node_rules[r] && i < p->nnodes; i++)
            node_rules[r](c, p->nodes[i]);
    if (slow_f)
        slow_node_fix(c, slow_f, from, slow);
}

/* ---- fix placeholders -------------------------------------------------------------------- */

bool plan_fix_index_parse(arena_t *a, const char *line, const char **relation,
                          const char **condition)
{
    size_t plen = strlen(PLAN_FIX_INDEX_PREFIX);
    if (!line || strncmp(line, PLAN_FIX_INDEX_PREFIX, plen))
        return false;
    const char *rel = line + plen, *colon = strchr(rel, ':');
    if (!colon || colon == rel)
        return false;
    size_t cond_len = strcspn(colon + 1, "\n");
    if (!cond_len)
        return false;
    *relation = arena_strndup(a, rel, (size_t)(colon - rel));
    *condition = arena_strndup(a, colon + 1, cond_len);
    return true;
}

const char *plan_fix_expand(arena_t *a, const char *fix, plan_index_ddl_fn ddl, void *ctx)
{
    if (!fix)
        return NULL;
    sb_t sb;
    sb_init(&sb, a);
    for (const char *line = fix; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        const char *rel, *cond, *text = NULL;
        if (sb.len)
            sb_addc(&sb, '\n');
        if (!plan_fix_index_parse(a, line, &rel, &cond)) {
            sb_addn(&sb, line, strcspn(line, "\n"));
            continue;
        }
        text = ddl ? ddl(ctx, rel, cond) : NULL;
        if (text)
            sb_add(&sb, text);
        else
            sb_addf(&sb, "-- index on %s for: %s", rel, cond);
    }
    return sb_str(&sb);
}
