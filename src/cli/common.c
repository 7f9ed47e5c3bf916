/*
 * cli/common.c — option parsing, KB loading and error printing shared by the subcommands.
 */
#include "cli.h"
#include "easel/kb_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EASEL_KB_DIR
#define EASEL_KB_DIR "kb"
#endif

int cli_usage(const char *fmt, ...)
{
    va_list ap;
    fputs("easel: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(see `easel help`)\n", stderr);
    return EXIT_USAGE;
}

int cli_parse(int argc, char **argv, const char *allowed, struct cli_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->kb_dir = getenv("EASEL_KB");
    if (!o->kb_dir || !*o->kb_dir)
        o->kb_dir = EASEL_KB_DIR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0) {
            if (o->n_args == 8)
                return cli_usage("too many arguments");
            o->args[o->n_args++] = a;
            continue;
        }
        if (i + 1 >= argc)
            return cli_usage("option %s needs a value", a);
        const char *v = argv[++i];
        if (strcmp(a, "--kb") == 0) {
            o->kb_dir = v;
        } else if (strcmp(a, "--kb-overlay") == 0) {
            o->overlay = v;
        } else if (strcmp(a, "--format") == 0 && strstr(allowed, "format")) {
            o->format = v;
        } else if (strcmp(a, "--sessions") == 0 && strstr(allowed, "sessions")) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 104)
                return cli_usage("--sessions must be a whole number from 1 to 104, got \"%s\"", v);
            o->sessions = (int)n;
        } else {
            return cli_usage("unknown option %s", a);
        }
    }
    return EXIT_OK;
}

int cli_error(const struct easel_error *err)
{
    char line[700];
    easel_error_format(err, line, sizeof(line));
    fprintf(stderr, "easel: %s\n", line);
    switch (err->code) {
    case EASEL_EINVAL:
        return EXIT_INPUT;
    case EASEL_EKB:
        return EXIT_KB;
    case EASEL_EIO:
    case EASEL_ETOOBIG:
        return err->code == EASEL_ETOOBIG ? EXIT_INPUT : EXIT_IO;
    case EASEL_ENOTFOUND:
        return EXIT_NOTFOUND;
    case EASEL_EUSAGE:
        return EXIT_USAGE;
    default:
        return EXIT_INTERNAL;
    }
}

int cli_load_kb(const struct cli_opts *o, struct easel_kb *kb)
{
    struct easel_error err = {0};
    int rc = easel_kb_load(kb, o->kb_dir, o->overlay, &err);
    if (!rc)
        return EXIT_OK;
    if (rc == EASEL_EINVAL)
        err.code = EASEL_EKB;
    return cli_error(&err);
}

int cli_write(const char *data, unsigned long len)
{
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
        perror("easel: writing output");
        return EXIT_IO;
    }
    return EXIT_OK;
}
