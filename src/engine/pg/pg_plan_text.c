/* pg_plan_text.c — PostgreSQL's default TEXT EXPLAIN format into the plan model.
 *
 * EXPLAIN's text format is a tree drawn with indentation: the top node starts a
 * plan; every other node is a "->  Name …" line whose arrow sits two columns
 * right of its parent's name (four when an "InitPlan 1", "SubPlan 2" or
 * "CTE name" header line introduces it); a node's attribute lines ("Filter: …")
 * sit two columns right of its name, and "Key: value" lines deeper still belong
 * to the attribute above them (per-worker details), as do those under a
 * plan-level key ("Planning:", "JIT:"). Lines are read one at a time and the
 * tree is built with an explicit stack of the open nodes (the path from the top
 * node to the last one read), so a plan of any depth costs no C stack.
 *
 * Names and values are stored the way the JSON reader (pg_plan_json.c) stores
 * them, so both formats analyse alike: "HashAggregate" is node type "Aggregate"
 * with strategy "Hashed", "Hash Left Join" is "Hash Join" with join type "Left",
 * "Update on t" is node type and operation "Update"; identifiers are unquoted.
 * Where the text format omits a zero the JSON format writes (buffer counters,
 * rows removed, I/O time, HashAggregate disk usage), an ANALYZE plan gets 0, not
 * -1; a "(never executed)" node has 0 rows, loops and times (-1 times under
 * TIMING OFF), as in JSON. Temp-file I/O time is not in io_read_ms/io_write_ms,
 * as the JSON format's "I/O Read Time" leaves it out. Per-worker lines are not
 * read: a node's values are the ones EXPLAIN shows for the node.
 *
 * Tolerated around the plan: psql's "QUERY PLAN" header, "----" rule, "(N rows)"
 * footer, leading space, "+" continuation marks and expanded-mode "QUERY PLAN |"
 * prefix; auto_explain log entries (a "… duration: X ms  plan:" line, its
 * "Query Text:" and tab-indented lines). Indentation is measured relative to the
 * top node, so a uniform prefix of blanks does not matter, and a top line that
 * lost its indentation in the copy is placed by the line under it. Other lines
 * that are not understood are skipped. The input is read within its length only; each
 * line is copied NUL-terminated before it is looked at. */
#include "engine/pg/pg_plan_text.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* ---- what a node line can name ------------------------------------------------- */

typedef enum {
    TGT_REL,   /* "on [schema.]relation [alias]" */
    TGT_INDEX, /* "on index" (Bitmap Index Scan) */
    TGT_CTE,   /* "on cte [alias]" */
    TGT_FUNC,  /* "on [schema.]function [alias]" */
    TGT_ALIAS, /* "on [name] alias": only the alias is kept */
} target_t;

typedef enum {
    KIDS_OUTER_INNER, /* first child "Outer", second "Inner" */
    KIDS_MEMBER,      /* every child "Member" (Append, BitmapAnd, …) */
    KIDS_SUBQUERY,    /* the child of a Subquery Scan */
} kids_t;

typedef struct {
    const char *text;      /* how EXPLAIN's text format starts the node's name */
    const char *node_type; /* the JSON format's "Node Type" */
    const char *detail;    /* the strategy, or the operation when modify is set */
    const char *join;      /* node type when "[Type] Join" follows ("Hash" → "Hash Join") */
    target_t target;
    kids_t kids;
    bool modify;
} node_kind_t;

/* Every node name of explain.c (PostgreSQL 9.6–17), after the "Parallel",
 * "Async", "Partial" and "Finalize" prefixes. Looked up by longest prefix. */
