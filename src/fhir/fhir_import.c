/*
 * fhir/fhir_import.c — the store half of the referral import (easel/fhir.h, docs/fhir.md): what
 * easel_fhir_referral_parse found becomes a new client, its draft profile and its measure
 * administrations, in one store transaction, through the same paths as `easel client add`,
 * `easel profile set` (easel_app_profile_put: the KB check) and `easel measure add`
 * (easel_app_measure_add: the scorer).
 *
 * Idempotent by identifier, without a schema change: the client's reference is derived from the
 * Patient's first identifier (easel_fhir_import_ref); a Bundle one of whose identifiers gives
 * the reference of an existing client was imported before, and nothing is written. An existing
 * client is never changed.
 *
 * Owns: out->referral (easel_fhir_import_release). Borrows: the store, the KB and the text.
 * Fails: the parser's EASEL_EINVAL naming the path, EASEL_EINVAL naming "setting", the store's
 * and the app layer's errors (EASEL_ECONFLICT when a second import of the same patient
 * committed first); on any failure nothing is written.
 */
#include "easel/app.h"
#include "easel/fhir.h"
#include "easel/plan.h"

#include <stdio.h>
#include <string.h>

#define WHERE "Bundle"

static int write_all(struct easel_store *s, const struct easel_kb *kb, const char *team_login,
                     struct easel_fhir_import *out, struct easel_error *err)
{
    struct easel_fhir_referral *r = &out->referral;
    struct easel_client c = {.ref = out->ref,
                             .name = r->name,
                             .setting = out->setting,
                             .birth_year = r->birth_year,
                             .status = "active"};
    int rc = easel_client_add(s, &c, &out->client, err);
    if (rc == EASEL_EINVAL && strcmp(err->field, "name") == 0) {
        char f[96];
        snprintf(f, sizeof(f), "entry[%d].resource.name", r->patient_entry);
        snprintf(err->field, sizeof(err->field), "%s", f);
    }
    if (!rc && team_login)
        rc = easel_team_add(s, out->client, team_login, "therapist", NULL, err);
    if (!rc && !out->profile_note) {
        struct easel_buf json;
        easel_buf_init(&json, EASEL_PROFILE_MAX);
        rc =
            easel_fhir_referral_profile(r, kb, out->ref, out->setting, out->start_date, &json, err);
        if (!rc)
            rc = easel_app_profile_put(s, out->client, out->ref, kb, "FHIR referral",
                                       easel_buf_str(&json), json.len, &out->profile_version, err);
        easel_buf_release(&json);
    }
    for (size_t i = 0; !rc && i < r->n_admins; i++) {
        struct easel_fhir_admin *a = &r->admins[i];
        struct easel_score_result sc;
        rc = easel_app_measure_add(s, out->client, &kb->instruments[a->instrument], a->date,
                                   a->answers, a->n, &sc, &a->id, err);
    }
    if (!rc)
        rc = easel_store_audit(s, "import", "client", out->client, err);
    return rc;
}

/* The report once the outcome is known: the Patient's line names the client, and what the
   draft profile was to keep is "not stored" when there is none. */
static void finish_report(struct easel_fhir_import *out)
{
    struct easel_fhir_referral *r = &out->referral;
    for (size_t i = 0; i < r->n_items; i++) {
        struct easel_fhir_report_item *it = &r->items[i];
        if (it->entry == r->patient_entry && strcmp(it->resource, "Patient") == 0)
            it->to = easel_arena_printf(&r->arena, "client %s (name%s, setting %s)", out->ref,
                                        r->birth_year ? ", birth year" : "", out->setting);
        else if (it->in_profile && out->profile_note && it->outcome == EASEL_FHIR_MAPPED) {
            it->outcome = EASEL_FHIR_NOT_STORED;
            it->to = easel_arena_printf(&r->arena, "%s: not stored, no draft profile (%s)", it->to,
                                        out->profile_note);
        } else if (it->in_profile && !out->profile_note && it->outcome == EASEL_FHIR_NOT_STORED)
            it->to = easel_arena_printf(&r->arena,
                                        "%s; kept as a baseline total in the draft profile's "
                                        "measures",
                                        it->to);
    }
}

int easel_fhir_import_referral(struct easel_store *s, const struct easel_kb *kb, const char *text,
                               size_t len, const char *setting, const char *team_login,
                               struct easel_fhir_import *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    easel_arena_init(&out->referral.arena);
    if (!setting || !*setting)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "setting",
                               "the client's setting is required (the knowledge base has no "
                               "default, and a setting's rules are safety rules)");
    int st = easel_kb_setting(kb, setting);
    if (st < 0)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "setting",
                               "unknown setting \"%.48s\" (see `easel kb list settings`)", setting);
    int rc = easel_fhir_referral_parse(&out->referral, kb, text, len, err);
    if (rc)
        return rc;
    struct easel_fhir_referral *r = &out->referral;
    out->setting = kb->settings[st].id;
    char today[11];
    easel_date_format(s->now() / 86400000, today);
    out->start_date = easel_arena_strdup(&r->arena, today);
    out->profile_note = easel_fhir_referral_no_profile(r, today);
    easel_fhir_import_ref(r->identifiers[0], out->ref);
    if ((rc = easel_store_batch_begin(s, err)) != 0)
        return rc;
    /* imported before: a client has the reference of one of the identifiers */
    for (size_t i = 0; !rc && i < r->n_identifiers; i++) {
        char ref[22];
        easel_fhir_import_ref(r->identifiers[i], ref);
        int64_t id = 0;
        rc = easel_client_id_of(s, ref, &id, err);
        if (!rc && id) {
            snprintf(out->ref, sizeof(out->ref), "%s", ref);
            out->client = id;
            return easel_store_batch_end(s, 0, err); /* nothing was written */
        }
    }
    if (!rc)
        rc = write_all(s, kb, team_login, out, err);
    rc = easel_store_batch_end(s, rc, err);
    if (rc)
        return rc;
    out->created = true;
    finish_report(out);
    return r->arena.failed ? easel_error_set(err, EASEL_ENOMEM, WHERE, "", "out of memory") : 0;
}

void easel_fhir_import_release(struct easel_fhir_import *imp)
{
    easel_fhir_referral_release(&imp->referral);
}
