/*
 * easel/app_progress.h — a client's progress, assembled once (app/progress.c): for each
 * instrument the client completed, every stored administration (the trajectory), the summary of
 * the valid ones (first, latest, change, reliable change index, clinical range, category), the
 * clinical-significance cut-offs and the alerts (risk item, blank risk item, reliable
 * deterioration, review suggested); the goal attainment scales with the combined T-score
 * (easel_app_gas); and the per-objective ratings of the session notes
 * (easel_app_objective_ratings). `easel progress` prints it, GET .../progress answers it as JSON,
 * the progress, summary and discharge documents render it: none of them computes any of it.
 *
 * Owns: nothing; the result lives in the caller's arena (valid until it is released).
 * Borrows: the store and the KB for the call; instruments and alert texts point into the KB and
 * the result.
 * Fails: 0 or an EASEL_E* code with err filled: the store's errors unchanged (EASEL_EDB ...),
 * EASEL_ENOMEM. A series with no valid administration is not an error (summarised false).
 */
#ifndef EASEL_APP_PROGRESS_H
#define EASEL_APP_PROGRESS_H

#include "easel/app.h"
#include "easel/arena.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/score.h"
#include "easel/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "Plan review suggested" after this many administrations without reliable improvement, unless
   the caller asks otherwise (`easel progress --review-after N`, ?review_after=N). */
#define EASEL_PROGRESS_REVIEW_AFTER 6

/* What to assemble. Zeroed: the whole record, review after EASEL_PROGRESS_REVIEW_AFTER. */
struct easel_app_progress_request {
    const char *to;   /* YYYY-MM-DD: administrations on or before it only; NULL: all */
    const char *from; /* YYYY-MM-DD: objective ratings on or after it only; NULL: all. The
                         trajectories always start at the first administration (the baseline) */
    int review_after; /* 0: EASEL_PROGRESS_REVIEW_AFTER; < 0: never suggest a review */
    /* The client's sessions when the caller has read them already (the documents do), so the
       store is not asked twice (sessions_given true); else they are read here. */
    bool sessions_given;
    const struct easel_session_record *sessions;
    size_t n_sessions;
};

/* One stored administration of an instrument. */
struct easel_app_progress_point {
    int64_t measure;  /* the stored row's id */
    const char *date; /* YYYY-MM-DD */
    bool scored;      /* false: its answers cannot be scored against the instrument in the KB
                         today (the instrument changed); shown, never analysed */
    struct easel_score_result score; /* when scored (score.valid: a valid administration) */
};

/* One instrument the client completed. */
struct easel_app_progress_series {
    const struct easel_instrument *in;
    struct easel_app_progress_point *points; /* every administration, oldest first */
    size_t n_points;
    bool summarised;               /* at least one valid administration */
    struct easel_progress summary; /* when summarised: first -> latest (core analytics) */
    struct easel_cs_cutoffs cs;    /* clinical-significance cut-offs (available or not) */
    struct easel_alert alerts[EASEL_ALERTS_MAX]; /* most urgent first */
    size_t n_alerts;
    int64_t latest;                /* the latest scored administration (what a risk alert is
                                      about), 0 when none */
    const char *latest_date;       /* its date, NULL when none */
    const char *latest_ack_action; /* what was done about its risk answer, NULL if nothing */
};

struct easel_app_progress {
    size_t n_administrations;                 /* stored administrations considered (up to `to`) */
    struct easel_app_progress_series *series; /* in the KB's instrument order */
    size_t n_series;
    bool risk; /* a risk item is positive on some instrument's latest administration */
    struct easel_gas_record *gas; /* each scale with its latest rating */
    size_t n_gas;
    bool gas_t_available;
    double gas_t; /* the combined T-score of the latest ratings (easel_app_gas) */
    struct easel_objective_rating *ratings; /* in session order, within from..to */
    size_t n_ratings;
};

/* The instruments part alone, from records the caller holds (ms[0..n), oldest first, as
   easel_measure_list gives them): what the
   dashboard's alerts need, without reading GAS or notes. Never reads the store. */
int easel_app_progress_series(const struct easel_kb *kb, const struct easel_measure_record *ms,
                              size_t n, const struct easel_app_progress_request *q,
                              struct easel_arena *a, struct easel_app_progress *out,
                              struct easel_error *err);

/* The whole of a client's progress (q may be NULL: everything). Reads the measures, the GAS
   scales, and (unless q gives them) the sessions, in that order, each audited by the store. */
int easel_app_progress(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                       const struct easel_app_progress_request *q, struct easel_arena *a,
                       struct easel_app_progress *out, struct easel_error *err);

#endif
