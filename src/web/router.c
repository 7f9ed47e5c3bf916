/*
 * web/router.c — the matcher of the routes of routes.def (pure: no I/O, no allocation): the
 * table expanded into its columns (names, path patterns, APIs, methods, Allow texts, who may
 * call each method), a path matched pattern by pattern, segment by segment; and the
 * query-string parser with hard bounds. Fuzzed by fuzz/fuzz_router.c; tests/test_router.c
 * walks the table.
 *
 * Owns: nothing. Borrows: inputs during the call. Fails: see router.h (a status, never a crash).
 */
#include "easel/util.h"
#include "router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static enum easel_method method_of(const char *m)
{
    if (!m)
        return EASEL_OTHER;
    if (strcmp(m, "GET") == 0)
        return EASEL_GET;
    if (strcmp(m, "POST") == 0)
        return EASEL_POST;
    if (strcmp(m, "DELETE") == 0)
        return EASEL_DELETE;
    if (strcmp(m, "PUT") == 0)
        return EASEL_PUT;
    if (strcmp(m, "PATCH") == 0)
        return EASEL_PATCH;
    return EASEL_OTHER;
}

/* ---- routes.def, expanded once per column ---- */

#define API_APP EASEL_API_APP
#define API_FHIR EASEL_API_FHIR

static const char *const names[EASEL_ROUTE_COUNT] = {
    [EASEL_ROUTE_NONE] = "none",
#define EASEL_ROUTE(id, name, path, api, methods) [EASEL_ROUTE_##id] = name,
#include "routes.def"
#undef EASEL_ROUTE
};

static const char *const patterns[EASEL_ROUTE_COUNT] = {
#define EASEL_ROUTE(id, name, path, api, methods) [EASEL_ROUTE_##id] = path,
#include "routes.def"
#undef EASEL_ROUTE
};

static const enum easel_route_api apis[EASEL_ROUTE_COUNT] = {
#define EASEL_ROUTE(id, name, path, api, methods) [EASEL_ROUTE_##id] = API_##api,
#include "routes.def"
#undef EASEL_ROUTE
};

/* the methods as a bit set over enum easel_method */
static const unsigned method_bits[EASEL_ROUTE_COUNT] = {
#define EASEL_METHOD(m, handler, who) | (1u << EASEL_##m)
#define EASEL_ROUTE(id, name, path, api, methods) [EASEL_ROUTE_##id] = 0u methods,
#include "routes.def"
#undef EASEL_ROUTE
#undef EASEL_METHOD
};

/* the Allow header: ", GET" ", POST" ... without its first ", " */
static const char *const allows[EASEL_ROUTE_COUNT] = {
#define EASEL_METHOD(m, handler, who) ", " #m
#define EASEL_ROUTE(id, name, path, api, methods) [EASEL_ROUTE_##id] = &(methods)[2],
#include "routes.def"
#undef EASEL_ROUTE
#undef EASEL_METHOD
};

/* who may call each method */
#define WHO_SIGNIN                                                                                 \
    {                                                                                              \
        EASEL_AUTH_SIGNIN, NULL                                                                    \
    }
#define WHO_USER                                                                                   \
    {                                                                                              \
        EASEL_AUTH_SESSION, NULL                                                                   \
    }
#define WHO_ADMIN                                                                                  \
    {                                                                                              \
        EASEL_AUTH_SESSION, "admin"                                                                \
    }
#define WHO_ADMIN_THERAPIST                                                                        \
    {                                                                                              \
        EASEL_AUTH_SESSION, "admin therapist"                                                      \
    }
#define WHO_CLINICAL                                                                               \
    {                                                                                              \
        EASEL_AUTH_SESSION, "admin therapist supervisor"                                           \
    }
#define WHO_LEADS                                                                                  \
    {                                                                                              \
        EASEL_AUTH_SESSION, "therapist supervisor"                                                 \
    }
#define WHO_SUPERVISOR                                                                             \
    {                                                                                              \
        EASEL_AUTH_SESSION, "supervisor"                                                           \
    }
