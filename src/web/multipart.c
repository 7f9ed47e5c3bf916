/*
 * web/multipart.c — the multipart/form-data parser (multipart.h): boundary from the
 * Content-Type, then delimiter, headers, data, delimiter ... closing delimiter, every step
 * bounded. Pure: no I/O, no allocation. Fuzzed by fuzz/fuzz_multipart.c.
 *
 * Owns: nothing. Borrows: inputs during the call. Fails: -1 naming the part (multipart.h).
 */
#include "multipart.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct ctx {
    char *part, *msg;
    size_t part_size, msg_size;
};

static int fail(struct ctx *c, const char *part, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(struct ctx *c, const char *part, const char *fmt, ...)
{
    if (c->part && c->part_size)
        snprintf(c->part, c->part_size, "%s", part);
    if (c->msg && c->msg_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->msg, c->msg_size, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static bool bchar(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           strchr("'()+_,-./:=? ", ch) != NULL;
}

/* The boundary parameter of "multipart/form-data; boundary=..." into out. */
static int boundary_of(struct ctx *c, const char *ct, char *out)
{
    static const char type[] = "multipart/form-data";
    if (!ct || strncasecmp(ct, type, sizeof(type) - 1) != 0)
        return fail(c, "Content-Type", "the body must be multipart/form-data");
    const char *p = ct + sizeof(type) - 1;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != ';')
            return fail(c, "Content-Type", "malformed parameters");
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *eq = strchr(p, '=');
        if (!eq)
            return fail(c, "Content-Type", "malformed parameters");
        bool is_boundary = (size_t)(eq - p) == 8 && strncasecmp(p, "boundary", 8) == 0;
        p = eq + 1;
        bool quoted = *p == '"';
        p += quoted;
        size_t n = 0;
        while (*p && (quoted ? *p != '"' : (*p != ';' && *p != ' ' && *p != '\t'))) {
            if (is_boundary) {
                if (n == EASEL_MP_BOUNDARY_MAX || !bchar(*p))
                    return fail(c, "Content-Type",
                                "the boundary must be 1-70 characters of "
                                "letters, digits and '()+_,-./:=? ");
                out[n++] = *p;
            }
            p++;
        }
        if (quoted) {
            if (*p != '"')
                return fail(c, "Content-Type", "unterminated quoted parameter");
            p++;
        }
        if (is_boundary) {
            if (n == 0 || out[n - 1] == ' ')
                return fail(c, "Content-Type", "empty or malformed boundary");
            out[n] = '\0';
            return 0;
        }
    }
    return fail(c, "Content-Type", "no boundary parameter");
}

/* Position of "\r\n--" boundary in [p, end), or NULL. Linear: the boundary holds no CR. */
static const char *find_delim(const char *p, const char *end, const char *b, size_t bn)
{
    while (p < end) {
        const char *cr = memchr(p, '\r', (size_t)(end - p));
        if (!cr || (size_t)(end - cr) < bn + 4)
            return NULL;
        if (cr[1] == '\n' && cr[2] == '-' && cr[3] == '-' && memcmp(cr + 4, b, bn) == 0)
            return cr;
        p = cr + 1;
    }
    return NULL;
}

/* value of a Content-Disposition parameter: quoted (no escapes) or a token */
static int param_value(struct ctx *c, const char *label, const char **pp, const char *end,
                       char *out, size_t size)
{
    const char *p = *pp;
    size_t n = 0;
    if (p < end && *p == '"') {
        p++;
        while (p < end && *p != '"') {
            if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
                return fail(c, label, "control character or backslash in Content-Disposition");
            if (n + 1 >= size)
                return fail(c, label, "Content-Disposition value too long");
            out[n++] = *p++;
        }
        if (p == end)
            return fail(c, label, "unterminated quoted value in Content-Disposition");
        p++;
    } else {
        while (p < end && *p != ';' && *p != ' ' && *p != '\t') {
            if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"')
                return fail(c, label, "malformed Content-Disposition value");
            if (n + 1 >= size)
                return fail(c, label, "Content-Disposition value too long");
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    *pp = p;
    return 0;
}

static int disposition(struct ctx *c, const char *label, const char *p, const char *end,
                       struct easel_mp_part *part)
{
    static const char fd[] = "form-data";
    if ((size_t)(end - p) < sizeof(fd) - 1 || strncasecmp(p, fd, sizeof(fd) - 1) != 0)
        return fail(c, label, "Content-Disposition must be form-data");
    p += sizeof(fd) - 1;
    bool has_name = false, has_file = false;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p == end)
            break;
        if (*p != ';')
            return fail(c, label, "malformed Content-Disposition");
        p++;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq)
            return fail(c, label, "malformed Content-Disposition parameter");
        size_t kn = (size_t)(eq - p);
        const char *v = eq + 1;
        if (kn == 4 && strncasecmp(p, "name", 4) == 0 && !has_name) {
            if (param_value(c, label, &v, end, part->name, sizeof(part->name)))
                return -1;
            has_name = true;
        } else if (kn == 8 && strncasecmp(p, "filename", 8) == 0 && !has_file) {
            if (param_value(c, label, &v, end, part->filename, sizeof(part->filename)))
                return -1;
            has_file = true;
        } else {
            return fail(c, label, "unexpected or repeated Content-Disposition parameter");
        }
        p = v;
    }
    if (!has_name || !part->name[0])
        return fail(c, label, "Content-Disposition has no name");
    for (const char *q = part->name; *q; q++)
        if (*q < 0x21 || *q > 0x7e)
            return fail(c, label, "the part name must be printable ASCII");
    return 0;
}

