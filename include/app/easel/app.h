/*
 * easel/app.h — application services: operations that combine the store, the KB and the engine,
 * shared by the command line (src/cli) and the web server (src/web). Each one is what a user
 * means by one action ("generate a plan for this client", "compare two plan versions", "store
 * a checked profile", "record a session with its note"); the callers only parse their own input
 * (argv, HTTP) and present the result.
 *
 * Owns: struct easel_app_plan owns its profile and plan (easel_app_plan_release); diff lines
 * live in the caller's arena. Borrows: the store connection and the KB during each call (the
 * plan borrows the KB while it is used).
 * Fails: 0 or an EASEL_E* code with err filled: EASEL_ENOTFOUND (no profile, no such plan
 * version), EASEL_EINVAL naming the field, EASEL_ECONFLICT / EASEL_EREADONLY from the store,
 * EASEL_EDB, EASEL_ETOOBIG (plans too large to compare), EASEL_ENOMEM.
 */
#ifndef EASEL_APP_H
#define EASEL_APP_H

#include "easel/arena.h"
#include "easel/buf.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/plan.h"
#include "easel/profile.h"
#include "easel/score.h"
#include "easel/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The engine's view of a stored client: the latest stored profile with every stored measure
   merged in (the latest scores set baselines; a positive risk item raises the risk flag), and
   the plan the engine builds from it. */
struct easel_app_plan {
    struct easel_profile profile;
    struct easel_plan plan;
    int64_t profile_version;
};

/* Load the latest profile of `client` and merge its stored measures. EASEL_ENOTFOUND (field
   "profile") when the client has no profile. */
int easel_app_profile_load(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                           struct easel_profile *p, int64_t *version, struct easel_error *err);
/* Profile + measures + easel_plan_build (sessions 0: the profile's or setting's default). */
int easel_app_plan_build(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                         int sessions, struct easel_app_plan *out, struct easel_error *err);
/* The same with the engine's options (verdicts_only for a recheck). */
int easel_app_plan_build_opt(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                             const struct easel_plan_options *opt, struct easel_app_plan *out,
                             struct easel_error *err);
void easel_app_plan_release(struct easel_app_plan *ap);
/* Sign (or co-sign) a stored version. Signing checks the version again against the engine's
   plan for the client today (easel_app_plan_check_version); a refusal or a checker error refuses
   it (EASEL_EINVAL, field "checks", the message naming the first problem). */
int easel_app_plan_sign(struct easel_store *s, int64_t client, int64_t version, bool co,
                        const struct easel_kb *kb, struct easel_error *err);

/* A therapist's edit (app/plan_edit.c): text is the edited easel-plan/1 body of the latest
   version `expected`. Refused with *refused set (EASEL_EINVAL, the field named) when it does
   what an edit may never do (easel/plan_check.h); otherwise the plan checker runs over the edit,
   its findings replace the body's "checks" (*n_errors of them errors, which block signing; one
   line each appended to findings when it is not NULL), and the body is saved as a new draft
   *version. EASEL_ECONFLICT (field "expected_version")
   when there is no plan yet or a newer version. */
int easel_app_plan_edit(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                        int64_t expected, const char *text, size_t len, int64_t *version,
                        size_t *n_errors, struct easel_buf *findings, bool *refused,
                        struct easel_error *err);
/* The same two checks over a stored version (0: the latest), nothing saved. */
int easel_app_plan_check_version(struct easel_store *s, int64_t client, int64_t version,
                                 const struct easel_kb *kb, size_t *n_errors, bool *refused,
                                 struct easel_error *err);

/* `plan generate`: build, render as JSON (appended to json, which must allow EASEL_PLAN_MAX)
   and save as a new draft version after the latest one. *version: the new version. Session 1
   is on start_date (YYYY-MM-DD) when given; else on the profile's start date, or today when
   that has passed (a plan made today does not start months ago). */
