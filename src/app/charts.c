/*
 * app/charts.c — the client record as chart models (easel/app_charts.h): instrument
 * trajectories with severity bands and reliable-change markers, GAS ratings, per-objective note
 * ratings and attendance per month. Shared by the web server (SVG for the browser) and the
 * documents (the same models in PDF pages); drawing is the render layer's job.
 *
 * Owns: nothing; models live in the caller's arena. Borrows: records, the KB and the store during
 * the call (band labels stay borrowed from the KB).
 * Fails: EASEL_EINVAL naming "instrument" or "kind", EASEL_ENOMEM, or the store's error.
 */
#include "easel/app.h"
#include "easel/app_charts.h"
#include "easel/note.h"
#include "easel/plan.h"
#include "easel/score.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {"measure", "gas", "objectives", "attendance", "formal"};

int easel_record_chart_kind(const char *name, enum easel_record_chart *kind)
{
    for (size_t i = 0; name && i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
        if (strcmp(name, kind_names[i]) == 0) {
            *kind = (enum easel_record_chart)i;
            return 0;
        }
    return -1;
}

static int oom(struct easel_error *err)
{
    return easel_error_set(err, EASEL_ENOMEM, "chart", "", "out of memory");
}

/* "PHQ-9 (Patient Health Questionnaire-9)" -> "PHQ-9": the name before its spelled-out form. */
static const char *short_name(struct easel_arena *a, const struct easel_instrument *in)
{
    const char *name = in->name ? in->name : in->id;
    const char *paren = strstr(name, " (");
    return paren ? easel_arena_printf(a, "%.*s", (int)(paren - name), name) : name;
}

int easel_chart_from_measures(const struct easel_instrument *in,
                              const struct easel_measure_record *ms, size_t n,
                              struct easel_arena *a, struct easel_chart *out,
                              struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    out->kind = EASEL_CHART_LINE;
    struct easel_chart_band *bands =
        easel_arena_alloc(a, (in->n_bands ? in->n_bands : 1) * sizeof(*bands));
    if (!bands)
        return oom(err);
    struct easel_error e = {0};
    int rc = easel_chart_instrument(out, in, bands, in->n_bands, &e);
    if (rc)
        return easel_error_set(err, rc, "chart", "instrument", "%s", e.msg);
    const char *sname = short_name(a, in);
    out->title = easel_arena_printf(a, "%s: total score", sname);
    out->empty_text = easel_arena_printf(a, "No valid administrations of %s yet", sname);
    struct easel_chart_point *pts = easel_arena_alloc(a, (n ? n : 1) * sizeof(*pts));
    struct easel_chart_series *se = easel_arena_alloc(a, sizeof(*se));
    struct easel_admin *admin = easel_arena_alloc(a, (n ? n : 1) * sizeof(*admin));
    size_t *from = easel_arena_alloc(a, (n ? n : 1) * sizeof(*from));
    if (!sname || !out->title || !out->empty_text || !pts || !se || !admin || !from)
        return oom(err);
    size_t k = 0, n_admins = easel_app_admins(in, ms, n, admin, from);
    int first_x100 = 0;
    for (size_t j = 0; j < n_admins; j++) {
        const struct easel_score_result s = admin[j].score;
        int64_t day;
        if (!s.valid || easel_date_parse(ms[from[j]].date, &day))
            continue;
        struct easel_chart_point *p = &pts[k];
        p->day = (int32_t)day;
        p->y = s.total_x100 / 100.0;
        if (k == 0) {
            first_x100 = s.total_x100;
        } else {
            struct easel_rci rci;
            if (!easel_rci_instrument(in, first_x100, s.total_x100, &rci, &e) && rci.available &&
                rci.change != EASEL_CHANGE_NONE) {
                p->marker = true;
                p->marker_label = rci.change == EASEL_CHANGE_IMPROVED ? "Reliable improvement"
                                                                      : "Reliable deterioration";
            }
        }
        k++;
    }
    if (k) {
        *se = (struct easel_chart_series){sname, pts, k};
        out->series = se;
        out->n_series = 1;
    }
    return 0;
}

/* Series of (objective, day, y) triples already grouped by objective: one series per run of
   equal objectives, at most EASEL_RECORD_CHART_SERIES_MAX. */
struct triple {
    const char *objective;
    int32_t day;
    double y;
};

static int series_of(const struct triple *t, size_t n, struct easel_arena *a,
                     struct easel_chart *out, struct easel_error *err)
{
    struct easel_chart_series *se =
        easel_arena_alloc(a, EASEL_RECORD_CHART_SERIES_MAX * sizeof(*se));
    struct easel_chart_point *pts = easel_arena_alloc(a, (n ? n : 1) * sizeof(*pts));
    if (!se || !pts)
        return oom(err);
    size_t ns = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(t[j].objective, t[i].objective) == 0) {
            pts[j] = (struct easel_chart_point){t[j].day, t[j].y, false, NULL};
            j++;
        }
        if (ns == EASEL_RECORD_CHART_SERIES_MAX)
            break;
        const char *name = easel_arena_printf(a, "Objective %s", t[i].objective);
        if (!name)
            return oom(err);
        se[ns++] = (struct easel_chart_series){name, &pts[i], j - i};
        i = j;
    }
    out->series = ns ? se : NULL;
    out->n_series = ns;
    return 0;
}

