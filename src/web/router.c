/*
 * web/router.c — the API's routes as a table and a matcher (pure: no I/O, no allocation), and
 * the query-string parser with hard bounds. Fuzzed by fuzz/fuzz_router.c.
 *
 * Owns: nothing. Borrows: inputs during the call. Fails: see router.h (a status, never a crash).
 */
#include "router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const names[] = {"none",
                                    "session",
                                    "me",
                                    "clients",
                                    "client",
                                    "measures",
                                    "progress",
                                    "profile",
                                    "plan",
                                    "plan-versions",
                                    "plan-diff",
                                    "plan-sign",
                                    "plan-cosign",
                                    "plan-explain",
                                    "kb-interventions",
                                    "kb-settings",
                                    "kb-instruments",
                                    "kb-media",
                                    "sessions",
                                    "session-one",
                                    "session-template",
                                    "artwork-upload",
                                    "artworks",
                                    "artwork-image",
                                    "alerts-ack",
                                    "alerts",
                                    "users",
                                    "team",
                                    "report",
                                    "chart",
                                    "addenda",
                                    "groups",
                                    "group",
                                    "group-members",
                                    "group-plan",
                                    "group-sessions",
                                    "group-sign",
                                    "group-attendance",
                                    "today",
                                    "group-report",
                                    "group-cosign",
                                    "artwork-formal",
                                    "session-sign",
                                    "assessments",
                                    "artwork-sheet",
                                    "kb-problems",
                                    "kb-vocab",
                                    "fhir",
                                    "tokens",
                                    "token",
                                    "fhir-metadata",
                                    "fhir-patient",
                                    "fhir-patients",
                                    "fhir-everything",
                                    "fhir-careplans",
                                    "fhir-goals",
                                    "fhir-observations",
                                    "fhir-unknown"};

const char *easel_route_name(enum easel_route_id id)
{
    return (unsigned)id < sizeof(names) / sizeof(names[0]) ? names[id] : "none";
}

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

