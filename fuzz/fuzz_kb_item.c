/*
 * fuzz/fuzz_kb_item.c — libFuzzer harness for the KB item parsers: the first input byte picks
 * the kind (byte % 6 over problems, interventions, media, settings, rules, instruments) and the
 * rest is parsed with easel_kb_parse_item() into a fresh, empty KB.
 *
 * Owns: one struct easel_kb per input, released before return.
 * Borrows: data, only during the call (never assumed NUL-terminated).
 * Fails: rejected items are a normal outcome (return 0); only sanitizers report bugs.
 */
#include "easel/kb_load.h"
#include "fuzz.h"

#include <string.h>

static const char *const kinds[] = {"problems", "interventions", "media",   "settings",
                                    "rules",    "instruments",   "hazards", "references"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *kind = kinds[data[0] % 8];
    struct easel_kb kb;
    memset(&kb, 0, sizeof(kb));
    easel_arena_init(&kb.arena);
    struct easel_error err = {0};
    easel_kb_parse_item(&kb, kind, "fuzz.json", (const char *)data + 1, size - 1, &err);
    easel_kb_release(&kb);
    return 0;
}
