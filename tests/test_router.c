/*
 * tests/test_router.c — the route table (src/web/routes.def) walked row by row, and the matcher
 * (src/web/router.c) on the cases a change to it could break: every route has a name, a path,
 * at least one method, a handler for each of its methods and none for the others; a path made
 * from each pattern matches that route for its methods (with its parameters and who may call
 * it) and is 405 for the others, with an Allow header that lists exactly the table's methods.
 */
#include "cmocka_test.h"

#include "../src/web/router.h"
#include "../src/web/routes.h"

static const char *const method_names[EASEL_OTHER] = {[EASEL_GET] = "GET",
                                                      [EASEL_POST] = "POST",
                                                      [EASEL_DELETE] = "DELETE",
                                                      [EASEL_PUT] = "PUT",
                                                      [EASEL_PATCH] = "PATCH"};

/* The methods named in an Allow text ("GET, POST") as a bit set; -1 when a name is unknown,
   repeated, or the separators are not ", ". */
static int allow_bits(const char *allow)
{
    unsigned bits = 0;
    const char *p = allow;
    for (;;) {
        size_t n = strcspn(p, ",");
        int m = -1;
        for (int k = 0; k < EASEL_OTHER; k++)
            if (strlen(method_names[k]) == n && strncmp(p, method_names[k], n) == 0)
                m = k;
        if (m < 0 || (bits & (1u << m)))
            return -1;
        bits |= 1u << m;
        if (!p[n])
            return (int)bits;
        if (strncmp(p + n, ", ", 2) != 0)
            return -1;
        p += n + 2;
    }
}

/* A request path for a pattern: {ref} "c-1", {id} "7", {name} "mood", ** "anything". */
static void path_for(const char *pattern, char *out, size_t size)
{
    out[0] = '\0';
    for (const char *p = pattern; *p;) {
        static const char *const subst[][2] = {
            {"{ref}", "c-1"}, {"{id}", "7"}, {"{name}", "mood"}, {"**", "anything"}};
        bool done = false;
        for (size_t i = 0; i < sizeof(subst) / sizeof(subst[0]) && !done; i++)
            if (strncmp(p, subst[i][0], strlen(subst[i][0])) == 0) {
                strncat(out, subst[i][1], size - strlen(out) - 1);
                p += strlen(subst[i][0]);
                done = true;
            }
        if (!done) {
            size_t n = strlen(out);
            assert_true(n + 1 < size);
            out[n] = *p++;
            out[n + 1] = '\0';
        }
    }
}

static void every_row_is_whole(void **state)
{
    (void)state;
    for (int id = EASEL_ROUTE_NONE + 1; id < EASEL_ROUTE_COUNT; id++) {
        struct easel_route_info info;
        assert_int_equal(easel_route_info((enum easel_route_id)id, &info), 0);
        /* a name (the log's), a path, at least one method */
        assert_non_null(info.name);
        assert_true(info.name[0] != '\0');
        assert_string_not_equal(info.name, "none");
        assert_string_equal(easel_route_name((enum easel_route_id)id), info.name);
        assert_non_null(info.pattern);
        assert_true(info.pattern[0] == '/');
        assert_true(info.methods != 0);
        assert_true(info.methods < (1u << EASEL_OTHER));
        /* the Allow text lists exactly the table's methods */
        assert_int_equal(allow_bits(info.allow), (int)info.methods);
        for (int m = 0; m < EASEL_OTHER; m++) {
            bool taken = info.methods & (1u << m);
            web_handler *h = web_route_handler((enum easel_route_id)id, (enum easel_method)m);
            /* a handler for each method taken, none for the others */
            assert_true(taken ? h != NULL : h == NULL);
            if (taken && info.who[m].roles)
                assert_true(info.who[m].auth == EASEL_AUTH_SESSION && info.who[m].roles[0]);
        }
        /* no two rows share a path (the second could never be reached) */
        for (int other = EASEL_ROUTE_NONE + 1; other < id; other++) {
            struct easel_route_info o;
            assert_int_equal(easel_route_info((enum easel_route_id)other, &o), 0);
            assert_string_not_equal(o.pattern, info.pattern);
        }
    }
    struct easel_route_info none;
    assert_int_equal(easel_route_info(EASEL_ROUTE_NONE, &none), -1);
    assert_int_equal(easel_route_info(EASEL_ROUTE_COUNT, &none), -1);
    assert_string_equal(easel_route_name(EASEL_ROUTE_NONE), "none");
    assert_string_equal(easel_route_name(EASEL_ROUTE_COUNT), "none");
    assert_null(web_route_handler(EASEL_ROUTE_NONE, EASEL_GET));
    assert_null(web_route_handler(EASEL_ROUTE_COUNT, EASEL_GET));
}

