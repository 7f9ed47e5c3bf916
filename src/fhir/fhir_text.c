/*
 * fhir/fhir_text.c — the pure parts of the FHIR layer (easel/fhir.h): deterministic UUIDs from a
 * record's identity, XHTML escaping for the narratives, base64 for Binary.
 */
#include "easel/fhir.h"
#include "fhir_int.h"
#include "easel/util.h"

#include <string.h>

void easel_fhir_uuid(const char *identity, char out[37])
{
    static const char prefix[] = "easel-fhir/1\n";
    struct easel_sha256 h;
    char hex[65];
    easel_sha256_init(&h);
    easel_sha256_update(&h, prefix, sizeof(prefix) - 1);
    easel_sha256_update(&h, identity, strlen(identity));
    easel_sha256_hex(&h, hex);
    static const char digits[] = "0123456789abcdef";
    hex[12] = '8'; /* version 8: custom (RFC 9562 5.8) */
    const char *p = strchr(digits, hex[16]);
    hex[16] = digits[8 | ((p ? (int)(p - digits) : 0) & 3)]; /* variant 10 */
    size_t o = 0;
    for (size_t i = 0; i < 32; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out[o++] = '-';
        out[o++] = hex[i];
    }
    out[o] = '\0';
}

int easel_fhir_xhtml_escape(struct easel_buf *b, const char *text)
{
    return easel_buf_html(b, text, EASEL_ESC_NO_CONTROLS);
}

int easel_fhir_base64(struct easel_buf *b, const void *data, size_t len)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *d = data;
    char chunk[4 * 1024];
    size_t n = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)d[i + 1] << 8;
        if (i + 2 < len)
            v |= d[i + 2];
        chunk[n++] = tab[(v >> 18) & 63];
        chunk[n++] = tab[(v >> 12) & 63];
        chunk[n++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
        chunk[n++] = i + 2 < len ? tab[v & 63] : '=';
        if (n + 4 > sizeof(chunk)) {
            easel_buf_add(b, chunk, n);
            n = 0;
        }
    }
    easel_buf_add(b, chunk, n);
    return b->failed;
}

void easel__fhir_json_str(struct easel_buf *b, const char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    easel_buf_add(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        easel_buf_add(b, p + run, i - run);
        run = i + 1;
        char esc[6] = {'\\', (char)c, 'u', '0', '0', '0'};
        size_t en = 2;
        if (c == '\n') {
            esc[1] = 'n';
        } else if (c == '\r') {
            esc[1] = 'r';
        } else if (c == '\t') {
            esc[1] = 't';
        } else if (c < 0x20) {
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            en = 6;
        }
        easel_buf_add(b, esc, en);
    }
    easel_buf_add(b, p + run, n - run);
    easel_buf_add(b, "\"", 1);
}
