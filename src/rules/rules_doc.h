/* rules_doc.h — docs/rules.md, embedded in the binary at build time. */
#ifndef DBAGENT_RULES_DOC_H
#define DBAGENT_RULES_DOC_H

#include "base/arena.h"

/* The whole file (generated from docs/rules.md by scripts/embed.sh). */
extern const char rules_doc[];

/* The "## id" section up to the next heading, without trailing newlines; NULL
 * when the rule has none. */
const char *rules_doc_section(arena_t *a, const char *id);

#endif
