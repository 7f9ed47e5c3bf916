/*
 * core/error.c — easel_strerror and the fixed-size error record. Never allocates.
 */
#include "easel/error.h"

#include <stdio.h>
#include <string.h>

const char *easel_strerror(int code)
{
    switch (code) {
    case EASEL_OK:
        return "ok";
#define EASEL__CASE(name, value, text)                                                             \
    case EASEL_##name:                                                                             \
        return text;
        EASEL_ERRNO_MAP(EASEL__CASE)
#undef EASEL__CASE
    }
    return "unknown error";
}

static void copy_field(char *dst, size_t size, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    snprintf(dst, size, "%s", src);
}

int easel_error_set(struct easel_error *err, int code, const char *where, const char *field,
                    const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    copy_field(err->where, sizeof(err->where), where);
    copy_field(err->field, sizeof(err->field), field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

void easel_error_format(const struct easel_error *err, char *out, unsigned long size)
{
    if (!size)
        return;
    const char *sep1 = err->where[0] ? ": " : "";
    const char *sep2 = err->field[0] ? ": " : "";
    snprintf(out, size, "%s%s%s%s%s", err->where, sep1, err->field, sep2,
             err->msg[0] ? err->msg : easel_strerror(err->code));
}
