/*
 * render/doc_summary.c — the case summary: the record from the first session to the latest:
 * presenting problems and goals, risks, the course of treatment (plan, attendance), outcomes on
 * the standard measures and goal attainment, consented artworks, and recommendations. The
 * discharge summary (doc_discharge.c) adds the discharge status and aftercare to the same
 * sections.
 *
 * Owns: nothing. Borrows: the doc. Fails: never visibly (doc.h).
 */
#include "doc.h"

void doc_summary(struct doc *d)
{
    const struct easel_report *r = d->r;
    const struct easel_report_plan *pl = &r->plan;
    d->subject = "Case summary";
    doc_title(d, "Case summary");
    doc_sec_client(d);
    doc_h2(d, "Course of treatment");
    if (r->n_sessions_total)
        doc_p(d, "%zu sessions recorded from %s to %s.", r->n_sessions_total, r->first_session,
              r->last_session);
    else
        doc_empty(d, "No sessions have been recorded.");
    if (pl->present)
        doc_p(d,
              "Treatment plan version %lld (%s) in the %s setting: %d planned sessions of %d "
              "minutes.",
              (long long)pl->version, pl->status ? pl->status : "draft",
              pl->setting_name ? pl->setting_name : "", pl->n_sessions, pl->session_minutes);
    else
        doc_empty(d, "No treatment plan is on record.");
    doc_h2(d, "Presenting problems");
    if (!pl->n_goals)
        doc_empty(d, "No problems are recorded in a plan.");
    for (size_t g = 0; g < pl->n_goals; g++)
        doc_bullet(d, "%s: %s", pl->goals[g].problem_name,
                   pl->goals[g].long_term_goal ? pl->goals[g].long_term_goal : "");
    if (pl->present)
        doc_sec_risks(d);
    doc_sec_attendance(d);
    doc_sec_measures(d, true);
    doc_sec_gas(d);
    doc_sec_artworks(d);
    doc_sec_recommendations(d);
    doc_h2(d, "Signature");
    doc_sign(d, "Therapist", r->author, r->date);
}
