/*
 * fuzz/fuzz_multipart.c — libFuzzer harness for the multipart/form-data parser
 * (src/web/multipart.c). Input: the Content-Type header up to the first '\n' (at most 256
 * bytes; NUL bytes end it, as in a C string from libmicrohttpd), the rest is the body.
 *
 * Checks, beyond the sanitizers: on success there are 1..EASEL_MP_PARTS_MAX parts, each with a
 * non-empty printable name, no repeated name, and data lying inside the body in order; on
 * failure the offending part is named (non-empty, NUL-terminated).
 *
 * Owns: one copy of the body per call (sized exactly, so reads past it are caught). Fails:
 * aborts on a broken invariant.
 */
#include "../src/web/multipart.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size < 257 ? size : 257);
    if (!nl)
        return 0;
    char ct[258];
    size_t cn = (size_t)(nl - data);
    memcpy(ct, data, cn);
    ct[cn] = '\0';
    size_t len = size - cn - 1;
    char *body = malloc(len ? len : 1);
    if (!body)
        return 0;
    if (len)
        memcpy(body, nl + 1, len);
    static struct easel_multipart mp;
    char part[EASEL_MP_NAME_MAX + 1], msg[200];
    int rc = easel_multipart_parse(ct, body, len, &mp, part, sizeof(part), msg, sizeof(msg));
    if (rc == 0) {
        if (mp.n < 1 || mp.n > EASEL_MP_PARTS_MAX)
            abort();
        const char *prev = body;
        for (size_t i = 0; i < mp.n; i++) {
            const struct easel_mp_part *p = &mp.parts[i];
            size_t nn = strnlen(p->name, sizeof(p->name));
            if (nn == 0 || nn > EASEL_MP_NAME_MAX)
                abort();
            for (size_t k = 0; k < nn; k++)
                if (p->name[k] < 0x21 || p->name[k] > 0x7e)
                    abort();
            if (p->data < prev || p->data + p->len > body + len)
                abort();
            prev = p->data + p->len;
            for (size_t k = 0; k < i; k++)
                if (strcmp(mp.parts[k].name, p->name) == 0)
                    abort();
            if (easel_multipart_get(&mp, p->name) != p)
                abort();
        }
    } else if (rc != -1 || !part[0] || strnlen(part, sizeof(part)) == sizeof(part) ||
               strnlen(msg, sizeof(msg)) == sizeof(msg)) {
        abort();
    }
    free(body);
    return 0;
}
