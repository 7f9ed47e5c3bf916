/*
 * kb/kb_link.c — after every item is parsed: sort each kind by id, reject an id used twice
 * anywhere in the KB, resolve every cross-reference to an index (naming the file and field of
 * a dangling one), and check coverage: every objective template must be servable by at least
 * one main intervention, or the engine could never schedule it.
 */
#include "easel/lexicon.h"
#include "easel/vocab.h"
#include "kb_items.h"

#include <stdio.h>
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
SORT(easel_hazard_words)

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

/* How many pieces one unit of a medium holds when its unit says so ("pack of 50 sheets", "ream
   of 500 sheets", "set of 12 assorted"): 0 when it does not (a block of clay, a bottle). */
static long pieces_per_unit(const char *unit)
{
    const char *of = unit ? strstr(unit, " of ") : NULL;
    if (!of)
        return 0;
    char *end;
    long n = strtol(of + 4, &end, 10);
    return end != of + 4 && *end == ' ' ? n : 0;
}

/* An intervention's quantities are in the medium's units, per participant per session: a whole
   pack of 10 or more pieces for each participant in one session is a count of pieces written
   where a fraction of the pack was meant (two sheets of a pack of 50 is 0.04). */
static int pack_quantity(const struct easel_kb *kb, const struct easel_intervention *in, size_t u,
                         struct easel_error *err)
{
    const struct easel_medium *m = &kb->media[in->media[u].medium];
    long n = pieces_per_unit(m->unit);
    if (n < 10 || in->media[u].qty_milli < 1000)
        return 0;
    return easel_error_set(err, EASEL_EKB, in->file, "media",
                           "media[%zu].qty: %.3g units of %s (%s) for each participant in one "
                           "session; quantities are fractions of the unit (one piece is %.3g)",
                           u, (double)in->media[u].qty_milli / 1000.0, m->id, m->unit,
                           1.0 / (double)n);
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
            if (!rc)
                rc = pack_quantity(kb, in, u, err);
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
    for (size_t i = 0; i < kb->n_interventions && !rc; i++) {
        rc = resolve(kb, &kb->interventions[i].settings, easel_kb_setting, "setting",
                     kb->interventions[i].file, "settings", err);
        if (!rc)
            rc = resolve(kb, &kb->interventions[i].problems, easel_kb_problem, "problem",
                         kb->interventions[i].file, "problems", err);
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

/* What the text checks of one intervention need while the lexicon scans one of its texts. */
struct text_check {
    const struct easel_kb *kb;
    const struct easel_intervention *in;
    uint32_t own_hazards; /* hazards its own media carry */
    const char *field;
    const char *word; /* the first offending phrase */
    const char *what;
};

static int material_word(void *ctx, const struct easel_lexicon_entry *e, const char *at)
{
    (void)at;
    struct text_check *t = ctx;
    if (e->tag >= EASEL_LEX_MEDIUM) {
        t->word = e->phrase;
        t->what = "names a material outside a role";
        return 1;
    }
    if (t->own_hazards & EASEL_BIT(e->tag)) {
        t->word = e->phrase;
        t->what = "names its own material's hazard outside a role";
        return 1;
    }
    return 0;
}

/* Every {token} of text must be a role of the item. */
static const char *unknown_role(const struct easel_intervention *in, const char *text, char bad[40])
{
    for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
        bool ok = false;
        for (size_t u = 0; u < in->n_media && !ok; u++)
            ok = in->media[u].role && strlen(in->media[u].role) == n &&
                 strncmp(in->media[u].role, p + 1, n) == 0;
        if (!ok) {
            snprintf(bad, 40, "%.*s", (int)(n < 32 ? n : 32), p + 1);
            return bad;
        }
    }
    return NULL;
}

/* One text of an intervention: role tokens known, no material named outside a role. Adds the
   hazards it names to the item's (or, when it refers to an optional role, to that role's) text
   hazards. */
static int check_text(struct easel_intervention *in, struct text_check *t, const char *field,
                      size_t index, const char *text, struct easel_error *err)
{
    char buf[40];
    const char *bad = unknown_role(in, text, buf);
    if (bad)
        return easel_error_set(err, EASEL_EKB, in->file, field,
                               "%s[%zu]: \"{%s}\" is not a role of this intervention", field, index,
                               bad);
    if (t->kb->lexicon) {
        t->word = NULL;
        easel_lexicon_scan(t->kb->lexicon, text, material_word, t);
        if (t->word)
            return easel_error_set(err, EASEL_EKB, in->file, field,
                                   "%s[%zu] %s: \"%s\" (name it as {role})", field, index, t->what,
                                   t->word);
    }
    uint32_t hz = t->kb->lexicon ? easel_lexicon_hazards(t->kb->lexicon, text) : 0;
    bool optional = false;
    for (size_t u = 0; u < in->n_media; u++)
        if (in->media[u].optional && in->media[u].role &&
            easel_text_has_role(text, in->media[u].role)) {
            in->media[u].text_hazards |= hz;
            optional = true;
        }
    if (!optional)
        in->text_hazards |= hz;
    return 0;
}

static int check_list(struct easel_intervention *in, struct text_check *t, const char *field,
                      const struct easel_strlist *l, struct easel_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < l->n && !rc; i++)
        rc = check_text(in, t, field, i, l->items[i], err);
    return rc;
}

