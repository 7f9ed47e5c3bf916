/*
 * easel/group_note.h — the group-session note as the CLI reads it from a file and the web
 * receives it (docs/groups.md): one JSON object with the narrative and one entry per member.
 *
 *   {"number": 1, "date": "2027-01-07", "minutes": 90,
 *    "directive": "...", "media": "...", "themes": "...", "process": "...", "next_steps": "...",
 *    "members": [{"client": "ref", "attendance": "attended|late|left-early|absent|cancelled",
 *                 "minutes": 90, "note": "...", "ratings": {"1.1": 2}}]}
 *
 * Owns: strings and the member array live in the caller's arena; members name clients by
 * reference (the caller resolves them). Borrows: the text.
 * Fails: EASEL_EINVAL naming the field ("members[2].attendance"), EASEL_ENOMEM.
 */
#ifndef EASEL_GROUP_NOTE_H
#define EASEL_GROUP_NOTE_H

#include "easel/arena.h"
#include "easel/error.h"
#include "easel/store_group.h"

#include <stddef.h>

/* Parse text into *out; each member's client reference goes to refs[k] (out->members[k].client
   is 0 until the caller resolves it). */
int easel_group_note_read(const char *text, size_t len, struct easel_arena *a,
                          struct easel_group_session *out, const char ***refs,
                          struct easel_error *err);

#endif
