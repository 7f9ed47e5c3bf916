/*
 * render/doc_discharge.c — the discharge summary: the client's status at discharge, the course
 * of treatment, the presenting problems and what became of each objective, outcomes on the
 * measures (first to last, reliable change, clinical range) and goal attainment, consented
 * artworks, and aftercare recommendations.
 *
 * Owns: nothing. Borrows: the doc. Fails: never visibly (doc.h).
 */
#include "doc.h"

#include <string.h>

void doc_discharge(struct doc *d)
{
    const struct easel_report *r = d->r;
    const struct easel_report_plan *pl = &r->plan;
    d->subject = "Discharge summary";
    doc_title(d, "Discharge summary");
    doc_sec_client(d);
    doc_kv(d, "Status", "%s",
           r->client_status && strcmp(r->client_status, "discharged") == 0
               ? "discharged"
               : "active (not yet marked discharged in the record)");
    doc_h2(d, "Course of treatment");
    if (r->n_sessions_total)
        doc_p(d, "%zu sessions recorded from %s to %s; %d attended.", r->n_sessions_total,
              r->first_session, r->last_session, r->attendance.attended);
    else
        doc_empty(d, "No sessions have been recorded.");
    doc_h2(d, "Problems and objectives at discharge");
    if (!pl->n_goals)
        doc_empty(d, "No problems are recorded in a plan.");
    for (size_t g = 0; g < pl->n_goals; g++) {
        doc_h3(d, "%s", pl->goals[g].problem_name);
        for (size_t k = 0; k < pl->goals[g].n_objectives; k++) {
            const struct easel_report_objective *o = &pl->goals[g].objectives[k];
            const char *latest = NULL;
            int rating = 0;
            for (size_t i = 0; i < r->n_ratings; i++)
                if (strcmp(r->ratings[i].objective, o->number) == 0) {
                    latest = r->ratings[i].date;
                    rating = r->ratings[i].rating;
                }
            if (latest)
                doc_bullet(d, "Objective %s: %s. Latest rating %+d on %s.", o->number, o->smart,
                           rating, latest);
            else
                doc_bullet(d, "Objective %s: %s. Not rated in the session notes.", o->number,
                           o->smart);
        }
    }
    doc_sec_measures(d, true);
    doc_sec_gas(d);
    doc_sec_artworks(d);
    doc_sec_recommendations(d);
    doc_h2(d, "Signature");
    doc_sign(d, "Therapist", r->author, r->date);
}
