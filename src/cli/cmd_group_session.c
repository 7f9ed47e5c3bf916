/*
 * cli/cmd_group_session.c — documenting a group session:
 *   group session REF record FILE   the note (easel/group_note.h) saved as a draft
 *   group session REF sign N        signed: a locked copy in every member's chart
 *   group session REF cosign N      co-signed by another facilitator
 *   group session REF list [--json] sessions with their attendance; --json: [{"number", "date",
 *                                   "minutes", "status", "signed_by", "cosigned_by" (null when
 *                                   not), "directive", "members": [{"ref", "attendance",
 *                                   "minutes"}]}] (the members' notes and ratings only in
 *                                   their charts)
 */
#include "cli.h"
#include "easel/app_group.h"
#include "easel/group_note.h"
#include "easel/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int record(struct easel_store *s, const struct easel_kb *kb, const char *ref,
                  const char *file, struct easel_error *err)
{
    struct easel_buf text;
    easel_buf_init(&text, 1024 * 1024);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_note r;
    int64_t id = 0;
    int rc = easel_file_read(file, 1024 * 1024, &text, err);
    if (!rc)
        rc = easel_group_note_read(text.data, text.len, &a, &r, err);
    if (!rc)
        rc = easel_app_group_session_save(s, kb, ref, &r, &id, err);
    if (!rc)
        printf("session %lld of %s recorded (draft) for %zu members\n", (long long)r.number, ref,
               r.n_members);
    easel_arena_release(&a);
    easel_buf_release(&text);
    return rc;
}

static int list_json(const struct easel_group_session *gs, size_t n)
{
    struct easel_buf b;
    cli_json_init(&b);
    cli_json_open(&b, NULL, '[');
    for (size_t i = 0; i < n; i++) {
        cli_json_open(&b, NULL, '{');
        cli_json_int(&b, "number", (long long)gs[i].number);
        cli_json_str(&b, "date", gs[i].date);
        cli_json_int(&b, "minutes", (long long)gs[i].minutes);
        cli_json_str(&b, "status", gs[i].status);
        cli_json_str(&b, "signed_by", gs[i].signed_by);
        cli_json_str(&b, "cosigned_by", gs[i].cosigned_by);
        cli_json_str(&b, "directive", gs[i].directive);
        cli_json_open(&b, "members", '[');
        for (size_t k = 0; k < gs[i].n_members; k++) {
            cli_json_open(&b, NULL, '{');
            cli_json_str(&b, "ref", gs[i].members[k].ref);
            cli_json_str(&b, "attendance", gs[i].members[k].attendance);
            cli_json_int(&b, "minutes", (long long)gs[i].members[k].minutes);
            cli_json_close(&b, '}');
        }
        cli_json_close(&b, ']');
        cli_json_close(&b, '}');
    }
    cli_json_close(&b, ']');
    return cli_json_done(&b);
}

static int list(struct easel_store *s, const char *ref, bool json, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_program g;
    struct easel_group_session *gs;
    size_t n;
    int rc = easel_group_find(s, ref, &a, &g, err);
    if (!rc)
        rc = easel_group_sessions(s, g.id, &a, &gs, &n, err);
    if (!rc && json) {
        rc = list_json(gs, n) ? EASEL_EIO : 0; /* cli_write said why */
        easel_arena_release(&a);
        return rc;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        printf("session %lld\t%s\t%lld min\t%s%s%s\t%s\n", (long long)gs[i].number, gs[i].date,
               (long long)gs[i].minutes, gs[i].status, gs[i].cosigned_by ? ", co-signed by " : "",
               gs[i].cosigned_by ? gs[i].cosigned_by : "", gs[i].directive);
        for (size_t k = 0; k < gs[i].n_members; k++)
            printf("  %s\t%s\t%lld min\n", gs[i].members[k].ref, gs[i].members[k].attendance,
                   (long long)gs[i].members[k].minutes);
    }
    easel_arena_release(&a);
    return rc;
}

int cmd_group_session(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "json", &o);
    if (rc)
        return rc;
    const char *verb = o.n_args >= 2 ? o.args[1] : "";
    if (o.json && strcmp(verb, "list") != 0)
        return cli_usage("--json: group session REF list only");
    bool ok = (o.n_args == 3 && (strcmp(verb, "record") == 0 || strcmp(verb, "sign") == 0 ||
                                 strcmp(verb, "cosign") == 0)) ||
              (o.n_args == 2 && strcmp(verb, "list") == 0);
    if (!ok)
        return cli_usage("group session REF record FILE | sign N | cosign N | list");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    struct easel_error err = {0};
    if (strcmp(verb, "record") == 0)
        rc = record(&s, &kb, o.args[0], o.args[2], &err);
    else if (strcmp(verb, "list") == 0)
        rc = list(&s, o.args[0], o.json, &err);
    else {
        char *end;
        long n = strtol(o.args[2], &end, 10);
        if (*end || n < 1 || n > 104)
            rc = easel_error_set(&err, EASEL_EINVAL, "group", "number", "a session number 1-104");
        else if (strcmp(verb, "cosign") == 0)
            rc = easel_app_group_session_cosign(&s, o.args[0], n, &err);
        else
            rc = easel_app_group_session_sign(&s, o.args[0], n, &err);
        if (!rc && strcmp(verb, "cosign") == 0)
            printf("session %ld of %s co-signed\n", n, o.args[0]);
        else if (!rc)
            printf("session %ld of %s signed; a locked copy is in each member's chart\n", n,
                   o.args[0]);
    }
    easel_store_close(&s);
    easel_kb_release(&kb);
    if (rc == EASEL_EIO && !err.code)
        return EXIT_IO; /* stdout failed; cli_write printed it */
    return rc ? cli_error(&err) : EXIT_OK;
}