int easel_app_plan_generate(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                            int sessions, const char *start_date, struct easel_app_plan *out,
                            struct easel_buf *json, int64_t *version, struct easel_error *err);

/* What changed from version v1 to v2, in words (easel_plan_changes): what a supervisor reads
   before co-signing. EASEL_ENOTFOUND (field "from" or "to") for a version that does not exist. */
int easel_app_plan_changes(struct easel_store *s, int64_t client, int64_t v1, int64_t v2,
                           const struct easel_kb *kb, struct easel_arena *a, const char ***lines,
                           size_t *n, struct easel_error *err);

/* One line of a plan diff: op ' ' (both), '-' (only in the old), '+' (only in the new). */
struct easel_diff_line {
    char op;
    const char *text;
};

/* Line diff (longest common subsequence) of two texts; lines in a. EASEL_ETOOBIG when the
   texts are too large to compare (more than 2^26 line pairs). */
int easel_app_line_diff(const char *old_text, const char *new_text, struct easel_arena *a,
                        struct easel_diff_line **lines, size_t *n, struct easel_error *err);
/* Load versions v1 and v2 of a client's plan into r1, r2 and diff their stored bodies. */
int easel_app_plan_diff(struct easel_store *s, int64_t client, int64_t v1, int64_t v2,
                        struct easel_arena *a, struct easel_plan_record *r1,
                        struct easel_plan_record *r2, struct easel_diff_line **lines, size_t *n,
                        struct easel_error *err);

/* What the engine did with one KB item for a built plan: the explanation text (appended to
   out, as `easel explain` prints it), and for an intervention or a medium its verdict.
   *kind: "intervention", "medium", or another KB kind ("problem", "rule", "setting"); *verdict
   -1 for those. EASEL_ENOTFOUND (field "item") for an id the KB does not have. */
int easel_app_explain(const struct easel_plan *plan, const char *id, struct easel_buf *out,
                      const char **kind, int *verdict, struct easel_error *err);
/* "included", "excluded", "not-selected", "not-relevant" */
const char *easel_verdict_name(int verdict);
/* The verdict and reason a stored plan version (0: the latest) recorded for an intervention or
   medium: what was true when that version was made, not what today's profile gives. Strings in
   the arena. EASEL_ENOTFOUND when there is no such version or it records no verdict for id (the
   caller then explains from the engine). */
int easel_app_explain_stored(struct easel_store *s, int64_t client, int64_t version, const char *id,
                             struct easel_arena *a, int64_t *found_version, const char **kind,
                             const char **verdict, const char **reason, struct easel_error *err);

/* `profile set`: parse text as a profile against the KB (where: name for messages), check that
   it is for client `ref`, store it as a new version. */
int easel_app_profile_put(struct easel_store *s, int64_t client, const char *ref,
                          const struct easel_kb *kb, const char *where, const char *text,
                          size_t len, int64_t *version, struct easel_error *err);

/* `session add`: check the note against its format (easel/note.h), then store the session. */
int easel_app_session_add(struct easel_store *s, const struct easel_session_record *r, int64_t *id,
                          struct easel_error *err);
/* `assess add` and POST .../assessments: an art-based assessment of procedure `procedure`
   (easel/art_assess.h) with n ratings in scale order (PPAT: the 14 FEATS scales, 0-5, never
   summed), checked, then stored; r->materials defaults to the procedure's standard
   materials. EASEL_ENOTFOUND (field "procedure") for an unknown procedure. */
int easel_app_art_assessment_add(struct easel_store *s, struct easel_art_assessment_record r,
                                 const int *ratings, int n, int64_t *id, struct easel_error *err);

/* One per-objective rating from a session note, joined across plan versions: key is the
   objective's identity (the KB template it was made from; "vN/1.2" for one without), label
   and words its number and SMART text in the latest plan that holds it (else in the version
   the session cites). app/objective_ratings.c. */
