/* cmd_rules.c — `dbagent rules [ID]`: the rule table, or one rule's docs entry. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "rules/rules.h"
#include "rules/rules_doc.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

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
    const char *doc = rules_doc_section(a, argv[1]);
    int rc = EXIT_OK;
    if (doc)
        printf("%s\n", doc);
    else {
        fprintf(stderr, "dbagent rules: no rule '%s'; 'dbagent rules' lists them\n", argv[1]);
        rc = EXIT_USAGE;
    }
    arena_free(a);
    return rc;
}
