/*
 * fhir/fhir_referral_int.h — internal to the referral import's parse (fhir_referral.c: the
 * Bundle, the Patient, Conditions and allergies; fhir_referral_measures.c: questionnaires and
 * totals; fhir_referral_read.c: typed reads of FHIR elements and the report): the reader's state
 * and the helpers they share.
 *
 * Owns: nothing; strings kept go to the referral's arena. Borrows: the JSON during the parse.
 * Fails: the first error is kept in d->rc and d->err (EASEL_EINVAL naming the path, or
 * EASEL_ENOMEM); every helper does nothing once d->rc is set.
 */
#ifndef EASEL_FHIR_REFERRAL_INT_H
#define EASEL_FHIR_REFERRAL_INT_H

#include "easel/fhir.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define EASEL__FR_WHERE "Bundle"
#define CODINGS_MAX 16

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

/* A path or a message into out (truncated, always terminated). */
void easel__fr_pathf(char *out, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Refuse the Bundle: EASEL_EINVAL with the path "entry[E].resource.FIELD" (entry -1: FIELD
   alone). Returns d->rc. */
int easel__fr_fail(struct rd *d, int entry, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void easel__fr_oom(struct rd *d);
/* Add a report line (strings copied into the arena); NULL once d->rc is set. */
struct easel_fhir_report_item *easel__fr_item(struct rd *d, int entry, const char *type,
                                              const char *id, enum easel_fhir_outcome o,
                                              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* Report lines in entry order. */
void easel__fr_sort(struct easel_fhir_referral *r);
/* o[key] of the JSON type (NULL when absent); another type refuses the Bundle naming
   "PATH.KEY". */
json_t *easel__fr_get(struct rd *d, json_t *o, int entry, const char *path, const char *key,
                      json_type type, const char *what);
const char *easel__fr_str(struct rd *d, json_t *o, int entry, const char *path, const char *key);
json_t *easel__fr_arr(struct rd *d, json_t *o, int entry, const char *path, const char *key);
json_t *easel__fr_obj(struct rd *d, json_t *o, int entry, const char *path, const char *key);
/* A CodeableConcept at o[key]: text and up to CODINGS_MAX codings. */
void easel__fr_cc_read(struct rd *d, json_t *o, int entry, const char *path, const char *key,
                       struct cc *out);
/* The code of the first coding with one (a status CodeableConcept), or "". */
const char *easel__fr_cc_code(const struct cc *c);
/* A FHIR date or dateTime's day into out; false without a day (*bad: malformed). */
bool easel__fr_day_of(const char *s, char out[11], bool *bad);
/* Text a profile list keeps: 1..max bytes, no control characters. */
bool easel__fr_clean(const char *s, size_t max);
bool easel__fr_status_in(const char *code, const char *const *list);
/* The checks every mapped resource starts with: no modifierExtension, about the Bundle's
   Patient (subject_key: "subject" or "patient"); false when reported as not understood. */
bool easel__fr_usable(struct rd *d, json_t *res, int entry, const char *type, const char *id,
                      const char *subject_key);
/* the name the client record keeps: NULL, or what is wrong with it */
const char *easel__fr_name_problem(const char *s);

/* fhir_referral_measures.c */
void easel__fr_questionnaire_response(struct rd *d, json_t *res, int entry, const char *id,
                                      const char *full_url);
void easel__fr_observation(struct rd *d, json_t *res, int entry, const char *id);

#endif
