/*
 * web/router.h — internal to the web layer (and its fuzz harness): a pure function from
 * (method, path) to a route, its path parameters and who may call it, and a bounded
 * query-string parser. The routes themselves are the rows of routes.def.
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

enum easel_method { EASEL_GET, EASEL_POST, EASEL_DELETE, EASEL_PUT, EASEL_PATCH, EASEL_OTHER };

/* EASEL_ROUTE_NONE, then one per row of routes.def (EASEL_ROUTE_LOGIN, EASEL_ROUTE_ME, ...),
   then EASEL_ROUTE_COUNT. */
enum easel_route_id {
    EASEL_ROUTE_NONE,
#define EASEL_ROUTE(id, name, path, api, methods) EASEL_ROUTE_##id,
#include "routes.def"
#undef EASEL_ROUTE
    EASEL_ROUTE_COUNT
};

/* Which API a route belongs to: the browser client's JSON API, or the read-only FHIR API (API
   tokens, never the cookie session; every error an OperationOutcome). */
enum easel_route_api { EASEL_API_APP, EASEL_API_FHIR };

/* Who may call a route's method (routes.def, WHO). */
enum easel_route_auth {
    EASEL_AUTH_SESSION, /* a signed-in user (cookie session, CSRF token on writes); `roles` */
    EASEL_AUTH_SIGNIN,  /* nobody yet: the sign-in */
    EASEL_AUTH_TOKEN,   /* an API token (fhir_api.c checks it) */
    EASEL_AUTH_PUBLIC   /* anyone */
};

struct easel_route_who {
    enum easel_route_auth auth;
    const char *roles; /* EASEL_AUTH_SESSION: the space-separated roles allowed, NULL for all */
};

/* One row of routes.def as the matcher keeps it (its strings are static). */
struct easel_route_info {
    const char *name;    /* for logs */
    const char *pattern; /* the path pattern */
    enum easel_route_api api;
    unsigned methods;                        /* bit (1u << m) for each enum easel_method */
    const char *allow;                       /* the 405 Allow header: the methods, in order */
    struct easel_route_who who[EASEL_OTHER]; /* by enum easel_method, for the methods taken */
};

#define EASEL_ROUTE_PATH_MAX 512 /* longer paths are 404 */
#define EASEL_REF_MAX 64         /* a client reference: 1-64 of a-z 0-9 - */
#define EASEL_NAME_MAX 32        /* a {name} path segment: 1-32 of a-z 0-9 - */

struct easel_route {
    enum easel_route_id id;
    enum easel_method method;
    int status;                    /* 200, 404 or 405 */
    const char *allow;             /* 405: the Allow header value (static) */
    enum easel_route_api api;      /* 200, 405: the route's API */
    enum easel_route_auth auth;    /* 200: who may call the method ... */
    const char *roles;             /* ... and for EASEL_AUTH_SESSION which roles, NULL: all */
    char ref[EASEL_REF_MAX + 1];   /* the {ref} path parameter (a client's, or under /groups a
                                      program's, or a FHIR resource id), "" when none */
    long long num;                 /* the {id} path parameter (1-999999999999), 0 when none */
    char name[EASEL_NAME_MAX + 1]; /* the {name} path parameter (a chart's, a token's), "" when
                                      the route has none */
};

int easel_route_match(const char *method, const char *path, struct easel_route *out);
/* A short, fixed name for logs ("client", "measures", ...; "none"). Never client data. */
const char *easel_route_name(enum easel_route_id id);
/* The row of routes.def of a route into *out: 0, or -1 (zeroed) for EASEL_ROUTE_NONE and ids
   out of range. */
int easel_route_info(enum easel_route_id id, struct easel_route_info *out);

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
