/*
 * formats/plan_check.c — checks a therapist's edited plan (easel/plan_check.h) with jansson: the
 * format, the client, the shape of the sessions, and for every session item and medium the
 * engine's verdict for this client. Fuzzed by fuzz/fuzz_body.c.
 *
 * Owns: the parsed JSON during the call. Borrows: the engine plan and the text.
 * Fails: EASEL_EINVAL naming the field; *excluded true when the engine excludes the item.
 */
#include "easel/buf.h"
#include "easel/plan_check.h"
#include "easel/vocab.h"
#include "easel/jread.h"

#include <stdio.h>
#include <string.h>

#define TEXT_MAX 2000 /* characters of one client goal */
#define GOALS_MAX 50  /* client goals */
#define MEDIA_MAX 32  /* media of one item */

static int fail(struct easel_error *err, const char *field, const char *msg)
{
    return easel_error_set(err, EASEL_EINVAL, "plan", field, "%s", msg);
}

static int check_medium(const struct easel_plan *pl, json_t *m, const char *field, bool *excluded,
                        struct easel_error *err)
{
    json_t *id = json_is_object(m) ? json_object_get(m, "id") : NULL;
    if (!json_is_string(id))
        return fail(err, field, "must be an object with the medium's \"id\"");
    int k = easel_kb_medium(pl->kb, json_string_value(id));
    if (k < 0)
        return fail(err, field, "no medium with this id in the knowledge base");
    if (pl->media[k].verdict == EASEL_VERDICT_EXCLUDED) {
        *excluded = true;
        return easel_error_set(err, EASEL_EINVAL, "plan", field, "%s: %s", pl->kb->media[k].id,
                               pl->media[k].reason ? pl->media[k].reason
                                                   : "excluded for this client");
    }
    return 0;
}

