/*
 * app/progress.c — a client's progress, assembled in one place (easel/app_progress.h): each
 * instrument's administrations scored by core (easel_score), summarised (easel_progress_summary:
 * change and reliable change first -> latest, clinical range, category), its clinical-
 * significance cut-offs and alerts (easel_progress_alerts); the GAS scales and T-score
 * (easel_app_gas); the per-objective ratings of the notes (easel_app_objective_ratings). The
 * stored administrations are scored by easel_app_admins (app/measures.c), as for the charts.
 * `easel progress`, GET .../progress, the dashboard's alerts and the progress, summary and
 * discharge documents all read it, so no two of them can differ on what counts.
 *
 * The rules kept here: an administration whose answers cannot be scored against today's KB is
 * shown (not scored), never analysed and never silently dropped; the trajectory runs from the
 * first administration up to the period's end (the baseline is the first ever); ratings are
 * those of the period.
 *
 * Owns: nothing (results in the caller's arena). Borrows: store and KB for the call.
 * Fails: the store's errors unchanged, EASEL_ENOMEM.
 */
#include "easel/app_progress.h"

#include <string.h>

static int oom(struct easel_error *err)
{
    return easel_error_set(err, EASEL_ENOMEM, "progress", "", "out of memory");
}

static bool before_end(const struct easel_app_progress_request *q, const char *date)
{
    return !q || !q->to || strcmp(date, q->to) <= 0;
}

/* One instrument's series from ms[0..n) (the records up to the period's end): its points, every
   administration; the ones easel_app_admins scores summarised and alerted on. admin and from
   have room for n. */
static int one_series(const struct easel_instrument *in, const struct easel_measure_record *ms,
                      size_t n, int review_after, struct easel_admin *admin, size_t *from,
                      struct easel_arena *a, struct easel_app_progress_series *x)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(ms[i].instrument, in->id) == 0;
    memset(x, 0, sizeof(*x));
    x->in = in;
    x->points = easel_arena_alloc(a, (k ? k : 1) * sizeof(*x->points));
    if (!x->points)
        return EASEL_ENOMEM;
    size_t m = easel_app_admins(in, ms, n, admin, from), j = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ms[i].instrument, in->id) != 0)
            continue;
        struct easel_app_progress_point *p = &x->points[x->n_points++];
        p->measure = ms[i].id;
        p->date = ms[i].date;
        p->scored = j < m && from[j] == i;
        if (!p->scored)
            continue;
        p->score = admin[j++].score;
        x->latest = ms[i].id;
        x->latest_date = ms[i].date;
        x->latest_ack_action = ms[i].ack_action;
    }
    struct easel_error e = {0};
    x->summarised = easel_progress_summary(in, admin, m, &x->summary, &e) == 0;
    easel_cs_instrument(in, &x->cs, &e);
    if (easel_progress_alerts(in, admin, m, review_after, x->alerts, &x->n_alerts, &e))
        x->n_alerts = 0;
    return 0;
}

int easel_app_progress_series(const struct easel_kb *kb, const struct easel_measure_record *ms,
                              size_t n, const struct easel_app_progress_request *q,
                              struct easel_arena *a, struct easel_app_progress *out,
                              struct easel_error *err)
{
    int review_after = !q || !q->review_after ? EASEL_PROGRESS_REVIEW_AFTER
                       : q->review_after < 0  ? 0
                                              : q->review_after;
    /* the store lists administrations oldest first: the period's are a prefix */
    size_t upto = 0;
    while (upto < n && before_end(q, ms[upto].date))
        upto++;
    memset(out, 0, sizeof(*out));
    out->n_administrations = upto;
    out->series =
        easel_arena_alloc(a, (kb->n_instruments ? kb->n_instruments : 1) * sizeof(*out->series));
    struct easel_admin *admin = easel_arena_alloc(a, (upto ? upto : 1) * sizeof(*admin));
    size_t *from = easel_arena_alloc(a, (upto ? upto : 1) * sizeof(*from));
    if (!out->series || !admin || !from)
        return oom(err);
    for (size_t i = 0; i < kb->n_instruments; i++) {
        const struct easel_instrument *in = &kb->instruments[i];
        bool used = false;
        for (size_t k = 0; k < upto && !used; k++)
            used = strcmp(ms[k].instrument, in->id) == 0;
        if (!used)
            continue;
        struct easel_app_progress_series *x = &out->series[out->n_series++];
        if (one_series(in, ms, upto, review_after, admin, from, a, x))
            return oom(err);
        for (size_t k = 0; k < x->n_alerts; k++)
            out->risk |= x->alerts[k].kind == EASEL_ALERT_RISK_ITEM;
    }
    return a->failed ? oom(err) : 0;
}

int easel_app_progress(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                       const struct easel_app_progress_request *q, struct easel_arena *a,
                       struct easel_app_progress *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    struct easel_measure_record *ms = NULL;
    size_t n = 0;
    int rc = easel_measure_list(s, client, a, &ms, &n, err);
    if (!rc)
        rc = easel_app_progress_series(kb, ms, n, q, a, out, err);
    if (!rc)
        rc = easel_app_gas(s, client, a, &out->gas, &out->n_gas, &out->gas_t, &out->gas_t_available,
                           err);
    if (rc)
        return rc;
    bool given = q && q->sessions_given;
    const struct easel_session_record *ss = given ? q->sessions : NULL;
    size_t ns = given ? q->n_sessions : 0;
    if (!given) {
        struct easel_session_record *read = NULL;
        if ((rc = easel_session_list(s, client, a, &read, &ns, err)) != 0)
            return rc;
        ss = read;
    }
    struct easel_objective_rating *r = NULL;
    size_t nr = 0;
    if ((rc = easel_app_objective_ratings(s, client, ss, ns, a, &r, &nr, err)) != 0)
        return rc;
    out->ratings = r;
    for (size_t i = 0; i < nr; i++) /* the period's, in order (kept in place) */
        if ((!q || !q->from || strcmp(r[i].date, q->from) >= 0) &&
            (!q || !q->to || strcmp(r[i].date, q->to) <= 0))
            out->ratings[out->n_ratings++] = r[i];
    return a->failed ? oom(err) : 0;
}
