/*
 * easel/app_charts.h — the client record as chart models (easel/render.h): one instrument's
 * trajectory with its severity bands and reliable-change markers, goal attainment (GAS) ratings
 * over time, per-objective ratings from session notes, and attendance per month. The web server
 * draws them as SVG for the browser and the documents draw the same models into PDF pages, so
 * every picture of a record comes from these builders (issue 6: one chart code).
 *
 * The builders from records are pure (no store, no I/O): a caller that has already read the
 * records (a document) passes them in. easel_app_chart reads what a kind needs from the store
 * (each read audited by the store) and calls the builder.
 *
 * Reliable change. A measure point carries a marker when the change from the first valid
 * administration to it is reliable (Jacobson-Truax, easel_rci_instrument in easel/score.h: the
 * same analytics the progress endpoint reports for first -> latest), labelled "Reliable
 * improvement" or "Reliable deterioration". Instruments without reliability data get no markers.
 *
 * Owns: nothing; the chart, its series, points and strings are allocated in the caller's arena
 * (valid until it is released). Band labels are borrowed from the KB (valid while it lives).
 * Fails: EASEL_EINVAL with the field ("instrument": not a KB instrument or no score range;
 * "kind"), EASEL_ENOMEM, or the store's error. No HTTP here: callers map errors themselves.
 */
#ifndef EASEL_APP_CHARTS_H
#define EASEL_APP_CHARTS_H

#include "easel/app.h"
#include "easel/arena.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/render.h"
#include "easel/store.h"

#include <stddef.h>
#include <stdint.h>

enum easel_record_chart {
    EASEL_RECORD_CHART_MEASURE,    /* LINE: one instrument's totals, bands, RC markers */
    EASEL_RECORD_CHART_GAS,        /* BARS: -2..+2, one series per scale, one bar per rating */
    EASEL_RECORD_CHART_OBJECTIVES, /* LINE: -2..+2, one series per objective rated in notes */
    EASEL_RECORD_CHART_ATTENDANCE, /* BARS: attended, cancelled, no-show per month */
    EASEL_RECORD_CHART_FORMAL      /* LINE: space used (%) of each consented artwork's sheet */
};

#define EASEL_RECORD_CHART_SERIES_MAX 12 /* render's limit: later objectives are left out */

/* "measure", "gas", "objectives", "attendance", "formal" -> 0 and *kind; -1 for any other
   name. */
int easel_record_chart_kind(const char *name, enum easel_record_chart *kind);

/* The trajectory of instrument `in` over ms (every instrument's records, oldest first: those
   of other instruments are skipped, invalid administrations have no total and no point). */
int easel_chart_from_measures(const struct easel_instrument *in,
                              const struct easel_measure_record *ms, size_t n,
                              struct easel_arena *a, struct easel_chart *out,
                              struct easel_error *err);
/* GAS ratings as easel_gas_ratings returns them (by objective, then date). */
int easel_chart_from_gas(const struct easel_gas_rating *r, size_t n, struct easel_arena *a,
                         struct easel_chart *out, struct easel_error *err);
/* Per-objective ratings of the session notes (easel_app_objective_ratings): one series per
   objective across plan versions, named by its number in the latest plan. */
int easel_chart_from_notes(const struct easel_objective_rating *r, size_t n, struct easel_arena *a,
                           struct easel_chart *out, struct easel_error *err);
/* Sessions per month by attendance (sessions oldest first); months without sessions are left
   out. */
int easel_chart_from_attendance(const struct easel_session_record *ss, size_t n,
                                struct easel_arena *a, struct easel_chart *out,
                                struct easel_error *err);

/* The computer-assisted space used of each artwork's flattened sheet, by session date
   (easel_artwork_formal_list): a description over time, never a score or an indicator. */
int easel_chart_from_formal(const struct easel_artwork_formal_row *r, size_t n,
                            struct easel_arena *a, struct easel_chart *out,
                            struct easel_error *err);

/* Read what `kind` needs of client from the store and build its chart. instrument: a KB
   instrument id, required for EASEL_RECORD_CHART_MEASURE (EASEL_EINVAL "instrument" when it is
   missing or unknown), ignored otherwise. */
int easel_app_chart(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                    enum easel_record_chart kind, const char *instrument, struct easel_arena *a,
                    struct easel_chart *out, struct easel_error *err);

#endif
