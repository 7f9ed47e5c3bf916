/*
 * cli/cmd_session_sign.c — `session sign CLIENT SESSION`: the note's author signs and locks a
 * draft note. Its content hash goes into the audit chain (`easel audit verify` checks it);
 * afterwards the note changes only by addenda (`session addendum`).
 */
#include "cli.h"
#include "easel/store.h"

#include <stdio.h>

int cli_session_sign(struct easel_store *s, long long client, long long session,
                     const char *client_ref)
{
    struct easel_error err = {0};
    if (easel_session_sign(s, client, session, &err))
        return cli_error(&err);
    printf("session %lld of %s signed and locked; add to it with `easel session addendum`\n",
           session, client_ref);
    return EXIT_OK;
}
