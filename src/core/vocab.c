/*
 * core/vocab.c — the word tables behind easel/vocab.h. Pure data and lookups.
 */
#include "easel/vocab.h"

#include <string.h>

static const char *const goal_tags[] = {"safety",
                                        "stabilisation",
                                        "grounding",
                                        "containment",
                                        "emotion-identification",
                                        "emotion-regulation",
                                        "self-expression",
                                        "self-esteem",
                                        "identity",
                                        "mood",
                                        "behavioural-activation",
                                        "anxiety-reduction",
                                        "relaxation",
                                        "trauma-processing",
                                        "narrative",
                                        "grief-processing",
                                        "anger-management",
                                        "impulse-control",
                                        "social-skills",
                                        "communication",
                                        "attention",
                                        "sensory-regulation",
                                        "cognitive-stimulation",
                                        "reminiscence",
                                        "orientation",
                                        "coping-skills",
                                        "relapse-prevention",
                                        "motivation",
                                        "family-relationships",
                                        "body-image",
                                        "pain-coping",
                                        "meaning-making",
                                        "mastery",
                                        "problem-solving",
                                        "values",
                                        "mindfulness",
                                        "distress-tolerance",
                                        "interpersonal-effectiveness",
                                        "future-orientation",
                                        "termination"};

/* Order matches enum easel_flag. */
static const char *const flags[] = {"self-harm",
                                    "suicide-risk",
                                    "aggression",
                                    "substance-use",
                                    "inhalant-use",
                                    "mouthing",
                                    "elopement",
                                    "immunocompromised",
                                    "fatigue",
                                    "bed-bound",
                                    "respiratory",
                                    "acute-psychosis",
                                    "mania",
                                    "dissociation",
                                    "dysregulation",
                                    "trauma",
                                    "complex-trauma",
                                    "tactile-defensive",
                                    "olfactory-sensitive",
                                    "noise-sensitive",
                                    "visual-impairment",
                                    "hearing-impairment",
                                    "child",
                                    "older-adult",
                                    "cognitive-impairment",
                                    "nonverbal",
                                    "group",
                                    "one-handed"};

/* What a person reads for each flag (the same order): words, not ids. */
static const char *const flag_words[] = {"self-harm",
                                         "suicide risk",
                                         "aggression",
                                         "substance use",
                                         "inhalant use",
                                         "mouthing objects",
                                         "leaving without notice (elopement)",
                                         "immunocompromised",
                                         "fatigue",
                                         "bed-bound",
                                         "breathing difficulties",
                                         "acute psychosis",
                                         "mania",
                                         "dissociation",
                                         "difficulty regulating emotions",
                                         "trauma",
                                         "complex trauma",
                                         "sensitive to touch (tactile defensive)",
                                         "sensitive to smells",
                                         "sensitive to noise",
                                         "visual impairment",
                                         "hearing impairment",
                                         "child",
                                         "older adult",
                                         "cognitive impairment",
                                         "minimally verbal",
                                         "group",
                                         "one hand available"};
_Static_assert(sizeof(flag_words) == sizeof(flags), "a word for every flag");

const char *easel_flag_words(int flag)
{
    return flag >= 0 && (size_t)flag < sizeof(flag_words) / sizeof(*flag_words) ? flag_words[flag]
                                                                                : "unknown flag";
}

const char *easel_flag_words_of(const char *id)
{
    for (size_t i = 0; id && i < sizeof(flags) / sizeof(*flags); i++)
        if (strcmp(flags[i], id) == 0)
            return flag_words[i];
    return id;
}

static const char *const hazards[] = {"sharp",    "blade",       "ligature",  "toxic", "solvent",
                                      "inhalant", "small-parts", "porous",    "water", "messy",
                                      "dust",     "heat",        "breakable", "odour"};

static const char *const allergens[] = {"latex", "wheat", "nut",  "egg",       "dairy",
                                        "soy",   "corn",  "wool", "fragrance", "nickel"};

/* What a person reads for each allergen (the same order). */
static const char *const allergen_words[] = {"latex", "wheat", "nuts", "egg",       "dairy",
                                             "soy",   "corn",  "wool", "fragrance", "nickel"};
