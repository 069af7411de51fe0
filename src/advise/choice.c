/* choice.c — the Database Selection Matrix as data: the systems in matrix
 * order, each need with the system it points to, the phrases that reveal it and
 * the PostgreSQL feature that could serve it instead of a second system.
 *
 * Scoring is one point per need a system serves (ACID and complex queries both
 * point to PostgreSQL, so a relational workload scores two); the best score
 * wins, ties go to the earlier row of the matrix. Every list produced is in a
 * fixed order, so the output depends on the input only. */
#include "advise/choice.h"

#include <stddef.h>
#include <string.h>

#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* The matrix's rows, in its order: the order breaks ties. */
typedef enum {
    SYS_POSTGRESQL, SYS_MYSQL, SYS_MONGODB, SYS_REDIS, SYS_DYNAMODB, SYS_TIMESERIES,
    SYS_ELASTICSEARCH, SYS_NEO4J, SYS_COUNT
} db_system_t;

static const char *const SYSTEM_NAMES[SYS_COUNT] = {
    "PostgreSQL", "MySQL (InnoDB)", "MongoDB", "Redis", "DynamoDB", "TimescaleDB / InfluxDB",
    "Elasticsearch", "Neo4j",
};

/* Phrases are lower case and match at word boundaries; a trailing "s" is
 * allowed ("transaction" matches "transactions"). Longer phrases come first:
 * a shorter one inside a match is not quoted again. */
static const char *const P_ACID[] = {"acid", "transaction", "transactional", "strong consistency",
                                     "strongly consistent", "referential integrity",
                                     "foreign key", "ledger", "payment", "banking", "relational",
                                     NULL};
static const char *const P_COMPLEX[] = {"join", "complex queries", "complex query", "reporting",
                                        "report", "ad hoc", "ad-hoc", "aggregation",
                                        "analytical queries", NULL};
static const char *const P_WRITE[] = {"high write throughput", "write throughput", "write-heavy",
                                      "write heavy", "millions of writes", "high write volume",
                                      "heavy writes", "high insert rate", "writes per second",
                                      "inserts per second", NULL};
static const char *const P_FLEXIBLE[] = {"flexible schema", "schemaless", "schema-less",
                                         "json documents", "nested documents", "document store",
                                         "documents", "unstructured", NULL};
static const char *const P_KV[] = {"key-value", "key value", "kv store", "session store",
                                   "leaderboard", "counter", "rate limiting", "rate limiter",
                                   "pub/sub", NULL};
static const char *const P_CACHE[] = {"cache", "caching", "cached", NULL};
static const char *const P_TTL[] = {"ttl", "expire", "expiry", "expiration", "expiring",
                                    "time to live", "time-to-live", NULL};
static const char *const P_TIME[] = {"time series", "time-series", "timeseries", "metric",
                                     "sensor", "iot", "telemetry", "measurement", NULL};
static const char *const P_TEXT[] = {"full-text", "full text", "search engine", "fuzzy search",
                                     "text search", "faceted search", "autocomplete",
                                     "relevance ranking", NULL};
static const char *const P_GRAPH[] = {"graph", "friends of friends", "friend of a friend",
                                      "recommendations by relationships", "social network",
                                      "shortest path", "traversal", NULL};
static const char *const P_AWS[] = {"aws", "amazon web services", "serverless",
                                    "single-digit millisecond at any scale",
                                    "single-digit millisecond", "at any scale", "massive scale",
                                    "dynamodb", NULL};

typedef struct {
    const char *name;        /* as options.requirements spells it */
    size_t flag;             /* offsetof the bool in db_requirements_t */
    db_system_t system;
    const char *const *phrases;
    const char *pg_note;     /* the PostgreSQL feature that covers it, or NULL */
} need_def_t;