static void every_row_matches_its_path(void **state)
{
    (void)state;
    for (int id = EASEL_ROUTE_NONE + 1; id < EASEL_ROUTE_COUNT; id++) {
        struct easel_route_info info;
        assert_int_equal(easel_route_info((enum easel_route_id)id, &info), 0);
        char path[EASEL_ROUTE_PATH_MAX + 1];
        path_for(info.pattern, path, sizeof(path));
        for (int m = 0; m < EASEL_OTHER; m++) {
            struct easel_route r;
            int status = easel_route_match(method_names[m], path, &r);
            assert_int_equal(r.id, id);
            assert_int_equal(r.api, info.api);
            assert_string_equal(r.allow, info.allow);
            if (!(info.methods & (1u << m))) {
                assert_int_equal(status, 405);
                continue;
            }
            assert_int_equal(status, 200);
            assert_int_equal(r.auth, info.who[m].auth);
            assert_ptr_equal(r.roles, info.who[m].roles);
            assert_string_equal(r.ref, strstr(info.pattern, "{ref}") ? "c-1" : "");
            assert_int_equal(r.num, strstr(info.pattern, "{id}") ? 7 : 0);
            assert_string_equal(r.name, strstr(info.pattern, "{name}") ? "mood" : "");
        }
        struct easel_route r;
        assert_int_equal(easel_route_match("HEAD", path, &r), 405);
        assert_string_equal(r.allow, info.allow);
    }
}

/* What the server relies on, row by row as it was before the table. */
static void known_routes(void **state)
{
    (void)state;
    struct easel_route r;
    assert_int_equal(easel_route_match("GET", "/api/v1/session", &r), 405);
    assert_string_equal(r.allow, "POST, DELETE");
    assert_int_equal(easel_route_match("POST", "/api/v1/session", &r), 200);
    assert_int_equal(r.auth, EASEL_AUTH_SIGNIN);
    assert_int_equal(easel_route_match("DELETE", "/api/v1/session", &r), 200);
    assert_int_equal(r.auth, EASEL_AUTH_SESSION);
    assert_null(r.roles);
    /* the referral import and the record's Bundle: one log name, their own methods */
    assert_int_equal(easel_route_match("GET", "/api/v1/fhir/import", &r), 405);
    assert_string_equal(r.allow, "POST");
    assert_string_equal(easel_route_name(r.id), "fhir");
    assert_int_equal(easel_route_match("POST", "/api/v1/clients/c-1/fhir", &r), 405);
    assert_string_equal(r.allow, "GET");
    assert_string_equal(easel_route_name(r.id), "fhir");
    assert_int_equal(easel_route_match("PUT", "/api/v1/clients/c-1/plan", &r), 200);
    assert_string_equal(r.roles, "admin therapist supervisor");
    assert_int_equal(easel_route_match("GET", "/api/v1/clients/c-1/plan", &r), 200);
    assert_null(r.roles);
    assert_int_equal(easel_route_match("POST", "/api/v1/clients/c-1/plan/cosign", &r), 200);
    assert_string_equal(r.roles, "supervisor");
    assert_int_equal(easel_route_match("POST", "/api/v1/clients/c-1/team", &r), 200);
    assert_string_equal(r.roles, "admin therapist");
    assert_int_equal(easel_route_match("DELETE", "/api/v1/tokens/ehr-1", &r), 200);
    assert_string_equal(r.name, "ehr-1");
    assert_string_equal(r.roles, "admin");
    /* the FHIR API: every path under /fhir is a FHIR route (OperationOutcome errors) */
    assert_int_equal(easel_route_match("GET", "/fhir", &r), 200);
    assert_int_equal(r.id, EASEL_ROUTE_FHIR_UNKNOWN);
    assert_int_equal(easel_route_match("GET", "/fhir/R4/Patient/x/y", &r), 200);
    assert_int_equal(r.id, EASEL_ROUTE_FHIR_UNKNOWN);
    assert_int_equal(easel_route_match("GET", "/fhir/R4/Patient/p-1/$everything", &r), 200);
    assert_int_equal(r.id, EASEL_ROUTE_FHIR_EVERYTHING);
    assert_string_equal(r.ref, "p-1");
    assert_int_equal(r.auth, EASEL_AUTH_TOKEN);
    assert_int_equal(easel_route_match("POST", "/fhir/R4/metadata", &r), 405);
    assert_int_equal(r.api, EASEL_API_FHIR);
    assert_string_equal(r.allow, "GET");
    assert_int_equal(easel_route_match("GET", "/fhir/R4/metadata", &r), 200);
    assert_int_equal(r.auth, EASEL_AUTH_PUBLIC);
    /* parameters out of their bounds are no route at all */
    static const char *const none[] = {
        "/api/v1/clients/ABC",
        "/api/v1/clients/c-1/sessions/0123",
        "/api/v1/clients/c-1/sessions/1234567890123",
        "/api/v1/clients/c-1/charts/",
        "/api/v1/tokens/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "/api/v1/clients/",
        "/api/v1/clients/c-1/",
        "/api/v1//clients",
        "/api/v1",
        "/fhirx",
        "",
        NULL,
    };
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        assert_int_equal(easel_route_match("GET", none[i], &r), 404);
        assert_int_equal(r.id, EASEL_ROUTE_NONE);
        assert_string_equal(r.ref, "");
        assert_string_equal(r.name, "");
        assert_null(r.allow);
    }
    assert_int_equal(easel_route_match("GET", "/api/v1/clients/c-1/sessions/123456789012", &r),
                     200);
    assert_int_equal(r.num, 123456789012LL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_is_whole),
        cmocka_unit_test(every_row_matches_its_path),
        cmocka_unit_test(known_routes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
