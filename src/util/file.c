/*
 * util/file.c — read a whole file with a hard size cap; write a file atomically (temporary file
 * in the same directory, fsync, rename); list a directory sorted by name.
 */
#include "easel/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int easel_file_read(const char *path, size_t max, struct easel_buf *out, struct easel_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return easel_error_set(err, EASEL_EIO, path, "", "cannot open: %s", strerror(errno));
    char chunk[8192];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (out->len + n > max) {
            rc = easel_error_set(err, EASEL_ETOOBIG, path, "", "larger than %zu bytes", max);
            break;
        }
        if (easel_buf_add(out, chunk, n)) {
            rc = easel_error_set(err, EASEL_ENOMEM, path, "", "out of memory");
            break;
        }
    }
    if (!rc && ferror(f))
        rc = easel_error_set(err, EASEL_EIO, path, "", "read error: %s", strerror(errno));
    fclose(f);
    if (!rc && !out->data)
        easel_buf_add(out, "", 0);
    return rc;
}

int easel_file_write_atomic(const char *path, const void *data, size_t len, struct easel_error *err)
{
    if (!path || !*path)
        return easel_error_set(err, EASEL_EINVAL, "", "path", "no output path");
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    const char *base = slash ? slash + 1 : path;
    if (!*base)
        return easel_error_set(err, EASEL_EINVAL, path, "path", "names a directory");
    size_t tlen = dlen + strlen(base) + 16;
    char *tmp = malloc(tlen), *dir = malloc(dlen + 2);
    if (!tmp || !dir) {
        free(tmp);
        free(dir);
        return easel_error_set(err, EASEL_ENOMEM, path, "", "out of memory");
    }
    if (slash) {
        memcpy(dir, path, dlen ? dlen : 1);
        dir[dlen ? dlen : 1] = '\0';
    } else {
        dir[0] = '.';
        dir[1] = '\0';
    }
    snprintf(tmp, tlen, "%.*s%s.%s.XXXXXX", (int)dlen, path, slash ? "/" : "", base);
    int rc = 0, fd = mkstemp(tmp);
    if (fd < 0) {
        rc = easel_error_set(err, EASEL_EIO, path, "", "cannot create a file in %s: %s", dir,
                             strerror(errno));
        goto out;
    }
    const unsigned char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = easel_error_set(err, EASEL_EIO, path, "", "write failed: %s",
                                 n < 0 ? strerror(errno) : "no space");
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    if (!rc && fsync(fd) != 0)
        rc = easel_error_set(err, EASEL_EIO, path, "", "fsync failed: %s", strerror(errno));
    if (close(fd) != 0 && !rc)
        rc = easel_error_set(err, EASEL_EIO, path, "", "close failed: %s", strerror(errno));
    if (!rc && rename(tmp, path) != 0)
        rc = easel_error_set(err, EASEL_EIO, path, "", "cannot rename into place: %s",
                             strerror(errno));
    if (rc) {
        unlink(tmp);
        goto out;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) { /* the rename itself durable; best effort on file systems without it */
        fsync(dfd);
        close(dfd);
    }
out:
    free(tmp);
    free(dir);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void easel_dir_list_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int easel_dir_list(const char *dir, const char *suffix, char ***names, size_t *n,
                   struct easel_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return easel_error_set(err, EASEL_EIO, dir, "", "cannot open directory: %s",
                               strerror(errno));
    size_t cap = 0, slen = strlen(suffix);
    char **list = NULL;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= slen || strcmp(e->d_name + len - slen, suffix) != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(list, cap * sizeof(*p));
            if (!p) {
                rc = EASEL_ENOMEM;
                break;
            }
            list = p;
        }
        list[*n] = malloc(len + 1);
        if (!list[*n]) {
            rc = EASEL_ENOMEM;
            break;
        }
        memcpy(list[*n], e->d_name, len + 1);
        (*n)++;
    }
    closedir(d);
    if (rc) {
        easel_dir_list_free(list, *n);
        *n = 0;
        return easel_error_set(err, rc, dir, "", "out of memory");
    }
    if (*n)
        qsort(list, *n, sizeof(*list), cmp_names);
    *names = list;
    return 0;
}
