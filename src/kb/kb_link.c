/*
 * kb/kb_link.c — after every item is parsed: sort each kind by id, reject an id used twice
 * anywhere in the KB, resolve every cross-reference to an index (naming the file and field of
 * a dangling one), and check coverage: every objective template must be servable by at least
 * one main intervention, or the engine could never schedule it.
 */
#include "easel/vocab.h"
#include "kb_items.h"

#include <stdlib.h>
#include <string.h>

#define SORT(type)                                                                                 \
    static int cmp_##type(const void *a, const void *b)                                            \
    {                                                                                              \
        return strcmp(((const struct type *)a)->id, ((const struct type *)b)->id);                 \
    }
SORT(easel_problem)
SORT(easel_intervention)
SORT(easel_medium)
SORT(easel_setting)
SORT(easel_rule)
SORT(easel_instrument)

struct idref {
    const char *id, *file;
};

static int cmp_ref(const void *a, const void *b)
{
    return strcmp(((const struct idref *)a)->id, ((const struct idref *)b)->id);
}

static int unique_ids(struct easel_kb *kb, struct easel_error *err)
{
    size_t n = kb->n_problems + kb->n_interventions + kb->n_media + kb->n_settings + kb->n_rules +
               kb->n_instruments;
    struct idref *all = malloc((n + 1) * sizeof(*all));
    if (!all)
        return easel_error_set(err, EASEL_ENOMEM, "kb", "", "out of memory");
    size_t k = 0;
#define PUT(arr, count)                                                                            \
    for (size_t i = 0; i < kb->count; i++)                                                         \
        all[k++] = (struct idref){kb->arr[i].id, kb->arr[i].file};
    PUT(problems, n_problems)
    PUT(interventions, n_interventions)
    PUT(media, n_media)
    PUT(settings, n_settings)
    PUT(rules, n_rules)
    PUT(instruments, n_instruments)
#undef PUT
    qsort(all, n, sizeof(*all), cmp_ref);
    int rc = 0;
    for (size_t i = 1; i < n && !rc; i++)
        if (strcmp(all[i].id, all[i - 1].id) == 0)
            rc = easel_error_set(err, EASEL_EKB, all[i].file, "id",
                                 "id \"%s\" is also used by %s; ids must be unique in the KB",
                                 all[i].id, all[i - 1].file);
    free(all);
    return rc;
}

typedef int (*lookup_fn)(const struct easel_kb *, const char *);

static int resolve(const struct easel_kb *kb, struct easel_idlist *l, lookup_fn find,
                   const char *what, const char *file, const char *field, struct easel_error *err)
{
    for (size_t i = 0; i < l->n; i++) {
        l->index[i] = find(kb, l->ids[i]);
        if (l->index[i] < 0)
            return easel_error_set(err, EASEL_EKB, file, field, "%s[%zu]: unknown %s \"%s\"", field,
                                   i, what, l->ids[i]);
    }
    return 0;
}

