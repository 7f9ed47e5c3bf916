/*
 * fhir/fhir_referral.c — the pure half of the referral import (easel/fhir.h, docs/fhir.md), with
 * fhir_referral_measures.c (questionnaires, totals) and fhir_referral_read.c (typed reads, the
 * report) behind fhir_referral_int.h:
 * a FHIR R4 Bundle (JSON text) read against the KB into a plain struct: the Patient (name,
 * birth year, identifiers), the draft profile's lists (problems, diagnoses, allergens, other
 * allergies, totals), the measure administrations, and a report line for every resource. No
 * store, no clock: the fuzz harness (fuzz/fuzz_fhir_import.c) runs it alone, and the draft
 * profile it writes (easel_fhir_referral_profile) must always pass easel_profile_parse.
 *
 * What is an error and what is "not understood": a Bundle malformed where easel reads it (a
 * value of the wrong JSON type, a malformed date, an answer outside its instrument's range, no
 * or two Patients, a Patient without identifier or name) is refused as a whole, naming the
 * path ("entry[3].resource.valueQuantity.value"); a well-formed resource easel has no mapping
 * for (a code it does not know, another subject, an unknown modifierExtension, a resource
 * type a referral does not carry) is a report line and nothing more.
 *
 * Owns: everything it returns lives in r->arena (easel_fhir_referral_release). Borrows: the
 * text and the KB during the call (the struct holds KB indices, valid while the KB is).
 * Fails: EASEL_EINVAL naming the path, EASEL_ETOOBIG (more than EASEL_FHIR_IMPORT_MAX bytes or
 * EASEL_FHIR_IMPORT_ENTRIES entries), EASEL_ENOMEM.
 */
#include "easel/fhir.h"
#include "easel/plan.h"
#include "easel/score.h"
#include "easel/util.h"
#include "easel/vocab.h"
#include "fhir_referral_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WHERE EASEL__FR_WHERE
#define ICD10 "http://hl7.org/fhir/sid/icd-10"
#define ICD10CM "http://hl7.org/fhir/sid/icd-10-cm"

/* ICD-10 (WHO) and ICD-10-CM categories -> the KB problem a therapist would start from. A
   practice convention, reviewed with the draft profile; matched on the code without its dot,
   longest prefix first. Codes not listed still travel, as a diagnosis. */
static const struct {
    const char *prefix, *problem;
} icd_problems[] = {
    {"F00", "dementia-engagement"},
    {"F01", "dementia-engagement"},
    {"F02", "dementia-engagement"},
    {"F03", "dementia-engagement"},
    {"G30", "dementia-engagement"},
    {"F10", "substance-recovery"},
    {"F11", "substance-recovery"},
    {"F12", "substance-recovery"},
    {"F13", "substance-recovery"},
    {"F14", "substance-recovery"},
    {"F15", "substance-recovery"},
    {"F16", "substance-recovery"},
    {"F18", "substance-recovery"},
    {"F19", "substance-recovery"},
    {"F20", "psychosis-orientation"},
    {"F22", "psychosis-orientation"},
    {"F23", "psychosis-orientation"},
    {"F25", "psychosis-orientation"},
    {"F28", "psychosis-orientation"},
    {"F29", "psychosis-orientation"},
    {"F31", "bipolar-disorder"},
    {"F32", "depression"},
    {"F33", "depression"},
    {"F341", "depression"},
    {"F410", "panic"},
    {"F411", "anxiety"},
    {"F419", "anxiety"},
    {"F42", "ocd"},
    {"F431", "ptsd"},
    {"F432", "life-transition"},
    {"F50", "eating-disorder"},
    {"F510", "sleep-difficulties"},
    {"G470", "sleep-difficulties"},
    {"F53", "perinatal-mental-health"},
    {"F70", "intellectual-disability"},
    {"F71", "intellectual-disability"},
    {"F72", "intellectual-disability"},
    {"F73", "intellectual-disability"},
    {"F78", "intellectual-disability"},
    {"F79", "intellectual-disability"},
    {"F840", "autism-communication"},
    {"F845", "autism-communication"},
    {"F90", "attention"},
    {"F940", "selective-mutism"},
    {"G892", "chronic-pain"},
    {"G894", "chronic-pain"},
    {"R522", "chronic-pain"},
    {"R45851", "safety-planning"},
    {"R4588", "self-harm"},
    {"Z634", "grief"},
};

