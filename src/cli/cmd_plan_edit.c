/*
 * cli/cmd_plan_edit.c — `easel plan edit CLIENT FILE --version V`: save a therapist's edit of
 * plan version V (the latest; FILE is the plan's JSON as `plan show` prints it, its leading
 * "#" lines skipped). The same service as PUT .../plan (app/plan_edit.c): an edit that removes a
 * risk flag, changes engine facts, names what the engine excludes for this client, or takes the
 * safety plan out of session 1 is refused (exit 3, the field named); otherwise the plan checker
 * runs over the edit and its findings are printed and saved with the new draft version. Exit 7
 * when V is not the latest version.
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/store.h"
#include "easel/util.h"

#include <stdio.h>
#include <string.h>

/* The JSON after the "#" comment lines `plan show` writes before it. */
static const char *skip_comments(const char *p)
{
    while (*p == '#') {
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
    }
    return p;
}

int cmd_plan_edit(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "version", &o);
    if (rc)
        return rc;
    if (o.n_args != 3)
        return cli_usage("plan edit CLIENT FILE --version V");
    long expected = 0;
    if ((rc = cli_opt_int(&o, "version", 1, 1000000000, &expected)) != 0)
        return rc;
    if (!expected)
        return cli_usage("plan edit needs --version V: the version FILE was edited from");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    long long client;
    struct easel_buf text;
    easel_buf_init(&text, EASEL_PLAN_MAX + 1);
    struct easel_error err = {0};
    int64_t version = 0;
    size_t errors = 0;
    bool refused = false;
    struct easel_buf findings;
    easel_buf_init(&findings, EASEL_PLAN_MAX);
    rc = cli_client_id(&s, o.args[1], &client);
    if (!rc && (rc = easel_file_read(o.args[2], EASEL_PLAN_MAX, &text, &err)) != 0)
        rc = cli_error(&err);
    if (!rc) {
        const char *json = skip_comments(text.data);
        rc = easel_app_plan_edit(&s, client, &kb, expected, json, strlen(json), &version, &errors,
                                 &findings, &refused, &err);
        if (rc)
            rc = cli_error(&err);
    }
    if (!rc) {
        printf("plan version %lld (draft) saved for %s; the plan checker found %zu error%s%s\n",
               (long long)version, o.args[1], errors, errors == 1 ? "" : "s",
               errors ? " (errors block signing)" : "");
        rc = cli_write(findings.data ? findings.data : "", findings.len);
    }
    easel_buf_release(&findings);
    easel_buf_release(&text);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}
