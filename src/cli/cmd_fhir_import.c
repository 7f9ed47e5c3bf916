/*
 * cli/cmd_fhir_import.c — `easel fhir import FILE --setting S`: a referral (a FHIR R4 Bundle with
 * Patient, Condition, AllergyIntolerance, Observation, QuestionnaireResponse) becomes a new
 * client, its draft profile and its measure administrations (easel_fhir_import_referral,
 * docs/fhir.md), all or nothing; prints the report: what was mapped, what was not understood,
 * what could not be kept. A second import of the same patient (by identifier) writes nothing
 * and says which client it became. The setting is required: the KB has no default, and a
 * setting's rules are safety rules.
 */
#include "cli.h"
#include "easel/fhir.h"
#include "easel/score.h"
#include "easel/store.h"
#include "easel/util.h"

#include <stdio.h>
#include <string.h>

static void print_report(const struct easel_fhir_import *imp)
{
    const struct easel_fhir_referral *r = &imp->referral;
    printf("imported as client %s (setting %s, given with --setting)\n", imp->ref, imp->setting);
    if (imp->profile_version)
        printf("draft profile version %lld stored, starting %s: review it with `easel profile "
               "show %s`, then `easel profile set`\n",
               (long long)imp->profile_version, imp->start_date, imp->ref);
    else
        printf("no profile stored: %s\n", imp->profile_note);
    static const enum easel_fhir_outcome order[] = {EASEL_FHIR_MAPPED, EASEL_FHIR_NOT_UNDERSTOOD,
                                                    EASEL_FHIR_NOT_STORED};
    for (size_t o = 0; o < 3; o++) {
        bool head = false;
        for (size_t i = 0; i < r->n_items; i++) {
            const struct easel_fhir_report_item *it = &r->items[i];
            if (it->outcome != order[o])
                continue;
            if (!head)
                printf("%s:\n", easel_fhir_outcome_name(order[o]));
            head = true;
            printf("  entry[%d] %s%s%s: %s\n", it->entry, it->resource, *it->id ? " " : "", it->id,
                   it->to);
        }
    }
}

int cli_fhir_import(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "setting", &o);
    if (rc)
        return rc;
    if (o.n_args != 1 || !cli_opt(&o, "setting"))
        return cli_usage("fhir import FILE --setting SETTING");
    struct easel_buf text;
    easel_buf_init(&text, EASEL_FHIR_IMPORT_MAX + 1);
    struct easel_error err = {0};
    if (easel_file_read(o.args[0], EASEL_FHIR_IMPORT_MAX, &text, &err)) {
        easel_buf_release(&text);
        return cli_error(&err);
    }
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0) {
        easel_buf_release(&text);
        return rc;
    }
    struct easel_fhir_import imp;
    if (easel_fhir_import_referral(&s, &kb, text.data, text.len, cli_opt(&o, "setting"), NULL, &imp,
                                   &err)) {
        if (!err.where[0])
            snprintf(err.where, sizeof(err.where), "%s", o.args[0]);
        rc = cli_error(&err);
    } else if (!imp.created) {
        printf("already imported as client %s: nothing written\n", imp.ref);
    } else {
        print_report(&imp);
        /* as `easel measure add` does: a positive risk item is said on stderr too */
        for (size_t i = 0; i < imp.referral.n_admins; i++) {
            const struct easel_fhir_admin *a = &imp.referral.admins[i];
            const struct easel_instrument *in = &kb.instruments[a->instrument];
            struct easel_score_result sc;
            struct easel_error e = {0};
            if (!easel_score(in, a->answers, a->n, &sc, &e) && sc.risk)
                fprintf(stderr,
                        "RISK FLAG: %s item %d answered above 0 on %s: same-day risk follow-up "
                        "and safety planning first\n",
                        in->name, sc.risk_item, a->date);
        }
    }
    easel_fhir_import_release(&imp);
    easel_store_close(&s);
    easel_kb_release(&kb);
    easel_buf_release(&text);
    return rc;
}