/* ---- Patient ---- */

static void patient(struct rd *d, json_t *res, int entry, const char *id)
{
    struct easel_fhir_referral *r = d->r;
    r->patient_entry = entry;
    json_t *mx = easel__fr_arr(d, res, entry, "", "modifierExtension");
    if (mx && json_array_size(mx)) {
        easel__fr_fail(d, entry, "modifierExtension",
                       "the Patient carries a modifierExtension easel does not know");
        return;
    }
    json_t *ids = easel__fr_arr(d, res, entry, "", "identifier");
    size_t n = ids ? json_array_size(ids) : 0;
    r->identifiers = easel_arena_alloc(&r->arena, (n + 1) * sizeof(*r->identifiers));
    if (!r->identifiers) {
        easel__fr_oom(d);
        return;
    }
    for (size_t i = 0; i < n && !d->rc && r->n_identifiers < 16; i++) {
        char p[48];
        easel__fr_pathf(p, sizeof(p), "identifier[%zu]", i);
        json_t *x = json_array_get(ids, i);
        if (!json_is_object(x)) {
            easel__fr_fail(d, entry, p, "must be an Identifier (an object)");
            return;
        }
        const char *sys = easel__fr_str(d, x, entry, p, "system"),
                   *val = easel__fr_str(d, x, entry, p, "value");
        if (sys && val && *sys && *val)
            r->identifiers[r->n_identifiers++] = easel_arena_printf(&r->arena, "%s|%s", sys, val);
    }
    if (d->rc)
        return;
    if (!r->n_identifiers) {
        easel__fr_fail(d, entry, "identifier",
                       "the Patient needs an identifier with a system and a value: easel imports a "
                       "patient once, by it");
        return;
    }
    /* the name: the first HumanName with text, else the first with given or family names */
    json_t *names = easel__fr_arr(d, res, entry, "", "name");
    const char *name = NULL;
    char name_path[48] = "name";
    for (size_t i = 0; names && i < json_array_size(names) && !d->rc && !name; i++) {
        char p[48];
        easel__fr_pathf(p, sizeof(p), "name[%zu]", i);
        json_t *hn = json_array_get(names, i);
        if (!json_is_object(hn)) {
            easel__fr_fail(d, entry, p, "must be a HumanName (an object)");
            return;
        }
        const char *text = easel__fr_str(d, hn, entry, p, "text");
        if (text && *text) {
            name = text;
            easel__fr_pathf(name_path, sizeof(name_path), "%s.text", p);
        }
    }
    for (size_t i = 0; names && i < json_array_size(names) && !d->rc && !name; i++) {
        char p[48];
        easel__fr_pathf(p, sizeof(p), "name[%zu]", i);
        json_t *hn = json_array_get(names, i);
        json_t *given = easel__fr_arr(d, hn, entry, p, "given");
        const char *family = easel__fr_str(d, hn, entry, p, "family");
        char buf[1024] = "";
        for (size_t g = 0; given && g < json_array_size(given) && !d->rc; g++) {
            json_t *gv = json_array_get(given, g);
            if (!json_is_string(gv)) {
                char q[64];
                easel__fr_pathf(q, sizeof(q), "%s.given[%zu]", p, g);
                easel__fr_fail(d, entry, q, "must be a string");
                return;
            }
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? " " : "", json_string_value(gv));
        }
        if (family && *family) {
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? " " : "", family);
        }
        if (*buf) {
            name = easel_arena_strdup(&r->arena, buf);
            easel__fr_pathf(name_path, sizeof(name_path), "%s", p);
        }
    }
    if (d->rc)
        return;
    if (!name) {
        easel__fr_fail(d, entry, "name",
                       "the Patient needs a name (text, or given and family names): it "
                       "is the client's display name");
        return;
    }
    const char *why = easel__fr_name_problem(name);
    if (why) {
        easel__fr_fail(d, entry, name_path, "the client's name %s", why);
        return;
    }
    r->name = easel_arena_strdup(&r->arena, name);
    const char *bd = easel__fr_str(d, res, entry, "", "birthDate");
    if (bd) {
        char day[11];
        bool bad;
        bool full = easel__fr_day_of(bd, day, &bad);
        if (bad || (full && strlen(bd) != 10)) {
            easel__fr_fail(d, entry, "birthDate",
                           "must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)");
            return;
        }
        long year = strtol(bd, NULL, 10);
        if (year < 1900 || year > 2100) {
            easel__fr_fail(d, entry, "birthDate", "the year must be 1900-2100, got %ld", year);
            return;
        }
        r->birth_year = year;
        snprintf(r->birth_date, sizeof(r->birth_date), "%s", bd);
    }
    if (r->arena.failed)
        easel__fr_oom(d);
    if (!d->rc)
        easel__fr_item(d, entry, "Patient", id, EASEL_FHIR_MAPPED, "the client: name%s",
                       r->birth_year ? " and birth year" : " (no birthDate)");
}

