/*
 * kb/kb_load.c — reads every kb/<kind>/<id>.json (plus an overlay folder), parses each item
 * strictly (kb_items.c), sorts each kind by id, resolves and checks every cross-reference,
 * checks that every objective can be served by some intervention, and computes the KB version
 * (SHA-256 over kind, id and bytes of every item in order). An intervention read from the
 * overlay folder is marked `clinic` (the clinic's own item, or its replacement of a shipped one).
 * An instrument's published wording (stem, item_texts, options, wording_source, wording_licence,
 * wording_withheld_reason: docs/kb-format.md "Wording") is read and checked here, after the
 * instrument's other fields (kb_items.c), which it needs for the item count and answer range.
 */
#include "easel/kb_load.h"
#include "easel/util.h"
#include "easel/jread.h"
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
        size_t path_size = strlen(folder) + strlen(names[i]) + 2;
        char *path = malloc(path_size);
        if (!stem || !path) {
            free(stem);
            free(path);
            rc = easel_error_set(err, EASEL_ENOMEM, folder, "", "out of memory");
            break;
        }
        memcpy(stem, names[i], len);
        stem[len] = '\0';
        snprintf(path, path_size, "%s/%s", folder, names[i]);
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

/* ---- an instrument's wording (docs/kb-format.md "Wording") ---- */

#define KIND_INSTRUMENTS 5
#define WORDING_TEXT_MAX 1000 /* one item's text, or the stem */
#define WORDING_NOTE_MAX 2000

static const char *const wording_keys[] = {
    "stem", "item_texts", "options", "wording_source", "wording_licence", "wording_withheld_reason",
    NULL};

static void wording_options(struct easel_kb *kb, struct jread *r, json_t *o,
                            struct easel_instrument *in)
{
    struct easel_wording *w = &in->wording;
    json_t *arr = jr_get(r, o, "options", JSON_ARRAY, false);
    if (!arr)
        return;
    size_t n = json_array_size(arr), want = (size_t)(in->item_max - in->item_min + 1);
    if (n != want) {
        jr_fail(r, "options",
                "must list each answer %d-%d once, as printed: %zu options wanted, has %zu",
                in->item_min, in->item_max, want, n);
        return;
    }
    w->options = easel_arena_alloc(&kb->arena, n * sizeof(*w->options));
    if (!w->options) {
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, "options", "out of memory");
        return;
    }
    static const char *const keys[] = {"value", "text", NULL};
    uint32_t seen = 0;
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *e = json_array_get(arr, i);
        jr_path(r, "options[%zu].", i);
        if (!json_is_object(e)) {
            jr_fail(r, NULL, "must be an object {value, text}");
            break;
        }
        jr_keys(r, e, keys, keys);
        int v = jr_int(r, e, "value", true, in->item_min, in->item_max, in->item_min);
        const char *text = jr_str(r, e, "text", true, 120);
        if (r->rc)
            break;
        if (seen & (1u << v)) {
            jr_fail(r, "value", "answer %d is listed twice", v);
            break;
        }
        seen |= 1u << v;
        w->options[i].value = v;
        w->options[i].text = text;
        w->n_options++;
    }
    r->path[0] = '\0';
}

static void wording_source(struct jread *r, json_t *o, struct easel_wording *w)
{
    static const char *const keys[] = {"url", "title", "note", NULL};
    static const char *const req[] = {"url", "title", NULL};
    json_t *src = jr_get(r, o, "wording_source", JSON_OBJECT, false);
    if (!src)
        return;
    jr_path(r, "wording_source.");
    jr_keys(r, src, keys, req);
    w->source_url = jr_str(r, src, "url", true, 400);
    if (w->source_url && ((strncmp(w->source_url, "https://", 8) != 0 &&
                           strncmp(w->source_url, "http://", 7) != 0) ||
                          strpbrk(w->source_url, " \t\n\"<>") != NULL))
        jr_fail(r, "url", "must be an http(s) address without spaces");
    w->source_title = jr_str(r, src, "title", true, 300);
    w->source_note = jr_str(r, src, "note", false, WORDING_NOTE_MAX);
    r->path[0] = '\0';
}

