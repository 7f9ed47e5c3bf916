/*
 * easel/app_group.h — group programs as the therapist uses them (issue 12; docs/groups.md):
 * the group plan computed from the program and every current member's profile, a group session
 * documented in one step and signed into every member's chart, and the attendance report. One
 * home for these rules, used by the CLI and the web server.
 *
 * Privacy: a member's copy of a group note names no other member (other members' names in the
 * narrative become their initials); the group-facing view of a plan holds no flag, exclusion,
 * objective, precaution or member; only the clinician's view names which member's constraint
 * removed an item.
 *
 * Owns: struct easel_app_group_plan owns its profiles and plans (easel_app_group_plan_release);
 * report rows live in the caller's arena. Borrows: the store and the KB during each call.
 * Fails: 0 or an EASEL_E* code with err filled: EASEL_EINVAL naming the field (a member not
 * on the roster or not on the actor's caseload, capacity, a session outside the schedule, a
 * note for a member who was not there), EASEL_ENOTFOUND (no such program, a member without a
 * profile), EASEL_EREADONLY (signed), EASEL_EDB, EASEL_ENOMEM.
 */
#ifndef EASEL_APP_GROUP_H
#define EASEL_APP_GROUP_H

#include "easel/group.h"
#include "easel/plan.h"
#include "easel/store_group.h"

struct easel_group_note; /* easel/group_note.h */

struct easel_app_group_member {
    int64_t client;
    const char *ref, *name, *initials;
    struct easel_profile profile; /* the member's own, stored measures merged */
    struct easel_plan own;        /* their verdicts in this program (verdicts only) */
    int64_t plan_version;         /* their latest plan, 0: none */
    const char **objective_numbers, **objective_texts; /* that plan's objectives ("1.2", words) */
    size_t n_objectives;
};

struct easel_app_group_plan {
    struct easel_group_program program;
    struct easel_group_schedule schedule;
    struct easel_profile profile; /* the merged group profile */
    uint32_t flags;               /* every member's flags */
    struct easel_plan plan;
    struct easel_app_group_member *members;
    size_t n_members;
    struct easel_arena arena;
};

/* The plan of program `ref` for the members on its roster on `date` (NULL: the program's
   start date, or today when the program has started; YYYY-MM-DD). Supplies are scaled by the
   members expected at a session: from the attendance documented so far, else all. On failure
   out->program is still filled when the program exists (release out either way). */
int easel_app_group_plan(struct easel_store *s, const struct easel_kb *kb, const char *ref,
                         const char *date, const char *today, struct easel_app_group_plan *out,
                         struct easel_error *err);
void easel_app_group_plan_release(struct easel_app_group_plan *gp);
/* The plan as JSON: clinician true adds the members, their safety sessions and objectives,
   and which member's constraint removed each item; false is what the group may see. */
int easel_app_group_plan_json(const struct easel_app_group_plan *gp, bool clinician,
                              struct easel_buf *out);

/* The objectives of `client`'s latest plan: numbers ("1.2") and words (the therapist's when
   edited, else the template's short wording), in a; *version 0 and none when there is no
   plan. A plan body that cannot be read gives none. */
int easel_app_member_objectives(struct easel_store *s, const struct easel_kb *kb, int64_t client,
                                struct easel_arena *a, int64_t *version, const char ***numbers,
                                const char ***texts, size_t *n, struct easel_error *err);

/* Add client `client_ref` to program `ref` from start_date: the actor must have the client on
   their caseload (care team) and facilitate the program. */
int easel_app_group_join(struct easel_store *s, const char *ref, const char *client_ref,
                         const char *start_date, struct easel_error *err);
/* Document session r->number (draft): every member on the roster that day listed once, nobody
   else; no note or ratings for a member who was absent or cancelled; ratings only of objectives
   in the member's latest plan; minutes attended checked; the date within the week the schedule
   gives. The members' clients are resolved from their references. */
int easel_app_group_session_save(struct easel_store *s, const struct easel_kb *kb, const char *ref,
                                 const struct easel_group_note *note, int64_t *id,
                                 struct easel_error *err);
/* Sign session `number`: one locked copy in every documented member's chart (GIRP, naming no
   other member). */
int easel_app_group_session_sign(struct easel_store *s, const char *ref, int64_t number,
                                 struct easel_error *err);

/* Co-sign session `number`: a facilitator other than the one who signed it. */
int easel_app_group_session_cosign(struct easel_store *s, const char *ref, int64_t number,
                                   struct easel_error *err);

struct easel_app_attendance_row {
    const char *ref, *name;
    const char *start_date, *end_date, *end_reason;
    int held;     /* documented sessions while a member */
    int attended; /* attended, late or left early */
    int late, left_early, absent, cancelled;
    int64_t minutes; /* minutes attended in all */
};

struct easel_app_attendance {
    struct easel_app_attendance_row *rows;
    size_t n;
    int sessions; /* documented sessions */
    int signed_sessions;
    int any;            /* members who attended at least one session */
    int present_total;  /* attendances summed over sessions */
    int expected_total; /* members on the roster summed over sessions */
};

int easel_app_group_attendance(struct easel_store *s, const char *ref, struct easel_arena *a,
                               struct easel_app_attendance *out, struct easel_error *err);

struct easel_report;
/* A group program's document into the model (easel/report.h): kind EASEL_REPORT_GROUP, the
   program summary for the clinical team (written even when the plan cannot be computed), or
   EASEL_REPORT_SUPPLIES, the program's supplies list naming no member (render/doc_supplies.c).
   Strings in a (the KB's borrowed). */
int easel_app_group_report(struct easel_store *s, const struct easel_kb *kb, const char *ref,
                           int kind, const char *today, struct easel_arena *a,
                           struct easel_report *out, struct easel_error *err);

/* "Anna Marie Lind" -> "A. M. L." in a. */
const char *easel_app_initials(struct easel_arena *a, const char *name);

#endif
