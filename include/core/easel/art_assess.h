/*
 * easel/art_assess.h — art-based assessments: what each procedure is, what it is rated on
 * (only where the rating scheme is published and may be stored), and the check of a record's
 * ratings. PPAT is rated on the 14 FEATS scales, each an integer 0-5, never summed (clinical.md
 * A2); the other procedures are recorded as administered and observed, without ratings,
 * because their rating schemes were not verified (clinical.md A3). No copyrighted descriptor
 * text is stored: scale names only.
 *
 * Owns nothing (static tables). Fails: easel_art_assessment_check returns EASEL_EINVAL naming the
 * field.
 */
#ifndef EASEL_ART_ASSESS_H
#define EASEL_ART_ASSESS_H

#include "easel/error.h"

struct easel_art_procedure {
    const char *id;        /* "ppat", "dds", "bridge", "htp", "kfd", "fsa", "sdt" */
    const char *name;      /* display name */
    const char *materials; /* the standard materials, in easel's words */
    const char *instruction_note;
    int n_scales; /* 0: no ratings are recorded */
    const char *const *scales;
    int rating_min, rating_max;
    const char *basis;
};

const struct easel_art_procedure *easel_art_procedure(const char *id);
int easel_art_procedure_count(void);
const struct easel_art_procedure *easel_art_procedure_at(int i);
/* ratings may be NULL when n == 0. */
int easel_art_assessment_check(const struct easel_art_procedure *p, const int *ratings, int n,
                               struct easel_error *err);

#endif
