/*
 * cli/cli.h — internal: what the `easel` subcommands share: exit codes, the common options
 * (--kb, --kb-overlay), loading the KB, and printing an error on stderr.
 *
 * Owns: nothing. Fails: helpers return an exit code (EXIT_*), never abort.
 */
#ifndef EASEL_CLI_H
#define EASEL_CLI_H

#include "easel/error.h"
#include "easel/kb.h"

/* Exit codes, documented in docs/cli.md. */
enum {
    EXIT_OK = 0,
    EXIT_INTERNAL = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_KB = 4,
    EXIT_IO = 5,
    EXIT_NOTFOUND = 6
};

struct cli_opts {
    const char *kb_dir;
    const char *overlay;
    const char *args[8]; /* positional arguments */
    int n_args;
    const char *format;
    int sessions;
};

/* Parse argv[1..] of a subcommand: --kb DIR, --kb-overlay DIR, --format F, --sessions N and
   positionals. `allowed` names the value options this command takes besides --kb*. */
int cli_parse(int argc, char **argv, const char *allowed, struct cli_opts *o);
int cli_load_kb(const struct cli_opts *o, struct easel_kb *kb);
int cli_error(const struct easel_error *err);
int cli_usage(const char *fmt, ...);
int cli_write(const char *data, unsigned long len);

int cmd_plan(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_kb(int argc, char **argv);

#endif
