/*
 * formats/plan_changes.c — what changed between two stored plan versions, in a clinician's words,
 * for the supervisor who co-signs and the therapist who amends: risk flags and their
 * acknowledgements, the client's own words, each objective (matched by its template, so a
 * renumbered objective is the same objective) with its wording, target and target date, each
 * session's warm-up, main directive and closure by name with their minutes (a session is matched
 * by its identity, the main directive and its occurrence, so numbers are labels: sessions added,
 * removed, moved or renumbered are said as such), and the supplies total. JSON layout and key
 * order never count as a change.
 *
 * Owns: the lines, in the caller's arena. Borrows: the KB (names) and both texts for the call.
 * Fails: EASEL_EINVAL naming the version whose body is not easel-plan/1 JSON, EASEL_ENOMEM.
 */
#include "easel/report_read.h"
#include "easel/jread.h"

#include <stdarg.h>
#include <stdint.h>
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

/* A program session's identity: its main directive's KB id and which occurrence of that id it
   is in the program ("containment-box#2"). Session numbers are labels: a session inserted early
   renumbers every later one, and matching by number would report each as changed. */
static const char *session_key(struct out *o, json_t *sessions, size_t i)
{
    const char *id = s_of(json_object_get(json_array_get(sessions, i), "main"), "id");
    int nth = 1;
    for (size_t k = 0; k < i; k++)
        nth += same(s_of(json_object_get(json_array_get(sessions, k), "main"), "id"), id);
    const char *key = easel_arena_printf(o->a, "%s#%d", id, nth);
    if (!key)
        o->rc = EASEL_ENOMEM;
    return key ? key : "";
}

/* What changed in one session: x (number i+1 before) against y (number j+1 now). */
static void session_pair(struct out *o, const struct easel_kb *kb, json_t *x, size_t i, json_t *y,
                         size_t j)
{
    static const char *const slots[] = {"warm_up", "main", "closure"};
    static const char *const words[] = {"warm-up", "main directive", "closure"};
    const char *label = i == j ? easel_arena_printf(o->a, "Session %zu", j + 1)
                               : easel_arena_printf(o->a, "Session %zu (was %zu)", j + 1, i + 1);
    if (!label) {
        o->rc = EASEL_ENOMEM;
        return;
    }
    bool said = false;
    for (size_t k = 0; k < 3; k++) {
        json_t *ix = json_object_get(x, slots[k]), *iy = json_object_get(y, slots[k]);
        const char *nx = item_name(kb, ix), *ny = item_name(kb, iy);
        if (!same(nx, ny)) {
            say(o, "%s, %s: %s -> %s", label, words[k], nx, ny);
            said = true;
        } else if (json_is_object(iy) && json_integer_value(json_object_get(ix, "minutes")) !=
                                             json_integer_value(json_object_get(iy, "minutes"))) {
            say(o, "%s, %s (%s): %lld -> %lld minutes", label, words[k], ny,
                (long long)json_integer_value(json_object_get(ix, "minutes")),
                (long long)json_integer_value(json_object_get(iy, "minutes")));
            said = true;
        }
    }
    if (!same(s_of(x, "objective"), s_of(y, "objective"))) {
        say(o, "%s now serves objective %s (was %s)", label, s_of(y, "objective"),
            s_of(x, "objective"));
        said = true;
    }
    if (!said && i != j)
        say(o, "Session %zu (%s) is now session %zu", i + 1,
            item_name(kb, json_object_get(y, "main")), j + 1);
}

#define SESSIONS_MAX 512 /* a plan holds at most 104 sessions; more are compared by number */

/* The sessions aligned by identity (the longest common subsequence of their keys); between two
   matched sessions, the unmatched ones are paired in order as changed, the rest added or
   removed, and a session removed in one place and added in another with the same identity is
   a move. */
