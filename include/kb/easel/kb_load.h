/*
 * easel/kb_load.h — load and validate the knowledge base from its folder (docs/kb-format.md),
 * optionally with a clinic's overlay folder whose items add to or replace shipped ones.
 *
 * Owns: fills a caller-provided struct easel_kb (release with easel_kb_release).
 * Borrows: nothing after return. Fails: EASEL_EKB/EASEL_EINVAL with err naming the file (and
 * line and column for malformed JSON) and the field; EASEL_EIO for unreadable folders. On
 * failure the KB is empty and released.
 */
#ifndef EASEL_KB_LOAD_H
#define EASEL_KB_LOAD_H

#include "easel/error.h"
#include "easel/kb.h"

#define EASEL_KB_FILE_MAX ((size_t)256 * 1024)

int easel_kb_load(struct easel_kb *kb, const char *dir, const char *overlay,
                  struct easel_error *err);

/* Parse one item's JSON text as `kind` (fuzzing and tests): the item is appended to kb's
   arrays without cross-reference checks. */
int easel_kb_parse_item(struct easel_kb *kb, const char *kind, const char *where, const char *text,
                        size_t len, struct easel_error *err);

#endif
