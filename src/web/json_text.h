/*
 * web/json_text.h — internal to the web layer: the compact text of a JSON answer.
 *
 * Owns: the returned text (malloc; the caller frees it, or hands it to libmicrohttpd).
 * Borrows: the value during the call.
 * Fails: NULL when out of memory or the value is nested deeper than WEB_JSON_DEPTH_MAX.
 */
#ifndef EASEL_WEB_JSON_TEXT_H
#define EASEL_WEB_JSON_TEXT_H

#include <jansson.h>
#include <stddef.h>

#define WEB_JSON_DEPTH_MAX 256

/* The same bytes as json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS), in a fraction of its time;
 *len (when not NULL) gets the length. */
char *web_json_text(const json_t *v, size_t *len);

#endif
