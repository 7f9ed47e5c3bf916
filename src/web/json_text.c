/*
 * web/json_text.c — the compact JSON text of every answer the API sends: the same bytes as
 * jansson's json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) (keys in byte order, strings escaped as
 * jansson escapes them, reals as its "%.17g" with ".0" added), written straight into one
 * growing buffer. json_dumps goes through a callback and a string buffer per token and took
 * 160-200 us for the 12 KB chart answer, a quarter of the server's CPU under load; this takes a
 * fraction of it (bench figures in bench/README.md, equality in tests/test_json_text.c).
 *
 * Owns: the text it returns. Borrows: the value. Fails: NULL (out of memory, too deep).
 */
#include "json_text.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(struct web_json_buf *o, size_t more)
{
    if (o->failed)
        return -1;
    if (o->len + more <= o->cap)
        return 0;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->len + more)
        cap *= 2;
    char *p = realloc(o->p, cap);
    if (!p) {
        o->failed = 1;
        return -1;
    }
    o->p = p;
    o->cap = cap;
    return 0;
}

static void put(struct web_json_buf *o, const char *s, size_t n)
{
    if (grow(o, n) == 0) {
        memcpy(o->p + o->len, s, n);
        o->len += n;
    }
}

static void put_char(struct web_json_buf *o, char c)
{
    if (grow(o, 1) == 0)
        o->p[o->len++] = c;
}

/* Escapes '"', '\\' and control characters as jansson does (no slash or non-ASCII escaping:
   jansson's strings are valid UTF-8, which is copied as it is). */
static void put_string(struct web_json_buf *o, const char *s, size_t n)
{
    if (grow(o, n + 2) != 0)
        return;
    o->p[o->len++] = '"';
    size_t run = 0; /* bytes copied as they are, not yet written */
    for (size_t i = 0; i < n; i++) {
        /* eight bytes at a time while none needs escaping (a control character, '"', '\\') */
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
            uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
            uint64_t hit = ((x - ones * 0x20) | (q - ones) | (b - ones)) & ~x & highs;
            if (hit)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(o, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            put(o, "\\\"", 2);
            break;
        case '\\':
            put(o, "\\\\", 2);
            break;
        case '\b':
            put(o, "\\b", 2);
            break;
        case '\f':
            put(o, "\\f", 2);
            break;
        case '\n':
            put(o, "\\n", 2);
            break;
        case '\r':
            put(o, "\\r", 2);
            break;
        case '\t':
            put(o, "\\t", 2);
            break;
        default: {
            char seq[8];
            snprintf(seq, sizeof(seq), "\\u%04X", (unsigned)c);
            put(o, seq, 6);
        }
        }
    }
    put(o, s + run, n - run);
    put_char(o, '"');
}

/* jansson's jsonp_dtostr with its default precision of 17 (the C locale). */
static void put_real(struct web_json_buf *o, double v)
{
    char b[64];
    int n = snprintf(b, sizeof(b) - 3, "%.17g", v);
    if (n < 0 || (size_t)n >= sizeof(b) - 3) {
        o->failed = 1;
        return;
    }
    size_t len = (size_t)n;
    if (!strchr(b, '.') && !strchr(b, 'e')) {
        memcpy(b + len, ".0", 3);
        len += 2;
    }
    char *start = strchr(b, 'e');
    if (start) { /* no '+' and no leading zeros in the exponent */
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - b) + 1);
            len -= (size_t)(end - start);
        }
    }
    put(o, b, len);
}

struct member {
    const char *key;
    size_t len;
    json_t *value;
};

