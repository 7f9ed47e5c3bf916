/*
 * render/doc_sections.c — the sections several documents share: who the client is, risks and
 * the safety plan, goals and SMART objectives, attendance, measures (trajectory, reliable change,
 * clinical significance, with a chart each), goal attainment, per-objective ratings, artworks,
 * recommendations and signature lines. An empty section says so in plain words.
 *
 * Owns: nothing (charts and text in the doc's arena). Borrows: the doc and its report.
 * Fails: never visibly (the arena's failed flag, see doc.h).
 */
#include "doc.h"
#include "easel/plan.h"
#include "easel/vocab.h"

#include <string.h>

void doc_sec_client(struct doc *d)
{
    const struct easel_report *r = d->r;
    doc_kv(d, "Client", "%s (%s)", r->client_name, r->client_ref);
    if (r->birth_year)
        doc_kv(d, "Year of birth", "%lld", (long long)r->birth_year);
    if (r->setting_name)
        doc_kv(d, "Setting", "%s", r->setting_name);
    if (r->practice)
        doc_kv(d, "Practice", "%s", r->practice);
    if (r->n_team) {
        struct easel_buf b;
        easel_buf_init(&b, 16 * 1024);
        for (size_t i = 0; i < r->n_team; i++)
            easel_buf_printf(&b, "%s%s (%s)", i ? "; " : "", r->team[i].name, r->team[i].role);
        doc_kv(d, "Care team", "%s", b.len ? b.data : "");
        easel_buf_release(&b);
    } else {
        doc_kv(d, "Care team", "none recorded");
    }
    doc_kv(d, "Prepared by", "%s on %s", r->author ? r->author : "easel", r->date);
}

void doc_sec_risks(struct doc *d)
{
    const struct easel_report_plan *pl = &d->r->plan;
    doc_h2(d, "Risk and safety plan");
    if (!pl->n_risks) {
        doc_empty(d, "No risk flags are recorded in the plan.");
    } else {
        for (size_t i = 0; i < pl->n_risks; i++)
            doc_alert(d, easel_arena_printf(d->a, "Risk flag, %s: %s. Safety planning comes first.",
                                            easel_flag_words_of(pl->risks[i].flag),
                                            pl->risks[i].reason));
        size_t n = 0;
        for (size_t g = 0; g < pl->n_goals; g++) {
            const struct easel_report_goal *goal = &pl->goals[g];
            if (strcmp(goal->problem, "safety-planning") != 0 &&
                strcmp(goal->problem, "self-harm") != 0)
                continue;
            for (size_t k = 0; k < goal->n_objectives; k++, n++)
                doc_bullet(d, "Safety objective %s: %s", goal->objectives[k].number,
                           goal->objectives[k].smart);
        }
        if (!n)
            doc_p(d, "The plan has no separate safety-planning objective; review risk at every "
                     "session.");
    }
    if (pl->n_setting_notes) {
        doc_h3(d, "Rules of the setting");
        for (size_t i = 0; i < pl->n_setting_notes; i++)
            doc_bullet(d, "%s", pl->setting_notes[i]);
    }
}

void doc_sec_goals(struct doc *d)
{
    const struct easel_report_plan *pl = &d->r->plan;
    doc_h2(d, "Problems, goals and objectives");
    if (!pl->n_goals) {
        doc_empty(d, "The plan has no goals yet.");
        return;
    }
    for (size_t g = 0; g < pl->n_goals; g++) {
        const struct easel_report_goal *goal = &pl->goals[g];
        doc_h3(d, "%zu. %s", g + 1, goal->problem_name);
        doc_kv(d, "Long-term goal", "%s", goal->long_term_goal ? goal->long_term_goal : "");
        if (!goal->n_objectives)
            doc_empty(d, "No objectives under this goal.");
        for (size_t k = 0; k < goal->n_objectives; k++) {
            const struct easel_report_objective *o = &goal->objectives[k];
            doc_kv(d, easel_arena_printf(d->a, "Objective %s", o->number), "%s", o->smart);
            doc_p(d, "Measure: %s. Baseline: %s. Target: %s by %s.", o->measure ? o->measure : "",
                  o->baseline ? o->baseline : "not recorded", o->target ? o->target : "",
                  o->target_date ? o->target_date : "");
        }
    }
}

