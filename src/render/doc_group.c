/*
 * render/doc_group.c — a group program's summary for the clinical team (docs/groups.md): the
 * program and its schedule, facilitators, the group's focus, every documented session (date,
 * directive, media, themes, attendance) and attendance per membership with the program's
 * totals. It names members, so it says it is not for them; nothing from a member's own notes,
 * ratings or profile is in it.
 *
 * Owns: nothing. Borrows: the doc and r->group.
 */
#include "doc.h"

void doc_group(struct doc *d)
{
    const struct easel_report_group *g = d->r->group;
    d->subject = "Group program summary";
    d->anonymous = true; /* no member in the running header or footer */
    doc_title(d, "Group program summary");
    doc_kv(d, "Program", "%s (%s group)", g->name, g->kind);
    if (d->r->setting_name)
        doc_kv(d, "Setting", "%s", d->r->setting_name);
    doc_kv(d, "Schedule", "%s", g->schedule);
    const char *fac = g->n_facilitators ? g->facilitators[0] : "-";
    for (size_t i = 1; i < g->n_facilitators; i++)
        fac = easel_arena_printf(d->a, "%s; %s", fac, g->facilitators[i]);
    doc_kv(d, "Facilitators", "%s", fac);
    if (d->r->practice)
        doc_kv(d, "Practice", "%s", d->r->practice);
    doc_kv(d, "Prepared by", "%s on %s", d->r->author ? d->r->author : "easel", d->r->date);
    doc_alert(d, "For the clinical team: this summary names the members. Do not give it to a "
                 "member; each member's own notes are in their chart.");
    doc_h2(d, "Focus");
    if (!g->n_goals)
        doc_empty(d, "Not computed: every member needs a profile for the group plan.");
    for (size_t i = 0; i < g->n_goals; i++)
        doc_bullet(d, "%s", g->goals[i]);
    doc_h2(d, "Sessions");
    doc_p(d, "%d of %d planned sessions documented, %d signed.", g->documented, g->planned,
          g->signed_sessions);
    if (!g->n_sessions)
        doc_empty(d, "No session is documented yet.");
    else {
        static const double w[] = {0.07, 0.15, 0.30, 0.18, 0.18, 0.12};
        static const char *const h[] = {"No.", "Date", "Directive", "Media", "Themes", "There"};
        struct doc_block *t = doc_table(d, 6, w, h);
        for (size_t i = 0; i < g->n_sessions; i++) {
            const struct easel_report_group_session *s = &g->sessions[i];
            const char *row[6] = {
                easel_arena_printf(d->a, "%lld", (long long)s->number),
                easel_arena_printf(d->a, "%s%s", s->date,
                                   s->status && s->status[0] == 'd' ? " (draft)" : ""),
                s->directive,
                s->media,
                s->themes,
                easel_arena_printf(d->a, "%d of %d", s->present, s->listed)};
            doc_row(d, t, row);
        }
    }
    doc_h2(d, "Attendance");
    int pct = g->expected ? (int)(100L * g->present / g->expected) : 0;
    doc_p(d,
          "%d of %zu memberships came to at least one session; %d attendances of %d expected "
          "(%d %%).",
          g->any, g->n_members, g->present, g->expected, pct);
    if (g->n_members) {
        static const double w[] = {0.20, 0.21, 0.07, 0.07, 0.07, 0.09, 0.08, 0.11, 0.10};
        static const char *const h[] = {"Member",     "Dates",  "Held",      "There",  "Late",
                                        "Left early", "Absent", "Cancelled", "Minutes"};
        struct doc_block *t = doc_table(d, 9, w, h);
        for (size_t i = 0; i < g->n_members; i++) {
            const struct easel_report_group_member *m = &g->members[i];
            const char *row[9] = {
                m->name,
                m->end_date ? easel_arena_printf(d->a, "%s to %s (%s)", m->start_date, m->end_date,
                                                 m->end_reason ? m->end_reason : "")
                            : easel_arena_printf(d->a, "from %s", m->start_date),
                easel_arena_printf(d->a, "%d", m->held),
                easel_arena_printf(d->a, "%d", m->attended),
                easel_arena_printf(d->a, "%d", m->late),
                easel_arena_printf(d->a, "%d", m->left_early),
                easel_arena_printf(d->a, "%d", m->absent),
                easel_arena_printf(d->a, "%d", m->cancelled),
                easel_arena_printf(d->a, "%lld", (long long)m->minutes)};
            doc_row(d, t, row);
        }
    }
}
