/*
 * easel/buf.h — a growable byte buffer with a hard maximum (after curl's dynbuf).
 *
 * Owns: its heap block, freed by easel_buf_release. Borrows: nothing.
 * Fails: appends return EASEL_ENOMEM or EASEL_ETOOBIG and set the sticky `failed` flag; later
 * appends are no-ops, so a writer may append many pieces and check once at the end.
 */
#ifndef EASEL_BUF_H
#define EASEL_BUF_H

#include <stddef.h>

struct easel_buf {
    char *data; /* NUL-terminated when len > 0 */
    size_t len;
    size_t cap;
    size_t max;
    int failed; /* first error code, 0 if none */
};

void easel_buf_init(struct easel_buf *b, size_t max);
void easel_buf_release(struct easel_buf *b);
int easel_buf_add(struct easel_buf *b, const void *data, size_t len);
int easel_buf_puts(struct easel_buf *b, const char *s);
int easel_buf_printf(struct easel_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append s as a JSON string literal, with quotes and escapes. */
int easel_buf_json_str(struct easel_buf *b, const char *s);
/* Append s (NULL: nothing) with & < > " ' as HTML/XML character references. EASEL_ESC_BR: a
   newline becomes "<br>"; EASEL_ESC_NO_CONTROLS: control characters other than tab and newline
   (which XML 1.0 forbids) are dropped. Returns the buffer's failed code. */
enum { EASEL_ESC_BR = 1, EASEL_ESC_NO_CONTROLS = 2 };
int easel_buf_html(struct easel_buf *b, const char *s, unsigned flags);
const char *easel_buf_str(const struct easel_buf *b);

#endif