/* ---- Condition ---- */

static int problem_of(const struct easel_kb *kb, const char *word)
{
    if (!word)
        return -1;
    int k = easel_kb_problem(kb, word);
    for (size_t i = 0; k < 0 && i < kb->n_problems; i++)
        if (strcasecmp(kb->problems[i].name, word) == 0)
            k = (int)i;
    return k;
}

static int icd_problem(const struct easel_kb *kb, const char *code)
{
    char c[16];
    size_t n = 0;
    for (const char *p = code; *p && n + 1 < sizeof(c); p++)
        if (*p != '.')
            c[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    c[n] = '\0';
    size_t best = 0;
    int k = -1;
    for (size_t i = 0; i < sizeof(icd_problems) / sizeof(icd_problems[0]); i++) {
        size_t len = strlen(icd_problems[i].prefix);
        if (len > best && strncmp(c, icd_problems[i].prefix, len) == 0) {
            best = len;
            k = easel_kb_problem(kb, icd_problems[i].problem);
        }
    }
    return k;
}

/* problem k into the profile's list: "problem ID", or why not */
static const char *add_problem(struct rd *d, int k)
{
    struct easel_fhir_referral *r = d->r;
    const char *id = d->kb->problems[k].id;
    for (int i = 0; i < r->n_problems; i++)
        if (r->problems[i] == k)
            return easel_arena_printf(&r->arena, "problem %s (already listed)", id);
    if (r->n_problems == 8)
        return NULL;
    r->problems[r->n_problems++] = k;
    return easel_arena_printf(&r->arena, "problem %s", id);
}

static const char *add_diagnosis(struct rd *d, const char *text)
{
    struct easel_fhir_referral *r = d->r;
    if (!easel__fr_clean(text, 32))
        return NULL;
    for (int i = 0; i < r->n_diagnoses; i++)
        if (strcmp(r->diagnoses[i], text) == 0)
            return easel_arena_printf(&r->arena, "diagnosis %s (already listed)", text);
    if (r->n_diagnoses == 8)
        return NULL;
    r->diagnoses[r->n_diagnoses++] = easel_arena_strdup(&r->arena, text);
    return easel_arena_printf(&r->arena, "diagnosis %s", text);
}

static void condition(struct rd *d, json_t *res, int entry, const char *id)
{
    static const char *const ended[] = {"inactive", "resolved", "remission", NULL};
    static const char *const unsure[] = {"refuted", "entered-in-error", NULL};
    if (!easel__fr_usable(d, res, entry, "Condition", id, "subject"))
        return;
    struct cc clin, ver, code;
    easel__fr_cc_read(d, res, entry, "", "clinicalStatus", &clin);
    easel__fr_cc_read(d, res, entry, "", "verificationStatus", &ver);
    easel__fr_cc_read(d, res, entry, "", "code", &code);
    json_t *cats = easel__fr_arr(d, res, entry, "", "category");
    bool dx = false;
    for (size_t i = 0; cats && i < json_array_size(cats) && !d->rc; i++) {
        char p[32];
        easel__fr_pathf(p, sizeof(p), "category[%zu]", i);
        struct cc cat;
        json_t *wrap = json_pack("{s:O}", p, json_array_get(cats, i));
        easel__fr_cc_read(d, wrap, entry, "", p, &cat);
        json_decref(wrap);
        for (size_t k = 0; k < cat.n; k++)
            dx = dx || (cat.c[k].code && strcmp(cat.c[k].code, "encounter-diagnosis") == 0);
    }
    if (d->rc)
        return;
    if (easel__fr_status_in(easel__fr_cc_code(&clin), ended)) {
        easel__fr_item(d, entry, "Condition", id, EASEL_FHIR_NOT_UNDERSTOOD,
                       "clinicalStatus %s: not a presenting problem", easel__fr_cc_code(&clin));
        return;
    }
    if (easel__fr_status_in(easel__fr_cc_code(&ver), unsure)) {
        easel__fr_item(d, entry, "Condition", id, EASEL_FHIR_NOT_UNDERSTOOD,
                       "verificationStatus %s", easel__fr_cc_code(&ver));
        return;
    }
    if (!code.present) {
        easel__fr_item(d, entry, "Condition", id, EASEL_FHIR_NOT_UNDERSTOOD, "no code");
        return;
    }
    const char *icd = NULL;
    for (size_t i = 0; i < code.n && !icd; i++)
        if (code.c[i].system && code.c[i].code && *code.c[i].code &&
            (strcmp(code.c[i].system, ICD10) == 0 || strcmp(code.c[i].system, ICD10CM) == 0))
            icd = code.c[i].code;
    int k = icd ? icd_problem(d->kb, icd) : -1;
    const char *how = icd ? easel_arena_printf(&d->r->arena, " (ICD-10 %s)", icd) : "";
    if (k < 0) { /* the text or a display names a KB problem (what easel's export writes) */
        k = problem_of(d->kb, code.text);
        for (size_t i = 0; k < 0 && i < code.n; i++)
            k = problem_of(d->kb, code.c[i].display);
        how = "";
    }
    const char *text = code.text ? code.text : code.n ? code.c[0].display : NULL;
    const char *diag_text = icd ? icd : (dx && k < 0) ? text : NULL;
    const char *p = k >= 0 ? add_problem(d, k) : NULL;
    const char *g = diag_text ? add_diagnosis(d, diag_text) : NULL;
    if (d->r->arena.failed) {
        easel__fr_oom(d);
        return;
    }
    if (!p && !g) {
        char codes[300] = "";
        for (size_t i = 0; i < code.n && i < 4; i++) {
            size_t len = strlen(codes);
            snprintf(codes + len, sizeof(codes) - len, "%s%s|%s", len ? ", " : "",
                     code.c[i].system ? code.c[i].system : "",
                     code.c[i].code ? code.c[i].code : "");
        }
        easel__fr_item(d, entry, "Condition", id, EASEL_FHIR_NOT_UNDERSTOOD, "%s%s%.120s%s%s%s%s",
                       k >= 0 ? "more than 8 problems: "
                              : "no problem of the knowledge base matches ",
                       text ? "\"" : "", text ? text : "", text ? "\"" : "", *codes ? " (" : "",
                       codes, *codes ? ")" : "");
        return;
    }
    struct easel_fhir_report_item *it =
        easel__fr_item(d, entry, "Condition", id, EASEL_FHIR_MAPPED, "%s%s%s%s%s", p ? p : "",
                       p ? how : "", p && g ? ", " : "", g ? g : "",
                       !p ? " (as recorded; no problem of the knowledge base for it)" : "");
    if (it)
        it->in_profile = true;
}

/* ---- AllergyIntolerance ---- */

/* Allergens named in text as whole words ("Natural rubber latex", "Tree nuts"). */
static uint32_t allergens_in(const char *text)
{
    uint32_t bits = 0;
    char w[64];
    size_t n = 0;
    for (const char *p = text;; p++) {
        char c = *p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum && n + 1 < sizeof(w)) {
            w[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        if (alnum) /* a word too long to be an allergen: skip the rest of it */
            continue;
        w[n] = '\0';
        int k = n ? easel_vocab_find(EASEL_VOCAB_ALLERGEN, w) : -1;
        if (k < 0 && n > 1 && w[n - 1] == 's') {
            w[n - 1] = '\0';
            k = easel_vocab_find(EASEL_VOCAB_ALLERGEN, w);
        }
        if (k >= 0)
            bits |= 1u << k;
        n = 0;
        if (!c)
            break;
    }
    return bits;
}

static bool says_none(const char *text)
{
    char low[128];
    size_t n = 0;
    for (; text[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)(text[n] >= 'A' && text[n] <= 'Z' ? text[n] + 32 : text[n]);
    low[n] = '\0';
    return strncmp(low, "no ", 3) == 0 || strcmp(low, "none") == 0 || strstr(low, "no known");
}

static void allergy(struct rd *d, json_t *res, int entry, const char *id)
{
    static const char *const ended[] = {"inactive", "resolved", NULL};
    static const char *const unsure[] = {"refuted", "entered-in-error", NULL};
    struct easel_fhir_referral *r = d->r;
    if (!easel__fr_usable(d, res, entry, "AllergyIntolerance", id, "patient"))
        return;
    struct cc clin, ver, code;
    easel__fr_cc_read(d, res, entry, "", "clinicalStatus", &clin);
    easel__fr_cc_read(d, res, entry, "", "verificationStatus", &ver);
    easel__fr_cc_read(d, res, entry, "", "code", &code);
    if (d->rc)
        return;
    if (easel__fr_status_in(easel__fr_cc_code(&clin), ended) ||
        easel__fr_status_in(easel__fr_cc_code(&ver), unsure)) {
        easel__fr_item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_NOT_UNDERSTOOD, "%s %s",
                       easel__fr_status_in(easel__fr_cc_code(&clin), ended) ? "clinicalStatus"
                                                                            : "verificationStatus",
                       easel__fr_status_in(easel__fr_cc_code(&clin), ended)
                           ? easel__fr_cc_code(&clin)
                           : easel__fr_cc_code(&ver));
        return;
    }
    const char *text = code.text;
    for (size_t i = 0; !text && i < code.n; i++)
        text = code.c[i].display;
    if (!text || !*text) {
        easel__fr_item(
            d, entry, "AllergyIntolerance", id, EASEL_FHIR_NOT_UNDERSTOOD,
            "no text or display to read the substance from (codes alone are not mapped)");
        return;
    }
    if (says_none(text)) {
        easel__fr_item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_NOT_UNDERSTOOD,
                       "records no allergy (\"%.80s\"): nothing to keep", text);
        return;
    }
    uint32_t bits = allergens_in(text);
    for (size_t i = 0; i < code.n; i++)
        if (code.c[i].display)
            bits |= allergens_in(code.c[i].display);
    struct easel_fhir_report_item *it = NULL;
    if (bits) {
        r->allergens |= bits;
        char words[200] = "";
        for (int k = 0; k < easel_vocab_count(EASEL_VOCAB_ALLERGEN); k++)
            if (bits & (1u << k)) {
                size_t len = strlen(words);
                snprintf(words + len, sizeof(words) - len, "%s%s", len ? ", " : "",
                         easel_vocab_name(EASEL_VOCAB_ALLERGEN, k));
            }
        it = easel__fr_item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_MAPPED,
                            "allergies: %s (every medium carrying it is excluded)", words);
    } else {
        bool dup = false;
        for (int i = 0; i < r->n_other_allergies; i++)
            dup = dup || strcmp(r->other_allergies[i], text) == 0;
        if (!easel__fr_clean(text, 120) || (!dup && r->n_other_allergies == 8)) {
            easel__fr_item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_NOT_UNDERSTOOD,
                           "\"%.80s\" is no allergen the materials are checked for, and %s", text,
                           r->n_other_allergies == 8
                               ? "other_allergies is full (8)"
                               : "is too long or holds control characters for "
                                 "other_allergies (120 bytes)");
            return;
        }
        if (!dup)
            r->other_allergies[r->n_other_allergies++] = easel_arena_strdup(&r->arena, text);
        it = easel__fr_item(
            d, entry, "AllergyIntolerance", id, EASEL_FHIR_MAPPED,
            "other allergy \"%s\"%s (no material check knows it: shown as a precaution on "
            "the plan and every session)",
            text, dup ? " (already listed)" : "");
    }
    if (it)
        it->in_profile = true;
}

