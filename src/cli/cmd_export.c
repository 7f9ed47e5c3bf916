/*
 * cli/cmd_export.c — `easel export --out FILE` and `easel import FILE`: the whole practice as
 * JSON Lines (docs/store.md). Export writes to a temporary file and renames it, so a failed
 * export leaves no partial file; import refuses a non-empty database and commits all or
 * nothing. Both show progress on a terminal (cli_busy.c) and none when piped.
 */
#include "cli.h"
#include "easel/exchange.h"
#include "easel/store.h"
#include "easel/util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PRACTICE_MAX ((size_t)1 << 31)

static int export_to(const struct cli_opts *o, struct easel_store *s, const char *path)
{
    struct easel_buf out;
    easel_buf_init(&out, PRACTICE_MAX);
    struct easel_error err = {0};
    cli_busy_begin("export: reading the practice");
    int rc = easel_store_export(s, &out, &err);
    cli_busy_end();
    if (rc) {
        easel_buf_release(&out);
        return cli_error(&err);
    }
    (void)o;
    /* one home for writing a file whole: a temporary beside it, synced, renamed; 0600, since an
       export holds every client record and the password hashes */
    if (easel_file_write_atomic(path, out.data, out.len, &err)) {
        easel_buf_release(&out);
        return cli_error(&err);
    }
    size_t lines = 0;
    for (size_t i = 0; i < out.len; i++)
        lines += out.data[i] == '\n';
    printf("exported %zu rows to %s\n", lines >= 2 ? lines - 2 : 0, path);
    easel_buf_release(&out);
    return EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "out", &o);
    if (rc)
        return rc;
    const char *out = cli_opt(&o, "out");
    if (!out || o.n_args)
        return cli_usage("export --out FILE");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    rc = export_to(&o, &s, out);
    easel_store_close(&s);
    return rc;
}

int cmd_import(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "", &o);
    if (rc)
        return rc;
    if (o.n_args != 1)
        return cli_usage("import FILE");
    struct easel_buf text;
    easel_buf_init(&text, PRACTICE_MAX);
    struct easel_error err = {0};
    if (easel_file_read(o.args[0], PRACTICE_MAX - 1, &text, &err)) {
        easel_buf_release(&text);
        return cli_error(&err);
    }
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0) {
        easel_buf_release(&text);
        return rc;
    }
    int64_t rows = 0;
    cli_busy_begin("import: loading the practice");
    rc = easel_practice_import(&s, text.data, text.len, &rows, &err);
    cli_busy_end();
    easel_store_close(&s);
    easel_buf_release(&text);
    if (rc)
        return cli_error(&err);
    printf("imported %lld rows\n", (long long)rows);
    return EXIT_OK;
}
