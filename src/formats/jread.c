/*
 * formats/jread.c — strict JSON field readers (see easel/jread.h), shared by the readers of this
 * layer and the KB loader (kb/kb_items.c, kb/kb_load.c).
 */
#include "easel/jread.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The line on which field (a path "a.b[2].c") appears in text: each name of the path is looked
   for as "name" after the previous one; 0 when not found. */
static int line_of(const char *text, size_t len, const char *field)
{
    const char *at = text, *end = text + len;
    char name[64];
    for (const char *p = field; *p && at;) {
        size_t n = 0;
        while (p[n] && p[n] != '.' && p[n] != '[' && n + 3 < sizeof(name))
            n++;
        if (n) {
            name[0] = '"';
            memcpy(name + 1, p, n);
            name[n + 1] = '"';
            const char *hit = NULL;
            for (const char *q = at; q + n + 2 <= end; q++)
                if (memcmp(q, name, n + 2) == 0) {
                    hit = q;
                    break;
                }
            if (!hit)
                break;
            at = hit;
        }
        p += n;
        while (*p == '.' || *p == '[' || *p == ']' || (*p >= '0' && *p <= '9'))
            p++;
    }
    if (!at || at == text)
        return 0;
    int line = 1;
    for (const char *q = text; q < at; q++)
        line += *q == '\n';
    return line;
}

int jr_fail(struct jread *r, const char *key, const char *fmt, ...)
{
    if (r->rc)
        return r->rc;
    char field[96];
    snprintf(field, sizeof(field), "%s%s", r->path, key ? key : "");
    size_t n = strlen(field);
    if (n && field[n - 1] == '.')
        field[n - 1] = '\0';
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int line = r->text && *field ? line_of(r->text, r->len, field) : 0;
    if (line) {
        char where[300];
        snprintf(where, sizeof(where), "%s:%d", r->where, line);
        r->rc = easel_error_set(r->err, EASEL_EINVAL, where, field, "%s", msg);
    } else {
        r->rc = easel_error_set(r->err, EASEL_EINVAL, r->where, field, "%s", msg);
    }
    return r->rc;
}

void jr_path(struct jread *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->path, sizeof(r->path), fmt, ap);
    va_end(ap);
}

bool jr_is_id(const char *s, size_t maxlen)
{
    size_t n = strlen(s);
    if (n < 1 || n > maxlen)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

json_t *jr_parse(struct jread *r, const char *text, size_t len)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        char where[160];
        snprintf(where, sizeof(where), "%s:%d:%d", r->where, je.line, je.column);
        r->rc = easel_error_set(r->err, EASEL_EINVAL, where, "", "malformed JSON: %s", je.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        jr_fail(r, NULL, "the top level must be a JSON object");
        return NULL;
    }
    return root;
}

void jr_keys(struct jread *r, json_t *obj, const char *const *allowed, const char *const *required)
{
    const char *key;
    json_t *v;
    if (r->rc)
        return;
    json_object_foreach(obj, key, v)
    {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, key) == 0;
        if (!ok) {
            jr_fail(r, key, "unknown field");
            return;
        }
    }
    for (const char *const *q = required; q && *q; q++)
        if (!json_object_get(obj, *q)) {
            jr_fail(r, *q, "required field is missing");
            return;
        }
}

static const char *type_name(json_type t)
{
    switch (t) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "true or false";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

json_t *jr_get(struct jread *r, json_t *obj, const char *key, json_type type, bool required)
{
    if (r->rc)
        return NULL;
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            jr_fail(r, key, "required field is missing");
        return NULL;
    }
    bool ok = json_typeof(v) == type || (type == JSON_TRUE && json_is_boolean(v)) ||
              (type == JSON_REAL && json_is_number(v));
    if (!ok) {
        jr_fail(r, key, "must be %s, not %s", type_name(type), type_name(json_typeof(v)));
        return NULL;
    }
    return v;
}

static bool valid_text(const char *s, size_t len)
{
    /* jansson already guarantees UTF-8; refuse control characters other than newline/tab */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\n' && c != '\t')
            return false;
    }
    return true;
}

const char *jr_str(struct jread *r, json_t *obj, const char *key, bool required, size_t maxlen)
{
    json_t *v = jr_get(r, obj, key, JSON_STRING, required);
    if (!v)
        return NULL;
    size_t len = json_string_length(v);
    const char *s = json_string_value(v);
    if (len == 0) {
        jr_fail(r, key, "must not be empty");
        return NULL;
    }
    if (len > maxlen) {
        jr_fail(r, key, "longer than %zu characters", maxlen);
        return NULL;
    }
    if (strlen(s) != len || !valid_text(s, len)) {
        jr_fail(r, key, "contains control characters");
        return NULL;
    }
    const char *copy = easel_arena_strdup(r->arena, s);
    if (!copy)
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, key, "out of memory");
    return copy;
}

