/*
 * app/report_data.c — fills the document model (easel/report.h) from the client record: the
 * client, the practice and care team, the plan (read by the formats layer), sessions and attendance
 * in the period, the progress of the record up to the period's end (each instrument's trajectory
 * with reliable change and clinical significance, GAS, the period's per-objective ratings: the
 * progress service, easel_app_progress, computes them; this file only copies them into the
 * model), consented artworks, and recommendations in easel's own words.
 *
 * The consent rule lives here and only here: an artwork reaches a document only when its
 * consent_record is given (easel/report_data.h).
 *
 * Owns: nothing (the model is in the caller's arena). Borrows: store and KB for the call.
 * Fails: EASEL_ENOTFOUND (client, or plan for plan documents), EASEL_EINVAL naming the period
 * field, store errors unchanged.
 */
#include "easel/app.h"
#include "easel/app_artwork.h"
#include "easel/app_progress.h"
#include "easel/report_data.h"
#include "easel/note.h"
#include "easel/plan.h"
#include "easel/report_read.h"
#include "easel/score.h"
#include "easel/store.h"

#include <string.h>

static const char *ms_date(struct easel_arena *a, int64_t ms)
{
    if (ms <= 0)
        return NULL;
    char d[11];
    easel_date_format(ms / 86400000, d);
    return easel_arena_strdup(a, d);
}

static const char *person_name(struct easel_store *s, struct easel_arena *a, const char *login)
{
    if (!login || !*login)
        return NULL;
    struct easel_account acc;
    struct easel_error err = {0};
    if (!easel_account_get(s, login, a, &acc, &err) && acc.name && *acc.name)
        return acc.name;
    return login;
}

static bool in_period(const char *date, const char *from, const char *to)
{
    return (!from || strcmp(date, from) >= 0) && (!to || strcmp(date, to) <= 0);
}

static int check_period(const struct easel_report_request *q, struct easel_error *err)
{
    int64_t d, f = 0, t = 0;
    if (!q->date || easel_date_parse(q->date, &d))
        return easel_error_set(err, EASEL_EINVAL, "report", "date", "must be YYYY-MM-DD");
    if (q->from && easel_date_parse(q->from, &f))
        return easel_error_set(err, EASEL_EINVAL, "report", "from",
                               "must be a date YYYY-MM-DD, got \"%s\"", q->from);
    if (q->to && easel_date_parse(q->to, &t))
        return easel_error_set(err, EASEL_EINVAL, "report", "to",
                               "must be a date YYYY-MM-DD, got \"%s\"", q->to);
    if (q->from && q->to && f > t)
        return easel_error_set(err, EASEL_EINVAL, "report", "from",
                               "the period starts (%s) after it ends (%s)", q->from, q->to);
    if (q->from && q->to && t - f > EASEL_REPORT_MAX_DAYS)
        return easel_error_set(err, EASEL_EINVAL, "report", "to",
                               "a report covers at most 10 years; %s to %s is %lld days", q->from,
                               q->to, (long long)(t - f));
    return 0;
}

/* The sessions of the period; *rs, *n: the client's whole list (the progress service reads the
   notes' ratings from it). */