/* ---- the Bundle ---- */

static void bundle(struct rd *d, const char *text, size_t len)
{
    struct easel_fhir_referral *r = d->r;
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        d->rc = easel_error_set(d->err, EASEL_EINVAL, WHERE, "", "not JSON: line %d, column %d: %s",
                                je.line, je.column, je.text);
        return;
    }
    const char *rt = json_is_object(root) ? easel__fr_str(d, root, -1, "", "resourceType") : NULL;
    json_t *entries = rt ? easel__fr_arr(d, root, -1, "", "entry") : NULL;
    if (!d->rc && !json_is_object(root))
        easel__fr_fail(d, -1, "", "must be a JSON object (a FHIR Bundle)");
    else if (!d->rc && (!rt || strcmp(rt, "Bundle") != 0))
        easel__fr_fail(d, -1, "resourceType", "must be \"Bundle\"");
    else if (!d->rc && (!entries || !json_array_size(entries)))
        easel__fr_fail(d, -1, "entry", "the Bundle has no entries");
    else if (!d->rc && json_array_size(entries) > EASEL_FHIR_IMPORT_ENTRIES)
        d->rc = easel_error_set(d->err, EASEL_ETOOBIG, WHERE, "entry", "more than %d entries",
                                EASEL_FHIR_IMPORT_ENTRIES);
    size_t n = d->rc ? 0 : json_array_size(entries);
    json_t **res = n ? calloc(n, sizeof(*res)) : NULL;
    const char **types = n ? calloc(n, sizeof(*types)) : NULL;
    const char **ids = n ? calloc(n, sizeof(*ids)) : NULL;
    const char **urls = n ? calloc(n, sizeof(*urls)) : NULL;
    r->admins = n ? easel_arena_alloc(
                        &r->arena, (n < EASEL_FHIR_IMPORT_ADMINS ? n : EASEL_FHIR_IMPORT_ADMINS) *
                                       sizeof(*r->admins))
                  : NULL;
    d->qr_url = n ? easel_arena_alloc(&r->arena, n * sizeof(*d->qr_url)) : NULL;
    d->qr_id = n ? easel_arena_alloc(&r->arena, n * sizeof(*d->qr_id)) : NULL;
    d->qr_admin = n ? easel_arena_alloc(&r->arena, n * sizeof(*d->qr_admin)) : NULL;
    if (n &&
        (!res || !types || !ids || !urls || !r->admins || !d->qr_url || !d->qr_id || !d->qr_admin))
        easel__fr_oom(d);
    /* every entry: an object with a resource that has a resourceType */
    int patient_at = -1;
    for (size_t i = 0; i < n && !d->rc; i++) {
        int e = (int)i;
        char p[32];
        easel__fr_pathf(p, sizeof(p), "entry[%zu]", i);
        json_t *en = json_array_get(entries, i);
        if (!json_is_object(en)) {
            easel__fr_fail(d, -1, p, "must be an object");
            break;
        }
        urls[i] = easel__fr_str(d, en, -1, p, "fullUrl");
        res[i] = easel__fr_obj(d, en, -1, p, "resource");
        if (!d->rc && !res[i])
            easel__fr_fail(d, -1, p, "needs a resource");
        types[i] = d->rc ? NULL : easel__fr_str(d, res[i], e, "", "resourceType");
        if (!d->rc && !types[i])
            easel__fr_fail(d, e, "resourceType", "is required");
        ids[i] = d->rc ? NULL : easel__fr_str(d, res[i], e, "", "id");
        if (!ids[i] || !*ids[i])
            ids[i] = urls[i];
        if (!d->rc && strcmp(types[i], "Patient") == 0) {
            if (patient_at >= 0)
                easel__fr_fail(d, e, "",
                               "a second Patient (the first is entry[%d]): a referral is about "
                               "one patient",
                               patient_at);
            patient_at = e;
        }
    }
    if (!d->rc && patient_at < 0)
        easel__fr_fail(d, -1, "entry", "no Patient: a referral names its patient");
    if (!d->rc) {
        d->patient_url = urls[patient_at];
        const char *pid = easel__fr_str(d, res[patient_at], patient_at, "", "id");
        d->patient_id = pid && *pid ? pid : NULL;
        patient(d, res[patient_at], patient_at, ids[patient_at]);
    }
    /* Conditions, allergies and questionnaires in order; then the Observations, which may
       point back at a questionnaire */
    for (int pass = 0; pass < 2 && !d->rc; pass++)
        for (size_t i = 0; i < n && !d->rc; i++) {
            int e = (int)i;
            const char *t = types[i];
            bool obs = strcmp(t, "Observation") == 0;
            if ((pass == 1) != obs || e == patient_at)
                continue;
            if (obs)
                easel__fr_observation(d, res[i], e, ids[i]);
            else if (strcmp(t, "Condition") == 0)
                condition(d, res[i], e, ids[i]);
            else if (strcmp(t, "AllergyIntolerance") == 0)
                allergy(d, res[i], e, ids[i]);
            else if (strcmp(t, "QuestionnaireResponse") == 0)
                easel__fr_questionnaire_response(d, res[i], e, ids[i], urls[i]);
            else if (strcmp(t, "Patient") != 0)
                easel__fr_item(
                    d, e, t, ids[i], EASEL_FHIR_NOT_UNDERSTOOD,
                    "a %.40s is not part of a referral easel imports (Patient, Condition, "
                    "AllergyIntolerance, Observation, QuestionnaireResponse)",
                    t);
        }
    if (r->arena.failed)
        easel__fr_oom(d);
    if (!d->rc)
        easel__fr_sort(r);
    free(res);
    free(types);
    free(ids);
    free(urls);
    json_decref(root);
}