int jr_int(struct jread *r, json_t *obj, const char *key, bool required, int min, int max, int def)
{
    json_t *v = jr_get(r, obj, key, JSON_INTEGER, required);
    if (!v)
        return def;
    json_int_t x = json_integer_value(v);
    if (x < min || x > max) {
        jr_fail(r, key, "must be between %d and %d, got %lld", min, max, (long long)x);
        return def;
    }
    return (int)x;
}

bool jr_bool(struct jread *r, json_t *obj, const char *key, bool def)
{
    json_t *v = jr_get(r, obj, key, JSON_TRUE, false);
    return v ? json_is_true(v) : def;
}

struct easel_strlist jr_strlist(struct jread *r, json_t *obj, const char *key, size_t min,
                                size_t max, size_t maxlen)
{
    struct easel_strlist l = {0};
    json_t *arr = jr_get(r, obj, key, JSON_ARRAY, min > 0);
    if (!arr)
        return l;
    size_t n = json_array_size(arr);
    if (n < min || n > max) {
        jr_fail(r, key, "must have %zu to %zu entries, has %zu", min, max, n);
        return l;
    }
    l.items = easel_arena_alloc(r->arena, (n + 1) * sizeof(char *));
    if (!l.items) {
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, key, "out of memory");
        return l;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(arr, i);
        char k[64];
        snprintf(k, sizeof(k), "%s[%zu]", key, i);
        if (!json_is_string(v)) {
            jr_fail(r, k, "must be a string");
            return l;
        }
        json_t *wrap = json_object();
        json_object_set(wrap, k, v);
        const char *s = jr_str(r, wrap, k, true, maxlen);
        json_decref(wrap);
        if (!s)
            return l;
        l.items[l.n++] = s;
    }
    return l;
}

uint64_t jr_mask(struct jread *r, json_t *obj, const char *key, enum easel_vocab_id v, size_t min)
{
    uint64_t mask = 0;
    json_t *arr = jr_get(r, obj, key, JSON_ARRAY, min > 0);
    if (!arr)
        return 0;
    if (json_array_size(arr) < min) {
        jr_fail(r, key, "must have at least %zu entries", min);
        return 0;
    }
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *w = json_array_get(arr, i);
        int idx = json_is_string(w) ? easel_vocab_find(v, json_string_value(w)) : -1;
        if (idx < 0) {
            char k[64];
            snprintf(k, sizeof(k), "%s[%zu]", key, i);
            jr_fail(r, k, "not a known %s: %s", easel_vocab_title(v),
                    json_is_string(w) ? json_string_value(w) : "(not a string)");
            return 0;
        }
        if (mask & EASEL_BIT(idx)) {
            char k[64];
            snprintf(k, sizeof(k), "%s[%zu]", key, i);
            jr_fail(r, k, "listed twice: %s", json_string_value(w));
            return 0;
        }
        mask |= EASEL_BIT(idx);
    }
    return mask;
}

int jr_word(struct jread *r, json_t *obj, const char *key, enum easel_vocab_id v, bool required)
{
    json_t *w = jr_get(r, obj, key, JSON_STRING, required);
    if (!w)
        return -1;
    int idx = easel_vocab_find(v, json_string_value(w));
    if (idx < 0)
        jr_fail(r, key, "not a known %s: %s", easel_vocab_title(v), json_string_value(w));
    return idx;
}

int jr_enum(struct jread *r, json_t *obj, const char *key, const char *const *words, int def)
{
    json_t *w = jr_get(r, obj, key, JSON_STRING, false);
    if (!w)
        return def;
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], json_string_value(w)) == 0)
            return i;
    char list[160] = "";
    size_t used = 0;
    for (int i = 0; words[i] && used < sizeof(list); i++) {
        int n = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", words[i]);
        used += n > 0 ? (size_t)n : 0;
    }
    jr_fail(r, key, "must be one of %s; got \"%s\"", list, json_string_value(w));
    return def;
}

struct easel_idlist jr_ids(struct jread *r, json_t *obj, const char *key, size_t max)
{
    struct easel_idlist l = {0};
    struct easel_strlist s = jr_strlist(r, obj, key, 0, max, 48);
    if (r->rc || !s.n)
        return l;
    l.ids = s.items;
    l.n = s.n;
    l.index = easel_arena_alloc(r->arena, s.n * sizeof(int));
    if (!l.index)
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, key, "out of memory");
    for (size_t i = 0; i < l.n && l.index; i++)
        l.index[i] = -1;
    return l;
}
