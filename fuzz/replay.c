/*
 * fuzz/replay.c — a plain main() standing in for libFuzzer's driver, so a gcc build can replay
 * a corpus through a harness: every argument is a file, or a directory whose regular files
 * (in name order, dot files skipped) are each read and passed to LLVMFuzzerTestOneInput once.
 *
 * Owns: one heap copy of each input, sized exactly (so ASan sees reads past its end), freed
 * after the call. Borrows: the paths in argv.
 * Fails: prints the path and exits 1 when an argument or file cannot be read, 2 on usage;
 * 1 too when a directory argument holds no input or nothing was replayed at all (an empty or
 * missing corpus tests nothing and must not pass; ctest fuzz.replay_empty and
 * fuzz.replay_missing check it); otherwise prints "replayed N inputs" and exits 0. Bugs in the
 * code under test surface as sanitizer reports (dev preset) or as the harness's abort() on a
 * broken invariant (every preset, release included).
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        free(buf);
        return 1;
    }
    /* an exact-size copy, as libFuzzer passes it */
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        fprintf(stderr, "replay: %s: out of memory\n", path);
        return 1;
    }
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    (*count)++;
    return 0;
}

static int replay_dir(const char *dir, size_t *count)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t len = strlen(dir) + strlen(name) + 2;
        char *path = name[0] != '.' ? malloc(len) : NULL;
        struct stat st;
        if (path) {
            snprintf(path, len, "%s/%s", dir, name);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && replay_file(path, count))
                rc = 1;
        } else if (name[0] != '.') {
            fprintf(stderr, "replay: %s/%s: out of memory\n", dir, name);
            rc = 1;
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE-OR-DIR...\n", argv[0]);
        return 2;
    }
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            size_t before = count;
            rc |= replay_dir(argv[i], &count);
            if (count == before) {
                fprintf(stderr, "replay: %s: no inputs in the folder\n", argv[i]);
                rc = 1;
            }
        } else {
            rc |= replay_file(argv[i], &count);
        }
    }
    printf("replayed %zu inputs\n", count);
    if (!count) { /* an empty or missing corpus tests nothing: say so, never pass */
        fprintf(stderr, "replay: no inputs found\n");
        return 1;
    }
    return rc;
}
