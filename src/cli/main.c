/*
 * cli/main.c — the `easel` command: dispatches git-style subcommands (one file per command)
 * through the command table (commands.c), which also gives `easel help`, every command's
 * `--help` and `--version`.
 */
#include "cli.h"
#include "easel/kb_load.h"

#include <stdio.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string.h>

/* Every command's usage lines, from the table: "easel " before each first line. */
static void print_usage(const struct cli_command *c, FILE *f, const char *indent)
{
    const char *p = c->usage;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(f, "%s%s%.*s\n", indent, *p == ' ' ? "      " : "easel ", (int)n, p);
        p += n + (nl != NULL);
    }
}

static const char options_text[] =
    "options for every command:\n"
    "  --kb DIR             knowledge base folder (default: $EASEL_KB or the installed one)\n"
    "  --kb-overlay DIR     a clinic's own items, added to or replacing shipped ones\n"
    "  --help, -h           the command's usage\n"
    "\n"
    "exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input, 4 invalid knowledge base,\n"
    "5 input/output error, 6 not found, 7 conflict with a newer version, 8 signed (read-only),\n"
    "9 database error, 10 audit log tampered\n";

static void print_help(FILE *f)
{
    fputs("usage: easel <command> [options]\n\ncommands:\n", f);
    for (size_t i = 0; i < cli_n_commands; i++) {
        if (cli_commands[i].section)
            fprintf(f, "\n%s", cli_commands[i].section);
        print_usage(&cli_commands[i], f, "  ");
    }
    fputs("\n  easel help [COMMAND]            this text, or one command's usage\n"
          "  easel completion bash           a bash completion script\n"
          "  easel man                       the manual page, easel(1), as roff\n"
          "  easel --version                 the version and the knowledge base's version\n\n",
          f);
    fputs(options_text, f);
}

static int command_help(const struct cli_command *c)
{
    fputs("usage:\n", stdout);
    print_usage(c, stdout, "  ");
    fputs("\n", stdout);
    fputs(options_text, stdout);
    return EXIT_OK;
}

/* The program's version and the knowledge base's, read from --kb, $EASEL_KB or the installed
   folder; a knowledge base that cannot be read is said, and the version still printed. */
static int version(int argc, char **argv)
{
    printf("easel %s\n", EASEL_VERSION);
    struct cli_opts o;
    struct easel_kb kb;
    if (cli_parse(argc, argv, "", &o) == 0) {
        struct easel_error err = {0};
        if (easel_kb_load(&kb, o.kb_dir, o.overlay, &err) == 0) {
            printf("knowledge base %s (%s)\n", kb.version, o.kb_dir);
            easel_kb_release(&kb);
        } else {
            printf("knowledge base: cannot be read at %s (%s)\n", o.kb_dir, err.msg);
        }
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
#if defined(__GLIBC__)
    /* SQLite allocates and frees a 64 KiB statement journal for every write; glibc would hand
       that memory back to the kernel each time and fault it in again (bench/README.md,
       "SQLite writes and the C library's heap"): keep a few MiB of heap instead. */
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        const struct cli_command *c = argc > 2 ? cli_command_find(argv[2]) : NULL;
        if (argc > 2 && !c)
            return cli_usage("unknown command \"%s\"", argv[2]);
        if (c)
            return command_help(c);
        print_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)
        return version(argc - 1, argv + 1);
    if (strcmp(argv[1], "completion") == 0)
        return cmd_completion(argc - 1, argv + 1);
    if (strcmp(argv[1], "man") == 0)
        return cmd_man(argc - 1, argv + 1);
    const struct cli_command *c = cli_command_find(argv[1]);
    if (!c)
        return cli_usage("unknown command \"%s\"", argv[1]);
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return command_help(c);
    return c->run(argc - 1, argv + 1);
}
