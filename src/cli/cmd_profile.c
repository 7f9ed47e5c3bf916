/*
 * cli/cmd_profile.c — `easel profile set CLIENT FILE` (validated against the KB, then stored
 * as a new version) and `easel profile show CLIENT [--version N] [--json]` (--json: {"client",
 * "version", "profile": the stored profile}).
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/profile_load.h"
#include "easel/store.h"
#include "easel/util.h"

#include <stdio.h>
#include <string.h>

static int set(const struct cli_opts *o, struct easel_store *s, long long client)
{
    struct easel_kb kb;
    int rc = cli_load_kb(o, &kb);
    if (rc)
        return rc;
    struct easel_buf text;
    easel_buf_init(&text, EASEL_PROFILE_FILE_MAX + 1);
    struct easel_error err = {0};
    int64_t version = 0;
    rc = easel_file_read(o->args[2], EASEL_PROFILE_FILE_MAX, &text, &err);
    if (!rc)
        rc = easel_app_profile_put(s, client, o->args[1], &kb, o->args[2], text.data, text.len,
                                   &version, &err);
    easel_buf_release(&text);
    easel_kb_release(&kb);
    if (rc)
        return cli_error(&err);
    printf("profile version %lld stored for %s\n", (long long)version, o->args[1]);
    return EXIT_OK;
}

static int show(const struct cli_opts *o, struct easel_store *s, long long client)
{
    long version = 0;
    int rc = cli_opt_int(o, "version", 1, 1000000000, &version);
    if (rc)
        return rc;
    struct easel_buf text;
    easel_buf_init(&text, EASEL_PROFILE_MAX + 1);
    struct easel_error err = {0};
    int64_t got;
    rc = easel_profile_get(s, client, version, &text, &got, &err);
    if (!rc && o->json) {
        struct easel_buf b;
        cli_json_init(&b);
        cli_json_open(&b, NULL, '{');
        cli_json_str(&b, "client", o->args[1]);
        cli_json_int(&b, "version", (long long)got);
        cli_json_raw(&b, "profile", text.data, text.len);
        cli_json_close(&b, '}');
        rc = cli_json_done(&b);
    } else if (!rc) {
        printf("# profile version %lld\n", (long long)got);
        rc = cli_write(text.data, text.len);
        if (!rc && (!text.len || text.data[text.len - 1] != '\n'))
            putchar('\n');
    } else {
        rc = cli_error(&err);
    }
    easel_buf_release(&text);
    return rc;
}

int cmd_profile(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "version json", &o);
    if (rc)
        return rc;
    bool is_set = o.n_args == 3 && strcmp(o.args[0], "set") == 0;
    bool is_show = o.n_args == 2 && strcmp(o.args[0], "show") == 0;
    if (!is_set && !is_show)
        return cli_usage("profile set CLIENT FILE | profile show CLIENT [--json]");
    if (is_set && o.json)
        return cli_usage("--json: profile show only");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    long long client;
    rc = cli_client_id(&s, o.args[1], &client);
    if (!rc)
        rc = is_set ? set(&o, &s, client) : show(&o, &s, client);
    easel_store_close(&s);
    return rc;
}