static const need_def_t NEEDS[DB_NEED_COUNT] = {
    [DB_NEED_ACID] = {"acid", offsetof(db_requirements_t, acid), SYS_POSTGRESQL, P_ACID, NULL},
    [DB_NEED_COMPLEX_QUERIES] = {"complex_queries", offsetof(db_requirements_t, complex_queries),
                                 SYS_POSTGRESQL, P_COMPLEX, NULL},
    [DB_NEED_WRITE_HEAVY] = {"write_heavy", offsetof(db_requirements_t, write_heavy), SYS_MYSQL,
                             P_WRITE, NULL},
    [DB_NEED_FLEXIBLE_SCHEMA] = {"flexible_schema", offsetof(db_requirements_t, flexible_schema),
                                 SYS_MONGODB, P_FLEXIBLE,
                                 "documents fit jsonb columns with a GIN index"},
    [DB_NEED_KEY_VALUE] = {"key_value", offsetof(db_requirements_t, key_value), SYS_REDIS, P_KV,
                           NULL},
    [DB_NEED_CACHING] = {"caching", offsetof(db_requirements_t, caching), SYS_REDIS, P_CACHE,
                         NULL},
    [DB_NEED_TTL] = {"ttl", offsetof(db_requirements_t, ttl), SYS_REDIS, P_TTL, NULL},
    [DB_NEED_TIME_SERIES] = {"time_series", offsetof(db_requirements_t, time_series),
                             SYS_TIMESERIES, P_TIME,
                             "time series fit declarative partitioning by time, or the "
                             "TimescaleDB extension inside PostgreSQL"},
    [DB_NEED_FULL_TEXT] = {"full_text", offsetof(db_requirements_t, full_text),
                           SYS_ELASTICSEARCH, P_TEXT,
                           "search fits tsvector with a GIN index, and pg_trgm for fuzzy "
                           "matching"},
    [DB_NEED_GRAPH] = {"graph", offsetof(db_requirements_t, graph), SYS_NEO4J, P_GRAPH,
                       "shallow graphs fit a recursive CTE (WITH RECURSIVE) over an edge table"},
    [DB_NEED_AWS_SCALE] = {"aws_scale", offsetof(db_requirements_t, aws_scale), SYS_DYNAMODB,
                           P_AWS, NULL},
};

/* What was found for each need: on, and how (phrases or a hint). */
typedef struct {
    bool on[DB_NEED_COUNT];
    const char *matched[DB_NEED_COUNT];  /* "\"a\", \"b\"" from the text, or NULL */
    int hint[DB_NEED_COUNT];             /* -1 not given, 0 false, 1 true */
    int score[SYS_COUNT];
} needs_t;

const char *db_need_name(db_need_t need)
{
    return (int)need >= 0 && (int)need < DB_NEED_COUNT ? NEEDS[need].name : NULL;
}

int db_requirements_set(db_requirements_t *r, const char *name, bool value)
{
    for (int i = 0; name && i < DB_NEED_COUNT; i++)
        if (!strcmp(NEEDS[i].name, name)) {
            *(bool *)((char *)r + NEEDS[i].flag) = value;
            r->set |= 1u << i;
            return 0;
        }
    return -1;
}

static bool hint_flag(const db_requirements_t *r, int need)
{
    return *(const bool *)((const char *)r + NEEDS[need].flag);
}

/* ---- phrase matching ------------------------------------------------------------- */

static bool is_word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

