/*
 * kb/plan_changes.c — what changed between two stored plan versions, in a clinician's words, for
 * the supervisor who co-signs and the therapist who amends: risk flags and their
 * acknowledgements, the client's own words, each objective (matched by its template, so a
 * renumbered objective is the same objective) with its wording, target and target date, each
 * session's warm-up, main directive and closure by name with their minutes, sessions added or
 * removed, and the supplies total. JSON layout and key order never count as a change.
 *
 * Owns: the lines, in the caller's arena. Borrows: the KB (names) and both texts for the call.
 * Fails: EASEL_EINVAL naming the version whose body is not easel-plan/1 JSON, EASEL_ENOMEM.
 */
#include "easel/report_read.h"
#include "jread.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct out {
    struct easel_arena *a;
    const char **lines;
    size_t n, cap;
    int rc;
};

static void say(struct out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void say(struct out *o, const char *fmt, ...)
{
    if (o->rc)
        return;
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 32;
        const char **l = easel_arena_alloc(o->a, cap * sizeof(*l));
        if (!l) {
            o->rc = EASEL_ENOMEM;
            return;
        }
        if (o->n)
            memcpy(l, o->lines, o->n * sizeof(*l));
        o->lines = l;
        o->cap = cap;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    const char *s = easel_arena_strdup(o->a, buf);
    if (!s)
        o->rc = EASEL_ENOMEM;
    else
        o->lines[o->n++] = s;
}

static const char *s_of(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *item_name(const struct easel_kb *kb, json_t *item)
{
    const char *id = json_string_value(json_object_get(item, "id"));
    if (!id)
        return "nothing";
    int i = easel_kb_intervention(kb, id);
    return i >= 0 ? kb->interventions[i].name : id;
}

static void risks(struct out *o, json_t *a, json_t *b)
{
    json_t *ra = json_object_get(a, "risks"), *rb = json_object_get(b, "risks");
    for (size_t i = 0; i < json_array_size(rb); i++) {
        json_t *x = json_array_get(rb, i);
        const char *flag = s_of(x, "flag");
        json_t *was = NULL;
        for (size_t k = 0; k < json_array_size(ra) && !was; k++)
            if (same(s_of(json_array_get(ra, k), "flag"), flag))
                was = json_array_get(ra, k);
        const char *words = easel_flag_words_of(flag);
        if (!was)
            say(o, "Risk flag added: %s (%s)", words, s_of(x, "reason"));
        const char *ack = s_of(json_object_get(x, "acknowledged"), "reason");
        if (*ack && !same(ack, s_of(json_object_get(was, "acknowledged"), "reason")))
            say(o, "Risk flag %s acknowledged: %s", words, ack);
    }
    for (size_t k = 0; k < json_array_size(ra); k++) {
        const char *flag = s_of(json_array_get(ra, k), "flag");
        bool kept = false;
        for (size_t i = 0; i < json_array_size(rb) && !kept; i++)
            kept = same(s_of(json_array_get(rb, i), "flag"), flag);
        if (!kept)
            say(o, "Risk flag no longer raised: %s", easel_flag_words_of(flag));
    }
}

static const char *text_of(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : s_of(v, "text");
}

static void client_words(struct out *o, json_t *a, json_t *b)
{
    json_t *wa = json_object_get(a, "client_goals"), *wb = json_object_get(b, "client_goals");
    for (int pass = 0; pass < 2; pass++) {
        json_t *from = pass ? wa : wb, *in = pass ? wb : wa;
        for (size_t i = 0; i < json_array_size(from); i++) {
            const char *t = text_of(json_array_get(from, i));
            bool found = false;
            for (size_t k = 0; k < json_array_size(in) && !found; k++)
                found = same(t, text_of(json_array_get(in, k)));
            if (!found)
                say(o, "The client's words %s: \"%s\"", pass ? "removed" : "added", t);
        }
    }
}

/* The objective of plan that stands for want: the same template, else the same number. */
static json_t *find_objective(json_t *plan, json_t *want)
{
    const char *tpl = s_of(want, "template"), *num = s_of(want, "number");
    json_t *goals = json_object_get(plan, "goals");
    for (size_t g = 0; g < json_array_size(goals); g++) {
        json_t *objs = json_object_get(json_array_get(goals, g), "objectives");
        for (size_t k = 0; k < json_array_size(objs); k++) {
            json_t *o = json_array_get(objs, k);
            if (*tpl ? same(s_of(o, "template"), tpl) : same(s_of(o, "number"), num))
                return o;
        }
    }
    return NULL;
}

static void objectives(struct out *o, json_t *a, json_t *b)
{
    for (int pass = 0; pass < 2; pass++) {
        json_t *from = pass ? a : b, *other = pass ? b : a;
        json_t *goals = json_object_get(from, "goals");
        for (size_t g = 0; g < json_array_size(goals); g++) {
            json_t *objs = json_object_get(json_array_get(goals, g), "objectives");
            for (size_t k = 0; k < json_array_size(objs); k++) {
                json_t *x = json_array_get(objs, k), *y = find_objective(other, x);
                const char *num = s_of(x, "number");
                if (!y) {
                    say(o, "Objective %s %s: %s", num, pass ? "removed" : "added",
                        s_of(x, "smart"));
                    continue;
                }
                if (pass)
                    continue; /* both sides: compared once, from the new version */
                if (!same(s_of(y, "number"), num))
                    say(o, "Objective %s is now numbered %s", s_of(y, "number"), num);
                if (!same(s_of(y, "target"), s_of(x, "target")))
                    say(o, "Objective %s: target %s -> %s", num, s_of(y, "target"),
                        s_of(x, "target"));
                if (!same(s_of(y, "target_date"), s_of(x, "target_date")))
                    say(o, "Objective %s: target date %s -> %s", num, s_of(y, "target_date"),
                        s_of(x, "target_date"));
                if (!same(s_of(y, "smart"), s_of(x, "smart")))
                    say(o, "Objective %s reworded: \"%s\"", num, s_of(x, "smart"));
            }
        }
    }
}

static void sessions(struct out *o, const struct easel_kb *kb, json_t *a, json_t *b)
{
    static const char *const slots[] = {"warm_up", "main", "closure"};
    static const char *const words[] = {"warm-up", "main directive", "closure"};
    json_t *sa = json_object_get(a, "sessions"), *sb = json_object_get(b, "sessions");
    size_t na = json_array_size(sa), nb = json_array_size(sb);
    for (size_t i = 0; i < (na > nb ? na : nb); i++) {
        json_t *x = json_array_get(sa, i), *y = json_array_get(sb, i);
        if (!x || !y) {
            say(o, "Session %zu %s", i + 1, y ? "added" : "removed");
            continue;
        }
        for (size_t k = 0; k < 3; k++) {
            json_t *ix = json_object_get(x, slots[k]), *iy = json_object_get(y, slots[k]);
            const char *nx = item_name(kb, ix), *ny = item_name(kb, iy);
            if (!same(nx, ny))
                say(o, "Session %zu, %s: %s -> %s", i + 1, words[k], nx, ny);
            else if (json_is_object(iy) && json_integer_value(json_object_get(ix, "minutes")) !=
                                               json_integer_value(json_object_get(iy, "minutes")))
                say(o, "Session %zu, %s (%s): %lld -> %lld minutes", i + 1, words[k], ny,
                    (long long)json_integer_value(json_object_get(ix, "minutes")),
                    (long long)json_integer_value(json_object_get(iy, "minutes")));
        }
        if (!same(s_of(x, "objective"), s_of(y, "objective")))
            say(o, "Session %zu now serves objective %s (was %s)", i + 1, s_of(y, "objective"),
                s_of(x, "objective"));
    }
    json_int_t ca = json_integer_value(json_object_get(a, "total_cost_cents"));
    json_int_t cb = json_integer_value(json_object_get(b, "total_cost_cents"));
    if (ca != cb)
        say(o, "Supplies total: %lld.%02lld -> %lld.%02lld", (long long)(ca / 100),
            (long long)(ca % 100), (long long)(cb / 100), (long long)(cb % 100));
}

int easel_plan_changes(const char *from, size_t from_len, const char *to, size_t to_len,
                       const struct easel_kb *kb, struct easel_arena *a, const char ***lines,
                       size_t *n, struct easel_error *err)
{
    *lines = NULL;
    *n = 0;
    json_t *x = json_loadb(from, from_len, 0, NULL), *y = json_loadb(to, to_len, 0, NULL);
    int rc = 0;
    if (!json_is_object(x) || !json_is_object(y))
        rc = easel_error_set(err, EASEL_EINVAL, "plan", json_is_object(x) ? "to" : "from",
                             "not an easel-plan/1 document");
    struct out o = {a, NULL, 0, 0, 0};
    if (!rc) {
        risks(&o, x, y);
        client_words(&o, x, y);
        objectives(&o, x, y);
        sessions(&o, kb, x, y);
        rc = o.rc;
        if (rc)
            easel_error_set(err, rc, "plan", "", "out of memory");
    }
    json_decref(x);
    json_decref(y);
    *lines = o.lines;
    *n = o.n;
    return rc;
}
