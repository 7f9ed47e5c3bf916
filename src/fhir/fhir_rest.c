/*
 * fhir/fhir_rest.c — the resources of the read-only FHIR REST API (easel/fhir.h, docs/fhir.md
 * "The FHIR API"): a Patient read, searchset Bundles (Patient, CarePlan, Goal, Observation),
 * Patient/$everything, and the CapabilityStatement. The resources come from the export's own
 * builders (easel__fhir_build, fhir_int.h), so the API and `easel fhir export` map the record
 * the same way; only the addressing changes: references become "Type/id" (the ids are the
 * export's deterministic UUIDs) and each entry's fullUrl is the resource's URL under the API's
 * base.
 *
 * Owns: nothing beyond the call. Borrows: the store and the KB.
 * Fails: the builders' codes; EASEL_ENOMEM / EASEL_ETOOBIG when out cannot hold the answer.
 */
#include "easel/fhir.h"
#include "easel/store.h"
#include "fhir_int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void easel_fhir_patient_id(const char *ref, char out[37])
{
    char identity[80];
    snprintf(identity, sizeof(identity), "%.64s/Patient", ref);
    easel_fhir_uuid(identity, out);
}

/* A JSON string; a marker ("\0B<n>", "\0R<n>") is written as what it stands for. */
static void write_string(struct easel_buf *b, const char *p, size_t n,
                         const struct easel__fhir_blobs *blobs)
{
    if (n > 2 && p[0] == '\0' && (p[1] == 'B' || p[1] == 'R') && blobs) {
        char *end;
        unsigned long long k = strtoull(p + 2, &end, 10);
        if (end == p + n && k < blobs->n && blobs->items[k].raw == (p[1] == 'R')) {
            if (!blobs->items[k].raw)
                easel_buf_add(b, "\"", 1);
            easel_buf_add(b, blobs->items[k].data, blobs->items[k].len);
            if (!blobs->items[k].raw)
                easel_buf_add(b, "\"", 1);
            return;
        }
    }
    easel__fhir_json_str(b, p, n);
}

/* Compact JSON of v into b, keys in insertion order: the answers are large (a $everything of a
   long record holds thousands of resources) and jansson's own dump goes through a callback per
   token, several times slower. */
static void write_json(struct easel_buf *b, json_t *v, const struct easel__fhir_blobs *blobs)
{
    char num[40];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *val;
        bool first = true;
        easel_buf_add(b, "{", 1);
        json_object_foreach(v, key, val)
        {
            if (!first)
                easel_buf_add(b, ",", 1);
            first = false;
            write_string(b, key, strlen(key), NULL);
            easel_buf_add(b, ":", 1);
            write_json(b, val, blobs);
        }
        easel_buf_add(b, "}", 1);
        break;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *val;
        easel_buf_add(b, "[", 1);
        json_array_foreach(v, i, val)
        {
            if (i)
                easel_buf_add(b, ",", 1);
            write_json(b, val, blobs);
        }
        easel_buf_add(b, "]", 1);
        break;
    }
    case JSON_STRING:
        write_string(b, json_string_value(v), json_string_length(v), blobs);
        break;
    case JSON_INTEGER:
        easel_buf_add(
            b, num,
            (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
        break;
    case JSON_REAL: {
        int k = snprintf(num, sizeof(num), "%.10g", json_real_value(v));
        easel_buf_add(b, num, (size_t)k);
        if (!strpbrk(num, ".eE"))
            easel_buf_add(b, ".0", 2);
        break;
    }
    case JSON_TRUE:
        easel_buf_add(b, "true", 4);
        break;
    case JSON_FALSE:
        easel_buf_add(b, "false", 5);
        break;
    case JSON_NULL:
        easel_buf_add(b, "null", 4);
        break;
    }
}

static int dump(json_t *v, const struct easel__fhir_blobs *blobs, struct easel_buf *out,
                struct easel_error *err)
{
    if (!v)
        return easel_error_set(err, EASEL_ENOMEM, "fhir", "", "out of memory");
    write_json(out, v, blobs);
    easel_buf_add(out, "\n", 1);
    if (out->failed)
        return easel_error_set(err, out->failed, "fhir", "", "the answer is too large");
    return 0;
}

/* Rewrite every "urn:uuid:X" of a built entry: a Reference.reference becomes "Type/X", an
   Attachment.url the absolute base/Type/X (the Binary, in $everything). */
