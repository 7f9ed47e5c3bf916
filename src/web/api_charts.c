/*
 * web/api_charts.c — GET /api/v1/clients/{ref}/charts/{kind}[?instrument=ID]: a chart of the
 * client record as SVG (image/svg+xml) for the browser's <img>. The model comes from the app
 * layer (easel_app_chart, include/easel/app_charts.h), the drawing from the render layer
 * (easel_chart_write), so the browser, PNG and PDF show the same picture (issue 6).
 *
 * Threads: the render layer draws one chart at a time per process under its own lock
 * (docs/render.md), so nothing here locks; the store reads and the model building run before
 * it, in parallel on the server's workers.
 *
 * Who: any member of the client's care team (as every read); the store audits the reads.
 * Owns: the SVG bytes until the server sends them (r->raw). Borrows: the request, the KB.
 * Fails: 400 "instrument" (missing for a measure chart, unknown, or given for another kind),
 * 404 "kind" (no such chart), 403 (not on the team), 500/503 from the store or the renderer.
 */
#include "easel/app_charts.h"
#include "easel/render.h"
#include "handlers.h"

#include <string.h>

#define CHART_W 480.0 /* points; the browser scales the SVG to its box (up to 40rem) */
#define CHART_H 270.0
#define CHART_SVG_MAX ((size_t)8 * 1024 * 1024)

int web_chart(struct web_req *r)
{
    static const char *const params[] = {"instrument", NULL};
    if (!web_only_params(r, params))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    enum easel_record_chart kind;
    if (easel_record_chart_kind(r->route.name, &kind))
        return web_error(r, 404, "kind", "no such chart: measure, gas, objectives or attendance");
    const char *instrument = easel_query_get(&r->query, "instrument");
    if (kind == EASEL_RECORD_CHART_MEASURE &&
        (!instrument || easel_kb_instrument(r->srv->kb, instrument) < 0))
        return web_error(r, 400, "instrument",
                         instrument ? "not a KB instrument" : "name the instrument to chart");
    if (kind != EASEL_RECORD_CHART_MEASURE && instrument)
        return web_error(r, 400, "instrument", "only the measure chart takes an instrument");
    struct easel_chart c;
    struct easel_error err = {0};
    if (easel_app_chart(r->st, id, r->srv->kb, kind, instrument, &r->arena, &c, &err))
        return web_store_error(r, &err);
    easel_buf_init(&r->raw, CHART_SVG_MAX);
    int rc = easel_chart_write(&c, EASEL_IMG_SVG, CHART_W, CHART_H, &r->raw, &err);
    if (rc) {
        /* the model came from the record: a failure here is ours, not the caller's */
        err.code = rc == EASEL_EINVAL ? EASEL_EIO : rc;
        return web_store_error(r, &err);
    }
    r->raw_type = "image/svg+xml; charset=utf-8";
    r->status = 200;
    return r->status;
}
