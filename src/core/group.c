/*
 * core/group.c — the group program's profile (easel/group.h): the union of every member's
 * exclusions as one profile the engine plans from, and a member's own view of the program.
 * Pure: no I/O, no third-party library.
 */
#include "easel/group.h"
#include "easel/plan.h"
#include "easel/vocab.h"

#include <string.h>

static int max_i(int a, int b)
{
    return a > b ? a : b;
}

static void schedule_into(struct easel_profile *p, const struct easel_group_schedule *g)
{
    p->setting = g->setting;
    if (g->start_date && strlen(g->start_date) == 10)
        memcpy(p->start_date, g->start_date, sizeof(p->start_date));
    p->minutes = g->minutes;
    p->per_week = g->per_week;
    p->count = g->count;
    p->drop_in = g->drop_in;
    p->group = true;
    p->expected_attendance = 0;
}

/* The presenting problems most members share, in roster order for ties. */
static void focus(struct easel_profile *out, const struct easel_profile *const *m, size_t n)
{
    int ids[EASEL_GROUP_MAX_MEMBERS * EASEL_PROFILE_MAX_PROBLEMS];
    int count[EASEL_GROUP_MAX_MEMBERS * EASEL_PROFILE_MAX_PROBLEMS];
    int k = 0;
    for (size_t i = 0; i < n && i < EASEL_GROUP_MAX_MEMBERS; i++)
        for (int j = 0; j < m[i]->n_problems; j++) {
            int at = -1;
            for (int q = 0; q < k; q++)
                if (ids[q] == m[i]->problems[j])
                    at = q;
            if (at < 0) {
                ids[k] = m[i]->problems[j];
                count[k++] = 1;
            } else
                count[at]++;
        }
    out->n_problems = 0;
    while (out->n_problems < EASEL_GROUP_FOCUS_MAX) {
        int best = -1;
        for (int q = 0; q < k; q++)
            if (count[q] > 0 && (best < 0 || count[q] > count[best]))
                best = q;
        if (best < 0)
            break;
        out->problems[out->n_problems++] = ids[best];
        count[best] = 0;
    }
}

static int add_precautions(struct easel_profile *out, const struct easel_profile *const *m,
                           size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += m[i]->precautions.n;
    if (!total)
        return 0;
    out->precautions.items = easel_arena_alloc(&out->arena, total * sizeof(char *));
    if (!out->precautions.items)
        return EASEL_ENOMEM;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m[i]->precautions.n; j++) {
            const char *t = m[i]->precautions.items[j];
            bool dup = false;
            for (size_t q = 0; q < out->precautions.n && !dup; q++)
                dup = strcmp(out->precautions.items[q], t) == 0;
            if (dup)
                continue;
            const char *copy = easel_arena_strdup(&out->arena, t);
            if (!copy)
                return EASEL_ENOMEM;
            out->precautions.items[out->precautions.n++] = copy;
        }
    return 0;
}

int easel_group_merge(struct easel_profile *out, uint32_t *flags, const struct easel_kb *kb,
                      const struct easel_group_schedule *g, const char *name,
                      const struct easel_profile *const *members, size_t n, struct easel_error *err)
{
    easel_profile_init(out);
    if (n < 1 || n > EASEL_GROUP_MAX_MEMBERS)
        return easel_error_set(err, EASEL_EINVAL, "group", "members",
                               "a group plan needs 1 to %d members with a profile, got %zu",
                               EASEL_GROUP_MAX_MEMBERS, n);
    out->source = out->client = easel_arena_strdup(&out->arena, name ? name : "group");
    if (!out->client)
        return easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
    out->format = 2;
    schedule_into(out, g);
    out->group_size = (int)n;
    uint32_t f = EASEL_BIT(EASEL_FLAG_GROUP);
    int youngest = members[0]->age, oldest = members[0]->age;
    for (size_t i = 0; i < n; i++) {
        const struct easel_profile *m = members[i];
        f |= easel_profile_flags(m, kb);
        youngest = m->age < youngest ? m->age : youngest;
        oldest = m->age > oldest ? m->age : oldest;
        out->allergies |= m->allergies;
        for (int s = 0; s < 5; s++)
            out->sensory[s] |= m->sensory[s];
        out->motor = max_i(out->motor, m->motor);
        out->cognition = max_i(out->cognition, m->cognition);
        out->verbal = max_i(out->verbal, m->verbal);
        out->regulation = max_i(out->regulation, m->regulation);
        out->trauma = max_i(out->trauma, m->trauma);
        out->grip = max_i(out->grip, m->grip);
        if (!out->hand_unavailable)
            out->hand_unavailable = m->hand_unavailable;
        if (m->cognitive_screen >= 0 &&
            (out->cognitive_screen < 0 || m->cognitive_screen < out->cognitive_screen)) {
            out->cognitive_screen = m->cognitive_screen;
            out->cognitive_screen_name = m->cognitive_screen_name;
        }
        out->immunocompromised |= m->immunocompromised;
        out->fatigue |= m->fatigue;
        out->bed_bound |= m->bed_bound;
        out->respiratory |= m->respiratory;
        out->acute_psychosis |= m->acute_psychosis;
        out->mania |= m->mania;
        out->dissociation |= m->dissociation;
        out->situational_mutism |= m->situational_mutism;
        out->texture_hazards |= m->texture_hazards;
        out->self_harm_hazards |= m->self_harm_hazards;
        out->drop_in |= m->drop_in;
        out->routine |= easel_profile_needs_routine(m, kb); /* helps every member */
        if (m->substance_stage >= 0 &&
            (out->substance_stage < 0 || m->substance_stage < out->substance_stage))
            out->substance_stage = m->substance_stage;
    }
    out->age = youngest;
    out->group_age_min = youngest;
    out->group_age_max = oldest;
    if (out->cognitive_screen_name)
        out->cognitive_screen_name = easel_arena_strdup(&out->arena, out->cognitive_screen_name);
    focus(out, members, n);
    if (add_precautions(out, members, n))
        return easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
    *flags = f;
    return 0;
}

void easel_group_member_view(struct easel_profile *out, const struct easel_profile *m,
                             const struct easel_group_schedule *g, int group_size)
{
    *out = *m;
    easel_arena_init(&out->arena); /* borrowed: nothing of its own to release */
    schedule_into(out, g);
    out->group_size = group_size;
    out->group_age_min = out->group_age_max = 0;
}

uint32_t easel_group_safety_bits(void)
{
    return ~(uint32_t)(EASEL_X_REQUIRES | EASEL_X_PROBLEM | EASEL_X_STAGE | EASEL_X_MINUTES);
}
