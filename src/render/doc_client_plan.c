/*
 * render/doc_client_plan.c — the plan for the client to read: plain language in short
 * sentences, large type (14 pt), spoken to the client ("you", "we"), in easel's own words. Each
 * goal is said in everyday words chosen by its problem; each objective by how it is measured
 * (a short form, something we look at in sessions, something you count, a scale we set
 * together), with its numbers. The client's own goals come first, in their words. The reading
 * grade of the whole text (Flesch-Kincaid, easel/readability.h) is printed at the end; the
 * tests hold it at 8 or below for every example plan.
 *
 * Owns: nothing. Borrows: the doc. Fails: never visibly (doc.h).
 */
#include "doc.h"

#include <string.h>

/* A goal in everyday words, by KB problem id; NULL: use a generic sentence. */
static const char *plain_goal(const char *problem)
{
    static const struct {
        const char *id, *text;
    } goals[] = {
        {"anger-aggression", "Feel angry without hurting people or things."},
        {"anxiety", "Worry less and feel calm more often."},
        {"attention", "Keep your mind on one thing for longer."},
        {"autism-communication", "Share what you think and feel in a way that works for you."},
        {"body-image", "Feel kinder about your body."},
        {"chronic-pain", "Live well, even on days when pain is there."},
        {"complex-trauma", "Feel safe and steady in your body and in your day."},
        {"dementia-engagement", "Enjoy making things and time with other people."},
        {"depression", "Feel better in your mood and do more of what you like."},
        {"emotion-regulation", "Calm strong feelings when they come."},
        {"family-conflict", "Get on better at home."},
        {"grief", "Make room for your loss and find ways to carry it."},
        {"life-transition", "Find your feet after a big change."},
        {"low-self-esteem", "Think better of yourself."},
        {"medical-adjustment", "Cope well with your illness and care."},
        {"psychosis-orientation", "Feel clear and grounded in the here and now."},
        {"ptsd", "Feel safe again after what happened to you."},
        {"safety-planning", "Stay safe, with a plan for hard moments."},
        {"selective-mutism", "Feel at ease to speak, bit by bit."},
        {"self-harm", "Stay safe and find other ways to cope when you want to hurt yourself."},
        {"social-skills", "Feel at ease with other people and make friends."},
        {"substance-recovery", "Stay on your path away from drink or drugs."},
    };
    for (size_t i = 0; problem && i < sizeof(goals) / sizeof(goals[0]); i++)
        if (strcmp(goals[i].id, problem) == 0)
            return goals[i].text;
    return NULL;
}

static void objective(struct doc *d, const struct easel_report_objective *o)
{
    const char *when = o->target_date ? doc_long_date(d, o->target_date) : "the end of our plan";
    if (o->edited) { /* the therapist's own words for this step */
        doc_bullet(d, "Step %s. %s. We hope to get there by %s.", o->number, o->smart, when);
        return;
    }
    switch (o->measure_type) {
    case EASEL_MEASURE_INSTRUMENT:
        doc_bullet(d,
                   "Step %s. You fill in a short form called %s now and then. It shows how things "
                   "are for you. We hope your score gets to %s by %s.",
                   o->number, o->instrument ? o->instrument : "a check-in form",
                   o->target ? o->target : "a better level", when);
        break;
    case EASEL_MEASURE_OBSERVED:
        doc_bullet(d,
                   "Step %s. %s. We look at this in our sessions. We hope to see it in %d of "
                   "every 10 sessions by %s.",
                   o->number, o->text ? o->text : "A skill we practise together",
                   (o->target_value + 5) / 10, when);
        break;
    case EASEL_MEASURE_FREQUENCY:
        if (o->baseline_recorded)
            doc_bullet(d,
                       "Step %s. %s. We count this each week. Now it is %d. We hope for %d by %s.",
                       o->number, o->text ? o->text : "Something you do each week",
                       o->baseline_value, o->target_value, when);
        else /* no number is invented: the first sessions count it */
            doc_bullet(d,
                       "Step %s. %s. We count this each week, starting in our first sessions. We "
                       "hope for %d by %s.",
                       o->number, o->text ? o->text : "Something you do each week", o->target_value,
                       when);
        break;
    case EASEL_MEASURE_GAS:
        doc_bullet(d,
                   "Step %s. We set a scale for this goal together. It goes from -2 to +2. We "
                   "hope you reach 0, the level we aim for, by %s.",
                   o->number, when);
        break;
    default:
        doc_bullet(d, "Step %s. %s. We check this by %s.", o->number, o->smart, when);
        break;
    }
}

void doc_client_plan(struct doc *d)
{
    const struct easel_report *r = d->r;
    const struct easel_report_plan *pl = &r->plan;
    d->subject = "Treatment plan in plain words for the client";
    d->base_pt = 14.0;
    d->plain = true;
    doc_title(d, "My plan");
    doc_p(d, "This plan is for %s. We made it on %s.", r->client_name,
          doc_long_date(d, pl->created_on ? pl->created_on : r->date));
    doc_p(d, "It says what we will work on and how we will know it helps. You can ask about any "
             "part of it. We can change it together.");
    if (pl->n_risks) {
        doc_h2(d, "Staying safe comes first");
        doc_p(d, "We will make a safety plan with you first. It lists signs to watch for, things "
                 "that help, and people you can call. If you feel you might hurt yourself, tell "
                 "someone right away or call your local emergency number.");
    }
    doc_h2(d, "What you want");
    if (!pl->n_client_goals)
        doc_empty(d, "We have not written down your own goals yet. We will ask you about them.");
    for (size_t i = 0; i < pl->n_client_goals; i++)
        doc_bullet(d, "\"%s\"", pl->client_goals[i]);
    doc_h2(d, "What we will work on");
    if (!pl->n_goals)
        doc_empty(d, "We have not set goals yet.");
    for (size_t g = 0; g < pl->n_goals; g++) {
        const struct easel_report_goal *goal = &pl->goals[g];
        const char *plain = plain_goal(goal->problem);
        doc_h3(d, "Goal %zu", g + 1);
        if (plain)
            doc_p(d, "%s", plain);
        else
            doc_p(d, "Work on this together: %s.", goal->problem_name);
        for (size_t k = 0; k < goal->n_objectives; k++)
            objective(d, &goal->objectives[k]);
    }
    doc_h2(d, "Our sessions");
    if (pl->n_sessions)
        doc_p(d,
              "We will meet %d %s. Each time is %d minutes. We plan %d sessions, from %s to "
              "%s.",
              pl->per_week, pl->per_week == 1 ? "time a week" : "times a week", pl->session_minutes,
              pl->n_sessions, doc_long_date(d, pl->first_date), doc_long_date(d, pl->last_date));
    else
        doc_empty(d, "We have not planned the sessions yet.");
    doc_p(d, "In each session we start with a short warm-up. Then we make art. Then we talk about "
             "it, if you want to. We end with something calm.");
    doc_p(d, "You choose what to share. Your art is yours. We keep a picture of it only if you "
             "say yes.");
    doc_h2(d, "Signing");
    doc_p(d, "We sign to show we agree on this plan.");
    doc_sign(d, "You", NULL, NULL);
    doc_sign(d, "Your art therapist", pl->signed_by, pl->signed_on);
}
