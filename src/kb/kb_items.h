/*
 * kb/kb_items.h — internal: parse one KB item of a kind into the KB arrays, and link the
 * whole KB (sort, uniqueness, cross-references, coverage).
 */
#ifndef EASEL_KB_ITEMS_H
#define EASEL_KB_ITEMS_H

#include "easel/error.h"
#include "easel/kb.h"

#include <stddef.h>

/* kind: 0 problems, 1 interventions, 2 media, 3 settings, 4 rules, 5 instruments.
   stem: file name without .json (id must equal it), or NULL to skip that check. */
int easel__kb_item(struct easel_kb *kb, int kind, const char *where, const char *stem,
                   const char *text, size_t len, struct easel_error *err);
int easel__kb_link(struct easel_kb *kb, struct easel_error *err);
/* kb_basis.c: every basis is practice convention or a real citation with its claim. */
int easel__kb_basis(const struct easel_kb *kb, struct easel_error *err);

#endif
