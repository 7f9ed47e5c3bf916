/*
 * fhir/fhir_referral_read.c — the referral parse's typed reads and its report (internal,
 * fhir_referral_int.h): a FHIR element of the wrong JSON type refuses the Bundle naming its
 * path; CodeableConcepts, dates, the subject check and the report lines every resource shares.
 *
 * Owns: nothing; strings kept go to the referral's arena. Borrows: the JSON during the parse.
 * Fails: the first error in d->rc / d->err (EASEL_EINVAL naming the path, EASEL_ENOMEM).
 */
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

/* A path or a message into out (truncated, always terminated): paths are at most
   sizeof(err->field) long in the end. */

void easel__fr_pathf(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, size, fmt, ap);
    va_end(ap);
}

/* ---- errors and the report ---- */

int easel__fr_fail(struct rd *d, int entry, const char *field, const char *fmt, ...)
{
    if (d->rc)
        return d->rc;
    char path[96];
    if (entry >= 0)
        easel__fr_pathf(path, sizeof(path), "entry[%d].resource%s%s", entry,
                        field && *field ? "." : "", field ? field : "");
    else
        easel__fr_pathf(path, sizeof(path), "%s", field ? field : "");
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    d->rc = easel_error_set(d->err, EASEL_EINVAL, WHERE, path, "%s", msg);
    return d->rc;
}

void easel__fr_oom(struct rd *d)
{
    if (!d->rc)
        d->rc = easel_error_set(d->err, EASEL_ENOMEM, WHERE, "", "out of memory");
}

struct easel_fhir_report_item *easel__fr_item(struct rd *d, int entry, const char *type,
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
            easel__fr_oom(d);
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
        easel__fr_oom(d);
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

json_t *easel__fr_get(struct rd *d, json_t *o, int entry, const char *path, const char *key,
                      json_type type, const char *what)
{
    json_t *v = json_object_get(o, key);
    if (!v || d->rc)
        return NULL;
    if (json_typeof(v) != type && !(type == JSON_TRUE && json_is_boolean(v))) {
        char f[96];
        easel__fr_pathf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
        easel__fr_fail(d, entry, f, "must be %s", what);
        return NULL;
    }
    return v;
}

const char *easel__fr_str(struct rd *d, json_t *o, int entry, const char *path, const char *key)
{
    json_t *v = easel__fr_get(d, o, entry, path, key, JSON_STRING, "a string");
    return v ? json_string_value(v) : NULL;
}

json_t *easel__fr_arr(struct rd *d, json_t *o, int entry, const char *path, const char *key)
{
    return easel__fr_get(d, o, entry, path, key, JSON_ARRAY, "an array");
}

json_t *easel__fr_obj(struct rd *d, json_t *o, int entry, const char *path, const char *key)
{
    return easel__fr_get(d, o, entry, path, key, JSON_OBJECT, "an object");
}

/* A CodeableConcept at o[key]: text and up to CODINGS_MAX codings (system, code, display). */
void easel__fr_cc_read(struct rd *d, json_t *o, int entry, const char *path, const char *key,
                       struct cc *out)
{
    memset(out, 0, sizeof(*out));
    char p[96];
    easel__fr_pathf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
    json_t *c = easel__fr_obj(d, o, entry, path, key);
    if (!c)
        return;
    out->present = true;
    out->text = easel__fr_str(d, c, entry, p, "text");
    json_t *codings = easel__fr_arr(d, c, entry, p, "coding");
    for (size_t i = 0; codings && i < json_array_size(codings) && !d->rc; i++) {
        char q[96];
        easel__fr_pathf(q, sizeof(q), "%s.coding[%zu]", p, i);
        json_t *x = json_array_get(codings, i);
        if (!json_is_object(x)) {
            easel__fr_fail(d, entry, q, "must be a Coding (an object)");
            return;
        }
        struct coding cd = {easel__fr_str(d, x, entry, q, "system"),
                            easel__fr_str(d, x, entry, q, "code"),
                            easel__fr_str(d, x, entry, q, "display")};
        if (out->n < CODINGS_MAX)
            out->c[out->n++] = cd;
    }
}

/* The code of the first coding of a status CodeableConcept (clinicalStatus ...), or "". */
const char *easel__fr_cc_code(const struct cc *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->c[i].code)
            return c->c[i].code;
    return "";
}

/* A FHIR date or the date part of a dateTime ("2026-11-20T10:00:00Z") -> YYYY-MM-DD; false
   when it has no day (a year or a month alone) or is malformed (*bad then true). */
bool easel__fr_day_of(const char *s, char out[11], bool *bad)
{
    *bad = false;
    size_t n = strlen(s);
    if (n == 4 || n == 7) { /* YYYY or YYYY-MM: valid FHIR, but no day */
        for (size_t i = 0; i < n; i++)
            if (!(i == 4 ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9')))
                *bad = true;
        if (!*bad && n == 7 &&
            ((int)strtol(s + 5, NULL, 10) < 1 || (int)strtol(s + 5, NULL, 10) > 12))
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
bool easel__fr_clean(const char *s, size_t max)
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
const char *easel__fr_name_problem(const char *s)
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
    json_t *ref = easel__fr_obj(d, o, entry, "", key);
    if (!ref)
        return true;
    const char *s = easel__fr_str(d, ref, entry, key, "reference");
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
bool easel__fr_usable(struct rd *d, json_t *res, int entry, const char *type, const char *id,
                      const char *subject_key)
{
    json_t *mx = easel__fr_arr(d, res, entry, "", "modifierExtension");
    if (d->rc)
        return false;
    if (mx && json_array_size(mx)) {
        easel__fr_item(
            d, entry, type, id, EASEL_FHIR_NOT_UNDERSTOOD,
            "carries a modifierExtension easel does not know: it may change the meaning, so "
            "nothing is taken from it");
        return false;
    }
    const char *other;
    if (!about_patient(d, res, entry, subject_key, &other)) {
        if (!d->rc)
            easel__fr_item(d, entry, type, id, EASEL_FHIR_NOT_UNDERSTOOD,
                           "is about %s, not the Bundle's Patient", other);
        return false;
    }
    return !d->rc;
}

bool easel__fr_status_in(const char *code, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(code, *list) == 0)
            return true;
    return false;
}

void easel__fr_sort(struct easel_fhir_referral *r)
{
    if (r->n_items > 1)
        qsort(r->items, r->n_items, sizeof(*r->items), item_cmp);
}
