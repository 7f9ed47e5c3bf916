/*
 * easel/value.h — a value bound to, or read from, a database statement: int64, text, blob or
 * NULL. Used by the store backends and by whole-practice import.
 *
 * Owns nothing: text and blob point at the caller's memory. Fails: never.
 */
#ifndef EASEL_VALUE_H
#define EASEL_VALUE_H

#include <stddef.h>
#include <stdint.h>

enum easel_val_type { EASEL_V_NULL, EASEL_V_INT, EASEL_V_TEXT, EASEL_V_BLOB };

struct easel_val {
    enum easel_val_type type;
    int64_t i;     /* EASEL_V_INT */
    const char *p; /* EASEL_V_TEXT (NUL-terminated) or EASEL_V_BLOB */
    size_t len;    /* bytes of p (text: without the NUL) */
};

/* Helpers for building parameter lists. */
static inline struct easel_val easel_vint(int64_t i)
{
    struct easel_val v = {EASEL_V_INT, i, NULL, 0};
    return v;
}
struct easel_val easel_vtext(const char *s); /* NULL -> SQL NULL */
struct easel_val easel_vblob(const void *p, size_t len);

#endif
