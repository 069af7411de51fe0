/* sarif.c — the report as SARIF 2.1.0, for code-scanning tools in CI.
 *
 * One run. tool.driver.rules lists each rule id that has a finding, sorted by id,
 * with its summary from the rule table (rules.def) and its help from the rule's
 * section of docs/rules.md, embedded in the binary as rules_doc. Results keep the
 * report's finding order and point at their rule by ruleIndex; a region carries
 * the 1-based start line and column, and a zero is left out. Key order is fixed,
 * so the output is byte-for-byte stable. */
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "render/render.h"
#include "rules/rules_doc.h"
#include "rules/rules.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* Set by the build to the project's home page; a placeholder until it has one. */
#ifndef DBAGENT_INFO_URI
#define DBAGENT_INFO_URI "https://dbagent.invalid/"
#endif

/* docs/rules.md, embedded at build time (declared in cli/cli.h, which render/
 * does not include). */

/* Markdown emphasis and code marks dropped: "**Fix:** `x`" → "Fix: x". */
static const char *plain_text(arena_t *a, const char *md, size_t n)
{
    sb_t sb;
    sb_init(&sb, a);
    for (size_t i = 0; i < n; i++)
        if (md[i] != '`' && !(md[i] == '*' && i + 1 < n && md[i + 1] == '*'))
            sb_addc(&sb, md[i]);
        else if (md[i] == '*')
            i++;
    return sb_str(&sb);
}

/* The "- **Label:** text" line of a section as plain text ("Label: text"), or NULL. */
static const char *doc_line(arena_t *a, const char *section, const char *label)
{
    const char *at = strstr(section, arena_printf(a, "\n- **%s:**", label));
    if (!at)
        return NULL;
    at += 3; /* "\n- " */
    return plain_text(a, at, strcspn(at, "\n"));
}

/* Detects, Why it matters and Fix, one per line; NULL when none is documented. */
static const char *doc_help(arena_t *a, const char *section)
{
    static const char *const labels[] = {"Detects", "Why it matters", "Fix"};
    sb_t sb;
    sb_init(&sb, a);
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        const char *line = doc_line(a, section, labels[i]);
        if (line)
            sb_addf(&sb, "%s%s", sb.len ? "\n" : "", line);
    }
    return sb.len ? sb_str(&sb) : NULL;
}

/* ---- rule descriptors ------------------------------------------------------------------ */