static void sessions(struct out *o, const struct easel_kb *kb, json_t *a, json_t *b)
{
    json_t *sa = json_object_get(a, "sessions"), *sb = json_object_get(b, "sessions");
    size_t na = json_array_size(sa), nb = json_array_size(sb);
    struct step {
        size_t i, j; /* SIZE_MAX: not in that version */
    } *steps = NULL;
    unsigned short *lcs = NULL;
    const char **ka = NULL, **kb_ = NULL;
    if (na <= SESSIONS_MAX && nb <= SESSIONS_MAX) {
        lcs = easel_arena_alloc(o->a, (na + 1) * (nb + 1) * sizeof(*lcs));
        ka = easel_arena_alloc(o->a, (na + 1) * sizeof(*ka));
        kb_ = easel_arena_alloc(o->a, (nb + 1) * sizeof(*kb_));
        steps = easel_arena_alloc(o->a, (na + nb + 1) * sizeof(*steps));
    }
    if (!lcs || !ka || !kb_ || !steps) { /* by number */
        for (size_t i = 0; i < (na > nb ? na : nb); i++) {
            json_t *x = json_array_get(sa, i), *y = json_array_get(sb, i);
            if (x && y)
                session_pair(o, kb, x, i, y, i);
            else
                say(o, "Session %zu %s", i + 1, y ? "added" : "removed");
        }
        return;
    }
    for (size_t i = 0; i < na; i++)
        ka[i] = session_key(o, sa, i);
    for (size_t j = 0; j < nb; j++)
        kb_[j] = session_key(o, sb, j);
#define LCS(i, j) lcs[(size_t)(i) * (nb + 1) + (j)]
    for (size_t i = na + 1; i-- > 0;)
        for (size_t j = nb + 1; j-- > 0;)
            LCS(i, j) = i == na || j == nb ? 0
                        : same(ka[i], kb_[j])
                            ? (unsigned short)(LCS(i + 1, j + 1) + 1)
                            : (LCS(i + 1, j) > LCS(i, j + 1) ? LCS(i + 1, j) : LCS(i, j + 1));
    size_t n = 0, i = 0, j = 0;
    while (i < na || j < nb) {
        size_t i0 = i, j0 = j; /* the run up to the next match */
        while (i < na && j < nb && !same(ka[i], kb_[j])) {
            if (LCS(i + 1, j) >= LCS(i, j + 1))
                i++;
            else
                j++;
        }
        if (i == na || j == nb) {
            i = na;
            j = nb;
        }
        size_t gone = i - i0, come = j - j0;
        for (size_t k = 0; k < gone || k < come; k++)
            steps[n++] = (struct step){k < gone ? i0 + k : SIZE_MAX, k < come ? j0 + k : SIZE_MAX};
        if (i < na && j < nb)
            steps[n++] = (struct step){i++, j++};
    }
#undef LCS
    /* a removal and an addition of the same session are one move */
    for (size_t r = 0; r < n; r++) {
        if (steps[r].j != SIZE_MAX || steps[r].i == SIZE_MAX)
            continue;
        for (size_t q = 0; q < n; q++)
            if (steps[q].i == SIZE_MAX && steps[q].j != SIZE_MAX &&
                same(ka[steps[r].i], kb_[steps[q].j])) {
                steps[r].j = steps[q].j;
                steps[q].j = SIZE_MAX; /* used: says nothing */
                break;
            }
    }
    for (size_t r = 0; r < n; r++) {
        size_t x = steps[r].i, y = steps[r].j;
        if (x != SIZE_MAX && y != SIZE_MAX)
            session_pair(o, kb, json_array_get(sa, x), x, json_array_get(sb, y), y);
        else if (x != SIZE_MAX)
            say(o, "Session %zu (%s) removed", x + 1,
                item_name(kb, json_object_get(json_array_get(sa, x), "main")));
        else if (y != SIZE_MAX)
            say(o, "Session %zu (%s) added", y + 1,
                item_name(kb, json_object_get(json_array_get(sb, y), "main")));
    }
}

static void supplies_total(struct out *o, json_t *a, json_t *b)
{
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
        supplies_total(&o, x, y);
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
