/*
 * app/group_report.c — a group program's documents (easel/app_group.h): the program summary
 * for the clinical team (EASEL_REPORT_GROUP) and the program's supplies list (no member named),
 * gathered into the document model the render layer draws.
 */
#include "easel/app_group.h"
#include "easel/report.h"

#include <string.h>

static const char *weekday(const char *date)
{
    static const char *const names[] = {"Thursday", "Friday",  "Saturday", "Sunday",
                                        "Monday",   "Tuesday", "Wednesday"}; /* 1970-01-01 */
    int64_t day;
    if (easel_date_parse(date, &day))
        return "";
    return names[((day % 7) + 7) % 7];
}

static int supplies(const struct easel_app_group_plan *gp, const struct easel_kb *kb,
                    struct easel_arena *a, struct easel_report *out)
{
    const struct easel_plan *pl = &gp->plan;
    struct easel_report_plan *rp = &out->plan;
    rp->present = true;
    rp->status = "group";
    rp->mode = "group";
    rp->setting = easel_arena_strdup(a, gp->program.setting);
    rp->participants = pl->participants;
    rp->attending = pl->attending;
    rp->session_minutes = pl->session_minutes;
    rp->per_week = pl->per_week;
    rp->n_sessions = (int)pl->n_sessions;
    rp->first_date = pl->n_sessions ? easel_arena_strdup(a, pl->sessions[0].date) : NULL;
    rp->last_date =
        pl->n_sessions ? easel_arena_strdup(a, pl->sessions[pl->n_sessions - 1].date) : NULL;
    rp->supplies = easel_arena_alloc(a, (pl->n_supplies + 1) * sizeof(*rp->supplies));
    if (!rp->supplies)
        return EASEL_ENOMEM;
    for (size_t i = 0; i < pl->n_supplies; i++) {
        const struct easel_plan_supply *s = &pl->supplies[i];
        const struct easel_medium *m = &kb->media[s->medium];
        rp->supplies[i] = (struct easel_report_supply){
            m->id, m->name, m->unit, s->qty_milli, s->units, s->cost_cents, s->on_hand};
    }
    rp->n_supplies = pl->n_supplies;
    rp->total_cost_cents = pl->total_cost_cents;
    return 0;
}

static int summary(struct easel_store *s, const struct easel_app_group_plan *gp, bool planned,
                   const struct easel_kb *kb, struct easel_arena *a, struct easel_report *out,
                   struct easel_error *err)
{
    const struct easel_group_program *g = &gp->program;
    struct easel_report_group *rg = easel_arena_alloc(a, sizeof(*rg));
    if (!rg)
        return easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
    out->group = rg;
    rg->name = g->name;
    rg->kind = g->kind;
    rg->planned = (int)g->sessions;
    rg->schedule = easel_arena_printf(a, "%lld sessions of %lld minutes, %ss at %s, from %s",
                                      (long long)g->sessions, (long long)g->minutes,
                                      weekday(g->start_date), g->start_time, g->start_date);
    struct easel_person *f = NULL;
    size_t nf = 0;
    int rc = easel_group_facilitators(s, g->id, a, &f, &nf, err);
    if (rc)
        return rc;
    rg->facilitators = easel_arena_alloc(a, (nf + 1) * sizeof(char *));
    for (size_t i = 0; rg->facilitators && i < nf; i++)
        rg->facilitators[rg->n_facilitators++] =
            easel_arena_printf(a, "%s (%s)", f[i].name, f[i].role);
    if (planned) {
        rg->goals = easel_arena_alloc(a, (gp->plan.n_goals + 1) * sizeof(char *));
        for (size_t i = 0; rg->goals && i < gp->plan.n_goals; i++)
            rg->goals[rg->n_goals++] = kb->problems[gp->plan.goals[i].problem].name;
    }
    struct easel_group_session *gs = NULL;
    size_t n = 0;
    if ((rc = easel_group_sessions(s, g->id, a, &gs, &n, err)) != 0)
        return rc;
    rg->sessions = easel_arena_alloc(a, (n + 1) * sizeof(*rg->sessions));
    if (!rg->sessions)
        return easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
    for (size_t i = 0; i < n; i++) {
        struct easel_report_group_session *r = &rg->sessions[rg->n_sessions++];
        *r = (struct easel_report_group_session){
            gs[i].number, gs[i].date, gs[i].directive,     gs[i].media, gs[i].themes,
            gs[i].status, 0,          (int)gs[i].n_members};
        for (size_t k = 0; k < gs[i].n_members; k++)
            r->present += strcmp(gs[i].members[k].attendance, "absent") != 0 &&
                          strcmp(gs[i].members[k].attendance, "cancelled") != 0;
    }
    struct easel_app_attendance at;
    if ((rc = easel_app_group_attendance(s, g->ref, a, &at, err)) != 0)
        return rc;
    rg->documented = at.sessions;
    rg->signed_sessions = at.signed_sessions;
    rg->any = at.any;
    rg->present = at.present_total;
    rg->expected = at.expected_total;
    rg->members = easel_arena_alloc(a, (at.n + 1) * sizeof(*rg->members));
    if (!rg->members)
        return easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
    for (size_t i = 0; i < at.n; i++) {
        const struct easel_app_attendance_row *w = &at.rows[i];
        rg->members[rg->n_members++] = (struct easel_report_group_member){
            w->name, w->start_date, w->end_date, w->end_reason, w->held,   w->attended,
            w->late, w->left_early, w->absent,   w->cancelled,  w->minutes};
    }
    return 0;
}

