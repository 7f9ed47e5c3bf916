/*
 * fuzz/fuzz_fhir_import.c — libFuzzer harness for the FHIR referral import's pure step
 * (src/fhir/fhir_referral.c): each input is a Bundle read with easel_fhir_referral_parse()
 * against the shipped KB, without a store. Invariants checked on success: the report has one
 * line per entry in entry order with a known outcome; the lists stay within the profile's
 * limits; every administration has its instrument's item count with answers in range (or
 * blank) and a parseable date; and the draft profile it writes, when one can be made, passes
 * easel_profile_parse (the KB check of `easel profile set`). On failure the error names a path
 * and the struct is empty.
 *
 * Owns: one referral, one profile and one buffer per input, released before return; the KB,
 * loaded once from EASEL_KB_DIR. Borrows: data, only during the call.
 * Fails: refused Bundles are normal outcomes (return 0); a broken invariant abort()s.
 */
#include "easel/buf.h"
#include "easel/fhir.h"
#include "easel/kb_load.h"
#include "easel/plan.h"
#include "easel/profile_load.h"
#include "easel/score.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EASEL_KB_DIR
#error "EASEL_KB_DIR must name the shipped kb/ folder"
#endif

static const struct easel_kb *shipped_kb(void)
{
    static struct easel_kb kb;
    static int loaded;
    if (!loaded) {
        struct easel_error err = {0};
        if (easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err)) {
            fprintf(stderr, "fuzz_fhir_import: cannot load the KB from %s: %s\n", EASEL_KB_DIR,
                    err.msg);
            abort();
        }
        loaded = 1;
    }
    return &kb;
}

static void check(const struct easel_fhir_referral *r, const struct easel_kb *kb)
{
    if (!r->name || !*r->name || !r->n_identifiers || r->patient_entry < 0)
        abort();
    if (r->n_problems > 8 || r->n_diagnoses > 8 || r->n_other_allergies > 8 || r->n_totals > 64 ||
        r->n_admins > EASEL_FHIR_IMPORT_ADMINS)
        abort();
    for (size_t i = 0; i < r->n_items; i++) {
        const struct easel_fhir_report_item *it = &r->items[i];
        if ((i && it->entry <= r->items[i - 1].entry) || !it->resource || !it->id || !it->to ||
            it->outcome > EASEL_FHIR_NOT_STORED)
            abort();
    }
    for (size_t i = 0; i < r->n_admins; i++) {
        const struct easel_fhir_admin *a = &r->admins[i];
        const struct easel_instrument *in = &kb->instruments[a->instrument];
        int64_t day;
        if (a->n != in->items || easel_date_parse(a->date, &day))
            abort();
        for (int k = 0; k < a->n; k++)
            if (a->answers[k] != EASEL_SCORE_MISSING &&
                (a->answers[k] < in->item_min || a->answers[k] > in->item_max))
                abort();
        struct easel_score_result sc;
        struct easel_error err = {0};
        if (easel_score(in, a->answers, a->n, &sc, &err) ||
            (sc.valid ? sc.total_x100 : -1) != a->total_x100)
            abort();
    }
    if (easel_fhir_referral_no_profile(r, "2026-12-07"))
        return;
    struct easel_buf json;
    easel_buf_init(&json, (size_t)1 << 20);
    struct easel_error err = {0};
    if (easel_fhir_referral_profile(r, kb, "fhir-0000000000000000", "outpatient", "2026-12-07",
                                    &json, &err))
        abort();
    struct easel_profile p;
    if (easel_profile_parse(&p, kb, "fuzz", json.data, json.len, &err)) {
        fprintf(stderr, "the draft profile fails the KB check: %s: %s\n%s", err.field, err.msg,
                easel_buf_str(&json));
        abort();
    }
    easel_profile_release(&p);
    easel_buf_release(&json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct easel_kb *kb = shipped_kb();
    struct easel_fhir_referral r;
    struct easel_error err = {0};
    int rc = easel_fhir_referral_parse(&r, kb, (const char *)data, size, &err);
    if (rc == 0)
        check(&r, kb);
    else if (r.n_items || r.n_admins || (rc == EASEL_EINVAL && !err.msg[0]))
        abort();
    easel_fhir_referral_release(&r);
    return 0;
}