static const char *level(severity_t s)
{
    return s == SEV_CRITICAL ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* "create-index-non-concurrently" → "CreateIndexNonConcurrently". */
static const char *camel(arena_t *a, const char *id)
{
    sb_t sb;
    sb_init(&sb, a);
    bool up = true;
    for (const char *p = id; *p; p++) {
        if (*p == '-' || *p == '_') {
            up = true;
            continue;
        }
        sb_addc(&sb, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
        up = false;
    }
    return sb_str(&sb);
}

/* The rule's default severity: the rule table's, else the docs entry's, else the
 * severity of the finding that named it. */
static severity_t default_severity(arena_t *a, const char *id, const char *section, severity_t seen)
{
    const rule_def_t *def = rule_find(id);
    if (def)
        return def->severity;
    const char *line = section ? doc_line(a, section, "Severity") : NULL;
    int s = line ? severity_parse(line + strlen("Severity: ")) : -1;
    return s >= 0 ? (severity_t)s : seen;
}

static void text_object(jsonw_t *w, const char *key, const char *text)
{
    jw_key(w, key);
    jw_object(w);
    jw_kv_string(w, "text", text);
    jw_object_end(w);
}

static void rule_json(jsonw_t *w, arena_t *a, const char *id, severity_t seen)
{
    const rule_def_t *def = rule_find(id);
    const char *section = rules_doc_section(a, id);
    const char *help = section ? doc_help(a, section) : NULL;
    const char *detects = section ? doc_line(a, section, "Detects") : NULL;
    const char *summary = def ? def->summary : detects ? detects + strlen("Detects: ") : NULL;
    jw_object(w);
    jw_kv_string(w, "id", id);
    jw_kv_string(w, "name", camel(a, id));
    text_object(w, "shortDescription", summary ? summary : id);
    if (help)
        text_object(w, "fullDescription", help);
    jw_key(w, "defaultConfiguration");
    jw_object(w);
    jw_kv_string(w, "level", level(default_severity(a, id, section, seen)));
    jw_object_end(w);
    if (section) {
        jw_key(w, "help");
        jw_object(w);
        jw_kv_string(w, "text", help ? help : summary ? summary : id);
        jw_kv_string(w, "markdown", section);
        jw_object_end(w);
    }
    jw_object_end(w);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The distinct rule ids of the findings, sorted; *n receives the count. */
static const char **rule_ids(arena_t *a, const report_t *r, int *n)
{
    const char **ids = arena_calloc(a, (size_t)r->nfindings + 1, sizeof(*ids));
    *n = 0;
    for (int i = 0; i < r->nfindings; i++) {
        int j = 0;
        while (j < *n && strcmp(ids[j], r->findings[i]->rule))
            j++;
        if (j == *n)
            ids[(*n)++] = r->findings[i]->rule;
    }
    qsort(ids, (size_t)*n, sizeof(*ids), cmp_str);
    return ids;
}

static int rule_index(const char *const *ids, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(ids[i], id))
            return i;
    return -1;
}

/* The severity of the first finding of the rule, for rules the table lacks. */
static severity_t seen_severity(const report_t *r, const char *id)
{
    for (int i = 0; i < r->nfindings; i++)
        if (!strcmp(r->findings[i]->rule, id))
            return r->findings[i]->severity;
    return SEV_INFO;
}

static void driver_json(jsonw_t *w, arena_t *a, const report_t *r, const char *const *ids, int n)
{
    jw_key(w, "tool");
    jw_object(w);
    jw_key(w, "driver");
    jw_object(w);
    jw_kv_string(w, "name", "dbagent");
    jw_kv_string(w, "informationUri", DBAGENT_INFO_URI);
    if (r->meta.version)
        jw_kv_string(w, "version", r->meta.version);
    jw_key(w, "rules");
    jw_array(w);
    for (int i = 0; i < n; i++)
        rule_json(w, a, ids[i], seen_severity(r, ids[i]));
    jw_array_end(w);
    jw_object_end(w);
    jw_object_end(w);
}

/* ---- results ------------------------------------------------------------------------- */

/* A file path as a URI reference: bytes outside RFC 3986's unreserved and path
 * characters are percent-encoded ("my dir/a.sql" → "my%20dir/a.sql"). */
static const char *path_uri(arena_t *a, const char *path)
{
    static const char keep[] = "-._~/!$&'()*+,;=:@";
    sb_t sb;
    sb_init(&sb, a);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr(keep, *p))
            sb_addc(&sb, (char)*p);
        else
            sb_addf(&sb, "%%%02X", *p);
    return sb_str(&sb);
}

static void location_json(jsonw_t *w, const finding_t *f, const char *uri)
{
    jw_key(w, "locations");
    jw_array(w);
    jw_object(w);
    jw_key(w, "physicalLocation");
    jw_object(w);
    jw_key(w, "artifactLocation");
    jw_object(w);
    jw_kv_string(w, "uri", uri);
    jw_object_end(w);
    if (f->loc.line > 0 || f->loc.column > 0) {
        jw_key(w, "region");
        jw_object(w);
        if (f->loc.line > 0)
            jw_kv_int(w, "startLine", f->loc.line);
        if (f->loc.column > 0)
            jw_kv_int(w, "startColumn", f->loc.column);
        jw_object_end(w);
    }
    jw_object_end(w);
    jw_object_end(w);
    jw_array_end(w);
}

static void result_json(jsonw_t *w, arena_t *a, const finding_t *f, int index, const char *uri)
{
    jw_object(w);
    jw_kv_string(w, "ruleId", f->rule);
    jw_kv_int(w, "ruleIndex", index);
    jw_kv_string(w, "level", level(f->severity));
    const char *msg = f->message ? f->message : f->rule;
    text_object(w, "message", f->fix ? arena_printf(a, "%s Fix: %s", msg, f->fix) : msg);
    location_json(w, f, uri);
    jw_object_end(w);
}

/* The file a finding points into: its statement's file for a migration, else the
 * first named file, else "query.sql". */
static const char *finding_uri(arena_t *a, const report_t *r, const finding_t *f,
                               const char *fallback)
{
    const migration_t *m = r->migration;
    if (m && f->loc.statement > 0 && f->loc.statement <= m->nstmts &&
        m->stmts[f->loc.statement - 1].file)
        return path_uri(a, m->stmts[f->loc.statement - 1].file);
    return fallback;
}

const char *render_sarif(arena_t *a, const report_t *r, const char *const *files, int nfiles)
{
    const char *uri = path_uri(a, nfiles >= 1 && files[0] ? files[0] : "query.sql");
    int n;
    const char **ids = rule_ids(a, r, &n);
    sb_t sb;
    sb_init(&sb, a);
    jsonw_t w;
    jw_init(&w, &sb, true);
    jw_object(&w);
    jw_kv_string(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    jw_kv_string(&w, "version", "2.1.0");
    jw_key(&w, "runs");
    jw_array(&w);
    jw_object(&w);
    driver_json(&w, a, r, ids, n);
    jw_kv_string(&w, "columnKind", "unicodeCodePoints");
    jw_key(&w, "results");
    jw_array(&w);
    for (int i = 0; i < r->nfindings; i++)
        result_json(&w, a, r->findings[i], rule_index(ids, n, r->findings[i]->rule),
                    finding_uri(a, r, r->findings[i], uri));
    jw_array_end(&w);
    jw_object_end(&w);
    jw_array_end(&w);
    jw_object_end(&w);
    return sb_str(&sb);
}
