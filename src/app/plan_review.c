/*
 * app/plan_review.c — when a signed plan is due for review (the dashboard's plan-review-due
 * alert). Clinical rule first: once the earliest target date of its objectives has come (that
 * objective's time is up: met, not met or to be revised). Practice convention second: 90 days
 * after signing (EASEL_PLAN_REVIEW_DAYS). The plan is read with the typed plan reader
 * (easel_report_plan_read), never by hand. One home for the rule: the web's dashboard and any
 * other caller ask here.
 *
 * Owns: nothing beyond the call. Borrows: the KB and the plan record.
 * Fails: the plan reader's error (EASEL_EINVAL naming the field of a malformed stored plan),
 * EASEL_ENOMEM; out->due false then.
 */
#include "easel/app.h"
#include "easel/report_read.h"

#include <stdio.h>
#include <string.h>

int easel_app_plan_review(const struct easel_kb *kb, const struct easel_plan_record *p, int64_t now,
                          struct easel_plan_review *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!p->signed_at)
        return 0; /* a draft is not in force */
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_report_plan plan = {0}; /* the reader fills the content, not the record fields */
    int rc = easel_report_plan_read(p->body, strlen(p->body), kb, &a, &plan, err);
    char today[11];
    easel_date_format(now / 86400000, today);
    bool found = false;
    for (size_t g = 0; !rc && g < plan.n_goals; g++)
        for (size_t k = 0; k < plan.goals[g].n_objectives; k++) {
            const struct easel_report_objective *o = &plan.goals[g].objectives[k];
            int64_t day;
            if (!o->target_date || easel_date_parse(o->target_date, &day) ||
                (found && strcmp(o->target_date, out->date) >= 0))
                continue;
            snprintf(out->date, sizeof(out->date), "%s", o->target_date);
            snprintf(out->objective, sizeof(out->objective), "%s", o->number ? o->number : "?");
            found = true;
        }
    if (!rc && found && strcmp(out->date, today) <= 0) {
        out->due = true;
        out->basis = "an objective's target date";
        snprintf(out->text, sizeof(out->text),
                 "objective %s of the plan (version %lld) reached its target date %s: review "
                 "the plan with the client",
                 out->objective, (long long)p->version, out->date);
    } else if (!rc && now - p->signed_at > (int64_t)EASEL_PLAN_REVIEW_DAYS * 86400000) {
        out->due = true;
        out->basis = "practice convention: 90 days";
        out->objective[0] = '\0';
        easel_date_format(p->signed_at / 86400000, out->date);
        snprintf(out->text, sizeof(out->text),
                 "the plan (version %lld) was signed more than %d days ago: review it",
                 (long long)p->version, EASEL_PLAN_REVIEW_DAYS);
    }
    easel_arena_release(&a);
    return rc;
}
