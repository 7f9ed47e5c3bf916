/*
 * core/plan.c — easel_plan_build: runs the engine's steps in order over one profile and the
 * KB. Steps live in constraints.c, objectives.c, program.c and supplies.c; this file sets up
 * the schedule (session count, dates, session time budget) and the shared working state.
 */
#include "easel/plan_rules.h"
#include "engine.h"

#include <string.h>

const char *const easel_safety_review_text =
    "go through the client's safety plan together: warning signs since last time, which coping "
    "steps and people helped, whether the contacts and crisis numbers are still right, and the "
    "steps that keep the means of harm away; change the plan in the client's own words";

const char *const easel_ground_rules_text =
    "agree together, in the members' words, that what is made and said stays in the room, that "
    "nobody comments on another's art unless invited, that anyone may pass, and how each session "
    "opens and closes; write the agreement on a sheet kept for every session";

void easel_plan_release(struct easel_plan *plan)
{
    easel_arena_release(&plan->arena);
    memset(plan, 0, sizeof(*plan));
}

/* The segments of a session by population and length (plan-quality.md §3): a check-in or
   warm-up, the main making, processing, and a closure that is never dropped. Short and bedside
   sessions drop the warm-up and keep processing to one or two questions; children and people
   with advanced dementia get short talk; dysregulation a longer grounding close; adults in long
   sessions more processing. The minima are what a directive may take the segments down to when
   it needs the time (program.c). Segment lengths are practice convention. */
static void session_slots(struct easel__ctx *c)
{
    const struct easel_plan *pl = c->plan;
    const struct easel_profile *p = c->profile;
    const int len = pl->session_minutes;
    const bool brief =
        len <= 25 || (c->flags & (EASEL_BIT(EASEL_FLAG_BED_BOUND) | EASEL_BIT(EASEL_FLAG_FATIGUE)));
    const bool short_talk =
        p->age < 12 || p->cognition >= EASEL_L_MODERATE || p->verbal >= EASEL_VERBAL_MINIMAL;
    c->warm_slot = len <= 30 ? 0 : (len > 75 ? 10 : 5);
    c->close_slot = 5;
    c->close_min = len <= 20 ? 3 : 5;
    if (brief)
        c->proc_slot = 5;
    else if (short_talk)
        c->proc_slot = len >= 45 ? 10 : 5;
    else
        c->proc_slot = len >= 75 ? 20 : len >= 60 ? 15 : len >= 45 ? 10 : 5;
    if ((c->flags & EASEL_BIT(EASEL_FLAG_DYSREGULATION)) && len >= 45)
        c->close_slot = 10; /* a longer grounding close */
    c->proc_min = len <= 20 ? 3 : 5;
    c->proc_grow = brief || short_talk ? 0 : 5; /* the rest of a short directive's time is studio */
    if (p->group && len >= 30 && !c->warm_slot)
        c->warm_slot = 5;                                        /* a group opens with a ritual */
    if (c->warm_slot + c->proc_slot + c->close_slot > len / 2) { /* keep half for making */
        c->warm_slot = 0;
        c->proc_slot = c->proc_min;
        c->close_slot = c->close_min;
    }
    c->plan->main_minutes_max = len - c->proc_min - c->close_min;
}

static int schedule(struct easel__ctx *c, const struct easel_plan_options *opt,
                    struct easel_error *err)
{
    struct easel_plan *pl = c->plan;
    const struct easel_profile *p = c->profile;
    const struct easel_setting *st = c->setting;
    pl->session_minutes = p->minutes ? p->minutes : st->session_minutes;
    pl->per_week = p->per_week ? p->per_week : st->per_week;
    int n = opt && opt->sessions ? opt->sessions : (p->count ? p->count : st->sessions);
    if (n < 1 || n > 104)
        return easel_error_set(err, EASEL_EINVAL, p->source, "sessions", "must be 1-104, got %d",
                               n);
    pl->n_sessions_requested = n;
    pl->participants = p->group ? (p->group_size > 0 ? p->group_size : 6) : 1;
    pl->attending = p->expected_attendance > 0 && p->expected_attendance < pl->participants
                        ? p->expected_attendance
                        : pl->participants;
    const char *start = opt && opt->start_date ? opt->start_date : p->start_date;
    if (strlen(start) != 10 || easel_date_parse(start, &c->start_days))
        return easel_error_set(err, EASEL_EINVAL, p->source, "start_date",
                               "not a valid date (YYYY-MM-DD)");
    memcpy(c->start_date, start, sizeof(c->start_date));
    pl->sessions = easel_arena_alloc(&pl->arena, (size_t)n * sizeof(*pl->sessions));
    EASEL__CHECK(pl->sessions);
    pl->n_sessions = (size_t)n;
    session_slots(c);
    for (int i = 0; i < n; i++) {
        struct easel_plan_session *s = &pl->sessions[i];
        s->number = i + 1;
        int64_t day = c->start_days + (int64_t)(i / pl->per_week) * 7 +
                      (int64_t)((i % pl->per_week) * 7 / pl->per_week);
        easel_date_format(day, s->date);
        s->processing_minutes = c->proc_slot;
    }
    return 0;
}

