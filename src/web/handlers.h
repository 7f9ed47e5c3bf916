/*
 * web/handlers.h — internal to the web layer: the route handlers (api_*.c, fhir_api.c, and the
 * sign-in and sign-out of auth.c, declared in web_int.h) and the helpers they share
 * (api_common.c). routes.def names a handler for each route and method, routes.c is the one file
 * that takes them by name for the dispatch; the server includes none of this.
 *
 * Owns: nothing. Borrows: each handler the request during its call.
 * Fails: a handler never fails the server: it answers (r->status 4xx/5xx and an error body,
 * response.h) and returns r->status.
 */
#ifndef EASEL_WEB_HANDLERS_H
#define EASEL_WEB_HANDLERS_H

#include "response.h"
#include "web_int.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* api_common.c: what every handler shares */
/* 400 naming the first query parameter not in `allowed` (NULL-terminated; NULL: none). */
bool web_only_params(struct web_req *r, const char *const *allowed);
/* The whole-number query parameter `key` in [min, max] into *out (unchanged when absent);
   false after a 400 naming it. */
bool web_int_param(struct web_req *r, const char *key, long min, long max, long *out);
/* The care-team check every client route starts with: 0 with *id, or 403 (audited as
   "refused"); an unknown reference is 403 too, so references cannot be probed. */
int web_authorize(struct web_req *r, int64_t *id);
/* 403 (audited as "refused" on client id, 0 for none) with the message. */
int web_refuse(struct web_req *r, int64_t id, const char *field, const char *msg);
/* Whether the session's role is one of the space-separated `roles`. */
bool web_role_in(const struct web_req *r, const char *roles);
/* Whether the session's role may call the route's method: the roles of routes.def's WHO
   (r->route.roles; true when the row names none). */
bool web_role_allowed(const struct web_req *r);
/* A person's name for a login (what people read where a login was stored); the login itself
   when the account is gone, NULL for NULL. In the request's arena. */
const char *web_person_name(struct web_req *r, const char *login);
/* A whole number member of body in [min, max]: 0, or a 400 naming it (absent and required). */
int web_body_int(struct web_req *r, json_t *body, const char *key, bool required, long long min,
                 long long max, long long *out);
/* A text member of body of 1..max bytes (min 0 allows ""); NULL when absent. */
int web_body_str(struct web_req *r, json_t *body, const char *key, bool required, size_t min,
                 size_t max, const char **out);
json_t *web_client_json(const struct easel_client *c);
/* A store or app error whose field is prefixed (e.g. "note." + "progress[0].rating"). */
int web_store_error_in(struct web_req *r, const struct easel_error *err, const char *prefix);

/* api_users.c */
int web_me(struct web_req *r);
int web_users(struct web_req *r);
int web_team_post(struct web_req *r);
/* api_clients.c */
int web_clients(struct web_req *r);
int web_client(struct web_req *r);
int web_client_post(struct web_req *r);
int web_client_patch(struct web_req *r);
int web_profile(struct web_req *r);
/* api_measures.c */
void web_measure_write(struct web_jw *w, const struct easel_kb *kb,
                       const struct easel_measure_record *m);
int web_measure_post(struct web_req *r);
int web_progress(struct web_req *r);
int web_alert_ack(struct web_req *r);
int web_alerts(struct web_req *r);
/* api_plan.c */
int web_plan(struct web_req *r);
int web_plan_versions(struct web_req *r);
int web_plan_diff(struct web_req *r);
int web_plan_sign(struct web_req *r);
int web_plan_explain(struct web_req *r);
/* api_kb.c */
int web_kb(struct web_req *r);
/* api_sessions.c */
int web_session_record_post(struct web_req *r);
int web_session_record_get(struct web_req *r);
int web_session_record_put(struct web_req *r);
int web_session_sign(struct web_req *r);
/* GET, POST .../assessments (api_assessments.c) */
int web_assessments(struct web_req *r);
/* GET, PUT .../artworks/{id}/sheet (api_artworks.c) */
int web_artwork_sheet(struct web_req *r);
int web_session_template(struct web_req *r);
/* api_artworks.c */
json_t *web_artwork_json(const struct easel_artwork *a);
int web_artwork_upload(struct web_req *r);
/* Whether the session may add an artwork to the route's client (care team, clinical role): 0
   with *id, else the 403 answer; decided from the headers, before the upload's body is read. */
int web_artwork_upload_allowed(struct web_req *r, int64_t *id);
int web_artworks(struct web_req *r);
int web_artwork_image(struct web_req *r);
/* GET .../artworks/{id}/formal: the computer-assisted formal elements (never a FEATS score) */
int web_artwork_formal(struct web_req *r);
/* api_reports.c */
int web_report(struct web_req *r);
/* api_fhir.c (docs/fhir.md): GET /api/v1/clients/{ref}/fhir, the record as a FHIR R4 Bundle;
   POST /api/v1/fhir/import, a referral Bundle imported as a new client */
int web_fhir(struct web_req *r);
int web_fhir_import(struct web_req *r);
/* api_charts.c */
int web_chart(struct web_req *r);
/* fhir_api.c: the read-only FHIR API under /fhir/R4 (docs/fhir.md): API tokens only (no cookie
   session); every error of a FHIR route is an OperationOutcome (response.c) */
int web_fhir_api(struct web_req *r);
/* api_tokens.c: GET, POST /api/v1/tokens and DELETE /api/v1/tokens/{name} (administrators) */
int web_tokens(struct web_req *r);
int web_token_delete(struct web_req *r);

/* api_sessions.c */
int web_addendum_post(struct web_req *r);
/* api_groups.c: group programs (docs/groups.md), for their facilitators */
struct easel_group_program;
/* The program of the route, for one of its facilitators: 0, or 403 (audited; an unknown
   reference too). */
int web_group_authorize(struct web_req *r, struct easel_group_program *g);
/* api_reports.c: GET /groups/{ref}/report?kind=summary|supplies&format=pdf|html|csv */
int web_group_report(struct web_req *r);
int web_groups(struct web_req *r);
int web_group_post(struct web_req *r);
int web_group(struct web_req *r);
int web_group_members(struct web_req *r);
int web_group_plan(struct web_req *r);
int web_group_sessions(struct web_req *r);
int web_group_session_post(struct web_req *r);
int web_group_sign(struct web_req *r);
int web_group_attendance(struct web_req *r);
/* api_today.c: what is due today and this week, and what is still undocumented */
int web_today(struct web_req *r);

#endif
