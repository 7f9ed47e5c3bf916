/*
 * cli/cmd_session.c — sessions and their progress notes:
 *   session add CLIENT --date YYYY-MM-DD --minutes N --note FILE [--format SOAP|DAP|BIRP|GIRP]
 *                      [--attendance attended|cancelled|no-show] [--mode individual|group]
 *                      [--plan-version V]
 *   session list CLIENT
 *   session edit CLIENT SESSION [--note FILE] [...] [--version N]   (a draft; cmd_session_edit.c)
 *   session sign CLIENT SESSION                                    (the author; cmd_session_sign.c)
 *   session addendum CLIENT SESSION --text TEXT   (a dated addition; a signed or group note
 *                                                  itself never changes)
 *   session template CLIENT --plan-version V --number K   the note's prefill from plan session K
 *                                                  (JSON; cmd_session_template.c)
 * The note file is the format's JSON object (easel/note.h), checked before anything is stored.
 * A new note is a draft until its author signs it.
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/store.h"
#include "easel/store_group.h"
#include "easel/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(const struct cli_opts *o, struct easel_store *s, long long client)
{
    long minutes = 0, plan_version = 0;
    int rc;
    if ((rc = cli_opt_int(o, "minutes", 1, 600, &minutes)) ||
        (rc = cli_opt_int(o, "plan-version", 1, 1000000000, &plan_version)))
        return rc;
    const char *note_file = cli_opt(o, "note");
    if (!cli_opt(o, "date") || !minutes || !note_file)
        return cli_usage("session add CLIENT needs --date, --minutes and --note FILE");
    struct easel_session_record r = {
        .client = client,
        .date = cli_opt(o, "date"),
        .minutes = minutes,
        .attendance = cli_opt(o, "attendance") ? cli_opt(o, "attendance") : "attended",
        .mode = cli_opt(o, "mode") ? cli_opt(o, "mode") : "individual",
        .plan_version = plan_version,
        .note_format = o->format ? o->format : "SOAP",
    };
    struct easel_buf note;
    easel_buf_init(&note, EASEL_NOTE_MAX + 1);
    struct easel_error err = {0};
    int64_t id = 0;
    rc = easel_file_read(note_file, EASEL_NOTE_MAX, &note, &err);
    if (!rc) {
        r.note = note.data;
        rc = easel_app_session_add(s, &r, &id, &err);
    }
    easel_buf_release(&note);
    if (rc)
        return cli_error(&err);
    printf("session %lld recorded for %s on %s (a draft until you sign it: easel session sign "
           "%s %lld)\n",
           (long long)id, o->args[1], r.date, o->args[1], (long long)id);
    return EXIT_OK;
}

static int addendum(const struct cli_opts *o, struct easel_store *s, long long client)
{
    char *end;
    long long session = strtoll(o->args[2], &end, 10);
    if (*end || session < 1 || !cli_opt(o, "text"))
        return cli_usage("session addendum CLIENT SESSION --text TEXT");
    struct easel_error err = {0};
    int64_t id = 0;
    int rc = easel_addendum_add(s, client, session, cli_opt(o, "text"), &id, &err);
    if (rc)
        return cli_error(&err);
    printf("addendum %lld added to session %lld\n", (long long)id, session);
    return EXIT_OK;
}

/* A session as a JSON object (--json): what `session list` prints, by name, with its addenda. */
static void session_json(struct easel_buf *b, const struct easel_session_record *r,
                         const struct easel_addendum *ad, size_t nd)
{
    easel_buf_printf(b, "{\"id\":%lld,\"date\":", (long long)r->id);
    easel_buf_json_str(b, r->date);
    easel_buf_printf(b, ",\"minutes\":%lld,\"attendance\":", (long long)r->minutes);
    easel_buf_json_str(b, r->attendance);
    easel_buf_puts(b, ",\"mode\":");
    easel_buf_json_str(b, r->mode);
    easel_buf_puts(b, ",\"note_format\":");
    easel_buf_json_str(b, r->note_format);
    easel_buf_printf(b, ",\"plan_version\":%lld,\"signed_by\":", (long long)r->plan_version);
    if (r->signed_by)
        easel_buf_json_str(b, r->signed_by);
    else
        easel_buf_puts(b, "null");
    easel_buf_printf(b, ",\"version\":%lld,\"addenda\":[", (long long)r->version);
    bool first = true;
    for (size_t k = 0; k < nd; k++)
        if (ad[k].session == r->id) {
            easel_buf_puts(b, first ? "{\"by\":" : ",{\"by\":");
            easel_buf_json_str(b, ad[k].created_by);
            easel_buf_puts(b, ",\"text\":");
            easel_buf_json_str(b, ad[k].text);
            easel_buf_puts(b, "}");
            first = false;
        }
    easel_buf_puts(b, "]}");
}

