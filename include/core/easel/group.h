/*
 * easel/group.h — planning for a group program (issue 12): the one profile the engine plans a
 * group from, made from every current member's own profile so that no member gets what any
 * member must not (the union of their exclusions), and one member's profile as the program
 * sees it (the program's setting and schedule) for that member's own verdicts.
 *
 * The group profile carries no member's risk levels, measures, goals, strengths or words: a
 * member's risk is worked on outside the group (an individual safety session) and reaches the
 * group plan only as the flags that exclude items (easel_plan_options.extra_flags). What a
 * group-facing document may show is decided by the caller (src/app/group_plan.c).
 *
 * Owns: the merged profile's strings and arrays live in out->arena (easel_profile_release).
 * easel_group_member_view makes a shallow copy that borrows the member's arena: never release
 * it. Borrows: the KB and the member profiles during the call.
 * Fails: easel_group_merge returns EASEL_EINVAL (field "members") for an empty roster and
 * EASEL_ENOMEM; pure and deterministic (same members in the same order, same profile).
 */
#ifndef EASEL_GROUP_H
#define EASEL_GROUP_H

#include "easel/error.h"
#include "easel/kb.h"
#include "easel/profile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EASEL_GROUP_MAX_MEMBERS 30
#define EASEL_GROUP_FOCUS_MAX 3 /* presenting problems a group works on (practice convention) */

struct easel_group_schedule {
    int setting;            /* KB index of the program's setting */
    const char *start_date; /* YYYY-MM-DD of session 1 */
    int minutes, per_week, count;
    bool drop_in; /* drop-in attendance: every session stands alone */
};

/* The group's profile from members[0..n): the program's setting and schedule; the youngest and
   oldest member's ages as the group's range; every allergy, sensory need, texture and means
   hazard of any member; the lowest abilities and regulation; the earliest stage of change; the
   precautions of all; the visual routine when any member needs it; as focus, the presenting
   problems most members share (at most EASEL_GROUP_FOCUS_MAX, ties in roster order). *flags: every
   member's own client flags (easel_profile_flags, risk answers included) and the group flag, to
   pass to the engine as extra_flags. */
int easel_group_merge(struct easel_profile *out, uint32_t *flags, const struct easel_kb *kb,
                      const struct easel_group_schedule *g, const char *name,
                      const struct easel_profile *const *members, size_t n,
                      struct easel_error *err);

/* Member `m` as the program sees them: their own constraints, risks and problems, with the
   program's setting, schedule, group format and size. A shallow copy (see Owns). */
void easel_group_member_view(struct easel_profile *out, const struct easel_profile *m,
                             const struct easel_group_schedule *g, int group_size);

/* The exclusion bits (EASEL_X_*) that say an item is unsafe or unsuitable for a person, as
   opposed to written for another problem, stage of change or client group, or too long for the
   slot this schedule leaves: what a group must respect for every member. */
uint32_t easel_group_safety_bits(void);

#endif
