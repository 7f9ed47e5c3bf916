/*
 * tests/test_fhir_import.c — the FHIR referral import (src/fhir/fhir_referral.c, the pure parse
 * and mapping; src/fhir/fhir_import.c, the store writes). The pure cases need no store; the
 * store cases run against SQLite (a fresh file) or, as a second ctest entry, the PostgreSQL
 * server named by EASEL_TEST_PG (a fresh schema; exit 77, reported as skipped, when unset).
 * Usage: test_fhir_import sqlite|postgresql
 *
 * Owns: the shipped KB for the run, one store per case. Borrows: nothing.
 * Fails: cmocka assertions.
 */
#include "testutil.h"

#include "../src/store/store_int.h"
#include "store_fixture.h"
#include "easel/app.h"
#include "easel/buf.h"
#include "easel/fhir.h"
#include "easel/score.h"
#include "easel/store.h"
#include "easel/util.h"

#include <jansson.h>
#include <unistd.h>

static struct sf fx = {.tag = "fi"}; /* the stores of the run (store_fixture.h) */
static struct easel_kb kb;

#define REFERRAL EASEL_SOURCE_DIR "/tests/fhir/referral.json"

static int64_t fixed_now(void)
{
    return (int64_t)20794 * 86400000; /* 2026-12-07 */
}

static char *read_text(const char *path, size_t *len)
{
    struct easel_buf b;
    easel_buf_init(&b, (size_t)1 << 24);
    struct easel_error err = {0};
    assert_int_equal(easel_file_read(path, (size_t)1 << 24, &b, &err), 0);
    char *s = strndup(b.data, b.len);
    *len = b.len;
    easel_buf_release(&b);
    return s;
}

/* The synthetic referral with jansson edits applied by `edit` (may be NULL): a fresh text. */
static char *referral(void (*edit)(json_t *))
{
    json_error_t je;
    json_t *root = json_load_file(REFERRAL, 0, &je);
    assert_non_null(root);
    if (edit)
        edit(root);
    char *s = json_dumps(root, JSON_PRESERVE_ORDER);
    json_decref(root);
    assert_non_null(s);
    return s;
}

static json_t *res(json_t *root, size_t i)
{
    return json_object_get(json_array_get(json_object_get(root, "entry"), i), "resource");
}

static const struct easel_fhir_report_item *report_of(const struct easel_fhir_referral *r,
                                                      const char *id)
{
    for (size_t i = 0; i < r->n_items; i++)
        if (strcmp(r->items[i].id, id) == 0)
            return &r->items[i];
    return NULL;
}

/* ---- the pure step ---- */

/* Parse `text`, which must parse, into *r (the caller releases it). */
static void parse_ok(struct easel_fhir_referral *r, const char *text)
{
    struct easel_error err = {0};
    int rc = easel_fhir_referral_parse(r, &kb, text, strlen(text), &err);
    if (rc)
        fprintf(stderr, "%s: %s\n", err.field, err.msg);
    assert_int_equal(rc, 0);
}