static void relink(json_t *v, json_t *types, const char *base, struct easel_arena *a)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) relink(item, types, base, a);
        return;
    }
    if (!json_is_object(v))
        return;
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        const char *s = json_string_value(val);
        bool is_ref = strcmp(key, "reference") == 0, is_url = strcmp(key, "url") == 0;
        if (s && (is_ref || is_url) && strncmp(s, "urn:uuid:", 9) == 0) {
            const char *type = json_string_value(json_object_get(types, s + 9));
            if (type) {
                const char *to = is_ref ? easel_arena_printf(a, "%s/%s", type, s + 9)
                                        : easel_arena_printf(a, "%s/%s/%s", base, type, s + 9);
                if (to)
                    json_string_set(val, to); /* in place: no key is added while iterating */
            }
        } else {
            relink(val, types, base, a);
        }
    }
}

static bool code_matches(json_t *res, const char *system, const char *code)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(json_object_get(res, "code"), "coding"), i, c)
    {
        const char *cs = json_string_value(json_object_get(c, "system"));
        const char *cc = json_string_value(json_object_get(c, "code"));
        if (cc && strcmp(cc, code) == 0 && (!system || (cs && strcmp(cs, system) == 0)))
            return true;
    }
    return false;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* FHIR string search: the name, or any word of it, starts with `prefix` (ASCII case folded). */
static bool name_matches(json_t *patient, const char *prefix)
{
    size_t n = strlen(prefix), i;
    json_t *name;
    json_array_foreach(json_object_get(patient, "name"), i, name)
    {
        const char *t = json_string_value(json_object_get(name, "text"));
        for (const char *w = t; w && *w; w++) {
            if (w != t && w[-1] != ' ')
                continue;
            size_t k = 0;
            while (k < n && w[k] && lower(w[k]) == lower(prefix[k]))
                k++;
            if (k == n)
                return true;
        }
    }
    return false;
}

static void add_entry(json_t *list, const char *base, const char *type, const char *id, json_t *res,
                      const char *mode)
{
    char url[512];
    snprintf(url, sizeof(url), "%s/%s/%s", base, type ? type : "", id ? id : "");
    json_array_append_new(list, json_pack("{s:s,s:O,s:{s:s}}", "fullUrl", url, "resource", res,
                                          "search", "mode", mode));
}

/* Whether client (ref) passes the Patient filters that need no read: _id and identifier. */
static bool patient_prefilter(const struct easel_fhir_search *q, const char *ref)
{
    if (q->id) {
        char id[37];
        easel_fhir_patient_id(ref, id);
        if (strcmp(id, q->id) != 0)
            return false;
    }
    if (q->identifier) {
        if (q->identifier_system && strcmp(q->identifier_system, "urn:easel:client") != 0)
            return false;
        if (strcmp(q->identifier, ref) != 0)
            return false;
    }
    return true;
}

int easel_fhir_search(struct easel_store *s, const struct easel_kb *kb, const int64_t *clients,
                      const char *const *refs, size_t n, const struct easel_fhir_search *q,
                      struct easel_buf *out, struct easel_error *err)
{
    struct easel_error local = {0};
    if (!err)
        err = &local;
    bool everything = !q->type;
    bool patient = !everything && strcmp(q->type, "Patient") == 0;
    unsigned want = everything                            ? EASEL__FHIR_ALL
                    : patient                             ? 0u
                    : strcmp(q->type, "Observation") == 0 ? EASEL__FHIR_MEASURES
                                                          : EASEL__FHIR_PLAN;
    struct easel_arena a;
    easel_arena_init(&a);
    json_t *list = json_array();
    int rc = list ? 0 : easel_error_set(err, EASEL_ENOMEM, "fhir", "", "out of memory");
    /* the Binary data of every client built, behind their markers (renumbered per client) */
    struct easel__fhir_blobs all = {NULL, 0, 0};
    for (size_t c = 0; !rc && c < (everything && n > 1 ? 1 : n); c++) {
        if (patient && !patient_prefilter(q, refs[c]))
            continue;
        json_t *entries = NULL, *types = NULL;
        const char *ref = NULL;
        struct easel__fhir_blobs blobs;
        rc = easel__fhir_build(s, kb, clients[c], want | EASEL__FHIR_REST, &a, &entries, &types,
                               &blobs, &ref, err);
        if (rc)
            break;
        if (blobs.n) /* $everything: one client, so its markers are the answer's */
            all = blobs;
        size_t i;
        json_t *e;
        json_array_foreach(entries, i, e)
        {
            json_t *res = json_object_get(e, "resource");
            const char *url = json_string_value(json_object_get(e, "fullUrl"));
            const char *id = url && strlen(url) > 9 ? url + 9 : "";
            /* a raw entry (a marker string) is addressed for the API already */
            const char *type = json_is_string(res)
                                   ? json_string_value(json_object_get(types, id))
                                   : json_string_value(json_object_get(res, "resourceType"));
            if (!everything && (!type || strcmp(type, q->type) != 0))
                continue;
            if (patient && q->name && !name_matches(res, q->name))
                continue;
            if (q->code && !code_matches(res, q->code_system, q->code))
                continue;
            relink(res, types, q->base, &a);
            add_entry(list, q->base, type, id, res, everything && i ? "include" : "match");
        }
        json_decref(types);
        json_decref(entries);
        rc = easel_store_audit(s, "fhir-read", "client", clients[c], err);
    }
    if (!rc && a.failed)
        rc = easel_error_set(err, EASEL_ENOMEM, "fhir", "", "out of memory");
    if (!rc) {
        json_t *b =
            json_pack("{s:s,s:s,s:I,s:[{s:s,s:s}]}", "resourceType", "Bundle", "type", "searchset",
                      "total", (json_int_t)json_array_size(list), "link", "relation", "self", "url",
                      easel_arena_printf(&a, "%s/%s", q->base, q->self ? q->self : ""));
        if (b && json_array_size(list))
            json_object_set(b, "entry", list);
        rc = dump(b, &all, out, err);
        json_decref(b);
    }
    json_decref(list);
    easel_arena_release(&a);
    return rc;
}

