/*
 * render/doc_plan.c — the clinical treatment plan: who and where, version and status, risk and
 * safety plan first, the plan checker's findings over this version, the client's own goals,
 * problems with long-term goals and SMART objectives, the program of interventions with the
 * engine's rationale for each, the supplies total, and signature lines with the plan's version, KB
 * version and content hash.
 *
 * Owns: nothing. Borrows: the doc. Fails: never visibly (doc.h).
 */
#include "doc.h"

#include <string.h>

void doc_plan(struct doc *d)
{
    const struct easel_report_plan *pl = &d->r->plan;
    d->subject = "Clinical treatment plan";
    doc_title(d, "Treatment plan");
    doc_sec_client(d);
    doc_kv(d, "Plan", "version %lld (%s), written %s", (long long)pl->version,
           pl->status ? pl->status : "draft", pl->created_on ? pl->created_on : "");
    doc_kv(d, "Schedule", "%d sessions of %d minutes, %d per week, %s%s, from %s to %s",
           pl->n_sessions, pl->session_minutes, pl->per_week, pl->mode ? pl->mode : "individual",
           pl->participants > 1 ? easel_arena_printf(d->a, " (%d participants)", pl->participants)
                                : "",
           pl->first_date ? pl->first_date : "-", pl->last_date ? pl->last_date : "-");
    doc_sec_risks(d);
    doc_h2(d, "Plan checks");
    size_t errors = 0;
    for (size_t i = 0; i < pl->n_checks; i++)
        errors += pl->checks[i].severity && strcmp(pl->checks[i].severity, "error") == 0;
    doc_p(d, "The plan checker found %zu error%s and %zu warning%s in this version%s", errors,
          errors == 1 ? "" : "s", pl->n_checks - errors, pl->n_checks - errors == 1 ? "" : "s",
          errors ? "; errors block signing." : ".");
    for (size_t i = 0; i < pl->n_checks; i++) {
        const struct easel_report_check *c = &pl->checks[i];
        bool error = c->severity && strcmp(c->severity, "error") == 0;
        const char *where = c->session ? easel_arena_printf(d->a, "session %d: ", c->session) : "";
        if (error)
            doc_alert(
                d, easel_arena_printf(d->a, "Error, %s%s.", where, c->message ? c->message : ""));
        else
            doc_bullet(d, "Warning, %s%s.", where, c->message ? c->message : "");
    }
    doc_h2(d, "The client's own goals");
    if (!pl->n_client_goals)
        doc_empty(d, "The client's own goals have not been recorded.");
    for (size_t i = 0; i < pl->n_client_goals; i++)
        doc_bullet(d, "\"%s\"", pl->client_goals[i]);
    doc_sec_goals(d);
    doc_h2(d, "Interventions and their rationale");
    if (!pl->n_interventions) {
        doc_empty(d, "No sessions are planned.");
    } else {
        static const double w[] = {0.13, 0.13, 0.26, 0.48};
        static const char *const h[] = {"Session", "Objective", "Intervention", "Rationale"};
        struct doc_block *t = doc_table(d, 4, w, h);
        for (size_t i = 0; i < pl->n_interventions; i++) {
            const struct easel_report_intervention *iv = &pl->interventions[i];
            const char *row[4] = {
                easel_arena_printf(d->a, "%d\n%s", iv->session, iv->date ? iv->date : ""),
                iv->objective,
                easel_arena_printf(d->a, "%s (%s, %d min)", iv->name, iv->part, iv->minutes),
                iv->rationale && *iv->rationale
                    ? easel_arena_printf(d->a, "%s phase; %s", iv->phase, iv->rationale)
                    : easel_arena_printf(d->a, "%s of the session", iv->part)};
            doc_row(d, t, row);
        }
    }
    doc_h2(d, "Supplies");
    if (!pl->n_supplies)
        doc_empty(d, "No supplies are needed.");
    else
        doc_p(d,
              "%zu items, %lld.%02lld in total (the supplies and purchase list has the "
              "detail).%s%s",
              pl->n_supplies, (long long)(pl->total_cost_cents / 100),
              (long long)(pl->total_cost_cents % 100), pl->budget_note ? " " : "",
              pl->budget_note ? pl->budget_note : "");
    doc_sec_signatures(d);
}