/* Reads the wording fields of one instrument (o holds only them) into in, which its other fields
   have already filled: item_texts one per item; options each answer item_min..item_max exactly
   once; with item_texts a source, a licence and the options are required and a withheld reason is
   refused; stem and options only with item_texts. */
static void wording_parse(struct easel_kb *kb, struct jread *r, json_t *o,
                          struct easel_instrument *in)
{
    struct easel_wording *w = &in->wording;
    json_t *texts = json_object_get(o, "item_texts");
    if (texts && json_is_array(texts) && json_array_size(texts) != (size_t)in->items)
        jr_fail(r, "item_texts", "must give one text per item: %d items, has %zu", in->items,
                json_array_size(texts));
    if (texts)
        w->item_texts =
            jr_strlist(r, o, "item_texts", (size_t)in->items, (size_t)in->items, WORDING_TEXT_MAX);
    w->stem = jr_str(r, o, "stem", false, WORDING_TEXT_MAX);
    wording_options(kb, r, o, in);
    wording_source(r, o, w);
    w->licence = jr_str(r, o, "wording_licence", false, 600);
    w->withheld_reason = jr_str(r, o, "wording_withheld_reason", false, 600);
    if (r->rc)
        return;
    if (texts) {
        if (w->withheld_reason)
            jr_fail(r, "wording_withheld_reason", "not with item_texts: the wording is shown");
        else if (!w->n_options)
            jr_fail(r, "options", "required with item_texts: the response options as printed");
        else if (!w->source_url)
            jr_fail(r, "wording_source", "required with item_texts: where the wording is from");
        else if (!w->licence)
            jr_fail(r, "wording_licence",
                    "required with item_texts: the licence that allows reproducing it");
    } else if (w->stem) {
        jr_fail(r, "stem", "only with item_texts (the wording is withheld or not given)");
    } else if (w->n_options) {
        jr_fail(r, "options", "only with item_texts; without wording the numeric scale is shown");
    }
}

/* An instrument: its wording fields are taken out and read here, the rest goes to the strict
   parser (kb_items.c) unchanged, re-serialised only when wording fields were present. */
static int parse_instrument(struct easel_kb *kb, const char *where, const char *stem,
                            const char *text, size_t len, struct easel_error *err)
{
    struct jread r = {.where = where, .arena = &kb->arena, .err = err};
    json_t *root = jr_parse(&r, text, len);
    if (!root)
        return r.rc ? r.rc : EASEL_EINVAL;
    json_t *wording = json_object();
    char *rest = NULL;
    int rc = wording ? 0 : easel_error_set(err, EASEL_ENOMEM, where, "", "out of memory");
    for (const char *const *k = wording_keys; *k && !rc; k++) {
        json_t *v = json_object_get(root, *k);
        if (v) {
            json_object_set(wording, *k, v);
            json_object_del(root, *k);
        }
    }
    if (!rc && json_object_size(wording)) {
        rest = json_dumps(root, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
        if (!rest)
            rc = easel_error_set(err, EASEL_ENOMEM, where, "", "out of memory");
    }
    size_t before = kb->n_instruments;
    if (!rc)
        rc = easel__kb_item(kb, KIND_INSTRUMENTS, where, stem, rest ? rest : text,
                            rest ? strlen(rest) : len, err);
    if (!rc && kb->n_instruments == before + 1) {
        wording_parse(kb, &r, wording, &kb->instruments[before]);
        rc = r.rc;
    }
    free(rest);
    json_decref(wording);
    json_decref(root);
    return rc;
}

static int parse_item(struct easel_kb *kb, int k, const char *where, const char *stem,
                      const char *text, size_t len, struct easel_error *err)
{
    if (k == KIND_INSTRUMENTS)
        return parse_instrument(kb, where, stem, text, len, err);
    return easel__kb_item(kb, k, where, stem, text, len, err);
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
        rc = parse_item(kb, k, where, src[i].stem, text.data, text.len, err);
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
            return parse_item(kb, k, where, NULL, text, len, err);
    return easel_error_set(err, EASEL_EINVAL, where, "", "unknown kind %s", kind);
}
