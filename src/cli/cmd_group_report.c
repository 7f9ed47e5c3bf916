/*
 * cli/cmd_group_report.c — `group report REF attendance`: attendance per member (sessions held
 * while a member, attended, late, left early, absent, cancelled, minutes) and for the program
 * (sessions documented and signed, members who came at least once, attendance rate).
 */
#include "cli.h"
#include "easel/app_group.h"

#include <stdio.h>
#include <string.h>

int cmd_group_report(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "", &o);
    if (rc)
        return rc;
    if (o.n_args != 2 || strcmp(o.args[1], "attendance") != 0)
        return cli_usage("group report REF attendance");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_app_attendance r;
    struct easel_error err = {0};
    rc = easel_app_group_attendance(&s, o.args[0], &a, &r, &err);
    if (!rc) {
        printf("member\tname\tfrom\tto\theld\tattended\tlate\tleft-early\tabsent\tcancelled\t"
               "minutes\treason\n");
        for (size_t i = 0; i < r.n; i++) {
            const struct easel_app_attendance_row *w = &r.rows[i];
            printf("%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%lld\t%s\n", w->ref, w->name,
                   w->start_date, w->end_date ? w->end_date : "-", w->held, w->attended, w->late,
                   w->left_early, w->absent, w->cancelled, (long long)w->minutes,
                   w->end_reason ? w->end_reason : "");
        }
        int pct = r.expected_total ? (int)(100L * r.present_total / r.expected_total) : 0;
        printf("program: %d sessions documented, %d signed; %d of %zu memberships attended at "
               "least once; attendance %d %% (%d of %d)\n",
               r.sessions, r.signed_sessions, r.any, r.n, pct, r.present_total, r.expected_total);
    }
    easel_arena_release(&a);
    easel_store_close(&s);
    return rc ? cli_error(&err) : EXIT_OK;
}
