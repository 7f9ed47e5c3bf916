/*
 * web/json_text.h — internal to the web layer: the compact text of a JSON answer, from a
 * jansson value or written as it goes (the writer, for answers on the hot path).
 *
 * Owns: the returned text (malloc; the caller frees it, or hands it to libmicrohttpd).
 * Borrows: the value during the call.
 * Fails: NULL when out of memory, the value is nested deeper than WEB_JSON_DEPTH_MAX, or a
 * writer's objects and arrays are not closed.
 */
#ifndef EASEL_WEB_JSON_TEXT_H
#define EASEL_WEB_JSON_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define WEB_JSON_DEPTH_MAX 256

/* The same bytes as json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS), in a fraction of its time;
 *len (when not NULL) gets the length. */
char *web_json_text(const json_t *v, size_t *len);

/* The writer: the same bytes as web_json_text of the tree it would have built, without the
   tree. Members must be written in byte order of their keys, as JSON_SORT_KEYS writes them
   (an assertion checks it). Errors (out of memory) are sticky and reported by finish. */
#define WEB_JW_DEPTH 16
struct web_json_buf {
    char *p;
    size_t len, cap;
    int failed;
};
struct web_jw {
    struct web_json_buf out;
    int depth;
    char close[WEB_JW_DEPTH];           /* '}' or ']' of each open container */
    unsigned char more[WEB_JW_DEPTH];   /* something was written in it: a comma comes next */
    const char *last_key[WEB_JW_DEPTH]; /* the order check */
};
void web_jw_init(struct web_jw *w);
/* Room for n bytes at once (the answer's usual size): no regrowth on the way. */
void web_jw_reserve(struct web_jw *w, size_t n);
void web_jw_object(struct web_jw *w); /* '{', as a value */
void web_jw_array(struct web_jw *w);  /* '[', as a value */
void web_jw_end(struct web_jw *w);    /* closes the innermost */
void web_jw_key(struct web_jw *w, const char *key);
void web_jw_str(struct web_jw *w, const char *s); /* NULL: null */
void web_jw_int(struct web_jw *w, long long i);
void web_jw_null(struct web_jw *w);
void web_jw_bool(struct web_jw *w, bool b);
void web_jw_value(struct web_jw *w, const json_t *v); /* NULL: null */
/* A member in one call: web_jw_key, then web_jw_str or web_jw_int. */
void web_jw_member_str(struct web_jw *w, const char *key, const char *s);
void web_jw_member_int(struct web_jw *w, const char *key, long long i);
/* The text (NUL-terminated, *len its length), or NULL; the writer is emptied either way. */
char *web_jw_finish(struct web_jw *w, size_t *len);

#endif
