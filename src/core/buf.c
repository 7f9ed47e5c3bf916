/*
 * core/buf.c — growable buffer with a hard cap and a sticky failure flag.
 */
#include "easel/buf.h"
#include "easel/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void easel_buf_init(struct easel_buf *b, size_t max)
{
    memset(b, 0, sizeof(*b));
    b->max = max;
}

void easel_buf_release(struct easel_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

static int grow(struct easel_buf *b, size_t need)
{
    if (need + 1 > b->max) {
        b->failed = EASEL_ETOOBIG;
        return EASEL_ETOOBIG;
    }
    if (need + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need + 1)
        cap *= 2;
    if (cap > b->max)
        cap = b->max;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = EASEL_ENOMEM;
        return EASEL_ENOMEM;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int easel_buf_add(struct easel_buf *b, const void *data, size_t len)
{
    if (b->failed)
        return b->failed;
    int rc = grow(b, b->len + len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int easel_buf_puts(struct easel_buf *b, const char *s)
{
    return easel_buf_add(b, s, strlen(s));
}

int easel_buf_printf(struct easel_buf *b, const char *fmt, ...)
{
    if (b->failed)
        return b->failed;
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        b->failed = EASEL_EINVAL;
        return EASEL_EINVAL;
    }
    int rc = grow(b, b->len + (size_t)n);
    if (rc) {
        va_end(ap2);
        return rc;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return 0;
}

int easel_buf_html(struct easel_buf *b, const char *s, unsigned flags)
{
    if (!s)
        return b->failed;
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\n':
            if (flags & EASEL_ESC_BR)
                rep = "<br>";
            break;
        default:
            if ((flags & EASEL_ESC_NO_CONTROLS) && c < 0x20 && c != '\t')
                rep = "";
            break;
        }
        if (!rep)
            continue;
        easel_buf_add(b, run, (size_t)(s - run));
        easel_buf_puts(b, rep);
        run = s + 1;
    }
    easel_buf_add(b, run, (size_t)(s - run));
    return b->failed;
}

int easel_buf_json_str(struct easel_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    easel_buf_add(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
            easel_buf_add(b, "\\\"", 2);
            break;
        case '\\':
            easel_buf_add(b, "\\\\", 2);
            break;
        case '\n':
            easel_buf_add(b, "\\n", 2);
            break;
        case '\r':
            easel_buf_add(b, "\\r", 2);
            break;
        case '\t':
            easel_buf_add(b, "\\t", 2);
            break;
        default:
            if (*p < 0x20) {
                char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
                easel_buf_add(b, esc, 6);
            } else {
                easel_buf_add(b, p, 1);
            }
        }
    }
    return easel_buf_add(b, "\"", 1);
}

const char *easel_buf_str(const struct easel_buf *b)
{
    return b->data ? b->data : "";
}
