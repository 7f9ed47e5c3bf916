/*
 * easel/app_today.h — a therapist's day (issue 12): the individual sessions their caseload's
 * latest plans put between a date and the end of its week, and the group sessions of the
 * programs they facilitate, each marked documented or not. One home for the rule, used by the
 * web's Today screen.
 *
 * Owns: rows live in the caller's arena. Borrows: the store and the KB during the call.
 * Fails: EASEL_EINVAL (field "date"), EASEL_EDB, EASEL_ENOMEM. A plan that cannot be read is
 * skipped (it names no session), not fatal.
 */
#ifndef EASEL_APP_TODAY_H
#define EASEL_APP_TODAY_H

#include "easel/kb.h"
#include "easel/store.h"

struct easel_app_due {
    char date[11];
    const char *kind; /* "individual" or "group" */
    const char *ref;  /* the client's or the program's reference */
    const char *name; /* the client's or the program's name */
    int number;       /* the session's number in the plan or program */
    bool documented;  /* a session is recorded that day (individual) or a note saved (group) */
};

/* Due from `date` to six days after it, by date, then kind, then name. */
int easel_app_today(struct easel_store *s, const struct easel_kb *kb, const char *login,
                    const char *date, struct easel_arena *a, struct easel_app_due **out, size_t *n,
                    struct easel_error *err);

#endif
