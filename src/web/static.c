/*
 * web/static.c — serves the embedded browser client: GET / is web/index.html, GET /app.css,
 * GET /app/NAME.js ... are the files under web/ by their exact names, with the content type
 * fixed at build time and the same security headers as the API (Cache-Control: no-cache, so a
 * new binary's files are fetched again). Anything else outside /api is 404; methods other
 * than GET and HEAD are 405. Nothing touches the file system, and the name is matched on the
 * raw request target (before percent-decoding).
 *
 * Owns: nothing (the bytes are static data). Borrows: connection and URL during the call.
 * Fails: a 404/405 JSON answer; MHD_NO only when libmicrohttpd cannot build the response.
 */
#include "static.h"

#include "response.h"

#include <stdlib.h>
#include <string.h>

bool web_static_wants(const char *url)
{
    return !(strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0 ||
             strncmp(url, "/fhir/", 6) == 0 || strcmp(url, "/fhir") == 0);
}

static int by_path(const void *key, const void *elem)
{
    return strcmp(key, ((const struct web_static_file *)elem)->path);
}

const struct web_static_file *web_static_find(const char *url)
{
    if (strcmp(url, "/") == 0)
        url = "/index.html";
    return bsearch(url, web_static_files, web_static_count, sizeof(web_static_files[0]), by_path);
}

static enum MHD_Result answer(struct MHD_Connection *c, int status, const char *type,
                              const void *data, size_t len, const char *allow)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    web_security_headers(resp);
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    if (allow)
        MHD_add_response_header(resp, "Allow", allow);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return ok;
}

enum MHD_Result web_static_respond(struct MHD_Connection *c, const char *method, const char *url,
                                   int *status)
{
    static const char json[] = "application/json; charset=utf-8";
    static const char not_found[] = "{\"error\":\"not found\"}";
    static const char not_allowed[] = "{\"error\":\"method not allowed here\"}";
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        *status = 405;
        return answer(c, 405, json, not_allowed, sizeof(not_allowed) - 1, "GET, HEAD");
    }
    /* the raw request target: its path must be an embedded name exactly, so a %-escape
       (an encoded "..", "/" or NUL) never matches; the query string is ignored */
    char path[256];
    size_t n = strcspn(url, "?");
    const struct web_static_file *f = NULL;
    if (n < sizeof(path)) {
        memcpy(path, url, n);
        path[n] = '\0';
        f = web_static_find(path);
    }
    if (!f) {
        *status = 404;
        return answer(c, 404, json, not_found, sizeof(not_found) - 1, NULL);
    }
    *status = 200;
    return answer(c, 200, f->type, f->data, f->len, NULL);
}
