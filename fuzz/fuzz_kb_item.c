/*
 * fuzz/fuzz_kb_item.c — libFuzzer harness for the KB item parsers: the first input byte picks
 * the kind (byte % 8 over problems, interventions, media, settings, rules, instruments,
 * hazards, references) and the rest is parsed with easel_kb_parse_item() into a fresh, empty KB.
 *
 * Checks, beyond the sanitizers (abort() on a violation, so a release-build replay checks them
 * too): an accepted item adds exactly one item, to the array of its kind and no other, with an
 * id of 1-128 printable bytes and a version of at least 1; parsing the same text again into
 * another fresh KB accepts it again with the same id (the parser keeps no state between
 * items); a refusal returns the code it records, with a message and the place (the file) set.
 *
 * Owns: two struct easel_kb per input, released before return.
 * Borrows: data, only during the call (never assumed NUL-terminated).
 * Fails: rejected items are a normal outcome (return 0); a broken invariant abort()s.
 */
#include "easel/kb_load.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"problems", "interventions", "media",   "settings",
                                    "rules",    "instruments",   "hazards", "references"};

static size_t total(const struct easel_kb *kb)
{
    return kb->n_problems + kb->n_interventions + kb->n_media + kb->n_settings + kb->n_rules +
           kb->n_instruments + kb->n_hazards + kb->n_references;
}

/* The one item of kind k: its id and version; NULL when that array is empty. */
static const char *item_id(const struct easel_kb *kb, int k, int *version)
{
#define ITEM(arr, n)                                                                               \
    if (!kb->n)                                                                                    \
        return NULL;                                                                               \
    *version = kb->arr[0].version;                                                                 \
    return kb->arr[0].id
    switch (k) {
    case 0:
        ITEM(problems, n_problems);
    case 1:
        ITEM(interventions, n_interventions);
    case 2:
        ITEM(media, n_media);
    case 3:
        ITEM(settings, n_settings);
    case 4:
        ITEM(rules, n_rules);
    case 5:
        ITEM(instruments, n_instruments);
    case 6:
        ITEM(hazards, n_hazards);
    default:
        ITEM(references, n_references);
    }
#undef ITEM
}

static int parse(struct easel_kb *kb, int k, const uint8_t *text, size_t len,
                 struct easel_error *err)
{
    memset(kb, 0, sizeof(*kb));
    easel_arena_init(&kb->arena);
    return easel_kb_parse_item(kb, kinds[k], "fuzz.json", (const char *)text, len, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int k = data[0] % 8;
    struct easel_kb kb;
    struct easel_error err = {0};
    int rc = parse(&kb, k, data + 1, size - 1, &err);
    if (rc) {
        if (err.code != rc || !err.msg[0] || !err.where[0])
            abort();
        easel_kb_release(&kb);
        return 0;
    }
    int version = 0;
    const char *id = item_id(&kb, k, &version);
    size_t n = id ? strnlen(id, 129) : 0;
    if (total(&kb) != 1 || n < 1 || n > 128 || version < 1)
        abort();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
            abort();
    struct easel_kb again;
    struct easel_error err2 = {0};
    int version2 = 0;
    const char *id2 = NULL;
    if (parse(&again, k, data + 1, size - 1, &err2) != 0 ||
        (id2 = item_id(&again, k, &version2)) == NULL || strcmp(id, id2) != 0 ||
        version != version2)
        abort();
    easel_kb_release(&again);
    easel_kb_release(&kb);
    return 0;
}
