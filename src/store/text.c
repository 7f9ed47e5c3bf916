/*
 * store/text.c — the one check of free text a person typed before it is stored (names,
 * titles, words): valid UTF-8, a length in characters, and no character that would reach a
 * terminal, a log or a row as something other than text: C0 and C1 controls (ESC, CR, LF in a
 * one-line field), DEL, and the bidirectional overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) that make a name read differently from what is stored.
 *
 * Also the two shapes of a chosen value: a reference ([a-z0-9-], 1-64) and one word of a list.
 *
 * Owns: nothing. Borrows: the text. Fails: EASEL_EINVAL naming the field, EASEL_ETOOBIG.
 */
#include "store_int.h"

#include <stdint.h>
#include <string.h>

int easel__text_check(const char *s, size_t max, bool multiline, const char *where,
                      const char *field, struct easel_error *err)
{
    size_t chars = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        unsigned c = *p;
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
        if (n > 1 && (c < 0xC2 || c > 0xF4))
            return easel_error_set(err, EASEL_EINVAL, where, field, "is not valid UTF-8");
        for (size_t i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80) /* also stops at the NUL */
                return easel_error_set(err, EASEL_EINVAL, where, field, "is not valid UTF-8");
            cp = cp << 6 | (p[i] & 0x3Fu);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return easel_error_set(err, EASEL_EINVAL, where, field, "is not valid UTF-8");
        if ((cp < 0x20 && !(multiline && (cp == '\n' || cp == '\r' || cp == '\t'))) ||
            (cp >= 0x7F && cp <= 0x9F))
            return easel_error_set(err, EASEL_EINVAL, where, field,
                                   "contains a control character (U+%04X)", (unsigned)cp);
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            return easel_error_set(err, EASEL_EINVAL, where, field,
                                   "contains a text-direction control (U+%04X)", (unsigned)cp);
        if (++chars > max)
            return easel_error_set(err, EASEL_ETOOBIG, where, field, "at most %zu characters", max);
        p += n;
    }
    return 0;
}

bool easel__valid_ref(const char *r)
{
    size_t n = r ? strlen(r) : 0;
    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((r[i] >= 'a' && r[i] <= 'z') || (r[i] >= '0' && r[i] <= '9') || r[i] == '-'))
            return false;
    return true;
}

bool easel__one_of(const char *v, const char *const *allowed)
{
    for (; v && *allowed; allowed++)
        if (strcmp(v, *allowed) == 0)
            return true;
    return false;
}
