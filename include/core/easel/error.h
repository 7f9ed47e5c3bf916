/*
 * easel/error.h — error codes and the error record every fallible easel function fills.
 *
 * Owns: the EASEL_E* codes (one X-macro), struct easel_error (fixed-size, never allocates).
 * Borrows: nothing. Fails: never; easel_error_set truncates long messages.
 */
#ifndef EASEL_ERROR_H
#define EASEL_ERROR_H

#include <stdarg.h>

#define EASEL_ERRNO_MAP(X)                                                                         \
    X(EINVAL, -1, "invalid input")                                                                 \
    X(ENOMEM, -2, "out of memory")                                                                 \
    X(EIO, -3, "input/output error")                                                               \
    X(ENOTFOUND, -4, "not found")                                                                  \
    X(EKB, -5, "knowledge base invalid")                                                           \
    X(ETOOBIG, -6, "too large")                                                                    \
    X(EUSAGE, -7, "usage error")                                                                   \
    X(ECONFLICT, -8, "conflict with a newer version")                                              \
    X(EDB, -9, "database error")                                                                   \
    X(EREADONLY, -10, "record is signed and cannot change")

enum easel_errno {
    EASEL_OK = 0,
#define EASEL__ENUM(name, value, text) EASEL_##name = value,
    EASEL_ERRNO_MAP(EASEL__ENUM)
#undef EASEL__ENUM
};

struct easel_error {
    int code;        /* 0 or an EASEL_E* code */
    char where[160]; /* file, item or line: "kb/media/clay.json" */
    char field[96];  /* field path: "session.minutes" */
    char msg[256];   /* what is wrong, in plain words */
};

const char *easel_strerror(int code);

/* Record an error; returns code so callers can `return easel_error_set(...)`. err may be NULL. */
int easel_error_set(struct easel_error *err, int code, const char *where, const char *field,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* One line: "where: field: msg" (parts left out when empty). */
void easel_error_format(const struct easel_error *err, char *out, unsigned long size);

#endif
