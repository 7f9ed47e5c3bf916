/*
 * fuzz/fuzz_router.c — libFuzzer harness for the web router and query parser
 * (src/web/router.c). Input: the first byte picks the method (byte % 5: GET, POST, DELETE,
 * PUT, a NUL-free arbitrary token), the rest is a request target "PATH[?QUERY]" (NUL bytes end
 * it, as they would in a C string from libmicrohttpd).
 *
 * Checks, beyond the sanitizers: the status is 200, 404 or 405; a matched route with a
 * reference has a valid one (1-64 of a-z 0-9 -), a {name} only on the chart and token routes
 * and valid
 * (1-32 of a-z 0-9 -); 405 names the allowed methods; a parsed query
 * stays inside its bounds and every key is [a-z0-9_].
 *
 * Owns: one NUL-terminated copy of the input per call. Fails: aborts on a broken invariant.
 */
#include "../src/web/router.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const methods[] = {"GET", "POST", "DELETE", "PUT", "PATCH"};
    const char *method = methods[data[0] % 5];
    char *target = malloc(size);
    if (!target)
        return 0;
    memcpy(target, data + 1, size - 1);
    target[size - 1] = '\0';
    char *q = strchr(target, '?');
    if (q)
        *q++ = '\0';
    struct easel_route r;
    int status = easel_route_match(method, target, &r);
    if (status != r.status || (status != 200 && status != 404 && status != 405))
        abort();
    if (status == 405 && !r.allow)
        abort();
    size_t rn = strlen(r.ref);
    if (rn > EASEL_REF_MAX)
        abort();
    for (size_t i = 0; i < rn; i++)
        if (!((r.ref[i] >= 'a' && r.ref[i] <= 'z') || (r.ref[i] >= '0' && r.ref[i] <= '9') ||
              r.ref[i] == '-'))
            abort();
    if (status != 404 &&
        (r.id == EASEL_ROUTE_CLIENT || r.id == EASEL_ROUTE_MEASURES ||
         r.id == EASEL_ROUTE_PROGRESS) &&
        rn == 0)
        abort();
    /* a {name} segment: 1-32 of a-z 0-9 -, and only on the chart and token routes */
    size_t nn = strlen(r.name);
    if (nn > EASEL_NAME_MAX || (nn && r.id != EASEL_ROUTE_CHART && r.id != EASEL_ROUTE_TOKEN) ||
        (status != 404 && r.id == EASEL_ROUTE_CHART && nn == 0))
        abort();
    for (size_t i = 0; i < nn; i++)
        if (!((r.name[i] >= 'a' && r.name[i] <= 'z') || (r.name[i] >= '0' && r.name[i] <= '9') ||
              r.name[i] == '-'))
            abort();
    (void)easel_route_name(r.id);
    if (q) {
        struct easel_query query;
        char field[40];
        if (easel_query_parse(q, strlen(q), &query, field, sizeof(field)) == 0) {
            if (query.n > EASEL_QUERY_PARAMS)
                abort();
            for (size_t i = 0; i < query.n; i++) {
                size_t kn = strlen(query.p[i].key);
                if (kn < 1 || kn > EASEL_QUERY_KEY_MAX ||
                    strlen(query.p[i].value) > EASEL_QUERY_VALUE_MAX)
                    abort();
                for (size_t k = 0; k < kn; k++) {
                    char c = query.p[i].key[k];
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
                        abort();
                }
                if (easel_query_get(&query, query.p[i].key) != query.p[i].value)
                    abort(); /* keys are unique */
            }
        }
    }
    free(target);
    return 0;
}
