/*
 * web/fhir_api.c — the read-only FHIR R4 API for other systems under /fhir/R4 (docs/fhir.md
 * "The FHIR API", docs/api.md): metadata (the CapabilityStatement, no token needed),
 * Patient/{id}, Patient?_id|identifier|name, Patient/{id}/$everything, CarePlan?patient=,
 * Goal?patient=, Observation?patient=[&code=]. The resources are the FHIR layer's
 * (easel/fhir.h); this file authenticates, resolves which client a request names, and answers.
 *
 * Who: a system holding an API token (Authorization: Bearer easel_...; easel/app_token.h), never
 * a cookie session. The token reads only the clients it was granted: a Patient id outside its
 * grants is 404 exactly like one that does not exist, and a search naming one finds nothing. The
 * store's actor is "token:NAME", so every read lands in the audit log under the token's name,
 * with "fhir-read" of each client read and "refused" for a Patient it may not see.
 *
 * Errors (every one an OperationOutcome, application/fhir+json, built by web_fhir_error in
 * response.c, which web_error calls on every FHIR route): 401 no, unknown or revoked token
 * (WWW-Authenticate: Bearer); 400 an unsupported or malformed search parameter; 404 unknown
 * endpoint or Patient; 405 any method but GET; 500/503 as elsewhere.
 *
 * Owns: the answer until the server hands it to libmicrohttpd. Borrows: the request's store
 * connection and the KB. Never logs a token, a reference or a query.
 */
#include "easel/app_token.h"
#include "easel/fhir.h"
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define ANSWER_MAX ((size_t)1 << 30)

/* ---- the token ---- */

static int authenticate(struct web_req *r, struct easel_api_token *t)
{
    const char *h = r->authorization;
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return web_error(r, 401, NULL,
                         "an API token is required (Authorization: Bearer TOKEN); cookie "
                         "sessions are not accepted here");
    const char *token = h + 7;
    while (*token == ' ')
        token++;
    char hash[65];
    struct easel_error err = {0};
    int rc = EASEL_ENOTFOUND;
    if (easel_app_token_shape(token)) {
        easel_app_token_hash(token, hash);
        rc = easel_token_use(r->st, hash, &r->arena, t, &err);
    }
    if (rc == EASEL_ENOTFOUND)
        return web_error(r, 401, NULL, "the API token is unknown or revoked");
    if (rc)
        return web_store_error(r, &err);
    if (strcmp(t->scope, EASEL_TOKEN_SCOPE_FHIR_READ) != 0)
        return web_error(r, 403, NULL, "the API token's scope does not cover reading FHIR");
    snprintf(r->st->actor, sizeof(r->st->actor), "token:%s", t->name);
    return 0;
}

/* The granted client whose Patient id is `id` (index into the grants), or -1. */
static long granted(const struct easel_api_token *t, const char *id)
{
    for (size_t i = 0; id && i < t->n_clients; i++) {
        char pid[37];
        easel_fhir_patient_id(t->refs[i], pid);
        if (strcmp(pid, id) == 0)
            return (long)i;
    }
    return -1;
}

/* A Patient this token may not see (or that does not exist): audited, nothing revealed. */
static void refused(struct web_req *r)
{
    struct easel_error err = {0};
    easel_store_audit(r->st, "refused", "client", 0, &err);
}

/* ---- addressing ---- */

/* The API's base URL from the Host header (and X-Forwarded-Proto when a reverse proxy sets it
   to https): fullUrls and links point back at the address the caller used. */
static const char *base_url(struct web_req *r)
{
    const char *host = r->host;
    size_t n = host ? strlen(host) : 0;
    bool ok = n > 0 && n <= 255;
    for (size_t i = 0; ok && i < n; i++) {
        char c = host[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    }
    bool https = r->forwarded_proto && strcasecmp(r->forwarded_proto, "https") == 0;
    return easel_arena_printf(&r->arena, "%s://%s/fhir/R4", https ? "https" : "http",
                              ok ? host : "localhost");
}

/* The request after base/, its query re-encoded (RFC 3986 unreserved characters kept). */
static const char *self_of(struct web_req *r, const char *path)
{
    struct easel_buf b;
    easel_buf_init(&b, 8192);
    easel_buf_puts(&b, path);
    for (size_t i = 0; i < r->query.n; i++) {
        easel_buf_printf(&b, "%c%s=", i ? '&' : '?', r->query.p[i].key);
        for (const unsigned char *v = (const unsigned char *)r->query.p[i].value; *v; v++) {
            if ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9') ||
                *v == '-' || *v == '.' || *v == '_' || *v == '~')
                easel_buf_printf(&b, "%c", *v);
            else
                easel_buf_printf(&b, "%%%02X", *v);
        }
    }
    const char *out = b.failed ? path : easel_arena_strdup(&r->arena, b.data);
    easel_buf_release(&b);
    return out;
}

/* "SYSTEM|VALUE" into its parts (system NULL when there is no '|'), in the arena. */
static void split_token(struct web_req *r, const char *v, const char **system, const char **value)
{
    const char *bar = strchr(v, '|');
    *system = bar ? easel_arena_printf(&r->arena, "%.*s", (int)(bar - v), v) : NULL;
    *value = bar ? bar + 1 : v;
}