void doc_sec_attendance(struct doc *d)
{
    const struct easel_report *r = d->r;
    const struct easel_report_attendance *at = &r->attendance;
    doc_h2(d, "Attendance");
    int total = at->attended + at->cancelled + at->no_show;
    if (!total) {
        doc_empty(d, "No sessions were recorded in this period.");
        return;
    }
    static const double w[] = {0.25, 0.25, 0.25, 0.25};
    static const char *const h[] = {"Sessions", "Attended", "Cancelled", "No-show"};
    struct doc_block *t = doc_table(d, 4, w, h);
    const char *row[4] = {
        easel_arena_printf(d->a, "%d", total),
        easel_arena_printf(d->a, "%d (%lld minutes)", at->attended, (long long)at->minutes),
        easel_arena_printf(d->a, "%d", at->cancelled), easel_arena_printf(d->a, "%d", at->no_show)};
    doc_row(d, t, row);
    doc_p(d, "%d of %d scheduled sessions attended (%d %%).", at->attended, total,
          at->attended * 100 / total);
    if (at->group_total)
        doc_p(d, "Of these, %d %s: %d attended.", at->group_total,
              at->group_total == 1 ? "was a group session" : "were group sessions",
              at->group_attended);
}

static int32_t day_of(const char *date)
{
    int64_t days = 0;
    easel_date_parse(date, &days);
    return (int32_t)days;
}

static void series_chart(struct doc *d, const struct easel_report_series *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_points; i++)
        n += s->points[i].valid;
    if (!n)
        return;
    struct easel_chart_point *pts = easel_arena_alloc(d->a, n * sizeof(*pts));
    struct easel_chart_series *cs = easel_arena_alloc(d->a, sizeof(*cs));
    struct easel_chart *c = easel_arena_alloc(d->a, sizeof(*c));
    size_t n_bands = s->kb_def ? s->kb_def->n_bands : 0;
    struct easel_chart_band *band = easel_arena_alloc(d->a, (n_bands + 1) * sizeof(*band));
    if (!pts || !cs || !c || !band)
        return;
    size_t k = 0;
    for (size_t i = 0; i < s->n_points; i++) {
        if (!s->points[i].valid)
            continue;
        pts[k].day = day_of(s->points[i].date);
        pts[k].y = s->points[i].total_x100 / 100.0;
        k++;
    }
    if (s->summarised && s->progress.n > 1 && s->progress.rci.available &&
        s->progress.rci.change != EASEL_CHANGE_NONE) {
        pts[k - 1].marker = true;
        pts[k - 1].marker_label = s->progress.rci.change == EASEL_CHANGE_IMPROVED
                                      ? "reliable improvement"
                                      : "reliable deterioration";
    }
    cs->name = s->instrument;
    cs->pts = pts;
    cs->n = k;
    c->kind = EASEL_CHART_LINE;
    c->title = easel_arena_printf(d->a, "%s total", s->name);
    c->y_label = "total";
    c->y_min = s->min_x100 / 100.0;
    c->y_max = s->max_x100 / 100.0;
    c->y_inverted = s->higher_is_worse;
    c->series = cs;
    c->n_series = 1;
    /* the instrument's severity bands, as every measure chart draws them (chart_instrument.c);
       without bands in the KB, the clinical range from the cut-off */
    struct easel_error err = {0};
    bool banded = s->kb_def && s->kb_def->n_bands &&
                  easel_chart_instrument(c, s->kb_def, band, n_bands + 1, &err) == 0;
    if (!banded && s->has_cutoff && s->cutoff_x100 > s->min_x100 && s->cutoff_x100 < s->max_x100) {
        band->lo = s->higher_is_worse ? s->cutoff_x100 / 100.0 : c->y_min;
        band->hi = s->higher_is_worse ? c->y_max : s->cutoff_x100 / 100.0;
        band->label = "clinical range";
        c->bands = band;
        c->n_bands = 1;
    }
    doc_chart(d, c);
}