static void parse_referral(void **state)
{
    (void)state;
    char *text = referral(NULL);
    struct easel_fhir_referral r;
    parse_ok(&r, text);
    assert_string_equal(r.name, "Rowan Synthetic");
    assert_int_equal(r.birth_year, 1990);
    assert_string_equal(r.birth_date, "1990-06-15");
    assert_int_equal(r.n_identifiers, 1);
    assert_string_equal(r.identifiers[0], "https://clinic.example/mrn|SYN-0001");
    assert_int_equal(r.n_problems, 1);
    assert_string_equal(kb.problems[r.problems[0]].id, "depression");
    assert_int_equal(r.n_diagnoses, 1);
    assert_string_equal(r.diagnoses[0], "F32.1");
    assert_int_equal(r.allergens, 1u << easel_vocab_find(EASEL_VOCAB_ALLERGEN, "latex"));
    assert_int_equal(r.n_other_allergies, 0);
    assert_int_equal(r.n_admins, 1);
    assert_string_equal(kb.instruments[r.admins[0].instrument].id, "phq-9");
    assert_string_equal(r.admins[0].date, "2026-11-20");
    assert_int_equal(r.admins[0].total_x100, 1200);
    assert_int_equal(r.admins[0].answers[8], 0);
    assert_int_equal(r.n_totals, 1);
    assert_string_equal(kb.instruments[r.totals[0].instrument].id, "gad-7");
    assert_int_equal(r.totals[0].total, 12);
    /* one report line per entry, in entry order */
    assert_int_equal(r.n_items, 6);
    for (size_t i = 0; i < r.n_items; i++)
        assert_int_equal(r.items[i].entry, (int)i);
    assert_int_equal(report_of(&r, "cond-dep")->outcome, EASEL_FHIR_MAPPED);
    assert_non_null(strstr(report_of(&r, "cond-dep")->to, "problem depression (ICD-10 F32.1)"));
    assert_int_equal(report_of(&r, "cond-spiders")->outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    assert_non_null(strstr(report_of(&r, "cond-spiders")->to, "\"Fear of spiders\""));
    assert_int_equal(report_of(&r, "allergy-latex")->outcome, EASEL_FHIR_MAPPED);
    assert_int_equal(report_of(&r, "qr-phq9")->outcome, EASEL_FHIR_MAPPED);
    assert_int_equal(report_of(&r, "obs-gad7")->outcome, EASEL_FHIR_NOT_STORED);
    assert_non_null(strstr(report_of(&r, "obs-gad7")->to, "noted, not stored: total only"));
    /* the draft profile passes the KB check of `easel profile set` */
    struct easel_buf json;
    struct easel_error err = {0};
    easel_buf_init(&json, EASEL_PROFILE_MAX);
    assert_null(easel_fhir_referral_no_profile(&r, "2026-12-07"));
    assert_int_equal(easel_fhir_referral_profile(&r, &kb, "fhir-0000000000000000", "hospital",
                                                 "2026-12-07", &json, &err),
                     0);
    struct easel_profile p;
    tu_profile_ok(&p, &kb, easel_buf_str(&json));
    assert_int_equal(p.age, 36);
    assert_int_equal(p.n_problems, 1);
    assert_int_equal(p.n_measures, 1);
    assert_true(p.allergies & (1u << easel_vocab_find(EASEL_VOCAB_ALLERGEN, "latex")));
    easel_profile_release(&p);
    /* the age counts to the start date: not yet 36 the day before the birthday */
    json.len = 0;
    assert_int_equal(easel_fhir_referral_profile(&r, &kb, "fhir-0000000000000000", "hospital",
                                                 "2026-06-14", &json, &err),
                     0);
    tu_profile_ok(&p, &kb, easel_buf_str(&json));
    assert_int_equal(p.age, 35);
    easel_profile_release(&p);
    easel_buf_release(&json);
    easel_fhir_referral_release(&r);
    free(text);
}

static void edit_no_birth(json_t *root)
{
    json_object_del(res(root, 0), "birthDate");
}
static void edit_two_patients(json_t *root)
{
    json_array_append(json_object_get(root, "entry"),
                      json_array_get(json_object_get(root, "entry"), 0));
}
static void edit_no_identifier(json_t *root)
{
    json_object_set_new(res(root, 0), "identifier", json_pack("[{s:s}]", "system", "x"));
}
static void edit_bad_birth(json_t *root)
{
    json_object_set_new(res(root, 0), "birthDate", json_string("1990-02-30"));
}
static void edit_quantity_text(json_t *root)
{
    json_object_del(res(root, 5), "valueInteger");
    json_object_set_new(res(root, 5), "valueQuantity", json_pack("{s:s}", "value", "12"));
}
static void edit_answer_7(json_t *root)
{
    json_t *it = json_array_get(json_object_get(res(root, 4), "item"), 2);
    json_object_set_new(it, "answer", json_pack("[{s:i}]", "valueInteger", 7));
}
static void edit_answer_minus_1(json_t *root)
{
    json_t *it = json_array_get(json_object_get(res(root, 4), "item"), 0);
    json_object_set_new(it, "answer", json_pack("[{s:i}]", "valueInteger", -1));
}
static void edit_total_30(json_t *root)
{
    json_object_set_new(res(root, 5), "valueInteger", json_integer(30));
}
static void edit_code_string(json_t *root)
{
    json_object_set_new(res(root, 1), "code", json_string("F32.1"));
}
static void edit_not_bundle(json_t *root)
{
    json_object_set_new(root, "resourceType", json_string("Patient"));
}
static void edit_no_patient(json_t *root)
{
    json_array_remove(json_object_get(root, "entry"), 0);
}
static void edit_authored(json_t *root)
{
    json_object_set_new(res(root, 4), "authored", json_string("20 Nov 2026"));
}
static void edit_name_control(json_t *root)
{
    json_object_set_new(res(root, 0), "name", json_pack("[{s:s}]", "text", "Row\x01n"));
}
static void edit_patient_modifier(json_t *root)
{
    json_object_set_new(res(root, 0), "modifierExtension",
                        json_pack("[{s:s}]", "url", "http://example.org/x"));
}

/* A bad Bundle is refused as a whole, naming the entry and the path (curl unit1302 style). */
static void parse_errors(void **state)
{
    (void)state;
    static const struct {
        void (*edit)(json_t *);
        const char *field;
    } cases[] = {
        {edit_not_bundle, "resourceType"},
        {edit_no_patient, "entry"},
        {edit_two_patients, "entry[6].resource"},
        {edit_no_identifier, "entry[0].resource.identifier"},
        {edit_bad_birth, "entry[0].resource.birthDate"},
        {edit_name_control, "entry[0].resource.name[0].text"},
        {edit_patient_modifier, "entry[0].resource.modifierExtension"},
        {edit_code_string, "entry[1].resource.code"},
        {edit_answer_7, "entry[4].resource.item[2].answer[0].valueInteger"},
        {edit_answer_minus_1, "entry[4].resource.item[0].answer[0].valueInteger"},
        {edit_authored, "entry[4].resource.authored"},
        {edit_quantity_text, "entry[5].resource.valueQuantity.value"},
        {edit_total_30, "entry[5].resource.valueInteger"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text = referral(cases[i].edit);
        struct easel_fhir_referral r;
        struct easel_error err = {0};
        int rc = easel_fhir_referral_parse(&r, &kb, text, strlen(text), &err);
        if (rc != EASEL_EINVAL || strcmp(err.field, cases[i].field) != 0)
            fprintf(stderr, "case %zu: rc %d field \"%s\" (%s), want \"%s\"\n", i, rc, err.field,
                    err.msg, cases[i].field);
        assert_int_equal(rc, EASEL_EINVAL);
        assert_string_equal(err.field, cases[i].field);
        assert_int_equal(r.n_items, 0); /* released */
        free(text);
    }
    /* not JSON at all, and too large */
    struct easel_fhir_referral r;
    struct easel_error err = {0};
    assert_int_equal(easel_fhir_referral_parse(&r, &kb, "{\"resourceType\":", 16, &err),
                     EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "not JSON"));
    assert_int_equal(easel_fhir_referral_parse(&r, &kb, "{}", EASEL_FHIR_IMPORT_MAX + 1, &err),
                     EASEL_ETOOBIG);
}

static void edit_not_understood(json_t *root)
{
    /* a Condition about someone else, a resolved one, an allergy refuted, another resource
       type, a questionnaire easel does not ship, an incomplete PHQ-9, an in-progress one */
    json_t *entries = json_object_get(root, "entry");
    json_object_set_new(res(root, 2), "subject", json_pack("{s:s}", "reference", "Patient/other"));
    json_t *resolved = json_deep_copy(json_array_get(entries, 1));
    json_object_set_new(json_object_get(resolved, "resource"), "clinicalStatus",
                        json_pack("{s:[{s:s}]}", "coding", "code", "resolved"));
    json_object_del(resolved, "fullUrl");
    json_array_append_new(entries, resolved); /* 6 */
    json_array_append_new(
        entries, json_pack("{s:{s:s, s:s}}", "resource", "resourceType", "CarePlan", "id", "cp"));
    json_t *other_q = json_deep_copy(json_array_get(entries, 4));
    json_object_set_new(json_object_get(other_q, "resource"), "questionnaire",
                        json_string("http://example.org/Questionnaire/mood"));
    json_object_set_new(json_object_get(other_q, "resource"), "id", json_string("qr-other"));
    json_object_del(other_q, "fullUrl");
    json_array_append_new(entries, other_q); /* 8 */
    json_t *short_q = json_deep_copy(json_array_get(entries, 4));
    json_array_remove(json_object_get(json_object_get(short_q, "resource"), "item"), 8);
    json_object_set_new(json_object_get(short_q, "resource"), "id", json_string("qr-short"));
    json_object_del(short_q, "fullUrl");
    json_array_append_new(entries, short_q); /* 9 */
    json_t *nka = json_deep_copy(json_array_get(entries, 3));
    json_object_set_new(json_object_get(nka, "resource"), "code",
                        json_pack("{s:s}", "text", "No known allergies"));
    json_object_set_new(json_object_get(nka, "resource"), "id", json_string("nka"));
    json_array_append_new(entries, nka); /* 10 */
    json_t *pen = json_deep_copy(json_array_get(entries, 3));
    json_object_set_new(json_object_get(pen, "resource"), "code",
                        json_pack("{s:s}", "text", "Penicillin"));
    json_object_set_new(json_object_get(pen, "resource"), "id", json_string("pen"));
    json_array_append_new(entries, pen); /* 11 */
}

static void parse_not_understood(void **state)
{
    (void)state;
    char *text = referral(edit_not_understood);
    struct easel_fhir_referral r;
    parse_ok(&r, text);
    assert_int_equal(r.n_items, 12);
    assert_int_equal(report_of(&r, "cond-spiders")->outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    assert_non_null(strstr(report_of(&r, "cond-spiders")->to, "Patient/other"));
    assert_int_equal(r.items[6].outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    assert_non_null(strstr(r.items[6].to, "clinicalStatus resolved"));
    assert_int_equal(report_of(&r, "cp")->outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    assert_int_equal(report_of(&r, "qr-other")->outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    assert_int_equal(report_of(&r, "qr-short")->outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    assert_non_null(strstr(report_of(&r, "qr-short")->to, "item 9 of"));
    assert_int_equal(report_of(&r, "nka")->outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    assert_int_equal(report_of(&r, "pen")->outcome, EASEL_FHIR_MAPPED);
    assert_int_equal(r.n_other_allergies, 1);
    assert_string_equal(r.other_allergies[0], "Penicillin");
    assert_int_equal(r.n_admins, 1); /* the incomplete one is not an administration */
    assert_int_equal(r.n_problems, 1);
    easel_fhir_referral_release(&r);
    free(text);
    /* no birthDate: no age, so no profile, and the reason names it */
    text = referral(edit_no_birth);
    parse_ok(&r, text);
    assert_int_equal(r.birth_year, 0);
    assert_non_null(strstr(easel_fhir_referral_no_profile(&r, "2026-12-07"), "birthDate"));
    easel_fhir_referral_release(&r);
    free(text);
}

/* Every row of the ICD-10 table maps to a problem the shipped KB has. */
static void icd10_table(void **state)
{
    (void)state;
    static const struct {
        const char *code, *problem;
    } codes[] = {
        {"F00.1", "dementia-engagement"},
        {"F01.50", "dementia-engagement"},
        {"F02.80", "dementia-engagement"},
        {"F03", "dementia-engagement"},
        {"G30.9", "dementia-engagement"},
        {"F10.20", "substance-recovery"},
        {"F11.2", "substance-recovery"},
        {"F12.1", "substance-recovery"},
        {"F13.2", "substance-recovery"},
        {"F14.2", "substance-recovery"},
        {"F15.2", "substance-recovery"},
        {"F16.2", "substance-recovery"},
        {"F18.2", "substance-recovery"},
        {"F19.2", "substance-recovery"},
        {"F20.0", "psychosis-orientation"},
        {"F22", "psychosis-orientation"},
        {"F23", "psychosis-orientation"},
        {"F25.0", "psychosis-orientation"},
        {"F28", "psychosis-orientation"},
        {"F29", "psychosis-orientation"},
        {"F31.3", "bipolar-disorder"},
        {"F32.1", "depression"},
        {"f33.0", "depression"},
        {"F34.1", "depression"},
        {"F41.0", "panic"},
        {"F41.1", "anxiety"},
        {"F41.9", "anxiety"},
        {"F42.2", "ocd"},
        {"F43.10", "ptsd"},
        {"F43.21", "life-transition"},
        {"F50.0", "eating-disorder"},
        {"F51.01", "sleep-difficulties"},
        {"G47.00", "sleep-difficulties"},
        {"F53.0", "perinatal-mental-health"},
        {"F70", "intellectual-disability"},
        {"F71", "intellectual-disability"},
        {"F72", "intellectual-disability"},
        {"F73", "intellectual-disability"},
        {"F78", "intellectual-disability"},
        {"F79", "intellectual-disability"},
        {"F84.0", "autism-communication"},
        {"F84.5", "autism-communication"},
        {"F90.0", "attention"},
        {"F94.0", "selective-mutism"},
        {"G89.29", "chronic-pain"},
        {"G89.4", "chronic-pain"},
        {"R52.2", "chronic-pain"},
        {"R45.851", "safety-planning"},
        {"R45.88", "self-harm"},
        {"Z63.4", "grief"},
        {"F17.210", NULL}, /* tobacco: no problem, a diagnosis */
        {"F41.2", NULL},
        {"F43.0", NULL},
    };
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        char text[1200];
        struct easel_fhir_referral r;
        struct easel_error err = {0};
        snprintf(text, sizeof(text),
                 "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":"
                 "\"Patient\",\"identifier\":[{\"system\":\"s\",\"value\":\"v\"}],\"name\":[{"
                 "\"text\":\"A\"}]}},{\"resource\":{\"resourceType\":\"Condition\",\"code\":{"
                 "\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10%s\",\"code\":\"%s\"}]}"
                 "}}]}",
                 i % 2 ? "-cm" : "", codes[i].code);
        assert_int_equal(easel_fhir_referral_parse(&r, &kb, text, strlen(text), &err), 0);
        if (codes[i].problem) {
            assert_true(easel_kb_problem(&kb, codes[i].problem) >= 0);
            if (r.n_problems != 1 || strcmp(kb.problems[r.problems[0]].id, codes[i].problem))
                fprintf(stderr, "%s: want %s\n", codes[i].code, codes[i].problem);
            assert_int_equal(r.n_problems, 1);
            assert_string_equal(kb.problems[r.problems[0]].id, codes[i].problem);
        } else {
            assert_int_equal(r.n_problems, 0);
        }
        assert_int_equal(r.n_diagnoses, 1); /* the code itself, as recorded */
        assert_string_equal(r.diagnoses[0], codes[i].code);
        easel_fhir_referral_release(&r);
    }
}

/* easel's own canonical and the LOINC panel with item codes and LOINC answer codes */
static void loinc_questionnaire(void **state)
{
    (void)state;
    static const char *const items[] = {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
                                        "44258-2", "44252-5", "44253-3", "44260-8"};
    static const char *const la[] = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
    json_t *qr = json_pack("{s:s, s:s, s:s, s:s, s:[]}", "resourceType", "QuestionnaireResponse",
                           "questionnaire", "http://loinc.org/q/44249-1", "status", "completed",
                           "authored", "2026-11-02T09:00:00+01:00", "item");
    for (int i = 0; i < 9; i++)
        json_array_append_new(json_object_get(qr, "item"),
                              json_pack("{s:s, s:[{s:{s:s, s:s}}]}", "linkId", items[i], "answer",
                                        "valueCoding", "system", "http://loinc.org", "code",
                                        la[i % 4]));
    /* the difficulty item and the total, which are not scored items */
    json_array_append_new(
        json_object_get(qr, "item"),
        json_pack("{s:s, s:[{s:i}]}", "linkId", "/69722-7", "answer", "valueInteger", 1));
    json_t *b =
        json_pack("{s:s, s:[{s:{s:s, s:[{s:s, s:s}], s:[{s:s}], s:s}}, {s:o}]}", "resourceType",
                  "Bundle", "entry", "resource", "resourceType", "Patient", "identifier", "system",
                  "s", "value", "v", "name", "text", "A", "birthDate", "1950", "resource", qr);
    char *text = json_dumps(b, 0);
    json_decref(b);
    struct easel_fhir_referral r;
    parse_ok(&r, text);
    assert_int_equal(r.n_admins, 1);
    /* answers 0 1 2 3 0 1 2 3 0 = 12 */
    assert_int_equal(r.admins[0].total_x100, 1200);
    assert_string_equal(r.admins[0].date, "2026-11-02");
    assert_int_equal(r.admins[0].answers[3], 3);
    assert_int_equal(r.birth_year, 1950);
    /* no problem: no profile, and the reason says so */
    assert_non_null(easel_fhir_referral_no_profile(&r, "2026-12-07"));
    easel_fhir_referral_release(&r);
    free(text);
}

static void identifier_ref(void **state)
{
    (void)state;
    char a[22], b[22], c[22];
    easel_fhir_import_ref("https://clinic.example/mrn|SYN-0001", a);
    easel_fhir_import_ref("https://clinic.example/mrn|SYN-0001", b);
    easel_fhir_import_ref("https://clinic.example/mrn|SYN-0002", c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_int_equal(strlen(a), 21);
    assert_memory_equal(a, "fhir-", 5);
    /* pinned: SHA-256("easel-fhir-import/1\nhttps://clinic.example/mrn|SYN-0001"), computed
       independently with Python's hashlib */
    assert_string_equal(a, "fhir-cf0c210b945dd022");
}

/* ---- with the store ---- */

static void fresh_store(struct easel_store *s)
{
    sf_open(&fx, s, "ther1", fixed_now);
    struct easel_error err = {0};
    assert_int_equal(easel_user_add(s, "ther1", "T. One", "therapist", &err), 0);
}

static int64_t count(struct easel_store *s, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
    int64_t n = -1;
    struct easel_error err = {0};
    assert_int_equal(easel__int(s, sql, NULL, 0, &n, NULL, &err), 0);
    return n;
}

static void import_ok(struct easel_store *s, const char *text, const char *team,
                      struct easel_fhir_import *imp)
{
    struct easel_error err = {0};
    int rc = easel_fhir_import_referral(s, &kb, text, strlen(text), "outpatient", team, imp, &err);
    if (rc)
        fprintf(stderr, "import: %s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
}

static void import_referral(void **state)
{
    (void)state;
    struct easel_store s;
    fresh_store(&s);
    char *text = referral(NULL);
    struct easel_fhir_import imp;
    import_ok(&s, text, "ther1", &imp);
    assert_true(imp.created);
    assert_string_equal(imp.ref, "fhir-cf0c210b945dd022");
    assert_int_equal(imp.profile_version, 1);
    assert_null(imp.profile_note);
    assert_string_equal(imp.start_date, "2026-12-07");
    /* the report: the GAD-7 total is not stored as an administration, kept as a baseline */
    const struct easel_fhir_report_item *gad = report_of(&imp.referral, "obs-gad7");
    assert_int_equal(gad->outcome, EASEL_FHIR_NOT_STORED);
    assert_non_null(strstr(gad->to, "noted, not stored: total only"));
    assert_non_null(strstr(gad->to, "baseline"));
    assert_non_null(strstr(report_of(&imp.referral, "pat-1")->to, imp.ref));
    assert_int_equal(report_of(&imp.referral, "cond-spiders")->outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    /* the client */
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client c;
    struct easel_error err = {0};
    assert_int_equal(easel_client_find(&s, imp.ref, &a, &c, &err), 0);
    assert_string_equal(c.name, "Rowan Synthetic");
    assert_int_equal(c.birth_year, 1990);
    assert_string_equal(c.setting, "outpatient");
    bool member = false;
    assert_int_equal(easel_team_member(&s, c.id, "ther1", &member, &err), 0);
    assert_true(member);
    /* the draft profile, with the stored measure merged: depression, latex, PHQ-9 12 */
    struct easel_profile p;
    int64_t version = 0;
    assert_int_equal(easel_app_profile_load(&s, c.id, &kb, &p, &version, &err), 0);
    assert_int_equal(version, 1);
    assert_int_equal(p.n_problems, 1);
    assert_string_equal(kb.problems[p.problems[0]].id, "depression");
    assert_true(p.allergies & (1u << easel_vocab_find(EASEL_VOCAB_ALLERGEN, "latex")));
    assert_int_equal(p.age, 36);
    easel_profile_release(&p);
    struct easel_measure_record *ms;
    size_t n;
    assert_int_equal(easel_measure_list(&s, c.id, &a, &ms, &n, &err), 0);
    assert_int_equal(n, 1); /* the PHQ-9; the GAD-7 total is not an administration */
    assert_string_equal(ms[0].instrument, "phq-9");
    assert_string_equal(ms[0].date, "2026-11-20");
    assert_string_equal(ms[0].answers, "2,2,1,2,1,1,2,1,0");
    assert_int_equal(ms[0].total_x100, 1200);
    int64_t imports = 0;
    assert_int_equal(easel_audit_count(&s, "import", "client", c.id, &imports, &err), 0);
    assert_int_equal(imports, 1);
    easel_fhir_import_release(&imp);

    /* again: nothing new, the same client named */
    int64_t clients = count(&s, "clients"), profiles = count(&s, "profiles"),
            measures = count(&s, "measures"), audit = count(&s, "audit_log");
    import_ok(&s, text, "ther1", &imp);
    assert_false(imp.created);
    assert_string_equal(imp.ref, "fhir-cf0c210b945dd022");
    assert_int_equal(imp.client, c.id);
    assert_int_equal(count(&s, "clients"), clients);
    assert_int_equal(count(&s, "profiles"), profiles);
    assert_int_equal(count(&s, "measures"), measures);
    assert_int_equal(count(&s, "audit_log"), audit);
    easel_fhir_import_release(&imp);
    easel_arena_release(&a);
    free(text);
    easel_store_close(&s);
}

static void edit_second_identifier(json_t *root)
{
    /* the same patient with a new identifier first and the old one second */
    json_array_insert_new(json_object_get(res(root, 0), "identifier"), 0,
                          json_pack("{s:s, s:s}", "system", "urn:oid:1.2.3", "value", "77"));
}

static void edit_bad_for_store(json_t *root)
{
    json_object_set_new(res(root, 0), "identifier",
                        json_pack("[{s:s, s:s}]", "system", "urn:x", "value", "new-one"));
    edit_answer_7(root);
}

static void edit_new_patient(json_t *root)
{
    json_object_set_new(res(root, 0), "identifier",
                        json_pack("[{s:s, s:s}]", "system", "urn:x", "value", "new-two"));
}

static void import_refusals(void **state)
{
    (void)state;
    struct easel_store s;
    fresh_store(&s);
    char *text = referral(NULL);
    struct easel_fhir_import imp;
    import_ok(&s, text, NULL, &imp);
    assert_true(imp.created);
    easel_fhir_import_release(&imp);
    free(text);
    int64_t clients = count(&s, "clients"), profiles = count(&s, "profiles"),
            measures = count(&s, "measures"), audit = count(&s, "audit_log");

    /* idempotent by any identifier of the Patient */
    text = referral(edit_second_identifier);
    import_ok(&s, text, NULL, &imp);
    assert_false(imp.created);
    assert_string_equal(imp.ref, "fhir-cf0c210b945dd022");
    easel_fhir_import_release(&imp);
    free(text);

    /* a bad Bundle: the path named, nothing written */
    text = referral(edit_bad_for_store);
    struct easel_error err = {0};
    assert_int_equal(
        easel_fhir_import_referral(&s, &kb, text, strlen(text), "outpatient", NULL, &imp, &err),
        EASEL_EINVAL);
    assert_string_equal(err.field, "entry[4].resource.item[2].answer[0].valueInteger");
    easel_fhir_import_release(&imp);
    free(text);

    /* the setting: required, and a KB setting */
    text = referral(edit_new_patient);
    assert_int_equal(
        easel_fhir_import_referral(&s, &kb, text, strlen(text), NULL, NULL, &imp, &err),
        EASEL_EINVAL);
    assert_string_equal(err.field, "setting");
    easel_fhir_import_release(&imp);
    assert_int_equal(
        easel_fhir_import_referral(&s, &kb, text, strlen(text), "moon", NULL, &imp, &err),
        EASEL_EINVAL);
    assert_string_equal(err.field, "setting");
    easel_fhir_import_release(&imp);

    /* one transaction: the care-team write fails after the client, the profile is never
       written, and the client is rolled back with everything else */
    assert_int_equal(
        easel_fhir_import_referral(&s, &kb, text, strlen(text), "outpatient", "nobody", &imp, &err),
        EASEL_ENOTFOUND);
    assert_string_equal(err.field, "login");
    easel_fhir_import_release(&imp);
    assert_int_equal(count(&s, "clients"), clients);
    assert_int_equal(count(&s, "profiles"), profiles);
    assert_int_equal(count(&s, "measures"), measures);
    assert_int_equal(count(&s, "audit_log"), audit);
    char ref[22];
    easel_fhir_import_ref("urn:x|new-two", ref);
    int64_t id = -1;
    assert_int_equal(easel_client_id_of(&s, ref, &id, &err), 0);
    assert_int_equal(id, 0);
    /* and the same Bundle then imports whole */
    import_ok(&s, text, "ther1", &imp);
    assert_true(imp.created);
    assert_string_equal(imp.ref, ref);
    assert_int_equal(count(&s, "clients"), clients + 1);
    easel_fhir_import_release(&imp);
    free(text);
    easel_store_close(&s);
}

static void edit_no_problem(json_t *root)
{
    json_object_set_new(res(root, 0), "identifier",
                        json_pack("[{s:s, s:s}]", "system", "urn:x", "value", "no-problem"));
    json_array_remove(json_object_get(root, "entry"), 1); /* the depression Condition */
}

/* No Condition maps: the client and the administration are stored; no profile, and what it was
   to keep is reported as not stored. */
static void import_without_profile(void **state)
{
    (void)state;
    struct easel_store s;
    fresh_store(&s);
    char *text = referral(edit_no_problem);
    struct easel_fhir_import imp;
    import_ok(&s, text, NULL, &imp);
    assert_true(imp.created);
    assert_int_equal(imp.profile_version, 0);
    assert_non_null(imp.profile_note);
    const struct easel_fhir_report_item *latex = report_of(&imp.referral, "allergy-latex");
    assert_int_equal(latex->outcome, EASEL_FHIR_NOT_STORED);
    assert_non_null(strstr(latex->to, "no draft profile"));
    assert_int_equal(count(&s, "profiles"), 0);
    assert_int_equal(count(&s, "measures"), 1);
    easel_fhir_import_release(&imp);
    free(text);
    easel_store_close(&s);
}

/* Export a record, import it into an empty practice, export again: the mapped fields agree. */
static int64_t add_measure(struct easel_store *s, int64_t client, const char *instrument,
                           const char *date, const int *answers, int n)
{
    struct easel_score_result sc;
    struct easel_error err = {0};
    int64_t id = 0;
    const struct easel_instrument *in = &kb.instruments[easel_kb_instrument(&kb, instrument)];
    assert_int_equal(easel_app_measure_add(s, client, in, date, answers, n, &sc, &id, &err), 0);
    return id;
}

static json_t *export_of(struct easel_store *s, int64_t client)
{
    struct easel_buf out;
    easel_buf_init(&out, (size_t)1 << 26);
    struct easel_error err = {0};
    int rc = easel_fhir_export_client(s, &kb, client, &out, &err);
    if (rc)
        fprintf(stderr, "export: %s: %s\n", err.field, err.msg);
    assert_int_equal(rc, 0);
    json_error_t je;
    json_t *b = json_loadb(out.data, out.len, 0, &je);
    assert_non_null(b);
    easel_buf_release(&out);
    return b;
}

/* The mapped fields of an export, one line each, sorted: the Patient's name and birth year,
   the Conditions' category and text, every QuestionnaireResponse's questionnaire, day and
   answers, every Observation's code and value. */
static char *mapped_fields(json_t *b)
{
    struct easel_buf out;
    easel_buf_init(&out, (size_t)1 << 20);
    json_t *entries = json_object_get(b, "entry");
    char *lines[256];
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(entries) && n < 256; i++) {
        json_t *r = json_object_get(json_array_get(entries, i), "resource");
        const char *t = json_string_value(json_object_get(r, "resourceType"));
        json_t *v = json_object_get(r, "valueInteger");
        json_t *fields =
            strcmp(t, "Patient") == 0     ? json_pack("[s,O,O]", t, json_object_get(r, "name"),
                                                      json_object_get(r, "birthDate"))
            : strcmp(t, "Condition") == 0 ? json_pack("[s,O,O]", t, json_object_get(r, "category"),
                                                      json_object_get(r, "code"))
            : strcmp(t, "QuestionnaireResponse") == 0
                ? json_pack("[s,O,O,O]", t, json_object_get(r, "questionnaire"),
                            json_object_get(r, "authored"), json_object_get(r, "item"))
            : strcmp(t, "Observation") == 0
                ? json_pack("[s,O,O,O]", t, json_object_get(r, "code"),
                            json_object_get(r, "effectiveDateTime"), v ? v : json_null())
                : NULL;
        char *line = fields ? json_dumps(fields, JSON_COMPACT) : NULL;
        json_decref(fields);
        if (line)
            lines[n++] = line;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: the ids differ between the two records */
        for (size_t k = i; k > 0 && strcmp(lines[k - 1], lines[k]) > 0; k--) {
            char *x = lines[k];
            lines[k] = lines[k - 1];
            lines[k - 1] = x;
        }
    for (size_t i = 0; i < n; i++) {
        easel_buf_printf(&out, "%s\n", lines[i]);
        free(lines[i]);
    }
    char *s = strdup(easel_buf_str(&out));
    easel_buf_release(&out);
    return s;
}

static void round_trip(void **state)
{
    (void)state;
    struct easel_store a, b;
    fresh_store(&a);
    struct easel_error err = {0};
    struct easel_client c = {
        .ref = "demo-rt-01", .name = "Demo Synthetic", .setting = "outpatient", .birth_year = 1988};
    int64_t id = 0;
    assert_int_equal(easel_client_add(&a, &c, &id, &err), 0);
    size_t len;
    char *profile = read_text(EASEL_EXAMPLES_DIR "/outpatient-complex-trauma.json", &len);
    json_error_t je;
    json_t *pj = json_loads(profile, 0, &je);
    json_object_set_new(pj, "client", json_string("demo-rt-01"));
    json_object_set_new(pj, "diagnoses", json_pack("[s]", "F43.10"));
    char *ptext = json_dumps(pj, 0);
    json_decref(pj);
    int64_t version = 0;
    assert_int_equal(easel_app_profile_put(&a, id, "demo-rt-01", &kb, "rt", ptext, strlen(ptext),
                                           &version, &err),
                     0);
    static const int phq1[] = {2, 2, 2, 1, 1, 1, 1, 1, 0}, phq2[] = {1, 1, 1, 1, 1, 1, 0, 0, 1};
    static const int gad[] = {2, 1, 2, 1, 1, 1, 2};
    add_measure(&a, id, "phq-9", "2026-12-01", phq1, 9);
    add_measure(&a, id, "phq-9", "2026-12-15", phq2, 9);
    add_measure(&a, id, "gad-7", "2026-12-01", gad, 7);
    json_t *first = export_of(&a, id);
    char *bundle = json_dumps(first, 0);

    /* into an empty practice */
    fresh_store(&b);
    struct easel_fhir_import imp;
    import_ok(&b, bundle, NULL, &imp);
    assert_true(imp.created);
    assert_int_equal(imp.profile_version, 1);
    /* every QuestionnaireResponse an administration, every Observation its total */
    for (size_t i = 0; i < imp.referral.n_items; i++) {
        const struct easel_fhir_report_item *it = &imp.referral.items[i];
        if (!strcmp(it->resource, "QuestionnaireResponse") ||
            !strcmp(it->resource, "Observation") || !strcmp(it->resource, "Condition") ||
            !strcmp(it->resource, "Patient"))
            assert_int_equal(it->outcome, EASEL_FHIR_MAPPED);
        else /* CareTeam and the like: not part of a referral */
            assert_int_equal(it->outcome, EASEL_FHIR_NOT_UNDERSTOOD);
    }
    struct easel_profile p1, p2;
    int64_t v;
    assert_int_equal(easel_app_profile_load(&a, id, &kb, &p1, &v, &err), 0);
    assert_int_equal(easel_app_profile_load(&b, imp.client, &kb, &p2, &v, &err), 0);
    assert_int_equal(p1.n_problems, p2.n_problems);
    for (int i = 0; i < p1.n_problems; i++)
        assert_int_equal(p1.problems[i], p2.problems[i]);
    assert_int_equal(p2.diagnoses.n, 1);
    assert_string_equal(p2.diagnoses.items[0], "F43.10");
    easel_profile_release(&p1);
    easel_profile_release(&p2);
    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_measure_record *m1, *m2;
    size_t n1, n2;
    assert_int_equal(easel_measure_list(&a, id, &ar, &m1, &n1, &err), 0);
    assert_int_equal(easel_measure_list(&b, imp.client, &ar, &m2, &n2, &err), 0);
    assert_int_equal(n1, 3);
    assert_int_equal(n1, n2);
    for (size_t i = 0; i < n1; i++) {
        assert_string_equal(m1[i].instrument, m2[i].instrument);
        assert_string_equal(m1[i].date, m2[i].date);
        assert_string_equal(m1[i].answers, m2[i].answers);
        assert_int_equal(m1[i].total_x100, m2[i].total_x100);
    }
    /* export again: the mapped fields are equal */
    json_t *second = export_of(&b, imp.client);
    char *f1 = mapped_fields(first), *f2 = mapped_fields(second);
    assert_string_equal(f1, f2);
    assert_non_null(strstr(f1, "Demo Synthetic"));
    free(f1);
    free(f2);
    json_decref(first);
    json_decref(second);
    easel_arena_release(&ar);
    easel_fhir_import_release(&imp);
    free(bundle);
    free(ptext);
    free(profile);
    easel_store_close(&a);
    easel_store_close(&b);
}

int main(int argc, char **argv)
{
    int skip = sf_backend_arg(&fx, argc, argv);
    if (skip)
        return skip;
    tu_load_kb(&kb);
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(parse_referral),       cmocka_unit_test(parse_errors),
        cmocka_unit_test(parse_not_understood), cmocka_unit_test(icd10_table),
        cmocka_unit_test(loinc_questionnaire),  cmocka_unit_test(identifier_ref),
    };
    const struct CMUnitTest store[] = {
        cmocka_unit_test(import_referral),
        cmocka_unit_test(import_refusals),
        cmocka_unit_test(import_without_profile),
        cmocka_unit_test(round_trip),
    };
    /* the pure cases once (on the SQLite entry), the store cases on each backend */
    int rc = strcmp(fx.backend, "sqlite") == 0 ? cmocka_run_group_tests(pure, NULL, NULL) : 0;
    rc |= cmocka_run_group_tests(store, NULL, NULL);
    sf_cleanup(&fx);
    easel_kb_release(&kb);
    return rc;
}
