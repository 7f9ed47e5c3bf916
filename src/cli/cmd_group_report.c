/*
 * cli/cmd_group_report.c — a group program's reports:
 *   group report REF attendance   attendance per membership (sessions held while a member,
 *                                 attended, late, left early, absent, cancelled, minutes) and
 *                                 for the program (documented and signed, came at least once,
 *                                 attendance rate), as text
 *   group report REF summary --out FILE [--format pdf|html]       the program summary for the
 *                                                                  clinical team
 *   group report REF supplies --out FILE [--format pdf|html|csv]  the supplies list, naming no
 *                                                                  member
 */
#include "cli.h"
#include "easel/app_group.h"
#include "easel/report.h"
#include "easel/util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int document(const struct cli_opts *o, int kind)
{
    int fmt = easel_report_format_parse(o->format ? o->format : "pdf");
    if (fmt < 0 || (fmt == EASEL_REPORT_CSV && kind != EASEL_REPORT_SUPPLIES))
        return cli_usage("--format must be pdf or html%s",
                         kind == EASEL_REPORT_SUPPLIES ? " or csv" : "");
    const char *file = cli_opt(o, "out");
    if (!file || !*file)
        return cli_usage("group report REF summary|supplies needs --out FILE");
    struct easel_kb kb;
    struct easel_store s;
    int rc = cli_open_kb_store(o, &kb, &s);
    if (rc)
        return rc;
    char today[11];
    easel_date_format((int64_t)(time(NULL) / 86400), today);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_report rep;
    struct easel_error err = {0};
    struct easel_buf out;
    easel_buf_init(&out, (size_t)256 * 1024 * 1024);
    rc = easel_app_group_report(&s, &kb, o->args[0], kind, today, &a, &rep, &err);
    if (!rc)
        rc = easel_report_write(&rep, (enum easel_report_format)fmt, &out, &err);
    if (!rc)
        rc = easel_file_write_atomic(file, out.data, out.len, &err);
    easel_buf_release(&out);
    easel_arena_release(&a);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc ? cli_error(&err) : EXIT_OK;
}

int cmd_group_report(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "format out", &o);
    if (rc)
        return rc;
    if (o.n_args == 2 && strcmp(o.args[1], "summary") == 0)
        return document(&o, EASEL_REPORT_GROUP);
    if (o.n_args == 2 && strcmp(o.args[1], "supplies") == 0)
        return document(&o, EASEL_REPORT_SUPPLIES);
    if (o.n_args != 2 || strcmp(o.args[1], "attendance") != 0)
        return cli_usage("group report REF attendance|summary|supplies [--format F --out FILE]");
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