_Static_assert(sizeof(allergen_words) == sizeof(allergens), "a word for every allergen");

static const char *const etc_levels[] = {"KS", "PA", "CSy", "CR"};
static const char *const phases[] = {"stabilisation", "skills", "processing", "integration"};
static const char *const approaches[] = {"art-therapy",
                                         "cbt",
                                         "dbt",
                                         "act",
                                         "tf-cbt",
                                         "mi",
                                         "solution-focused",
                                         "narrative",
                                         "person-centred",
                                         "mindfulness",
                                         "reminiscence",
                                         "psychodynamic",
                                         "family-systems",
                                         "psychoeducation",
                                         "sensory-integration",
                                         "behavioural"};
/* What a person reads for each approach (the same order). */
static const char *const approach_words[] = {"art therapy",
                                             "CBT (cognitive behavioural therapy)",
                                             "DBT (dialectical behaviour therapy)",
                                             "ACT (acceptance and commitment therapy)",
                                             "TF-CBT (trauma-focused CBT)",
                                             "motivational interviewing",
                                             "solution-focused",
                                             "narrative",
                                             "person-centred",
                                             "mindfulness",
                                             "reminiscence",
                                             "psychodynamic",
                                             "family systems",
                                             "psychoeducation",
                                             "sensory integration",
                                             "behavioural"};
_Static_assert(sizeof(approach_words) == sizeof(approaches), "a word for every approach");

static const char *const roles[] = {"warm-up", "main", "closure"};
static const char *const formats[] = {"individual", "group"};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
    const char *const *words;
    int count;
    const char *title;
} tables[EASEL_VOCAB_COUNT] = {
    [EASEL_VOCAB_GOAL_TAG] = {goal_tags, N(goal_tags), "goal tag"},
    [EASEL_VOCAB_FLAG] = {flags, N(flags), "client flag"},
    [EASEL_VOCAB_HAZARD] = {hazards, N(hazards), "hazard"},
    [EASEL_VOCAB_ALLERGEN] = {allergens, N(allergens), "allergen"},
    [EASEL_VOCAB_ETC] = {etc_levels, N(etc_levels), "ETC level"},
    [EASEL_VOCAB_PHASE] = {phases, N(phases), "phase"},
    [EASEL_VOCAB_APPROACH] = {approaches, N(approaches), "approach"},
    [EASEL_VOCAB_ROLE] = {roles, N(roles), "role"},
    [EASEL_VOCAB_FORMAT] = {formats, N(formats), "format"},
};

_Static_assert(N(flags) == EASEL_FLAG_COUNT, "flag table matches enum");
_Static_assert(N(goal_tags) <= 64, "goal tags fit a 64-bit mask");

int easel_vocab_count(enum easel_vocab_id v)
{
    return (v >= 0 && v < EASEL_VOCAB_COUNT) ? tables[v].count : 0;
}

const char *easel_vocab_name(enum easel_vocab_id v, int i)
{
    if (v < 0 || v >= EASEL_VOCAB_COUNT || i < 0 || i >= tables[v].count)
        return NULL;
    return tables[v].words[i];
}

const char *easel_vocab_words(enum easel_vocab_id v, int i)
{
    const char *id = easel_vocab_name(v, i);
    if (!id)
        return NULL;
    switch (v) {
    case EASEL_VOCAB_FLAG:
        return flag_words[i];
    case EASEL_VOCAB_ALLERGEN:
        return allergen_words[i];
    case EASEL_VOCAB_APPROACH:
        return approach_words[i];
    default:
        return id;
    }
}

const char *easel_vocab_title(enum easel_vocab_id v)
{
    return (v >= 0 && v < EASEL_VOCAB_COUNT) ? tables[v].title : "word";
}

int easel_vocab_find(enum easel_vocab_id v, const char *word)
{
    if (v < 0 || v >= EASEL_VOCAB_COUNT || !word)
        return -1;
    for (int i = 0; i < tables[v].count; i++)
        if (strcmp(tables[v].words[i], word) == 0)
            return i;
    return -1;
}

int easel_popcount64(uint64_t x)
{
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}
