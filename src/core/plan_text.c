/*
 * core/plan_text.c — what the therapist reads of a placed intervention: its summary, steps and
 * processing questions written for this client. Roles become the media actually used; the texts
 * of a dropped optional role are left out; groups get group steps and "each member"; the
 * questions come at the level the client can answer (plan-quality.md §4), from the item's own
 * variant or from easel's generic questions for that level. Pure; writes into the caller's
 * buffer.
 */
#include "easel/lexicon.h"
#include "easel/plan.h"

#include <string.h>

/* easel's generic questions by level, for items without their own variant. Concrete and
   non-verbal forms after plan-quality.md §4 [39, 41-44]; the wording is easel's own. */
static const char *const generic_concrete[] = {
    "Tell me about your picture.",
    "Which part do you like best?",
    "What did you use to make this part?",
};
static const char *const generic_choice[] = {
    "Was making this calm or busy for you?",
    "Do you want to keep this piece or leave it here with me?",
    "Which part do you like more: this one or that one?",
};
static const char *const generic_nonverbal[] = {
    "Point to the part you like best.",
    "Show me with a thumb up or down: would you like to do this again?",
    "Choose the feelings card that fits how the making felt, or draw it.",
};
/* After the first half of a directive that goes on next session: about the work so far, not
   the questions written for the finished piece (easel's wording). */
static const char *const generic_pause[] = {
    "What have you made so far?",
    "What would you like to keep, or change, when you go on next time?",
    "How was it to stop part-way through?",
};
static const char *const generic_dementia[] = {
    "Did you enjoy this?",
    "Would you like to do it again?",
};

const char *easel_qlevel_name(enum easel_qlevel q)
{
    static const char *const n[] = {"open", "concrete", "choice", "non-verbal"};
    return n[q];
}

enum easel_qlevel easel_plan_question_level(const struct easel_plan *pl)
{
    const struct easel_profile *p = pl->profile;
    /* selective mutism, where speech is the goal: forced choice invites speech, and a point
       answers it too (plan-quality.md §4 [42]) */
    int mutism = easel_kb_problem(pl->kb, "selective-mutism");
    if (p->situational_mutism && p->age >= 4 && p->cognition < EASEL_L_SEVERE)
        return EASEL_Q_CHOICE;
    for (int i = 0; i < p->n_problems; i++)
        if (mutism >= 0 && p->problems[i] == mutism && p->age >= 4 && p->cognition < EASEL_L_SEVERE)
            return EASEL_Q_CHOICE;
    if (p->verbal >= EASEL_VERBAL_MINIMAL || p->cognition == EASEL_L_SEVERE || p->age < 4)
        return EASEL_Q_NONVERBAL;
    if (p->verbal == EASEL_VERBAL_LIMITED)
        return EASEL_Q_CHOICE;
    /* children, impaired cognition and acute psychosis (no projective or symbolic prompts):
       concrete questions about the picture and the making; dissociation keeps open questions,
       its items ground in the room and do not probe (contraindications) */
    if (p->age < 12 || p->cognition >= EASEL_L_MILD || p->acute_psychosis)
        return EASEL_Q_CONCRETE;
    return EASEL_Q_OPEN;
}

static const struct easel_intervention *item_of(const struct easel_plan *pl,
                                                const struct easel_plan_item *it)
{
    return &pl->kb->interventions[it->intervention];
}

/* The list the part reads from, or a generic list (*gen, *n_gen) when the item has none. */
static const struct easel_strlist *part_list(const struct easel_plan *pl,
                                             const struct easel_intervention *in,
                                             enum easel_text_part part, const char *const **gen,
                                             size_t *n_gen)
{
    *gen = NULL;
    *n_gen = 0;
    if (part == EASEL_TEXT_STEPS)
        return pl->profile->group && in->group_steps.n ? &in->group_steps : &in->steps;
    enum easel_qlevel q = easel_plan_question_level(pl);
    const struct easel_strlist *own = q == EASEL_Q_CONCRETE    ? &in->q_concrete
                                      : q == EASEL_Q_CHOICE    ? &in->q_choice
                                      : q == EASEL_Q_NONVERBAL ? &in->q_nonverbal
                                                               : &in->questions;
    if (q == EASEL_Q_NONVERBAL && pl->profile->cognition >= EASEL_L_MODERATE &&
        pl->profile->age >= 60 && !own->n) {
        *gen = generic_dementia;
        *n_gen = sizeof(generic_dementia) / sizeof(*generic_dementia);
        return NULL;
    }
    if (own->n)
        return own;
    switch (q) {
    case EASEL_Q_CONCRETE:
        *gen = generic_concrete;
        *n_gen = sizeof(generic_concrete) / sizeof(*generic_concrete);
        break;
    case EASEL_Q_CHOICE:
        *gen = generic_choice;
        *n_gen = sizeof(generic_choice) / sizeof(*generic_choice);
        break;
    case EASEL_Q_NONVERBAL:
        *gen = generic_nonverbal;
        *n_gen = sizeof(generic_nonverbal) / sizeof(*generic_nonverbal);
        break;
    case EASEL_Q_OPEN:
        break;
    }
    return *gen ? NULL : own;
}

