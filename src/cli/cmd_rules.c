/* cmd_rules.c — `dbagent rules [ID]`: the rule table, or one rule's docs entry. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "rules/rules.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* The "## id" section of docs/rules.md, up to the next heading; NULL if absent. */
static const char *doc_section(arena_t *a, const char *id)
{
    char head[128];
    snprintf(head, sizeof(head), "\n## %s\n", id);
    const char *start = strstr(rules_doc, head);
    if (!start)
        return NULL;
    start++;
    const char *end = start + 1;
    for (;;) {
        end = strstr(end, "\n#");
        if (!end || end[2] == ' ' || (end[2] == '#' && end[3] == ' '))
            break;
        end++;
    }
    return end ? arena_strndup(a, start, (size_t)(end - start + 1)) : arena_strdup(a, start);
}

int cmd_rules(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        puts("usage: dbagent rules [ID]\n\nWithout ID: every rule (id, severity, family, "
             "summary).\nWith ID: that rule's documentation.");
        return EXIT_OK;
    }
    if (argc == 1) {
        for (int i = 0; i < R_COUNT; i++)
            printf("%-32s %-9s %-7s %s\n", rule_table[i].id, severity_name(rule_table[i].severity),
                   rule_family_name(rule_table[i].family), rule_table[i].summary);
        return EXIT_OK;
    }
    if (argc > 2) {
        fputs("usage: dbagent rules [ID]\n", stderr);
        return EXIT_USAGE;
    }
    arena_t *a = arena_new();
    const char *doc = doc_section(a, argv[1]);
    int rc = EXIT_OK;
    if (doc)
        fputs(doc, stdout);
    else {
        fprintf(stderr, "dbagent rules: no rule '%s'; 'dbagent rules' lists them\n", argv[1]);
        rc = EXIT_USAGE;
    }
    arena_free(a);
    return rc;
}
