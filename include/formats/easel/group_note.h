/*
 * easel/group_note.h — the group-session note as the CLI reads it from a file and the web
 * receives it (docs/groups.md): one JSON object with the narrative and one entry per member.
 *
 *   {"number": 1, "date": "2027-01-07", "minutes": 90,
 *    "directive": "...", "media": "...", "themes": "...", "process": "...", "next_steps": "...",
 *    "members": [{"client": "ref", "attendance": "attended|late|left-early|absent|cancelled",
 *                 "minutes": 90, "note": "...", "ratings": {"1.1": 2}}]}
 *
 * The reader knows the format only; the application turns a note into the record's group
 * session (easel_app_group_session_save: the roster, the schedule, client ids).
 *
 * Owns: strings and the member array live in the caller's arena; members name clients by
 * reference (the caller resolves them). Borrows: the text.
 * Fails: EASEL_EINVAL naming the field ("members[2].attendance"), EASEL_ENOMEM.
 */
#ifndef EASEL_GROUP_NOTE_H
#define EASEL_GROUP_NOTE_H

#include "easel/arena.h"
#include "easel/error.h"

#include <stddef.h>
#include <stdint.h>

struct easel_group_note_member {
    const char *client;     /* the client's reference */
    const char *attendance; /* attended | late | left-early | absent | cancelled */
    int64_t minutes;        /* minutes attended; -1 when not given */
    const char *note;       /* "" when none */
    const char *ratings;    /* "1.1:2,2.1:-1" (the store's form), "" when none */
};

struct easel_group_note {
    int64_t number, minutes;
    const char *date; /* YYYY-MM-DD */
    const char *directive, *media, *themes, *process, *next_steps;
    struct easel_group_note_member *members;
    size_t n_members;
};

/* Parse text into *out. */
int easel_group_note_read(const char *text, size_t len, struct easel_arena *a,
                          struct easel_group_note *out, struct easel_error *err);

#endif
