/*
 * easel/fhir.h — the FHIR layer (src/fhir, docs/fhir.md): the one place that maps the easel
 * record to HL7 FHIR R4 (4.0.1). The export writes one client's record as a Bundle of type
 * "collection": Patient, the Practitioners who signed, CareTeam, Conditions (the profile's
 * problems), Goals (the plan's objectives), the CarePlan with the whole plan in its narrative,
 * an Observation and a QuestionnaireResponse per measure administration, DocumentReference and
 * Binary for artworks with record consent only, Provenance for plan signatures, a
 * DocumentReference with the Provenance of its signature per signed session note, and a Group
 * (naming this client only) per group program the client is or was in.
 *
 * Every fullUrl is a urn:uuid derived from the record's identity (easel_fhir_uuid), and nothing
 * in the Bundle depends on the clock, so two exports of the same record are byte-identical.
 *
 * The referral import (below) reads a Bundle back: a pure parse into struct
 * easel_fhir_referral (src/fhir/fhir_referral.c), then one store transaction that makes a new
 * client, its draft profile and its measure administrations (src/fhir/fhir_import.c).
 *
 * Owns: the export, nothing beyond the call; the import, the struct it fills (its arena, freed
 * by easel_fhir_referral_release / easel_fhir_import_release). Borrows: the store and the KB
 * for the call (a referral holds KB indices: valid while the KB is).
 * Fails: export: EASEL_ENOTFOUND for an unknown client, the store's and the plan reader's codes
 * (EASEL_EINVAL naming the field of a malformed stored plan), EASEL_ENOMEM / EASEL_ETOOBIG when
 * out cannot hold the Bundle (out then holds nothing usable). Import: EASEL_EINVAL naming the
 * Bundle's path ("entry[3].resource.birthDate") or "setting", EASEL_ETOOBIG, the store's codes;
 * nothing is written on failure.
 */
#ifndef EASEL_FHIR_H
#define EASEL_FHIR_H

#include "easel/buf.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct easel_store;

/* The canonical base of easel's own FHIR definitions (Questionnaires, code systems): a name,
   not a server; .invalid never resolves (RFC 2606), so no receiver fetches anything from it. */
#define EASEL_FHIR_BASE "https://easel.invalid/fhir"

/* Append client's record as one FHIR R4 Bundle (JSON) to out. Reads are audited by the store;
   the export itself is audited as "export" of the client. */
int easel_fhir_export_client(struct easel_store *s, const struct easel_kb *kb, int64_t client,
                             struct easel_buf *out, struct easel_error *err);

/* ---- referral import (docs/fhir.md, "Import") ----
   A referral Bundle (Patient, Condition, AllergyIntolerance, Observation, QuestionnaireResponse)
   becomes a NEW client, a first (draft) profile and stored measure administrations, with a
   report of what was mapped and what was not. Two steps: easel_fhir_referral_parse is pure
   (text and KB in, a plain struct out: no store, no clock), easel_fhir_import_referral writes
   what it found in one store transaction. */

#define EASEL_FHIR_IMPORT_MAX ((size_t)8 * 1024 * 1024) /* bytes of one Bundle */
#define EASEL_FHIR_IMPORT_ENTRIES 10000                 /* entries of one Bundle */
#define EASEL_FHIR_IMPORT_ADMINS 256                    /* administrations of one Bundle */
#define EASEL_FHIR_REF_PREFIX "fhir-" /* + 16 hex of SHA-256: the client reference */

enum easel_fhir_outcome {
    EASEL_FHIR_MAPPED,         /* stored as `to` says */
    EASEL_FHIR_NOT_UNDERSTOOD, /* nothing stored from it: `to` says why */
    EASEL_FHIR_NOT_STORED      /* understood, but there is nowhere to keep it: `to` says why */
};

/* One line of the report: a resource of the Bundle and what became of it. */
struct easel_fhir_report_item {
    int entry;            /* its index in Bundle.entry */
    const char *resource; /* resourceType */
    const char *id;       /* the resource's id, else the entry's fullUrl, else "" */
    enum easel_fhir_outcome outcome;
    const char *to;  /* what it became ("problem depression (ICD-10 F32.1)") or why not */
    bool in_profile; /* kept in the draft profile: not stored when no profile is made */
};

