/*
 * cli/cmd_plan_record.c — the stored plans of a client:
 *   plan generate CLIENT [--sessions N] [--start YYYY-MM-DD]
 *                                        the engine's proposal from the latest stored profile,
 *                                        saved as a new draft version; session 1 on --start, or
 *                                        on the profile's start date, or today once that passed
 *   plan show CLIENT [--version N] [--json]
 *                                        one version (default: the latest), with its status;
 *                                        --json: {"client", "version", "status", "kb_version",
 *                                        "created_by", "signed_by", "content_sha256",
 *                                        "cosigned_by" (null when not), "plan": the body}
 *   plan diff CLIENT V1 V2               what changed between two versions, line by line
 *   plan sign CLIENT [--version N]       sign (the version becomes immutable) once it passes
 *                                        the plan checks against today's engine plan
 *   plan cosign CLIENT [--version N]     a supervisor's co-signature of a signed version
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/plan.h"
#include "easel/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int generate(const struct cli_opts *o, struct easel_store *s, long long client)
{
    struct easel_kb kb;
    int rc = cli_load_kb(o, &kb);
    if (rc)
        return rc;
    struct easel_error err = {0};
    struct easel_buf out;
    easel_buf_init(&out, EASEL_PLAN_MAX);
    struct easel_app_plan ap;
    int64_t version = 0;
    rc = easel_app_plan_generate(s, client, &kb, o->sessions, cli_opt(o, "start"), &ap, &out,
                                 &version, &err);
    if (!rc)
        printf("plan version %lld (draft) saved for %s from profile version %lld; %zu sessions, "
               "%zu objectives%s\n",
               (long long)version, o->args[1], (long long)ap.profile_version, ap.plan.n_sessions,
               ap.plan.n_objectives, ap.plan.n_risks ? "; RISK FLAG: safety planning first" : "");
    else if (!err.code)
        easel_error_set(&err, rc, "plan", "", "%s", easel_strerror(rc));
    easel_app_plan_release(&ap);
    easel_buf_release(&out);
    easel_kb_release(&kb);
    return rc ? cli_error(&err) : EXIT_OK;
}

static int show(const struct cli_opts *o, struct easel_store *s, long long client)
{
    long version = 0;
    int rc = cli_opt_int(o, "version", 1, 1000000000, &version);
    if (rc)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_plan_record r;
    struct easel_error err = {0};
    rc = easel_plan_record_load(s, client, version, &a, &r, &err);
    if (!rc && o->json) {
        struct easel_buf b;
        cli_json_init(&b);
        cli_json_open(&b, NULL, '{');
        cli_json_str(&b, "client", o->args[1]);
        cli_json_int(&b, "version", (long long)r.version);
        cli_json_str(&b, "status", r.status);
        cli_json_str(&b, "kb_version", r.kb_version);
        cli_json_str(&b, "created_by", r.created_by);
        cli_json_str(&b, "signed_by", r.signed_by);
        cli_json_str(&b, "content_sha256", r.signed_by ? r.content_hash : NULL);
        cli_json_str(&b, "cosigned_by", r.cosigned_by);
        cli_json_raw(&b, "plan", r.body, strlen(r.body));
        cli_json_close(&b, '}');
        rc = cli_json_done(&b);
        easel_arena_release(&a);
        return rc;
    }
    if (!rc) {
        printf("# plan version %lld, %s; created by %s; KB %s\n", (long long)r.version, r.status,
               r.created_by, r.kb_version);
        if (r.signed_by)
            printf("# signed by %s; content SHA-256 %s\n", r.signed_by, r.content_hash);
        if (r.cosigned_by)
            printf("# co-signed by %s\n", r.cosigned_by);
        rc = cli_write(r.body, strlen(r.body));
    }
    easel_arena_release(&a);
    return rc ? (err.code ? cli_error(&err) : rc) : EXIT_OK;
}

/* What changed between two versions, line by line ("-" old, "+" new): easel_app_plan_diff. */
static int diff(const struct cli_opts *o, struct easel_store *s, long long client)
{
    long v1 = strtol(o->args[2], NULL, 10), v2 = strtol(o->args[3], NULL, 10);
    if (v1 < 1 || v2 < 1)
        return cli_usage("plan diff CLIENT V1 V2 takes two version numbers");
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_plan_record r1, r2;
    struct easel_diff_line *l = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    int rc = easel_app_plan_diff(s, client, v1, v2, &a, &r1, &r2, &l, &n, &err);
    if (rc == EASEL_ETOOBIG || rc == EASEL_ENOMEM) {
        easel_arena_release(&a);
        fprintf(stderr, "easel: plan diff: plans too large to compare\n");
        return EXIT_INTERNAL;
    }
    if (rc) {
        easel_arena_release(&a);
        return cli_error(&err);
    }
    struct easel_kb kb;
    if ((rc = cli_load_kb(o, &kb)) != 0) {
        easel_arena_release(&a);
        return rc;
    }
    const char **words = NULL;
    size_t nw = 0;
    rc = easel_app_plan_changes(s, client, v1, v2, &kb, &a, &words, &nw, &err);
    easel_kb_release(&kb);
    if (rc) {
        easel_arena_release(&a);
        return cli_error(&err);
    }
    printf("What changed from version %ld to version %ld:\n", v1, v2);
    for (size_t i = 0; i < nw; i++)
        printf("  %s\n", words[i]);
    if (!nw)
        printf("  nothing a clinician would see\n");
    printf("--- plan version %ld (%s)\n+++ plan version %ld (%s)\n", v1, r1.status, v2, r2.status);
    size_t changes = 0;
    for (size_t i = 0; i < n; i++)
        if (l[i].op != ' ') {
            printf("%c%s\n", l[i].op, l[i].text);
            changes++;
        }
    printf("%zu line(s) changed\n", changes);
    easel_arena_release(&a);
    return EXIT_OK;
}

