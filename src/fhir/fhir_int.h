/*
 * fhir/fhir_int.h — internal to the FHIR layer: the resource builders of the export
 * (fhir_export.c), shared with the read-only REST API (fhir_rest.c) so that both map the record
 * the same way and neither copies the other.
 *
 * Owns: nothing. Borrows: the store, the KB and the arena for the call.
 * Fails: as easel_fhir_export_client.
 */
#ifndef EASEL_FHIR_INT_H
#define EASEL_FHIR_INT_H

#include "easel/arena.h"
#include "easel/buf.h"
#include "easel/error.h"
#include "easel/kb.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct easel_store;

/* Text kept out of jansson: large base64 (Binary.data), and whole resources written as JSON
   text (the signed notes, a thousand pairs in a long record). The tree holds a marker (a string
   starting with a NUL character, which no text from the record can hold) and the writers
   (easel__fhir_dump, the API's own) put the text in its place. jansson would otherwise check,
   copy and escape megabytes character by character, or build, walk and free thousands of small
   trees. */
struct easel__fhir_blob {
    const char *data; /* in the build's arena */
    size_t len;
    bool raw; /* a whole JSON value (marker "\0R<n>"), else a string's content ("\0B<n>") */
};
struct easel__fhir_blobs {
    struct easel__fhir_blob *items; /* in the build's arena */
    size_t n, cap;
};

/* json_dumps(v, flags) into out with every marker replaced by its text. */
int easel__fhir_dump(json_t *v, size_t flags, const struct easel__fhir_blobs *blobs,
                     struct easel_buf *out, struct easel_error *err);

/* What to build besides the Patient (always built, always first). */
enum {
    EASEL__FHIR_PEOPLE = 1u,     /* Practitioners (signers) and the CareTeam */
    EASEL__FHIR_CONDITIONS = 2u, /* the profile's problems and diagnoses */
    EASEL__FHIR_PLAN = 4u,       /* Goals, CarePlan, Provenance (implies CONDITIONS) */
    EASEL__FHIR_MEASURES = 8u,   /* QuestionnaireResponse + Observation per administration */
    EASEL__FHIR_ARTWORKS = 16u,  /* DocumentReference + Binary, record consent only */
    EASEL__FHIR_NOTES = 32u,     /* DocumentReference + Provenance per signed session note */
    EASEL__FHIR_GROUPS = 64u,    /* a Group per group program the client is or was in */
    EASEL__FHIR_ALL = 127u,
    EASEL__FHIR_REST = 128u /* address for the API: references "Type/ID" in raw entries */
};

/* s[0..n) as a JSON string literal (quotes and escapes) into b; pure (fhir_text.c). */
void easel__fhir_json_str(struct easel_buf *b, const char *s, size_t n);

/* The entries ({"fullUrl": "urn:uuid:...", "resource": {...}}) of client's record that `want`
   names, as the export writes them, into *entries, and into *types every name made (uuid ->
   resource type, including those of resources referred to but not built); both new references
   the caller releases. *blobs receives the Binary data the entries' markers stand for (dump
   them with easel__fhir_dump while a lives). *ref is the client's reference (in a). The store
   audits its reads; nothing else is audited here. */
int easel__fhir_build(struct easel_store *s, const struct easel_kb *kb, int64_t client,
                      unsigned want, struct easel_arena *a, json_t **entries, json_t **types,
                      struct easel__fhir_blobs *blobs, const char **ref, struct easel_error *err);

#endif
