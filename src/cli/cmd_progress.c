/*
 * cli/cmd_progress.c — `easel progress CLIENT [--review-after N]`: for each instrument the
 * client completed, the trajectory (every administration), reliable change first -> latest,
 * the clinical range, and alerts: risk item, reliable deterioration, and "plan review
 * suggested" when N or more administrations brought no reliable improvement (default 6,
 * EASEL_PROGRESS_REVIEW_AFTER; 0: never); then goal attainment and per-objective ratings. Every
 * number comes from the progress service (easel_app_progress, app/progress.c): this file only
 * prints it.
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/app_progress.h"
#include "easel/note.h"
#include "easel/score.h"
#include "easel/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fixed(int x100)
{
    if (x100 % 100)
        printf("%s%d.%02d", x100 < 0 ? "-" : "", abs(x100) / 100, abs(x100) % 100);
    else
        printf("%d", x100 / 100);
}

static void report(const struct easel_app_progress_series *x)
{
    const struct easel_instrument *in = x->in;
    printf("%s (%s)\n  trajectory:", in->name, in->id);
    for (size_t j = 0; j < x->n_points; j++) {
        const struct easel_app_progress_point *p = &x->points[j];
        printf(" %s=", p->date);
        if (!p->scored)
            printf("unscored"); /* its answers no longer fit the instrument in the KB */
        else if (p->score.valid)
            fixed(p->score.total_x100);
        else
            printf("invalid");
    }
    printf("\n");
    const struct easel_progress *pr = &x->summary;
    if (x->summarised) {
        printf("  first ");
        fixed(pr->first_x100);
        printf(", latest ");
        fixed(pr->latest_x100);
        printf(" (change ");
        fixed(pr->change_x100);
        printf("); %s", easel_progress_category_name(pr->category));
        if (pr->rci.available && pr->n > 1)
            printf("; reliable change index %.2f (reliable at |RC| > 1.96; smallest reliable "
                   "change %.2f)",
                   pr->rci.rc, pr->rci.min_change);
        else if (pr->rci.note[0])
            printf("; %s", pr->rci.note);
        printf("; latest %s the clinical range\n", pr->latest_clinical ? "in" : "outside");
    } else {
        printf("  no valid administration yet\n");
    }
    for (size_t i = 0; i < x->n_alerts; i++)
        printf("  ALERT: %s\n", x->alerts[i].text);
}

/* Per-objective progress from the session notes: each objective's ratings (-2..+2) by date,
   one line per objective across plan versions (easel_app_objective_ratings), then its words. */
static void objective_series(const struct easel_objective_rating *r, size_t nr)
{
    printf("per-objective progress from session notes (-2..+2 per session)\n");
    for (size_t i = 0; i < nr; i++) {
        bool first = true;
        for (size_t k = 0; k < i && first; k++)
            first = strcmp(r[k].key, r[i].key) != 0;
        if (!first)
            continue;
        printf("  objective %s:", r[i].label);
        for (size_t k = i; k < nr; k++)
            if (strcmp(r[k].key, r[i].key) == 0)
                printf(" %s=%+d", r[k].date, r[k].rating);
        printf("\n");
        if (r[i].words)
            printf("    %s\n", r[i].words);
    }
    if (!nr)
        printf("  no ratings recorded yet\n");
}

int cmd_progress(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "review-after", &o);
    if (rc)
        return rc;
    long review_after = EASEL_PROGRESS_REVIEW_AFTER;
    if ((rc = cli_opt_int(&o, "review-after", 0, 1000, &review_after)) != 0)
        return rc;
    if (o.n_args != 1)
        return cli_usage("progress CLIENT [--review-after N]");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    long long client;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_app_progress p;
    struct easel_app_progress_request q = {.review_after = review_after ? (int)review_after : -1};
    struct easel_error err = {0};
    rc = cli_client_id(&s, o.args[0], &client);
    if (!rc && easel_app_progress(&s, client, &kb, &q, &a, &p, &err))
        rc = cli_error(&err);
    if (!rc) {
        printf("progress for %s: %zu administrations\n", o.args[0], p.n_administrations);
        for (size_t i = 0; i < p.n_series; i++)
            report(&p.series[i]);
        printf("goal attainment scaling\n");
        cli_gas_print(p.gas, p.n_gas, p.gas_t_available, p.gas_t);
        objective_series(p.ratings, p.n_ratings);
        if (p.risk)
            printf("RISK FLAG: a risk item is positive on the latest administration: safety "
                   "planning comes first (`easel plan generate` puts it first)\n");
    }
    easel_arena_release(&a);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}