static char *lower_copy(arena_t *a, const char *text)
{
    char *s = arena_strdup(a, text);
    for (char *p = s; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return s;
}

typedef struct {
    size_t from, to; /* a matched phrase's span in the text */
} span_t;

static bool overlaps(const span_t *spans, int n, size_t from, size_t to)
{
    for (int i = 0; i < n; i++)
        if (from < spans[i].to && spans[i].from < to)
            return true;
    return false;
}

/* Finds phrase in text (lower case) at word boundaries, with an optional plural
 * "s", outside the spans already matched; fills *out and returns true. */
static bool find_phrase(const char *text, const char *phrase, const span_t *spans, int nspans,
                        span_t *out)
{
    size_t n = strlen(phrase);
    for (const char *p = strstr(text, phrase); p; p = strstr(p + 1, phrase)) {
        const char *end = p + n;
        if (*end == 's' && !is_word_char(end[1]))
            end++;
        if ((p > text && is_word_char(p[-1])) || is_word_char(*end))
            continue;
        *out = (span_t){(size_t)(p - text), (size_t)(end - text)};
        if (!overlaps(spans, nspans, out->from, out->to))
            return true;
    }
    return false;
}

/* The need's phrases found in text, quoted and comma-separated; NULL when none.
 * Phrases are tried in table order (longer ones first) and a phrase is not
 * counted where it overlaps one already matched, so "full-text search" quotes
 * "full-text" once rather than also "text search". */
static const char *match_need(arena_t *a, const char *text, int need)
{
    span_t spans[16];
    const char *hits[16];
    int nhits = 0;
    for (const char *const *p = NEEDS[need].phrases; *p && nhits < 16; p++)
        if (find_phrase(text, *p, spans, nhits, &spans[nhits]))
            hits[nhits++] = *p;
    if (!nhits)
        return NULL;
    sb_t sb;
    sb_init(&sb, a);
    for (int i = 0; i < nhits; i++)
        sb_addf(&sb, "%s\"%s\"", i ? ", " : "", hits[i]);
    return sb_str(&sb);
}

/* ---- scoring --------------------------------------------------------------------- */

static void collect_needs(arena_t *a, const char *text, const db_requirements_t *hints,
                          needs_t *n)
{
    memset(n, 0, sizeof(*n));
    const char *lower = text ? lower_copy(a, text) : NULL;
    for (int i = 0; i < DB_NEED_COUNT; i++) {
        n->matched[i] = lower ? match_need(a, lower, i) : NULL;
        bool given = hints && ((hints->set & (1u << i)) || hint_flag(hints, i));
        n->hint[i] = given ? hint_flag(hints, i) : -1;
        n->on[i] = n->hint[i] >= 0 ? n->hint[i] == 1 : n->matched[i] != NULL;
        if (n->on[i])
            n->score[NEEDS[i].system]++;
    }
}

/* Systems that scored, best first; ties in matrix order. Returns the count. */
static int rank_systems(const needs_t *n, db_system_t order[SYS_COUNT])
{
    int k = 0;
    for (int s = 0; s < SYS_COUNT; s++)
        if (n->score[s] > 0)
            order[k++] = (db_system_t)s;
    for (int i = 1; i < k; i++) /* insertion sort: stable, so matrix order breaks ties */
        for (int j = i; j > 0 && n->score[order[j]] > n->score[order[j - 1]]; j--) {
            db_system_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return k;
}

/* ---- output ---------------------------------------------------------------------- */

static const char *need_reason(arena_t *a, const needs_t *n, int need)
{
    const char *sys = SYSTEM_NAMES[NEEDS[need].system];
    if (n->hint[need] == 1)
        return arena_printf(a, "options.requirements.%s = true → %s", NEEDS[need].name, sys);
    return arena_printf(a, "matched %s → %s", n->matched[need], sys);
}

static void add_reasons(arena_t *a, const needs_t *n, const db_system_t *order, int k,
                        db_choice_t *out)
{
    out->reasons = arena_calloc(a, DB_NEED_COUNT * 2 + 1, sizeof(char *));
    for (int r = 0; r < k; r++)
        for (int i = 0; i < DB_NEED_COUNT; i++)
            if (n->on[i] && NEEDS[i].system == order[r])
                out->reasons[out->nreasons++] = need_reason(a, n, i);
    for (int i = 0; i < DB_NEED_COUNT; i++) /* say when a hint silenced the text */
        if (n->hint[i] == 0 && n->matched[i])
            out->reasons[out->nreasons++] =
                arena_printf(a, "options.requirements.%s = false overrides matched %s",
                             NEEDS[i].name, n->matched[i]);
}

/* The PostgreSQL features that could serve needs pointing elsewhere. */
static const char *pg_note(arena_t *a, const needs_t *n)
{
    sb_t sb;
    sb_init(&sb, a);
    for (int i = 0; i < DB_NEED_COUNT; i++)
        if (n->on[i] && NEEDS[i].pg_note)
            sb_addf(&sb, "%s%s", sb.len ? "; " : "", NEEDS[i].pg_note);
    if (!sb.len)
        return NULL;
    return arena_printf(a, "PostgreSQL can cover this without a second system: %s.", sb_str(&sb));
}

/* Given hints: a bit in set, or a flag that is true (callers that fill the
 * bools without set still get their true flags counted). */
static bool hints_given(const db_requirements_t *h)
{
    for (int i = 0; h && i < DB_NEED_COUNT; i++)
        if ((h->set & (1u << i)) || hint_flag(h, i))
            return true;
    return false;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

int advise_database_choice(arena_t *a, const char *text, const db_requirements_t *hints,
                           db_choice_t *out, err_t *err)
{
    memset(out, 0, sizeof(*out));
    if (blank(text) && !hints_given(hints))
        return err_set(err, ERR_INVALID_REQUEST, "design: give requirements (--requirements "
                                                 "TEXT or options.requirements) to choose a "
                                                 "database");
    needs_t n;
    collect_needs(a, blank(text) ? NULL : text, hints, &n);
    db_system_t order[SYS_COUNT];
    int k = rank_systems(&n, order);
    out->recommended = SYSTEM_NAMES[k ? order[0] : SYS_POSTGRESQL];
    out->alternatives = arena_calloc(a, SYS_COUNT, sizeof(char *));
    for (int i = 1; i < k; i++)
        out->alternatives[out->nalternatives++] = SYSTEM_NAMES[order[i]];
    add_reasons(a, &n, order, k, out);
    if (!k)
        out->reasons[out->nreasons++] =
            "no specific need was recognised in the requirements; PostgreSQL is the "
            "general-purpose default (ACID transactions, complex queries)";
    out->note = pg_note(a, &n);
    return 0;
}
