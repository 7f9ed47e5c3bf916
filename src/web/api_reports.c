/*
 * web/api_reports.c — GET /api/v1/clients/{ref}/report?kind=K&format=F[&from=&to=&version=]:
 * the documents of `easel report` (docs/documents.md) as a download. The model comes from the
 * app layer's gatherer (easel/report_data.h, which alone decides which artworks a document may
 * show), the bytes from the render layer (easel/report.h, which serialises its own drawing), the
 * same code the command line uses; nothing is written to disk on the server.
 *
 * Owns: the rendered bytes until the server hands them to libmicrohttpd. Borrows: the request's
 * store connection and the shared KB.
 * Fails: 400 naming kind, format, from, to or version; 403 off the care team; 404 when the
 * document needs a plan and there is none; 500/503 as other handlers.
 */
#include "easel/plan.h"
#include "easel/report.h"
#include "easel/report_data.h"
#include "easel/app_group.h"
#include "easel/store_group.h"
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define REPORT_MAX ((size_t)256 * 1024 * 1024)

static const char *mime_of(enum easel_report_format f)
{
    switch (f) {
    case EASEL_REPORT_PDF:
        return "application/pdf";
    case EASEL_REPORT_HTML:
        return "text/html; charset=utf-8";
    case EASEL_REPORT_CSV:
        return "text/csv; charset=utf-8";
    }
    return "application/octet-stream";
}

static bool date_param(struct web_req *r, const char *key)
{
    const char *v = easel_query_get(&r->query, key);
    int64_t days;
    if (v && easel_date_parse(v, &days)) {
        web_error(r, 400, key, "must be a date YYYY-MM-DD");
        return false;
    }
    return true;
}

int web_report(struct web_req *r)
{
    static const char *const params[] = {"kind", "format", "from", "to", "version", NULL};
    if (!web_only_params(r, params))
        return r->status;
    const char *kind_s = easel_query_get(&r->query, "kind");
    const char *fmt_s = easel_query_get(&r->query, "format");
    int kind = kind_s ? easel_report_kind_parse(kind_s) : -1;
    if (kind < 0 || kind == EASEL_REPORT_GROUP)
        return web_error(r, 400, "kind",
                         "must be plan, client-plan, progress, summary, discharge or supplies");
    int fmt = easel_report_format_parse(fmt_s ? fmt_s : "pdf");
    if (fmt < 0 || (fmt == EASEL_REPORT_CSV && kind != EASEL_REPORT_SUPPLIES))
        return web_error(r, 400, "format", "must be pdf or html%s",
                         kind == EASEL_REPORT_SUPPLIES ? " or csv" : "");
    bool period = easel_query_get(&r->query, "from") || easel_query_get(&r->query, "to");
    if (period && kind != EASEL_REPORT_PROGRESS)
        return web_error(r, 400, easel_query_get(&r->query, "from") ? "from" : "to",
                         "a period is only for the progress report");
    long version = 0;
    if (!date_param(r, "from") || !date_param(r, "to") ||
        !web_int_param(r, "version", 1, 1000000, &version))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;

    char today[11];
    easel_date_format((int64_t)(time(NULL) / 86400), today);
    struct easel_report_request q = {.kind = (enum easel_report_kind)kind,
                                     .client_ref = r->route.ref,
                                     .from = easel_query_get(&r->query, "from"),
                                     .to = easel_query_get(&r->query, "to"),
                                     .date = today,
                                     .plan_version = version};
    struct easel_report rep;
    struct easel_error err = {0};
    if (easel_report_gather(r->st, r->srv->kb, &q, &r->arena, &rep, &err))
        return web_store_error(r, &err);
    easel_buf_init(&r->raw, REPORT_MAX);
    if (easel_report_write(&rep, (enum easel_report_format)fmt, &r->raw, &err)) {
        easel_buf_release(&r->raw);
        return web_store_error(r, &err);
    }
    static const char *const ext[] = {"pdf", "html", "csv"};
    r->raw_type = mime_of((enum easel_report_format)fmt);
    /* the file name carries the document kind and the client's reference, never a name */
    snprintf(r->raw_disposition, sizeof(r->raw_disposition), "attachment; filename=\"%s-%s.%s\"",
             kind_s, r->route.ref, ext[fmt]);
    r->status = 200;
    return 200;
}

int web_group_report(struct web_req *r)
{
    static const char *const params[] = {"kind", "format", NULL};
    if (!web_only_params(r, params))
        return r->status;
    const char *kind_s = easel_query_get(&r->query, "kind");
    const char *fmt_s = easel_query_get(&r->query, "format");
    int kind = !kind_s                           ? -1
               : strcmp(kind_s, "summary") == 0  ? EASEL_REPORT_GROUP
               : strcmp(kind_s, "supplies") == 0 ? EASEL_REPORT_SUPPLIES
                                                 : -1;
    if (kind < 0)
        return web_error(r, 400, "kind", "must be summary or supplies");
    int fmt = easel_report_format_parse(fmt_s ? fmt_s : "pdf");
    if (fmt < 0 || (fmt == EASEL_REPORT_CSV && kind != EASEL_REPORT_SUPPLIES))
        return web_error(r, 400, "format", "must be pdf or html%s",
                         kind == EASEL_REPORT_SUPPLIES ? " or csv" : "");
    struct easel_group_program g;
    if (web_group_authorize(r, &g))
        return r->status;
    char today[11];
    easel_date_format((int64_t)(time(NULL) / 86400), today);
    struct easel_report rep;
    struct easel_error err = {0};
    if (easel_app_group_report(r->st, r->srv->kb, g.ref, kind, today, &r->arena, &rep, &err))
        return web_store_error(r, &err);
    easel_buf_init(&r->raw, REPORT_MAX);
    if (easel_report_write(&rep, (enum easel_report_format)fmt, &r->raw, &err)) {
        easel_buf_release(&r->raw);
        return web_store_error(r, &err);
    }
    static const char *const ext[] = {"pdf", "html", "csv"};
    r->raw_type = mime_of((enum easel_report_format)fmt);
    snprintf(r->raw_disposition, sizeof(r->raw_disposition),
             "attachment; filename=\"group-%s-%s.%s\"", kind_s, g.ref, ext[fmt]);
    r->status = 200;
    return 200;
}
