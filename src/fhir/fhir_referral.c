/*
 * fhir/fhir_referral.c — the pure half of the referral import (easel/fhir.h, docs/fhir.md):
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

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WHERE "Bundle"
#define ICD10 "http://hl7.org/fhir/sid/icd-10"
#define ICD10CM "http://hl7.org/fhir/sid/icd-10-cm"
#define LOINC "http://loinc.org"
#define EASEL_Q EASEL_FHIR_BASE "/Questionnaire/"
#define CODINGS_MAX 16
#define DEPTH_MAX 4

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

/* LOINC codes checked against LOINC (../shared/reference/fhir.md §3), the same allow-list as
   the export: totals, panels (as a questionnaire canonical), items and answers. */
static const struct {
    const char *instrument, *total, *panel;
    const char *items[9];
    const char *ignored[2]; /* items of the panel that are not scored items */
} loinc_instruments[] = {
    {"phq-9",
     "44261-6",
     "44249-1",
     {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3",
      "44260-8"},
     {"69722-7", "44261-6"}},
    {"gad-7",
     "70274-6",
     "69737-5",
     {"69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7", NULL, NULL},
     {"70274-6", NULL}},
};

/* LOINC answer list LL358-3 (PHQ-9 and GAD-7): "not at all" 0 ... "nearly every day" 3 */
static const char *const la_answers[] = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};

struct rd {
    const struct easel_kb *kb;
    struct easel_fhir_referral *r;
    struct easel_error *err;
    int rc;
    const char *patient_url, *patient_id; /* fullUrl and id of the Patient, may be NULL */
    /* QuestionnaireResponses stored as administrations, for Observation.derivedFrom */
    const char **qr_url, **qr_id;
    int *qr_admin;
    size_t n_qr;
};

struct coding {
    const char *system, *code, *display;
};

struct cc {
    bool present;
    const char *text;
    struct coding c[CODINGS_MAX];
    size_t n;
};

/* A path or a message into out (truncated, always terminated): paths are at most
   sizeof(err->field) long in the end. */
static void pathf(char *out, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void pathf(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, size, fmt, ap);
    va_end(ap);
}

/* ---- errors and the report ---- */

