/*
 * core/outcomes.c — counts a practice's outcomes client by client (easel/outcomes.h).
 */
#include "easel/outcomes.h"
#include "easel/score.h"

int easel_outcomes_add(struct easel_outcomes *o, const struct easel_outcome_pair *pairs, size_t n,
                       struct easel_error *err)
{
    struct easel_tt_measure m[4];
    size_t k = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        if (pairs[i].pre < 0)
            continue;
        any++;
        if (pairs[i].post < 0 || k == 4)
            continue;
        m[k].in = pairs[i].in;
        m[k].pre = pairs[i].pre;
        m[k].post = pairs[i].post;
        k++;
    }
    if (any)
        o->clients++;
    if (!k)
        return 0;
    struct easel_tt_result r;
    int rc = easel_talking_therapies(m, k, &r, err);
    if (rc)
        return rc;
    o->with_followup++;
    o->cases += r.case_at_intake;
    o->improved += r.reliable_improvement;
    o->recovered += r.recovery;
    o->reliably_recovered += r.reliable_recovery;
    o->deteriorated += r.deterioration;
    return 0;
}
