/*
 * cli/cmd_session_template.c — `session template CLIENT --plan-version V --number K`: the
 * prefill of a session note from session K of plan version V, as the JSON the web's
 * GET .../session-template answers (easel_app_session_template): a starting point for the note
 * file of `session add` (its "note" object).
 */
#include "cli.h"
#include "easel/app_session_template.h"
#include "easel/store.h"

#include <stdio.h>

int cli_session_template(const struct cli_opts *o)
{
    long version = 0, number = 0;
    int rc;
    if ((rc = cli_opt_int(o, "plan-version", 1, 1000000000, &version)) ||
        (rc = cli_opt_int(o, "number", 1, 1000, &number)))
        return rc;
    if (!version || !number)
        return cli_usage("session template CLIENT --plan-version V --number K");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(o, &kb, &s)) != 0)
        return rc;
    long long client;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_buf out;
    easel_buf_init(&out, 64 * 1024);
    struct easel_app_session_template t;
    struct easel_error err = {0};
    rc = cli_client_id(&s, o->args[1], &client);
    if (!rc && easel_app_session_template(&s, client, &kb, version, (int)number, &a, &t, &err))
        rc = cli_error(&err);
    if (!rc && easel_app_session_template_json(&t, &out)) {
        easel_error_set(&err, out.failed, "session template", "", "could not write the template");
        rc = cli_error(&err);
    }
    if (!rc)
        rc = cli_write(out.data, out.len);
    easel_buf_release(&out);
    easel_arena_release(&a);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}