static int sessions(struct easel_store *s, int64_t client, struct easel_arena *a,
                    struct easel_report *r, struct easel_session_record **rs_out, size_t *n_out,
                    struct easel_error *err)
{
    struct easel_session_record *rs;
    size_t n;
    int rc = easel_session_list(s, client, a, &rs, &n, err);
    if (rc)
        return rc;
    r->n_sessions_total = n;
    if (n) {
        r->first_session = rs[0].date;
        r->last_session = rs[n - 1].date;
    }
    if (!r->from)
        r->from = r->first_session ? r->first_session : r->date;
    if (!r->to)
        r->to =
            r->last_session && strcmp(r->last_session, r->from) >= 0 ? r->last_session : r->date;
    if (strcmp(r->from, r->to) > 0)
        r->to = r->from;
    r->sessions = easel_arena_alloc(a, (n ? n : 1) * sizeof(*r->sessions));
    if (!r->sessions)
        return easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (!in_period(rs[i].date, r->from, r->to))
            continue;
        struct easel_report_session *x = &r->sessions[r->n_sessions++];
        x->date = rs[i].date;
        x->minutes = rs[i].minutes;
        x->attendance = rs[i].attendance;
        x->mode = rs[i].mode;
        x->note_format = rs[i].note_format;
        x->note = "";
        x->signed_by = rs[i].signed_by ? person_name(s, a, rs[i].signed_by) : NULL;
        x->signed_on = NULL;
        if (rs[i].signed_by) {
            char *day = easel_arena_alloc(a, 11);
            if (!day)
                return easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
            easel_date_format(rs[i].signed_at / 86400000, day);
            x->signed_on = day;
        }
        bool group = strcmp(rs[i].mode, "group") == 0;
        r->attendance.group_total += group;
        if (strcmp(rs[i].attendance, "attended") == 0) {
            r->attendance.attended++;
            r->attendance.group_attended += group;
            r->attendance.minutes += rs[i].minutes;
        } else if (strcmp(rs[i].attendance, "cancelled") == 0) {
            r->attendance.cancelled++;
        } else {
            r->attendance.no_show++;
        }
        if (rs[i].note && *rs[i].note) {
            size_t len = strlen(rs[i].note);
            struct easel_error e = {0};
            if (easel_note_text(rs[i].note, len, a, &x->note, &e))
                x->note = "(the stored note could not be read)";
        }
    }
    *rs_out = rs;
    *n_out = n;
    return a->failed ? easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory") : 0;
}

/* The instruments, GAS and ratings of the record up to the period's end, from the progress
   service (easel_app_progress): the trajectories start at the first administration, the ratings
   are the period's. */
static int progress(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                    const struct easel_session_record *rs, size_t n_rs, struct easel_arena *a,
                    struct easel_report *r, struct easel_error *err)
{
    struct easel_app_progress p;
    struct easel_app_progress_request q = {
        .from = r->from, .to = r->to, .sessions_given = true, .sessions = rs, .n_sessions = n_rs};
    int rc = easel_app_progress(s, client, kb, &q, a, &p, err);
    if (rc)
        return rc;
    r->series = easel_arena_alloc(a, (p.n_series ? p.n_series : 1) * sizeof(*r->series));
    r->gas = easel_arena_alloc(a, (p.n_gas ? p.n_gas : 1) * sizeof(*r->gas));
    r->ratings = easel_arena_alloc(a, (p.n_ratings ? p.n_ratings : 1) * sizeof(*r->ratings));
    if (!r->series || !r->gas || !r->ratings)
        return easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
    for (size_t i = 0; i < p.n_series; i++) {
        const struct easel_app_progress_series *ps = &p.series[i];
        const struct easel_instrument *in = ps->in;
        struct easel_report_series *x = &r->series[r->n_series++];
        x->instrument = in->id;
        x->kb_def = in;
        x->name = in->name;
        x->min_x100 = in->total_min * 100;
        x->max_x100 = in->total_max * 100;
        x->higher_is_worse = in->higher_is_worse;
        x->has_cutoff = in->clinical_cutoff > 0;
        x->cutoff_x100 = in->clinical_cutoff * 100;
        x->points = easel_arena_alloc(a, (ps->n_points ? ps->n_points : 1) * sizeof(*x->points));
        if (!x->points)
            return easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
        for (size_t j = 0; j < ps->n_points; j++) {
            const struct easel_app_progress_point *pt = &ps->points[j];
            struct easel_report_point *o = &x->points[x->n_points++];
            o->date = pt->date;
            if (!pt->scored) /* shown as not valid: the answers no longer fit the instrument */
                continue;
            o->valid = pt->score.valid;
            o->total_x100 = pt->score.total_x100;
            o->has_percent = pt->score.has_percent;
            o->percent_x100 = pt->score.percent_x100;
        }
        x->summarised = ps->summarised;
        x->progress = ps->summary;
        x->cs = ps->cs;
        memcpy(x->alerts, ps->alerts, sizeof(x->alerts));
        x->n_alerts = ps->n_alerts;
    }
    r->gas_t = p.gas_t;
    r->gas_t_available = p.gas_t_available;
    for (size_t i = 0; i < p.n_gas; i++) {
        struct easel_report_gas *o = &r->gas[r->n_gas++];
        o->objective = p.gas[i].objective;
        o->description = p.gas[i].description;
        o->weight = p.gas[i].weight;
        o->rated = p.gas[i].rated;
        o->date = p.gas[i].latest_date;
        o->score = p.gas[i].latest_score;
    }
    for (size_t i = 0; i < p.n_ratings; i++) {
        const struct easel_objective_rating *o = &p.ratings[i];
        r->ratings[r->n_ratings++] =
            (struct easel_report_rating){o->date, o->label, o->rating, o->key, o->words};
    }
    return 0;
}

