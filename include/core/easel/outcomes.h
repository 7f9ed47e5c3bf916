/*
 * easel/outcomes.h — practice-wide outcomes: each client's first and latest valid PHQ-9 and
 * anxiety-measure totals classified by the NHS Talking Therapies rules (caseness, reliable
 * improvement, recovery, reliable recovery, deterioration; clinical.md D1), and counted.
 *
 * Owns nothing. Fails: EASEL_EINVAL from the rules when an instrument lacks thresholds.
 */
#ifndef EASEL_OUTCOMES_H
#define EASEL_OUTCOMES_H

#include "easel/error.h"
#include "easel/kb.h"

#include <stddef.h>
#include <stdint.h>

struct easel_outcomes {
    size_t clients;       /* clients with at least one valid administration */
    size_t with_followup; /* ... and a second one: classified */
    size_t cases;         /* a case at intake */
    size_t improved;      /* reliable improvement */
    size_t recovered;     /* case at intake, not at the end */
    size_t reliably_recovered;
    size_t deteriorated;
};

/* One client's first and latest whole-point totals per instrument (pre < 0: none). The
   instruments are those carrying Talking Therapies thresholds (PHQ-9, GAD-7). */
struct easel_outcome_pair {
    const struct easel_instrument *in;
    int pre, post;
};

int easel_outcomes_add(struct easel_outcomes *o, const struct easel_outcome_pair *pairs, size_t n,
                       struct easel_error *err);

#endif