int easel_app_group_report(struct easel_store *s, const struct easel_kb *kb, const char *ref,
                           int kind, const char *today, struct easel_arena *a,
                           struct easel_report *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (kind != EASEL_REPORT_GROUP && kind != EASEL_REPORT_SUPPLIES)
        return easel_error_set(err, EASEL_EINVAL, "group", "kind",
                               "a group program has a summary and a supplies list");
    out->kind = (enum easel_report_kind)kind;
    out->date = today;
    struct easel_app_group_plan gp;
    int rc = easel_app_group_plan(s, kb, ref, NULL, today, &gp, err);
    bool planned = rc == 0;
    if (rc && (kind == EASEL_REPORT_SUPPLIES || rc == EASEL_EDB || rc == EASEL_ENOMEM ||
               !gp.program.id)) { /* a summary is written even without a plan */
        easel_app_group_plan_release(&gp);
        return rc;
    }
    struct easel_account acc;
    struct easel_error none = {0};
    out->author = easel_account_get(s, s->actor, a, &acc, &none) == 0 && acc.name
                      ? acc.name
                      : easel_arena_strdup(a, s->actor);
    rc = easel_practice_get(s, a, &out->practice, err);
    if (!rc)
        rc = easel_practice_paper(s, &out->letter, err);
    int setting = easel_kb_setting(kb, gp.program.setting);
    out->setting_name =
        setting >= 0 ? kb->settings[setting].name : easel_arena_strdup(a, gp.program.setting);
    if (!rc && kind == EASEL_REPORT_SUPPLIES && supplies(&gp, kb, a, out))
        rc = easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
    if (!rc && kind == EASEL_REPORT_GROUP) {
        /* the program record outlives the plan: copy what the summary keeps */
        struct easel_app_group_plan keep = gp;
        keep.program.name = easel_arena_strdup(a, gp.program.name);
        keep.program.kind = easel_arena_strdup(a, gp.program.kind);
        keep.program.ref = easel_arena_strdup(a, gp.program.ref);
        keep.program.start_date = easel_arena_strdup(a, gp.program.start_date);
        keep.program.start_time = easel_arena_strdup(a, gp.program.start_time);
        rc = summary(s, &keep, planned, kb, a, out, err); /* goals: the KB's names */
    }
    easel_app_group_plan_release(&gp);
    return rc;
}
