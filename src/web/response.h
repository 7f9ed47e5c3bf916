/*
 * web/response.h — internal to the web layer: the helpers that build a request's answer
 * (response.c), shared by the handlers and the server.
 *
 * Owns: nothing; an answer set here belongs to the request (struct web_req, web_int.h).
 * Borrows: the request during each call.
 * Fails: these set r->status (a 4xx or 5xx for the errors) and return it; a JSON value they
 * cannot make is status 500.
 */
#ifndef EASEL_WEB_RESPONSE_H
#define EASEL_WEB_RESPONSE_H

#include "json_text.h"
#include "web_int.h"

#include <jansson.h>
#include <microhttpd.h>

/* The FHIR API's content type (docs/fhir.md). */
#define WEB_FHIR_JSON "application/fhir+json; charset=utf-8"

/* Set a JSON answer (takes the reference); returns status (500 when v is NULL). */
int web_answer(struct web_req *r, int status, json_t *v);
/* Set the answer a writer wrote (its text is taken, the writer emptied); 500 when the writer
   failed. For the hot answers that skip the jansson tree (the chart). */
int web_answer_written(struct web_req *r, int status, struct web_jw *w);
/* Set an error answer; returns status. field may be NULL. On a FHIR route (r->route.api) the
   answer is an OperationOutcome (web_fhir_error). */
int web_error(struct web_req *r, int status, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Map a store error (EASEL_E*) to a status and answer; logs nothing about its content. */
int web_store_error(struct web_req *r, const struct easel_error *err);
/* The request body as a JSON object whose keys are all in `allowed` (NULL-terminated): NULL
   after setting 400 (malformed JSON with line and column, not an object, unknown field) or 415
   (not application/json). The caller owns the returned reference. */
json_t *web_body_object(struct web_req *r, const char *const *allowed);
/* An error of a FHIR route as an OperationOutcome (application/fhir+json; 401 with
   WWW-Authenticate: Bearer); returns status. */
int web_fhir_error(struct web_req *r, int status, const char *field, const char *msg);
/* The security headers every answer carries (CSP, nosniff, referrer, frame): the API's and the
   embedded client's (static.c). */
void web_security_headers(struct MHD_Response *resp);

#endif
