/*
 * easel/plan_check.h — the check of a therapist's edited plan (PUT /api/v1/clients/{ref}/plan)
 * against the engine's plan for the same client. Pure: text in, verdict out; no I/O.
 *
 * The clinical safety rule: easel never proposes what the client must not get. Every session
 * item (warm_up, main, closure) must name a KB intervention, and every medium a KB medium, that
 * the engine did not exclude for this client; the edit is refused with the engine's reason.
 * What the therapist may change freely: goal and objective text, the client's own words
 * ("client_goals"), removing items (null), reordering sessions, adding allowed interventions,
 * acknowledging a risk flag with a reason ("risks"[i].acknowledged.reason). What an edit may not
 * change: a risk flag (never removed), the client flags, age and setting, supply rows and costs
 * that do not follow from the KB, and session 1 of an individual plan with a risk flag, which
 * holds a safety plan (or nothing). A removed risk flag and a session 1 without the safety plan
 * set *excluded like an excluded item.
 *
 * Owns: nothing. Borrows: the engine plan (and its KB and profile) and the text during the call.
 * Fails: 0; EASEL_EINVAL with err->field naming the place ("plan.format",
 * "plan.sessions[3].main", "plan.sessions[3].main.media[0]") for malformed input or an unknown
 * id; or EASEL_EINVAL with *excluded set true when an item is excluded for this client (the
 * message is the engine's reason).
 */
#ifndef EASEL_PLAN_CHECK_H
#define EASEL_PLAN_CHECK_H

#include "easel/error.h"
#include "easel/plan.h"

#include <stdbool.h>
#include <stddef.h>

#define EASEL_PLAN_CHECK_SESSIONS_MAX 520 /* sessions in an edited plan (ten years weekly) */

int easel_plan_check(const struct easel_plan *engine, const char *json, size_t len, bool *excluded,
                     struct easel_error *err);

/* The plan checker over an edit (formats/plan_overlay.c): lays the edited body, already accepted by
   easel_plan_check, over the engine's fully built plan (not verdicts_only) and runs
   easel_plan_rules_check on it; appends the body with its "checks" replaced by those findings to
   out. The engine plan then holds the edited sessions and the findings (engine->findings); it is
   no longer the engine's proposal. */
int easel_plan_overlay(struct easel_plan *engine, const char *json, size_t len,
                       struct easel_buf *out, struct easel_error *err);
/* The number of sessions in a plan body (0 when it has none or cannot be read) and the date of
   its first ("" when none): the engine's plan is built with both before an overlay, so the two
   plans have the same objectives, dates and words. */
int easel_plan_overlay_sessions(const char *json, size_t len, char start[11]);

#endif