#define WHO_TOKEN                                                                                  \
    {                                                                                              \
        EASEL_AUTH_TOKEN, NULL                                                                     \
    }
#define WHO_PUBLIC                                                                                 \
    {                                                                                              \
        EASEL_AUTH_PUBLIC, NULL                                                                    \
    }
static const struct easel_route_who whos[EASEL_ROUTE_COUNT][EASEL_OTHER] = {
#define EASEL_METHOD(m, handler, who) [EASEL_##m] = WHO_##who,
#define EASEL_ROUTE(id, name, path, api, methods) [EASEL_ROUTE_##id] = {methods},
#include "routes.def"
#undef EASEL_ROUTE
#undef EASEL_METHOD
};

const char *easel_route_name(enum easel_route_id id)
{
    return (unsigned)id < EASEL_ROUTE_COUNT ? names[id] : "none";
}

int easel_route_info(enum easel_route_id id, struct easel_route_info *out)
{
    memset(out, 0, sizeof(*out));
    if (id <= EASEL_ROUTE_NONE || id >= EASEL_ROUTE_COUNT)
        return -1;
    out->name = names[id];
    out->pattern = patterns[id];
    out->api = apis[id];
    out->methods = method_bits[id];
    out->allow = allows[id];
    memcpy(out->who, whos[id], sizeof(out->who));
    return 0;
}

/* ---- the matcher ---- */

#define NUM_DIGITS_MAX 12

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static bool valid_ref(const char *p, size_t n)
{
    if (n < 1 || n > EASEL_REF_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!name_char(p[i]))
            return false;
    return true;
}

/* Whether path segment [p, p+n) matches pattern segment [pat, pat+pn); parameters are copied
   out: {ref} 1-64 of a-z 0-9 -, {id} 1-12 digits without a leading zero, {name} 1-32 of
   a-z 0-9 -. */
static bool match_segment(const char *pat, size_t pn, const char *p, size_t n,
                          struct easel_route *out)
{
    if (pn == 5 && memcmp(pat, "{ref}", 5) == 0) {
        if (!valid_ref(p, n))
            return false;
        memcpy(out->ref, p, n);
        out->ref[n] = '\0';
        return true;
    }
    if (pn == 4 && memcmp(pat, "{id}", 4) == 0) {
        if (n < 1 || n > NUM_DIGITS_MAX || p[0] == '0')
            return false;
        long long v = 0;
        for (size_t i = 0; i < n; i++) {
            if (p[i] < '0' || p[i] > '9')
                return false;
            v = v * 10 + (p[i] - '0');
        }
        out->num = v;
        return true;
    }
    if (pn == 6 && memcmp(pat, "{name}", 6) == 0) {
        if (n < 1 || n > EASEL_NAME_MAX)
            return false;
        for (size_t i = 0; i < n; i++)
            if (!name_char(p[i]))
                return false;
        memcpy(out->name, p, n);
        out->name[n] = '\0';
        return true;
    }
    return pn == n && memcmp(pat, p, n) == 0;
}

/* Whether path [path, path+n) (it starts with '/') matches a pattern of routes.def, segment by
   segment; a last "**" takes any rest, or none. */
static bool match_pattern(const char *pat, const char *path, size_t n, struct easel_route *out)
{
    const char *p = path + 1, *end = path + n;
    pat++;
    for (;;) {
        const char *ps = strchr(pat, '/');
        size_t pn = ps ? (size_t)(ps - pat) : strlen(pat);
        if (!ps && pn == 2 && memcmp(pat, "**", 2) == 0)
            return true;
        if (p > end)
            return false; /* the path has fewer segments */
        const char *s = memchr(p, '/', (size_t)(end - p));
        size_t sn = s ? (size_t)(s - p) : (size_t)(end - p);
        if (!match_segment(pat, pn, p, sn, out))
            return false;
        if (!ps)
            return !s; /* both end here */
        pat = ps + 1;
        p = s ? s + 1 : end + 1; /* past the end: no segment left */
    }
}