void doc_sec_measures(struct doc *d, bool charts)
{
    const struct easel_report *r = d->r;
    doc_h2(d, "Standard measures");
    if (!r->n_series) {
        doc_empty(d, "No standard measures were recorded.");
        return;
    }
    for (size_t i = 0; i < r->n_series; i++) {
        const struct easel_report_series *s = &r->series[i];
        doc_h3(d, "%s", s->name);
        static const double w[] = {0.4, 0.3, 0.3};
        static const char *const h[] = {"Date", "Total", "Clinical range"};
        struct doc_block *t = doc_table(d, 3, w, h);
        for (size_t k = 0; k < s->n_points; k++) {
            const struct easel_report_point *p = &s->points[k];
            bool clinical = s->has_cutoff && (s->higher_is_worse ? p->total_x100 >= s->cutoff_x100
                                                                 : p->total_x100 < s->cutoff_x100);
            const char *total =
                !p->valid ? "not valid"
                : p->has_percent /* the published form: WHO-5 as a percentage */
                    ? easel_arena_printf(d->a, "%s (%s %%)", doc_fixed(d, p->total_x100),
                                         doc_fixed(d, p->percent_x100))
                    : doc_fixed(d, p->total_x100);
            const char *row[3] = {p->date, total,
                                  !p->valid || !s->has_cutoff ? ""
                                  : clinical                  ? "in"
                                                              : "outside"};
            doc_row(d, t, row);
        }
        if (charts)
            series_chart(d, s);
        if (!s->summarised) {
            doc_empty(d, "No valid administration to summarise.");
            continue;
        }
        const struct easel_progress *pr = &s->progress;
        doc_p(d, "First %s, latest %s (change %s) over %zu valid administrations: %s.",
              doc_fixed(d, pr->first_x100), doc_fixed(d, pr->latest_x100),
              doc_fixed(d, pr->change_x100), pr->n, easel_progress_category_name(pr->category));
        if (pr->n > 1 && pr->rci.available)
            doc_p(d,
                  "Reliable change index %.2f (Jacobson-Truax; reliable when |RC| > 1.96; the "
                  "smallest reliable change is %.2f points).",
                  pr->rci.rc, pr->rci.min_change);
        else if (pr->rci.note[0])
            doc_p(d, "Reliable change: %s.", pr->rci.note);
        if (s->cs.available)
            doc_p(d,
                  "Clinical significance: cut-off c = %.2f (a = %.2f, b = %.2f); the latest "
                  "score is %s the clinical range.",
                  s->cs.c, s->cs.a, s->cs.b, pr->latest_clinical ? "in" : "outside");
        else if (s->has_cutoff)
            doc_p(d,
                  "Clinical significance: the latest score is %s the clinical range "
                  "(cut-off %s).",
                  pr->latest_clinical ? "in" : "outside", doc_fixed(d, s->cutoff_x100));
        for (size_t k = 0; k < s->n_alerts; k++)
            doc_alert(d, s->alerts[k].text);
    }
}

void doc_sec_gas(struct doc *d)
{
    const struct easel_report *r = d->r;
    doc_h2(d, "Goal attainment scaling");
    if (!r->n_gas) {
        doc_empty(d, "No goal attainment scales were set.");
        return;
    }
    static const double w[] = {0.12, 0.48, 0.1, 0.3};
    static const char *const h[] = {"Objective", "Scale", "Weight", "Latest rating"};
    struct doc_block *t = doc_table(d, 4, w, h);
    for (size_t i = 0; i < r->n_gas; i++) {
        const struct easel_report_gas *g = &r->gas[i];
        const char *row[4] = {
            g->objective, g->description, easel_arena_printf(d->a, "%lld", (long long)g->weight),
            g->rated ? easel_arena_printf(d->a, "%+d on %s", g->score, g->date) : "not rated yet"};
        doc_row(d, t, row);
    }
    if (r->gas_t_available)
        doc_p(d, "GAS T-score %.1f (50 is the expected level; Kiresuk-Sherman, rho 0.3).",
              r->gas_t);
    else
        doc_empty(d, "No scale has been rated yet, so there is no T-score.");
}

void doc_sec_ratings(struct doc *d)
{
    const struct easel_report *r = d->r;
    doc_h2(d, "Objective ratings from session notes");
    if (!r->n_ratings) {
        doc_empty(d, "No per-objective ratings were recorded in this period.");
        return;
    }
    /* the objectives in words first, once each: a number is only a label, and the same
       objective keeps its identity across plan versions (its number in the latest plan) */
    for (size_t i = 0; i < r->n_ratings; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(r->ratings[k].key ? r->ratings[k].key : r->ratings[k].objective,
                          r->ratings[i].key ? r->ratings[i].key : r->ratings[i].objective) == 0;
        if (!seen && r->ratings[i].words)
            doc_p(d, "Objective %s: %s", r->ratings[i].objective, r->ratings[i].words);
    }
    static const double w[] = {0.3, 0.35, 0.35};
    static const char *const h[] = {"Date", "Objective", "Rating (-2 to +2)"};
    struct doc_block *t = doc_table(d, 3, w, h);
    for (size_t i = 0; i < r->n_ratings; i++) {
        const char *row[3] = {r->ratings[i].date, r->ratings[i].objective,
                              easel_arena_printf(d->a, "%+d", r->ratings[i].rating)};
        doc_row(d, t, row);
    }
}

/* The formal elements of the artworks' flattened sheets over time: a chart of the space used
   and a table, with what the figures are and are not. */