static const node_kind_t node_kinds[] = {
    {"Aggregate", "Aggregate", "Plain", NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Append", "Append", NULL, NULL, TGT_REL, KIDS_MEMBER, false},
    {"Bitmap Heap Scan", "Bitmap Heap Scan", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Bitmap Index Scan", "Bitmap Index Scan", NULL, NULL, TGT_INDEX, KIDS_OUTER_INNER, false},
    {"BitmapAnd", "BitmapAnd", NULL, NULL, TGT_REL, KIDS_MEMBER, false},
    {"BitmapOr", "BitmapOr", NULL, NULL, TGT_REL, KIDS_MEMBER, false},
    {"CTE Scan", "CTE Scan", NULL, NULL, TGT_CTE, KIDS_OUTER_INNER, false},
    {"Custom Scan", "Custom Scan", NULL, NULL, TGT_REL, KIDS_MEMBER, false},
    {"Delete", "Delete", "Delete", NULL, TGT_REL, KIDS_OUTER_INNER, true},
    {"Foreign Delete", "Foreign Scan", "Delete", NULL, TGT_REL, KIDS_OUTER_INNER, true},
    {"Foreign Insert", "Foreign Scan", "Insert", NULL, TGT_REL, KIDS_OUTER_INNER, true},
    {"Foreign Scan", "Foreign Scan", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Foreign Update", "Foreign Scan", "Update", NULL, TGT_REL, KIDS_OUTER_INNER, true},
    {"Function Scan", "Function Scan", NULL, NULL, TGT_FUNC, KIDS_OUTER_INNER, false},
    {"Gather", "Gather", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Gather Merge", "Gather Merge", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Group", "Group", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"GroupAggregate", "Aggregate", "Sorted", NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Hash", "Hash", NULL, "Hash Join", TGT_REL, KIDS_OUTER_INNER, false},
    {"HashAggregate", "Aggregate", "Hashed", NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"HashSetOp", "SetOp", "Hashed", NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Incremental Sort", "Incremental Sort", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Index Only Scan", "Index Only Scan", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Index Scan", "Index Scan", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Insert", "Insert", "Insert", NULL, TGT_REL, KIDS_OUTER_INNER, true},
    {"Limit", "Limit", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"LockRows", "LockRows", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Materialize", "Materialize", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Memoize", "Memoize", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Merge", "Merge", "Merge", "Merge Join", TGT_REL, KIDS_OUTER_INNER, true},
    {"Merge Append", "Merge Append", NULL, NULL, TGT_REL, KIDS_MEMBER, false},
    {"MixedAggregate", "Aggregate", "Mixed", NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Named Tuplestore Scan", "Named Tuplestore Scan", NULL, NULL, TGT_ALIAS, KIDS_OUTER_INNER,
     false},
    {"Nested Loop", "Nested Loop", NULL, "Nested Loop", TGT_REL, KIDS_OUTER_INNER, false},
    {"ProjectSet", "ProjectSet", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Recursive Union", "Recursive Union", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Result", "Result", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Sample Scan", "Sample Scan", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Seq Scan", "Seq Scan", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"SetOp", "SetOp", "Sorted", NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Sort", "Sort", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Subquery Scan", "Subquery Scan", NULL, NULL, TGT_ALIAS, KIDS_SUBQUERY, false},
    {"Table Function Scan", "Table Function Scan", NULL, NULL, TGT_ALIAS, KIDS_OUTER_INNER,
     false},
    {"Tid Range Scan", "Tid Range Scan", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Tid Scan", "Tid Scan", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Unique", "Unique", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"Update", "Update", "Update", NULL, TGT_REL, KIDS_OUTER_INNER, true},
    {"Values Scan", "Values Scan", NULL, NULL, TGT_ALIAS, KIDS_OUTER_INNER, false},
    {"WindowAgg", "WindowAgg", NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false},
    {"WorkTable Scan", "WorkTable Scan", NULL, NULL, TGT_CTE, KIDS_OUTER_INNER, false},
};

/* The unknown node type's stand-in: a relation may follow "on", children are
 * outer and inner. */
static const node_kind_t unknown_kind = {NULL, NULL, NULL, NULL, TGT_REL, KIDS_OUTER_INNER, false};

/* ---- the reader ------------------------------------------------------------------ */

typedef struct {
    plan_node_t *node;
    const node_kind_t *kind;
    size_t col;  /* column of the node's name; its attributes and children are deeper */
    int nplain;  /* children that are not InitPlans/SubPlans/CTEs (for Outer/Inner) */
} open_node_t;

typedef struct {
    const char *content; /* NUL-terminated text after the indentation, end trimmed */
    size_t indent;       /* columns before content */
} line_t;

typedef struct {
    arena_t *a;
    plan_set_t *out;
    err_t *err;
    sb_t buf;                 /* the current line, NUL-terminated */
    int lineno;               /* 1-based number of the current line */
    int first_text_line;      /* first non-blank line, for "not a plan" */
    plan_t *plan;             /* the plan being read; NULL between plans */
    open_node_t *stack;       /* stack[0] is the top node; never empty while plan is set */
    int nstack, stack_cap;
    const char *pending_name; /* "InitPlan 1 (returns $0)" waiting for its node, or NULL */
    const char *pending_rel;  /* "InitPlan" or "SubPlan" */
    size_t pending_col;
    bool skipping;            /* key lines deeper than skip_col belong to a line already read */
    size_t skip_col;
    bool in_jit;              /* inside the plan-level "JIT:" block (deeper than jit_col) */
    size_t jit_col;
    bool in_query_text;       /* auto_explain's "Query Text:" until the top node */
    bool root_fresh;          /* the top node was the last line read */
    plan_node_t **nodes;      /* every node of the current plan, for finish_plan */
    int nnodes, nodes_cap;
    bool saw_buffers, saw_io, saw_time; /* some node of the plan shows them */
} reader_t;

static const char EXPECTED_LINE[] = "a line like \"Seq Scan on t  (cost=…)\"";

/* ---- small text helpers -------------------------------------------------------- */

static bool starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* True when s starts with word followed by a space or the end. */
static bool starts_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    return !strncmp(s, word, n) && (s[n] == ' ' || s[n] == '\0');
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* Reads a plain decimal ("12", "-0.5", "0.00") at *s; advances *s past it. Rejects
 * what strtod would also take (hex, inf, nan, exponents) and absurdly long digit
 * runs, so every value stored is finite. */
static bool read_number(const char **s, double *out)
{
    const char *p = *s;
    size_t n = 0;
    if (p[n] == '-')
        n++;
    size_t digits = 0;
    while (isdigit((unsigned char)p[n]) || (p[n] == '.' && isdigit((unsigned char)p[n + 1]))) {
        digits += p[n] != '.';
        n++;
    }
    if (!digits || n > 60)
        return false;
    char num[64];
    memcpy(num, p, n);
    num[n] = '\0';
    double d = strtod(num, NULL);
    if (!isfinite(d))
        return false;
    *out = d;
    *s = p + n;
    return true;
}

/* A number that may be followed by a unit ("25kB", "2.1 ms"); -1 stays when absent. */
static void read_number_into(const char *s, double *out)
{
    double d;
    if (read_number(&s, &d))
        *out = d;
}

static void read_int_into(const char *s, int *out)
{
    double d;
    if (read_number(&s, &d))
        *out = d < 0 ? -1 : d > INT_MAX ? INT_MAX : (int)d;
}

/* The length of "Key" when s is "Key: value" or "Key:" (a letter, then letters,
 * digits, blanks and _/()-), else 0. Node lines never look like this. */
static size_t key_length(const char *s)
{
    if (!isalpha((unsigned char)s[0]))
        return 0;
    size_t i = 0;
    while (s[i] && (isalnum((unsigned char)s[i]) || strchr(" _/()-", s[i])))
        i++;
    if (s[i] != ':' || (s[i + 1] != ' ' && s[i + 1] != '\0'))
        return 0;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    return i;
}

static bool key_is(const char *s, size_t n, const char *key)
{
    return strlen(key) == n && !strncmp(s, key, n);
}

static const char *key_value(const char *s, size_t keylen)
{
    const char *colon = strchr(s + keylen, ':');
    return skip_spaces(colon + 1);
}

/* Splits s at separators outside parentheses and quotes ('…' and "…"); trims
 * each item. sep is ',' for key lists and settings. */
static const char **split_list(arena_t *a, const char *s, char sep, int *n)
{
    const char **items = NULL;
    int count = 0, cap = 0, depth = 0;
    char quote = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        char c = *p;
        if (quote && c) {
            quote = c == quote ? 0 : quote;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && depth > 0) {
            depth--;
        } else if (!c || (c == sep && depth == 0)) {
            const char *b = skip_spaces(start), *e = p;
            while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            if (e > b)
                ARENA_PUSH(a, items, count, cap, arena_strndup(a, b, (size_t)(e - b)));
            if (!c)
                break;
            start = p + 1;
        }
    }
    *n = count;
    return items;
}

/* ---- node names: "Parallel Index Scan Backward using i on s.t x" ----------------- */

/* The length of the identifier, qualified name or parenthesised word at s ("t",
 * "\"My T\"", "s.\"T\"", "(Citus X)"): up to a blank outside quotes and
 * parentheses. 0 at the end of s. */
static size_t token_length(const char *s)
{
    size_t n = 0;
    int depth = 0;
    bool quoted = false;
    while (s[n]) {
        char c = s[n];
        if (quoted) {
            if (c == '"' && s[n + 1] == '"')
                n++;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && depth > 0) {
            depth--;
        } else if (c == ' ' && depth == 0) {
            break;
        }
        n++;
    }
    return n;
}

/* Unquotes one identifier of n bytes ("\"a\"\"b\"" → a"b). */
static const char *unquote(arena_t *a, const char *s, size_t n)
{
    if (n < 2 || s[0] != '"')
        return arena_strndup(a, s, n);
    sb_t sb;
    sb_init(&sb, a);
    for (size_t i = 1; i < n; i++) {
        if (s[i] == '"' && i + 1 < n && s[i + 1] == '"')
            i++;
        else if (s[i] == '"')
            break;
        sb_addc(&sb, s[i]);
    }
    return sb_str(&sb);
}

/* Splits a qualified name at its unquoted dots: the last part is the name, the
 * one before it (if any) the schema. */
static void split_qualified(arena_t *a, const char *s, size_t n, const char **schema,
                            const char **name)
{
    size_t dot = n, prev = n;
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            quoted = !quoted;
        } else if (s[i] == '.' && !quoted) {
            prev = dot;
            dot = i;
        }
    }
    if (dot == n) {
        *schema = NULL;
        *name = unquote(a, s, n);
        return;
    }
    size_t from = prev == n ? 0 : prev + 1;
    *schema = dot > from ? unquote(a, s + from, dot - from) : NULL;
    *name = unquote(a, s + dot + 1, n - dot - 1);
}

static const node_kind_t *find_kind(const char *s)
{
    const node_kind_t *best = NULL;
    for (size_t i = 0; i < sizeof(node_kinds) / sizeof(node_kinds[0]); i++) {
        const node_kind_t *k = &node_kinds[i];
        if (starts_word(s, k->text) && (!best || strlen(k->text) > strlen(best->text)))
            best = k;
    }
    return best;
}

static const char *const NAME_PREFIXES[] = {"Parallel", "Async", "Partial", "Finalize"};

/* "Parallel ", "Async ", "Partial ", "Finalize " before the node's name. */
static const char *skip_prefixes(plan_node_t *n, const char *s)
{
    for (size_t i = 0; i < sizeof(NAME_PREFIXES) / sizeof(NAME_PREFIXES[0]); i++) {
        if (!starts_word(s, NAME_PREFIXES[i]))
            continue;
        n->parallel_aware |= i == 0;
        s = skip_spaces(s + strlen(NAME_PREFIXES[i]));
        i = (size_t)-1; /* "Parallel Async …": look again from the first */
    }
    return s;
}

/* After "Hash", "Merge" or "Nested Loop": "Join", "Left Join", "Right Anti Join"…
 * Sets the join node type and join type and returns what follows, or returns s
 * unchanged when no "Join" follows (a Hash node, MERGE's "Merge on t"). */
static const char *read_join(arena_t *a, plan_node_t *n, const node_kind_t *k, const char *s)
{
    const char *p = skip_spaces(s);
    const char *join = NULL;
    for (const char *w = p; *w && !join; w = skip_spaces(w + token_length(w)))
        if (starts_word(w, "Join"))
            join = w;
    bool nested_loop = !strcmp(k->join, k->node_type);
    if (!join && !nested_loop)
        return s;
    n->node_type = k->join;
    n->strategy = n->operation = NULL;
    if (!join) {
        n->join_type = "Inner";
        return s;
    }
    const char *e = join;
    while (e > p && e[-1] == ' ')
        e--;
    n->join_type = e > p ? arena_strndup(a, p, (size_t)(e - p)) : "Inner";
    return join + 4;
}

/* "on NAME [ALIAS]" after the node name: what NAME is depends on the node. */
static const char *read_target(arena_t *a, plan_node_t *n, target_t target, const char *s)
{
    s = skip_spaces(s);
    size_t len = token_length(s);
    const char *alias_at = skip_spaces(s + len);
    size_t alias_len = token_length(alias_at);
    const char *schema = NULL, *name = NULL;
    if (len && target != TGT_ALIAS && target != TGT_INDEX)
        split_qualified(a, s, len, &schema, &name);
    const char *alias = alias_len ? unquote(a, alias_at, alias_len) : name;
    switch (target) {
    case TGT_REL: n->relation = name; n->schema = schema; break;
    case TGT_CTE: n->cte_name = name; break;
    case TGT_FUNC: n->function_name = name; n->schema = schema; break;
    case TGT_INDEX: n->index_name = len ? unquote(a, s, len) : NULL; return s + len;
    case TGT_ALIAS:
        alias = alias_len ? alias : len ? unquote(a, s, len) : NULL;
        break;
    }
    n->alias = alias;
    return alias_len ? alias_at + alias_len : s + len;
}

/* The words after the node name: "Backward", "using INDEX", "on TARGET",
 * "(provider)"; anything else is skipped. */
static void read_name_rest(arena_t *a, plan_node_t *n, const node_kind_t *k, const char *s)
{
    for (s = skip_spaces(s); *s; s = skip_spaces(s)) {
        size_t len = token_length(s);
        if (starts_word(s, "Backward")) {
            n->scan_direction = "Backward";
        } else if (starts_word(s, "using")) {
            const char *ix = skip_spaces(s + len);
            size_t ixlen = token_length(ix);
            n->index_name = ixlen ? unquote(a, ix, ixlen) : NULL;
            len = (size_t)(ix + ixlen - s);
        } else if (starts_word(s, "on")) {
            s = read_target(a, n, k->target, s + 2);
            continue;
        }
        s += len;
    }
}

/* The node type of a name not in the table: its words up to "on"/"using". */
static const char *unknown_type(arena_t *a, const char *s, const char **rest)
{
    const char *e = s;
    while (*e && !starts_word(e, "on") && !starts_word(e, "using")) {
        e += token_length(e);
        e = skip_spaces(e);
    }
    *rest = e;
    while (e > s && e[-1] == ' ')
        e--;
    return e > s ? arena_strndup(a, s, (size_t)(e - s)) : "?";
}

/* Fills type, names and flags from a node's name (the text before its cost). */
static const node_kind_t *read_node_name(arena_t *a, plan_node_t *n, const char *s)
{
    s = skip_prefixes(n, s);
    const node_kind_t *k = find_kind(s);
    if (!k) {
        n->node_type = unknown_type(a, s, &s);
        read_name_rest(a, n, &unknown_kind, s);
        return &unknown_kind;
    }
    n->node_type = k->node_type;
    *(k->modify ? &n->operation : &n->strategy) = k->detail;
    s += strlen(k->text);
    if (k->join)
        s = read_join(a, n, k, s);
    read_name_rest(a, n, k, s);
    if (!n->scan_direction && (!strcmp(k->node_type, "Index Scan") ||
                               !strcmp(k->node_type, "Index Only Scan")))
        n->scan_direction = "Forward";
    return k;
}

/* ---- "(cost=… rows=… width=…) (actual time=… rows=… loops=…)" -------------------- */

static const char *const STAT_MARKS[] = {" (cost=", " (actual ", " (never executed)"};

/* Where the node's statistics start, or NULL when the line has none. */
static const char *find_stats(const char *s)
{
    const char *first = NULL;
    for (size_t i = 0; i < sizeof(STAT_MARKS) / sizeof(STAT_MARKS[0]); i++) {
        const char *m = strstr(s, STAT_MARKS[i]);
        if (m && (!first || m < first))
            first = m;
    }
    return first;
}

/* "S..T" into two numbers. */
static void read_range(const char *v, double *lo, double *hi)
{
    double a, b;
    if (!read_number(&v, &a))
        return;
    *lo = a;
    if (starts_with(v, "..") && (v += 2, read_number(&v, &b)))
        *hi = b;
}

/* One parenthesised group, p just after "(": "cost=…", "actual …", "never executed". */
static void read_stat_group(plan_node_t *n, const char *p)
{
    bool actual = starts_word(p, "actual");
    if (starts_with(p, "never executed)")) {
        n->has_actual = n->never_executed = true;
        n->actual_startup_ms = n->actual_total_ms = n->actual_rows = n->actual_loops = 0;
        return;
    }
    if (actual) {
        n->has_actual = true;
        p += 6;
    }
    for (p = skip_spaces(p); *p && *p != ')'; p = skip_spaces(p)) {
        const char *eq = p + strcspn(p, "= )");
        if (*eq != '=')
            break;
        const char *v = eq + 1;
        size_t klen = (size_t)(eq - p);
        if (key_is(p, klen, "cost"))
            read_range(v, &n->startup_cost, &n->total_cost);
        else if (key_is(p, klen, "time"))
            read_range(v, &n->actual_startup_ms, &n->actual_total_ms);
        else if (key_is(p, klen, "rows"))
            read_number_into(v, actual ? &n->actual_rows : &n->plan_rows);
        else if (key_is(p, klen, "width"))
            read_number_into(v, &n->plan_width);
        else if (key_is(p, klen, "loops"))
            read_number_into(v, &n->actual_loops);
        p = v + strcspn(v, " )");
    }
}

static void read_stats(plan_node_t *n, const char *s)
{
    for (const char *p = s ? strchr(s, '(') : NULL; p; p = strchr(p + 1, '('))
        read_stat_group(n, p + 1);
}

/* A whole node line (after the arrow): name, then statistics. */
static const node_kind_t *read_node_line(reader_t *r, plan_node_t *n, const char *s)
{
    const char *stats = find_stats(s);
    size_t len = stats ? (size_t)(stats - s) : strlen(s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    const node_kind_t *k = read_node_name(r->a, n, arena_strndup(r->a, s, len));
    read_stats(n, stats);
    n->line = r->lineno;
    r->saw_time |= n->actual_total_ms >= 0 && !n->never_executed;
    ARENA_PUSH(r->a, r->nodes, r->nnodes, r->nodes_cap, n);
    return k;
}

/* Words that may follow a node's name on its line. */
static const char *const NAME_WORDS[] = {
    "on", "using", "Backward", "Join", "Left", "Right", "Full", "Semi", "Anti",
    "Intersect", "Except",
};

/* True when s is a whole node name: a known one, then nothing or a word that
 * node lines have ("Sort by date" is prose, "Sort" and "Seq Scan on t" are not). */
static bool is_node_name(const char *s)
{
    plan_node_t scratch = {0};
    s = skip_prefixes(&scratch, s);
    const node_kind_t *k = find_kind(s);
    if (!k)
        return false;
    s = skip_spaces(s + strlen(k->text));
    if (!*s || *s == '(')
        return true;
    for (size_t i = 0; i < sizeof(NAME_WORDS) / sizeof(NAME_WORDS[0]); i++)
        if (starts_word(s, NAME_WORDS[i]))
            return true;
    return false;
}

/* True when a line without an arrow starts a plan: it has statistics, or (COSTS
 * OFF) it is a node name. */
static bool starts_plan(const char *s)
{
    if (key_length(s))
        return false;
    return find_stats(s) || is_node_name(s);
}

/* ---- attribute lines: "Key: value" under a node ----------------------------------- */

typedef struct attr attr_t;
typedef void (*attr_fn)(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                        const char *value);
struct attr {
    const char *key;
    attr_fn fn;
    size_t off, count_off;
};

#define FIELD(n, off, type) ((type *)((char *)(n) + (off)))

static void attr_str(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                     const char *value)
{
    (void)line;
    *FIELD(n, at->off, const char *) = arena_strdup(r->a, value);
}

static void attr_num(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                     const char *value)
{
    (void)r;
    (void)line;
    read_number_into(value, FIELD(n, at->off, double));
}

static void attr_int(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                     const char *value)
{
    (void)r;
    (void)line;
    read_int_into(value, FIELD(n, at->off, int));
}

static void attr_list(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                      const char *value)
{
    (void)line;
    *FIELD(n, at->off, const char **) = split_list(r->a, value, ',', FIELD(n, at->count_off, int));
}

/* "quicksort  Memory: 25kB", "external merge  Disk: 24520kB". */
static void attr_sort_method(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                             const char *value)
{
    (void)at;
    (void)line;
    const char *gap = strstr(value, "  ");
    n->sort_method = arena_strndup(r->a, value, gap ? (size_t)(gap - value) : strlen(value));
    if (!gap)
        return;
    const char *space = skip_spaces(gap);
    size_t klen = key_length(space);
    if (!klen)
        return;
    n->sort_space_type = arena_strndup(r->a, space, klen);
    read_number_into(key_value(space, klen), &n->sort_space_kb);
}

/* One "Key: value" of a line of several ("Buckets: 1024  Batches: 1  Memory Usage: 9kB"). */
static void read_segment(plan_node_t *n, const char *seg, bool hash_node)
{
    size_t klen = key_length(seg);
    if (!klen)
        return;
    const char *v = key_value(seg, klen);
    double d;
    if (!read_number(&v, &d))
        return;
    if (key_is(seg, klen, "Buckets")) {
        n->hash_buckets = d;
    } else if (key_is(seg, klen, "Batches")) {
        n->hash_batches = d;
        if (hash_node) {
            const char *orig = strstr(v, "(originally ");
            n->original_hash_batches = d;
            if (orig && orig - v < 3)
                read_number_into(orig + 12, &n->original_hash_batches);
        }
    } else if (key_is(seg, klen, "Memory Usage")) {
        n->peak_memory_kb = d;
    } else if (key_is(seg, klen, "Disk Usage")) {
        n->disk_usage_kb = d;
    }
}

/* Hash ("Buckets: … Batches: … Memory Usage: …"), HashAggregate ("[Planned
 * Partitions: …  ]Batches: …  Memory Usage: …  Disk Usage: …") and Memoize
 * ("Hits: …  Memory Usage: …") lines: segments separated by two blanks. */
static void attr_segments(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                          const char *value)
{
    (void)r;
    (void)at;
    (void)value;
    bool hash_node = starts_with(line, "Buckets:");
    if (!hash_node && !starts_with(line, "Hits:"))
        n->disk_usage_kb = 0; /* HashAggregate: "Disk Usage" is shown only when it spilled */
    for (const char *seg = line; seg; seg = strstr(seg, "  ")) {
        seg = skip_spaces(seg);
        read_segment(n, seg, hash_node);
    }
}

/* "exact=643 lossy=4125". */
static void attr_heap_blocks(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                             const char *value)
{
    (void)r;
    (void)at;
    (void)line;
    for (const char *p = skip_spaces(value); *p; p = skip_spaces(p)) {
        if (starts_with(p, "exact="))
            read_number_into(p + 6, &n->exact_heap_blocks);
        else if (starts_with(p, "lossy="))
            read_number_into(p + 6, &n->lossy_heap_blocks);
        p += strcspn(p, " ");
    }
}

typedef struct {
    const char *area, *key;
    size_t off;
} counter_t;

static const counter_t buffer_counters[] = {
    {"shared", "hit", offsetof(plan_node_t, shared_hit)},
    {"shared", "read", offsetof(plan_node_t, shared_read)},
    {"shared", "dirtied", offsetof(plan_node_t, shared_dirtied)},
    {"shared", "written", offsetof(plan_node_t, shared_written)},
    {"local", "hit", offsetof(plan_node_t, local_hit)},
    {"local", "read", offsetof(plan_node_t, local_read)},
    {"temp", "read", offsetof(plan_node_t, temp_read)},
    {"temp", "written", offsetof(plan_node_t, temp_written)},
};

/* Calls fn for every "key=value" of a counters line ("shared hit=1 read=2, temp
 * read=3"), with the area word that precedes it ("" when none). */
static void each_counter(plan_node_t *n, const char *value,
                         void (*fn)(plan_node_t *n, const char *area, size_t alen,
                                    const char *kv))
{
    const char *area = "";
    size_t alen = 0;
    for (const char *p = skip_spaces(value); *p; p = skip_spaces(p)) {
        size_t len = strcspn(p, " ,");
        const char *eq = memchr(p, '=', len);
        if (eq) {
            fn(n, area, alen, p);
        } else if (len) {
            area = p;
            alen = len;
        }
        p += len;
        if (*p == ',')
            p++;
    }
}

static void buffer_counter(plan_node_t *n, const char *area, size_t alen, const char *kv)
{
    for (size_t i = 0; i < sizeof(buffer_counters) / sizeof(buffer_counters[0]); i++) {
        const counter_t *c = &buffer_counters[i];
        size_t klen = strlen(c->key);
        if (key_is(area, alen, c->area) && !strncmp(kv, c->key, klen) && kv[klen] == '=')
            read_number_into(kv + klen + 1, FIELD(n, c->off, double));
    }
}

static void attr_buffers(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                         const char *value)
{
    (void)at;
    (void)line;
    r->saw_buffers = true;
    each_counter(n, value, buffer_counter);
}

/* Shared and local block I/O time (temp I/O is left out, as the JSON format's
 * "I/O Read Time" leaves it out); areas shown separately are added up. */
static void io_counter(plan_node_t *n, const char *area, size_t alen, const char *kv)
{
    if (key_is(area, alen, "temp"))
        return;
    double *field = starts_with(kv, "read=") ? &n->io_read_ms
                    : starts_with(kv, "write=") ? &n->io_write_ms : NULL;
    const char *v = strchr(kv, '=') + 1;
    double d;
    if (field && read_number(&v, &d))
        *field = (*field > 0 ? *field : 0) + d;
}

static void attr_io(reader_t *r, plan_node_t *n, const attr_t *at, const char *line,
                    const char *value)
{
    (void)at;
    (void)line;
    r->saw_io = true;
    each_counter(n, value, io_counter);
}

#define STR(k, f) {k, attr_str, offsetof(plan_node_t, f), 0}
#define NUM(k, f) {k, attr_num, offsetof(plan_node_t, f), 0}
#define INT(k, f) {k, attr_int, offsetof(plan_node_t, f), 0}
#define LIST(k, f, c) {k, attr_list, offsetof(plan_node_t, f), offsetof(plan_node_t, c)}
#define FN(k, fn) {k, fn, 0, 0}

static const attr_t node_attrs[] = {
    FN("Batches", attr_segments),
    FN("Buckets", attr_segments),
    FN("Buffers", attr_buffers),
    STR("Filter", filter),
    LIST("Group Key", group_key, ngroup_key),
    STR("Hash Cond", hash_cond),
    FN("Heap Blocks", attr_heap_blocks),
    NUM("Heap Fetches", heap_fetches),
    FN("Hits", attr_segments),
    FN("I/O Timings", attr_io),
    STR("Index Cond", index_cond),
    STR("Join Filter", join_filter),
    STR("Merge Cond", merge_cond),
    FN("Planned Partitions", attr_segments),
    STR("Recheck Cond", recheck_cond),
    NUM("Rows Removed by Filter", rows_removed_by_filter),
    NUM("Rows Removed by Index Recheck", rows_removed_by_index_recheck),
    NUM("Rows Removed by Join Filter", rows_removed_by_join_filter),
    LIST("Sort Key", sort_key, nsort_key),
    FN("Sort Method", attr_sort_method),
    INT("Workers Launched", workers_launched),
    INT("Workers Planned", workers_planned),
};

/* Applies a "Key: value" line to n; keys not in the table are ignored. */
static void read_attr(reader_t *r, plan_node_t *n, const char *line, size_t keylen)
{
    for (size_t i = 0; i < sizeof(node_attrs) / sizeof(node_attrs[0]); i++)
        if (key_is(line, keylen, node_attrs[i].key)) {
            node_attrs[i].fn(r, n, &node_attrs[i], line, key_value(line, keylen));
            return;
        }
}

/* ---- plan-level lines: "Planning Time: …", "JIT:", "Settings: …" ------------------ */

typedef void (*plan_fn)(reader_t *r, const line_t *ln, const char *value, size_t off);
typedef struct {
    const char *key; /* matched without regard to case: 9.x wrote "Planning time" */
    plan_fn fn;
    size_t off;
} plan_attr_t;

static void plan_time(reader_t *r, const line_t *ln, const char *value, size_t off)
{
    (void)ln;
    read_number_into(value, FIELD(r->plan, off, double));
}

static void plan_jit(reader_t *r, const line_t *ln, const char *value, size_t off)
{
    (void)value;
    (void)off;
    r->in_jit = true;
    r->jit_col = ln->indent;
}

static void plan_settings(reader_t *r, const line_t *ln, const char *value, size_t off)
{
    (void)ln;
    (void)off;
    r->plan->settings = split_list(r->a, value, ',', &r->plan->nsettings);
}

static const plan_attr_t plan_attrs[] = {
    {"Execution Time", plan_time, offsetof(plan_t, execution_ms)},
    {"JIT", plan_jit, 0},
    {"Planning Time", plan_time, offsetof(plan_t, planning_ms)},
    {"Settings", plan_settings, 0},
    {"Total runtime", plan_time, offsetof(plan_t, execution_ms)},
};

/* "Timing: Generation 0.4 ms, …, Total 9.5 ms" inside the JIT block. */
static void read_jit_line(reader_t *r, const char *s)
{
    if (!starts_with(s, "Timing:"))
        return;
    const char *total = strstr(s, "Total ");
    if (total)
        read_number_into(total + 6, &r->plan->jit_ms);
}

static void read_plan_attr(reader_t *r, const line_t *ln, size_t keylen)
{
    for (size_t i = 0; i < sizeof(plan_attrs) / sizeof(plan_attrs[0]); i++)
        if (strlen(plan_attrs[i].key) == keylen &&
            !strncasecmp(ln->content, plan_attrs[i].key, keylen)) {
            plan_attrs[i].fn(r, ln, key_value(ln->content, keylen), plan_attrs[i].off);
            return;
        }
}

/* ---- the tree ------------------------------------------------------------------- */

static bool is_index_scan(const plan_node_t *n)
{
    return !strcmp(n->node_type, "Index Scan") || !strcmp(n->node_type, "Index Only Scan");
}

static void zero_unknown(double *v)
{
    if (*v < 0)
        *v = 0;
}

/* The text format leaves out what is zero (counters, rows removed, I/O time)
 * where the JSON format writes 0; with ANALYZE, such values are known zeros. A
 * never-executed node shows no times when the plan has none (TIMING OFF). */
static void finish_node(const reader_t *r, plan_node_t *n)
{
    if (!n->has_actual)
        return;
    double *buffers[] = {&n->shared_hit, &n->shared_read, &n->shared_dirtied,
                         &n->shared_written, &n->local_hit, &n->local_read,
                         &n->temp_read, &n->temp_written};
    for (size_t i = 0; r->saw_buffers && i < sizeof(buffers) / sizeof(buffers[0]); i++)
        zero_unknown(buffers[i]);
    if (r->saw_io) {
        zero_unknown(&n->io_read_ms);
        zero_unknown(&n->io_write_ms);
    }
    if (n->filter)
        zero_unknown(&n->rows_removed_by_filter);
    if (n->join_filter)
        zero_unknown(&n->rows_removed_by_join_filter);
    if ((n->index_cond && is_index_scan(n)) || n->recheck_cond)
        zero_unknown(&n->rows_removed_by_index_recheck);
    if (n->never_executed && !r->saw_time)
        n->actual_startup_ms = n->actual_total_ms = -1;
}

static void finish_plan(reader_t *r)
{
    for (int i = 0; i < r->nnodes; i++)
        finish_node(r, r->nodes[i]);
    r->nnodes = 0;
    r->saw_buffers = r->saw_io = r->saw_time = false;
}

static void close_plan(reader_t *r)
{
    if (r->plan)
        finish_plan(r);
    r->plan = NULL;
    r->nstack = 0;
    r->pending_name = NULL;
    r->skipping = r->in_jit = r->root_fresh = false;
}

static void push_node(reader_t *r, plan_node_t *n, const node_kind_t *k, size_t col)
{
    open_node_t o = {n, k, col, 0};
    ARENA_PUSH(r->a, r->stack, r->nstack, r->stack_cap, o);
}

/* Closes the open nodes whose name is at or right of col: a line at col belongs
 * to the deepest node left of it. The top node stays. */
static open_node_t *pop_to(reader_t *r, size_t col)
{
    while (r->nstack > 1 && r->stack[r->nstack - 1].col >= col)
        r->nstack--;
    return &r->stack[r->nstack - 1];
}

static void start_plan(reader_t *r, const line_t *ln)
{
    close_plan(r);
    r->plan = plan_new(r->a);
    r->plan->source_format = "text";
    plan_set_add(r->a, r->out, r->plan);
    plan_node_t *root = plan_node_new(r->a);
    const node_kind_t *k = read_node_line(r, root, ln->content);
    r->plan->root = root;
    r->plan->analyzed = root->has_actual;
    push_node(r, root, k, ln->indent);
    r->root_fresh = true;
}

/* The top line of a pasted plan often loses its indentation (the selection
 * started at its text): when the first line under it is deeper than EXPLAIN puts
 * anything, the top node's column is taken from that line. */
static void settle_root_column(reader_t *r, const line_t *ln)
{
    if (!r->root_fresh)
        return;
    r->root_fresh = false;
    if (ln->indent > r->stack[0].col + 2)
        r->stack[0].col = ln->indent - 2;
}

static const char *child_relationship(open_node_t *parent)
{
    switch (parent->kind->kids) {
    case KIDS_MEMBER: return "Member";
    case KIDS_SUBQUERY: return "Subquery";
    case KIDS_OUTER_INNER: break;
    }
    return parent->nplain == 0 ? "Outer" : parent->nplain == 1 ? "Inner" : NULL;
}

/* Fails on a "->" at col that does not fit the tree: it is "problem"; it was
 * expected at column "expected" "bound" ("or less"), under node o. */
static int indent_error(reader_t *r, size_t col, const char *problem, size_t expected,
                        const char *bound, const open_node_t *o)
{
    err_set(r->err, ERR_INVALID_REQUEST,
            "broken EXPLAIN plan indentation: \"->\" at column %zu is %s: expected column %zu "
            "or %s, under \"%s\" of line %d (line %d)",
            col + 1, problem, expected + 1, bound, o->node->node_type, o->node->line, r->lineno);
    r->err->line = r->lineno;
    r->err->column = col + 1 > INT_MAX ? INT_MAX : (int)(col + 1);
    return -1;
}

/* The column a child's "->" may not pass: two right of the parent's name, or two
 * right of the "SubPlan 1" header that introduces it. */
static size_t deepest_arrow(const reader_t *r, const open_node_t *parent, bool sub)
{
    size_t deepest = parent->col + 2;
    if (sub && r->pending_col + 2 > deepest)
        deepest = r->pending_col + 2;
    return deepest;
}

/* "->  Node …": a child of the deepest open node left of the arrow. */
static int read_arrow(reader_t *r, const line_t *ln)
{
    size_t col = ln->indent;
    if (!r->plan) {
        err_set(r->err, ERR_INVALID_REQUEST,
                "broken EXPLAIN plan: a child node (\"->\") before any top node: expected the "
                "plan's first line, %s (line %d)", EXPECTED_LINE, r->lineno);
        r->err->line = r->lineno;
        r->err->column = col + 1 > INT_MAX ? INT_MAX : (int)(col + 1);
        return -1;
    }
    r->skipping = r->in_jit = false;
    if (col <= r->stack[0].col)
        return indent_error(r, col, "not inside the top node", r->stack[0].col + 2, "more",
                            &r->stack[0]);
    open_node_t *parent = pop_to(r, col);
    bool sub = r->pending_name && r->pending_col < col;
    size_t deepest = deepest_arrow(r, parent, sub);
    if (col > deepest)
        return indent_error(r, col, "deeper than any open node", deepest, "less", parent);
    plan_node_t *n = plan_node_new(r->a);
    const char *name = skip_spaces(ln->content + 2);
    const node_kind_t *k = read_node_line(r, n, name);
    if (sub) {
        n->parent_relationship = r->pending_rel;
        n->subplan_name = r->pending_name;
    } else {
        n->parent_relationship = child_relationship(parent);
        parent->nplain++;
    }
    r->pending_name = NULL;
    plan_node_add_child(r->a, parent->node, n);
    push_node(r, n, k, col + (size_t)(name - ln->content));
    return 0;
}

/* "InitPlan 1 (returns $0)", "SubPlan 2", "CTE name": the next node's header. */
static bool read_subplan_header(reader_t *r, const line_t *ln)
{
    const char *s = ln->content;
    const char *rel = starts_word(s, "InitPlan") || starts_word(s, "CTE") ? "InitPlan"
                      : starts_word(s, "SubPlan")                          ? "SubPlan"
                                                                           : NULL;
    if (!rel)
        return false;
    pop_to(r, ln->indent);
    r->pending_name = arena_strdup(r->a, s);
    r->pending_rel = rel;
    r->pending_col = ln->indent;
    return true;
}

/* A line deeper than the top node: an attribute, a subplan header, or a new plan
 * whose top node is indented differently. */
static void read_inner_line(reader_t *r, const line_t *ln)
{
    size_t keylen = key_length(ln->content);
    if (keylen) {
        read_attr(r, pop_to(r, ln->indent)->node, ln->content, keylen);
        r->skipping = true;
        r->skip_col = ln->indent;
    } else if (find_stats(ln->content)) {
        start_plan(r, ln);
    } else {
        read_subplan_header(r, ln);
    }
}

/* A line at or left of the top node's column, or any line between plans. */
static void read_outer_line(reader_t *r, const line_t *ln)
{
    size_t keylen = key_length(ln->content);
    if (keylen && key_is(ln->content, keylen, "Query Text")) {
        close_plan(r);
        r->in_query_text = true;
    } else if (keylen && r->plan) {
        read_plan_attr(r, ln, keylen);
        if (!r->in_jit) {
            r->skipping = true;
            r->skip_col = ln->indent;
        }
    } else if (starts_plan(ln->content)) {
        start_plan(r, ln);
    } else if (r->plan && !keylen && !starts_word(ln->content, "Trigger")) {
        close_plan(r); /* something else follows the plan (a log line, a prompt) */
    }
}

/* ---- lines ---------------------------------------------------------------------- */

/* psql's decorations around a result: header, rule, footer. */
static bool is_decoration(const char *s)
{
    if (!strcmp(s, "QUERY PLAN"))
        return true;
    if (strlen(s) >= 2 && strspn(s, "-+") == strlen(s))
        return true;
    if (s[0] == '(' && isdigit((unsigned char)s[1])) {
        const char *p = s + 1 + strspn(s + 1, "0123456789");
        return !strcmp(p, " row)") || !strcmp(p, " rows)");
    }
    return false;
}

/* An auto_explain entry's first line: "[prefix] LOG:  duration: 1.2 ms  plan:". */
static bool is_log_plan_line(const char *s)
{
    return strstr(s, "duration: ") && ends_with(s, "plan:");
}

/* psql's expanded mode: "QUERY PLAN | ->  Seq Scan …". */
static void strip_expanded_prefix(line_t *ln)
{
    if (!starts_with(ln->content, "QUERY PLAN"))
        return;
    const char *p = skip_spaces(ln->content + 10);
    if (*p != '|')
        return;
    p = p[1] == ' ' ? p + 2 : p + 1;
    const char *q = skip_spaces(p);
    ln->indent += (size_t)(q - ln->content);
    ln->content = q;
}

/* Copies the line, trims its end (blanks, CR, psql's "+"), measures its indent.
 * Returns false for a blank line. */
static bool split_line(reader_t *r, const char *s, size_t n, line_t *ln)
{
    sb_truncate(&r->buf, 0);
    sb_addn(&r->buf, s, n);
    char *t = r->buf.buf;
    size_t len = strlen(t); /* a NUL inside the line ends it */
    while (len > 0 && strchr(" \t\r", t[len - 1]))
        len--;
    if (len > 0 && t[len - 1] == '+')
        len--;
    while (len > 0 && strchr(" \t\r", t[len - 1]))
        len--;
    t[len] = '\0';
    ln->content = skip_spaces(t);
    ln->indent = (size_t)(ln->content - t);
    strip_expanded_prefix(ln);
    return *ln->content != '\0';
}

/* True when the line belongs to a block already read (worker details, the
 * lines under "Planning:"), or is read by the JIT block: a "Key: value" line
 * deeper than the line that opened the block. Anything else closes the block. */
static bool in_block(reader_t *r, const line_t *ln)
{
    bool deeper_key = key_length(ln->content) != 0;
    if (r->in_jit && deeper_key && ln->indent > r->jit_col) {
        read_jit_line(r, ln->content);
        return true;
    }
    r->in_jit = false;
    if (r->skipping && deeper_key && ln->indent > r->skip_col)
        return true;
    r->skipping = false;
    return false;
}

static int read_line(reader_t *r, const char *s, size_t n)
{
    line_t ln;
    if (!split_line(r, s, n, &ln))
        return 0;
    if (!r->first_text_line)
        r->first_text_line = r->lineno;
    if (starts_with(ln.content, "-[ RECORD ")) /* psql's expanded mode: one line a record */
        return 0;
    if (is_decoration(ln.content) || is_log_plan_line(ln.content)) {
        close_plan(r);
        r->in_query_text = false;
        return 0;
    }
    bool arrow = starts_with(ln.content, "->");
    if (r->plan)
        settle_root_column(r, &ln);
    if (r->in_query_text) {
        if (arrow || key_length(ln.content) || !find_stats(ln.content))
            return 0;
        r->in_query_text = false;
    }
    if (arrow)
        return read_arrow(r, &ln);
    if (r->plan && in_block(r, &ln))
        return 0;
    if (r->plan && ln.indent > r->stack[0].col)
        read_inner_line(r, &ln);
    else
        read_outer_line(r, &ln);
    return 0;
}

static int not_a_plan(reader_t *r)
{
    int line = r->first_text_line ? r->first_text_line : 1;
    err_set(r->err, ERR_INVALID_REQUEST, "not an EXPLAIN plan: expected %s (line %d)",
            EXPECTED_LINE, line);
    r->err->line = line;
    r->err->column = 1;
    return -1;
}

int pg_plan_text_parse(arena_t *a, const char *text, size_t len, plan_set_t *out, err_t *err)
{
    reader_t r = {.a = a, .out = out, .err = err};
    sb_init(&r.buf, a);
    int first = out->nplans, rc = 0;
    for (size_t pos = 0; rc == 0 && pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (r.lineno < INT_MAX)
            r.lineno++;
        rc = read_line(&r, text + pos, end - pos);
        pos = end + 1;
    }
    if (rc == 0)
        close_plan(&r);
    if (rc == 0 && out->nplans == first)
        rc = not_a_plan(&r);
    if (rc != 0)
        out->nplans = first;
    return rc;
}