/* A measure administration found in the Bundle: every item of a KB instrument answered (or
   left blank as easel's own export does), checked by the scorer. */
struct easel_fhir_admin {
    int instrument; /* index into kb->instruments */
    char date[11];  /* YYYY-MM-DD */
    int answers[64];
    int n;
    int entry;      /* the QuestionnaireResponse's entry, for the report */
    int total_x100; /* the scorer's total, -1 when the administration is not valid */
    int64_t id;     /* the stored administration, once stored */
};

/* A total without its items (Observation alone): kept, when a profile is made, in the profile's
   `measures` (a baseline for the engine), never as an administration. */
struct easel_fhir_total {
    int instrument;
    char date[11];
    int total;
    int entry;
};

struct easel_fhir_referral {
    struct easel_arena arena; /* owns every string and array below */
    /* the Patient */
    const char *name;         /* the client's display name */
    int64_t birth_year;       /* 0: no birthDate */
    char birth_date[11];      /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as sent; "" none */
    int patient_entry;        /* the Patient's entry */
    const char **identifiers; /* "system|value", in the Patient's order */
    size_t n_identifiers;
    /* the draft profile's lists */
    int problems[8]; /* KB problem indices, in the Bundle's order */
    int n_problems;
    const char *diagnoses[8];
    int n_diagnoses;
    uint32_t allergens; /* bits of EASEL_VOCAB_ALLERGEN */
    const char *other_allergies[8];
    int n_other_allergies;
    struct easel_fhir_total totals[64];
    int n_totals;
    struct easel_fhir_admin *admins;
    size_t n_admins;
    /* the report, in entry order */
    struct easel_fhir_report_item *items;
    size_t n_items, cap_items;
};

/* Parse and map a Bundle (JSON text of at most EASEL_FHIR_IMPORT_MAX bytes) against the KB.
   A Bundle that is not well-formed where easel reads it (not JSON, not a Bundle, no or two
   Patients, a Patient without identifier or name, a malformed date, a value of the wrong type,
   an answer outside its instrument's range, an unknown modifierExtension on the Patient) fails
   with EASEL_EINVAL and err->field a path such as "entry[3].resource.valueQuantity.value";
   resources easel does not understand are listed in the report, not errors. On failure r is
   released. */
int easel_fhir_referral_parse(struct easel_fhir_referral *r, const struct easel_kb *kb,
                              const char *text, size_t len, struct easel_error *err);
void easel_fhir_referral_release(struct easel_fhir_referral *r);

/* The client reference derived from one identifier: EASEL_FHIR_REF_PREFIX + the first 16 hex
   characters of SHA-256("easel-fhir-import/1\n" system "|" value). out: 22 bytes. */
void easel_fhir_import_ref(const char *identifier, char out[22]);

/* Whether a draft profile can be made: it needs the age (from birthDate) and at least one
   problem. NULL when it can, else the reason in words. */
const char *easel_fhir_referral_no_profile(const struct easel_fhir_referral *r,
                                           const char *start_date);
/* The draft profile (easel-profile/2) of the referral for client `ref` in `setting`, starting
   on start_date (YYYY-MM-DD; the age is counted to it): format, client, age, setting,
   start_date, problems, and diagnoses, allergies, other_allergies and measures (the totals)
   when there are any. Appended to out. EASEL_EINVAL when no profile can be made. */
int easel_fhir_referral_profile(const struct easel_fhir_referral *r, const struct easel_kb *kb,
                                const char *ref, const char *setting, const char *start_date,
                                struct easel_buf *out, struct easel_error *err);

struct easel_fhir_import {
    struct easel_fhir_referral referral; /* what was found, and the report */
    bool created;                        /* false: already imported, nothing written */
    char ref[65];                        /* the client's reference (new or existing) */
    int64_t client;                      /* its id */
    int64_t profile_version;             /* 0: no profile stored (profile_note says why) */
    const char *profile_note;
    const char *setting;
    const char *start_date;
};

