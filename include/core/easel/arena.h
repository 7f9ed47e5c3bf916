/*
 * easel/arena.h — a bump allocator: many small allocations freed in one call (h2o pools).
 *
 * Owns: its chunks, freed by easel_arena_release. Pointers it returns are borrowed by the
 * caller and valid until release. Fails: returns NULL (and sets `failed`) when memory runs out.
 */
#ifndef EASEL_ARENA_H
#define EASEL_ARENA_H

#include <stddef.h>

struct easel_arena_chunk;

struct easel_arena {
    struct easel_arena_chunk *head;
    size_t used_total;
    int failed;
};

void easel_arena_init(struct easel_arena *a);
void easel_arena_release(struct easel_arena *a);
void *easel_arena_alloc(struct easel_arena *a, size_t size); /* zeroed, 16-byte aligned */
char *easel_arena_strdup(struct easel_arena *a, const char *s);
char *easel_arena_printf(struct easel_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
