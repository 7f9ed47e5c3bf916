/*
 * web/multipart.h — internal to the web layer (and its fuzz harness): a bounded, pure parser
 * for multipart/form-data request bodies (RFC 7578), as the artwork upload sends them.
 *
 * Accepted: the boundary from the Content-Type parameter (1-70 characters of RFC 2046's
 * bchars, quoted or not); the body starts with the first delimiter line (no preamble) and ends
 * with the closing delimiter (optionally followed by CRLF, nothing else); each part has CRLF
 * header lines, of which only Content-Disposition (required: form-data; name="..."; optional
 * filename="...") and Content-Type are allowed. Limits: EASEL_MP_PARTS_MAX parts, header lines
 * of EASEL_MP_LINE_MAX bytes, EASEL_MP_HEADERS_MAX headers a part, names of EASEL_MP_NAME_MAX
 * printable ASCII characters, no repeated name.
 *
 * Owns: nothing; names are copied into the result's fixed fields, data points into the body.
 * Borrows: content type and body during the call (the body as long as the parts are used).
 * Fails: -1 with `part` naming the offending part (its name when known, else "part N", or
 * "Content-Type" / "multipart" for the envelope) and `msg` telling what is wrong.
 */
#ifndef EASEL_WEB_MULTIPART_H
#define EASEL_WEB_MULTIPART_H

#include <stddef.h>

#define EASEL_MP_PARTS_MAX 16
#define EASEL_MP_LINE_MAX 1024
#define EASEL_MP_HEADERS_MAX 8
#define EASEL_MP_NAME_MAX 64
#define EASEL_MP_BOUNDARY_MAX 70

struct easel_mp_part {
    char name[EASEL_MP_NAME_MAX + 1];
    char filename[256]; /* "" when none (never used by easel beyond "was it a file") */
    char content_type[128];
    const char *data; /* into the body */
    size_t len;
};

struct easel_multipart {
    size_t n;
    struct easel_mp_part parts[EASEL_MP_PARTS_MAX];
};

int easel_multipart_parse(const char *content_type, const char *body, size_t len,
                          struct easel_multipart *mp, char *part, size_t part_size, char *msg,
                          size_t msg_size);
/* The part with this name, or NULL. */
const struct easel_mp_part *easel_multipart_get(const struct easel_multipart *mp, const char *name);

#endif