/* Import a referral: parse (above), then, unless a client with a reference derived from one of
   the Patient's identifiers exists (then *created is false and nothing is written: "already
   imported as client REF"), in ONE store transaction: the client (name, birth year, setting),
   team_login on its care team as "therapist" when not NULL (what POST /clients does for its
   creator), the draft profile through easel_app_profile_put (the KB check of `easel profile
   set`), each administration through easel_app_measure_add (the scoring of `easel measure
   add`), and an "import" audit row on the client. Any failure rolls all of it back. setting:
   a KB setting id (required: the KB has no default and a wrong setting loosens its safety
   rules). Release out with easel_fhir_import_release whatever the result. */
int easel_fhir_import_referral(struct easel_store *s, const struct easel_kb *kb, const char *text,
                               size_t len, const char *setting, const char *team_login,
                               struct easel_fhir_import *out, struct easel_error *err);
void easel_fhir_import_release(struct easel_fhir_import *imp);

/* "mapped", "not understood", "not stored" */
const char *easel_fhir_outcome_name(enum easel_fhir_outcome o);

/* ---- the read-only FHIR REST API (src/fhir/fhir_rest.c; docs/fhir.md "The FHIR API") ----
   The same resources as the export (the same builders, the same ids), addressed for a server:
   references are "Type/ID" and each entry's fullUrl is BASE/Type/ID. The web layer
   (src/web/fhir_api.c) authenticates the API token and decides which clients it may see. */

/* The date the CapabilityStatement's content last changed. */
#define EASEL_FHIR_API_DATE "2026-12-06"

/* The id of a client's Patient, in the API and in the export: easel_fhir_uuid("REF/Patient"). */
void easel_fhir_patient_id(const char *ref, char out[37]);

struct easel_fhir_search {
    const char *base; /* the API's absolute base URL, e.g. "https://host/fhir/R4" */
    const char *self; /* the request after base/ ("Goal?patient=..."), for Bundle.link self */
    const char *type; /* "Patient", "CarePlan", "Goal", "Observation"; NULL: $everything */
    /* Patient filters, NULL for none: _id, identifier [urn:easel:client|]REF, name (the name or
       a word of it starts with it, ASCII case folded) */
    const char *id, *identifier_system, *identifier, *name;
    /* Observation filter, NULL for none: a coding with this code (and this system if given) */
    const char *code_system, *code;
};

/* A searchset Bundle into out: the resources of q->type of clients[0..n) (refs[]: their
   references) that match q, each search.mode "match"; or, for $everything (type NULL), every
   resource of clients[0] (the Patient "match", the rest "include"). Every client read is
   audited by the store and as "fhir-read" of the client. */
int easel_fhir_search(struct easel_store *s, const struct easel_kb *kb, const int64_t *clients,
                      const char *const *refs, size_t n, const struct easel_fhir_search *q,
                      struct easel_buf *out, struct easel_error *err);
/* The client's Patient resource alone (Patient/ID); audited as "fhir-read". */
int easel_fhir_read_patient(struct easel_store *s, const struct easel_kb *kb, int64_t client,
                            struct easel_buf *out, struct easel_error *err);
/* The API's CapabilityStatement: exactly the interactions, search parameters and operation it
   serves; base is its implementation.url. */
int easel_fhir_capability(const char *base, struct easel_buf *out, struct easel_error *err);

/* ---- pure helpers (src/fhir/fhir_text.c) ---- */

/* A UUID-shaped name for a record's identity ("demo-01/Goal/v2/1.1"): the first 128 bits of
   SHA-256("easel-fhir/1\n" identity), lower-case hex, version nibble 8 (RFC 9562 custom) and
   variant 10. The same identity always gives the same UUID. out: 36 characters and a NUL. */
void easel_fhir_uuid(const char *identity, char out[37]);

/* Append text escaped for XHTML character data and attribute values (& < > " '); control
   characters other than tab and newline, which XML 1.0 forbids, are dropped. */
int easel_fhir_xhtml_escape(struct easel_buf *b, const char *text);

/* Append data[0..len) as base64 (RFC 4648, with padding, no line breaks). */
int easel_fhir_base64(struct easel_buf *b, const void *data, size_t len);

#endif