static int check_item(const struct easel_plan *pl, json_t *item, const char *field, bool *excluded,
                      struct easel_error *err)
{
    if (!item || json_is_null(item))
        return 0; /* removed by the therapist */
    json_t *id = json_is_object(item) ? json_object_get(item, "id") : NULL;
    if (!json_is_string(id))
        return fail(err, field, "must be null or an object with the intervention's \"id\"");
    int i = easel_kb_intervention(pl->kb, json_string_value(id));
    if (i < 0)
        return fail(err, field, "no intervention with this id in the knowledge base");
    if (pl->interventions[i].verdict == EASEL_VERDICT_EXCLUDED) {
        *excluded = true;
        struct easel_buf why;
        easel_buf_init(&why, 4096);
        int rc = easel_plan_reason(pl, i, &why);
        easel_error_set(err, EASEL_EINVAL, "plan", field, "%s: %s", pl->kb->interventions[i].id,
                        !rc && why.data ? why.data : "excluded for this client");
        easel_buf_release(&why);
        return EASEL_EINVAL;
    }
    json_t *media = json_object_get(item, "media");
    if (media && !json_is_array(media))
        return fail(err, field, "\"media\" must be an array");
    if (json_array_size(media) > MEDIA_MAX)
        return fail(err, field, "too many media");
    for (size_t k = 0; k < json_array_size(media); k++) {
        char f[160]; /* longer than err->field: easel_error_set truncates */
        snprintf(f, sizeof(f), "%s.media[%zu]", field, k);
        int rc = check_medium(pl, json_array_get(media, k), f, excluded, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* What the engine derived and an edit may not change: every risk flag (an edit may add an
   acknowledgement with a reason, never remove a flag), the client flags, the age and setting,
   and supply rows and costs that do not follow from the KB. */
static int engine_facts(const struct easel_plan *pl, json_t *root, bool *refused,
                        struct easel_error *err)
{
    json_t *risks = json_object_get(root, "risks");
    for (size_t i = 0; i < pl->n_risks; i++) {
        const char *flag = easel_vocab_name(EASEL_VOCAB_FLAG, pl->risks[i].flag);
        bool kept = false;
        for (size_t k = 0; json_is_array(risks) && k < json_array_size(risks) && !kept; k++) {
            json_t *f = json_object_get(json_array_get(risks, k), "flag");
            kept = json_is_string(f) && strcmp(json_string_value(f), flag) == 0;
        }
        if (!kept && (*refused = true))
            return easel_error_set(err, EASEL_EINVAL, "plan", "plan.risks",
                                   "the risk flag %s cannot be removed by an edit; acknowledge it "
                                   "with a reason instead",
                                   flag);
    }
    for (size_t k = 0; json_is_array(risks) && k < json_array_size(risks); k++) {
        /* the words shown for a flag are the flag's own */
        json_t *r = json_array_get(risks, k), *w = json_object_get(r, "words");
        int bit = easel_vocab_find(EASEL_VOCAB_FLAG, json_string_value(json_object_get(r, "flag")));
        if (w && (bit < 0 || !json_is_string(w) ||
                  strcmp(json_string_value(w), easel_flag_words(bit)) != 0)) {
            char f[64];
            snprintf(f, sizeof(f), "plan.risks[%zu].words", k);
            return fail(err, f, "the words of a risk flag come from the flag, not from an edit");
        }
        json_t *ack = json_object_get(json_array_get(risks, k), "acknowledged");
        json_t *why = ack ? json_object_get(ack, "reason") : NULL;
        if (ack && (!json_is_string(why) || json_string_length(why) < 3 ||
                    json_string_length(why) > TEXT_MAX)) {
            char f[64];
            snprintf(f, sizeof(f), "plan.risks[%zu].acknowledged.reason", k);
            return fail(err, f, "an acknowledgement needs a reason of 3 to 2000 characters");
        }
    }
    json_t *flags = json_object_get(root, "flags");
    uint32_t have = 0;
    for (size_t k = 0; json_is_array(flags) && k < json_array_size(flags); k++) {
        json_t *f = json_array_get(flags, k);
        int bit = json_is_string(f) ? easel_vocab_find(EASEL_VOCAB_FLAG, json_string_value(f)) : -1;
        if (bit >= 0)
            have |= (uint32_t)EASEL_BIT(bit);
    }
    if (flags && have != pl->flags)
        return fail(err, "plan.flags", "the client flags come from the profile, not from an edit");
    json_t *words = json_object_get(root, "flag_words"); /* what people read: the same flags */
    size_t w = 0;
    for (int f = 0; words && f < EASEL_FLAG_COUNT; f++)
        if (pl->flags & EASEL_BIT(f)) {
            const char *got = json_string_value(json_array_get(words, w++));
            if (!got || strcmp(got, easel_flag_words(f)) != 0)
                return fail(err, "plan.flag_words",
                            "the client flags come from the profile, not from an edit");
        }
    if (words && json_array_size(words) != w)
        return fail(err, "plan.flag_words",
                    "the client flags come from the profile, not from an edit");
    json_t *age = json_object_get(root, "age");
    if (age && (!json_is_integer(age) || json_integer_value(age) != pl->profile->age))
        return fail(err, "plan.age", "the age comes from the profile, not from an edit");
    json_t *setting = json_object_get(root, "setting");
    if (setting &&
        (!json_is_string(setting) ||
         strcmp(json_string_value(setting), pl->kb->settings[pl->profile->setting].id) != 0))
        return fail(err, "plan.setting", "the setting comes from the profile, not from an edit");
    json_t *supplies = json_object_get(root, "supplies");
    long long total = 0;
    for (size_t k = 0; json_is_array(supplies) && k < json_array_size(supplies); k++) {
        json_t *row = json_array_get(supplies, k);
        char f[64];
        snprintf(f, sizeof(f), "plan.supplies[%zu]", k);
        json_t *id = json_object_get(row, "medium");
        int m = json_is_string(id) ? easel_kb_medium(pl->kb, json_string_value(id)) : -1;
        json_t *units = json_object_get(row, "units"), *cost = json_object_get(row, "cost_cents");
        json_t *on_hand = json_object_get(row, "on_hand");
        if (m < 0 || !json_is_integer(units) || !json_is_integer(cost))
            return fail(err, f, "must name a KB medium with whole units and a cost");
        if (pl->media[m].verdict == EASEL_VERDICT_EXCLUDED)
            return fail(err, f, "lists a medium excluded for this client");
        long long want = json_is_true(on_hand) ? 0
                                               : (long long)json_integer_value(units) *
                                                     (long long)pl->kb->media[m].unit_cost_cents;
        if (json_integer_value(cost) != want)
            return fail(err, f, "its cost is not units times the KB's unit cost");
        total += want;
    }
    json_t *t = json_object_get(root, "total_cost_cents");
    if (t && (!json_is_integer(t) || json_integer_value(t) != total))
        return fail(err, "plan.total_cost_cents", "must be the sum of the supply rows");
    return 0;
}

/* Session 1 of an individual plan with a risk flag holds the collaborative safety plan, or is
   left for completing it by other means (null). */
static int safety_first(const struct easel_plan *pl, json_t *sessions, bool *refused,
                        struct easel_error *err)
{
    if (!pl->n_risks || pl->profile->group || !json_array_size(sessions))
        return 0;
    json_t *main = json_object_get(json_array_get(sessions, 0), "main");
    if (!main || json_is_null(main))
        return 0;
    json_t *id = json_object_get(main, "id");
    int i = json_is_string(id) ? easel_kb_intervention(pl->kb, json_string_value(id)) : -1;
    if (i >= 0 && !pl->kb->interventions[i].safety_plan && (*refused = true))
        return easel_error_set(err, EASEL_EINVAL, "plan", "plan.sessions[0].main",
                               "%s: with the risk flag %s, session 1 holds the collaborative "
                               "safety plan before any other work",
                               pl->kb->interventions[i].id, easel_flag_words(pl->risks[0].flag));
    return 0;
}

/* Reads only members the pre-pass keeps (dropped() below): a new member read here goes there. */
static int check(const struct easel_plan *pl, json_t *root, bool *excluded, struct easel_error *err)
{
    if (!json_is_object(root))
        return fail(err, "plan", "must be a JSON object (easel-plan/1)");
    json_t *v = json_object_get(root, "format");
    if (!json_is_string(v) || strcmp(json_string_value(v), "easel-plan/1") != 0)
        return fail(err, "plan.format", "must be \"easel-plan/1\"");
    v = json_object_get(root, "client");
    if (v && (!json_is_string(v) || !pl->profile || !pl->profile->client ||
              strcmp(json_string_value(v), pl->profile->client) != 0))
        return fail(err, "plan.client", "must be this client's reference");
    v = json_object_get(root, "client_goals");
    if (v) {
        if (!json_is_array(v) || json_array_size(v) > GOALS_MAX)
            return fail(err, "plan.client_goals", "must be an array of at most 50 texts");
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *g = json_array_get(v, i);
            if (!json_is_string(g) || json_string_length(g) > TEXT_MAX) {
                char f[64];
                snprintf(f, sizeof(f), "plan.client_goals[%zu]", i);
                return fail(err, f, "must be a text of at most 2000 characters");
            }
        }
    }
    int rc = engine_facts(pl, root, excluded, err);
    if (rc)
        return rc;
    json_t *sessions = json_object_get(root, "sessions");
    if (!json_is_array(sessions) || json_array_size(sessions) > EASEL_PLAN_CHECK_SESSIONS_MAX)
        return fail(err, "plan.sessions", "must be an array of at most 520 sessions");
    static const char *const slots[] = {"warm_up", "main", "closure"};
    for (size_t i = 0; i < json_array_size(sessions); i++) {
        json_t *s = json_array_get(sessions, i);
        char f[96];
        snprintf(f, sizeof(f), "plan.sessions[%zu]", i);
        if (!json_is_object(s))
            return fail(err, f, "must be an object");
        for (size_t k = 0; k < 3; k++) {
            snprintf(f, sizeof(f), "plan.sessions[%zu].%s", i, slots[k]);
            rc = check_item(pl, json_object_get(s, slots[k]), f, excluded, err);
            if (rc)
                return rc;
        }
    }
    return safety_first(pl, sessions, excluded, err);
}

/* ---- a pre-pass that leaves out what the check never reads ----
   A stored plan carries the explanation of every KB item (top-level "interventions" and
   "media"), its goals and setting notes, and the texts of every placed item ("text", "why"):
   nine tenths of its bytes, none of which the check reads. The copy below keeps only the
   members the check reads (dropped() names them) before jansson parses it, so a recheck of
   thousands of plans parses a twentieth of the text. Any syntax it does not expect makes it give
   up, and the original text is parsed (and its error reported) as before. */

struct strip {
    const char *p, *end;
    struct easel_buf *out;
    int depth;
};

static void ws(struct strip *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
        s->p++;
}

/* The span of a string at s->p (quotes included); false when it is not one. */
static bool string_span(struct strip *s, const char **from, size_t *n)
{
    if (s->p >= s->end || *s->p != '"')
        return false;
    /* the next quote not escaped: one preceded by an even run of backslashes */
    const char *q = s->p + 1;
    for (;;) {
        q = q < s->end ? memchr(q, '"', (size_t)(s->end - q)) : NULL;
        if (!q)
            return false;
        const char *b = q;
        while (b > s->p + 1 && b[-1] == '\\')
            b--;
        if (((q - b) & 1) == 0)
            break;
        q++;
    }
    *from = s->p;
    *n = (size_t)(q + 1 - s->p);
    s->p = q + 1;
    return true;
}

static bool value(struct strip *s, bool emit);

/* The members check() reads, by name: at the top level, and below it. Every other member is
   left out of the copy jansson parses (explanations, texts, dates, minutes, reasons ...). A key
   check() comes to read must be added here. */
static bool dropped(int depth, const char *key, size_t n)
{
    static const char *const top[] = {
        "format", "client",  "client_goals", "risks",    "flags",           "flag_words",
        "age",    "setting", "supplies",     "sessions", "total_cost_cents"};
    static const char *const below[] = {
        "flag",    "words",   "acknowledged", "reason",  "medium", "units", "cost_cents",
        "on_hand", "warm_up", "main",         "closure", "id",     "media"};
    const char *const *list = depth == 1 ? top : below;
    size_t count = depth == 1 ? sizeof(top) / sizeof(*top) : sizeof(below) / sizeof(*below);
    if (n < 2)
        return true;
    for (size_t i = 0; i < count; i++)
        if (n - 2 == strlen(list[i]) && memcmp(key + 1, list[i], n - 2) == 0)
            return false;
    return true;
}

static bool container(struct strip *s, bool emit, bool object)
{
    if (++s->depth > 64)
        return false;
    if (emit)
        easel_buf_add(s->out, object ? "{" : "[", 1);
    s->p++;
    ws(s);
    bool first = true, any = false; /* any: a member was written (the next needs a comma) */
    while (s->p < s->end && *s->p != (object ? '}' : ']')) {
        if (!first) {
            if (*s->p != ',')
                return false;
            s->p++;
            ws(s);
        }
        bool keep = true;
        const char *key = NULL;
        size_t kn = 0;
        if (object) {
            if (!string_span(s, &key, &kn))
                return false;
            ws(s);
            if (s->p >= s->end || *s->p != ':')
                return false;
            s->p++;
            ws(s);
            keep = !dropped(s->depth, key, kn);
        }
        if (emit && keep) {
            if (any)
                easel_buf_add(s->out, ",", 1);
            any = true;
            if (object) {
                easel_buf_add(s->out, key, kn);
                easel_buf_add(s->out, ":", 1);
            }
        }
        if (!value(s, emit && keep))
            return false;
        first = false;
        ws(s);
    }
    if (s->p >= s->end)
        return false;
    s->p++;
    s->depth--;
    if (emit)
        easel_buf_add(s->out, object ? "}" : "]", 1);
    return true;
}

static bool value(struct strip *s, bool emit)
{
    ws(s);
    if (s->p >= s->end)
        return false;
    if (*s->p == '{' || *s->p == '[')
        return container(s, emit, *s->p == '{');
    const char *from = s->p;
    size_t n;
    if (*s->p == '"') {
        if (!string_span(s, &from, &n))
            return false;
    } else {
        while (s->p < s->end && *s->p != ',' && *s->p != '}' && *s->p != ']' && *s->p != ' ' &&
               *s->p != '\n' && *s->p != '\r' && *s->p != '\t')
            s->p++;
        n = (size_t)(s->p - from);
        if (!n)
            return false;
    }
    if (emit)
        easel_buf_add(s->out, from, n);
    return true;
}

int easel_plan_check(const struct easel_plan *engine, const char *json, size_t len, bool *excluded,
                     struct easel_error *err)
{
    *excluded = false;
    struct easel_arena a;
    easel_arena_init(&a);
    struct jread r = {.where = "plan", .arena = &a, .err = err};
    struct easel_buf lean;
    easel_buf_init(&lean, len + 16);
    struct strip st = {.p = json, .end = json + len, .out = &lean};
    if (value(&st, true) && (ws(&st), st.p == st.end) && !lean.failed) {
        json = lean.data;
        len = lean.len;
    }
    json_t *root = jr_parse(&r, json, len);
    int rc = root ? check(engine, root, excluded, err) : (r.rc ? r.rc : EASEL_EINVAL);
    if (!root && err && !err->field[0])
        snprintf(err->field, sizeof(err->field), "%s", "plan");
    json_decref(root);
    easel_buf_release(&lean);
    easel_arena_release(&a);
    return rc;
}
