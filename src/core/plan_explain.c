/*
 * core/plan_explain.c — `easel explain`: for any KB item, what the plan did with it and why
 * (included where and for which objective; excluded by which rule; ranked lower; not relevant).
 */
#include "easel/plan.h"
#include "easel/vocab.h"

#include <string.h>

static const char *verdict_word(enum easel_verdict v)
{
    static const char *const w[] = {"INCLUDED", "EXCLUDED", "NOT SELECTED", "NOT RELEVANT"};
    return w[v];
}

static void explain_intervention(const struct easel_plan *pl, int i, struct easel_buf *b)
{
    const struct easel_intervention *in = &pl->kb->interventions[i];
    const struct easel_plan_verdict *v = &pl->interventions[i];
    easel_buf_printf(b, "%s (%s): %s\n", in->name, in->id, verdict_word(v->verdict));
    easel_buf_puts(b, "Reason: ");
    easel_plan_reason(pl, i, b);
    if (v->verdict == EASEL_VERDICT_NOT_RELEVANT) {
        easel_buf_puts(b, " (it serves:");
        for (int t = 0; t < 64; t++)
            if (in->goal_tags & EASEL_BIT(t))
                easel_buf_printf(b, " %s", easel_vocab_name(EASEL_VOCAB_GOAL_TAG, t));
        easel_buf_puts(b, ")");
    }
    easel_buf_puts(b, ".\n");
    for (size_t s = 0; s < pl->n_sessions; s++) {
        const struct easel_plan_session *ss = &pl->sessions[s];
        if (ss->main.intervention == i)
            easel_buf_printf(b, "Session %d (%s, %s phase): %s.\n", ss->number, ss->date,
                             easel_vocab_name(EASEL_VOCAB_PHASE, ss->phase), ss->why);
        else if (ss->warmup.intervention == i || ss->closure.intervention == i)
            easel_buf_printf(b, "Session %d (%s): %s.\n", ss->number, ss->date,
                             ss->warmup.intervention == i ? "warm-up" : "closure");
    }
    easel_buf_printf(b, "Basis: %s\n", in->basis);
}

static void explain_medium(const struct easel_plan *pl, int m, struct easel_buf *b)
{
    const struct easel_medium *md = &pl->kb->media[m];
    const struct easel_plan_verdict *v = &pl->media[m];
    easel_buf_printf(b, "%s (%s): %s\n", md->name, md->id, verdict_word(v->verdict));
    easel_buf_printf(b, "Reason: %s.\n", v->reason);
    for (size_t s = 0; s < pl->n_sessions; s++) {
        const struct easel_plan_item *its[3] = {&pl->sessions[s].warmup, &pl->sessions[s].main,
                                                &pl->sessions[s].closure};
        for (int k = 0; k < 3; k++)
            for (size_t j = 0; j < its[k]->n_subs; j++)
                if (its[k]->subs[j].from == m || its[k]->subs[j].to == m) {
                    easel_buf_printf(b, "Session %d: ", pl->sessions[s].number);
                    easel_plan_sub_reason(pl, &its[k]->subs[j], b);
                    easel_buf_puts(b, ".\n");
                }
    }
    easel_buf_printf(b, "Basis: %s\n", md->basis);
}

int easel_plan_explain(const struct easel_plan *pl, const char *id, struct easel_buf *b,
                       struct easel_error *err)
{
    const struct easel_kb *kb = pl->kb;
    int i;
    if ((i = easel_kb_intervention(kb, id)) >= 0) {
        explain_intervention(pl, i, b);
    } else if ((i = easel_kb_medium(kb, id)) >= 0) {
        explain_medium(pl, i, b);
    } else if ((i = easel_kb_problem(kb, id)) >= 0) {
        const struct easel_problem *pr = &kb->problems[i];
        bool in_plan = false;
        for (size_t g = 0; g < pl->n_goals; g++)
            if (pl->goals[g].problem == i) {
                in_plan = true;
                easel_buf_printf(b, "%s (%s): goal %zu of the plan%s.\n", pr->name, pr->id, g + 1,
                                 g == 0 && pl->n_risks && strcmp(pr->id, "safety-planning") == 0
                                     ? ", placed first because of an active risk flag"
                                     : "");
                for (size_t k = 0; k < pl->goals[g].n_objectives; k++) {
                    const struct easel_plan_objective *o =
                        &pl->objectives[pl->goals[g].first_objective + k];
                    easel_buf_printf(b, "Objective %s (template %s): %s. Sessions: %d.\n",
                                     o->number, o->tpl->id, o->smart, o->sessions_served);
                }
            }
        if (!in_plan)
            easel_buf_printf(b,
                             "%s (%s): NOT IN THE PLAN: the profile does not list it and no "
                             "risk flag calls for it.\n",
                             pr->name, pr->id);
    } else if ((i = easel_kb_rule(kb, id)) >= 0) {
        const struct easel_rule *r = &kb->rules[i];
        bool on = (pl->flags & EASEL_BIT(r->when_flag)) != 0;
        easel_buf_printf(b, "%s (%s): %s: the client %s flagged %s.\n%s\nBasis: %s\n", r->name,
                         r->id, on ? "APPLIED" : "NOT APPLIED", on ? "is" : "is not",
                         easel_vocab_name(EASEL_VOCAB_FLAG, r->when_flag), r->explain, r->basis);
    } else if ((i = easel_kb_setting(kb, id)) >= 0) {
        easel_buf_printf(b, "%s (%s): %s.\nBasis: %s\n", kb->settings[i].name, kb->settings[i].id,
                         i == pl->profile->setting ? "the client's setting; its rules apply"
                                                   : "not the client's setting",
                         kb->settings[i].basis);
    } else if ((i = easel_kb_instrument(kb, id)) >= 0) {
        bool used = false;
        for (size_t k = 0; k < pl->n_objectives; k++)
            if (pl->objectives[k].tpl->measure == EASEL_MEASURE_INSTRUMENT &&
                pl->objectives[k].tpl->instrument == i) {
                easel_buf_printf(b, "%s (%s): measures objective %s.\n", kb->instruments[i].name,
                                 kb->instruments[i].id, pl->objectives[k].number);
                used = true;
            }
        if (!used)
            easel_buf_printf(b, "%s (%s): not used by this plan's objectives.\n",
                             kb->instruments[i].name, kb->instruments[i].id);
    } else {
        return easel_error_set(err, EASEL_ENOTFOUND, "kb", id,
                               "no knowledge-base item has this id");
    }
    return b->failed;
}
