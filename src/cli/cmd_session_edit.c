/*
 * cli/cmd_session_edit.c — `session edit CLIENT SESSION [--note FILE] [--date D] [--minutes M]
 * [--attendance A] [--plan-version V] [--format F] [--version N]`: replace what a draft note
 * says. Options left out keep the draft's values; --version names the version the writer
 * started from (default: the current one), so an edit made meanwhile is not overwritten. The
 * replaced version is kept. A signed note refuses (add an addendum).
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/store.h"
#include "easel/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The session `id` of the client among the listed ones, or NULL (usage message printed). */
static const struct easel_session_record *find(const struct easel_session_record *rs, size_t n,
                                               long long id)
{
    for (size_t i = 0; i < n; i++)
        if (rs[i].id == id)
            return &rs[i];
    return NULL;
}

int cli_session_edit(const struct cli_opts *o, struct easel_store *s, long long client,
                     long long session)
{
    long minutes = 0, plan_version = -1, version = 0;
    int rc;
    if ((rc = cli_opt_int(o, "minutes", 1, 600, &minutes)) ||
        (rc = cli_opt_int(o, "plan-version", 0, 1000000000, &plan_version)) ||
        (rc = cli_opt_int(o, "version", 1, 1000000000, &version)))
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_session_record *rs = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    struct easel_buf note;
    easel_buf_init(&note, EASEL_NOTE_MAX + 1);
    rc = easel_session_list(s, client, &a, &rs, &n, &err);
    const struct easel_session_record *cur = rc ? NULL : find(rs, n, session);
    if (!rc && !cur)
        rc = easel_error_set(&err, EASEL_ENOTFOUND, "session", "SESSION", "%s has no session %lld",
                             o->args[1], session);
    struct easel_session_record r;
    if (!rc) {
        r = *cur;
        r.date = cli_opt(o, "date") ? cli_opt(o, "date") : r.date;
        r.minutes = minutes ? minutes : r.minutes;
        r.attendance = cli_opt(o, "attendance") ? cli_opt(o, "attendance") : r.attendance;
        r.plan_version = plan_version >= 0 ? plan_version : r.plan_version;
        r.note_format = o->format ? o->format : r.note_format;
        if (cli_opt(o, "note"))
            rc = easel_file_read(cli_opt(o, "note"), EASEL_NOTE_MAX, &note, &err);
        if (!rc && cli_opt(o, "note"))
            r.note = note.data;
    }
    if (!rc)
        rc = easel_app_session_update(s, &r, version ? version : cur->version, &err);
    if (!rc)
        printf("session %lld of %s: the draft is now version %lld (version %lld kept)\n", session,
               o->args[1], (long long)(version ? version : cur->version) + 1,
               (long long)(version ? version : cur->version));
    easel_buf_release(&note);
    easel_arena_release(&a);
    return rc ? cli_error(&err) : EXIT_OK;
}
