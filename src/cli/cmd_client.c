/*
 * cli/cmd_client.c — `easel client add|list|show|edit`: the client record.
 *   client add --ref REF --name NAME --setting SETTING [--birth-year YYYY]
 *   client list [--match TEXT] [--limit N] [--json]
 *   client show REF [--json]
 *   client edit REF [--name N] [--setting S] [--birth-year Y] [--status active|discharged]
 *                   [--version V]   (V: the version you read; a newer one is a conflict)
 */
#include "cli.h"
#include "easel/store.h"

#include <stdio.h>
#include <string.h>

static void print_client(const struct easel_client *c)
{
    printf("%s\t%s\t%s\t%s\tversion %lld\n", c->ref, c->name, c->setting, c->status,
           (long long)c->version);
}

/* The client as a JSON object (--json): the fields `client show` prints, by name. */
static void client_json(struct easel_buf *b, const struct easel_client *c)
{
    easel_buf_puts(b, "{\"ref\":");
    easel_buf_json_str(b, c->ref);
    easel_buf_puts(b, ",\"name\":");
    easel_buf_json_str(b, c->name);
    easel_buf_puts(b, ",\"setting\":");
    easel_buf_json_str(b, c->setting);
    easel_buf_puts(b, ",\"status\":");
    easel_buf_json_str(b, c->status);
    easel_buf_printf(b, ",\"birth_year\":%lld,\"version\":%lld}", (long long)c->birth_year,
                     (long long)c->version);
}

static int add(const struct cli_opts *o, struct easel_store *s)
{
    struct easel_client c = {
        .ref = cli_opt(o, "ref"), .name = cli_opt(o, "name"), .setting = cli_opt(o, "setting")};
    long year = 0;
    int rc = cli_opt_int(o, "birth-year", 1900, 2100, &year);
    if (rc)
        return rc;
    c.birth_year = year;
    if (!c.ref || !c.name || !c.setting)
        return cli_usage("client add needs --ref, --name and --setting");
    int64_t id;
    struct easel_error err = {0};
    if (easel_client_add(s, &c, &id, &err))
        return cli_error(&err);
    printf("client %s added\n", c.ref);
    return EXIT_OK;
}

static int list(const struct cli_opts *o, struct easel_store *s)
{
    long limit = 100;
    int rc = cli_opt_int(o, "limit", 1, 100000, &limit);
    if (rc)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client *cs;
    size_t n;
    struct easel_error err = {0};
    rc = easel_client_list(s, cli_opt(o, "match"), (int)limit, &a, &cs, &n, &err);
    if (!rc && o->json) { /* one JSON array, written whole */
        struct easel_buf b;
        easel_buf_init(&b, (size_t)1 << 26);
        easel_buf_puts(&b, "[");
        for (size_t i = 0; i < n; i++) {
            easel_buf_puts(&b, i ? ",\n" : "\n");
            client_json(&b, &cs[i]);
        }
        easel_buf_puts(&b, "\n]\n");
        rc = b.failed ? EXIT_INTERNAL : cli_write(b.data, b.len);
        easel_buf_release(&b);
        easel_arena_release(&a);
        return rc;
    }
    if (!rc)
        for (size_t i = 0; i < n; i++)
            print_client(&cs[i]);
    easel_arena_release(&a);
    return rc ? cli_error(&err) : EXIT_OK;
}

static int show_or_edit(const struct cli_opts *o, struct easel_store *s, bool edit)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client c;
    struct easel_error err = {0};
    int rc = easel_client_find(s, o->args[1], &a, &c, &err);
    if (rc)
        goto out;
    if (edit) {
        long year = c.birth_year, version = c.version;
        if ((rc = cli_opt_int(o, "birth-year", 1900, 2100, &year)) ||
            (rc = cli_opt_int(o, "version", 1, 1000000000, &version))) {
            easel_arena_release(&a);
            return rc;
        }
        c.birth_year = year;
        c.version = version;
        if (cli_opt(o, "name"))
            c.name = cli_opt(o, "name");
        if (cli_opt(o, "setting"))
            c.setting = cli_opt(o, "setting");
        if (cli_opt(o, "status"))
            c.status = cli_opt(o, "status");
        rc = easel_client_update(s, &c, &err);
        if (!rc)
            rc = easel_client_find(s, o->args[1], &a, &c, &err);
    }
    if (!rc && o->json) {
        struct easel_buf b;
        easel_buf_init(&b, 1 << 16);
        client_json(&b, &c);
        easel_buf_puts(&b, "\n");
        int w = b.failed ? EXIT_INTERNAL : cli_write(b.data, b.len);
        easel_buf_release(&b);
        easel_arena_release(&a);
        return w;
    }
    if (!rc)
        print_client(&c);
out:
    easel_arena_release(&a);
    return rc ? cli_error(&err) : EXIT_OK;
}

int cmd_client(int argc, char **argv)
{
    struct cli_opts o;
    int rc =
        cli_parse(argc, argv, "ref name setting birth-year match limit status version json", &o);
    if (rc)
        return rc;
    const char *sub = o.n_args ? o.args[0] : "";
    int want = strcmp(sub, "show") == 0 || strcmp(sub, "edit") == 0 ? 2 : 1;
    if ((strcmp(sub, "add") && strcmp(sub, "list") && want == 1) || o.n_args != want)
        return cli_usage("client add|list|show REF|edit REF");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    if (strcmp(sub, "add") == 0)
        rc = add(&o, &s);
    else if (strcmp(sub, "list") == 0)
        rc = list(&o, &s);
    else
        rc = show_or_edit(&o, &s, strcmp(sub, "edit") == 0);
    easel_store_close(&s);
    return rc;
}
