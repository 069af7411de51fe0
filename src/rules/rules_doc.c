/* rules_doc.c — finding one rule's section in the embedded docs/rules.md. */
#include "rules/rules_doc.h"

#include <string.h>

#include "base/banned.h" /* last: turns unsafe string calls into errors */

const char *rules_doc_section(arena_t *a, const char *id)
{
    const char *head = arena_printf(a, "\n## %s\n", id);
    const char *start = strstr(rules_doc, head);
    if (!start)
        return NULL;
    start++;
    const char *end = strstr(start + 1, "\n## ");
    const char *part = strstr(start + 1, "\n# ");
    if (!end || (part && part < end))
        end = part;
    if (!end)
        end = start + strlen(start);
    while (end > start && end[-1] == '\n')
        end--;
    return arena_strndup(a, start, (size_t)(end - start));
}
