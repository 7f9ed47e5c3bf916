/*
 * web/api_fhir.c — GET /api/v1/clients/{ref}/fhir: the client's record as one FHIR R4 Bundle
 * (application/fhir+json, a download), the same bytes as `easel fhir export` (the FHIR layer,
 * easel/fhir.h, which alone decides what is mapped and leaves out artworks without record
 * consent). The export is audited by the layer.
 *
 * Owns: the Bundle until the server hands it to libmicrohttpd. Borrows: the request's store
 * connection and the shared KB.
 * Fails: 400 for any query parameter; 403 off the care team; 404 unknown client; 500/503 as
 * other handlers.
 */
#include "easel/fhir.h"
#include "web_int.h"

#include <stdio.h>

#define FHIR_MAX ((size_t)1 << 30)

int web_fhir(struct web_req *r)
{
    static const char *const params[] = {NULL};
    if (!web_only_params(r, params))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_error err = {0};
    easel_buf_init(&r->raw, FHIR_MAX);
    if (easel_fhir_export_client(r->st, r->srv->kb, id, &r->raw, &err)) {
        easel_buf_release(&r->raw);
        return web_store_error(r, &err);
    }
    r->raw_type = "application/fhir+json; charset=utf-8";
    /* the file name carries the client's reference ([a-z0-9-], no quoting needed), never a
       name */
    snprintf(r->raw_disposition, sizeof(r->raw_disposition), "attachment; filename=fhir-%.64s.json",
             r->route.ref);
    r->status = 200;
    return 200;
}
