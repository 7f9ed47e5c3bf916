/*
 * easel/plan_rules.h — the one checker every plan goes through, generated or edited (CLI, web,
 * documents): contraindicated words anywhere in the text the therapist reads, safety not in
 * session 1, an objective without a session, a target date before its instrument's recall
 * window, an instrument invalid for the client's age or informant, a session over its length,
 * no ending. Errors block signing; warnings are shown beside the item.
 *
 * Owns: findings live in the plan's arena. Borrows: the plan, its KB and profile.
 * Fails: EASEL_ENOMEM only; a plan with findings is not a failure of the call.
 */
#ifndef EASEL_PLAN_RULES_H
#define EASEL_PLAN_RULES_H

#include "easel/plan.h"

/* struct easel_finding and struct easel_findings are in easel/plan.h: every built plan carries
   its findings (plan->findings). */
int easel_plan_rules_check(struct easel_plan *plan, struct easel_findings *out);
/* Appends the findings as text lines ("error session 3 hazard-word: ..."). */
int easel_findings_render(const struct easel_findings *f, struct easel_buf *out);

#endif