static int fail(struct rd *d, int entry, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail(struct rd *d, int entry, const char *field, const char *fmt, ...)
{
    if (d->rc)
        return d->rc;
    char path[96];
    if (entry >= 0)
        pathf(path, sizeof(path), "entry[%d].resource%s%s", entry, field && *field ? "." : "",
              field ? field : "");
    else
        pathf(path, sizeof(path), "%s", field ? field : "");
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    d->rc = easel_error_set(d->err, EASEL_EINVAL, WHERE, path, "%s", msg);
    return d->rc;
}

static void oom(struct rd *d)
{
    if (!d->rc)
        d->rc = easel_error_set(d->err, EASEL_ENOMEM, WHERE, "", "out of memory");
}

static struct easel_fhir_report_item *item(struct rd *d, int entry, const char *type,
                                           const char *id, enum easel_fhir_outcome o,
                                           const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static struct easel_fhir_report_item *item(struct rd *d, int entry, const char *type,
                                           const char *id, enum easel_fhir_outcome o,
                                           const char *fmt, ...)
{
    struct easel_fhir_referral *r = d->r;
    if (d->rc)
        return NULL;
    if (r->n_items == r->cap_items) {
        size_t cap = r->cap_items ? r->cap_items * 2 : 32;
        struct easel_fhir_report_item *n = easel_arena_alloc(&r->arena, cap * sizeof(*n));
        if (!n) {
            oom(d);
            return NULL;
        }
        if (r->n_items)
            memcpy(n, r->items, r->n_items * sizeof(*n));
        r->items = n;
        r->cap_items = cap;
    }
    char text[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    struct easel_fhir_report_item *it = &r->items[r->n_items++];
    *it = (struct easel_fhir_report_item){.entry = entry,
                                          .resource = easel_arena_strdup(&r->arena, type),
                                          .id = easel_arena_strdup(&r->arena, id ? id : ""),
                                          .outcome = o,
                                          .to = easel_arena_strdup(&r->arena, text)};
    if (r->arena.failed)
        oom(d);
    return it;
}

static int item_cmp(const void *a, const void *b)
{
    const struct easel_fhir_report_item *x = a, *y = b;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    return x < y ? -1 : x > y; /* never reached: one line per entry */
}

/* ---- typed reads: a member of the wrong JSON type is an error naming its path ---- */

static json_t *get(struct rd *d, json_t *o, int entry, const char *path, const char *key,
                   json_type type, const char *what)
{
    json_t *v = json_object_get(o, key);
    if (!v || d->rc)
        return NULL;
    if (json_typeof(v) != type && !(type == JSON_TRUE && json_is_boolean(v))) {
        char f[96];
        pathf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
        fail(d, entry, f, "must be %s", what);
        return NULL;
    }
    return v;
}

static const char *str(struct rd *d, json_t *o, int entry, const char *path, const char *key)
{
    json_t *v = get(d, o, entry, path, key, JSON_STRING, "a string");
    return v ? json_string_value(v) : NULL;
}

static json_t *arr(struct rd *d, json_t *o, int entry, const char *path, const char *key)
{
    return get(d, o, entry, path, key, JSON_ARRAY, "an array");
}

static json_t *obj(struct rd *d, json_t *o, int entry, const char *path, const char *key)
{
    return get(d, o, entry, path, key, JSON_OBJECT, "an object");
}

/* A CodeableConcept at o[key]: text and up to CODINGS_MAX codings (system, code, display). */
static void cc_read(struct rd *d, json_t *o, int entry, const char *path, const char *key,
                    struct cc *out)
{
    memset(out, 0, sizeof(*out));
    char p[96];
    pathf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
    json_t *c = obj(d, o, entry, path, key);
    if (!c)
        return;
    out->present = true;
    out->text = str(d, c, entry, p, "text");
    json_t *codings = arr(d, c, entry, p, "coding");
    for (size_t i = 0; codings && i < json_array_size(codings) && !d->rc; i++) {
        char q[96];
        pathf(q, sizeof(q), "%s.coding[%zu]", p, i);
        json_t *x = json_array_get(codings, i);
        if (!json_is_object(x)) {
            fail(d, entry, q, "must be a Coding (an object)");
            return;
        }
        struct coding cd = {str(d, x, entry, q, "system"), str(d, x, entry, q, "code"),
                            str(d, x, entry, q, "display")};
        if (out->n < CODINGS_MAX)
            out->c[out->n++] = cd;
    }
}

/* The code of the first coding of a status CodeableConcept (clinicalStatus ...), or "". */
static const char *cc_code(const struct cc *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->c[i].code)
            return c->c[i].code;
    return "";
}

/* A FHIR date or the date part of a dateTime ("2026-11-20T10:00:00Z") -> YYYY-MM-DD; false
   when it has no day (a year or a month alone) or is malformed (*bad then true). */
static bool day_of(const char *s, char out[11], bool *bad)
{
    *bad = false;
    size_t n = strlen(s);
    if (n == 4 || n == 7) { /* YYYY or YYYY-MM: valid FHIR, but no day */
        for (size_t i = 0; i < n; i++)
            if (!(i == 4 ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9')))
                *bad = true;
        if (!*bad && n == 7 && (atoi(s + 5) < 1 || atoi(s + 5) > 12))
            *bad = true;
        return false;
    }
    if (n < 10 || (n > 10 && s[10] != 'T')) {
        *bad = true;
        return false;
    }
    memcpy(out, s, 10);
    out[10] = '\0';
    int64_t days;
    if (easel_date_parse(out, &days)) {
        *bad = true;
        return false;
    }
    return true;
}

/* Text a profile list keeps: 1..max bytes, no control characters. */
static bool clean(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

/* A name the client record keeps (store/text.c's rule): 1-200 characters of valid text, no
   control or text-direction characters. */
static const char *name_problem(const char *s)
{
    size_t chars = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
        for (size_t i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return "is not valid UTF-8";
            cp = cp << 6 | (p[i] & 0x3Fu);
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069))
            return "contains a control character";
        if (++chars > 200)
            return "is longer than 200 characters";
        p += n;
    }
    return chars ? NULL : "is empty";
}

/* ---- the subject ---- */

/* Whether o[key] (a Reference) names the Bundle's Patient; absent counts as yes (the Bundle is
   about one patient). *other: the reference it names instead. */
static bool about_patient(struct rd *d, json_t *o, int entry, const char *key, const char **other)
{
    *other = NULL;
    json_t *ref = obj(d, o, entry, "", key);
    if (!ref)
        return true;
    const char *s = str(d, ref, entry, key, "reference");
    if (!s)
        return true;
    if (d->patient_url && strcmp(s, d->patient_url) == 0)
        return true;
    if (d->patient_id) {
        size_t n = strlen(s), k = strlen(d->patient_id);
        if (n >= k + 8 && strcmp(s + n - k, d->patient_id) == 0 &&
            memcmp(s + n - k - 8, "Patient/", 8) == 0 && (n == k + 8 || s[n - k - 9] == '/'))
            return true;
    }
    *other = s;
    return false;
}

/* What every mapped resource is checked for first; false when it was reported (not understood). */
static bool usable(struct rd *d, json_t *res, int entry, const char *type, const char *id,
                   const char *subject_key)
{
    json_t *mx = arr(d, res, entry, "", "modifierExtension");
    if (d->rc)
        return false;
    if (mx && json_array_size(mx)) {
        item(d, entry, type, id, EASEL_FHIR_NOT_UNDERSTOOD,
             "carries a modifierExtension easel does not know: it may change the meaning, so "
             "nothing is taken from it");
        return false;
    }
    const char *other;
    if (!about_patient(d, res, entry, subject_key, &other)) {
        if (!d->rc)
            item(d, entry, type, id, EASEL_FHIR_NOT_UNDERSTOOD,
                 "is about %s, not the Bundle's Patient", other);
        return false;
    }
    return !d->rc;
}

/* ---- Patient ---- */

static void patient(struct rd *d, json_t *res, int entry, const char *id)
{
    struct easel_fhir_referral *r = d->r;
    r->patient_entry = entry;
    json_t *mx = arr(d, res, entry, "", "modifierExtension");
    if (mx && json_array_size(mx)) {
        fail(d, entry, "modifierExtension",
             "the Patient carries a modifierExtension easel does not know");
        return;
    }
    json_t *ids = arr(d, res, entry, "", "identifier");
    size_t n = ids ? json_array_size(ids) : 0;
    r->identifiers = easel_arena_alloc(&r->arena, (n + 1) * sizeof(*r->identifiers));
    if (!r->identifiers) {
        oom(d);
        return;
    }
    for (size_t i = 0; i < n && !d->rc && r->n_identifiers < 16; i++) {
        char p[48];
        pathf(p, sizeof(p), "identifier[%zu]", i);
        json_t *x = json_array_get(ids, i);
        if (!json_is_object(x)) {
            fail(d, entry, p, "must be an Identifier (an object)");
            return;
        }
        const char *sys = str(d, x, entry, p, "system"), *val = str(d, x, entry, p, "value");
        if (sys && val && *sys && *val)
            r->identifiers[r->n_identifiers++] = easel_arena_printf(&r->arena, "%s|%s", sys, val);
    }
    if (d->rc)
        return;
    if (!r->n_identifiers) {
        fail(d, entry, "identifier",
             "the Patient needs an identifier with a system and a value: easel imports a "
             "patient once, by it");
        return;
    }
    /* the name: the first HumanName with text, else the first with given or family names */
    json_t *names = arr(d, res, entry, "", "name");
    const char *name = NULL;
    char name_path[48] = "name";
    for (size_t i = 0; names && i < json_array_size(names) && !d->rc && !name; i++) {
        char p[48];
        pathf(p, sizeof(p), "name[%zu]", i);
        json_t *hn = json_array_get(names, i);
        if (!json_is_object(hn)) {
            fail(d, entry, p, "must be a HumanName (an object)");
            return;
        }
        const char *text = str(d, hn, entry, p, "text");
        if (text && *text) {
            name = text;
            pathf(name_path, sizeof(name_path), "%s.text", p);
        }
    }
    for (size_t i = 0; names && i < json_array_size(names) && !d->rc && !name; i++) {
        char p[48];
        pathf(p, sizeof(p), "name[%zu]", i);
        json_t *hn = json_array_get(names, i);
        json_t *given = arr(d, hn, entry, p, "given");
        const char *family = str(d, hn, entry, p, "family");
        char buf[1024] = "";
        for (size_t g = 0; given && g < json_array_size(given) && !d->rc; g++) {
            json_t *gv = json_array_get(given, g);
            if (!json_is_string(gv)) {
                char q[64];
                pathf(q, sizeof(q), "%s.given[%zu]", p, g);
                fail(d, entry, q, "must be a string");
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
            pathf(name_path, sizeof(name_path), "%s", p);
        }
    }
    if (d->rc)
        return;
    if (!name) {
        fail(d, entry, "name",
             "the Patient needs a name (text, or given and family names): it "
             "is the client's display name");
        return;
    }
    const char *why = name_problem(name);
    if (why) {
        fail(d, entry, name_path, "the client's name %s", why);
        return;
    }
    r->name = easel_arena_strdup(&r->arena, name);
    const char *bd = str(d, res, entry, "", "birthDate");
    if (bd) {
        char day[11];
        bool bad;
        bool full = day_of(bd, day, &bad);
        if (bad || (full && strlen(bd) != 10)) {
            fail(d, entry, "birthDate", "must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)");
            return;
        }
        long year = strtol(bd, NULL, 10);
        if (year < 1900 || year > 2100) {
            fail(d, entry, "birthDate", "the year must be 1900-2100, got %ld", year);
            return;
        }
        r->birth_year = year;
        snprintf(r->birth_date, sizeof(r->birth_date), "%s", bd);
    }
    if (r->arena.failed)
        oom(d);
    if (!d->rc)
        item(d, entry, "Patient", id, EASEL_FHIR_MAPPED, "the client: name%s",
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
    if (!clean(text, 32))
        return NULL;
    for (int i = 0; i < r->n_diagnoses; i++)
        if (strcmp(r->diagnoses[i], text) == 0)
            return easel_arena_printf(&r->arena, "diagnosis %s (already listed)", text);
    if (r->n_diagnoses == 8)
        return NULL;
    r->diagnoses[r->n_diagnoses++] = easel_arena_strdup(&r->arena, text);
    return easel_arena_printf(&r->arena, "diagnosis %s", text);
}

static bool status_in(const char *code, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(code, *list) == 0)
            return true;
    return false;
}

static void condition(struct rd *d, json_t *res, int entry, const char *id)
{
    static const char *const ended[] = {"inactive", "resolved", "remission", NULL};
    static const char *const unsure[] = {"refuted", "entered-in-error", NULL};
    if (!usable(d, res, entry, "Condition", id, "subject"))
        return;
    struct cc clin, ver, code;
    cc_read(d, res, entry, "", "clinicalStatus", &clin);
    cc_read(d, res, entry, "", "verificationStatus", &ver);
    cc_read(d, res, entry, "", "code", &code);
    json_t *cats = arr(d, res, entry, "", "category");
    bool dx = false;
    for (size_t i = 0; cats && i < json_array_size(cats) && !d->rc; i++) {
        char p[32];
        pathf(p, sizeof(p), "category[%zu]", i);
        struct cc cat;
        json_t *wrap = json_pack("{s:O}", p, json_array_get(cats, i));
        cc_read(d, wrap, entry, "", p, &cat);
        json_decref(wrap);
        for (size_t k = 0; k < cat.n; k++)
            dx = dx || (cat.c[k].code && strcmp(cat.c[k].code, "encounter-diagnosis") == 0);
    }
    if (d->rc)
        return;
    if (status_in(cc_code(&clin), ended)) {
        item(d, entry, "Condition", id, EASEL_FHIR_NOT_UNDERSTOOD,
             "clinicalStatus %s: not a presenting problem", cc_code(&clin));
        return;
    }
    if (status_in(cc_code(&ver), unsure)) {
        item(d, entry, "Condition", id, EASEL_FHIR_NOT_UNDERSTOOD, "verificationStatus %s",
             cc_code(&ver));
        return;
    }
    if (!code.present) {
        item(d, entry, "Condition", id, EASEL_FHIR_NOT_UNDERSTOOD, "no code");
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
        oom(d);
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
        item(d, entry, "Condition", id, EASEL_FHIR_NOT_UNDERSTOOD, "%s%s%.120s%s%s%s%s",
             k >= 0 ? "more than 8 problems: " : "no problem of the knowledge base matches ",
             text ? "\"" : "", text ? text : "", text ? "\"" : "", *codes ? " (" : "", codes,
             *codes ? ")" : "");
        return;
    }
    struct easel_fhir_report_item *it =
        item(d, entry, "Condition", id, EASEL_FHIR_MAPPED, "%s%s%s%s%s", p ? p : "", p ? how : "",
             p && g ? ", " : "", g ? g : "",
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
    if (!usable(d, res, entry, "AllergyIntolerance", id, "patient"))
        return;
    struct cc clin, ver, code;
    cc_read(d, res, entry, "", "clinicalStatus", &clin);
    cc_read(d, res, entry, "", "verificationStatus", &ver);
    cc_read(d, res, entry, "", "code", &code);
    if (d->rc)
        return;
    if (status_in(cc_code(&clin), ended) || status_in(cc_code(&ver), unsure)) {
        item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_NOT_UNDERSTOOD, "%s %s",
             status_in(cc_code(&clin), ended) ? "clinicalStatus" : "verificationStatus",
             status_in(cc_code(&clin), ended) ? cc_code(&clin) : cc_code(&ver));
        return;
    }
    const char *text = code.text;
    for (size_t i = 0; !text && i < code.n; i++)
        text = code.c[i].display;
    if (!text || !*text) {
        item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_NOT_UNDERSTOOD,
             "no text or display to read the substance from (codes alone are not mapped)");
        return;
    }
    if (says_none(text)) {
        item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_NOT_UNDERSTOOD,
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
        it = item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_MAPPED,
                  "allergies: %s (every medium carrying it is excluded)", words);
    } else {
        bool dup = false;
        for (int i = 0; i < r->n_other_allergies; i++)
            dup = dup || strcmp(r->other_allergies[i], text) == 0;
        if (!clean(text, 120) || (!dup && r->n_other_allergies == 8)) {
            item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_NOT_UNDERSTOOD,
                 "\"%.80s\" is no allergen the materials are checked for, and %s", text,
                 r->n_other_allergies == 8 ? "other_allergies is full (8)"
                                           : "is too long or holds control characters for "
                                             "other_allergies (120 bytes)");
            return;
        }
        if (!dup)
            r->other_allergies[r->n_other_allergies++] = easel_arena_strdup(&r->arena, text);
        it = item(d, entry, "AllergyIntolerance", id, EASEL_FHIR_MAPPED,
                  "other allergy \"%s\"%s (no material check knows it: shown as a precaution on "
                  "the plan and every session)",
                  text, dup ? " (already listed)" : "");
    }
    if (it)
        it->in_profile = true;
}

/* ---- QuestionnaireResponse ---- */

static int loinc_row(const char *instrument)
{
    for (size_t i = 0; i < sizeof(loinc_instruments) / sizeof(loinc_instruments[0]); i++)
        if (strcmp(loinc_instruments[i].instrument, instrument) == 0)
            return (int)i;
    return -1;
}

/* The KB instrument a questionnaire canonical names: easel's own (EASEL_FHIR_BASE
   "/Questionnaire/ID[|version]") or a LOINC panel on the allow-list. -1: none. */
static int questionnaire_instrument(const struct easel_kb *kb, const char *canonical)
{
    char c[256];
    pathf(c, sizeof(c), "%s", canonical);
    char *bar = strchr(c, '|');
    if (bar)
        *bar = '\0';
    size_t n = strlen(EASEL_Q);
    if (strncmp(c, EASEL_Q, n) == 0)
        return easel_kb_instrument(kb, c + n);
    if (!strstr(c, "loinc.org"))
        return -1;
    const char *last = strrchr(c, '/');
    last = last ? last + 1 : c;
    for (size_t i = 0; i < sizeof(loinc_instruments) / sizeof(loinc_instruments[0]); i++)
        if (strcmp(last, loinc_instruments[i].panel) == 0)
            return easel_kb_instrument(kb, loinc_instruments[i].instrument);
    return -1;
}

/* The item index (0-based) a linkId names: "1".."n" (easel's export), or the item's LOINC code
   ("44250-9" or "/44250-9"); -2 for a panel item that is not scored (the PHQ-9 difficulty
   item, the total); -1 unknown. */
static int item_index(const struct easel_instrument *in, int row, const char *link)
{
    char *end;
    long v = strtol(link, &end, 10);
    if (end != link && !*end && link[0] >= '1' && link[0] <= '9' && v >= 1 && v <= in->items)
        return (int)v - 1;
    if (row < 0)
        return -1;
    const char *code = link[0] == '/' ? link + 1 : link;
    for (int i = 0; i < 9 && i < in->items; i++)
        if (loinc_instruments[row].items[i] && strcmp(code, loinc_instruments[row].items[i]) == 0)
            return i;
    for (int i = 0; i < 2; i++)
        if (loinc_instruments[row].ignored[i] &&
            strcmp(code, loinc_instruments[row].ignored[i]) == 0)
            return -2;
    return -1;
}

struct qr_walk {
    const struct easel_instrument *in;
    int row;
    int answers[64];
    bool seen[64];
    char paths[64][96]; /* the answer's path, for a range error */
    const char *why;    /* not understood: why */
};

static void qr_items(struct rd *d, struct qr_walk *w, json_t *items, int entry, const char *path,
                     int depth)
{
    for (size_t i = 0; i < json_array_size(items) && !d->rc && !w->why; i++) {
        char p[96];
        pathf(p, sizeof(p), "%s[%zu]", path, i);
        json_t *it = json_array_get(items, i);
        if (!json_is_object(it)) {
            fail(d, entry, p, "must be an item (an object)");
            return;
        }
        const char *link = str(d, it, entry, p, "linkId");
        json_t *answers = arr(d, it, entry, p, "answer");
        char sub[96];
        pathf(sub, sizeof(sub), "%s.item", p);
        json_t *children = arr(d, it, entry, p, "item");
        if (d->rc)
            return;
        if (!link) {
            fail(d, entry, p, "an item needs its linkId");
            return;
        }
        if (children && depth < DEPTH_MAX && (!answers || !json_array_size(answers))) {
            qr_items(d, w, children, entry, sub, depth + 1); /* a group */
            continue;
        }
        int k = item_index(w->in, w->row, link);
        if (k == -2)
            continue;
        if (k < 0) {
            w->why = easel_arena_printf(&d->r->arena, "item linkId \"%.40s\" is no item of %s",
                                        link, w->in->name);
            return;
        }
        if (w->seen[k]) {
            w->why = easel_arena_printf(&d->r->arena, "item %d is given twice", k + 1);
            return;
        }
        w->seen[k] = true;
        w->answers[k] = EASEL_SCORE_MISSING; /* no answer: a blank item */
        size_t na = answers ? json_array_size(answers) : 0;
        if (na > 1) {
            w->why = easel_arena_printf(&d->r->arena, "item %d has %zu answers", k + 1, na);
            return;
        }
        if (!na)
            continue;
        char ap[96];
        pathf(ap, sizeof(ap), "%s.answer[0]", p);
        json_t *a = json_array_get(answers, 0);
        if (!json_is_object(a)) {
            fail(d, entry, ap, "must be an answer (an object)");
            return;
        }
        json_t *vi = get(d, a, entry, ap, "valueInteger", JSON_INTEGER, "an integer");
        json_t *vc = obj(d, a, entry, ap, "valueCoding");
        if (d->rc)
            return;
        long long v;
        if (vi) {
            v = json_integer_value(vi);
            pathf(w->paths[k], sizeof(w->paths[k]), "%s.valueInteger", ap);
        } else if (vc) {
            char cp[96];
            pathf(cp, sizeof(cp), "%s.valueCoding", ap);
            const char *code = str(d, vc, entry, cp, "code");
            if (d->rc)
                return;
            v = -1;
            for (int x = 0; code && w->row >= 0 && x < 4; x++)
                if (strcmp(code, la_answers[x]) == 0)
                    v = x;
            if (v < 0) {
                w->why = easel_arena_printf(
                    &d->r->arena, "item %d: the answer code is not one easel knows", k + 1);
                return;
            }
            pathf(w->paths[k], sizeof(w->paths[k]), "%s.code", cp);
        } else {
            w->why = easel_arena_printf(&d->r->arena,
                                        "item %d: the answer is neither valueInteger nor a LOINC "
                                        "answer code",
                                        k + 1);
            return;
        }
        if (v < w->in->item_min || v > w->in->item_max) {
            fail(d, entry, w->paths[k], "item %d of %s: the answer must be %d-%d, got %lld", k + 1,
                 w->in->name, w->in->item_min, w->in->item_max, v);
            return;
        }
        w->answers[k] = (int)v;
    }
}

static void questionnaire_response(struct rd *d, json_t *res, int entry, const char *id,
                                   const char *full_url)
{
    static const char *const done[] = {"completed", "amended", NULL};
    struct easel_fhir_referral *r = d->r;
    const char *T = "QuestionnaireResponse";
    if (!usable(d, res, entry, T, id, "subject"))
        return;
    const char *status = str(d, res, entry, "", "status");
    const char *q = str(d, res, entry, "", "questionnaire");
    const char *authored = str(d, res, entry, "", "authored");
    json_t *items = arr(d, res, entry, "", "item");
    char date[11] = "";
    bool bad = false;
    bool dated = authored && day_of(authored, date, &bad);
    if (bad)
        fail(d, entry, "authored", "must be a FHIR dateTime (YYYY-MM-DD...)");
    if (d->rc)
        return;
    if (!status || !status_in(status, done)) {
        item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD,
             "status %s: only a completed administration is stored", status ? status : "missing");
        return;
    }
    int ix = q ? questionnaire_instrument(d->kb, q) : -1;
    if (ix < 0) {
        item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD,
             "questionnaire %.200s is no instrument easel ships (its own canonicals "
             "" EASEL_Q "ID, or the LOINC PHQ-9 and GAD-7 panels)",
             q ? q : "(none)");
        return;
    }
    const struct easel_instrument *in = &d->kb->instruments[ix];
    if (!dated) {
        item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s without an authored day", in->name);
        return;
    }
    struct qr_walk *w = calloc(1, sizeof(*w));
    if (!w) {
        oom(d);
        return;
    }
    w->in = in;
    w->row = loinc_row(in->id);
    if (items)
        qr_items(d, w, items, entry, "item", 0);
    for (int k = 0; k < in->items && !w->why && !d->rc; k++)
        if (!w->seen[k])
            w->why = easel_arena_printf(&r->arena,
                                        "item %d of %s is missing: only a complete "
                                        "administration is stored",
                                        k + 1, in->name);
    if (d->rc || w->why) {
        if (!d->rc)
            item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s", w->why);
        free(w);
        return;
    }
    struct easel_score_result sc;
    struct easel_error e = {0};
    if (easel_score(in, w->answers, in->items, &sc, &e)) {
        fail(d, entry, "item", "%s: %s", e.field, e.msg);
        free(w);
        return;
    }
    if (r->n_admins == EASEL_FHIR_IMPORT_ADMINS) {
        item(d, entry, T, id, EASEL_FHIR_NOT_STORED, "more than %d administrations in one Bundle",
             EASEL_FHIR_IMPORT_ADMINS);
        free(w);
        return;
    }
    struct easel_fhir_admin *a = &r->admins[r->n_admins];
    *a = (struct easel_fhir_admin){.instrument = ix,
                                   .n = in->items,
                                   .entry = entry,
                                   .total_x100 = sc.valid ? sc.total_x100 : -1};
    memcpy(a->answers, w->answers, sizeof(int) * (size_t)in->items);
    memcpy(a->date, date, sizeof(a->date));
    free(w);
    d->qr_url[d->n_qr] = full_url;
    d->qr_id[d->n_qr] = id;
    d->qr_admin[d->n_qr++] = (int)r->n_admins;
    r->n_admins++;
    char total[48];
    if (sc.valid && sc.total_x100 % 100)
        pathf(total, sizeof(total), "%d.%02d", sc.total_x100 / 100, sc.total_x100 % 100);
    else
        pathf(total, sizeof(total), "%d", sc.total_x100 / 100);
    item(d, entry, T, id, EASEL_FHIR_MAPPED, "%s administration on %s, %s%s%s%s%s%s", in->name,
         date, sc.valid ? "total " : "not valid: ", sc.valid ? total : sc.reason,
         sc.valid && sc.band_label ? " (" : "", sc.valid && sc.band_label ? sc.band_label : "",
         sc.valid && sc.band_label ? ")" : "",
         sc.risk ? "; RISK: its risk item was answered above 0" : "");
}

