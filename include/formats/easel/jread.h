/*
 * easel/jread.h — strict readers over jansson values, shared by the readers of easel's JSON
 * formats (src/formats: profile, notes, plans) and the KB loader (src/kb), the only other layer
 * that includes it; it exposes jansson, so scripts/checksrc.py counts including it as including
 * <jansson.h>. Every reader records the FIRST error only (file, field path, message) in r->err and
 * then turns into a no-op, so a loader reads a whole item and checks r->rc once.
 *
 * Owns: nothing. Borrows: strings are copied into r->arena (valid until that arena is freed).
 */
#ifndef EASEL_JREAD_H
#define EASEL_JREAD_H

#include "easel/arena.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/vocab.h"

#include <jansson.h>
#include <stdbool.h>

struct jread {
    const char *where; /* file name */
    char path[96];     /* field path prefix, "" or "objectives[2]." */
    struct easel_arena *arena;
    struct easel_error *err;
    int rc;
    const char *text; /* the parsed text, when errors should name the line (profiles) */
    size_t len;
};

int jr_fail(struct jread *r, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Unknown keys are errors; every name in `required` must be present. NULL-terminated lists. */
void jr_keys(struct jread *r, json_t *obj, const char *const *allowed, const char *const *required);
json_t *jr_get(struct jread *r, json_t *obj, const char *key, json_type type, bool required);
const char *jr_str(struct jread *r, json_t *obj, const char *key, bool required, size_t maxlen);
int jr_int(struct jread *r, json_t *obj, const char *key, bool required, int min, int max, int def);
bool jr_bool(struct jread *r, json_t *obj, const char *key, bool def);
struct easel_strlist jr_strlist(struct jread *r, json_t *obj, const char *key, size_t min,
                                size_t max, size_t maxlen);
uint64_t jr_mask(struct jread *r, json_t *obj, const char *key, enum easel_vocab_id v, size_t min);
int jr_word(struct jread *r, json_t *obj, const char *key, enum easel_vocab_id v, bool required);
/* One of a fixed list of words; returns its index, def when absent. */
int jr_enum(struct jread *r, json_t *obj, const char *key, const char *const *words, int def);
struct easel_idlist jr_ids(struct jread *r, json_t *obj, const char *key, size_t max);
/* Parse text with duplicate keys rejected; on a syntax error names file:line:column. */
json_t *jr_parse(struct jread *r, const char *text, size_t len);
void jr_path(struct jread *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
bool jr_is_id(const char *s, size_t maxlen);

#endif
