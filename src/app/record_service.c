/*
 * app/record_service.c — writes to the client record that need the KB first: a profile is
 * parsed and checked against the KB (and must be for this client) before it is stored; a
 * session's note is checked against its format before the session is stored or a draft note
 * is edited; an art-based assessment's ratings are checked against its procedure before it is
 * stored. Used by `easel profile set`, `easel session add|edit`, `easel assess add` and the web
 * API.
 *
 * Owns: nothing. Borrows: the store, the KB and the texts during the call.
 * Fails: EASEL_EINVAL naming the field (the loader's or note checker's message), or the
 * store's error; nothing is stored on failure.
 */
#include "easel/app.h"
#include "easel/art_assess.h"
#include "easel/note.h"
#include "easel/profile_load.h"

#include <stdio.h>
#include <string.h>

int easel_app_profile_put(struct easel_store *s, int64_t client, const char *ref,
                          const struct easel_kb *kb, const char *where, const char *text,
                          size_t len, int64_t *version, struct easel_error *err)
{
    struct easel_profile p;
    int rc = easel_profile_parse(&p, kb, where, text, len, err);
    if (rc)
        return rc;
    if (strcmp(p.client, ref) != 0)
        rc = easel_error_set(err, EASEL_EINVAL, where, "client",
                             "the profile is for \"%s\", not for \"%s\"", p.client, ref);
    easel_profile_release(&p);
    if (!rc)
        rc = easel_profile_put(s, client, text, version, err);
    return rc;
}

int easel_app_session_add(struct easel_store *s, const struct easel_session_record *r, int64_t *id,
                          struct easel_error *err)
{
    int rc = easel_note_check(r->note_format, r->note, strlen(r->note), err);
    if (!rc)
        rc = easel_session_add(s, r, id, err);
    return rc;
}

int easel_app_session_update(struct easel_store *s, const struct easel_session_record *r,
                             int64_t edited, struct easel_error *err)
{
    int rc = easel_note_check(r->note_format, r->note, strlen(r->note), err);
    if (!rc)
        rc = easel_session_update(s, r, edited, err);
    return rc;
}

int easel_app_art_assessment_add(struct easel_store *s, struct easel_art_assessment_record r,
                                 const int *ratings, int n, int64_t *id, struct easel_error *err)
{
    const struct easel_art_procedure *proc = r.procedure ? easel_art_procedure(r.procedure) : NULL;
    if (!proc)
        return easel_error_set(err, EASEL_ENOTFOUND, "assessment", "procedure",
                               "unknown procedure \"%s\" (see `easel assess procedures`)",
                               r.procedure ? r.procedure : "");
    int rc = easel_art_assessment_check(proc, ratings, n, err);
    if (rc)
        return rc;
    char text[256] = ""; /* at most 32 ratings of -1000..1000 */
    for (int i = 0; i < n && i < 32; i++) {
        size_t len = strlen(text);
        snprintf(text + len, sizeof(text) - len, "%s%d", i ? "," : "", ratings[i]);
    }
    r.procedure = proc->id;
    r.materials = r.materials ? r.materials : proc->materials;
    r.ratings = text;
    return easel_art_assessment_add(s, &r, id, err);
}
