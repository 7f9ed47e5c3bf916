/*
 * cli/cmd_outcomes.c — `easel outcomes`: the practice-wide outcome summary. For every client,
 * the first and the latest valid PHQ-9 and GAD-7 totals are classified by the NHS Talking
 * Therapies rules and counted (core/outcomes.c).
 */
#include "cli.h"
#include "easel/outcomes.h"
#include "easel/store.h"

#include <stdio.h>
#include <string.h>

struct acc {
    const struct easel_kb *kb;
    struct easel_outcomes out;
    int64_t client;
    struct easel_outcome_pair pair[2]; /* PHQ-9, GAD-7 */
    const struct easel_instrument *ins[2];
    struct easel_error *err;
    int rc;
};

static void flush(struct acc *a)
{
    if (a->client && !a->rc)
        a->rc = easel_outcomes_add(&a->out, a->pair, 2, a->err);
    for (int i = 0; i < 2; i++) {
        a->pair[i].in = a->ins[i];
        a->pair[i].pre = a->pair[i].post = -1;
    }
}

static int row(void *ctx, int64_t client, const char *instrument, const char *date,
               int64_t total_x100)
{
    struct acc *a = ctx;
    (void)date;
    if (client != a->client) {
        flush(a);
        a->client = client;
    }
    for (int i = 0; i < 2; i++)
        if (a->ins[i] && strcmp(instrument, a->ins[i]->id) == 0 && total_x100 >= 0) {
            int total = (int)((total_x100 + 50) / 100);
            if (a->pair[i].pre < 0)
                a->pair[i].pre = total;
            else
                a->pair[i].post = total;
        }
    return a->rc ? 1 : 0;
}

static void pct(const char *label, size_t n, size_t of)
{
    printf("  %-34s %6zu", label, n);
    if (of)
        printf("  (%.1f %%)", 100.0 * (double)n / (double)of);
    printf("\n");
}

int cmd_outcomes(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "", &o);
    if (rc)
        return rc;
    if (o.n_args)
        return cli_usage("outcomes takes no arguments");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    struct easel_error err = {0};
    struct acc a = {.kb = &kb, .err = &err};
    int phq = easel_kb_instrument(&kb, "phq-9"), gad = easel_kb_instrument(&kb, "gad-7");
    a.ins[0] = phq >= 0 ? &kb.instruments[phq] : NULL;
    a.ins[1] = gad >= 0 ? &kb.instruments[gad] : NULL;
    flush(&a);
    a.client = 0;
    rc = easel_measure_scan(&s, row, &a, &err);
    if (!rc)
        flush(&a);
    if (!rc)
        rc = a.rc;
    easel_store_close(&s);
    easel_kb_release(&kb);
    if (rc)
        return cli_error(&err);
    const struct easel_outcomes *r = &a.out;
    printf("practice outcomes (PHQ-9 and GAD-7, first vs latest, NHS Talking Therapies rules)\n");
    pct("clients with a measure", r->clients, 0);
    pct("clients with a follow-up measure", r->with_followup, r->clients);
    pct("cases at intake", r->cases, r->with_followup);
    pct("reliable improvement", r->improved, r->with_followup);
    pct("recovery (of cases)", r->recovered, r->cases);
    pct("reliable recovery (of cases)", r->reliably_recovered, r->cases);
    pct("reliable deterioration", r->deteriorated, r->with_followup);
    return EXIT_OK;
}