static bool valid_ref(const char *p, size_t n)
{
    if (n < 1 || n > EASEL_REF_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
            return false;
    return true;
}

/* Which methods a route takes, as a bit set over enum easel_method, and its Allow text. */
#define M(x) (1u << EASEL_##x)
static const struct {
    enum easel_route_id id;
    unsigned methods;
    const char *allow;
} table[] = {
    {EASEL_ROUTE_SESSION, M(POST) | M(DELETE), "POST, DELETE"},
    {EASEL_ROUTE_ME, M(GET), "GET"},
    {EASEL_ROUTE_CLIENTS, M(GET) | M(POST), "GET, POST"},
    {EASEL_ROUTE_CLIENT, M(GET) | M(PATCH), "GET, PATCH"},
    {EASEL_ROUTE_MEASURES, M(POST), "POST"},
    {EASEL_ROUTE_PROGRESS, M(GET), "GET"},
    {EASEL_ROUTE_PROFILE, M(GET) | M(PUT), "GET, PUT"},
    {EASEL_ROUTE_PLAN, M(GET) | M(POST) | M(PUT), "GET, POST, PUT"},
    {EASEL_ROUTE_PLAN_VERSIONS, M(GET), "GET"},
    {EASEL_ROUTE_PLAN_DIFF, M(GET), "GET"},
    {EASEL_ROUTE_PLAN_SIGN, M(POST), "POST"},
    {EASEL_ROUTE_PLAN_COSIGN, M(POST), "POST"},
    {EASEL_ROUTE_PLAN_EXPLAIN, M(GET), "GET"},
    {EASEL_ROUTE_KB_INTERVENTIONS, M(GET), "GET"},
    {EASEL_ROUTE_KB_SETTINGS, M(GET), "GET"},
    {EASEL_ROUTE_KB_INSTRUMENTS, M(GET), "GET"},
    {EASEL_ROUTE_KB_MEDIA, M(GET), "GET"},
    {EASEL_ROUTE_SESSIONS, M(POST), "POST"},
    {EASEL_ROUTE_SESSION_ONE, M(GET) | M(PUT), "GET, PUT"},
    {EASEL_ROUTE_SESSION_TEMPLATE, M(GET), "GET"},
    {EASEL_ROUTE_ARTWORK_UPLOAD, M(POST), "POST"},
    {EASEL_ROUTE_ARTWORKS, M(GET), "GET"},
    {EASEL_ROUTE_ARTWORK_IMAGE, M(GET), "GET"},
    {EASEL_ROUTE_ALERTS_ACK, M(POST), "POST"},
    {EASEL_ROUTE_ALERTS, M(GET), "GET"},
    {EASEL_ROUTE_USERS, M(GET) | M(POST), "GET, POST"},
    {EASEL_ROUTE_TEAM, M(POST), "POST"},
    {EASEL_ROUTE_REPORT, M(GET), "GET"},
    {EASEL_ROUTE_CHART, M(GET), "GET"},
    {EASEL_ROUTE_ADDENDA, M(POST), "POST"},
    {EASEL_ROUTE_GROUPS, M(GET) | M(POST), "GET, POST"},
    {EASEL_ROUTE_GROUP, M(GET), "GET"},
    {EASEL_ROUTE_GROUP_MEMBERS, M(POST), "POST"},
    {EASEL_ROUTE_GROUP_PLAN, M(GET), "GET"},
    {EASEL_ROUTE_GROUP_SESSIONS, M(GET) | M(POST), "GET, POST"},
    {EASEL_ROUTE_GROUP_SIGN, M(POST), "POST"},
    {EASEL_ROUTE_GROUP_ATTENDANCE, M(GET), "GET"},
    {EASEL_ROUTE_TODAY, M(GET), "GET"},
    {EASEL_ROUTE_GROUP_REPORT, M(GET), "GET"},
    {EASEL_ROUTE_GROUP_COSIGN, M(POST), "POST"},
    {EASEL_ROUTE_ARTWORK_FORMAL, M(GET), "GET"},
    {EASEL_ROUTE_SESSION_SIGN, M(POST), "POST"},
    {EASEL_ROUTE_ASSESSMENTS, M(GET) | M(POST), "GET, POST"},
    {EASEL_ROUTE_ARTWORK_SHEET, M(GET) | M(PUT), "GET, PUT"},
    {EASEL_ROUTE_KB_PROBLEMS, M(GET), "GET"},
    {EASEL_ROUTE_KB_VOCAB, M(GET), "GET"},
    {EASEL_ROUTE_FHIR, M(GET), "GET"},
    {EASEL_ROUTE_TOKENS, M(GET) | M(POST), "GET, POST"},
    {EASEL_ROUTE_TOKEN, M(DELETE), "DELETE"},
    {EASEL_ROUTE_FHIR_METADATA, M(GET), "GET"},
    {EASEL_ROUTE_FHIR_PATIENT, M(GET), "GET"},
    {EASEL_ROUTE_FHIR_PATIENTS, M(GET), "GET"},
    {EASEL_ROUTE_FHIR_EVERYTHING, M(GET), "GET"},
    {EASEL_ROUTE_FHIR_CAREPLANS, M(GET), "GET"},
    {EASEL_ROUTE_FHIR_GOALS, M(GET), "GET"},
    {EASEL_ROUTE_FHIR_OBSERVATIONS, M(GET), "GET"},
    {EASEL_ROUTE_FHIR_UNKNOWN, M(GET), "GET"},
};
#undef M

/* Fixed paths: exact text after "/api/v1/". */
static const struct {
    const char *path;
    enum easel_route_id id;
} fixed[] = {
    {"session", EASEL_ROUTE_SESSION},
    {"me", EASEL_ROUTE_ME},
    {"clients", EASEL_ROUTE_CLIENTS},
    {"alerts", EASEL_ROUTE_ALERTS},
    {"users", EASEL_ROUTE_USERS},
    {"kb/interventions", EASEL_ROUTE_KB_INTERVENTIONS},
    {"kb/settings", EASEL_ROUTE_KB_SETTINGS},
    {"kb/instruments", EASEL_ROUTE_KB_INSTRUMENTS},
    {"kb/media", EASEL_ROUTE_KB_MEDIA},
    {"kb/problems", EASEL_ROUTE_KB_PROBLEMS},
    {"kb/vocab", EASEL_ROUTE_KB_VOCAB},
    {"groups", EASEL_ROUTE_GROUPS},
    {"today", EASEL_ROUTE_TODAY},
    {"fhir/import", EASEL_ROUTE_FHIR}, /* POST only: see easel_route_match */
    {"tokens", EASEL_ROUTE_TOKENS},
};

/* Paths under /api/v1/clients/{ref}/: "#" stands for a numeric {id}, "*" for a {name} (1-32 of
   a-z 0-9 -; the handler decides whether it names anything). */
static const struct {
    const char *pattern;
    enum easel_route_id id;
} sub_routes[] = {
    {"measures", EASEL_ROUTE_MEASURES},
    {"progress", EASEL_ROUTE_PROGRESS},
    {"profile", EASEL_ROUTE_PROFILE},
    {"plan", EASEL_ROUTE_PLAN},
    {"plan/versions", EASEL_ROUTE_PLAN_VERSIONS},
    {"plan/diff", EASEL_ROUTE_PLAN_DIFF},
    {"plan/sign", EASEL_ROUTE_PLAN_SIGN},
    {"plan/cosign", EASEL_ROUTE_PLAN_COSIGN},
    {"plan/explain", EASEL_ROUTE_PLAN_EXPLAIN},
    {"sessions", EASEL_ROUTE_SESSIONS},
    {"sessions/#", EASEL_ROUTE_SESSION_ONE},
    {"session-template", EASEL_ROUTE_SESSION_TEMPLATE},
    {"sessions/#/artworks", EASEL_ROUTE_ARTWORK_UPLOAD},
    {"artworks", EASEL_ROUTE_ARTWORKS},
    {"artworks/#/image", EASEL_ROUTE_ARTWORK_IMAGE},
    {"artworks/#/formal", EASEL_ROUTE_ARTWORK_FORMAL},
    {"report", EASEL_ROUTE_REPORT},
    {"alerts/ack", EASEL_ROUTE_ALERTS_ACK},
    {"team", EASEL_ROUTE_TEAM},
    {"charts/*", EASEL_ROUTE_CHART},
    {"sessions/#/addenda", EASEL_ROUTE_ADDENDA},
    {"sessions/#/sign", EASEL_ROUTE_SESSION_SIGN},
    {"assessments", EASEL_ROUTE_ASSESSMENTS},
    {"artworks/#/sheet", EASEL_ROUTE_ARTWORK_SHEET},
    {"fhir", EASEL_ROUTE_FHIR},
};

/* Paths under "groups/{ref}/" (ref: the program's reference). */
static const struct {
    const char *pattern;
    enum easel_route_id id;
} group_routes[] = {
    {"members", EASEL_ROUTE_GROUP_MEMBERS},
    {"plan", EASEL_ROUTE_GROUP_PLAN},
    {"sessions", EASEL_ROUTE_GROUP_SESSIONS},
    {"sessions/#/sign", EASEL_ROUTE_GROUP_SIGN},
    {"sessions/#/cosign", EASEL_ROUTE_GROUP_COSIGN},
    {"attendance", EASEL_ROUTE_GROUP_ATTENDANCE},
    {"report", EASEL_ROUTE_GROUP_REPORT},
};

#define NUM_DIGITS_MAX 12

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Whether [p, p+n) matches pattern; a '#' takes 1-12 digits without a leading zero, a '*' 1-32
   name characters (copied to name). */
static bool match_sub(const char *pat, const char *p, size_t n, long long *num, char *name)
{
    size_t i = 0;
    for (; *pat; pat++) {
        if (*pat == '*') {
            size_t d = 0;
            while (i + d < n && name_char(p[i + d]) && d <= EASEL_NAME_MAX)
                d++;
            if (d == 0 || d > EASEL_NAME_MAX)
                return false;
            memcpy(name, p + i, d);
            name[d] = '\0';
            i += d;
            continue;
        }
        if (*pat != '#') {
            if (i == n || p[i] != *pat)
                return false;
            i++;
            continue;
        }
        size_t d = 0;
        long long v = 0;
        while (i + d < n && p[i + d] >= '0' && p[i + d] <= '9' && d <= NUM_DIGITS_MAX) {
            v = v * 10 + (p[i + d] - '0');
            d++;
        }
        if (d == 0 || d > NUM_DIGITS_MAX || p[i] == '0')
            return false;
        *num = v;
        i += d;
    }
    return i == n;
}

/* Paths under /fhir (the read-only FHIR API): any path there is a FHIR route, an unknown one
   EASEL_ROUTE_FHIR_UNKNOWN, so that its 404 is an OperationOutcome too. */
static enum easel_route_id fhir_route(const char *p, size_t n, char *ref)
{
    static const char base[] = "/fhir/R4/";
    const size_t bn = sizeof(base) - 1;
    static const struct {
        const char *path;
        enum easel_route_id id;
    } types[] = {{"metadata", EASEL_ROUTE_FHIR_METADATA},
                 {"Patient", EASEL_ROUTE_FHIR_PATIENTS},
                 {"CarePlan", EASEL_ROUTE_FHIR_CAREPLANS},
                 {"Goal", EASEL_ROUTE_FHIR_GOALS},
                 {"Observation", EASEL_ROUTE_FHIR_OBSERVATIONS}};
    if (n < bn || memcmp(p, base, bn) != 0)
        return EASEL_ROUTE_FHIR_UNKNOWN;
    p += bn;
    n -= bn;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (strlen(types[i].path) == n && memcmp(p, types[i].path, n) == 0)
            return types[i].id;
    static const char pat[] = "Patient/", every[] = "/$everything";
    const size_t pn = sizeof(pat) - 1, en = sizeof(every) - 1;
    if (n <= pn || memcmp(p, pat, pn) != 0)
        return EASEL_ROUTE_FHIR_UNKNOWN;
    p += pn;
    n -= pn;
    const char *slash = memchr(p, '/', n);
    size_t idn = slash ? (size_t)(slash - p) : n;
    if (!valid_ref(p, idn))
        return EASEL_ROUTE_FHIR_UNKNOWN;
    if (slash && !(n - idn == en && memcmp(slash, every, en) == 0))
        return EASEL_ROUTE_FHIR_UNKNOWN;
    memcpy(ref, p, idn);
    ref[idn] = '\0';
    return slash ? EASEL_ROUTE_FHIR_EVERYTHING : EASEL_ROUTE_FHIR_PATIENT;
}

static enum easel_route_id path_route(const char *path, size_t n, char *ref, long long *num,
                                      char *name)
{
    static const char prefix[] = "/api/v1/";
    const size_t pn = sizeof(prefix) - 1;
    ref[0] = '\0';
    name[0] = '\0';
    *num = 0;
    if ((n == 5 && memcmp(path, "/fhir", 5) == 0) || (n > 5 && memcmp(path, "/fhir/", 6) == 0))
        return fhir_route(path, n, ref);
    if (n <= pn || memcmp(path, prefix, pn) != 0)
        return EASEL_ROUTE_NONE;
    const char *p = path + pn;
    size_t rest = n - pn;
    /* tokens/{name}: a token's name, 1-32 of a-z 0-9 - */
    if (rest > 7 && memcmp(p, "tokens/", 7) == 0) {
        size_t k = rest - 7;
        if (k > EASEL_NAME_MAX)
            return EASEL_ROUTE_NONE;
        for (size_t i = 0; i < k; i++)
            if (!name_char(p[7 + i]))
                return EASEL_ROUTE_NONE;
        memcpy(name, p + 7, k);
        name[k] = '\0';
        return EASEL_ROUTE_TOKEN;
    }
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        if (strlen(fixed[i].path) == rest && memcmp(p, fixed[i].path, rest) == 0)
            return fixed[i].id;
    bool group = rest > 7 && memcmp(p, "groups/", 7) == 0;
    if (!group && (rest <= 8 || memcmp(p, "clients/", 8) != 0))
        return EASEL_ROUTE_NONE;
    p += group ? 7 : 8;
    rest -= group ? 7 : 8;
    const char *slash = memchr(p, '/', rest);
    size_t rn = slash ? (size_t)(slash - p) : rest;
    if (!valid_ref(p, rn))
        return EASEL_ROUTE_NONE;
    memcpy(ref, p, rn);
    ref[rn] = '\0';
    if (!slash)
        return group ? EASEL_ROUTE_GROUP : EASEL_ROUTE_CLIENT;
    const char *sub = slash + 1;
    size_t sn = rest - rn - 1;
    size_t n_sub = group ? sizeof(group_routes) / sizeof(group_routes[0])
                         : sizeof(sub_routes) / sizeof(sub_routes[0]);
    for (size_t i = 0; i < n_sub; i++) {
        long long v = 0;
        const char *pattern = group ? group_routes[i].pattern : sub_routes[i].pattern;
        if (match_sub(pattern, sub, sn, &v, name)) {
            *num = v;
            return group ? group_routes[i].id : sub_routes[i].id;
        }
        name[0] = '\0';
    }
    ref[0] = '\0';
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
    out->id = path_route(path ? path : "", n, out->ref, &out->num, out->name);
    if (out->id == EASEL_ROUTE_NONE) {
        out->status = 404;
        return out->status;
    }
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (table[i].id == out->id) {
            out->allow = table[i].allow;
            out->status = (table[i].methods & (1u << out->method)) ? 200 : 405;
        }
    /* POST /api/v1/fhir/import (the referral import) shares the FHIR route and its handler
       (api_fhir.c), which tells it from GET .../clients/{ref}/fhir by the missing {ref} */
    if (out->id == EASEL_ROUTE_FHIR && !out->ref[0]) {
        out->allow = "POST";
        out->status = out->method == EASEL_POST ? 200 : 405;
    }
    return out->status;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
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
            int h = hexval(p[i + 1]), l = hexval(p[i + 2]);
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