/* The questions after a first half: the pause questions at the open level, else the level's
   own generic questions. */
static size_t pause_questions(const struct easel_plan *pl, const char *const **gen)
{
    switch (easel_plan_question_level(pl)) {
    case EASEL_Q_CONCRETE:
        *gen = generic_concrete;
        return sizeof(generic_concrete) / sizeof(*generic_concrete);
    case EASEL_Q_CHOICE:
        *gen = generic_choice;
        return sizeof(generic_choice) / sizeof(*generic_choice);
    case EASEL_Q_NONVERBAL:
        *gen = generic_nonverbal;
        return sizeof(generic_nonverbal) / sizeof(*generic_nonverbal);
    case EASEL_Q_OPEN:
        break;
    }
    *gen = generic_pause;
    return sizeof(generic_pause) / sizeof(*generic_pause);
}

size_t easel_plan_item_count(const struct easel_plan *pl, const struct easel_plan_item *it,
                             enum easel_text_part part)
{
    if (it->intervention < 0)
        return 0;
    if (part == EASEL_TEXT_SUMMARY)
        return 1;
    const char *const *gen;
    size_t n_gen;
    const struct easel_intervention *in = item_of(pl, it);
    const struct easel_strlist *l = part_list(pl, in, part, &gen, &n_gen);
    if (part == EASEL_TEXT_QUESTIONS && it->part == 1)
        return pause_questions(pl, &gen);
    size_t n = l ? l->n : n_gen;
    if (part == EASEL_TEXT_STEPS && it->part && in->split_after && (size_t)in->split_after < n)
        return it->part == 1 ? (size_t)in->split_after : n - (size_t)in->split_after;
    return n;
}

/* The KB step a session's step k is: the steps after the pause in a directive's second half. */
static size_t step_index(const struct easel_intervention *in, const struct easel_plan_item *it,
                         size_t k)
{
    return it->part == 2 ? k + (size_t)in->split_after : k;
}

/* Whether text names a role that was dropped for this client. */
static int names_dropped_role(const struct easel_intervention *in, const struct easel_plan_item *it,
                              const char *text)
{
    for (size_t u = 0; it->use && u < in->n_media; u++)
        if (it->use[u] < 0 && in->media[u].role && easel_text_has_role(text, in->media[u].role))
            return 1;
    return 0;
}

int easel_plan_item_text(const struct easel_plan *pl, const struct easel_plan_item *it,
                         enum easel_text_part part, size_t k, struct easel_buf *out)
{
    if (it->intervention < 0)
        return 1;
    const struct easel_intervention *in = item_of(pl, it);
    const char *text;
    if (part == EASEL_TEXT_SUMMARY) {
        text = in->summary;
    } else {
        const char *const *gen;
        size_t n_gen;
        const struct easel_strlist *l = part_list(pl, in, part, &gen, &n_gen);
        if (part == EASEL_TEXT_QUESTIONS && it->part == 1) { /* generic: they name no role */
            n_gen = pause_questions(pl, &gen);
            if (k >= n_gen)
                return 1;
            easel_buf_puts(out, gen[k]);
            return 0;
        }
        if (part == EASEL_TEXT_STEPS) {
            if (k >= easel_plan_item_count(pl, it, part))
                return 1;
            k = step_index(in, it, k);
        }
        if (l ? k >= l->n : k >= n_gen)
            return 1;
        text = l ? l->items[k] : gen[k];
        if (!l) { /* generic questions name no role */
            easel_buf_puts(out, text);
            return 0;
        }
    }
    if (names_dropped_role(in, it, text))
        return 1;
    easel_text_render(pl->kb, in, it->use, text, pl->profile->group, out);
    return 0;
}
