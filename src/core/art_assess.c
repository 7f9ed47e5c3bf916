/*
 * core/art_assess.c — the art-based assessment procedures (clinical.md A2, A3) and the check
 * of a record's ratings.
 */
#include "easel/art_assess.h"

#include <stdio.h>
#include <string.h>

static const char *const feats[] = {"Prominence of Color",
                                    "Color Fit",
                                    "Implied Energy",
                                    "Space",
                                    "Integration",
                                    "Logic",
                                    "Realism",
                                    "Problem-Solving",
                                    "Developmental Level",
                                    "Details of Objects and Environment",
                                    "Line Quality",
                                    "Person",
                                    "Rotation",
                                    "Perseveration"};

static const struct easel_art_procedure procedures[] = {
    {"ppat", "PPAT (Person Picking an Apple from a Tree), rated with FEATS",
     "12x18-inch white paper and 12 broad-tip markers in the standard colours",
     "the standard one-sentence instruction; no time limit", 14, feats, 0, 5,
     "clinical.md A2 [5a-5f]: 14 FEATS scales, each 0-5, interpreted one by one (no total)"},
    {"dds", "Diagnostic Drawing Series",
     "18x24-inch white paper and a 12-colour box of square "
     "soft chalk pastels",
     "three pictures (free, tree, feeling), up to 15 minutes each", 0, NULL, 0, 0,
     "clinical.md A3 [7a-7c]: the Rating Guide is not encoded"},
    {"bridge", "Bridge Drawing", "drawing paper and drawing materials",
     "a bridge, where the client is on it and which way they travel", 0, NULL, 0, 0,
     "clinical.md A3 [9a-9c]: rating variables and original wording unverified"},
    {"htp", "House-Tree-Person", "drawing paper and pencil", "a house, a tree and a person", 0,
     NULL, 0, 0, "clinical.md A3 [8c]: administration details unverified; qualitative record"},
    {"kfd", "Kinetic Family Drawing", "drawing paper and drawing materials",
     "the family, including the client, doing something", 0, NULL, 0, 0,
     "clinical.md A3 [8c]: wording unverified; projective, qualitative record"},
    {"fsa", "Face Stimulus Assessment",
     "three 8.5x11-inch sheets (full face, outline, blank) and "
     "8 plus 8 multicultural markers",
     "the three pages in order", 0, NULL, 0, 0,
     "clinical.md A3 [12a, 12b]: rating manual not encoded; reliability testing incomplete"},
    {"sdt", "Silver Drawing Test of Cognition and Emotion", "the test's stimulus drawings",
     "predictive drawing, drawing from observation, drawing from imagination", 0, NULL, 0, 0,
     "clinical.md A3 [10]: point ranges per subtest unverified"},
};

#define N_PROC ((int)(sizeof(procedures) / sizeof(procedures[0])))

const struct easel_art_procedure *easel_art_procedure(const char *id)
{
    for (int i = 0; id && i < N_PROC; i++)
        if (strcmp(procedures[i].id, id) == 0)
            return &procedures[i];
    return NULL;
}

int easel_art_procedure_count(void)
{
    return N_PROC;
}

const struct easel_art_procedure *easel_art_procedure_at(int i)
{
    return i >= 0 && i < N_PROC ? &procedures[i] : NULL;
}

int easel_art_assessment_check(const struct easel_art_procedure *p, const int *ratings, int n,
                               struct easel_error *err)
{
    if (p->n_scales == 0 && n > 0)
        return easel_error_set(err, EASEL_EINVAL, p->id, "ratings",
                               "%s is recorded without ratings (no verified rating scheme)",
                               p->name);
    if (n == 0)
        return 0;
    if (n != p->n_scales)
        return easel_error_set(err, EASEL_EINVAL, p->id, "ratings",
                               "%s has %d rating scales, got %d ratings", p->name, p->n_scales, n);
    for (int i = 0; i < n; i++)
        if (ratings[i] < p->rating_min || ratings[i] > p->rating_max) {
            char field[32];
            snprintf(field, sizeof(field), "ratings[%d]", i);
            return easel_error_set(err, EASEL_EINVAL, p->id, field,
                                   "%s must be a whole number %d-%d, got %d", p->scales[i],
                                   p->rating_min, p->rating_max, ratings[i]);
        }
    return 0;
}
