/*
 * web/upload_spool.c — artwork upload bodies on disk (guard.h). A body held in memory costs its
 * whole length for as long as the client takes to send it (issue 15: "at most 4 at once x 20
 * MiB"); here it is written, as it arrives, to an unlinked temporary file in a private folder
 * (0700, made at start under $TMPDIR or /var/tmp, removed at shutdown; each file 0600 and
 * unlinked as soon as it is made, so nothing is left behind even after a crash), bounded by the
 * route's limit, and mapped read-only only while the handler parses and ingests it. Memory per
 * upload being received is therefore a descriptor, not its body.
 *
 * Owns: the folder; each spool's descriptor (the caller closes it with web_spool_close) and its
 * mapping (web_spool_unmap). Borrows: nothing. Fails: web_spool_dir_make returns EASEL_EIO with
 * err filled; the others return -1 with errno set (the caller answers 503 or 500).
 */
#include "guard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int web_spool_dir_make(char *dir, size_t size, struct easel_error *err)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/var/tmp"; /* on disk where /tmp may be memory (tmpfs) */
    int n = snprintf(dir, size, "%s/easel-uploads-XXXXXX", base);
    if (n < 0 || (size_t)n >= size || !mkdtemp(dir)) /* mkdtemp makes it 0700 */
        return easel_error_set(err, EASEL_EIO, "serve", "TMPDIR",
                               "cannot make a private folder for uploads under %s: %s", base,
                               strerror(errno));
    return 0;
}

void web_spool_dir_remove(const char *dir)
{
    if (dir[0])
        rmdir(dir); /* empty: every file was unlinked when made */
}

int web_spool_open(const char *dir)
{
    char path[4200];
    int n = snprintf(path, sizeof(path), "%s/body-XXXXXX", dir);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(path); /* 0600, O_EXCL */
    if (fd < 0)
        return -1;
    unlink(path);
    return fd;
}

int web_spool_write(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

const char *web_spool_map(int fd, size_t len)
{
    /* one NUL after the body, as for a body held in memory */
    if (pwrite(fd, "", 1, (off_t)len) != 1)
        return NULL;
    void *p = mmap(NULL, len + 1, PROT_READ, MAP_PRIVATE, fd, 0);
    return p == MAP_FAILED ? NULL : p;
}

void web_spool_unmap(const char *data, size_t len)
{
    if (data)
        munmap((void *)data, len + 1);
}

void web_spool_close(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}