int easel_chart_from_gas(const struct easel_gas_rating *r, size_t n, struct easel_arena *a,
                         struct easel_chart *out, struct easel_error *err)
{
    *out = (struct easel_chart){.kind = EASEL_CHART_BARS,
                                .title = "Goal attainment (GAS) over time",
                                .y_label = "Attainment (-2 to +2)",
                                .y_min = -2,
                                .y_max = 2,
                                .empty_text = "No goal attainment ratings yet"};
    struct triple *t = easel_arena_alloc(a, (n ? n : 1) * sizeof(*t));
    if (!t)
        return oom(err);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t day;
        if (easel_date_parse(r[i].date, &day) || r[i].score < -2 || r[i].score > 2)
            continue;
        t[k++] = (struct triple){r[i].objective, (int32_t)day, r[i].score};
    }
    return series_of(t, k, a, out, err);
}

static int by_objective(const void *x, const void *y)
{
    const struct triple *p = x, *q = y;
    int c = strcmp(p->objective, q->objective);
    return c ? c : (p->day > q->day) - (p->day < q->day);
}

/* insertion sort: stable (notes of one day keep their order), no allocation */
static void sort_triples(struct triple *t, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct triple v = t[i];
        size_t j = i;
        while (j > 0 && by_objective(&t[j - 1], &v) > 0) {
            t[j] = t[j - 1];
            j--;
        }
        t[j] = v;
    }
}

int easel_chart_from_notes(const struct easel_objective_rating *r, size_t n, struct easel_arena *a,
                           struct easel_chart *out, struct easel_error *err)
{
    *out = (struct easel_chart){.kind = EASEL_CHART_LINE,
                                .title = "Progress per objective (session notes)",
                                .y_label = "Rating (-2 to +2)",
                                .y_min = -2,
                                .y_max = 2,
                                .empty_text = "No objective ratings in session notes yet"};
    struct triple *t = easel_arena_alloc(a, (n ? n : 1) * sizeof(*t));
    if (!t)
        return oom(err);
    /* one series per objective (its identity across plan versions), named by its number in
       the latest plan; only ratings inside the scale (the note checker allows -2..+2 only) */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t day;
        if (easel_date_parse(r[i].date, &day) || r[i].rating < -2 || r[i].rating > 2)
            continue;
        t[k++] = (struct triple){r[i].label, (int32_t)day, r[i].rating};
    }
    sort_triples(t, k);
    return series_of(t, k, a, out, err);
}

int easel_chart_from_formal(const struct easel_artwork_formal_row *r, size_t n,
                            struct easel_arena *a, struct easel_chart *out, struct easel_error *err)
{
    *out = (struct easel_chart){.kind = EASEL_CHART_LINE,
                                .title = "Space used per artwork (computer-assisted)",
                                .y_label = "Share of the page with marks (%)",
                                .y_min = 0,
                                .y_max = 100,
                                .empty_text = "No artwork with a measured sheet yet"};
    struct easel_chart_point *pts = easel_arena_alloc(a, (n ? n : 1) * sizeof(*pts));
    struct easel_chart_series *se = easel_arena_alloc(a, sizeof(*se));
    if (!pts || !se)
        return oom(err);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t day;
        if (r[i].sheet.space_x1e4 < 0 || easel_date_parse(r[i].date, &day))
            continue;
        pts[k++] = (struct easel_chart_point){(int32_t)day, (double)r[i].sheet.space_x1e4 / 100.0,
                                              false, NULL};
    }
    if (k) {
        *se = (struct easel_chart_series){"Space used", pts, k};
        out->series = se;
        out->n_series = 1;
    }
    return 0;
}

