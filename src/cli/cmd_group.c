/*
 * cli/cmd_group.c — `easel group VERB ...`: group programs (docs/groups.md). Each verb lives in
 * its own file (cmd_group_VERB.c); this file only dispatches.
 */
#include "cli.h"

#include <string.h>

int cmd_group(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } verbs[] = {{"add", cmd_group_add},      {"list", cmd_group_list},
                 {"show", cmd_group_show},    {"roster", cmd_group_roster},
                 {"plan", cmd_group_plan},    {"session", cmd_group_session},
                 {"report", cmd_group_report}};
    for (size_t i = 0; argc >= 2 && i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (strcmp(argv[1], verbs[i].name) == 0)
            return verbs[i].fn(argc - 1, argv + 1);
    return cli_usage("group add|list|show|roster|plan|session|report ... (easel help)");
}
