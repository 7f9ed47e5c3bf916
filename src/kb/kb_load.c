/*
 * kb/kb_load.c — reads every kb/<kind>/<id>.json (plus an overlay folder), parses each item
 * strictly (kb_items.c), sorts each kind by id, resolves and checks every cross-reference,
 * checks that every objective can be served by some intervention, and computes the KB version
 * (SHA-256 over kind, id and bytes of every item in order). An intervention read from the
 * overlay folder is marked `clinic` (the clinic's own item, or its replacement of a shipped one).
 */
#include "easel/kb_load.h"
#include "easel/util.h"
#include "kb_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"problems", "interventions", "media",   "settings",
                                    "rules",    "instruments",   "hazards", "references"};
#define N_KINDS 8

struct source {
    char *path;
    char *stem;
    bool overlay; /* from the clinic's overlay folder */
};

static int collect(const char *dir, const char *kind, struct source **src, size_t *n, bool optional,
                   struct easel_error *err)
{
    char folder[4096];
    snprintf(folder, sizeof(folder), "%s/%s", dir, kind);
    char **names;
    size_t count;
    int rc = easel_dir_list(folder, ".json", &names, &count, err);
    if (rc)
        return optional ? 0 : rc;
    for (size_t i = 0; i < count && !rc; i++) {
        size_t len = strlen(names[i]) - 5;
        char *stem = malloc(len + 1);
        char *path = malloc(strlen(folder) + strlen(names[i]) + 2);
        if (!stem || !path) {
            free(stem);
            free(path);
            rc = easel_error_set(err, EASEL_ENOMEM, folder, "", "out of memory");
            break;
        }
        memcpy(stem, names[i], len);
        stem[len] = '\0';
        sprintf(path, "%s/%s", folder, names[i]);
        size_t j = 0;
        while (j < *n && strcmp((*src)[j].stem, stem) != 0)
            j++;
        if (j < *n) { /* overlay replaces */
            free((*src)[j].path);
            free((*src)[j].stem);
        } else {
            struct source *p = realloc(*src, (*n + 1) * sizeof(**src));
            if (!p) {
                free(stem);
                free(path);
                rc = easel_error_set(err, EASEL_ENOMEM, folder, "", "out of memory");
                break;
            }
            *src = p;
            (*n)++;
        }
        (*src)[j].path = path;
        (*src)[j].stem = stem;
        (*src)[j].overlay = optional;
    }
    easel_dir_list_free(names, count);
    return rc;
}

static void free_sources(struct source *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(s[i].path);
        free(s[i].stem);
    }
    free(s);
}

static int cmp_src(const void *a, const void *b)
{
    return strcmp(((const struct source *)a)->stem, ((const struct source *)b)->stem);
}

static int load_kind(struct easel_kb *kb, int k, const char *dir, const char *overlay,
                     struct easel_sha256 *hash, struct easel_error *err)
{
    struct source *src = NULL;
    size_t n = 0;
    /* hazard words and reference indexes are optional: without them no text and no citation
       is checked */
    int rc = collect(dir, kinds[k], &src, &n, k >= 6, err);
    if (!rc && overlay)
        rc = collect(overlay, kinds[k], &src, &n, true, err);
    if (!rc && n)
        qsort(src, n, sizeof(*src), cmp_src);
    struct easel_buf text;
    easel_buf_init(&text, EASEL_KB_FILE_MAX + 1);
    for (size_t i = 0; i < n && !rc; i++) {
        text.len = 0;
        rc = easel_file_read(src[i].path, EASEL_KB_FILE_MAX, &text, err);
        if (rc)
            break;
        const char *where = easel_arena_strdup(&kb->arena, src[i].path);
        if (!where) {
            rc = easel_error_set(err, EASEL_ENOMEM, src[i].path, "", "out of memory");
            break;
        }
        size_t before = kb->n_interventions;
        rc = easel__kb_item(kb, k, where, src[i].stem, text.data, text.len, err);
        if (!rc && kb->n_interventions > before)
            kb->interventions[before].clinic = src[i].overlay;
        easel_sha256_update(hash, kinds[k], strlen(kinds[k]) + 1);
        easel_sha256_update(hash, src[i].stem, strlen(src[i].stem) + 1);
        easel_sha256_update(hash, text.data, text.len);
    }
    easel_buf_release(&text);
    free_sources(src, n);
    return rc;
}

int easel_kb_load(struct easel_kb *kb, const char *dir, const char *overlay,
                  struct easel_error *err)
{
    memset(kb, 0, sizeof(*kb));
    easel_arena_init(&kb->arena);
    struct easel_sha256 hash;
    easel_sha256_init(&hash);
    int rc = 0;
    for (int k = 0; k < N_KINDS && !rc; k++)
        rc = load_kind(kb, k, dir, overlay, &hash, err);
    if (!rc)
        rc = easel__kb_link(kb, err);
    if (rc) {
        if (rc == EASEL_EINVAL)
            rc = err ? (err->code = EASEL_EKB) : EASEL_EKB;
        easel_kb_release(kb);
        return rc;
    }
    easel_sha256_hex(&hash, kb->version);
    return 0;
}

int easel_kb_parse_item(struct easel_kb *kb, const char *kind, const char *where, const char *text,
                        size_t len, struct easel_error *err)
{
    for (int k = 0; k < N_KINDS; k++)
        if (strcmp(kinds[k], kind) == 0)
            return easel__kb_item(kb, k, where, NULL, text, len, err);
    return easel_error_set(err, EASEL_EINVAL, where, "", "unknown kind %s", kind);
}
