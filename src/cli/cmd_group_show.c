/*
 * cli/cmd_group_show.c — `group show REF`: the program, its facilitators and its roster (each
 * membership with its dates and why it ended). --json: the program's members (cli_json_group),
 * "facilitators": [{"login", "name", "role"}] and "members": [{"ref", "name", "start_date",
 * "end_date", "end_reason"}] (null while a member).
 */
#include "cli.h"
#include "easel/buf.h"
#include "easel/store_group.h"

#include <stdio.h>

int cmd_group_show(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "json", &o);
    if (rc)
        return rc;
    if (o.n_args != 1)
        return cli_usage("group show REF [--json]");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_program g;
    struct easel_person *f = NULL;
    struct easel_group_member *m = NULL;
    size_t nf = 0, nm = 0;
    struct easel_error err = {0};
    rc = easel_group_find(&s, o.args[0], &a, &g, &err);
    if (!rc)
        rc = easel_group_facilitators(&s, g.id, &a, &f, &nf, &err);
    if (!rc)
        rc = easel_group_members(&s, g.id, &a, &m, &nm, &err);
    if (!rc && o.json) {
        struct easel_buf b;
        cli_json_init(&b);
        cli_json_open(&b, NULL, '{');
        cli_json_group(&b, &g);
        cli_json_key(&b, "facilitators");
        cli_json_people(&b, f, nf);
        cli_json_open(&b, "members", '[');
        for (size_t i = 0; i < nm; i++) {
            cli_json_open(&b, NULL, '{');
            cli_json_str(&b, "ref", m[i].ref);
            cli_json_str(&b, "name", m[i].name);
            cli_json_str(&b, "start_date", m[i].start_date);
            cli_json_str(&b, "end_date", m[i].end_date);
            cli_json_str(&b, "end_reason", m[i].end_reason);
            cli_json_close(&b, '}');
        }
        cli_json_close(&b, ']');
        cli_json_close(&b, '}');
        rc = cli_json_done(&b);
        easel_arena_release(&a);
        easel_store_close(&s);
        return rc;
    }
    if (!rc) {
        printf("%s (%s)\n%s group in %s, %s: %lld sessions of %lld minutes, weekly from %s at "
               "%s; up to %lld members\n",
               g.name, g.ref, g.kind, g.setting, g.status, (long long)g.sessions,
               (long long)g.minutes, g.start_date, g.start_time, (long long)g.capacity);
        for (size_t i = 0; i < nf; i++)
            printf("facilitator (%s): %s\n", f[i].role, f[i].name);
        for (size_t i = 0; i < nm; i++)
            printf("member: %s\t%s\tfrom %s%s%s%s%s\n", m[i].ref, m[i].name, m[i].start_date,
                   m[i].end_date ? " to " : "", m[i].end_date ? m[i].end_date : "",
                   m[i].end_reason ? ": " : "", m[i].end_reason ? m[i].end_reason : "");
    }
    easel_arena_release(&a);
    easel_store_close(&s);
    return rc ? cli_error(&err) : EXIT_OK;
}
