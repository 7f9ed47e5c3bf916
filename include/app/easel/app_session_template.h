/*
 * easel/app_session_template.h — the prefill of a session note from a plan session
 * (app/session_template.c): what was planned (warm-up, main directive, closure by name), the
 * objective the session serves with a rating to fill in, and the media it uses. The web's
 * GET .../session-template and `easel session template` give the same JSON.
 *
 * Owns: nothing; the template lives in the caller's arena (valid until it is released).
 * Borrows: the store and the KB for the call (intervention names are looked up in the KB).
 * Fails: EASEL_ENOTFOUND naming "plan_version" (no such plan version) or "number" (the plan has
 * no session with this number); the plan reader's EASEL_EINVAL for a stored plan it cannot read;
 * the store's errors; EASEL_ENOMEM.
 */
#ifndef EASEL_APP_SESSION_TEMPLATE_H
#define EASEL_APP_SESSION_TEMPLATE_H

#include "easel/arena.h"
#include "easel/buf.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/store.h"

#include <stddef.h>
#include <stdint.h>

struct easel_app_session_template {
    int64_t plan_version;
    int number;              /* the plan session */
    const char *note_format; /* "SOAP" */
    const char *planned;     /* "Planned: warm-up: A; main directive: B; closure: C": the
                                note's objective field, for the therapist to complete */
    const char *objective;   /* the objective the session serves ("1.2"), NULL when none */
    const char **media;      /* KB media ids, each once, in the plan's order */
    size_t n_media;
};

/* Session `number` (1..) of plan version `plan_version` (1..) of `client`. */
int easel_app_session_template(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                               int64_t plan_version, int number, struct easel_arena *a,
                               struct easel_app_session_template *out, struct easel_error *err);

/* The template as JSON (docs/api.md, "session-template"): {"note_format", "note": {the format's
   fields, "progress": [{"objective", "rating": 0}], "media_used"}, "media_used", "objective",
   "plan_version", "number"}, appended to out. Returns out->failed. */
int easel_app_session_template_json(const struct easel_app_session_template *t,
                                    struct easel_buf *out);

#endif
