/*
 * store/values.c — text and blob parameters for driver.h's exec.
 *
 * Owns: nothing. Borrows: the caller's string or bytes, until the statement they are bound to
 * has run. Fails: never.
 */
#include "driver.h"

#include <string.h>

struct easel_val easel_vtext(const char *s)
{
    struct easel_val v = {EASEL_V_NULL, 0, NULL, 0};
    if (s) {
        v.type = EASEL_V_TEXT;
        v.p = s;
        v.len = strlen(s);
    }
    return v;
}

/* (NULL, 0) is an empty blob, never SQL NULL: sqlite3_bind_blob and libpq would both read a
   null pointer as NULL, so it becomes "". */
struct easel_val easel_vblob(const void *p, size_t len)
{
    struct easel_val v = {EASEL_V_BLOB, 0, p ? (const char *)p : "", p ? len : 0};
    return v;
}
