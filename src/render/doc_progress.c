/*
 * render/doc_progress.c — the progress report for a period: attendance, each measure's
 * trajectory with reliable change and clinical significance (a chart each), goal attainment,
 * per-objective ratings from the notes, consented artwork thumbnails, the sessions of the period
 * with their notes, and recommendations.
 *
 * Owns: nothing. Borrows: the doc. Fails: never visibly (doc.h).
 */
#include "doc.h"

#include <string.h>

void doc_progress(struct doc *d)
{
    const struct easel_report *r = d->r;
    d->subject = "Progress report";
    doc_title(d, "Progress report");
    doc_sec_client(d);
    doc_kv(d, "Period", "%s to %s", r->from, r->to);
    if (r->plan.present)
        doc_kv(d, "Treatment plan", "version %lld (%s)", (long long)r->plan.version,
               r->plan.status ? r->plan.status : "draft");
    else
        doc_kv(d, "Treatment plan", "none on record");
    doc_sec_attendance(d);
    doc_sec_measures(d, true);
    doc_sec_gas(d);
    doc_sec_ratings(d);
    doc_sec_artworks(d);
    doc_h2(d, "Sessions");
    if (!r->n_sessions)
        doc_empty(d, "No sessions were recorded in this period.");
    for (size_t i = 0; i < r->n_sessions; i++) {
        const struct easel_report_session *s = &r->sessions[i];
        doc_h3(d, "Session %zu: %s, %lld minutes, %s, %s", i + 1, s->date, (long long)s->minutes,
               s->mode, s->attendance);
        if (s->note && *s->note)
            doc_p(d, "%s", s->note);
        else
            doc_empty(d, "No note was written for this session.");
        if (s->signed_by)
            doc_p(d, "Note signed by %s on %s.", s->signed_by, s->signed_on);
        else
            doc_p(d, "Draft note: not signed.");
    }
    doc_sec_recommendations(d);
    doc_h2(d, "Signature");
    doc_sign(d, "Therapist", r->author, r->date);
}