static enum easel_route_id path_route(const char *path, size_t n, struct easel_route *out)
{
    if (n < 1 || path[0] != '/')
        return EASEL_ROUTE_NONE;
    for (int id = EASEL_ROUTE_NONE + 1; id < EASEL_ROUTE_COUNT; id++) {
        if (match_pattern(patterns[id], path, n, out))
            return (enum easel_route_id)id;
        out->ref[0] = '\0';
        out->name[0] = '\0';
        out->num = 0;
    }
    return EASEL_ROUTE_NONE;
}

int easel_route_match(const char *method, const char *path, struct easel_route *out)
{
    memset(out, 0, sizeof(*out));
    out->method = method_of(method);
    size_t n = path ? strnlen(path, EASEL_ROUTE_PATH_MAX + 1) : 0;
    if (n > EASEL_ROUTE_PATH_MAX) {
        out->status = 404;
        return out->status;
    }
    out->id = path_route(path ? path : "", n, out);
    if (out->id == EASEL_ROUTE_NONE) {
        out->status = 404;
        return out->status;
    }
    out->api = apis[out->id];
    out->allow = allows[out->id];
    if (out->method == EASEL_OTHER || !(method_bits[out->id] & (1u << out->method))) {
        out->status = 405;
        return out->status;
    }
    out->auth = whos[out->id][out->method].auth;
    out->roles = whos[out->id][out->method].roles;
    out->status = 200;
    return out->status;
}

/* Decode [p, p+n) into out (max bytes + NUL); -1 when malformed or too long. */
static int decode(const char *p, size_t n, char *out, size_t max)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '%') {
            if (i + 2 >= n)
                return -1;
            int h = easel_hex_digit(p[i + 1]), l = easel_hex_digit(p[i + 2]);
            if (h < 0 || l < 0)
                return -1;
            c = (unsigned char)(h * 16 + l);
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        if (c < 0x20 || c == 0x7f)
            return -1;
        if (o == max)
            return -1;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return 0;
}

static void set_field(char *field, size_t size, const char *what)
{
    if (field && size)
        snprintf(field, size, "%s", what);
}

int easel_query_parse(const char *qs, size_t len, struct easel_query *q, char *field,
                      size_t field_size)
{
    q->n = 0;
    set_field(field, field_size, "");
    if (len > EASEL_QUERY_MAX) {
        set_field(field, field_size, "query");
        return -1;
    }
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && qs[end] != '&')
            end++;
        if (end > i) { /* an empty piece ("a=1&&b=2") is skipped */
            const char *eq = memchr(qs + i, '=', end - i);
            size_t kn = eq ? (size_t)(eq - (qs + i)) : end - i;
            char key[EASEL_QUERY_KEY_MAX + 1];
            if (kn < 1 || kn > EASEL_QUERY_KEY_MAX) {
                set_field(field, field_size, "query");
                return -1;
            }
            for (size_t k = 0; k < kn; k++) {
                char c = qs[i + k];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                    set_field(field, field_size, "query");
                    return -1;
                }
                key[k] = c;
            }
            key[kn] = '\0';
            if (easel_query_get(q, key) || q->n == EASEL_QUERY_PARAMS) {
                set_field(field, field_size, key);
                return -1;
            }
            char *value = q->p[q->n].value;
            const char *vp = eq ? eq + 1 : qs + end;
            if (decode(vp, (size_t)(qs + end - vp), value, EASEL_QUERY_VALUE_MAX)) {
                set_field(field, field_size, key);
                return -1;
            }
            memcpy(q->p[q->n].key, key, kn + 1);
            q->n++;
        }
        i = end + 1;
    }
    return 0;
}

const char *easel_query_get(const struct easel_query *q, const char *key)
{
    for (size_t i = 0; i < q->n; i++)
        if (strcmp(q->p[i].key, key) == 0)
            return q->p[i].value;
    return NULL;
}
