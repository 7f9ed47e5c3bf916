/*
 * web/api_fhir.c — FHIR R4 exchange (docs/fhir.md):
 *   GET /api/v1/clients/{ref}/fhir: the client's record as one FHIR R4 Bundle
 *   (application/fhir+json, a download), the same bytes as `easel fhir export` (the FHIR layer,
 *   easel/fhir.h, which alone decides what is mapped and leaves out artworks without record
 *   consent). The export is audited by the layer.
 *   POST /api/v1/fhir/import?setting=S: a referral Bundle (the body, application/fhir+json or
 *   application/json, within the API's body limit) as a new client, its draft profile and its
 *   measures (easel_fhir_import_referral, as `easel fhir import`); the caller joins the new
 *   client's care team as "therapist", as with POST /clients. The answer is the report.
 *
 * Who: the export, the client's care team; the import, who may create clients (admin,
 * therapist), like POST /clients.
 * Owns: the Bundle until the server hands it to libmicrohttpd. Borrows: the request's store
 * connection and the shared KB.
 * Fails: export: 400 for any query parameter; 403 off the care team; 404 unknown client.
 * Import: 201 created, 200 already imported (nothing written); 400 naming the field (a
 * parameter, the setting, the Bundle's path), 403 for other roles, 409 when a concurrent import
 * of the same patient won, 415 for another content type. 500/503 as other handlers.
 */
#include "easel/fhir.h"
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FHIR_MAX ((size_t)1 << 30)

static bool fhir_json(const char *ct)
{
    static const char *const types[] = {"application/fhir+json", "application/json"};
    for (size_t i = 0; ct && i < 2; i++) {
        size_t n = strlen(types[i]);
        if (strncasecmp(ct, types[i], n) == 0 && (ct[n] == '\0' || ct[n] == ';'))
            return true;
    }
    return false;
}

static json_t *report_json(const struct easel_fhir_import *imp)
{
    const struct easel_fhir_referral *rf = &imp->referral;
    json_t *o = json_pack("{s:s, s:s}", "status", imp->created ? "created" : "already imported",
                          "client", imp->ref);
    if (!imp->created)
        return o;
    json_object_set_new(o, "setting", json_string(imp->setting));
    json_object_set_new(o, "profile_version",
                        imp->profile_version ? json_integer(imp->profile_version) : json_null());
    if (imp->profile_note)
        json_object_set_new(o, "profile_note", json_string(imp->profile_note));
    json_t *lists[3] = {json_array(), json_array(), json_array()};
    for (size_t i = 0; i < rf->n_items; i++) {
        const struct easel_fhir_report_item *it = &rf->items[i];
        json_array_append_new(
            lists[it->outcome],
            json_pack("{s:i, s:s, s:s, s:s}", "entry", it->entry, "resource", it->resource, "id",
                      it->id, it->outcome == EASEL_FHIR_MAPPED ? "to" : "reason", it->to));
    }
    json_object_set_new(o, "mapped", lists[EASEL_FHIR_MAPPED]);
    json_object_set_new(o, "not_understood", lists[EASEL_FHIR_NOT_UNDERSTOOD]);
    json_object_set_new(o, "not_stored", lists[EASEL_FHIR_NOT_STORED]);
    return o;
}

int web_fhir_import(struct web_req *r)
{
    static const char *const params[] = {"setting", NULL};
    if (!web_only_params(r, params))
        return r->status;
    if (!web_role_allowed(r))
        return web_refuse(r, 0, NULL, "only an administrator or a therapist may add clients");
    if (!fhir_json(r->content_type))
        return web_error(r, 415, "Content-Type",
                         "the body must be a FHIR Bundle: application/fhir+json or "
                         "application/json");
    const char *setting = easel_query_get(&r->query, "setting");
    if (!setting)
        return web_error(r, 400, "setting",
                         "the client's setting is required (?setting=ID; the knowledge base has "
                         "no default, and a setting's rules are safety rules)");
    struct easel_fhir_import imp;
    struct easel_error err = {0};
    if (easel_fhir_import_referral(r->st, r->srv->kb, r->body ? r->body : "",
                                   r->body ? r->body_len : 0, setting, r->sess.login, &imp, &err)) {
        easel_fhir_import_release(&imp);
        return web_store_error(r, &err);
    }
    web_answer(r, imp.created ? 201 : 200, report_json(&imp));
    easel_fhir_import_release(&imp);
    return r->status;
}

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
