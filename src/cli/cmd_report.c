/*
 * cli/cmd_report.c — `easel report plan|client-plan|progress|summary|discharge|supplies CLIENT
 * --format pdf|html|csv --out FILE [--from D --to D] [--date D] [--version N]`: a clinical
 * document from the record (docs/documents.md). The model is gathered by the app layer
 * (easel/report_data.h), drawn by the render layer (easel/report.h) into memory, then written
 * with easel_file_write_atomic: a failure at any step leaves no file behind.
 *
 * Exit codes (docs/cli.md): 2 usage (unknown kind or format, a malformed date, --from/--to on a
 * document that covers the whole record), 3 invalid input (from after to, a period over 10 years),
 * 5 the output cannot be written, 6 unknown client or no plan.
 */
#include "cli.h"
#include "easel/plan.h"
#include "easel/report.h"
#include "easel/report_data.h"
#include "easel/store.h"
#include "easel/util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define REPORT_MAX ((size_t)512 * 1024 * 1024)

static const char usage[] = "report plan|client-plan|progress|summary|discharge|supplies CLIENT "
                            "--format pdf|html|csv --out FILE [--from YYYY-MM-DD --to YYYY-MM-DD] "
                            "[--date YYYY-MM-DD] [--version N]";

static int date_opt(const struct cli_opts *o, const char *name)
{
    const char *v = cli_opt(o, name);
    int64_t days;
    if (v && easel_date_parse(v, &days))
        return cli_usage("--%s must be a date YYYY-MM-DD, got \"%s\"", name, v);
    return EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "format out from to date version", &o);
    if (rc)
        return rc;
    if (o.n_args != 2)
        return cli_usage(usage);
    int kind = easel_report_kind_parse(o.args[0]);
    if (kind == EASEL_REPORT_GROUP)
        return cli_usage("a group program's summary: easel group report REF summary");
    if (kind < 0)
        return cli_usage("unknown document \"%s\": %s", o.args[0], usage);
    int fmt = easel_report_format_parse(o.format ? o.format : "pdf");
    if (fmt < 0 || (fmt == EASEL_REPORT_CSV && kind != EASEL_REPORT_SUPPLIES))
        return cli_usage("--format must be pdf or html%s",
                         kind == EASEL_REPORT_SUPPLIES ? " or csv" : "");
    const char *out = cli_opt(&o, "out");
    if (!out || !*out)
        return cli_usage("--out FILE is required: %s", usage);
    if ((cli_opt(&o, "from") || cli_opt(&o, "to")) && kind != EASEL_REPORT_PROGRESS)
        return cli_usage("--from and --to are for the progress report; the %s covers the whole "
                         "record",
                         o.args[0]);
    if ((rc = date_opt(&o, "from")) || (rc = date_opt(&o, "to")) || (rc = date_opt(&o, "date")))
        return rc;
    long version = 0;
    if ((rc = cli_opt_int(&o, "version", 1, 1000000, &version)) != 0)
        return rc;
    char today[11];
    const char *date = cli_opt(&o, "date");
    if (!date) {
        easel_date_format((int64_t)(time(NULL) / 86400), today);
        date = today;
    }
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    struct easel_report_request q = {.kind = (enum easel_report_kind)kind,
                                     .client_ref = o.args[1],
                                     .from = cli_opt(&o, "from"),
                                     .to = cli_opt(&o, "to"),
                                     .date = date,
                                     .plan_version = version};
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_report r;
    struct easel_buf doc;
    easel_buf_init(&doc, REPORT_MAX);
    struct easel_error err = {0};
    double grade = 0;
    if (easel_report_gather(&s, &kb, &q, &a, &r, &err) ||
        easel_report_write(&r, (enum easel_report_format)fmt, &doc, &err) ||
        (kind == EASEL_REPORT_CLIENT_PLAN && easel_report_grade(&r, &grade, &err)) ||
        easel_file_write_atomic(out, doc.data ? doc.data : "", doc.len, &err)) {
        rc = cli_error(&err);
    } else {
        printf("wrote %s: %s, %s, %zu bytes", out, o.args[0], o.format ? o.format : "pdf", doc.len);
        if (kind == EASEL_REPORT_CLIENT_PLAN)
            printf("; reading grade %.2f (Flesch-Kincaid)", grade);
        printf("\n");
    }
    easel_buf_release(&doc);
    easel_arena_release(&a);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}