static void formal_over_time(struct doc *d)
{
    const struct easel_report *r = d->r;
    size_t n = 0;
    for (size_t i = 0; i < r->n_artworks; i++)
        n += r->artworks[i].space_x1e4 >= 0;
    if (!n)
        return;
    doc_h3(d, "Formal elements over time (computer-assisted)");
    doc_p(d, "Measured by easel on each flattened photo: a description of the page, shown beside "
             "the therapist's own reading. Not a FEATS score, a diagnosis, a risk or an "
             "indicator. Space used is the share of the page with marks; colours are the "
             "clearly different colours covering at least 2 %% of the marks; colour variety is "
             "how evenly the marks spread over the colour wheel (0 one hue, about 3.6 every "
             "hue); edge density is the share of the page on a clear edge.");
    struct easel_chart_point *pts = easel_arena_alloc(d->a, n * sizeof(*pts));
    struct easel_chart_series *cs = easel_arena_alloc(d->a, sizeof(*cs));
    struct easel_chart *c = easel_arena_alloc(d->a, sizeof(*c));
    size_t k = 0;
    for (size_t i = 0; pts && cs && c && i < r->n_artworks; i++) {
        int64_t day;
        if (r->artworks[i].space_x1e4 >= 0 && !easel_date_parse(r->artworks[i].date, &day))
            pts[k++] = (struct easel_chart_point){
                (int32_t)day, (double)r->artworks[i].space_x1e4 / 100.0, false, NULL};
    }
    if (pts && cs && c && k >= 2) {
        *cs = (struct easel_chart_series){"Space used", pts, k};
        *c = (struct easel_chart){.kind = EASEL_CHART_LINE,
                                  .title = "Space used per artwork (computer-assisted)",
                                  .y_label = "Share of the page with marks (%)",
                                  .y_min = 0,
                                  .y_max = 100,
                                  .series = cs,
                                  .n_series = 1,
                                  .empty_text = ""};
        doc_chart(d, c);
    }
    static const double w[] = {0.16, 0.32, 0.13, 0.11, 0.14, 0.14};
    static const char *const h[] = {"Date",    "Artwork",        "Space used",
                                    "Colours", "Colour variety", "Edge density"};
    struct doc_block *t = doc_table(d, 6, w, h);
    for (size_t i = 0; i < r->n_artworks; i++) {
        const struct easel_report_artwork *aw = &r->artworks[i];
        if (aw->space_x1e4 < 0)
            continue;
        const char *row[6] = {aw->date,
                              aw->title ? aw->title : "(untitled)",
                              easel_arena_printf(d->a, "%.1f %%", (double)aw->space_x1e4 / 100.0),
                              easel_arena_printf(d->a, "%lld", (long long)aw->colours),
                              easel_arena_printf(d->a, "%.2f", (double)aw->entropy_x1e3 / 1000.0),
                              easel_arena_printf(d->a, "%.1f %%", (double)aw->edges_x1e4 / 100.0)};
        doc_row(d, t, row);
    }
}

void doc_sec_artworks(struct doc *d)
{
    const struct easel_report *r = d->r;
    doc_h2(d, "Artworks");
    if (!r->n_artworks)
        doc_empty(d, "No artwork with consent to keep it in the record falls in this period.");
    if (r->n_artworks) {
        const struct easel_report_artwork **imgs =
            easel_arena_alloc(d->a, r->n_artworks * sizeof(*imgs));
        if (!imgs)
            return;
        for (size_t i = 0; i < r->n_artworks; i++)
            imgs[i] = &r->artworks[i];
        doc_gallery(d, imgs, r->n_artworks);
        for (size_t i = 0; i < r->n_artworks; i++)
            if (r->artworks[i].client_words && *r->artworks[i].client_words)
                doc_bullet(d, "%s (%s), in the client's words: \"%s\"",
                           r->artworks[i].title && *r->artworks[i].title ? r->artworks[i].title
                                                                         : "Untitled",
                           r->artworks[i].date, r->artworks[i].client_words);
    }
    if (r->n_artworks_withheld)
        doc_p(d,
              "%zu other artwork%s left out: the client has not consented to keeping %s in "
              "the record.",
              r->n_artworks_withheld, r->n_artworks_withheld == 1 ? " is" : "s are",
              r->n_artworks_withheld == 1 ? "it" : "them");
    formal_over_time(d);
}

void doc_sec_recommendations(struct doc *d)
{
    const struct easel_report *r = d->r;
    doc_h2(d, "Recommendations");
    if (!r->n_recommendations)
        doc_empty(d, "No specific recommendations from the record; continue the current plan.");
    for (size_t i = 0; i < r->n_recommendations; i++)
        doc_bullet(d, "%s", r->recommendations[i]);
}

void doc_sec_signatures(struct doc *d)
{
    const struct easel_report_plan *pl = &d->r->plan;
    doc_h2(d, "Signatures");
    if (pl->present)
        doc_p(d, "Plan version %lld, %s. Knowledge base %.16s. Content hash %s.",
              (long long)pl->version, pl->status ? pl->status : "draft",
              pl->kb_version ? pl->kb_version : "unknown",
              pl->content_hash ? pl->content_hash : "none until signed");
    doc_sign(d, "Therapist", pl->signed_by, pl->signed_on);
    doc_sign(d, "Co-signed (supervisor)", pl->cosigned_by, pl->cosigned_on);
    doc_sign(d, "Client or guardian", NULL, NULL);
}