static int carry_notes(struct easel__ctx *c)
{
    const struct easel_setting *st = c->setting;
    struct easel_plan *pl = c->plan;
    const struct easel_profile *p = c->profile;
    size_t n = st->session_notes.n + st->n_rules + p->precautions.n + 3;
    pl->notes.items = easel_arena_alloc(&pl->arena, (n + 1) * sizeof(char *));
    EASEL__CHECK(pl->notes.items);
    for (size_t i = 0; i < st->n_rules; i++)
        pl->notes.items[pl->notes.n++] = st->rules[i].text;
    for (size_t i = 0; i < st->session_notes.n; i++)
        pl->notes.items[pl->notes.n++] = st->session_notes.items[i];
    for (size_t i = 0; i < p->precautions.n; i++) /* the therapist's own, every session */
        pl->notes.items[pl->notes.n++] =
            easel_arena_printf(&pl->arena, "Precaution: %s", p->precautions.items[i]);
    if (p->drop_in)
        pl->notes.items[pl->notes.n++] =
            "Drop-in attendance: every session stands alone, opens and closes in itself, and "
            "builds on no earlier session.";
    if (p->format_note)
        pl->notes.items[pl->notes.n++] = p->format_note;
    return 0;
}

/* The arrays with one entry per KB intervention, in one block, at the start of one chunk of
   the arena that has room for the rest of the plan too (its text and candidate lists, about
   64 KiB plus 8 bytes per intervention): most plans then take a single malloc. That matters
   when many plans are built in turn: glibc's malloc hands a freed heap top above its trim
   threshold back to the system, and the next plan faults those pages in again (on a virtual
   machine, 10 us or more a page); a single block at least half the plan's memory raises those
   thresholds for good after the first plan, and a smaller one stays within the top pad the
   allocator keeps. The block is not zeroed: step 1 writes every entry of the first three
   arrays, and c->items up to c->n_items. */
static int per_intervention_arrays(struct easel__ctx *c, size_t ni)
{
    struct easel_plan *pl = c->plan;
    const size_t size[] = {ni * sizeof(*pl->interventions), ni * sizeof(*pl->excluded),
                           ni * sizeof(*pl->excluded_medium), ni * sizeof(*c->items)};
    enum { N = sizeof(size) / sizeof(size[0]) };
    size_t total = 0;
    for (size_t k = 0; k < N; k++)
        total += (size[k] + 15) & ~(size_t)15; /* each array 16-byte aligned */
    if (easel__arena_reserve(&pl->arena, total + 64 * 1024 + 8 * ni))
        return EASEL_ENOMEM;
    unsigned char *block = easel__arena_alloc_raw(&pl->arena, total);
    EASEL__CHECK(block);
    void *at[N];
    for (size_t k = 0; k < N; k++) {
        at[k] = block;
        block += (size[k] + 15) & ~(size_t)15;
    }
    pl->interventions = at[0];
    pl->excluded = at[1];
    pl->excluded_medium = at[2];
    c->items = at[3];
    return 0;
}

int easel_plan_build(struct easel_plan *plan, const struct easel_kb *kb,
                     const struct easel_profile *profile, const struct easel_plan_options *opt,
                     struct easel_error *err)
{
    memset(plan, 0, sizeof(*plan));
    easel_arena_init(&plan->arena);
    plan->kb = kb;
    plan->profile = profile;
    if (profile->setting < 0 || (size_t)profile->setting >= kb->n_settings ||
        profile->n_problems < 1)
        return easel_error_set(err, EASEL_EINVAL, profile->source, "setting",
                               "profile was not loaded against this knowledge base");
    struct easel__ctx c = {0};
    c.plan = plan;
    c.kb = kb;
    c.profile = profile;
    c.setting = &kb->settings[profile->setting];
    c.flags = easel_profile_flags(profile, kb) | (opt ? opt->extra_flags : 0);
    plan->flags = c.flags;
    struct easel_arena *a = &plan->arena;
    size_t ni = kb->n_interventions + 1, nm = kb->n_media + 1;
    int rc = EASEL_ENOMEM;
    if (per_intervention_arrays(&c, ni))
        goto out;
    plan->media = easel_arena_alloc(a, nm * sizeof(*plan->media));
    c.medium_excluded = easel_arena_alloc(a, nm * sizeof(*c.medium_excluded));
    if (!plan->media || !c.medium_excluded)
        goto out;
    for (size_t i = 0; i < kb->n_problems; i++)
        if (kb->problems[i].requires_stabilisation)
            for (int k = 0; k < profile->n_problems; k++)
                if (profile->problems[k] == (int)i)
                    plan->phased = true;
    if ((rc = schedule(&c, opt, err)) != 0)
        goto out;
    if ((rc = easel__constraints(&c)) != 0)
        goto out;
    if ((rc = easel__objectives(&c)) != 0) {
        if (rc == EASEL_EKB)
            easel_error_set(err, rc, "kb", "safety-planning",
                            "the knowledge base has no safety-planning problem, which a client "
                            "with an active risk needs");
        goto out;
    }
    if (opt && opt->verdicts_only)
        goto out; /* rc is 0: the verdicts and risk flags are all a recheck reads */
    if ((rc = easel__program(&c)) != 0)
        goto out;
    if ((rc = easel__supplies(&c)) != 0)
        goto out;
    if ((rc = carry_notes(&c)) != 0)
        goto out;
    rc = easel_plan_rules_check(plan, &plan->findings);
out:
    if (rc == EASEL_ENOMEM)
        easel_error_set(err, rc, "engine", "", "out of memory while building the plan");
    if (rc) {
        easel_plan_release(plan);
        easel_arena_init(&plan->arena);
    }
    return rc;
}
