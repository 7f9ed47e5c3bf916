/*
 * easel/store_group.h — group programs in the record (issue 12; docs/groups.md): a program
 * with its facilitators, its roster (each member's start and end date and why they left), and
 * its sessions: one narrative, and per member their attendance, minutes, short note and
 * objective ratings. Signing a group session copies it into every member's chart (a row of
 * `sessions` naming the group session) in the same transaction; from then on the group note,
 * its attendance and every copy are immutable (the backends' triggers refuse UPDATE and DELETE),
 * and a member's copy takes addenda.
 *
 * Owns: records returned by reads live in the caller's arena. Borrows: the store connection.
 * Fails: 0 or an EASEL_E* code with err filled: EASEL_EINVAL naming the field (a bad date, an
 * overlapping membership, capacity exceeded), EASEL_ENOTFOUND, EASEL_ECONFLICT (a reference or
 * session number in use), EASEL_EREADONLY (signed), EASEL_EDB. A failed call writes nothing.
 * Every write and every read is audited.
 */
#ifndef EASEL_STORE_GROUP_H
#define EASEL_STORE_GROUP_H

#include "easel/store.h"

#define EASEL_GROUP_TEXT_MAX 4000 /* characters of one narrative field or member note */

struct easel_group_program {
    int64_t id;
    const char *ref;        /* unique, [a-z0-9-], 1-64 */
    const char *name;       /* 1-200 characters */
    const char *setting;    /* a KB setting id */
    const char *kind;       /* closed | open | drop-in */
    const char *start_date; /* YYYY-MM-DD of session 1; sessions are weekly from it */
    const char *start_time; /* HH:MM */
    int64_t minutes;        /* 15-240 */
    int64_t sessions;       /* 1-104 */
    int64_t capacity;       /* 1-30 members at a time */
    const char *status;     /* planned | running | ended */
    const char *created_by;
    int64_t created_at;
};

/* A new program led by facilitators[0] (co-facilitated by the rest; each a user). */
int easel_group_add(struct easel_store *s, const struct easel_group_program *g,
                    const char *const *facilitators, size_t n_facilitators, int64_t *id,
                    struct easel_error *err);
/* By reference (EASEL_ENOTFOUND, field "group"). Audited as a read of the program. */
int easel_group_find(struct easel_store *s, const char *ref, struct easel_arena *a,
                     struct easel_group_program *out, struct easel_error *err);
/* Programs `login` facilitates (NULL: every program), by name. */
int easel_group_list(struct easel_store *s, const char *login, struct easel_arena *a,
                     struct easel_group_program **out, size_t *n, struct easel_error *err);
/* Facilitators of a program, the lead first (role "lead" or "co"). */
int easel_group_facilitators(struct easel_store *s, int64_t program, struct easel_arena *a,
                             struct easel_person **out, size_t *n, struct easel_error *err);
int easel_group_facilitates(struct easel_store *s, int64_t program, const char *login, bool *yes,
                            struct easel_error *err);

struct easel_group_member {
    int64_t client;
    const char *ref, *name; /* the client's (reads) */
    const char *start_date; /* YYYY-MM-DD */
    const char *end_date;   /* NULL while a member */
    const char *end_reason; /* why they left, NULL while a member */
};

/* Add a client from start_date: not before the program starts, not overlapping an earlier
   membership of the same client, and not beyond the program's capacity on that date. */
int easel_group_member_add(struct easel_store *s, int64_t program, int64_t client,
                           const char *start_date, struct easel_error *err);
/* End a current membership on end_date (not before it started), with the reason (1-200). */
int easel_group_member_end(struct easel_store *s, int64_t program, int64_t client,
                           const char *end_date, const char *reason, struct easel_error *err);
/* Every membership, by start date then name. */
int easel_group_members(struct easel_store *s, int64_t program, struct easel_arena *a,
                        struct easel_group_member **out, size_t *n, struct easel_error *err);
/* The programs a client is or was a member of (for the client's chart). */
int easel_group_of_client(struct easel_store *s, int64_t client, struct easel_arena *a,
                          struct easel_group_program **out, size_t *n, struct easel_error *err);

struct easel_group_attendance {
    int64_t client;
    const char *ref, *name; /* the client's (reads) */
    const char *attendance; /* attended | late | left-early | absent | cancelled */
    int64_t minutes;        /* minutes attended, 0 when absent or cancelled */
    const char *note;       /* the member's short note, "" when none */
    const char *ratings;    /* "1.1:2,2.1:-1": objective ratings -2..+2, "" when none */
    int64_t copy;           /* the member's copy in `sessions` once signed, else 0 (reads) */
    int64_t group_session;  /* the group session documented (reads) */
};

struct easel_group_session {
    int64_t id, program, number;
    const char *date; /* YYYY-MM-DD */
    int64_t minutes;
    const char *directive, *media, *themes, *process, *next_steps; /* the narrative */
    const char *status;                                            /* draft | signed (reads) */
    const char *created_by, *signed_by, *cosigned_by;              /* cosigned_by: NULL when not */
    int64_t created_at, signed_at, cosigned_at;
    struct easel_group_attendance *members;
    size_t n_members;
};

/* Read the next pair of a ratings text ("1.1:2,2.1:-1", the form the store keeps): 1 with the
   objective number (at most 16 characters) and the rating, *p moved past it; 0 at the end;
   -1 when the text is malformed. The one reader of that form. */
int easel_group_rating_next(const char **p, char objective[17], int *rating);

/* Save session r->number of r->program as a draft (replacing an earlier draft of that number
   whole; EASEL_EREADONLY when it is signed). The caller has checked the roster and schedule
   (app/group_service.c). */
int easel_group_session_save(struct easel_store *s, const struct easel_group_session *r,
                             int64_t *id, struct easel_error *err);
/* Sessions of a program by number, each with its members (by name). Audited. */
int easel_group_sessions(struct easel_store *s, int64_t program, struct easel_arena *a,
                         struct easel_group_session **out, size_t *n, struct easel_error *err);
/* Sign a draft: copies[k] is member k's copy (the caller writes its note), stored in `sessions`
   naming the group session; then the group note is signed by the actor. All or nothing. */
int easel_group_session_sign(struct easel_store *s, int64_t id,
                             const struct easel_session_record *copies, size_t n,
                             struct easel_error *err);
/* Co-sign a signed group note (a second facilitator, a supervising therapist): the actor must
   not be the one who signed it; once per person. */
int easel_group_session_cosign(struct easel_store *s, int64_t id, struct easel_error *err);
/* The group session a client's session copies (0: an individual session). */
int easel_session_group_of(struct easel_store *s, int64_t session, int64_t *group_session,
                           struct easel_error *err);

struct easel_addendum {
    int64_t id, session;
    const char *text;
    const char *created_by;
    int64_t created_at;
};

/* An addendum (1-4000 characters) to one of `client`'s sessions whose note is signed (a group
   copy is signed when written); a draft refuses (EASEL_EINVAL, field "session"): edit it. */
int easel_addendum_add(struct easel_store *s, int64_t client, int64_t session, const char *text,
                       int64_t *id, struct easel_error *err);
/* A client's addenda, by session then time. */
int easel_addenda(struct easel_store *s, int64_t client, struct easel_arena *a,
                  struct easel_addendum **out, size_t *n, struct easel_error *err);

#endif