int easel_chart_from_attendance(const struct easel_session_record *ss, size_t n,
                                struct easel_arena *a, struct easel_chart *out,
                                struct easel_error *err)
{
    *out = (struct easel_chart){.kind = EASEL_CHART_BARS,
                                .title = "Attendance by month",
                                .y_label = "Sessions",
                                .y_min = 0,
                                .y_max = 5,
                                .empty_text = "No sessions recorded yet"};
    static const char *const names[3] = {"Attended", "Cancelled", "No-show"};
    static const char *const values[3] = {"attended", "cancelled", "no-show"};
    struct easel_chart_point *pts[3];
    for (int s = 0; s < 3; s++)
        if (!(pts[s] = easel_arena_alloc(a, (n ? n : 1) * sizeof(*pts[s]))))
            return oom(err);
    struct easel_chart_series *se = easel_arena_alloc(a, 3 * sizeof(*se));
    if (!se)
        return oom(err);
    size_t months = 0;
    char last[8] = "";
    double most = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t day;
        char first[11];
        if (!ss[i].date || easel_date_parse(ss[i].date, &day))
            continue;
        if (strncmp(ss[i].date, last, 7) != 0) { /* sessions are by date: a new month */
            memcpy(last, ss[i].date, 7);
            last[7] = '\0';
            snprintf(first, sizeof(first), "%s-01", last);
            if (easel_date_parse(first, &day))
                continue;
            for (int s = 0; s < 3; s++)
                pts[s][months] = (struct easel_chart_point){(int32_t)day, 0, false, NULL};
            months++;
        }
        for (int s = 0; s < 3; s++)
            if (ss[i].attendance && strcmp(ss[i].attendance, values[s]) == 0) {
                pts[s][months - 1].y += 1;
                most = pts[s][months - 1].y > most ? pts[s][months - 1].y : most;
            }
    }
    if (!months)
        return 0;
    out->y_max = most > 5 ? most : 5;
    for (int s = 0; s < 3; s++)
        se[s] = (struct easel_chart_series){names[s], pts[s], months};
    out->series = se;
    out->n_series = 3;
    return 0;
}

int easel_app_chart(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                    enum easel_record_chart kind, const char *instrument, struct easel_arena *a,
                    struct easel_chart *out, struct easel_error *err)
{
    switch (kind) {
    case EASEL_RECORD_CHART_MEASURE: {
        int k = instrument ? easel_kb_instrument(kb, instrument) : -1;
        if (k < 0)
            return easel_error_set(err, EASEL_EINVAL, "chart", "instrument",
                                   instrument ? "not a KB instrument" : "name an instrument");
        struct easel_measure_record *ms = NULL;
        size_t n = 0;
        int rc = easel_measure_list(s, client, a, &ms, &n, err);
        return rc ? rc : easel_chart_from_measures(&kb->instruments[k], ms, n, a, out, err);
    }
    case EASEL_RECORD_CHART_GAS: {
        struct easel_gas_rating *r = NULL;
        size_t n = 0;
        int rc = easel_gas_ratings(s, client, a, &r, &n, err);
        return rc ? rc : easel_chart_from_gas(r, n, a, out, err);
    }
    case EASEL_RECORD_CHART_FORMAL: {
        struct easel_artwork_formal_row *fr = NULL;
        size_t n = 0;
        int rc = easel_artwork_formal_list(s, client, a, &fr, &n, err);
        return rc ? rc : easel_chart_from_formal(fr, n, a, out, err);
    }
    case EASEL_RECORD_CHART_OBJECTIVES:
    case EASEL_RECORD_CHART_ATTENDANCE: {
        struct easel_session_record *ss = NULL;
        size_t n = 0;
        int rc = easel_session_list(s, client, a, &ss, &n, err);
        if (rc)
            return rc;
        if (kind == EASEL_RECORD_CHART_ATTENDANCE)
            return easel_chart_from_attendance(ss, n, a, out, err);
        struct easel_objective_rating * or = NULL;
        size_t nr = 0;
        rc = easel_app_objective_ratings(s, client, ss, n, a, & or, &nr, err);
        return rc ? rc : easel_chart_from_notes(or, nr, a, out, err);
    }
    }
    return easel_error_set(err, EASEL_EINVAL, "chart", "kind", "no such chart");
}
