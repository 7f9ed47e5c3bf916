/*
 * core/objectives.c — steps 2 and 5: risk flags and safety first; one goal per problem; SMART
 * objectives chosen from each problem's templates to fit this client (flags, age, measures
 * on file, the setting's usual instruments), with baselines from the latest measures and target
 * dates from the session schedule.
 */
#include "engine.h"

#include <string.h>

#define MAX_OBJECTIVES_PER_PROBLEM 3

static int add_risk(struct easel__ctx *c, int flag, const char *reason)
{
    struct easel_plan *pl = c->plan;
    for (size_t i = 0; i < pl->n_risks; i++)
        if (pl->risks[i].flag == flag) {
            pl->risks[i].reason =
                easel_arena_printf(&pl->arena, "%s; %s", pl->risks[i].reason, reason);
            EASEL__CHECK(pl->risks[i].reason);
            return 0;
        }
    pl->risks[pl->n_risks].flag = flag;
    pl->risks[pl->n_risks].reason = reason;
    EASEL__CHECK(reason);
    pl->n_risks++;
    return 0;
}

static int risk_flags(struct easel__ctx *c)
{
    const struct easel_profile *p = c->profile;
    struct easel_arena *a = &c->plan->arena;
    static const char *const level[] = {"none", "history", "current", "ideation", "plan"};
    c->plan->risks = easel_arena_alloc(a, 4 * sizeof(*c->plan->risks));
    EASEL__CHECK(c->plan->risks);
    int rc = 0;
    if (p->risks[EASEL_RISKK_SUICIDE] >= EASEL_RISK_IDEATION)
        rc = add_risk(c, EASEL_FLAG_SUICIDE_RISK,
                      easel_arena_printf(a, "suicide risk recorded as %s",
                                         level[p->risks[EASEL_RISKK_SUICIDE]]));
    for (size_t i = 0; !rc && i < p->n_measures; i++) {
        const struct easel_measure_result *m = &p->measures[i];
        const struct easel_instrument *ins = &c->kb->instruments[m->instrument];
        if (ins->risk_item > 0 && m->n_items >= ins->risk_item &&
            m->items[ins->risk_item - 1] > 0 && easel_profile_latest(p, m->instrument) == m)
            rc = add_risk(c, EASEL_FLAG_SUICIDE_RISK,
                          easel_arena_printf(a,
                                             "%s item %d answered %d on %s (any answer above 0 "
                                             "needs same-day risk follow-up)",
                                             ins->name, ins->risk_item,
                                             m->items[ins->risk_item - 1], m->date));
    }
    if (!rc && p->risks[EASEL_RISKK_SELF_HARM] == EASEL_RISK_CURRENT)
        rc = add_risk(c, EASEL_FLAG_SELF_HARM,
                      easel_arena_strdup(a, "current self-harm recorded in the profile"));
    else if (!rc && p->self_harm_recency_days >= 0 && p->self_harm_recency_days <= 90)
        rc = add_risk(c, EASEL_FLAG_SELF_HARM,
                      easel_arena_printf(a,
                                         "self-harm within the last %d days (any within 3 "
                                         "months counts as current for safety planning)",
                                         p->self_harm_recency_days));
    if (!rc && p->risks[EASEL_RISKK_AGGRESSION] == EASEL_RISK_CURRENT)
        rc = add_risk(c, EASEL_FLAG_AGGRESSION,
                      easel_arena_strdup(a, "current aggression recorded in the profile"));
    return rc;
}

/* Valid for the client's age and for who answers: a self-report needs the client to read or
   follow the items (cognition at most mildly impaired, some speech): GDS-15 completion collapses
   in moderate to severe dementia (plan-quality.md §5 [22]). */
static bool instrument_fits(const struct easel__ctx *c, int ins)
{
    const struct easel_instrument *in = &c->kb->instruments[ins];
    const struct easel_profile *p = c->profile;
    if (p->age < in->age_min || p->age > in->age_max)
        return false;
    if (in->informant && strcmp(in->informant, "self") == 0 &&
        (p->cognition >= EASEL_L_MODERATE || p->verbal >= EASEL_VERBAL_MINIMAL))
        return false;
    return true;
}

static bool setting_uses(const struct easel__ctx *c, int ins)
{
    for (size_t i = 0; i < c->setting->measures.n; i++)
        if (c->setting->measures.index[i] == ins)
            return true;
    return false;
}

/* Whether an instrument template can show change within this program: its first re-administration
   that the recall window allows (baseline date, or session 1 when none is on file, plus the
   instrument's recall period) must fall on or before the last session (plan-quality.md §1 E2,
   §5). */
static bool interval_fits(const struct easel__ctx *c, int ins)
{
    const struct easel_plan *pl = c->plan;
    if (!pl->n_sessions)
        return false;
    const struct easel_measure_result *m = easel_profile_latest(c->profile, ins);
    int64_t base = c->start_days, last;
    if (m && easel_date_parse(m->date, &base))
        base = c->start_days;
    if (easel_date_parse(pl->sessions[pl->n_sessions - 1].date, &last))
        return false;
    int recall = c->kb->instruments[ins].recall_days;
    return pl->n_sessions >= 2 && base + (recall ? recall : 7) <= last;
}

