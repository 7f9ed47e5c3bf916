/*
 * easel/util.h — small helpers with I/O: read a whole file under a size cap, write a file
 * atomically, list a directory in sorted order, SHA-256.
 *
 * Owns: easel_dir_list returns a heap array the caller frees with easel_dir_list_free.
 * Borrows: nothing. Fails: EASEL_EIO (with err naming the path), EASEL_ETOOBIG, EASEL_ENOMEM.
 */
#ifndef EASEL_UTIL_H
#define EASEL_UTIL_H

#include "easel/buf.h"
#include "easel/error.h"

#include <stddef.h>
#include <stdint.h>

int easel_file_read(const char *path, size_t max, struct easel_buf *out, struct easel_error *err);

/* Write len bytes to path atomically: a temporary file in path's directory, flushed to disk,
   then renamed over path (and the directory synced). On any failure the temporary file is
   removed and path is untouched: a failed report never leaves a partial or empty file. The new
   file is readable and writable by its owner only (0600: reports hold client data). */
int easel_file_write_atomic(const char *path, const void *data, size_t len,
                            struct easel_error *err);

/* Sorted names of the regular files in dir whose names end in suffix. */
int easel_dir_list(const char *dir, const char *suffix, char ***names, size_t *n,
                   struct easel_error *err);
void easel_dir_list_free(char **names, size_t n);

struct easel_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char block[64];
    size_t fill;
};

void easel_sha256_init(struct easel_sha256 *s);
void easel_sha256_update(struct easel_sha256 *s, const void *data, size_t len);
void easel_sha256_hex(struct easel_sha256 *s, char out[65]); /* finishes s */

/* The value of one hexadecimal digit (either case), or -1. */
static inline int easel_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