/* Header lines from *pp up to the empty line; *pp ends after it. */
static int headers(struct ctx *c, size_t index, const char **pp, const char *end,
                   struct easel_mp_part *part)
{
    char label[32];
    snprintf(label, sizeof(label), "part %zu", index + 1);
    const char *p = *pp;
    bool has_cd = false, has_ct = false;
    for (int k = 0;; k++) {
        const char *lf = NULL;
        for (const char *q = p; q < end && q < p + EASEL_MP_LINE_MAX + 2; q++)
            if (*q == '\n') {
                lf = q;
                break;
            }
        if (!lf || lf == p || lf[-1] != '\r')
            return fail(c, has_cd ? part->name : label,
                        "part headers must be CRLF lines of at most %d bytes", EASEL_MP_LINE_MAX);
        const char *le = lf - 1; /* line end (the CR) */
        if (le == p) {           /* the empty line */
            *pp = lf + 1;
            break;
        }
        if (k == EASEL_MP_HEADERS_MAX)
            return fail(c, has_cd ? part->name : label, "too many part headers");
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (!colon)
            return fail(c, has_cd ? part->name : label, "malformed part header");
        const char *v = colon + 1;
        while (v < le && (*v == ' ' || *v == '\t'))
            v++;
        size_t hn = (size_t)(colon - p);
        if (hn == 19 && strncasecmp(p, "Content-Disposition", 19) == 0 && !has_cd) {
            if (disposition(c, label, v, le, part))
                return -1;
            has_cd = true;
        } else if (hn == 12 && strncasecmp(p, "Content-Type", 12) == 0 && !has_ct) {
            size_t n = (size_t)(le - v);
            if (n == 0 || n >= sizeof(part->content_type))
                return fail(c, has_cd ? part->name : label, "malformed part Content-Type");
            for (size_t i = 0; i < n; i++)
                if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
                    return fail(c, has_cd ? part->name : label, "malformed part Content-Type");
            memcpy(part->content_type, v, n);
            part->content_type[n] = '\0';
            has_ct = true;
        } else {
            return fail(c, has_cd ? part->name : label, "unexpected or repeated part header");
        }
        p = lf + 1;
    }
    if (!has_cd)
        return fail(c, label, "the part has no Content-Disposition");
    return 0;
}

int easel_multipart_parse(const char *content_type, const char *body, size_t len,
                          struct easel_multipart *mp, char *part, size_t part_size, char *msg,
                          size_t msg_size)
{
    struct ctx c = {part, msg, part_size, msg_size};
    char b[EASEL_MP_BOUNDARY_MAX + 1] = "";
    memset(mp, 0, sizeof(*mp));
    if (part && part_size)
        part[0] = '\0';
    if (boundary_of(&c, content_type, b))
        return -1;
    size_t bn = strlen(b);
    const char *p = body ? body : "", *end = p + (body ? len : 0);
    /* the first delimiter, without the leading CRLF */
    if ((size_t)(end - p) < bn + 2 || p[0] != '-' || p[1] != '-' || memcmp(p + 2, b, bn) != 0)
        return fail(&c, "multipart", "the body must start with the boundary");
    p += bn + 2;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') { /* the closing delimiter */
            p += 2;
            if (p == end || (end - p == 2 && p[0] == '\r' && p[1] == '\n'))
                break;
            return fail(&c, "multipart", "data after the closing boundary");
        }
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return fail(&c, "multipart", "the boundary line must end with CRLF");
        p += 2;
        if (mp->n == EASEL_MP_PARTS_MAX)
            return fail(&c, "multipart", "more than %d parts", EASEL_MP_PARTS_MAX);
        struct easel_mp_part *pt = &mp->parts[mp->n];
        if (headers(&c, mp->n, &p, end, pt))
            return -1;
        for (size_t i = 0; i < mp->n; i++)
            if (strcmp(mp->parts[i].name, pt->name) == 0)
                return fail(&c, pt->name, "the part appears twice");
        const char *d = find_delim(p, end, b, bn);
        if (!d)
            return fail(&c, pt->name, "the part does not end with the boundary");
        pt->data = p;
        pt->len = (size_t)(d - p);
        mp->n++;
        p = d + 4 + bn;
    }
    if (mp->n == 0)
        return fail(&c, "multipart", "no parts");
    return 0;
}

const struct easel_mp_part *easel_multipart_get(const struct easel_multipart *mp, const char *name)
{
    for (size_t i = 0; i < mp->n; i++)
        if (strcmp(mp->parts[i].name, name) == 0)
            return &mp->parts[i];
    return NULL;
}
