/*
 * core/kb.c — id lookups over the sorted item arrays of struct easel_kb (binary search).
 */
#include "easel/kb.h"

#include <string.h>

#define DEFINE_LOOKUP(fn, field, count, type)                                                      \
    int fn(const struct easel_kb *kb, const char *id)                                              \
    {                                                                                              \
        size_t lo = 0, hi = kb->count;                                                             \
        if (!id)                                                                                   \
            return -1;                                                                             \
        while (lo < hi) {                                                                          \
            size_t mid = lo + (hi - lo) / 2;                                                       \
            int c = strcmp(kb->field[mid].id, id);                                                 \
            if (c == 0)                                                                            \
                return (int)mid;                                                                   \
            if (c < 0)                                                                             \
                lo = mid + 1;                                                                      \
            else                                                                                   \
                hi = mid;                                                                          \
        }                                                                                          \
        return -1;                                                                                 \
    }

DEFINE_LOOKUP(easel_kb_problem, problems, n_problems, struct easel_problem)
DEFINE_LOOKUP(easel_kb_intervention, interventions, n_interventions, struct easel_intervention)
DEFINE_LOOKUP(easel_kb_medium, media, n_media, struct easel_medium)
DEFINE_LOOKUP(easel_kb_setting, settings, n_settings, struct easel_setting)
DEFINE_LOOKUP(easel_kb_rule, rules, n_rules, struct easel_rule)
DEFINE_LOOKUP(easel_kb_instrument, instruments, n_instruments, struct easel_instrument)

void easel_kb_release(struct easel_kb *kb)
{
    easel_arena_release(&kb->arena);
    memset(kb, 0, sizeof(*kb));
}