int easel_fhir_referral_parse(struct easel_fhir_referral *r, const struct easel_kb *kb,
                              const char *text, size_t len, struct easel_error *err)
{
    memset(r, 0, sizeof(*r));
    easel_arena_init(&r->arena);
    r->patient_entry = -1;
    struct easel_error local = {0};
    struct rd d = {.kb = kb, .r = r, .err = err ? err : &local};
    if (len > EASEL_FHIR_IMPORT_MAX)
        d.rc = easel_error_set(d.err, EASEL_ETOOBIG, WHERE, "", "larger than %zu bytes",
                               EASEL_FHIR_IMPORT_MAX);
    else
        bundle(&d, text ? text : "", text ? len : 0);
    if (d.rc)
        easel_fhir_referral_release(r);
    return d.rc;
}

void easel_fhir_referral_release(struct easel_fhir_referral *r)
{
    easel_arena_release(&r->arena);
    memset(r, 0, sizeof(*r));
    r->patient_entry = -1;
}

const char *easel_fhir_outcome_name(enum easel_fhir_outcome o)
{
    return o == EASEL_FHIR_MAPPED       ? "mapped"
           : o == EASEL_FHIR_NOT_STORED ? "not stored"
                                        : "not understood";
}

void easel_fhir_import_ref(const char *identifier, char out[22])
{
    struct easel_sha256 h;
    easel_sha256_init(&h);
    static const char tag[] = "easel-fhir-import/1\n";
    easel_sha256_update(&h, tag, sizeof(tag) - 1);
    easel_sha256_update(&h, identifier, strlen(identifier));
    char hex[65];
    easel_sha256_hex(&h, hex);
    snprintf(out, 22, EASEL_FHIR_REF_PREFIX "%.16s", hex);
}

