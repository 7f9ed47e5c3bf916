/*
 * cli/cmd_plan_recheck.c — `easel plan recheck`: safety recall after a KB change. Lists every
 * active client's latest plan that the current KB no longer passes, with the place and the
 * engine's reason (app/plan_recheck.c). Exit 0 when every plan passes, 11 when any does not.
 * Progress on a terminal (cli_busy.c), none when piped.
 */
#include "cli.h"
#include "easel/app.h"

#include <stdio.h>

int cmd_plan_recheck(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "", &o);
    if (rc)
        return rc;
    if (o.n_args != 1)
        return cli_usage("plan recheck takes no arguments");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_recheck r;
    struct easel_error err = {0};
    cli_busy_begin("plan recheck: checking every active plan");
    rc = easel_app_plan_recheck(&s, &kb, &a, &r, &err);
    cli_busy_end();
    if (rc) {
        rc = cli_error(&err);
    } else {
        for (size_t i = 0; i < r.n; i++)
            printf("%s plan v%lld: %s%s: %s\n", r.items[i].client, (long long)r.items[i].version,
                   r.items[i].unsafe ? "UNSAFE " : "", r.items[i].field, r.items[i].reason);
        printf("%zu plans checked against knowledge base %.12s: %zu need attention\n", r.checked,
               kb.version, r.n);
        rc = r.n ? EXIT_RECHECK : EXIT_OK;
    }
    easel_arena_release(&a);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}