/* ---- Observation ---- */

static int observation_instrument(const struct easel_kb *kb, const struct cc *code)
{
    for (size_t i = 0; i < code->n; i++)
        for (size_t k = 0;
             code->c[i].system && code->c[i].code && strcmp(code->c[i].system, LOINC) == 0 &&
             k < sizeof(loinc_instruments) / sizeof(loinc_instruments[0]);
             k++)
            if (strcmp(code->c[i].code, loinc_instruments[k].total) == 0)
                return easel_kb_instrument(kb, loinc_instruments[k].instrument);
    /* easel's own export: code.text "NAME total score" */
    for (size_t i = 0; code->text && i < kb->n_instruments; i++) {
        size_t n = strlen(kb->instruments[i].name);
        if (strncasecmp(code->text, kb->instruments[i].name, n) == 0 &&
            strcasecmp(code->text + n, " total score") == 0)
            return (int)i;
    }
    return -1;
}

static void observation(struct rd *d, json_t *res, int entry, const char *id)
{
    static const char *const final[] = {"final", "amended", "corrected", NULL};
    struct easel_fhir_referral *r = d->r;
    const char *T = "Observation";
    if (!usable(d, res, entry, T, id, "subject"))
        return;
    const char *status = str(d, res, entry, "", "status");
    struct cc code;
    cc_read(d, res, entry, "", "code", &code);
    const char *eff = str(d, res, entry, "", "effectiveDateTime");
    json_t *vi = get(d, res, entry, "", "valueInteger", JSON_INTEGER, "an integer");
    json_t *vq = obj(d, res, entry, "", "valueQuantity");
    json_t *qv = vq ? json_object_get(vq, "value") : NULL;
    if (qv && !json_is_number(qv))
        fail(d, entry, "valueQuantity.value", "must be a number");
    json_t *from = arr(d, res, entry, "", "derivedFrom");
    char date[11] = "";
    bool bad = false;
    bool dated = eff && day_of(eff, date, &bad);
    if (bad)
        fail(d, entry, "effectiveDateTime", "must be a FHIR dateTime (YYYY-MM-DD...)");
    if (d->rc)
        return;
    int ix = observation_instrument(d->kb, &code);
    if (ix < 0) {
        item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD,
             "not the total of an instrument easel ships (LOINC 44261-6 PHQ-9, 70274-6 GAD-7, "
             "or easel's own \"NAME total score\")");
        return;
    }
    const struct easel_instrument *in = &d->kb->instruments[ix];
    if (!status || !status_in(status, final)) {
        item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s total with status %s", in->name,
             status ? status : "missing");
        return;
    }
    /* the total of an administration stored from the Bundle's QuestionnaireResponse */
    for (size_t i = 0; from && i < json_array_size(from) && !d->rc; i++) {
        char p[48];
        pathf(p, sizeof(p), "derivedFrom[%zu]", i);
        json_t *ref = json_array_get(from, i);
        if (!json_is_object(ref)) {
            fail(d, entry, p, "must be a Reference (an object)");
            return;
        }
        const char *s = str(d, ref, entry, p, "reference");
        for (size_t k = 0; s && k < d->n_qr; k++) {
            bool same = (d->qr_url[k] && strcmp(s, d->qr_url[k]) == 0) ||
                        (d->qr_id[k] && *d->qr_id[k] &&
                         strcmp(s, easel_arena_printf(&r->arena, "QuestionnaireResponse/%s",
                                                      d->qr_id[k])) == 0);
            const struct easel_fhir_admin *a = &r->admins[d->qr_admin[k]];
            if (same && a->instrument == ix) {
                item(d, entry, T, id, EASEL_FHIR_MAPPED,
                     "the total of the %s administration of entry[%d] (easel scores it from the "
                     "items)",
                     in->name, a->entry);
                return;
            }
        }
    }
    if (d->rc)
        return;
    if (!dated) {
        item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s total without an effective day",
             in->name);
        return;
    }
    for (size_t k = 0; k < r->n_admins; k++)
        if (r->admins[k].instrument == ix && strcmp(r->admins[k].date, date) == 0) {
            item(d, entry, T, id, EASEL_FHIR_MAPPED,
                 "the total of the %s administration of entry[%d] on %s (easel scores it from the "
                 "items)",
                 in->name, r->admins[k].entry, date);
            return;
        }
    double v;
    const char *vpath = vi ? "valueInteger" : "valueQuantity.value";
    if (vi)
        v = (double)json_integer_value(vi);
    else if (qv)
        v = json_number_value(qv);
    else {
        item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s total without a value", in->name);
        return;
    }
    if (v < in->total_min || v > in->total_max) {
        fail(d, entry, vpath, "a %s total must be %d-%d, got %g", in->name, in->total_min,
             in->total_max, v);
        return;
    }
    if (v != (double)(int)v) {
        item(d, entry, T, id, EASEL_FHIR_NOT_STORED,
             "noted, not stored: total only, and %g is not a whole total", v);
        return;
    }
    int total = (int)v;
    for (int k = 0; k < r->n_totals; k++)
        if (r->totals[k].instrument == ix && strcmp(r->totals[k].date, date) == 0) {
            item(d, entry, T, id, EASEL_FHIR_NOT_STORED,
                 "noted, not stored: total only (%s total on %s already listed)", in->name, date);
            return;
        }
    if (r->n_totals == 64) {
        item(d, entry, T, id, EASEL_FHIR_NOT_STORED,
             "noted, not stored: total only (more than 64 totals)");
        return;
    }
    struct easel_fhir_total *t = &r->totals[r->n_totals++];
    t->instrument = ix;
    t->total = total;
    t->entry = entry;
    memcpy(t->date, date, sizeof(t->date));
    struct easel_fhir_report_item *it =
        item(d, entry, T, id, EASEL_FHIR_NOT_STORED,
             "noted, not stored: total only (%s total %d on %s; an administration needs every "
             "item answer)",
             in->name, total, date);
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
    const char *rt = json_is_object(root) ? str(d, root, -1, "", "resourceType") : NULL;
    json_t *entries = rt ? arr(d, root, -1, "", "entry") : NULL;
    if (!d->rc && !json_is_object(root))
        fail(d, -1, "", "must be a JSON object (a FHIR Bundle)");
    else if (!d->rc && (!rt || strcmp(rt, "Bundle") != 0))
        fail(d, -1, "resourceType", "must be \"Bundle\"");
    else if (!d->rc && (!entries || !json_array_size(entries)))
        fail(d, -1, "entry", "the Bundle has no entries");
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
        oom(d);
    /* every entry: an object with a resource that has a resourceType */
    int patient_at = -1;
    for (size_t i = 0; i < n && !d->rc; i++) {
        int e = (int)i;
        char p[32];
        pathf(p, sizeof(p), "entry[%zu]", i);
        json_t *en = json_array_get(entries, i);
        if (!json_is_object(en)) {
            fail(d, -1, p, "must be an object");
            break;
        }
        urls[i] = str(d, en, -1, p, "fullUrl");
        res[i] = obj(d, en, -1, p, "resource");
        if (!d->rc && !res[i])
            fail(d, -1, p, "needs a resource");
        types[i] = d->rc ? NULL : str(d, res[i], e, "", "resourceType");
        if (!d->rc && !types[i])
            fail(d, e, "resourceType", "is required");
        ids[i] = d->rc ? NULL : str(d, res[i], e, "", "id");
        if (!ids[i] || !*ids[i])
            ids[i] = urls[i];
        if (!d->rc && strcmp(types[i], "Patient") == 0) {
            if (patient_at >= 0)
                fail(d, e, "",
                     "a second Patient (the first is entry[%d]): a referral is about "
                     "one patient",
                     patient_at);
            patient_at = e;
        }
    }
    if (!d->rc && patient_at < 0)
        fail(d, -1, "entry", "no Patient: a referral names its patient");
    if (!d->rc) {
        d->patient_url = urls[patient_at];
        const char *pid = str(d, res[patient_at], patient_at, "", "id");
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
                observation(d, res[i], e, ids[i]);
            else if (strcmp(t, "Condition") == 0)
                condition(d, res[i], e, ids[i]);
            else if (strcmp(t, "AllergyIntolerance") == 0)
                allergy(d, res[i], e, ids[i]);
            else if (strcmp(t, "QuestionnaireResponse") == 0)
                questionnaire_response(d, res[i], e, ids[i], urls[i]);
            else if (strcmp(t, "Patient") != 0)
                item(d, e, t, ids[i], EASEL_FHIR_NOT_UNDERSTOOD,
                     "a %.40s is not part of a referral easel imports (Patient, Condition, "
                     "AllergyIntolerance, Observation, QuestionnaireResponse)",
                     t);
        }
    if (r->arena.failed)
        oom(d);
    if (!d->rc && r->n_items > 1)
        qsort(r->items, r->n_items, sizeof(*r->items), item_cmp);
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

/* The age on start_date from the birthDate (a year alone: the difference of the years). */
static int age_on(const struct easel_fhir_referral *r, const char *start_date)
{
    int sy = atoi(start_date), sm = atoi(start_date + 5), sd = atoi(start_date + 8);
    int age = sy - (int)r->birth_year;
    size_t n = strlen(r->birth_date);
    int bm = n >= 7 ? atoi(r->birth_date + 5) : 0, bd = n == 10 ? atoi(r->birth_date + 8) : 0;
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
