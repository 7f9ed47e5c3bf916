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
 * Owns: nothing beyond the call. Borrows: the store and the KB for the call.
 * Fails: EASEL_ENOTFOUND for an unknown client, the store's and the plan reader's codes
 * (EASEL_EINVAL naming the field of a malformed stored plan), EASEL_ENOMEM / EASEL_ETOOBIG when
 * out cannot hold the Bundle (out then holds nothing usable).
 */
#ifndef EASEL_FHIR_H
#define EASEL_FHIR_H

#include "easel/buf.h"
#include "easel/error.h"
#include "easel/kb.h"

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
