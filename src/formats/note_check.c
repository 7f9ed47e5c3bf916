/*
 * formats/note_check.c — validates a session note against its format (easel/note.h) with the
 * strict JSON readers of this layer (easel/jread.h).
 */
#include "easel/arena.h"
#include "easel/note.h"
#include "easel/jread.h"

#include <string.h>

#define NOTE_FIELD_MAX 8000

int easel_note_check(const char *format, const char *json, size_t len, struct easel_error *err)
{
    static const struct {
        const char *format;
        const char *fields[5];
    } formats[] = {
        {"SOAP", {"subjective", "objective", "assessment", "plan", NULL}},
        {"DAP", {"data", "assessment", "plan", NULL}},
        {"BIRP", {"behavior", "intervention", "response", "plan", NULL}},
        {"GIRP", {"goal", "intervention", "response", "plan", NULL}},
    };
    int f = -1;
    for (int i = 0; i < 4; i++)
        if (format && strcmp(format, formats[i].format) == 0)
            f = i;
    if (f < 0)
        return easel_error_set(err, EASEL_EINVAL, "note", "format",
                               "must be SOAP, DAP, BIRP or GIRP");
    struct easel_arena a;
    easel_arena_init(&a);
    struct jread r = {.where = "note", .arena = &a, .err = err};
    json_t *root = jr_parse(&r, json, len);
    if (root) {
        const char *allowed[9];
        int n = 0;
        for (int i = 0; formats[f].fields[i]; i++)
            allowed[n++] = formats[f].fields[i];
        allowed[n++] = "progress";
        allowed[n++] = "media_used";
        allowed[n++] = "reactions";
        allowed[n] = NULL;
        jr_keys(&r, root, allowed, formats[f].fields);
        for (int i = 0; formats[f].fields[i]; i++) {
            json_t *v = jr_get(&r, root, formats[f].fields[i], JSON_STRING, true);
            if (v && json_string_length(v) > NOTE_FIELD_MAX)
                jr_fail(&r, formats[f].fields[i], "longer than %d characters", NOTE_FIELD_MAX);
        }
        if (json_object_get(root, "reactions"))
            jr_str(&r, root, "reactions", true, NOTE_FIELD_MAX);
        jr_strlist(&r, root, "media_used", 0, 64, 48);
        json_t *prog = jr_get(&r, root, "progress", JSON_ARRAY, false);
        for (size_t i = 0; prog && i < json_array_size(prog) && !r.rc; i++) {
            json_t *p = json_array_get(prog, i);
            jr_path(&r, "progress[%zu].", i);
            if (!json_is_object(p)) {
                jr_fail(&r, NULL, "must be an object");
                break;
            }
            static const char *const pk[] = {"objective", "rating", "comment", NULL};
            static const char *const pr[] = {"objective", "rating", NULL};
            jr_keys(&r, p, pk, pr);
            jr_str(&r, p, "objective", true, 16);
            jr_int(&r, p, "rating", true, -2, 2, 0);
            if (json_object_get(p, "comment"))
                jr_str(&r, p, "comment", true, NOTE_FIELD_MAX);
        }
        json_decref(root);
    }
    int rc = r.rc ? r.rc : (root ? 0 : EASEL_EINVAL);
    easel_arena_release(&a);
    return rc;
}

int easel_note_progress(const char *json, size_t len, easel_note_progress_fn fn, void *ctx)
{
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
    if (!root)
        return EASEL_EINVAL;
    json_t *prog = json_object_get(root, "progress");
    for (size_t i = 0; json_is_array(prog) && i < json_array_size(prog); i++) {
        json_t *p = json_array_get(prog, i);
        const char *obj = json_string_value(json_object_get(p, "objective"));
        json_t *r = json_object_get(p, "rating");
        if (obj && json_is_integer(r))
            fn(ctx, obj, (int)json_integer_value(r));
    }
    json_decref(root);
    return 0;
}