int easel_fhir_read_patient(struct easel_store *s, const struct easel_kb *kb, int64_t client,
                            struct easel_buf *out, struct easel_error *err)
{
    struct easel_error local = {0};
    if (!err)
        err = &local;
    struct easel_arena a;
    easel_arena_init(&a);
    json_t *entries = NULL, *types = NULL;
    const char *ref = NULL;
    struct easel__fhir_blobs blobs;
    int rc = easel__fhir_build(s, kb, client, 0, &a, &entries, &types, &blobs, &ref, err);
    if (!rc)
        rc = dump(json_object_get(json_array_get(entries, 0), "resource"), NULL, out, err);
    json_decref(entries);
    json_decref(types);
    if (!rc)
        rc = easel_store_audit(s, "fhir-read", "client", client, err);
    easel_arena_release(&a);
    return rc;
}

/* The interactions the API serves; the CapabilityStatement lists exactly these. */
int easel_fhir_capability(const char *base, struct easel_buf *out, struct easel_error *err)
{
    struct easel_error local = {0};
    if (!err)
        err = &local;
    json_t *patient_params = json_pack(
        "[{s:s,s:s,s:s},{s:s,s:s,s:s},{s:s,s:s,s:s}]", "name", "_id", "type", "token",
        "documentation", "the Patient's id", "name", "identifier", "type", "token", "documentation",
        "urn:easel:client|REFERENCE, or the reference alone", "name", "name", "type", "string",
        "documentation", "the name, or a word of it, starts with the value");
    json_t *by_patient = json_pack("{s:s,s:s,s:s}", "name", "patient", "type", "reference",
                                   "documentation", "Patient/ID or ID; required");
    json_t *resources = json_pack(
        "[{s:s,s:[{s:s},{s:s}],s:o,s:[{s:s,s:s}]},"
        "{s:s,s:[{s:s}],s:[O]},{s:s,s:[{s:s}],s:[O]},{s:s,s:[{s:s}],s:[O,{s:s,s:s,s:s}]}]",
        "type", "Patient", "interaction", "code", "read", "code", "search-type", "searchParam",
        patient_params, "operation", "name", "everything", "definition",
        "http://hl7.org/fhir/OperationDefinition/Patient-everything",
        /* */
        "type", "CarePlan", "interaction", "code", "search-type", "searchParam", by_patient,
        /* */
        "type", "Goal", "interaction", "code", "search-type", "searchParam", by_patient,
        /* */
        "type", "Observation", "interaction", "code", "search-type", "searchParam", by_patient,
        "name", "code", "type", "token", "documentation", "SYSTEM|CODE or CODE");
    json_decref(by_patient);
    json_t *cap = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:{s:s},s:{s:s,s:s},s:s,s:[s,s],s:[{s:s,s:{s:b,s:s},s:o}]}",
        "resourceType", "CapabilityStatement", "status", "active", "date", EASEL_FHIR_API_DATE,
        "publisher", "easel", "kind", "instance", "description",
        "easel's read-only FHIR R4 API: a practice's art therapy records for the systems it "
        "gave an API token",
        "software", "name", "easel", "implementation", "description", "easel read-only FHIR API",
        "url", base, "fhirVersion", "4.0.1", "format", "application/fhir+json", "json", "rest",
        "mode", "server", "security", "cors", 0, "description",
        "Every request but metadata needs Authorization: Bearer TOKEN, an API token an "
        "administrator made (easel token create). A token reads only the clients it was "
        "granted; any other client is not found. Revocation takes effect at once. Every read is "
        "audited under the token's name.",
        "resource", resources);
    int rc = cap ? dump(cap, NULL, out, err)
                 : easel_error_set(err, EASEL_ENOMEM, "fhir", "", "out of memory");
    json_decref(cap);
    return rc;
}