static int sign(const struct cli_opts *o, struct easel_store *s, long long client, bool co)
{
    long version = 0;
    int rc = cli_opt_int(o, "version", 1, 1000000000, &version);
    if (rc)
        return rc;
    struct easel_error err = {0};
    if (!version) {
        struct easel_arena a;
        easel_arena_init(&a);
        struct easel_plan_record r;
        rc = easel_plan_record_load(s, client, 0, &a, &r, &err);
        version = (long)r.version;
        easel_arena_release(&a);
        if (rc)
            return cli_error(&err);
    }
    struct easel_kb kb;
    if ((rc = cli_load_kb(o, &kb)) != 0)
        return rc;
    rc = easel_app_plan_sign(s, client, version, co, &kb, &err);
    easel_kb_release(&kb);
    if (rc)
        return cli_error(&err);
    printf("plan version %ld %s by %s\n", version, co ? "co-signed" : "signed", s->actor);
    return EXIT_OK;
}

int cmd_plan_record(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "version sessions start json", &o);
    if (rc)
        return rc;
    const char *sub = o.n_args ? o.args[0] : "";
    if (o.json && strcmp(sub, "show") != 0)
        return cli_usage("--json: plan show only");
    bool is_diff = strcmp(sub, "diff") == 0;
    if (o.n_args != (is_diff ? 4 : 2))
        return cli_usage("plan %s CLIENT%s", sub, is_diff ? " V1 V2" : "");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    long long client;
    rc = cli_client_id(&s, o.args[1], &client);
    if (!rc) {
        if (strcmp(sub, "generate") == 0)
            rc = generate(&o, &s, client);
        else if (strcmp(sub, "show") == 0)
            rc = show(&o, &s, client);
        else if (is_diff)
            rc = diff(&o, &s, client);
        else
            rc = sign(&o, &s, client, strcmp(sub, "cosign") == 0);
    }
    easel_store_close(&s);
    return rc;
}