static int list(struct easel_store *s, long long client, bool json)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_session_record *rs;
    struct easel_addendum *ad = NULL;
    size_t n, nd = 0;
    struct easel_error err = {0};
    int rc = easel_session_list(s, client, &a, &rs, &n, &err);
    if (!rc)
        rc = easel_addenda(s, client, &a, &ad, &nd, &err);
    if (!rc && json) { /* one JSON array, written whole */
        struct easel_buf b;
        easel_buf_init(&b, (size_t)1 << 26);
        easel_buf_puts(&b, "[");
        for (size_t i = 0; i < n; i++) {
            easel_buf_puts(&b, i ? ",\n" : "\n");
            session_json(&b, &rs[i], ad, nd);
        }
        easel_buf_puts(&b, "\n]\n");
        int w = b.failed ? EXIT_INTERNAL : cli_write(b.data, b.len);
        easel_buf_release(&b);
        easel_arena_release(&a);
        return w;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        printf("%lld\t%s\t%lld min\t%s\t%s\t%s\t", (long long)rs[i].id, rs[i].date,
               (long long)rs[i].minutes, rs[i].attendance, rs[i].mode, rs[i].note_format);
        if (rs[i].signed_by)
            printf("signed by %s\n", rs[i].signed_by);
        else
            printf("draft v%lld\n", (long long)rs[i].version);
        for (size_t k = 0; k < nd; k++)
            if (ad[k].session == rs[i].id)
                printf("  addendum by %s: %s\n", ad[k].created_by, ad[k].text);
    }
    easel_arena_release(&a);
    return rc ? cli_error(&err) : EXIT_OK;
}

int cmd_session(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(
        argc, argv,
        "date minutes note format attendance mode plan-version number text version json", &o);
    if (rc)
        return rc;
    bool is_add = o.n_args == 2 && strcmp(o.args[0], "add") == 0;
    bool is_list = o.n_args == 2 && strcmp(o.args[0], "list") == 0;
    bool is_addendum = o.n_args == 3 && strcmp(o.args[0], "addendum") == 0;
    bool is_edit = o.n_args == 3 && strcmp(o.args[0], "edit") == 0;
    bool is_sign = o.n_args == 3 && strcmp(o.args[0], "sign") == 0;
    if (o.n_args == 2 && strcmp(o.args[0], "template") == 0)
        return cli_session_template(&o); /* needs the KB too */
    long long session = 0;
    if (is_edit || is_sign) {
        char *end;
        session = strtoll(o.args[2], &end, 10);
        if (*end || session < 1)
            return cli_usage("session %s CLIENT SESSION: SESSION is the session's number "
                             "(easel session list)",
                             o.args[0]);
    }
    if (!is_add && !is_list && !is_addendum && !is_edit && !is_sign)
        return cli_usage("session add CLIENT ... | session list CLIENT | session edit CLIENT "
                         "SESSION [--note FILE] ... | session sign CLIENT SESSION | session "
                         "addendum CLIENT SESSION --text TEXT | session template CLIENT "
                         "--plan-version V --number K");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    long long client;
    rc = cli_client_id(&s, o.args[1], &client);
    if (!rc)
        rc = is_add    ? add(&o, &s, client)
             : is_list ? list(&s, client, o.json)
             : is_edit ? cli_session_edit(&o, &s, client, session)
             : is_sign ? cli_session_sign(&s, client, session, o.args[1])
                       : addendum(&o, &s, client);
    easel_store_close(&s);
    return rc;
}