static int link_items(struct easel_kb *kb, struct easel_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < kb->n_interventions && !rc; i++) {
        struct easel_intervention *in = &kb->interventions[i];
        for (size_t u = 0; u < in->n_media && !rc; u++) {
            in->media[u].medium = easel_kb_medium(kb, in->media[u].id);
            for (size_t v = 0; v < u && !rc; v++)
                if (in->media[v].medium == in->media[u].medium)
                    rc = easel_error_set(err, EASEL_EKB, in->file, "media",
                                         "media[%zu]: %s is listed twice", u, in->media[u].id);
            if (!rc && in->media[u].medium < 0)
                rc = easel_error_set(err, EASEL_EKB, in->file, "media",
                                     "media[%zu].id: unknown medium \"%s\"", u, in->media[u].id);
        }
    }
    for (size_t i = 0; i < kb->n_media && !rc; i++) {
        struct easel_medium *m = &kb->media[i];
        rc = resolve(kb, &m->alternatives, easel_kb_medium, "medium", m->file, "alternatives", err);
        for (size_t k = 0; k < m->alternatives.n && !rc; k++)
            if (m->alternatives.index[k] == (int)i)
                rc = easel_error_set(err, EASEL_EKB, m->file, "alternatives",
                                     "a medium cannot be its own alternative");
    }
    for (size_t i = 0; i < kb->n_settings && !rc; i++) {
        struct easel_setting *s = &kb->settings[i];
        rc = resolve(kb, &s->excluded_media, easel_kb_medium, "medium", s->file, "excluded_media",
                     err);
        if (!rc)
            rc = resolve(kb, &s->excluded_interventions, easel_kb_intervention, "intervention",
                         s->file, "excluded_interventions", err);
        if (!rc)
            rc = resolve(kb, &s->measures, easel_kb_instrument, "instrument", s->file, "measures",
                         err);
    }
    for (size_t i = 0; i < kb->n_rules && !rc; i++)
        rc = resolve(kb, &kb->rules[i].exclude_media, easel_kb_medium, "medium", kb->rules[i].file,
                     "exclude_media", err);
    for (size_t i = 0; i < kb->n_problems && !rc; i++) {
        struct easel_problem *p = &kb->problems[i];
        for (size_t k = 0; k < p->n_objectives && !rc; k++) {
            struct easel_objective_tpl *t = &p->objectives[k];
            if (t->measure != EASEL_MEASURE_INSTRUMENT)
                continue;
            t->instrument = easel_kb_instrument(kb, t->instrument_id);
            if (t->instrument < 0) {
                rc = easel_error_set(err, EASEL_EKB, p->file, "objectives",
                                     "objective %s: unknown instrument \"%s\"", t->id,
                                     t->instrument_id);
                break;
            }
            const struct easel_instrument *ins = &kb->instruments[t->instrument];
            if (t->target < ins->total_min || t->target > ins->total_max)
                rc = easel_error_set(err, EASEL_EKB, p->file, "objectives",
                                     "objective %s: target %d is outside %s's range %d-%d", t->id,
                                     t->target, ins->name, ins->total_min, ins->total_max);
            else if (t->target_higher_better == ins->higher_is_worse)
                rc = easel_error_set(err, EASEL_EKB, p->file, "objectives",
                                     "objective %s: use %s for %s, where a higher score is %s",
                                     t->id,
                                     ins->higher_is_worse ? "target_below" : "target_at_least",
                                     ins->name, ins->higher_is_worse ? "worse" : "better");
        }
    }
    return rc;
}

static int coverage(const struct easel_kb *kb, struct easel_error *err)
{
    uint64_t served = 0;
    for (size_t i = 0; i < kb->n_interventions; i++)
        if (kb->interventions[i].roles & EASEL_BIT(EASEL_ROLE_MAIN))
            served |= kb->interventions[i].goal_tags;
    for (size_t i = 0; i < kb->n_problems; i++) {
        const struct easel_problem *p = &kb->problems[i];
        for (size_t k = 0; k < p->n_objectives; k++)
            if (!(p->objectives[k].goal_tags & served))
                return easel_error_set(err, EASEL_EKB, p->file, "objectives",
                                       "objective %s: no main intervention serves any of its "
                                       "goal tags",
                                       p->objectives[k].id);
    }
    return 0;
}

int easel__kb_link(struct easel_kb *kb, struct easel_error *err)
{
    if (kb->n_problems > 1)
        qsort(kb->problems, kb->n_problems, sizeof(*kb->problems), cmp_easel_problem);
    if (kb->n_interventions > 1)
        qsort(kb->interventions, kb->n_interventions, sizeof(*kb->interventions),
              cmp_easel_intervention);
    if (kb->n_media > 1)
        qsort(kb->media, kb->n_media, sizeof(*kb->media), cmp_easel_medium);
    if (kb->n_settings > 1)
        qsort(kb->settings, kb->n_settings, sizeof(*kb->settings), cmp_easel_setting);
    if (kb->n_rules > 1)
        qsort(kb->rules, kb->n_rules, sizeof(*kb->rules), cmp_easel_rule);
    if (kb->n_instruments > 1)
        qsort(kb->instruments, kb->n_instruments, sizeof(*kb->instruments), cmp_easel_instrument);
    int rc = unique_ids(kb, err);
    if (!rc)
        rc = link_items(kb, err);
    if (!rc)
        rc = coverage(kb, err);
    if (!rc && kb->n_settings == 0)
        rc = easel_error_set(err, EASEL_EKB, "kb/settings", "", "the KB has no settings");
    return rc;
}
