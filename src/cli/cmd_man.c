/*
 * cli/cmd_man.c — `easel man`: the manual page easel(1) as roff, generated from the command
 * table (commands.c), so it cannot drift from the commands. The build writes easel.1 with the
 * built binary and installs it (cmake/install.cmake).
 *
 * Owns: nothing. Borrows: the table. Fails: exit 2 for extra arguments; 5 when stdout cannot
 * be written.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* Text for roff: a leading dot or quote escaped, backslashes and hyphens as roff wants them. */
static void roff(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\')
            fputs("\\e", stdout);
        else if (s[i] == '-')
            fputs("\\-", stdout);
        else if ((s[i] == '.' || s[i] == '\'') && (i == 0 || s[i - 1] == '\n'))
            fputs("\\&.", stdout);
        else
            putchar(s[i]);
    }
}

int cmd_man(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cli_usage("usage: easel man");
    printf(".TH EASEL 1 \"\" \"easel %s\" \"User Commands\"\n"
           ".SH NAME\n"
           "easel \\- treatment plans, records and documents for art therapists\n"
           ".SH SYNOPSIS\n"
           ".B easel\n"
           ".I command\n"
           "[\\fIoptions\\fR]\n"
           ".SH DESCRIPTION\n"
           "easel proposes an individualised treatment plan for a client from the client's "
           "profile, standard measures and a clinical knowledge base, explains every choice and "
           "exclusion, and keeps the client record (SQLite or PostgreSQL), its audit log and its "
           "documents. The therapist decides; easel never proposes what the profile excludes.\n"
           ".SH COMMANDS\n",
           EASEL_VERSION);
    for (size_t i = 0; i < cli_n_commands; i++) {
        printf(".SS %s\n.nf\n", cli_commands[i].name);
        const char *p = cli_commands[i].usage;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            fputs(*p == ' ' ? "" : "easel ", stdout);
            roff(p, n);
            putchar('\n');
            p += n + (nl != NULL);
        }
        puts(".fi");
    }
    puts(".SH OPTIONS\n"
         ".TP\n\\fB\\-\\-db\\fR \\fIURL\\fR\n"
         "The client record: a SQLite file or a postgresql:// URL (default $EASEL_DB, else "
         "~/.local/share/easel/easel.db).\n"
         ".TP\n\\fB\\-\\-user\\fR \\fILOGIN\\fR\nWho acts (default $EASEL_USER, else $USER).\n"
         ".TP\n\\fB\\-\\-kb\\fR \\fIDIR\\fR\nThe knowledge base folder (default $EASEL_KB, else "
         "the installed one).\n"
         ".TP\n\\fB\\-\\-kb\\-overlay\\fR \\fIDIR\\fR\nA clinic's own items, added to or "
         "replacing shipped ones.\n"
         ".TP\n\\fB\\-\\-help\\fR, \\fB\\-h\\fR\nThe command's usage.\n"
         ".TP\n\\fB\\-\\-version\\fR\nThe version of easel and of its knowledge base.\n"
         ".SH EXIT STATUS\n"
         "0 ok, 1 internal error, 2 usage, 3 invalid input, 4 invalid knowledge base, "
         "5 input/output error, 6 not found, 7 conflict with a newer version, 8 signed "
         "(read-only), 9 database error, 10 audit log tampered.\n"
         ".SH ENVIRONMENT\n"
         "EASEL_DB, EASEL_USER, EASEL_KB as above.\n"
         ".SH PRIVACY\n"
         "easel never writes client data to its logs. Documents and exports hold client data: "
         "keep them as the record is kept.\n"
         ".SH SEE ALSO\n"
         "The documentation under /usr/share/doc/easel (api.md, documents.md, fhir.md, "
         "groups.md).");
    return fflush(stdout) || ferror(stdout) ? EXIT_IO : EXIT_OK;
}
