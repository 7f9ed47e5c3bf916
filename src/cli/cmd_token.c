/*
 * cli/cmd_token.c — API tokens for other systems (docs/fhir.md "API tokens"), administrators
 * only: `easel token create NAME --grant CLIENT[,CLIENT...] [CLIENT...]` prints the secret once,
 * `easel token list [--json]` (names, grants and dates, never a secret or hash), `easel token
 * revoke NAME` (at once and for good). The rule is the app layer's (easel/app_token.h).
 */
#include "cli.h"
#include "easel/app_token.h"
#include "easel/crypto.h"
#include "easel/plan.h"

#include <stdio.h>
#include <string.h>

#define GRANTS_MAX 256 /* on the command line; the API takes more */
#define REF_TEXT 65    /* a client reference: 1-64 characters + NUL */

static const char usage_text[] =
    "token create NAME --grant CLIENT[,CLIENT...] | token list [--json] | token revoke NAME";

static const char *day(int64_t ms, char out[11])
{
    if (ms <= 0)
        return "-";
    easel_date_format(ms / 86400000, out);
    return out;
}

static int token_create(struct cli_opts *o, struct easel_store *s, struct easel_error *err)
{
    char list[GRANTS_MAX][REF_TEXT];
    const char *refs[GRANTS_MAX];
    size_t n = 0;
    /* every --grant value, split at commas, and the arguments after NAME */
    for (int i = 0; i < o->n_opt; i++) {
        if (strcmp(o->opt[i].name, "grant") != 0)
            continue;
        for (const char *p = o->opt[i].value; *p;) {
            size_t k = strcspn(p, ",");
            if (k && n < GRANTS_MAX && k < REF_TEXT) {
                memcpy(list[n], p, k);
                list[n][k] = '\0';
                refs[n] = list[n];
                n++;
            } else if (k) {
                return cli_usage("--grant: at most %d references of 1-64 characters", GRANTS_MAX);
            }
            p += k + (p[k] == ',');
        }
    }
    for (int i = 2; i < o->n_args; i++) {
        if (n == GRANTS_MAX)
            return cli_usage("at most %d clients on the command line", GRANTS_MAX);
        refs[n++] = o->args[i];
    }
    if (!n)
        return cli_usage("token create NAME needs --grant CLIENT (the clients it may read)");
    char token[EASEL_API_TOKEN_TEXT];
    int64_t id = 0;
    int rc = easel_app_token_create(s, o->args[1], refs, n, token, &id, err);
    if (rc)
        return cli_error(err);
    printf("token %s created: scope fhir-read, %zu client%s; the secret is shown this once:\n%s\n",
           o->args[1], n, n == 1 ? "" : "s", token);
    easel_secure_zero(token, sizeof(token));
    return EXIT_OK;
}

/* --json: [{"name", "scope", "live", "revoked_on", "revoked_by", "created_on", "created_by",
   "last_used_on", "clients": [REF...]}], dates YYYY-MM-DD or null. */
static int token_json(const struct easel_api_token *t, size_t n)
{
    struct easel_buf b;
    cli_json_init(&b);
    cli_json_open(&b, NULL, '[');
    for (size_t i = 0; i < n; i++) {
        char d1[11], d2[11], d3[11];
        cli_json_open(&b, NULL, '{');
        cli_json_str(&b, "name", t[i].name);
        cli_json_str(&b, "scope", t[i].scope);
        cli_json_bool(&b, "live", !t[i].revoked_at);
        cli_json_str(&b, "revoked_on", t[i].revoked_at ? day(t[i].revoked_at, d1) : NULL);
        cli_json_str(&b, "revoked_by", t[i].revoked_at ? t[i].revoked_by : NULL);
        cli_json_str(&b, "created_on", day(t[i].created_at, d2));
        cli_json_str(&b, "created_by", t[i].created_by);
        cli_json_str(&b, "last_used_on", t[i].last_used_at ? day(t[i].last_used_at, d3) : NULL);
        cli_json_open(&b, "clients", '[');
        for (size_t k = 0; k < t[i].n_clients; k++)
            cli_json_str(&b, NULL, t[i].refs[k]);
        cli_json_close(&b, ']');
        cli_json_close(&b, '}');
    }
    cli_json_close(&b, ']');
    return cli_json_done(&b);
}

static int token_list(struct easel_store *s, bool json, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_api_token *t;
    size_t n;
    int rc = easel_token_list(s, &a, &t, &n, err);
    if (!rc && json) {
        rc = token_json(t, n);
        easel_arena_release(&a);
        return rc;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        char d1[11], d2[11], d3[11];
        printf("%s\t%s\t%s%s\tcreated %s by %s\tlast used %s\t", t[i].name, t[i].scope,
               t[i].revoked_at ? "revoked " : "live",
               t[i].revoked_at ? day(t[i].revoked_at, d1) : "", day(t[i].created_at, d2),
               t[i].created_by, day(t[i].last_used_at, d3));
        for (size_t k = 0; k < t[i].n_clients; k++)
            printf("%s%s", k ? "," : "", t[i].refs[k]);
        printf("\n");
    }
    easel_arena_release(&a);
    return rc ? cli_error(err) : EXIT_OK;
}

int cmd_token(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "grant json", &o);
    if (rc)
        return rc;
    const char *verb = o.n_args ? o.args[0] : "";
    bool create = strcmp(verb, "create") == 0 && o.n_args >= 2;
    bool list = strcmp(verb, "list") == 0 && o.n_args == 1 && !o.n_opt;
    bool revoke = strcmp(verb, "revoke") == 0 && o.n_args == 2 && !o.n_opt;
    if (!create && !list && !revoke)
        return cli_usage(usage_text);
    if (o.json && !list)
        return cli_usage("--json: token list only");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    struct easel_error err = {0};
    if (create) {
        rc = token_create(&o, &s, &err);
    } else if (list) {
        rc = token_list(&s, o.json, &err);
    } else if ((rc = easel_token_revoke(&s, o.args[1], &err)) != 0) {
        rc = cli_error(&err);
    } else {
        printf("token %s revoked\n", o.args[1]);
    }
    easel_store_close(&s);
    return rc;
}