/* The consent rule (easel/report_data.h): consent_record, or the artwork is not handed over. */
static int artworks(struct easel_store *s, int64_t client, struct easel_arena *a,
                    struct easel_report *r, bool whole_record, struct easel_error *err)
{
    struct easel_artwork *aw;
    size_t n;
    int rc = easel_artwork_list(s, client, a, &aw, &n, err);
    if (rc)
        return rc;
    r->artworks = easel_arena_alloc(a, (n ? n : 1) * sizeof(*r->artworks));
    if (!r->artworks)
        return easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
    size_t first = 0, eligible = 0;
    for (size_t i = 0; i < n; i++)
        if (aw[i].consent_record && (whole_record || in_period(aw[i].session_date, r->from, r->to)))
            eligible++;
    if (eligible > EASEL_REPORT_MAX_ARTWORKS)
        first = eligible - EASEL_REPORT_MAX_ARTWORKS; /* keep the most recent */
    struct easel_buf bytes;
    easel_buf_init(&bytes, EASEL_ARTWORK_MAX + 1);
    size_t seen = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!whole_record && !in_period(aw[i].session_date, r->from, r->to))
            continue;
        if (!aw[i].consent_record) {
            r->n_artworks_withheld++;
            continue;
        }
        if (seen++ < first)
            continue;
        struct easel_artwork full;
        bytes.len = 0;
        rc = easel_artwork_get(s, aw[i].id, a, &full, NULL, err);
        if (rc)
            break;
        if (!full.consent_record) /* withdrawn meanwhile */
            continue;
        /* documents embed the flattened sheet at display size (a JPEG, upright, no metadata;
           the display size itself for an image too small to hold a sheet), never the original:
           a progress report with a dozen phone photos stays small */
        struct easel_image_info di;
        rc = easel_app_artwork_size(s, &full, "flat", &bytes, err);
        if (rc == EASEL_EINVAL) {
            bytes.len = 0;
            rc = 0;
        }
        if ((!rc && !bytes.len &&
             (rc = easel_app_artwork_size(s, &full, "display", &bytes, err))) ||
            rc ||
            (rc = easel_image_probe((const unsigned char *)bytes.data, bytes.len, &di, err)) != 0)
            break;
        full.mime = "image/jpeg";
        full.width = di.width;
        full.height = di.height;
        unsigned char *copy = easel_arena_alloc(a, bytes.len ? bytes.len : 1);
        if (!copy) {
            rc = easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
            break;
        }
        memcpy(copy, bytes.data, bytes.len);
        struct easel_report_artwork *o = &r->artworks[r->n_artworks++];
        o->id = full.id;
        o->date = aw[i].session_date;
        o->title = full.title;
        o->medium = full.medium;
        o->client_words = full.client_words;
        o->mime = full.mime;
        o->width = full.width;
        o->height = full.height;
        o->bytes = copy;
        o->len = bytes.len;
        struct easel_artwork_sheet sh;
        struct easel_error none = {0};
        bool measured = easel_artwork_sheet_get(s, full.id, a, &sh, NULL, &none) == 0;
        o->space_x1e4 = measured ? sh.space_x1e4 : -1;
        o->colours = measured ? sh.colours : -1;
        o->entropy_x1e3 = measured ? sh.entropy_x1e3 : -1;
        o->edges_x1e4 = measured ? sh.edges_x1e4 : -1;
    }
    easel_buf_release(&bytes);
    return rc;
}