struct easel_objective_rating {
    const char *key, *label, *words; /* words may be NULL */
    const char *date;
    int rating;           /* -2..+2 as the note recorded it */
    int64_t plan_version; /* the version the session cites (0: none, read against the latest) */
};
/* The ratings of ss[0..n) (a client's sessions, in date order), in that order. */
int easel_app_objective_ratings(struct easel_store *s, int64_t client,
                                const struct easel_session_record *ss, size_t n,
                                struct easel_arena *a, struct easel_objective_rating **out,
                                size_t *n_out, struct easel_error *err);

/* Edit a draft note (r: id, client and the new content; `edited`: the version the writer
   started from): the note is checked against its format first, then easel_session_update. */
int easel_app_session_update(struct easel_store *s, const struct easel_session_record *r,
                             int64_t edited, struct easel_error *err);

/* The stored administrations of instrument `in` among ms[0..n) (oldest first), scored by core
   (easel_score): admin[k] (session = k) and, when from is not NULL, from[k] = the index in ms of
   the record it came from. A record whose answers cannot be scored for the instrument (it
   changed in the KB) is left out. admin and from need room for n. Returns k. */
size_t easel_app_admins(const struct easel_instrument *in, const struct easel_measure_record *ms,
                        size_t n, struct easel_admin *admin, size_t *from);

/* `measure add`, POST .../measures and the FHIR import (app/measures.c): score answers[0..n)
   of instrument `in` (easel_score checks the count and every answer's range: EASEL_EINVAL,
   field "items[i]"), then store them as entered with the scored total (-1 when the
   administration is not valid) on `date`. *score: the scorer's result; *id: the stored row. */
int easel_app_measure_add(struct easel_store *s, int64_t client, const struct easel_instrument *in,
                          const char *date, const int *answers, int n,
                          struct easel_score_result *score, int64_t *id, struct easel_error *err);

/* One stored plan the current KB no longer passes. */
struct easel_recheck_item {
    const char *client; /* the client's reference */
    int64_t version;    /* the plan version checked (the latest) */
    const char *field;  /* the place in the plan, e.g. "plan.sessions[3].main" */
    const char *reason; /* the engine's reason, naming the item and the rule */
    bool unsafe;        /* the plan proposes something now excluded, or drops a risk flag */
};

struct easel_recheck {
    struct easel_recheck_item *items;
    size_t n;
    size_t checked; /* plans checked */
};

/* `plan recheck` (app/plan_recheck.c): the latest plan of every active client against the
   current KB. Strings live in a. */
int easel_app_plan_recheck(struct easel_store *s, const struct easel_kb *kb, struct easel_arena *a,
                           struct easel_recheck *out, struct easel_error *err);

/* The client's goal attainment scales (easel_gas_list: each with its latest rating) and the
   combined T-score of the latest ratings, weighted, rho EASEL_GAS_RHO (app/gas.c); *has_t false
   when no scale is rated. */
int easel_app_gas(struct easel_store *s, int64_t client, struct easel_arena *a,
                  struct easel_gas_record **g, size_t *n, double *t, bool *has_t,
                  struct easel_error *err);

/* A signed plan due for review (app/plan_review.c): once the earliest target date of its
   objectives has come (basis "an objective's target date", date and objective filled), else
   EASEL_PLAN_REVIEW_DAYS after signing (basis "practice convention: 90 days", date = the day
   signed). due false for a draft or a plan not yet due. */
#define EASEL_PLAN_REVIEW_DAYS 90 /* practice convention */
struct easel_plan_review {
    bool due;
    const char *basis;
    char date[11];      /* YYYY-MM-DD */
    char objective[17]; /* "1.2", "" for the 90-day rule */
    char text[200];     /* in words, for the dashboard */
};
int easel_app_plan_review(const struct easel_kb *kb, const struct easel_plan_record *p, int64_t now,
                          struct easel_plan_review *out, struct easel_error *err);

#endif
