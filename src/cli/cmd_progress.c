/*
 * cli/cmd_progress.c — `easel progress CLIENT [--review-after N]`: for each instrument the
 * client completed, the trajectory (every administration), reliable change first -> latest,
 * the clinical range, and alerts: risk item, reliable deterioration, and "plan review
 * suggested" when N or more administrations brought no reliable improvement (default 6).
 */
#include "cli.h"
#include "easel/app.h"
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

static int report(const struct easel_instrument *in, const struct easel_measure_record *ms,
                  size_t n, long review_after, int *risk)
{
    struct easel_admin *admin = calloc(n ? n : 1, sizeof(*admin));
    size_t *from = calloc(n ? n : 1, sizeof(*from));
    if (!admin || !from) {
        free(admin);
        free(from);
        return EXIT_INTERNAL;
    }
    size_t k = easel_app_admins(in, ms, n, admin, from);
    printf("%s (%s)\n  trajectory:", in->name, in->id);
    for (size_t j = 0; j < k; j++) {
        printf(" %s=", ms[from[j]].date);
        if (admin[j].score.valid)
            fixed(admin[j].score.total_x100);
        else
            printf("invalid");
    }
    free(from);
    printf("\n");
    struct easel_progress pr;
    struct easel_error err = {0};
    if (!easel_progress_summary(in, admin, k, &pr, &err)) {
        printf("  first ");
        fixed(pr.first_x100);
        printf(", latest ");
        fixed(pr.latest_x100);
        printf(" (change ");
        fixed(pr.change_x100);
        printf("); %s", easel_progress_category_name(pr.category));
        if (pr.rci.available && pr.n > 1)
            printf("; reliable change index %.2f (reliable at |RC| > 1.96; smallest reliable "
                   "change %.2f)",
                   pr.rci.rc, pr.rci.min_change);
        else if (pr.rci.note[0])
            printf("; %s", pr.rci.note);
        printf("; latest %s the clinical range\n", pr.latest_clinical ? "in" : "outside");
    } else {
        printf("  no valid administration yet\n");
    }
    struct easel_alert alerts[EASEL_ALERTS_MAX];
    size_t na = 0;
    if (!easel_progress_alerts(in, admin, k, (int)review_after, alerts, &na, &err))
        for (size_t i = 0; i < na; i++) {
            printf("  ALERT: %s\n", alerts[i].text);
            if (alerts[i].kind == EASEL_ALERT_RISK_ITEM)
                *risk = 1;
        }
    free(admin);
    return EXIT_OK;
}

/* Per-objective progress from the session notes: each objective's ratings (-2..+2) by date,
   one line per objective across plan versions (easel_app_objective_ratings), then its words. */
static int objective_series(struct easel_store *st, long long client)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_session_record *rs;
    struct easel_objective_rating *r = NULL;
    size_t n, nr = 0;
    struct easel_error err = {0};
    int rc = easel_session_list(st, client, &a, &rs, &n, &err);
    if (!rc)
        rc = easel_app_objective_ratings(st, client, rs, n, &a, &r, &nr, &err);
    if (rc) {
        easel_arena_release(&a);
        return cli_error(&err);
    }
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
    easel_arena_release(&a);
    return EXIT_OK;
}

int cmd_progress(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "review-after", &o);
    if (rc)
        return rc;
    long review_after = 6;
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
    struct easel_measure_record *ms = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    rc = cli_client_id(&s, o.args[0], &client);
    if (!rc && easel_measure_list(&s, client, &a, &ms, &n, &err))
        rc = cli_error(&err);
    int risk = 0;
    if (!rc) {
        printf("progress for %s: %zu administrations\n", o.args[0], n);
        for (size_t i = 0; i < kb.n_instruments && !rc; i++) {
            bool used = false;
            for (size_t k = 0; k < n; k++)
                used |= strcmp(ms[k].instrument, kb.instruments[i].id) == 0;
            if (used)
                rc = report(&kb.instruments[i], ms, n, review_after, &risk);
        }
        printf("goal attainment scaling\n");
        rc = cli_gas_report(&s, client);
        if (!rc)
            rc = objective_series(&s, client);
        if (risk)
            printf("RISK FLAG: a risk item is positive on the latest administration: safety "
                   "planning comes first (`easel plan generate` puts it first)\n");
    }
    easel_arena_release(&a);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}