/* The whole number at the start of s (digits of a date checked earlier). */
static int num(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

/* The age on start_date from the birthDate (a year alone: the difference of the years). */
static int age_on(const struct easel_fhir_referral *r, const char *start_date)
{
    int sy = num(start_date), sm = num(start_date + 5), sd = num(start_date + 8);
    int age = sy - (int)r->birth_year;
    size_t n = strlen(r->birth_date);
    int bm = n >= 7 ? num(r->birth_date + 5) : 0, bd = n == 10 ? num(r->birth_date + 8) : 0;
    if (bm && (sm < bm || (sm == bm && bd && sd < bd)))
        age--;
    return age;
}

const char *easel_fhir_referral_no_profile(const struct easel_fhir_referral *r,
                                           const char *start_date)
{
    if (!r->n_problems)
        return "no Condition matched a problem of the knowledge base, and a profile needs at "
               "least one";
    if (!r->birth_year)
        return "the Patient has no birthDate, and a profile needs the age";
    int age = age_on(r, start_date);
    if (age < 2 || age > 120)
        return "the age from the birthDate is outside 2-120";
    return NULL;
}

int easel_fhir_referral_profile(const struct easel_fhir_referral *r, const struct easel_kb *kb,
                                const char *ref, const char *setting, const char *start_date,
                                struct easel_buf *out, struct easel_error *err)
{
    const char *why = easel_fhir_referral_no_profile(r, start_date);
    if (why)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "profile", "no profile: %s", why);
    easel_buf_puts(out, "{\n  \"format\": \"easel-profile/2\",\n  \"client\": ");
    easel_buf_json_str(out, ref);
    easel_buf_printf(out, ",\n  \"age\": %d,\n  \"setting\": ", age_on(r, start_date));
    easel_buf_json_str(out, setting);
    easel_buf_puts(out, ",\n  \"start_date\": ");
    easel_buf_json_str(out, start_date);
    easel_buf_puts(out, ",\n  \"problems\": [");
    for (int i = 0; i < r->n_problems; i++) {
        easel_buf_puts(out, i ? ", " : "");
        easel_buf_json_str(out, kb->problems[r->problems[i]].id);
    }
    easel_buf_puts(out, "]");
    if (r->n_diagnoses) {
        easel_buf_puts(out, ",\n  \"diagnoses\": [");
        for (int i = 0; i < r->n_diagnoses; i++) {
            easel_buf_puts(out, i ? ", " : "");
            easel_buf_json_str(out, r->diagnoses[i]);
        }
        easel_buf_puts(out, "]");
    }
    if (r->allergens) {
        easel_buf_puts(out, ",\n  \"allergies\": [");
        bool first = true;
        for (int k = 0; k < easel_vocab_count(EASEL_VOCAB_ALLERGEN); k++)
            if (r->allergens & (1u << k)) {
                easel_buf_puts(out, first ? "" : ", ");
                easel_buf_json_str(out, easel_vocab_name(EASEL_VOCAB_ALLERGEN, k));
                first = false;
            }
        easel_buf_puts(out, "]");
    }
    if (r->n_other_allergies) {
        easel_buf_puts(out, ",\n  \"other_allergies\": [");
        for (int i = 0; i < r->n_other_allergies; i++) {
            easel_buf_puts(out, i ? ", " : "");
            easel_buf_json_str(out, r->other_allergies[i]);
        }
        easel_buf_puts(out, "]");
    }
    if (r->n_totals) {
        easel_buf_puts(out, ",\n  \"measures\": [");
        for (int i = 0; i < r->n_totals; i++) {
            easel_buf_puts(out, i ? ",\n    " : "\n    ");
            easel_buf_puts(out, "{\"instrument\": ");
            easel_buf_json_str(out, kb->instruments[r->totals[i].instrument].id);
            easel_buf_printf(out, ", \"date\": \"%s\", \"total\": %d}", r->totals[i].date,
                             r->totals[i].total);
        }
        easel_buf_puts(out, "\n  ]");
    }
    easel_buf_puts(out, "\n}\n");
    if (out->failed)
        return easel_error_set(err, out->failed, WHERE, "profile", "the profile is too large");
    return 0;
}
