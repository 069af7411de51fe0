/* sql_keyword.h — PostgreSQL 15's keywords and their categories (kwlist.h, as
 * libpg_query's scanner classifies them). The digest's scanner decides on them;
 * the engine quotes identifiers that are keywords of a category other than
 * unreserved. tests/unit/test_normalize.c checks every entry against the
 * scanner. */
#ifndef DBAGENT_SQL_KEYWORD_H
#define DBAGENT_SQL_KEYWORD_H

#include <stdbool.h>
#include <stddef.h>

enum { SQL_KW_NONE, SQL_KW_UNRESERVED, SQL_KW_COL_NAME, SQL_KW_TYPE_FUNC, SQL_KW_RESERVED };

/* The category of a lower-case word (len bytes), SQL_KW_NONE for an identifier. */
int sql_keyword_kind(const char *word, size_t len);
/* A lower-case identifier that must be quoted because it is a keyword. */
bool sql_keyword_needs_quotes(const char *word);

#endif
