/* sql_keyword.c — PostgreSQL's keywords by category: the table the SQL scanner
 * of the digest and the engine's identifier quoting share. */
#include "model/sql_keyword.h"

#include <stdint.h>
#include <string.h>

#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* PostgreSQL 15's keywords and their categories, as libpg_query's scanner reports
 * them (test_normalize.c checks every entry against pg_query_scan). Sorted. */
#define KU SQL_KW_UNRESERVED
#define KC SQL_KW_COL_NAME
#define KT SQL_KW_TYPE_FUNC
#define KR SQL_KW_RESERVED
#define K(w, kind) {w, sizeof(w) - 1, kind}
static const struct {
    const char *word;
    uint8_t len, kind;
} KEYWORDS[] = {
    K("abort", KU), K("absolute", KU), K("access", KU), K("action", KU), K("add", KU),
    K("admin", KU), K("after", KU), K("aggregate", KU), K("all", KR), K("also", KU),
    K("alter", KU), K("always", KU), K("analyse", KR), K("analyze", KR), K("and", KR),
    K("any", KR), K("array", KR), K("as", KR), K("asc", KR), K("asensitive", KU),
    K("assertion", KU), K("assignment", KU), K("asymmetric", KR), K("at", KU), K("atomic", KU),
    K("attach", KU), K("attribute", KU), K("authorization", KT), K("backward", KU),
    K("before", KU), K("begin", KU), K("between", KC), K("bigint", KC), K("binary", KT),
    K("bit", KC), K("boolean", KC), K("both", KR), K("breadth", KU), K("by", KU),
    K("cache", KU), K("call", KU), K("called", KU), K("cascade", KU), K("cascaded", KU),
    K("case", KR), K("cast", KR), K("catalog", KU), K("chain", KU), K("char", KC),
    K("character", KC), K("characteristics", KU), K("check", KR), K("checkpoint", KU),
    K("class", KU), K("close", KU), K("cluster", KU), K("coalesce", KC), K("collate", KR),
    K("collation", KT), K("column", KR), K("columns", KU), K("comment", KU), K("comments", KU),
    K("commit", KU), K("committed", KU), K("compression", KU), K("concurrently", KT),
    K("configuration", KU), K("conflict", KU), K("connection", KU), K("constraint", KR),
    K("constraints", KU), K("content", KU), K("continue", KU), K("conversion", KU),
    K("copy", KU), K("cost", KU), K("create", KR), K("cross", KT), K("csv", KU), K("cube", KU),
    K("current", KU), K("current_catalog", KR), K("current_date", KR), K("current_role", KR),
    K("current_schema", KT), K("current_time", KR), K("current_timestamp", KR),
    K("current_user", KR), K("cursor", KU), K("cycle", KU), K("data", KU), K("database", KU),
    K("day", KU), K("deallocate", KU), K("dec", KC), K("decimal", KC), K("declare", KU),
    K("default", KR), K("defaults", KU), K("deferrable", KR), K("deferred", KU),
    K("definer", KU), K("delete", KU), K("delimiter", KU), K("delimiters", KU),
    K("depends", KU), K("depth", KU), K("desc", KR), K("detach", KU), K("dictionary", KU),
    K("disable", KU), K("discard", KU), K("distinct", KR), K("do", KR), K("document", KU),
    K("domain", KU), K("double", KU), K("drop", KU), K("each", KU), K("else", KR),
    K("enable", KU), K("encoding", KU), K("encrypted", KU), K("end", KR), K("enum", KU),
    K("escape", KU), K("event", KU), K("except", KR), K("exclude", KU), K("excluding", KU),
    K("exclusive", KU), K("execute", KU), K("exists", KC), K("explain", KU),
    K("expression", KU), K("extension", KU), K("external", KU), K("extract", KC),
    K("false", KR), K("family", KU), K("fetch", KR), K("filter", KU), K("finalize", KU),
    K("first", KU), K("float", KC), K("following", KU), K("for", KR), K("force", KU),
    K("foreign", KR), K("forward", KU), K("freeze", KT), K("from", KR), K("full", KT),
    K("function", KU), K("functions", KU), K("generated", KU), K("global", KU), K("grant", KR),
    K("granted", KU), K("greatest", KC), K("group", KR), K("grouping", KC), K("groups", KU),
    K("handler", KU), K("having", KR), K("header", KU), K("hold", KU), K("hour", KU),
    K("identity", KU), K("if", KU), K("ilike", KT), K("immediate", KU), K("immutable", KU),
    K("implicit", KU), K("import", KU), K("in", KR), K("include", KU), K("including", KU),
    K("increment", KU), K("index", KU), K("indexes", KU), K("inherit", KU), K("inherits", KU),
    K("initially", KR), K("inline", KU), K("inner", KT), K("inout", KC), K("input", KU),
    K("insensitive", KU), K("insert", KU), K("instead", KU), K("int", KC), K("integer", KC),
    K("intersect", KR), K("interval", KC), K("into", KR), K("invoker", KU), K("is", KT),
    K("isnull", KT), K("isolation", KU), K("join", KT), K("key", KU), K("label", KU),
    K("language", KU), K("large", KU), K("last", KU), K("lateral", KR), K("leading", KR),
    K("leakproof", KU), K("least", KC), K("left", KT), K("level", KU), K("like", KT),
    K("limit", KR), K("listen", KU), K("load", KU), K("local", KU), K("localtime", KR),
    K("localtimestamp", KR), K("location", KU), K("lock", KU), K("locked", KU), K("logged", KU),
    K("mapping", KU), K("match", KU), K("matched", KU), K("materialized", KU),
    K("maxvalue", KU), K("merge", KU), K("method", KU), K("minute", KU), K("minvalue", KU),
    K("mode", KU), K("month", KU), K("move", KU), K("name", KU), K("names", KU),
    K("national", KC), K("natural", KT), K("nchar", KC), K("new", KU), K("next", KU),
    K("nfc", KU), K("nfd", KU), K("nfkc", KU), K("nfkd", KU), K("no", KU), K("none", KC),
    K("normalize", KC), K("normalized", KU), K("not", KR), K("nothing", KU), K("notify", KU),
    K("notnull", KT), K("nowait", KU), K("null", KR), K("nullif", KC), K("nulls", KU),
    K("numeric", KC), K("object", KU), K("of", KU), K("off", KU), K("offset", KR),
    K("oids", KU), K("old", KU), K("on", KR), K("only", KR), K("operator", KU), K("option", KU),
    K("options", KU), K("or", KR), K("order", KR), K("ordinality", KU), K("others", KU),
    K("out", KC), K("outer", KT), K("over", KU), K("overlaps", KT), K("overlay", KC),
    K("overriding", KU), K("owned", KU), K("owner", KU), K("parallel", KU), K("parameter", KU),
    K("parser", KU), K("partial", KU), K("partition", KU), K("passing", KU), K("password", KU),
    K("placing", KR), K("plans", KU), K("policy", KU), K("position", KC), K("preceding", KU),
    K("precision", KC), K("prepare", KU), K("prepared", KU), K("preserve", KU),
    K("primary", KR), K("prior", KU), K("privileges", KU), K("procedural", KU),
    K("procedure", KU), K("procedures", KU), K("program", KU), K("publication", KU),
    K("quote", KU), K("range", KU), K("read", KU), K("real", KC), K("reassign", KU),
    K("recheck", KU), K("recursive", KU), K("ref", KU), K("references", KR),
    K("referencing", KU), K("refresh", KU), K("reindex", KU), K("relative", KU),
    K("release", KU), K("rename", KU), K("repeatable", KU), K("replace", KU), K("replica", KU),
    K("reset", KU), K("restart", KU), K("restrict", KU), K("return", KU), K("returning", KR),
    K("returns", KU), K("revoke", KU), K("right", KT), K("role", KU), K("rollback", KU),
    K("rollup", KU), K("routine", KU), K("routines", KU), K("row", KC), K("rows", KU),
    K("rule", KU), K("savepoint", KU), K("schema", KU), K("schemas", KU), K("scroll", KU),
    K("search", KU), K("second", KU), K("security", KU), K("select", KR), K("sequence", KU),
    K("sequences", KU), K("serializable", KU), K("server", KU), K("session", KU),
    K("session_user", KR), K("set", KU), K("setof", KC), K("sets", KU), K("share", KU),
    K("show", KU), K("similar", KT), K("simple", KU), K("skip", KU), K("smallint", KC),
    K("snapshot", KU), K("some", KR), K("sql", KU), K("stable", KU), K("standalone", KU),
    K("start", KU), K("statement", KU), K("statistics", KU), K("stdin", KU), K("stdout", KU),
    K("storage", KU), K("stored", KU), K("strict", KU), K("strip", KU), K("subscription", KU),
    K("substring", KC), K("support", KU), K("symmetric", KR), K("sysid", KU), K("system", KU),
    K("table", KR), K("tables", KU), K("tablesample", KT), K("tablespace", KU), K("temp", KU),
    K("template", KU), K("temporary", KU), K("text", KU), K("then", KR), K("ties", KU),
    K("time", KC), K("timestamp", KC), K("to", KR), K("trailing", KR), K("transaction", KU),
    K("transform", KU), K("treat", KC), K("trigger", KU), K("trim", KC), K("true", KR),
    K("truncate", KU), K("trusted", KU), K("type", KU), K("types", KU), K("uescape", KU),
    K("unbounded", KU), K("uncommitted", KU), K("unencrypted", KU), K("union", KR),
    K("unique", KR), K("unknown", KU), K("unlisten", KU), K("unlogged", KU), K("until", KU),
    K("update", KU), K("user", KR), K("using", KR), K("vacuum", KU), K("valid", KU),
    K("validate", KU), K("validator", KU), K("value", KU), K("values", KC), K("varchar", KC),
    K("variadic", KR), K("varying", KU), K("verbose", KT), K("version", KU), K("view", KU),
    K("views", KU), K("volatile", KU), K("when", KR), K("where", KR), K("whitespace", KU),
    K("window", KR), K("with", KR), K("within", KU), K("without", KU), K("work", KU),
    K("wrapper", KU), K("write", KU), K("xml", KU), K("xmlattributes", KC), K("xmlconcat", KC),
    K("xmlelement", KC), K("xmlexists", KC), K("xmlforest", KC), K("xmlnamespaces", KC),
    K("xmlparse", KC), K("xmlpi", KC), K("xmlroot", KC), K("xmlserialize", KC),
    K("xmltable", KC), K("year", KU), K("yes", KU), K("zone", KU),
};
#undef K
#undef KU
#undef KC
#undef KT
#undef KR

int sql_keyword_kind(const char *word, size_t len)
{
    size_t lo = 0, hi = sizeof(KEYWORDS) / sizeof(KEYWORDS[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *k = KEYWORDS[mid].word;
        size_t klen = KEYWORDS[mid].len;
        int c = memcmp(word, k, len < klen ? len : klen);
        if (c == 0)
            c = len < klen ? -1 : len > klen;
        if (c == 0)
            return KEYWORDS[mid].kind;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return SQL_KW_NONE;
}

bool sql_keyword_needs_quotes(const char *word)
{
    return sql_keyword_kind(word, strlen(word)) > SQL_KW_UNRESERVED;
}
