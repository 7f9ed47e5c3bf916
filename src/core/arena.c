/*
 * core/arena.c — bump allocator in chunks; everything is freed at once.
 */
#include "easel/arena.h"
#include "engine.h" /* easel__arena_alloc_raw, easel__arena_reserve */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct easel_arena_chunk {
    struct easel_arena_chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

#define CHUNK_MIN ((size_t)64 * 1024)

void easel_arena_init(struct easel_arena *a)
{
    memset(a, 0, sizeof(*a));
}

void easel_arena_release(struct easel_arena *a)
{
    struct easel_arena_chunk *c = a->head;
    while (c) {
        struct easel_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    memset(a, 0, sizeof(*a));
}

/* Adds a chunk of at least `size` bytes (a multiple of 16) as the newest; NULL on failure. */
static struct easel_arena_chunk *add_chunk(struct easel_arena *a, size_t size)
{
    size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
    struct easel_arena_chunk *c = malloc(sizeof(*c) + want);
    if (!c) {
        a->failed = 1;
        return NULL;
    }
    c->size = want;
    c->used = 0;
    c->next = a->head;
    a->head = c;
    return c;
}

static void *alloc(struct easel_arena *a, size_t size, int zero)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    struct easel_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        c = add_chunk(a, size);
        if (!c)
            return NULL;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->used_total += size;
    if (zero)
        memset(p, 0, size);
    return p;
}

void *easel_arena_alloc(struct easel_arena *a, size_t size)
{
    return alloc(a, size, 1);
}

void *easel__arena_alloc_raw(struct easel_arena *a, size_t size)
{
    return alloc(a, size, 0);
}

int easel__arena_reserve(struct easel_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (a->head && a->head->size - a->head->used >= size)
        return 0;
    return add_chunk(a, size) ? 0 : EASEL_ENOMEM;
}

char *easel_arena_strdup(struct easel_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *p = alloc(a, n + 1, 0); /* every byte is written below */
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

/* Formats straight into the free tail of the newest chunk, so a string that fits there is
   formatted once; one that does not is measured by that first attempt, then allocated and
   formatted again. The tail is free space: a truncated attempt left there is never read. */
char *easel_arena_printf(struct easel_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    struct easel_arena_chunk *c = a->head;
    size_t room = c ? c->size - c->used : 0; /* a multiple of 16, as every size is */
    char *tail = room ? (char *)c->data + c->used : NULL;
    int n = vsnprintf(tail, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return NULL;
    }
    bool fits = (size_t)n < room;
    char *p = alloc(a, (size_t)n + 1, 0); /* when it fits: the tail just written */
    if (p && !fits)
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}
