/*
 * easel/report_read.h — the formats layer's readers of stored JSON for documents: a stored
 * plan body (easel-plan/1, src/core/plan_render.c writes it) into the document model's plan, and
 * a session note (easel/note.h) flattened to labelled text. Names of problems, interventions,
 * settings and media are looked up in the KB (the id is shown when the KB no longer has the item).
 *
 * Owns: nothing. Borrows: kb for the call; every string of the result is copied into the arena
 * (valid until it is released).
 * Fails: EASEL_EINVAL naming the field when the body is not an easel-plan/1 document (malformed
 * JSON names line:column), EASEL_ENOMEM.
 */
#ifndef EASEL_REPORT_READ_H
#define EASEL_REPORT_READ_H

#include "easel/arena.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/report.h"

#include <stddef.h>

/* Fills the plan content (goals, objectives, program, risks, supplies ...); the record fields
   (version, status, signatures, hash) are the caller's. The program is read twice over: every
   session as stored (out->sessions, with or without items) and every placed item
   (out->interventions, in session and slot order, with its media's names and ids); a session's
   first_item and n_items say which items are its own. The one reader of a stored plan's content
   for the CLI, the web (the note template of a planned session), FHIR and documents. *out must
   start zeroed (counts are added to): `struct easel_report_plan p = {0};`. */
int easel_report_plan_read(const char *json, size_t len, const struct easel_kb *kb,
                           struct easel_arena *a, struct easel_report_plan *out,
                           struct easel_error *err);

/* The verdict a stored plan recorded for KB item id: its "interventions" or "media" entry
   (*kind "intervention" or "medium", *verdict "included" ..., *reason). EASEL_ENOTFOUND when
   the body records no verdict for id (a problem, a rule, a setting, an unknown id). */
int easel_plan_body_verdict(const char *json, size_t len, const char *id, struct easel_arena *a,
                            const char **kind, const char **verdict, const char **reason,
                            struct easel_error *err);

/* What changed from one stored plan version to another, one line each in a clinician's words
   ("Objective 1.2: target 80 % -> 60 %", "Session 4, main directive: Containment box ->
   Safe-place drawing"), in the arena (formats/plan_changes.c). Layout and key order never count. */
int easel_plan_changes(const char *from, size_t from_len, const char *to, size_t to_len,
                       const struct easel_kb *kb, struct easel_arena *a, const char ***lines,
                       size_t *n, struct easel_error *err);

/* The objectives of a stored plan body, in order: the number ("1.2", a label), the KB template
   it was made from (its identity across versions; NULL for an objective without one) and the
   SMART text, in the arena. */
struct easel_plan_objective_ref {
    const char *number, *template_id, *smart;
};
int easel_plan_objective_refs(const char *json, size_t len, struct easel_arena *a,
                              struct easel_plan_objective_ref **out, size_t *n,
                              struct easel_error *err);

/* "Subjective: ...\nObjective: ...\n..." for the note's format fields, then reactions and
   media used; *out is "" for a note without text. */
int easel_note_text(const char *json, size_t len, struct easel_arena *a, const char **out,
                    struct easel_error *err);

#endif
