/*
 * easel/profile_load.h — parse a client profile (docs/profile.md) against a loaded KB.
 *
 * Owns: fills a caller-provided struct easel_profile (release with easel_profile_release).
 * Borrows: kb must outlive the profile (indices point into it).
 * Fails: EASEL_EINVAL with err naming the file (line:column for malformed JSON) and the field
 * path ("session.minutes", "measures[0].items[8]"); EASEL_EIO when unreadable. On failure the
 * profile is released and empty.
 */
#ifndef EASEL_PROFILE_LOAD_H
#define EASEL_PROFILE_LOAD_H

#include "easel/error.h"
#include "easel/kb.h"
#include "easel/profile.h"

#define EASEL_PROFILE_FILE_MAX ((size_t)1024 * 1024)

int easel_profile_parse(struct easel_profile *p, const struct easel_kb *kb, const char *where,
                        const char *text, size_t len, struct easel_error *err);
int easel_profile_load(struct easel_profile *p, const struct easel_kb *kb, const char *path,
                       struct easel_error *err);

/* The words a profile list takes (docs/profile.md), for a form to offer: the keys of the boolean
   blocks "sensory", "medical" and "psychiatric" (each key is also a client flag, its '_' a '-',
   so easel_flag_words_of gives what a person reads), and the words of "avoid_textures". Static,
   NULL-terminated; NULL for another list. */
const char *const *easel_profile_words(const char *list);

#endif