/* A search parameter that must not be empty; false after a 400. */
static bool param(struct web_req *r, const char *key, bool required, const char **out)
{
    *out = easel_query_get(&r->query, key);
    if ((*out && !**out) || (!*out && required)) {
        web_error(r, 400, key, "%s", *out ? "must not be empty" : "is required");
        return false;
    }
    return true;
}

/* ---- answers ---- */

static int answer(struct web_req *r, int rc, const struct easel_error *err)
{
    if (rc) {
        easel_buf_release(&r->raw);
        return web_store_error(r, err);
    }
    r->raw_type = WEB_FHIR_JSON;
    r->cache_control = "no-store";
    r->status = 200;
    return 200;
}

static int search(struct web_req *r, const struct easel_api_token *t, const char *type)
{
    static const char *const patient_params[] = {"_id", "identifier", "name", "_format", NULL};
    static const char *const by_patient[] = {"patient", "_format", NULL};
    static const char *const observation[] = {"patient", "code", "_format", NULL};
    bool is_patient = strcmp(type, "Patient") == 0, is_obs = strcmp(type, "Observation") == 0;
    if (!web_only_params(r, is_patient ? patient_params : is_obs ? observation : by_patient))
        return r->status;
    struct easel_fhir_search q = {.base = base_url(r), .self = self_of(r, type), .type = type};
    const char *identifier, *patient = NULL, *code;
    if (!param(r, "_id", false, &q.id) || !param(r, "identifier", false, &identifier) ||
        !param(r, "name", false, &q.name) || !param(r, "patient", !is_patient, &patient) ||
        !param(r, "code", false, &code))
        return r->status;
    if (identifier)
        split_token(r, identifier, &q.identifier_system, &q.identifier);
    if (code)
        split_token(r, code, &q.code_system, &q.code);
    const int64_t *clients = t->clients;
    const char *const *refs = t->refs;
    size_t n = t->n_clients;
    if (patient) {
        /* Patient/ID or ID: one of the token's clients, else nothing matches */
        long k = granted(t, strncmp(patient, "Patient/", 8) == 0 ? patient + 8 : patient);
        if (k < 0)
            refused(r);
        clients = k >= 0 ? &t->clients[k] : NULL;
        refs = k >= 0 ? &t->refs[k] : NULL;
        n = k >= 0 ? 1 : 0;
    }
    struct easel_error err = {0};
    easel_buf_init(&r->raw, ANSWER_MAX);
    return answer(r, easel_fhir_search(r->st, r->srv->kb, clients, refs, n, &q, &r->raw, &err),
                  &err);
}

int web_fhir_api(struct web_req *r)
{
    static const char *const format_only[] = {"_format", NULL};
    enum easel_route_id id = r->route.id;
    if (id == EASEL_ROUTE_FHIR_UNKNOWN)
        return web_error(r, 404, NULL,
                         "no such endpoint: this API serves metadata, Patient, "
                         "Patient/ID/$everything, CarePlan, Goal and Observation under /fhir/R4");
    const char *format = easel_query_get(&r->query, "_format");
    if (format && strcmp(format, "json") != 0 && strcmp(format, "application/json") != 0 &&
        strcmp(format, "application/fhir+json") != 0)
        return web_error(r, 400, "_format", "only JSON is served");
    struct easel_error err = {0};
    if (id == EASEL_ROUTE_FHIR_METADATA) {
        if (!web_only_params(r, format_only))
            return r->status;
        easel_buf_init(&r->raw, ANSWER_MAX);
        return answer(r, easel_fhir_capability(base_url(r), &r->raw, &err), &err);
    }
    struct easel_api_token t;
    if (authenticate(r, &t))
        return r->status;
    switch (id) {
    case EASEL_ROUTE_FHIR_PATIENTS:
        return search(r, &t, "Patient");
    case EASEL_ROUTE_FHIR_CAREPLANS:
        return search(r, &t, "CarePlan");
    case EASEL_ROUTE_FHIR_GOALS:
        return search(r, &t, "Goal");
    case EASEL_ROUTE_FHIR_OBSERVATIONS:
        return search(r, &t, "Observation");
    default:
        break;
    }
    /* Patient/{id} and Patient/{id}/$everything */
    if (!web_only_params(r, format_only))
        return r->status;
    long k = granted(&t, r->route.ref);
    if (k < 0) {
        refused(r);
        return web_error(r, 404, NULL, "no Patient with this id");
    }
    easel_buf_init(&r->raw, ANSWER_MAX);
    if (id == EASEL_ROUTE_FHIR_PATIENT)
        return answer(r, easel_fhir_read_patient(r->st, r->srv->kb, t.clients[k], &r->raw, &err),
                      &err);
    struct easel_fhir_search q = {
        .base = base_url(r),
        .self = self_of(r, easel_arena_printf(&r->arena, "Patient/%s/$everything", r->route.ref))};
    return answer(
        r, easel_fhir_search(r->st, r->srv->kb, &t.clients[k], &t.refs[k], 1, &q, &r->raw, &err),
        &err);
}