static void recommend(struct easel_arena *a, struct easel_report *r)
{
    const char *rec[64];
    size_t n = 0;
    for (size_t i = 0; i < r->n_series && n < 48; i++) {
        const struct easel_report_series *x = &r->series[i];
        for (size_t k = 0; k < x->n_alerts && n < 48; k++)
            rec[n++] = easel_arena_printf(a, "%s: %s", x->instrument, x->alerts[k].text);
        if (!x->summarised)
            continue;
        switch (x->progress.category) {
        case EASEL_PROGRESS_RECOVERED:
            rec[n++] = easel_arena_printf(
                a,
                "%s: reliable improvement and out of the clinical range; consider moving "
                "toward consolidation and ending, and keep measuring.",
                x->instrument);
            break;
        case EASEL_PROGRESS_IMPROVED:
            rec[n++] = easel_arena_printf(
                a, "%s: reliable improvement; continue the current plan and keep measuring.",
                x->instrument);
            break;
        case EASEL_PROGRESS_UNCHANGED:
            if (x->progress.n >= 3)
                rec[n++] = easel_arena_printf(
                    a,
                    "%s: no reliable change yet; review the objectives and the approach with "
                    "the client.",
                    x->instrument);
            break;
        case EASEL_PROGRESS_DETERIORATED:
            rec[n++] = easel_arena_printf(
                a, "%s: reliable deterioration; review the plan and risk promptly.", x->instrument);
            break;
        default:
            break;
        }
    }
    int planned = r->attendance.attended + r->attendance.cancelled + r->attendance.no_show;
    if (planned >= 4 && (r->attendance.no_show + r->attendance.cancelled) * 4 > planned)
        rec[n++] = "More than a quarter of the sessions in the period were missed or cancelled; "
                   "talk with the client about what gets in the way of attending.";
    if (r->gas_t_available && r->gas_t < 50.0)
        rec[n++] = "Goal attainment is below the expected level (T-score under 50); revisit the "
                   "goal attainment scales with the client.";
    if (!r->plan.present)
        rec[n++] = "No treatment plan is on record; write one with the client.";
    else if (r->plan.status && strcmp(r->plan.status, "signed") != 0)
        rec[n++] = "The latest treatment plan is still a draft; review and sign it.";
    if (r->kind == EASEL_REPORT_DISCHARGE)
        rec[n++] = "Agree an aftercare plan with the client: who to contact, the warning signs "
                   "that mean asking for help again, and the art-making that helped.";
    r->recommendations = easel_arena_alloc(a, (n ? n : 1) * sizeof(*r->recommendations));
    if (r->recommendations) {
        memcpy(r->recommendations, rec, n * sizeof(*rec));
        r->n_recommendations = n;
    }
}

