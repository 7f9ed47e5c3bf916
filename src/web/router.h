/*
 * web/router.h — internal to the web layer (and its fuzz harness): a pure function from
 * (method, path) to a route and its path parameter, and a bounded query-string parser.
 *
 * Owns: nothing; results are written into caller memory (fixed-size fields, no allocation).
 * Borrows: method, path and query text only during the call.
 * Fails: easel_route_match returns the HTTP status: 200 (matched), 404 (no such path) or 405
 * (the path exists, the method does not: `allow` lists the methods). easel_query_parse returns
 * 0, or -1 with `field` naming the offending parameter (or "query").
 */
#ifndef EASEL_WEB_ROUTER_H
#define EASEL_WEB_ROUTER_H

#include <stddef.h>

enum easel_route_id {
    EASEL_ROUTE_NONE,
    EASEL_ROUTE_SESSION,          /* POST, DELETE /api/v1/session */
    EASEL_ROUTE_ME,               /* GET /api/v1/me */
    EASEL_ROUTE_CLIENTS,          /* GET, POST /api/v1/clients */
    EASEL_ROUTE_CLIENT,           /* GET, PATCH /api/v1/clients/{ref} */
    EASEL_ROUTE_MEASURES,         /* POST /api/v1/clients/{ref}/measures */
    EASEL_ROUTE_PROGRESS,         /* GET /api/v1/clients/{ref}/progress */
    EASEL_ROUTE_PROFILE,          /* GET, PUT /api/v1/clients/{ref}/profile */
    EASEL_ROUTE_PLAN,             /* GET, POST, PUT /api/v1/clients/{ref}/plan */
    EASEL_ROUTE_PLAN_VERSIONS,    /* GET .../plan/versions */
    EASEL_ROUTE_PLAN_DIFF,        /* GET .../plan/diff */
    EASEL_ROUTE_PLAN_SIGN,        /* POST .../plan/sign */
    EASEL_ROUTE_PLAN_COSIGN,      /* POST .../plan/cosign */
    EASEL_ROUTE_PLAN_EXPLAIN,     /* GET .../plan/explain */
    EASEL_ROUTE_KB_INTERVENTIONS, /* GET /api/v1/kb/interventions */
    EASEL_ROUTE_KB_SETTINGS,      /* GET /api/v1/kb/settings */
    EASEL_ROUTE_KB_INSTRUMENTS,   /* GET /api/v1/kb/instruments */
    EASEL_ROUTE_KB_MEDIA,         /* GET /api/v1/kb/media */
    EASEL_ROUTE_SESSIONS,         /* POST /api/v1/clients/{ref}/sessions */
    EASEL_ROUTE_SESSION_ONE,      /* GET, PUT /api/v1/clients/{ref}/sessions/{id} */
    EASEL_ROUTE_SESSION_TEMPLATE, /* GET /api/v1/clients/{ref}/session-template */
    EASEL_ROUTE_ARTWORK_UPLOAD,   /* POST /api/v1/clients/{ref}/sessions/{id}/artworks */
    EASEL_ROUTE_ARTWORKS,         /* GET /api/v1/clients/{ref}/artworks */
    EASEL_ROUTE_ARTWORK_IMAGE,    /* GET /api/v1/clients/{ref}/artworks/{id}/image */
    EASEL_ROUTE_ALERTS_ACK,       /* POST /api/v1/clients/{ref}/alerts/ack */
    EASEL_ROUTE_ALERTS,           /* GET /api/v1/alerts */
    EASEL_ROUTE_USERS,            /* GET, POST /api/v1/users */
    EASEL_ROUTE_TEAM,             /* POST /api/v1/clients/{ref}/team */
    EASEL_ROUTE_REPORT,           /* GET /api/v1/clients/{ref}/report */
    EASEL_ROUTE_CHART,            /* GET /api/v1/clients/{ref}/charts/{name} */
    EASEL_ROUTE_ADDENDA,          /* POST /api/v1/clients/{ref}/sessions/{id}/addenda */
    EASEL_ROUTE_GROUPS,           /* GET, POST /api/v1/groups */
    EASEL_ROUTE_GROUP,            /* GET /api/v1/groups/{ref} (ref: the program's) */
    EASEL_ROUTE_GROUP_MEMBERS,    /* POST /api/v1/groups/{ref}/members */
    EASEL_ROUTE_GROUP_PLAN,       /* GET /api/v1/groups/{ref}/plan */
    EASEL_ROUTE_GROUP_SESSIONS,   /* GET, POST /api/v1/groups/{ref}/sessions */
    EASEL_ROUTE_GROUP_SIGN,       /* POST /api/v1/groups/{ref}/sessions/{number}/sign */
    EASEL_ROUTE_GROUP_ATTENDANCE, /* GET /api/v1/groups/{ref}/attendance */
    EASEL_ROUTE_TODAY,            /* GET /api/v1/today */
    EASEL_ROUTE_GROUP_REPORT,     /* GET /api/v1/groups/{ref}/report */
    EASEL_ROUTE_GROUP_COSIGN,     /* POST /api/v1/groups/{ref}/sessions/{number}/cosign */
    EASEL_ROUTE_ARTWORK_FORMAL,   /* GET /api/v1/clients/{ref}/artworks/{id}/formal */
    EASEL_ROUTE_SESSION_SIGN,     /* POST /api/v1/clients/{ref}/sessions/{id}/sign */
    EASEL_ROUTE_ASSESSMENTS,      /* GET, POST /api/v1/clients/{ref}/assessments */
    EASEL_ROUTE_ARTWORK_SHEET,    /* GET, PUT /api/v1/clients/{ref}/artworks/{id}/sheet */
    EASEL_ROUTE_KB_PROBLEMS,      /* GET /api/v1/kb/problems */
    EASEL_ROUTE_KB_VOCAB,         /* GET /api/v1/kb/vocab */
    EASEL_ROUTE_FHIR,             /* GET /api/v1/clients/{ref}/fhir, POST /api/v1/fhir/import */
    EASEL_ROUTE_TOKENS,           /* GET, POST /api/v1/tokens */
    EASEL_ROUTE_TOKEN,            /* DELETE /api/v1/tokens/{name} */
    /* the read-only FHIR API (src/web/fhir_api.c): every path under /fhir, GET only */
    EASEL_ROUTE_FHIR_METADATA,     /* GET /fhir/R4/metadata */
    EASEL_ROUTE_FHIR_PATIENT,      /* GET /fhir/R4/Patient/{id} (ref: the id) */
    EASEL_ROUTE_FHIR_PATIENTS,     /* GET /fhir/R4/Patient?... */
    EASEL_ROUTE_FHIR_EVERYTHING,   /* GET /fhir/R4/Patient/{id}/$everything */
    EASEL_ROUTE_FHIR_CAREPLANS,    /* GET /fhir/R4/CarePlan?patient= */
    EASEL_ROUTE_FHIR_GOALS,        /* GET /fhir/R4/Goal?patient= */
    EASEL_ROUTE_FHIR_OBSERVATIONS, /* GET /fhir/R4/Observation?patient=[&code=] */
    EASEL_ROUTE_FHIR_UNKNOWN       /* any other path under /fhir: 404 OperationOutcome */
};

