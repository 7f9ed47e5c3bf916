/*
 * web/static.h — internal to the web layer: the browser client (web/) embedded in the binary at
 * build time (cmake/embed_web.cmake generates the table) and served for every path outside /api
 * and /fhir.
 *
 * Owns: nothing; the table and its bytes are static data in the binary.
 * Borrows: the connection and the URL during web_static_respond.
 * Fails: web_static_respond answers 404 (not an embedded name) or 405 (not GET/HEAD) itself,
 * and returns MHD_NO only when libmicrohttpd cannot take the response (out of memory).
 */
#ifndef EASEL_WEB_STATIC_H
#define EASEL_WEB_STATIC_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

struct web_static_file {
    const char *path; /* "/index.html", "/app/main.js": the name under web/ with a leading / */
    const char *type; /* the Content-Type */
    const unsigned char *data;
    size_t len;
};

/* generated: sorted by path (strcmp order) */
extern const struct web_static_file web_static_files[];
extern const size_t web_static_count;

/* true for every path outside /api and /api/... (those go to the JSON API) */
bool web_static_wants(const char *url);
/* the embedded file for a request path ("/" is "/index.html"), or NULL: only exact embedded
   names match, so "..", "//" or encoded tricks can never reach the file system */
const struct web_static_file *web_static_find(const char *url);
/* queue the answer for the raw request target (path and query, not percent-decoded; the
   query is ignored); *status is set for the log line */
enum MHD_Result web_static_respond(struct MHD_Connection *c, const char *method, const char *url,
                                   int *status);

#endif
