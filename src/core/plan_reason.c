/*
 * core/plan_reason.c — the words for an intervention's verdict and for a medium substitution,
 * written on demand from the exclusion bits the engine recorded (easel_plan.excluded), the KB
 * and the profile. Same input, same words: the renderers, `explain` and the gap list all use
 * these two functions.
 */
#include "easel/lexicon.h"
#include "easel/plan.h"
#include "easel/vocab.h"

static const char *level_word(int ability)
{
    static const char *const w[] = {"", "very low", "low", "moderate", "good", "full"};
    return ability >= 1 && ability <= 5 ? w[ability] : "";
}

int easel_plan_sub_reason(const struct easel_plan *pl, const struct easel_plan_sub *sub,
                          struct easel_buf *out)
{
    const struct easel_kb *kb = pl->kb;
    if (sub->to < 0)
        easel_buf_printf(out,
                         "%s left out, with the steps that use it (optional, no allowed "
                         "alternative): %s",
                         kb->media[sub->from].name, pl->media[sub->from].reason);
    else
        easel_buf_printf(out, "%s replaced by %s: %s", kb->media[sub->from].name,
                         kb->media[sub->to].name, pl->media[sub->from].reason);
    return out->failed;
}

int easel_plan_reason(const struct easel_plan *pl, int i, struct easel_buf *b)
{
    const struct easel_plan_verdict *v = &pl->interventions[i];
    if (v->verdict != EASEL_VERDICT_EXCLUDED) {
        easel_buf_puts(b, v->reason ? v->reason : "");
        return b->failed;
    }
    const struct easel_kb *kb = pl->kb;
    const struct easel_profile *p = pl->profile;
    const struct easel_intervention *in = &kb->interventions[i];
    const struct easel_setting *st = &kb->settings[p->setting];
    uint32_t x = pl->excluded[i];
    const char *sep = "";
#define SAY(...)                                                                                   \
    do {                                                                                           \
        easel_buf_puts(b, sep);                                                                    \
        easel_buf_printf(b, __VA_ARGS__);                                                          \
        sep = "; ";                                                                                \
    } while (0)
    if (x & EASEL_X_SETTING)
        SAY("not used in the %s setting", st->name);
    if (x & EASEL_X_CONTRA) {
        uint32_t contra = in->contraindications & pl->flags;
        for (int f = 0; f < EASEL_FLAG_COUNT; f++)
            if (contra & EASEL_BIT(f))
                SAY("contraindicated for %s", easel_flag_words(f));
    }
    if (x & EASEL_X_AGE) {
        if (p->group_age_min)
            SAY("meant for ages %d-%d; the group spans %d-%d", in->age_min, in->age_max,
                p->group_age_min, p->group_age_max);
        else
            SAY("meant for ages %d-%d; the client is %d", in->age_min, in->age_max, p->age);
    }
    if (x & EASEL_X_NOT_GROUP)
        SAY("individual format only; this plan is for a group");
    if (x & EASEL_X_NOT_INDIVIDUAL)
        SAY("group format only; this plan is individual");
    int cog = easel_profile_ability_cognitive(p), mot = easel_profile_ability_motor(p),
        verb = easel_profile_ability_verbal(p);
    if (x & EASEL_X_COGNITIVE)
        SAY("cognitive demand %d is above the client's %s ability (%d)", in->demand_cognitive,
            level_word(cog), cog);
    if (x & EASEL_X_MOTOR)
        SAY("fine-motor demand %d is above the client's %s ability (%d)", in->demand_motor,
            level_word(mot), mot);
    if (x & EASEL_X_VERBAL)
        SAY("verbal demand %d is above the client's %s ability (%d)", in->demand_verbal,
            level_word(verb), verb);
    if (x & EASEL_X_INTENSITY)
        SAY("emotional intensity %d is above the cap of %d (rule %s)", in->intensity,
            pl->max_intensity, pl->intensity_rule);
    if (x & EASEL_X_PROCESSING)
        SAY("a processing-phase item, and rule %s removes the processing phase",
            pl->processing_rule);
    if (x & EASEL_X_MINUTES)
        SAY("needs at least %d minutes; a %d-minute session leaves %d for the main directive%s",
            in->min_minutes, pl->session_minutes, pl->main_minutes_max,
            !in->split_after ? ""
            : !pl->kb->settings[pl->profile->setting].continuity
                ? "; it could go on over two sessions, but this setting may not see the client "
                  "again"
            : pl->profile->drop_in ? "; it could go on over two sessions, but attendance is drop-in"
            : pl->n_sessions < 4
                ? "; it could go on over two sessions, but the program has fewer than 4"
                : "; even half of it does not fit one session");
    if (x & EASEL_X_MEDIUM) {
        int m = pl->excluded_medium[i];
        SAY("needs %s, which is excluded (%s), and none of its alternatives is allowed",
            kb->media[m].name, pl->media[m].reason);
    }
    if (x & EASEL_X_FLUIDITY)
        SAY("its media are more fluid than the cap of %d (rule %s)", pl->max_fluidity,
            pl->fluidity_rule);
    if (x & EASEL_X_REQUIRES) {
        uint32_t missing = in->requires & ~pl->flags;
        for (int f = 0; f < EASEL_FLAG_COUNT; f++)
            if (missing & EASEL_BIT(f))
                SAY("written only for clients with %s, which this client's profile does not "
                    "record",
                    easel_flag_words(f));
    }
    if (x & EASEL_X_STAGE)
        SAY("written for other stages of change than the client's (%s)",
            p->substance_stage < 0
                ? "not recorded in the profile"
                : (const char *const[]){"precontemplation", "contemplation", "preparation",
                                        "action", "maintenance"}[p->substance_stage]);
    if (x & EASEL_X_NOT_SETTING)
        SAY("written for other settings than %s", st->name);
    if (x & EASEL_X_PROBLEM) {
        easel_buf_puts(b, sep);
        easel_buf_puts(b, "written for clients with ");
        for (size_t k = 0; k < in->problems.n; k++)
            easel_buf_printf(b, "%s%s", k ? (k + 1 == in->problems.n ? " or " : ", ") : "",
                             kb->problems[in->problems.index[k]].name);
        easel_buf_puts(b, ", which this client was not referred for");
        sep = "; ";
    }
    if (x & EASEL_X_TEXT) {
        const char *word = NULL;
        uint32_t hz = in->text_hazards & pl->hazards_excluded;
        for (size_t u = 0; u < in->n_media; u++)
            hz |= in->media[u].text_hazards & pl->hazards_excluded;
        const struct easel_strlist *lists[] = {&in->steps,      &in->questions, &in->group_steps,
                                               &in->q_concrete, &in->q_choice,  &in->q_nonverbal};
        word = easel_lexicon_first(kb->lexicon, in->summary, hz);
        for (size_t l = 0; !word && l < sizeof(lists) / sizeof(lists[0]); l++)
            for (size_t k = 0; !word && k < lists[l]->n; k++)
                word = easel_lexicon_first(kb->lexicon, lists[l]->items[k], hz);
        if (!word)
            word = easel_lexicon_first(kb->lexicon, in->name, hz);
        for (int h = 0; h < 32; h++)
            if (hz & EASEL_BIT(h)) {
                SAY("its text names %s (\"%s\"), a hazard excluded for this client",
                    easel_vocab_name(EASEL_VOCAB_HAZARD, h), word ? word : "?");
                break;
            }
    }
#undef SAY
    return b->failed;
}
