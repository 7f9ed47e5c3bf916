/*
 * easel/lexicon.h — the words that name materials and hazards in text, and the two things done
 * with them: finding which of them a text names (whole words, any case, `{role}` tokens
 * skipped), and writing an intervention's text for one client (each `{role}` replaced by the
 * noun of the medium actually used).
 *
 * Owns: a lexicon's entries live in the arena given to easel_lexicon_build (the KB's).
 * Borrows: phrases point into the KB (hazard words, media nouns and words).
 * Fails: easel_lexicon_build returns EASEL_ENOMEM; scanning and rendering do not fail (a
 * rendered text goes to an easel_buf, whose own error the caller checks).
 */
#ifndef EASEL_LEXICON_H
#define EASEL_LEXICON_H

#include "easel/arena.h"
#include "easel/buf.h"
#include "easel/kb.h"

#include <stdint.h>

/* An entry's tag: a hazard index (0..31), or EASEL_LEX_MEDIUM + a medium index. */
#define EASEL_LEX_MEDIUM 1000

struct easel_lexicon_entry {
    const char *phrase; /* lower-case words separated by one space */
    int tag;
};

struct easel_lexicon {
    struct easel_lexicon_entry *entries; /* sorted by phrase */
    size_t n;
    size_t start[257]; /* entries whose phrase starts with byte b: start[b] .. start[b + 1] */
};

/* Builds the lexicon of kb: every hazard's words, and every medium's name, noun and words. */
int easel_lexicon_build(struct easel_lexicon *lx, struct easel_arena *a, const struct easel_kb *kb);

/* Called for each phrase found; `at` is where it starts in the text. Return non-zero to stop. */
typedef int (*easel_lexicon_fn)(void *ctx, const struct easel_lexicon_entry *e, const char *at);
/* Finds every phrase of the lexicon that text names. Returns what fn returned to stop, or 0. */
int easel_lexicon_scan(const struct easel_lexicon *lx, const char *text, easel_lexicon_fn fn,
                       void *ctx);
/* The hazards (mask over the hazard vocabulary) whose words text names. */
uint32_t easel_lexicon_hazards(const struct easel_lexicon *lx, const char *text);
/* The first phrase of hazard mask `hazards` that text names, or NULL. */
const char *easel_lexicon_first(const struct easel_lexicon *lx, const char *text, uint32_t hazards);

/* How running text names medium m: its noun, or its name with a lower-case first letter. */
void easel_medium_noun(const struct easel_medium *m, struct easel_buf *out);

/* Whether text refers to `role` as "{role}". */
int easel_text_has_role(const char *text, const char *role);

/* Appends text with every "{role}" of intervention `in` replaced by the noun of the medium used
   for it (media[u] parallel to in->media, a KB index; -1 for a dropped role, which writes the
   role's own words), and, when `group` is set, "the client" written as "each member". */
void easel_text_render(const struct easel_kb *kb, const struct easel_intervention *in,
                       const int *media, const char *text, int group, struct easel_buf *out);

#endif