static int cmp_member(const void *a, const void *b)
{
    const struct member *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void put_value(struct web_json_buf *o, const json_t *v, int depth);

/* digits written backwards: snprintf is a third of the time */
static void put_int(struct web_json_buf *o, long long i)
{
    char b[32];
    unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
    char *e = b + sizeof(b), *d = e;
    do {
        *--d = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (i < 0)
        *--d = '-';
    put(o, d, (size_t)(e - d));
}

static void put_object(struct web_json_buf *o, const json_t *v, int depth)
{
    size_t n = json_object_size(v);
    if (n == 0) {
        put(o, "{}", 2);
        return;
    }
    struct member local[64], *m = local;
    if (n > sizeof(local) / sizeof(local[0]) && !(m = malloc(n * sizeof(*m)))) {
        o->failed = 1;
        return;
    }
    size_t k = 0;
    for (void *it = json_object_iter((json_t *)v); it && k < n;
         it = json_object_iter_next((json_t *)v, it)) {
        m[k].key = json_object_iter_key(it);
        m[k].len = json_object_iter_key_len(it);
        m[k].value = json_object_iter_value(it);
        k++;
    }
    if (k > 16) {
        qsort(m, k, sizeof(*m), cmp_member);
    } else { /* an answer's objects are small: insertion sort, no calls through a pointer */
        for (size_t i = 1; i < k; i++) {
            struct member x = m[i];
            size_t j = i;
            for (; j > 0 && cmp_member(&m[j - 1], &x) > 0; j--)
                m[j] = m[j - 1];
            m[j] = x;
        }
    }
    put_char(o, '{');
    for (size_t i = 0; i < k && !o->failed; i++) {
        if (i)
            put_char(o, ',');
        put_string(o, m[i].key, m[i].len);
        put_char(o, ':');
        put_value(o, m[i].value, depth + 1);
    }
    put_char(o, '}');
    if (m != local)
        free(m);
}

static void put_value(struct web_json_buf *o, const json_t *v, int depth)
{
    if (o->failed)
        return;
    if (depth > WEB_JSON_DEPTH_MAX) {
        o->failed = 1;
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        put_object(o, v, depth);
        break;
    case JSON_ARRAY: {
        put_char(o, '[');
        size_t n = json_array_size(v);
        for (size_t i = 0; i < n && !o->failed; i++) {
            if (i)
                put_char(o, ',');
            put_value(o, json_array_get(v, i), depth + 1);
        }
        put_char(o, ']');
        break;
    }
    case JSON_STRING:
        put_string(o, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        put_int(o, json_integer_value(v));
        break;
    case JSON_REAL:
        put_real(o, json_real_value(v));
        break;
    case JSON_TRUE:
        put(o, "true", 4);
        break;
    case JSON_FALSE:
        put(o, "false", 5);
        break;
    case JSON_NULL:
        put(o, "null", 4);
        break;
    }
}

char *web_json_text(const json_t *v, size_t *len)
{
    struct web_json_buf o = {0};
    if (!v)
        return NULL;
    put_value(&o, v, 0);
    put_char(&o, '\0');
    if (o.failed) {
        free(o.p);
        return NULL;
    }
    if (len)
        *len = o.len - 1;
    return o.p;
}

/* ---- the writer ---- */

static struct web_json_buf *out_of(struct web_jw *w)
{
    return &w->out;
}

void web_jw_init(struct web_jw *w)
{
    memset(w, 0, sizeof(*w));
}

void web_jw_reserve(struct web_jw *w, size_t n)
{
    grow(out_of(w), n);
}

/* before a value: a comma unless it follows its key or opens its container */
static void jw_value_start(struct web_jw *w)
{
    if (w->depth > 0 && w->close[w->depth - 1] == ']' && w->more[w->depth - 1])
        put_char(out_of(w), ',');
    if (w->depth > 0)
        w->more[w->depth - 1] = 1;
}

static void jw_open(struct web_jw *w, char open, char close)
{
    jw_value_start(w);
    if (w->depth >= WEB_JW_DEPTH) {
        w->out.failed = 1;
        return;
    }
    put_char(out_of(w), open);
    w->close[w->depth] = close;
    w->more[w->depth] = 0;
    w->last_key[w->depth] = NULL;
    w->depth++;
}

void web_jw_object(struct web_jw *w)
{
    jw_open(w, '{', '}');
}

void web_jw_array(struct web_jw *w)
{
    jw_open(w, '[', ']');
}

void web_jw_end(struct web_jw *w)
{
    if (w->depth == 0) {
        w->out.failed = 1;
        return;
    }
    w->depth--;
    put_char(out_of(w), w->close[w->depth]);
}

void web_jw_key(struct web_jw *w, const char *key)
{
    if (w->depth == 0 || w->close[w->depth - 1] != '}') {
        w->out.failed = 1;
        return;
    }
    int d = w->depth - 1;
    assert(!w->last_key[d] || strcmp(w->last_key[d], key) < 0); /* JSON_SORT_KEYS's order */
    w->last_key[d] = key;
    if (w->more[d])
        put_char(out_of(w), ',');
    w->more[d] = 0; /* the value that follows writes no comma */
    put_string(out_of(w), key, strlen(key));
    put_char(out_of(w), ':');
}

void web_jw_str(struct web_jw *w, const char *s)
{
    jw_value_start(w);
    if (s)
        put_string(out_of(w), s, strlen(s));
    else
        put(out_of(w), "null", 4);
}

void web_jw_int(struct web_jw *w, long long i)
{
    jw_value_start(w);
    put_int(out_of(w), i);
}

void web_jw_null(struct web_jw *w)
{
    jw_value_start(w);
    put(out_of(w), "null", 4);
}

void web_jw_bool(struct web_jw *w, bool b)
{
    jw_value_start(w);
    if (b)
        put(out_of(w), "true", 4);
    else
        put(out_of(w), "false", 5);
}

void web_jw_value(struct web_jw *w, const json_t *v)
{
    jw_value_start(w);
    if (v)
        put_value(out_of(w), v, w->depth);
    else
        put(out_of(w), "null", 4);
}

void web_jw_member_str(struct web_jw *w, const char *key, const char *s)
{
    web_jw_key(w, key);
    web_jw_str(w, s);
}

void web_jw_member_int(struct web_jw *w, const char *key, long long i)
{
    web_jw_key(w, key);
    web_jw_int(w, i);
}

char *web_jw_finish(struct web_jw *w, size_t *len)
{
    struct web_json_buf *o = out_of(w);
    put_char(o, '\0');
    char *text = o->p;
    size_t n = o->len ? o->len - 1 : 0;
    int bad = o->failed || w->depth != 0 || n == 0;
    web_jw_init(w);
    if (bad) {
        free(text);
        return NULL;
    }
    if (len)
        *len = n;
    return text;
}