/* Whether the program has a processing-phase session. */
static bool has_processing(const struct easel__ctx *c)
{
    for (size_t s = 0; s < c->plan->n_sessions; s++)
        if (easel__phase_of(c, (int)s) == EASEL_PHASE_PROCESSING)
            return true;
    return false;
}

/* Priority of a template for this client; lower is chosen first; -1 = not usable. Every
   problem gets a standard measure when one fits the client's age (measurement-based care):
   one with a baseline on file first, then one the setting uses, then any other that fits; a
   second measure without a baseline is not added. */
static int template_rank(const struct easel__ctx *c, const struct easel_objective_tpl *t,
                         const bool *instrument_used, int measures_in_goal)
{
    if (t->not_when & c->flags)
        return -1;
    /* memory and grief processing need processing sessions; a single session measures nothing
       over time (GAS, "% of sessions" across sessions) */
    const uint64_t processing_only =
        EASEL_BIT(easel_vocab_find(EASEL_VOCAB_GOAL_TAG, "trauma-processing")) |
        EASEL_BIT(easel_vocab_find(EASEL_VOCAB_GOAL_TAG, "grief-processing"));
    if ((t->goal_tags & processing_only) && !has_processing(c))
        return -1;
    if (c->plan->n_sessions < 2 && t->measure == EASEL_MEASURE_GAS)
        return -1;
    if (t->when_flag >= 0)
        return (c->flags & EASEL_BIT(t->when_flag)) ? 0 : -1;
    if (t->measure == EASEL_MEASURE_FREQUENCY && c->plan->n_sessions < 2)
        return -1; /* a count per week cannot change within one session */
    if (t->measure != EASEL_MEASURE_INSTRUMENT)
        return 4;
    if (!instrument_fits(c, t->instrument) || instrument_used[t->instrument] ||
        !interval_fits(c, t->instrument))
        return -1;
    if (easel_profile_latest(c->profile, t->instrument))
        return 1;
    if (measures_in_goal)
        return -1;
    return setting_uses(c, t->instrument) ? 2 : 3;
}

static const char *fmt_date_phrase(struct easel_arena *a, const char *date)
{
    return easel_arena_printf(a, "by %s", date);
}

static int smart_text(struct easel__ctx *c, struct easel_plan_objective *o, const char *due)
{
    struct easel_arena *a = &c->plan->arena;
    const struct easel_objective_tpl *t = o->tpl;
    const char *by = fmt_date_phrase(a, due);
    EASEL__CHECK(by);
    o->target_date = due;
    switch (t->measure) {
    case EASEL_MEASURE_INSTRUMENT: {
        const struct easel_instrument *in = &c->kb->instruments[t->instrument];
        const struct easel_measure_result *m = easel_profile_latest(c->profile, t->instrument);
        const char *rel = t->target_higher_better ? "at least" : "below";
        o->target = easel_arena_printf(a, "%s %d", rel, t->target);
        o->measure =
            easel_arena_printf(a, "%s total score (%d-%d)", in->name, in->total_min, in->total_max);
        if (m) {
            bool met = t->target_higher_better ? m->total >= t->target : m->total < t->target;
            o->baseline = easel_arena_printf(a, "%d on %s", m->total, m->date);
            o->smart =
                met ? easel_arena_printf(a,
                                         "%s: keep the %s total %s %d (baseline %d on "
                                         "%s) through %s",
                                         t->text, in->name, rel, t->target, m->total, m->date, due)
                    : easel_arena_printf(a, "%s: %s total from %d to %s %d %s", t->text, in->name,
                                         m->total, rel, t->target, by);
        } else {
            o->baseline = easel_arena_strdup(a, "to be measured at session 1");
            o->smart = easel_arena_printf(a,
                                          "%s: %s total %s %d %s (baseline to be measured at "
                                          "session 1)",
                                          t->text, in->name, rel, t->target, by);
        }
        break;
    }
    case EASEL_MEASURE_FREQUENCY:
    case EASEL_MEASURE_OBSERVED: {
        /* no invented baseline: the template's number is never the client's (E1); a baseline
           the profile records is used */
        const bool freq = t->measure == EASEL_MEASURE_FREQUENCY;
        const char *rel = t->target_higher_better ? "at least" : t->target ? "at most" : "down to";
        const char *how = freq ? "counted each session" : "rated by the therapist each session";
        o->measure = freq ? easel_arena_printf(a, "count of %s, recorded each session", t->unit)
                          : easel_arena_printf(a, "therapist observation, %s", t->unit);
        o->baseline = easel_arena_printf(a, "to be measured in sessions 1-2 (%s)", how);
        o->target = easel_arena_printf(a, "%s %d %s", rel, t->target, t->unit);
        o->smart = easel_arena_printf(a,
                                      "%s: %s %d %s %s, %s (baseline to be measured in "
                                      "sessions 1-2)",
                                      t->text, rel, t->target, t->unit, by, how);
        for (size_t b = 0; b < c->profile->n_baselines; b++)
            if (strcmp(c->profile->baselines[b].objective, t->id) == 0) {
                const struct easel_baseline *x = &c->profile->baselines[b];
                o->baseline = easel_arena_printf(a, "%d %s on %s", x->value, t->unit, x->date);
                o->smart = easel_arena_printf(a, "%s: from %d to %s %d %s %s, %s", t->text,
                                              x->value, rel, t->target, t->unit, by, how);
            }
        if (c->plan->n_sessions < 2) { /* one session: what the therapist sees in it */
            o->measure = easel_arena_strdup(a, "therapist observation in the session");
            o->baseline = easel_arena_strdup(a, "none: a single session");
            o->target = easel_arena_strdup(a, "seen in the session");
            o->smart = easel_arena_printf(a, "%s: seen by the therapist in the session on %s",
                                          t->text, due);
        }
        break;
    }
    case EASEL_MEASURE_GAS:
        o->measure = easel_arena_strdup(a, "goal attainment scale (-2 to +2), set with the client");
        o->baseline = easel_arena_strdup(a, "-1 (less than expected), by convention, when the "
                                            "scale is written with the client in session 1");
        o->target = easel_arena_strdup(a, "0 (expected level)");
        o->smart = easel_arena_printf(a,
                                      "%s: goal attainment level from -1 to 0 (the expected "
                                      "outcome) %s",
                                      t->text, by);
        break;
    }
    EASEL__CHECK(o->smart && o->measure && o->baseline && o->target);
    if (c->setting->iep_objectives) {
        /* IEP objective: audience, behaviour, condition, degree, evaluation (clinical.md E). */
        o->smart = easel_arena_printf(a,
                                      "By %s, in art therapy sessions, the student will: %s. "
                                      "Evaluation: %s.",
                                      due, o->smart, o->measure);
        EASEL__CHECK(o->smart);
    }
    return 0;
}

