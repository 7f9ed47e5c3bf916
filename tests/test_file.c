/*
 * tests/test_file.c — util/file.c: easel_file_write_atomic writes the whole file, replaces an
 * old one in a single rename, leaves no temporary file behind, and on failure leaves the
 * destination as it was (missing directory, a directory in the way, a read-only directory).
 *
 * Owns: a temporary directory under $TMPDIR or /tmp, removed at the end. Fails: cmocka asserts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "easel/util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static size_t entries(void)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void read_back(const char *path, const char *want)
{
    struct easel_buf b;
    struct easel_error err = {0};
    easel_buf_init(&b, 1u << 20);
    assert_int_equal(easel_file_read(path, 1u << 20, &b, &err), 0);
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    easel_buf_release(&b);
}

static void test_write_replace(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof(path), "%s/report.pdf", dir);
    struct easel_error err = {0};
    assert_int_equal(easel_file_write_atomic(path, "first version", 13, &err), 0);
    read_back(path, "first version");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(easel_file_write_atomic(path, "second", 6, &err), 0);
    read_back(path, "second");
    assert_int_equal(easel_file_write_atomic(path, "", 0, &err), 0); /* empty is allowed */
    read_back(path, "");
    assert_int_equal(entries(), 1); /* no temporary file left */
    unlink(path);
}

static void test_failures_leave_nothing(void **state)
{
    (void)state;
    char path[512];
    struct easel_error err = {0};
    snprintf(path, sizeof(path), "%s/missing/report.pdf", dir);
    assert_int_equal(easel_file_write_atomic(path, "x", 1, &err), EASEL_EIO);
    assert_string_equal(err.where, path);

    /* a directory where the file should go: the rename fails, the directory stays */
    snprintf(path, sizeof(path), "%s/taken", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(easel_file_write_atomic(path, "x", 1, &err), EASEL_EIO);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(entries(), 1); /* only "taken": the temporary file was removed */
    rmdir(path);

    snprintf(path, sizeof(path), "%s/", dir);
    assert_int_equal(easel_file_write_atomic(path, "x", 1, &err), EASEL_EINVAL);
    assert_int_equal(easel_file_write_atomic("", "x", 1, &err), EASEL_EINVAL);

    /* a read-only directory (root ignores permissions, so only checked for other users) */
    if (geteuid() != 0) {
        char ro[300];
        snprintf(ro, sizeof(ro), "%s/ro", dir);
        assert_int_equal(mkdir(ro, 0500), 0);
        snprintf(path, sizeof(path), "%s/report.pdf", ro);
        assert_int_equal(easel_file_write_atomic(path, "x", 1, &err), EASEL_EIO);
        assert_int_equal(access(path, F_OK), -1);
        rmdir(ro);
    }
    assert_int_equal(entries(), 0);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof(dir), "%s/easel-file-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_replace),
        cmocka_unit_test(test_failures_leave_nothing),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(dir);
    return rc;
}
