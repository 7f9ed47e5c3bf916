/*
 * formats/group_note_read.c — reads a group-session note (easel/group_note.h) with the strict JSON
 * readers of this layer: unknown keys, wrong types and out-of-range numbers are refused with
 * the field's path. What needs the record (the roster, the schedule) is checked by the
 * application (app/group_service.c).
 */
#include "easel/group_note.h"
#include "easel/jread.h"

#include <stdio.h>
#include <string.h>

#define TEXT_MAX 16000 /* bytes; the store counts characters (EASEL_GROUP_TEXT_MAX) */

static const char *ratings(struct jread *r, json_t *obj, struct easel_arena *a)
{
    json_t *o = jr_get(r, obj, "ratings", JSON_OBJECT, false);
    if (!o)
        return "";
    char buf[1024];
    size_t at = 0;
    const char *key;
    json_t *v;
    buf[0] = 0;
    json_object_foreach(o, key, v)
    {
        size_t kl = strlen(key), ok = kl >= 1 && kl <= 16;
        for (size_t k = 0; ok && k < kl; k++)
            ok = (key[k] >= '0' && key[k] <= '9') || key[k] == '.';
        if (!ok) { /* the store keeps "objective:rating,...": a key is a number like 1.2 */
            jr_fail(r, "ratings", "\"%.16s\" is not an objective number (like 1.2)", key);
            return NULL;
        }
        if (!json_is_integer(v) || json_integer_value(v) < -2 || json_integer_value(v) > 2) {
            jr_fail(r, "ratings", "objective %.16s: a rating -2..+2", key);
            return NULL;
        }
        int n = snprintf(buf + at, sizeof(buf) - at, "%s%s:%d", at ? "," : "", key,
                         (int)json_integer_value(v));
        if (n < 0 || (size_t)n >= sizeof(buf) - at) {
            jr_fail(r, "ratings", "too many ratings or an objective number that is too long");
            return NULL;
        }
        at += (size_t)n;
    }
    return easel_arena_strdup(a, buf);
}

int easel_group_note_read(const char *text, size_t len, struct easel_arena *a,
                          struct easel_group_note *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    struct jread r = {.where = "group note", .arena = a, .err = err};
    json_t *root = jr_parse(&r, text, len);
    if (!root)
        return r.rc ? r.rc : EASEL_EINVAL;
    static const char *const keys[] = {"number", "date",    "minutes",    "directive", "media",
                                       "themes", "process", "next_steps", "members",   NULL};
    static const char *const required[] = {"number",    "date",    "minutes",
                                           "directive", "members", NULL};
    jr_keys(&r, root, keys, required);
    out->number = jr_int(&r, root, "number", true, 1, 104, 0);
    out->date = jr_str(&r, root, "date", true, 10);
    out->minutes = jr_int(&r, root, "minutes", true, 1, 600, 0);
    out->directive = jr_str(&r, root, "directive", true, TEXT_MAX);
    out->media = json_object_get(root, "media") ? jr_str(&r, root, "media", true, TEXT_MAX) : "";
    out->themes = json_object_get(root, "themes") ? jr_str(&r, root, "themes", true, TEXT_MAX) : "";
    out->process =
        json_object_get(root, "process") ? jr_str(&r, root, "process", true, TEXT_MAX) : "";
    out->next_steps =
        json_object_get(root, "next_steps") ? jr_str(&r, root, "next_steps", true, TEXT_MAX) : "";
    json_t *ms = jr_get(&r, root, "members", JSON_ARRAY, true);
    size_t n = ms ? json_array_size(ms) : 0;
    if (!r.rc && (n < 1 || n > 30))
        jr_fail(&r, "members", "1 to 30 members");
    if (!r.rc) {
        out->members = easel_arena_alloc(a, n * sizeof(*out->members));
        if (!out->members)
            r.rc = easel_error_set(err, EASEL_ENOMEM, "group note", "", "out of memory");
    }
    for (size_t i = 0; !r.rc && i < n; i++) {
        json_t *m = json_array_get(ms, i);
        jr_path(&r, "members[%zu].", i);
        if (!json_is_object(m)) {
            jr_fail(&r, NULL, "must be an object");
            break;
        }
        static const char *const mk[] = {"client", "attendance", "minutes",
                                         "note",   "ratings",    NULL};
        static const char *const mr[] = {"client", "attendance", NULL};
        jr_keys(&r, m, mk, mr);
        struct easel_group_note_member *g = &out->members[i];
        g->client = jr_str(&r, m, "client", true, 64);
        g->attendance = jr_str(&r, m, "attendance", true, 16);
        g->minutes = jr_int(&r, m, "minutes", false, 0, 600, -1);
        g->note = json_object_get(m, "note") ? jr_str(&r, m, "note", true, TEXT_MAX) : "";
        g->ratings = ratings(&r, m, a);
        out->n_members++;
    }
    json_decref(root);
    return r.rc;
}