static int problem_order(struct easel__ctx *c, int *order, int *n)
{
    const struct easel_profile *p = c->profile;
    int safety = easel_kb_problem(c->kb, "safety-planning");
    *n = 0;
    if (c->plan->n_risks) {
        if (safety < 0)
            return EASEL_EKB;
        order[(*n)++] = safety;
    }
    for (int i = 0; i < p->n_problems; i++) {
        bool dup = false;
        for (int j = 0; j < *n; j++)
            dup |= order[j] == p->problems[i];
        if (!dup)
            order[(*n)++] = p->problems[i];
    }
    return 0;
}

int easel__objectives(struct easel__ctx *c)
{
    struct easel_plan *pl = c->plan;
    struct easel_arena *a = &pl->arena;
    const struct easel_kb *kb = c->kb;
    int rc = risk_flags(c);
    if (rc)
        return rc;
    int order[EASEL_PROFILE_MAX_PROBLEMS + 1];
    int n = 0;
    rc = problem_order(c, order, &n);
    if (rc)
        return rc;
    bool *instrument_used = easel_arena_alloc(a, kb->n_instruments + 1);
    pl->goals = easel_arena_alloc(a, (size_t)n * sizeof(*pl->goals));
    size_t room = 0; /* every template of every problem: an upper bound */
    for (int g = 0; g < n; g++)
        room += kb->problems[order[g]].n_objectives;
    pl->objectives = easel_arena_alloc(a, (room + 1) * sizeof(*pl->objectives));
    EASEL__CHECK(instrument_used && pl->goals && pl->objectives);
    const char *due = pl->n_sessions ? pl->sessions[pl->n_sessions - 1].date : c->start_date;
    const size_t per_problem = MAX_OBJECTIVES_PER_PROBLEM;
    for (int g = 0; g < n; g++) {
        const struct easel_problem *pr = &kb->problems[order[g]];
        struct easel_plan_goal *goal = &pl->goals[pl->n_goals++];
        goal->problem = order[g];
        goal->long_term_goal = pr->long_term_goals.n ? pr->long_term_goals.items[0] : pr->name;
        goal->first_objective = pl->n_objectives;
        int measures = 0;
        for (int rank = 0; rank <= 4 && goal->n_objectives < per_problem; rank++) {
            for (size_t k = 0; k < pr->n_objectives; k++) {
                const struct easel_objective_tpl *t = &pr->objectives[k];
                if (goal->n_objectives >= per_problem && rank > 0)
                    break;
                if (template_rank(c, t, instrument_used, measures) != rank)
                    continue;
                if (t->measure == EASEL_MEASURE_INSTRUMENT)
                    measures++;
                struct easel_plan_objective *o = &pl->objectives[pl->n_objectives];
                o->problem = order[g];
                o->tpl = t;
                o->number = easel_arena_printf(a, "%d.%zu", g + 1, goal->n_objectives + 1);
                EASEL__CHECK(o->number);
                rc = smart_text(c, o, due);
                if (rc)
                    return rc;
                if (t->measure == EASEL_MEASURE_INSTRUMENT)
                    instrument_used[t->instrument] = true;
                c->plan_tags |= t->goal_tags;
                pl->n_objectives++;
                goal->n_objectives++;
            }
        }
    }
    return 0;
}