/* Whether a route belongs to the FHIR API (bearer tokens, OperationOutcome errors). */
#define EASEL_ROUTE_IS_FHIR(id)                                                                    \
    ((id) >= EASEL_ROUTE_FHIR_METADATA && (id) <= EASEL_ROUTE_FHIR_UNKNOWN)

enum easel_method { EASEL_GET, EASEL_POST, EASEL_DELETE, EASEL_PUT, EASEL_PATCH, EASEL_OTHER };

#define EASEL_ROUTE_PATH_MAX 512 /* longer paths are 404 */
#define EASEL_REF_MAX 64         /* a client reference: 1-64 of a-z 0-9 - */
#define EASEL_NAME_MAX 32        /* a {name} path segment: 1-32 of a-z 0-9 - */

struct easel_route {
    enum easel_route_id id;
    enum easel_method method;
    int status;                    /* 200, 404 or 405 */
    const char *allow;             /* 405: the Allow header value (static) */
    char ref[EASEL_REF_MAX + 1];   /* the {ref} path parameter (a client's, or under /groups a
                                      program's, or a FHIR resource id), "" when none */
    long long num;                 /* the {id} path parameter (1-999999999999), 0 when none */
    char name[EASEL_NAME_MAX + 1]; /* the {name} path parameter (a chart's, a token's), "" when
                                      the route has none */
};

int easel_route_match(const char *method, const char *path, struct easel_route *out);
/* A short, fixed name for logs ("client", "measures", ...; "none"). Never client data. */
const char *easel_route_name(enum easel_route_id id);

#define EASEL_QUERY_MAX 2048      /* bytes of a raw query string */
#define EASEL_QUERY_PARAMS 16     /* parameters */
#define EASEL_QUERY_KEY_MAX 32    /* bytes of a key: a-z, 0-9, _ */
#define EASEL_QUERY_VALUE_MAX 256 /* bytes of a decoded value */

struct easel_query {
    size_t n;
    struct {
        char key[EASEL_QUERY_KEY_MAX + 1];
        char value[EASEL_QUERY_VALUE_MAX + 1];
    } p[EASEL_QUERY_PARAMS];
};

/* Parse "a=1&b=x%20y" (without the '?'): percent-decoding and '+' as space; a key without '='
   has the value "". Refused: more than the limits, an empty or malformed key, a bad or NUL
   escape, control characters, a repeated key. */
int easel_query_parse(const char *qs, size_t len, struct easel_query *q, char *field,
                      size_t field_size);
/* The value of key, or NULL. */
const char *easel_query_get(const struct easel_query *q, const char *key);

#endif