/* The text rules of docs/kb-format.md "Role-based text" for every intervention (a clinic's
   too), and the hazards its texts name (for the engine). */
static int check_texts(struct easel_kb *kb, struct easel_error *err)
{
    int rc = 0;
    for (size_t m = 0; m < kb->n_media && !rc; m++) {
        const struct easel_medium *md = &kb->media[m];
        struct easel_buf noun;
        easel_buf_init(&noun, 256);
        easel_medium_noun(md, &noun);
        uint32_t named = easel_lexicon_hazards(kb->lexicon, easel_buf_str(&noun)) |
                         easel_lexicon_hazards(kb->lexicon, md->name);
        for (size_t w = 0; w < md->words.n; w++)
            named |= easel_lexicon_hazards(kb->lexicon, md->words.items[w]);
        easel_buf_release(&noun);
        uint32_t missing = named & ~md->hazards;
        for (int h = 0; missing && h < 32; h++)
            if (missing & EASEL_BIT(h))
                rc = easel_error_set(err, EASEL_EKB, md->file, "hazards",
                                     "its name or words name hazard %s, which its hazards lack",
                                     easel_vocab_name(EASEL_VOCAB_HAZARD, h));
    }
    for (size_t i = 0; i < kb->n_interventions && !rc; i++) {
        struct easel_intervention *in = &kb->interventions[i];
        struct text_check t = {.kb = kb, .in = in};
        for (size_t u = 0; u < in->n_media; u++)
            t.own_hazards |= kb->media[in->media[u].medium].hazards;
        in->text_hazards = 0;
        for (size_t u = 0; u < in->n_media; u++)
            in->media[u].text_hazards = 0;
        if (strchr(in->name, '{'))
            rc = easel_error_set(err, EASEL_EKB, in->file, "name",
                                 "a name is plain text, without {role}");
        if (!rc)
            rc = check_text(in, &t, "name", 0, in->name, err);
        if (!rc)
            rc = check_text(in, &t, "summary", 0, in->summary, err);
        if (!rc)
            rc = check_list(in, &t, "steps", &in->steps, err);
        if (!rc)
            rc = check_list(in, &t, "group_steps", &in->group_steps, err);
        if (!rc)
            rc = check_list(in, &t, "processing_questions", &in->questions, err);
        if (!rc)
            rc = check_list(in, &t, "questions_concrete", &in->q_concrete, err);
        if (!rc)
            rc = check_list(in, &t, "questions_choice", &in->q_choice, err);
        if (!rc)
            rc = check_list(in, &t, "questions_nonverbal", &in->q_nonverbal, err);
    }
    return rc;
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
    if (kb->n_hazards > 1)
        qsort(kb->hazards, kb->n_hazards, sizeof(*kb->hazards), cmp_easel_hazard_words);
    for (size_t h = 1; h < kb->n_hazards; h++)
        if (strcmp(kb->hazards[h].id, kb->hazards[h - 1].id) == 0)
            return easel_error_set(err, EASEL_EKB, kb->hazards[h].file, "id",
                                   "hazard \"%s\" has two files", kb->hazards[h].id);
    int rc = unique_ids(kb, err);
    if (!rc)
        rc = link_items(kb, err);
    if (!rc && kb->n_hazards) {
        kb->lexicon = easel_arena_alloc(&kb->arena, sizeof(*kb->lexicon));
        rc = kb->lexicon ? easel_lexicon_build(kb->lexicon, &kb->arena, kb) : EASEL_ENOMEM;
        if (rc)
            rc = easel_error_set(err, rc, "kb", "", "out of memory");
    }
    if (!rc)
        rc = check_texts(kb, err);
    if (!rc)
        rc = easel__kb_basis(kb, err);
    if (!rc)
        rc = coverage(kb, err);
    if (!rc && kb->n_settings == 0)
        rc = easel_error_set(err, EASEL_EKB, "kb/settings", "", "the KB has no settings");
    return rc;
}