static int plan(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                const struct easel_report_request *q, struct easel_arena *a, struct easel_report *r,
                struct easel_error *err)
{
    struct easel_plan_record pr;
    int rc = easel_plan_record_load(s, client, q->plan_version, a, &pr, err);
    bool needed = q->kind == EASEL_REPORT_PLAN || q->kind == EASEL_REPORT_CLIENT_PLAN ||
                  q->kind == EASEL_REPORT_SUPPLIES;
    if (rc == EASEL_ENOTFOUND && !needed) {
        memset(err, 0, sizeof(*err));
        return 0;
    }
    if (rc == EASEL_ENOTFOUND && q->plan_version)
        return easel_error_set(err, rc, "report", "plan", "the client has no plan version %lld",
                               (long long)q->plan_version);
    if (rc == EASEL_ENOTFOUND)
        return easel_error_set(err, rc, "report", "plan",
                               "the client has no plan yet (easel plan generate CLIENT makes one)");
    if (rc)
        return rc;
    rc = easel_report_plan_read(pr.body, strlen(pr.body), kb, a, &r->plan, err);
    if (rc)
        return rc;
    r->plan.version = pr.version;
    r->plan.status = pr.status;
    r->plan.kb_version = pr.kb_version ? pr.kb_version : r->plan.kb_version;
    r->plan.content_hash = pr.content_hash;
    r->plan.created_by = person_name(s, a, pr.created_by);
    r->plan.signed_by = person_name(s, a, pr.signed_by);
    r->plan.cosigned_by = person_name(s, a, pr.cosigned_by);
    r->plan.created_on = ms_date(a, pr.created_at);
    r->plan.signed_on = pr.signed_by ? ms_date(a, pr.signed_at) : NULL;
    r->plan.cosigned_on = pr.cosigned_by ? ms_date(a, pr.cosigned_at) : NULL;
    return 0;
}

int easel_report_gather(struct easel_store *s, const struct easel_kb *kb,
                        const struct easel_report_request *q, struct easel_arena *a,
                        struct easel_report *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    int rc = check_period(q, err);
    if (rc)
        return rc;
    struct easel_client c;
    rc = easel_client_find(s, q->client_ref, a, &c, err);
    if (rc)
        return rc;
    out->kind = q->kind;
    out->date = easel_arena_strdup(a, q->date);
    out->from = q->from ? easel_arena_strdup(a, q->from) : NULL;
    out->to = q->to ? easel_arena_strdup(a, q->to) : NULL;
    out->client_ref = c.ref;
    out->client_name = c.name;
    out->client_status = c.status;
    out->birth_year = c.birth_year;
    int st = c.setting ? easel_kb_setting(kb, c.setting) : -1;
    out->setting_name = st >= 0 ? kb->settings[st].name : c.setting;
    out->author = person_name(s, a, s->actor);
    if (!(rc = easel_practice_get(s, a, &out->practice, err)) &&
        !(rc = easel_practice_paper(s, &out->letter, err))) {
        struct easel_person *team;
        size_t n;
        rc = easel_team_list(s, c.id, a, &team, &n, err);
        if (!rc && n) {
            out->team = easel_arena_alloc(a, n * sizeof(*out->team));
            for (size_t i = 0; out->team && i < n; i++) {
                out->team[i].name = team[i].name;
                out->team[i].role = team[i].role;
            }
            out->n_team = out->team ? n : 0;
        }
    }
    if (!rc)
        rc = plan(s, c.id, kb, q, a, out, err);
    struct easel_session_record *rs = NULL;
    size_t n_rs = 0;
    if (!rc)
        rc = sessions(s, c.id, a, out, &rs, &n_rs, err);
    bool record = q->kind == EASEL_REPORT_PROGRESS || q->kind == EASEL_REPORT_SUMMARY ||
                  q->kind == EASEL_REPORT_DISCHARGE;
    if (!rc && record)
        rc = progress(s, c.id, kb, rs, n_rs, a, out, err);
    if (!rc && record)
        rc = artworks(s, c.id, a, out, q->kind != EASEL_REPORT_PROGRESS, err);
    if (!rc && record)
        recommend(a, out);
    if (!rc)
        rc = easel_store_audit(s, "report", "client", c.id, err);
    if (!rc && a->failed)
        rc = easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
    return rc;
}
