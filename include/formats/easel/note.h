/*
 * easel/note.h — the structured progress note of a session: SOAP, DAP, BIRP or GIRP, as a
 * JSON object with exactly that format's fields plus optional per-objective progress, media
 * used and the client's reactions in the therapist's words.
 *
 *   SOAP: subjective, objective, assessment, plan      DAP: data, assessment, plan
 *   BIRP: behavior, intervention, response, plan       GIRP: goal, intervention, response, plan
 *   optional: "progress": [{"objective": "1.2", "rating": -2..2, "comment": "..."}],
 *             "media_used": ["oil-pastels", ...], "reactions": "..."
 *
 * Owns nothing. Fails: EASEL_EINVAL naming the field (malformed JSON names line:column).
 */
#ifndef EASEL_NOTE_H
#define EASEL_NOTE_H

#include "easel/error.h"

#include <stddef.h>

int easel_note_check(const char *format, const char *json, size_t len, struct easel_error *err);

/* Call fn for every per-objective progress rating of a (checked) note, in order. */
typedef void (*easel_note_progress_fn)(void *ctx, const char *objective, int rating);
int easel_note_progress(const char *json, size_t len, easel_note_progress_fn fn, void *ctx);

#endif
