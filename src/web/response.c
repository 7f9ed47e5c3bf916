/*
 * web/response.c — how an answer is built, for the handlers and the server alike: a JSON answer,
 * an error ({"error": ..., "field": ...}, or on a FHIR route an OperationOutcome), a store error
 * mapped to its status (the one table of EASEL_E* to HTTP), the request body read as a JSON
 * object of known fields, and the security headers every response carries.
 *
 * Owns: nothing of its own; the answer it sets belongs to the request (web_int.h).
 * Borrows: the request during each call.
 * Fails: never; a missing answer (out of memory) becomes status 500, sent as
 * {"error": "internal error"} by the server.
 */
#include "response.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char csp[] =
    "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'";

int web_answer(struct web_req *r, int status, json_t *v)
{
    json_decref(r->answer);
    free(r->answer_text);
    r->answer_text = NULL;
    r->answer = v;
    r->status = v ? status : 500;
    return r->status;
}

int web_answer_written(struct web_req *r, int status, struct web_jw *w)
{
    json_decref(r->answer);
    r->answer = NULL;
    free(r->answer_text);
    r->answer_text = web_jw_finish(w, NULL);
    r->status = r->answer_text ? status : 500;
    return r->status;
}

int web_error(struct web_req *r, int status, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (r->route.api == EASEL_API_FHIR)
        return web_fhir_error(r, status, field, msg);
    json_t *e = json_pack("{s:s}", "error", msg);
    if (e && field && *field)
        json_object_set_new(e, "field", json_string(field));
    web_answer(r, status, e);
    return r->status;
}

int web_store_error(struct web_req *r, const struct easel_error *err)
{
    switch (err->code) {
    case EASEL_EINVAL:
        return web_error(r, 400, err->field, "%s", err->msg);
    case EASEL_ENOTFOUND:
        return web_error(r, 404, err->field, "%s", err->msg);
    case EASEL_ECONFLICT:
    case EASEL_EREADONLY:
        return web_error(r, 409, err->field, "%s", err->msg);
    case EASEL_ETOOBIG:
        return web_error(r, 413, err->field, "%s", err->msg);
    case EASEL_EDB:
        return web_error(r, 503, NULL, "the database is unavailable; try again");
    default:
        return web_error(r, 500, NULL, "internal error");
    }
}

json_t *web_body_object(struct web_req *r, const char *const *allowed)
{
    const char *ct = r->content_type;
    if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';')) {
        web_error(r, 415, "Content-Type", "the body must be application/json");
        return NULL;
    }
    json_error_t je;
    json_t *v = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        web_error(r, 400, NULL, "malformed JSON at line %d, column %d: %s", je.line, je.column,
                  je.text);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        web_error(r, 400, NULL, "the body must be a JSON object");
        return NULL;
    }
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            ok |= strcmp(key, allowed[i]) == 0;
        if (!ok) {
            /* the name is echoed only when it is short printable ASCII */
            bool plain = strlen(key) <= 64;
            for (const char *p = key; plain && *p; p++)
                plain = *p >= 0x20 && *p < 0x7f;
            web_error(r, 400, plain ? key : "(unprintable)", "unknown field");
            json_decref(v);
            return NULL;
        }
    }
    return v;
}

/* ---- the FHIR API's errors (fhir_api.c, docs/fhir.md) ---- */

int web_fhir_error(struct web_req *r, int status, const char *field, const char *msg)
{
    /* the issue type (http://hl7.org/fhir/issue-type) of each status */
    const char *code = status == 400   ? "invalid"
                       : status == 401 ? "login"
                       : status == 403 ? "forbidden"
                       : status == 404 ? "not-found"
                       : status == 405 ? "not-supported"
                       : status == 409 ? "conflict"
                       : status == 413 ? "too-long"
                       : status == 414 ? "too-long"
                       : status == 503 ? "transient"
                                       : "exception";
    char text[600];
    snprintf(text, sizeof(text), "%s%s%s", field && *field ? field : "",
             field && *field ? ": " : "",
             status == 405 ? "the FHIR API is read-only: GET is the only method" : msg);
    r->answer_type = WEB_FHIR_JSON;
    r->cache_control = "no-store";
    if (status == 401)
        r->www_authenticate = "Bearer realm=\"easel FHIR API\"";
    return web_answer(r, status,
                      json_pack("{s:s,s:[{s:s,s:s,s:s}]}", "resourceType", "OperationOutcome",
                                "issue", "severity", "error", "code", code, "diagnostics", text));
}

void web_security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}
