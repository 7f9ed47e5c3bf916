/*
 * cli/common.c — option parsing, KB loading and error printing shared by the subcommands.
 */
#include "cli.h"
#include "easel/kb_load.h"
#include "easel/store.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EASEL_KB_DIR
#define EASEL_KB_DIR "kb"
#endif

/* The folder of the data easel was installed with (PREFIX/share/easel beside PREFIX/bin/easel),
   when it holds a knowledge base; else the source tree's (a build run in place). */
static const char *data_dir(void)
{
    static char dir[4096];
    static int found = -1;
    if (found < 0) {
        found = 0;
        char exe[4096];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
        char *slash;
        if (n > 0) {
            exe[n] = '\0';
            for (int up = 0; up < 2 && (slash = strrchr(exe, '/')) != NULL; up++)
                *slash = '\0'; /* PREFIX/bin/easel -> PREFIX */
            struct stat st;
            char kb[4096 + 32];
            snprintf(kb, sizeof(kb), "%s/share/easel/kb", exe);
            size_t len = strlen(exe);
            if (len + sizeof("/share/easel") <= sizeof(dir) && stat(kb, &st) == 0 &&
                S_ISDIR(st.st_mode)) {
                memcpy(dir, exe, len);
                memcpy(dir + len, "/share/easel", sizeof("/share/easel"));
                found = 1;
            }
        }
    }
    return found ? dir : NULL;
}

const char *cli_default_kb(void)
{
    static char kb[4096 + 8];
    const char *d = data_dir();
    if (!d)
        return EASEL_KB_DIR;
    snprintf(kb, sizeof(kb), "%s/kb", d);
    return kb;
}

const char *cli_default_examples(void)
{
    static char ex[4096 + 16];
    const char *d = data_dir();
    if (!d)
        return EASEL_KB_DIR "/../examples";
    snprintf(ex, sizeof(ex), "%s/examples", d);
    return ex;
}

void cli_progress(const char *label, long done, long total)
{
    static int tty = -1;
    if (tty < 0)
        tty = isatty(STDERR_FILENO);
    if (!tty || total <= 0)
        return;
    if (done < total && done % (total > 100 ? total / 100 : 1) != 0)
        return; /* a hundred updates at most */
    fprintf(stderr, "\r%s %ld of %ld", label, done, total);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

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

static bool allowed_name(const char *allowed, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = allowed; (p = strstr(p, name)) != NULL; p += n)
        if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

int cli_parse(int argc, char **argv, const char *allowed, struct cli_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->kb_dir = getenv("EASEL_KB");
    if (!o->kb_dir || !*o->kb_dir)
        o->kb_dir = cli_default_kb();
    o->db = getenv("EASEL_DB");
    o->user = getenv("EASEL_USER");
    if (!o->user || !*o->user)
        o->user = getenv("USER");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0) {
            if (o->n_args == 40)
                return cli_usage("too many arguments");
            o->args[o->n_args++] = a;
            continue;
        }
        if (strcmp(a, "--json") == 0 && allowed_name(allowed, "json")) {
            o->json = true; /* the one flag without a value */
            continue;
        }
        if (i + 1 >= argc)
            return cli_usage("option %s needs a value", a);
        const char *v = argv[++i];
        if (strcmp(a, "--kb") == 0) {
            o->kb_dir = v;
        } else if (strcmp(a, "--kb-overlay") == 0) {
            o->overlay = v;
        } else if (strcmp(a, "--db") == 0) {
            o->db = v;
        } else if (strcmp(a, "--user") == 0) {
            o->user = v;
        } else if (strcmp(a, "--format") == 0 && allowed_name(allowed, "format")) {
            o->format = v;
        } else if (strcmp(a, "--sessions") == 0 && allowed_name(allowed, "sessions")) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 104)
                return cli_usage("--sessions must be a whole number from 1 to 104, got \"%s\"", v);
            o->sessions = (int)n;
        } else if (allowed_name(allowed, a + 2) && o->n_opt < 16) {
            o->opt[o->n_opt].name = a + 2;
            o->opt[o->n_opt].value = v;
            o->n_opt++;
        } else {
            return cli_usage("unknown option %s", a);
        }
    }
    return EXIT_OK;
}

const char *cli_opt(const struct cli_opts *o, const char *name)
{
    for (int i = o->n_opt - 1; i >= 0; i--)
        if (strcmp(o->opt[i].name, name) == 0)
            return o->opt[i].value;
    return NULL;
}

int cli_opt_int(const struct cli_opts *o, const char *name, long min, long max, long *out)
{
    const char *v = cli_opt(o, name);
    if (!v)
        return EXIT_OK;
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < min || n > max)
        return cli_usage("--%s must be a whole number from %ld to %ld, got \"%s\"", name, min, max,
                         v);
    *out = n;
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
    case EASEL_ECONFLICT:
        return EXIT_CONFLICT;
    case EASEL_EREADONLY:
        return EXIT_READONLY;
    case EASEL_EDB:
        return EXIT_DB;
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

static const char *default_db(char *buf, size_t size)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(buf, size, "%s/easel", xdg);
    else
        snprintf(buf, size, "%s/.local/share/easel", home && *home ? home : ".");
    /* create the folder chain; errors surface when the database is opened */
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0700);
            *p = '/';
        }
    mkdir(buf, 0700);
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "/easel.db");
    return buf;
}

const char *cli_db_url(const struct cli_opts *o, char *buf, size_t size)
{
    return o->db && *o->db ? o->db : default_db(buf, size);
}

int cli_open_store(const struct cli_opts *o, struct easel_store *s)
{
    char path[4096];
    const char *url = o->db && *o->db ? o->db : default_db(path, sizeof(path));
    struct easel_error err = {0};
    if (easel_store_open(s, url, o->user, &err) || easel_store_migrate(s, &err)) {
        easel_store_close(s);
        return cli_error(&err);
    }
    return EXIT_OK;
}

int cli_open_kb_store(const struct cli_opts *o, struct easel_kb *kb, struct easel_store *s)
{
    int rc = cli_load_kb(o, kb);
    if (rc)
        return rc;
    if ((rc = cli_open_store(o, s)) != 0)
        easel_kb_release(kb);
    return rc;
}

int cli_client_id(struct easel_store *s, const char *ref, long long *id)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client c;
    struct easel_error err = {0};
    int rc = easel_client_find(s, ref, &a, &c, &err);
    if (!rc)
        *id = c.id;
    easel_arena_release(&a);
    return rc ? cli_error(&err) : EXIT_OK;
}
