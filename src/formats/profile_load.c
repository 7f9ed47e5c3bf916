/*
 * formats/profile_load.c — strict parser for easel-profile/1 (docs/profile.md): every field checked
 * for type and range, unknown fields rejected, KB ids resolved, measures checked against their
 * instrument (item count, item range, total range, items summing to the total where the
 * instrument is a plain sum).
 */
#include "easel/profile_load.h"
#include "easel/plan.h"
#include "easel/util.h"
#include "easel/jread.h"

#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const levels4[] = {"intact", "mild", "moderate", "severe", NULL};
static const char *const verbal[] = {"fluent", "limited", "minimal", "nonverbal", NULL};
static const char *const regulation[] = {"adequate", "limited", "poor", NULL};
static const char *const risk3[] = {"none", "history", "current", NULL};
static const char *const risk_suicide[] = {"none", "history", "ideation", "plan", NULL};
static const char *const trauma[] = {"none", "single", "complex", NULL};
static const char *const sensory_keys[] = {"tactile_defensive",  "olfactory_sensitive",
                                           "noise_sensitive",    "visual_impairment",
                                           "hearing_impairment", NULL};
static const char *const medical_keys[] = {"immunocompromised", "fatigue", "bed_bound",
                                           "respiratory", NULL};
static const char *const psych_keys[] = {"acute_psychosis", "mania", "dissociation", NULL};
static const char *const art_types[] = {"ppat", "dds", "bridge", "htp", "kfd",
                                        "fsa",  "sdt", "other",  NULL};

static void date_field(struct jread *r, json_t *o, const char *key, bool required, char out[11])
{
    const char *s = jr_str(r, o, key, required, 10);
    int64_t d;
    if (!s)
        return;
    if (easel_date_parse(s, &d)) {
        jr_fail(r, key, "must be a date YYYY-MM-DD, got \"%s\"", s);
        return;
    }
    memcpy(out, s, 11);
}

static void ids_of(struct jread *r, const struct easel_kb *kb, json_t *o, const char *key,
                   struct easel_idlist *l)
{
    *l = jr_ids(r, o, key, 16);
    for (size_t i = 0; i < l->n && !r->rc; i++) {
        l->index[i] = easel_kb_medium(kb, l->ids[i]);
        if (l->index[i] < 0) {
            char k[64];
            snprintf(k, sizeof(k), "%s[%zu]", key, i);
            jr_fail(r, k, "unknown medium \"%s\"", l->ids[i]);
        }
    }
}

static void session(struct jread *r, struct easel_profile *p, json_t *o)
{
    json_t *s = jr_get(r, o, "session", JSON_OBJECT, false);
    if (!s)
        return;
    static const char *const keys1[] = {"mode", "group_size", "minutes", "per_week", "count", NULL};
    static const char *const keys2[] = {"mode",  "group_size", "minutes",   "per_week",
                                        "count", "attendance", "age_range", "expected_attendance",
                                        NULL};
    static const char *const modes[] = {"individual", "group", NULL};
    static const char *const attendance[] = {"regular", "drop-in", NULL};
    jr_path(r, "session.");
    jr_keys(r, s, p->format == 2 ? keys2 : keys1, NULL);
    p->drop_in = jr_enum(r, s, "attendance", attendance, 0) == 1;
    json_t *ar = jr_get(r, s, "age_range", JSON_OBJECT, false);
    if (ar) {
        jr_path(r, "session.age_range.");
        jr_keys(r, ar, (const char *const[]){"min", "max", NULL},
                (const char *const[]){"min", "max", NULL});
        p->group_age_min = jr_int(r, ar, "min", true, 2, 120, 0);
        p->group_age_max = jr_int(r, ar, "max", true, 2, 120, 0);
        if (!r->rc && p->group_age_min > p->group_age_max)
            jr_fail(r, "min", "is above max");
        jr_path(r, "session.");
    }
    p->group = jr_enum(r, s, "mode", modes, 0) == 1;
    p->group_size = jr_int(r, s, "group_size", false, 1, 30, p->group ? 6 : 1);
    if (!r->rc && !p->group && p->group_size != 1)
        jr_fail(r, "group_size", "an individual plan has group_size 1");
    p->expected_attendance = jr_int(r, s, "expected_attendance", false, 1, 30, 0);
    if (!r->rc && p->expected_attendance && !p->group)
        jr_fail(r, "expected_attendance", "is for a group; this profile is individual");
    if (!r->rc && p->expected_attendance > p->group_size)
        jr_fail(r, "expected_attendance", "is above group_size (%d)", p->group_size);
    p->minutes = jr_int(r, s, "minutes", false, 15, 240, 0);
    p->per_week = jr_int(r, s, "per_week", false, 1, 7, 0);
    p->count = jr_int(r, s, "count", false, 1, 104, 0);
    if (!r->rc && p->group_age_min && !p->group)
        jr_fail(r, "age_range", "is for a group; this profile is individual");
    r->path[0] = '\0';
}

static void measure(struct jread *r, const struct easel_kb *kb, json_t *m,
                    struct easel_measure_result *out)
{
    static const char *const keys[] = {"instrument", "date", "total", "items", "informant", NULL};
    static const char *const req[] = {"instrument", "date", "total", NULL};
    jr_keys(r, m, keys, req);
    const char *id = jr_str(r, m, "instrument", true, 48);
    date_field(r, m, "date", true, out->date);
    if (r->rc)
        return;
    out->instrument = easel_kb_instrument(kb, id);
    if (out->instrument < 0) {
        jr_fail(r, "instrument", "unknown instrument \"%s\"", id);
        return;
    }
    const struct easel_instrument *in = &kb->instruments[out->instrument];
    static const char *const informants[] = {"self", "caregiver", "teacher", "clinician", NULL};
    if (json_object_get(m, "informant")) {
        out->informant = informants[jr_enum(r, m, "informant", informants, 0)];
        if (!r->rc && in->informant && strcmp(out->informant, in->informant) != 0)
            jr_fail(r, "informant", "%s is answered by the %s, not the %s", in->name,
                    strcmp(in->informant, "self") == 0 ? "client" : in->informant, out->informant);
    }
    out->total = jr_int(r, m, "total", true, in->total_min, in->total_max, 0);
    json_t *items = jr_get(r, m, "items", JSON_ARRAY, false);
    if (!items || r->rc)
        return;
    if (json_array_size(items) != (size_t)in->items) {
        jr_fail(r, "items", "%s has %d items, got %zu", in->name, in->items,
                json_array_size(items));
        return;
    }
    int sum = 0;
    for (int i = 0; i < in->items; i++) {
        json_t *v = json_array_get(items, (size_t)i);
        char k[32];
        snprintf(k, sizeof(k), "items[%d]", i);
        if (!json_is_integer(v)) {
            jr_fail(r, k, "must be an integer answer");
            return;
        }
        json_int_t x = json_integer_value(v);
        if (x < in->item_min || x > in->item_max) {
            jr_fail(r, k, "answer must be %d-%d, got %lld", in->item_min, in->item_max,
                    (long long)x);
            return;
        }
        out->items[i] = (int)x;
        sum += (int)x;
    }
    out->n_items = in->items;
    /* instruments scored as a plain sum must agree with their items (reverse-keyed and yes/no
       instruments are scored in issue #4's scoring code, not here) */
    if (in->total_max == in->items * in->item_max && in->total_min == in->items * in->item_min &&
        sum != out->total && in->higher_is_worse && in->item_max > 1)
        jr_fail(r, "total", "is %d but the item answers add up to %d", out->total, sum);
}

static void measures(struct jread *r, const struct easel_kb *kb, struct easel_profile *p, json_t *o)
{
    json_t *arr = jr_get(r, o, "measures", JSON_ARRAY, false);
    if (!arr)
        return;
    size_t n = json_array_size(arr);
    if (n > 64) {
        jr_fail(r, "measures", "at most 64 administrations");
        return;
    }
    p->measures = easel_arena_alloc(&p->arena, (n + 1) * sizeof(*p->measures));
    if (!p->measures) {
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, "measures", "out of memory");
        return;
    }
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *m = json_array_get(arr, i);
        jr_path(r, "measures[%zu].", i);
        if (!json_is_object(m))
            jr_fail(r, NULL, "must be an object");
        else
            measure(r, kb, m, &p->measures[p->n_measures++]);
    }
    r->path[0] = '\0';
}

static void art(struct jread *r, struct easel_profile *p, json_t *o)
{
    json_t *arr = jr_get(r, o, "art_assessments", JSON_ARRAY, false);
    if (!arr)
        return;
    size_t n = json_array_size(arr);
    if (n > 16) {
        jr_fail(r, "art_assessments", "at most 16 assessments");
        return;
    }
    p->art = easel_arena_alloc(&p->arena, (n + 1) * sizeof(*p->art));
    if (!p->art) {
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, "art_assessments", "no memory");
        return;
    }
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *a = json_array_get(arr, i);
        struct easel_art_assessment *out = &p->art[p->n_art++];
        jr_path(r, "art_assessments[%zu].", i);
        if (!json_is_object(a)) {
            jr_fail(r, NULL, "must be an object");
            break;
        }
        static const char *const keys[] = {"type", "date", "etc_level", "notes", NULL};
        static const char *const req[] = {"type", "date", NULL};
        jr_keys(r, a, keys, req);
        out->type = art_types[jr_enum(r, a, "type", art_types, 7)];
        date_field(r, a, "date", true, out->date);
        out->etc_level = json_object_get(a, "etc_level")
                             ? jr_word(r, a, "etc_level", EASEL_VOCAB_ETC, true)
                             : -1;
        out->notes = json_object_get(a, "notes") ? jr_str(r, a, "notes", true, 2000) : NULL;
    }
    r->path[0] = '\0';
}

/* A problem named by its id or by the name people read ("Grief and loss"), in any case. */
static int problem_of(const struct easel_kb *kb, const char *word)
{
    int k = easel_kb_problem(kb, word);
    for (size_t i = 0; k < 0 && i < kb->n_problems; i++)
        if (strcasecmp(kb->problems[i].name, word) == 0)
            k = (int)i;
    return k;
}

static void problems(struct jread *r, const struct easel_kb *kb, struct easel_profile *p, json_t *o)
{
    struct easel_strlist l = jr_strlist(r, o, "problems", 0, EASEL_PROFILE_MAX_PROBLEMS, 120);
    if (r->rc)
        return;
    if (l.n == 0) {
        jr_fail(r, "problems", "list at least one presenting problem");
        return;
    }
    for (size_t i = 0; i < l.n; i++) {
        int k = problem_of(kb, l.items[i]);
        char key[32];
        snprintf(key, sizeof(key), "problems[%zu]", i);
        if (k < 0) {
            jr_fail(r, key,
                    "unknown problem \"%s\": use its id or its name as `easel kb list problems` "
                    "shows them",
                    l.items[i]);
            return;
        }
        for (int j = 0; j < p->n_problems; j++)
            if (p->problems[j] == k) {
                jr_fail(r, key, "\"%s\" is listed twice", l.items[i]);
                return;
            }
        p->problems[p->n_problems++] = k;
    }
}

/* The allergens the engine knows, in any case and as a plural ("Nuts" is nut); anything else
   is refused with the list, and goes under other_allergies (format 2). */
static uint32_t allergies(struct jread *r, json_t *o)
{
    struct easel_strlist l = jr_strlist(r, o, "allergies", 0, 16, 48);
    uint32_t mask = 0;
    for (size_t i = 0; !r->rc && i < l.n; i++) {
        char w[49];
        snprintf(w, sizeof(w), "%s", l.items[i]);
        for (char *c = w; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        int k = easel_vocab_find(EASEL_VOCAB_ALLERGEN, w);
        size_t n = strlen(w);
        if (k < 0 && n > 1 && w[n - 1] == 's') {
            w[n - 1] = '\0';
            k = easel_vocab_find(EASEL_VOCAB_ALLERGEN, w);
        }
        char key[32];
        snprintf(key, sizeof(key), "allergies[%zu]", i);
        if (k < 0) {
            char valid[256] = "";
            for (int v = 0; v < easel_vocab_count(EASEL_VOCAB_ALLERGEN); v++)
                snprintf(valid + strlen(valid), sizeof(valid) - strlen(valid), "%s%s",
                         v ? ", " : "", easel_vocab_name(EASEL_VOCAB_ALLERGEN, v));
            jr_fail(r, key,
                    "\"%s\" is not an allergen the materials are checked for (%s); record "
                    "others, such as a medicine, under other_allergies (profile format 2)",
                    l.items[i], valid);
            return 0;
        }
        mask |= (uint32_t)EASEL_BIT(k);
    }
    return mask;
}

static void flags_block(struct jread *r, json_t *o, const char *key, const char *const *names,
                        bool *out[])
{
    json_t *b = jr_get(r, o, key, JSON_OBJECT, false);
    if (!b)
        return;
    jr_path(r, "%s.", key);
    jr_keys(r, b, names, NULL);
    for (int i = 0; names[i]; i++)
        *out[i] = jr_bool(r, b, names[i], false);
    r->path[0] = '\0';
}

static void risks(struct jread *r, struct easel_profile *p, json_t *o)
{
    static const char *const keys[] = {"self_harm",    "suicide",  "aggression", "substance_use",
                                       "inhalant_use", "mouthing", "elopement",  NULL};
    static const int map[] = {EASEL_RISKK_SELF_HARM, EASEL_RISKK_SUICIDE,  EASEL_RISKK_AGGRESSION,
                              EASEL_RISKK_SUBSTANCE, EASEL_RISKK_INHALANT, EASEL_RISKK_MOUTHING,
                              EASEL_RISKK_ELOPEMENT};
    json_t *b = jr_get(r, o, "risks", JSON_OBJECT, false);
    if (!b)
        return;
    jr_path(r, "risks.");
    jr_keys(r, b, keys, NULL);
    for (int i = 0; keys[i]; i++) {
        if (map[i] == EASEL_RISKK_SUICIDE) {
            int v = jr_enum(r, b, keys[i], risk_suicide, 0);
            p->risks[map[i]] = v <= 1 ? v : v + 1; /* ideation, plan follow current */
        } else {
            p->risks[map[i]] = jr_enum(r, b, keys[i], risk3, 0);
        }
    }
    r->path[0] = '\0';
}

/* The textures a client may avoid, and the hazards of the media that have them (the same
   order). */
static const char *const texture_names[] = {"wet",    "sticky",  "slimy", "powdery",
                                            "gritty", "crumbly", NULL};
static const struct {
    const char *hazards[3];
} textures[] = {
    {{"water", "messy", NULL}}, /* wet */
    {{"messy", NULL, NULL}},    /* sticky */
    {{"messy", NULL, NULL}},    /* slimy */
    {{"dust", NULL, NULL}},     /* powdery */
    {{"porous", NULL, NULL}},   /* gritty */
    {{"porous", "dust", NULL}}, /* crumbly */
};
#define N_TEXTURES (sizeof(textures) / sizeof(*textures))
_Static_assert(sizeof(texture_names) / sizeof(*texture_names) == N_TEXTURES + 1,
               "a name for every texture");

/* Self-harm methods, and the means the art kit must not hold for them. */
static const struct {
    const char *name;
    const char *hazards[3];
} methods[] = {
    {"cutting", {"blade", "sharp", "breakable"}},
    {"scratching", {"sharp", "blade", NULL}},
    {"burning", {"heat", NULL, NULL}},
    {"ligature", {"ligature", NULL, NULL}},
    {"ingestion", {"toxic", "solvent", "small-parts"}},
    {"hitting", {NULL, NULL, NULL}},
    {"other", {NULL, NULL, NULL}},
};

const char *const *easel_profile_words(const char *list)
{
    static const struct {
        const char *list;
        const char *const *words;
    } lists[] = {{"sensory", sensory_keys},
                 {"medical", medical_keys},
                 {"psychiatric", psych_keys},
                 {"avoid_textures", texture_names}};
    for (size_t i = 0; list && i < sizeof(lists) / sizeof(*lists); i++)
        if (strcmp(lists[i].list, list) == 0)
            return lists[i].words;
    return NULL;
}

static uint32_t hazard_bits(const char *const *names)
{
    uint32_t m = 0;
    for (int i = 0; i < 3 && names[i]; i++)
        m |= (uint32_t)EASEL_BIT(easel_vocab_find(EASEL_VOCAB_HAZARD, names[i]));
    return m;
}

/* One word of a fixed list, or an error that lists the valid ones. */
static int word_of(struct jread *r, const char *field, const char *word, const char *const *valid,
                   size_t n_valid)
{
    for (size_t i = 0; i < n_valid; i++)
        if (strcmp(word, valid[i]) == 0)
            return (int)i;
    char list[256] = "";
    for (size_t i = 0; i < n_valid; i++)
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "", valid[i]);
    jr_fail(r, field, "unknown \"%s\"; valid: %s", word, list);
    return -1;
}

/* Format 2 client goals: a string, or {"text", "problems": [...]} tying the client's words to
   the goals of some of their problems (problems must be parsed first). */
static void client_goals_v2(struct jread *r, const struct easel_kb *kb, struct easel_profile *p,
                            json_t *o)
{
    json_t *arr = jr_get(r, o, "client_goals", JSON_ARRAY, false);
    size_t n = arr ? json_array_size(arr) : 0;
    if (n > 8) {
        jr_fail(r, "client_goals", "must have 0 to 8 entries, has %zu", n);
        return;
    }
    p->client_goals.items = easel_arena_alloc(&p->arena, (n + 1) * sizeof(char *));
    if (!p->client_goals.items) {
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, "client_goals", "out of memory");
        return;
    }
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *g = json_array_get(arr, i);
        json_t *wrap = json_object();
        json_t *text = json_is_object(g) ? json_object_get(g, "text") : g;
        jr_path(r, "client_goals[%zu].", i);
        if (json_is_object(g))
            jr_keys(r, g, (const char *const[]){"text", "problems", NULL},
                    (const char *const[]){"text", NULL});
        json_object_set(wrap, "text", text ? text : json_null());
        const char *t = jr_str(r, wrap, "text", true, 500);
        json_decref(wrap);
        json_t *probs = json_is_object(g) ? json_object_get(g, "problems") : NULL;
        struct easel_strlist pl = {0};
        if (probs)
            pl = jr_strlist(r, g, "problems", 1, 8, 48);
        for (size_t k = 0; k < pl.n && !r->rc; k++) {
            int idx = easel_kb_problem(kb, pl.items[k]), pos = -1;
            for (int j = 0; j < p->n_problems && idx >= 0; j++)
                if (p->problems[j] == idx)
                    pos = j;
            if (pos < 0)
                jr_fail(r, "problems", "\"%s\" is not one of this client's problems", pl.items[k]);
            else
                p->client_goal_problems[i] |= (uint8_t)(1u << pos);
        }
        if (t)
            p->client_goals.items[p->client_goals.n++] = t;
    }
    r->path[0] = '\0';
}

/* The fields of easel-profile/2 (docs/profile.md). */
static void fill_v2(struct jread *r, const struct easel_kb *kb, struct easel_profile *p, json_t *o)
{
    json_t *h = jr_get(r, o, "hands", JSON_OBJECT, false);
    if (h) {
        static const char *const grip[] = {"full", "weak", "none", NULL};
        static const char *const hand[] = {"none", "left", "right", NULL};
        jr_path(r, "hands.");
        jr_keys(r, h, (const char *const[]){"grip", "unavailable", NULL}, NULL);
        p->grip = jr_enum(r, h, "grip", grip, 0);
        p->hand_unavailable = jr_enum(r, h, "unavailable", hand, 0);
        r->path[0] = '\0';
    }
    json_t *cs = jr_get(r, o, "cognitive_screen", JSON_OBJECT, false);
    if (cs) {
        static const char *const tools[] = {"mmse", "moca", NULL};
        jr_path(r, "cognitive_screen.");
        jr_keys(r, cs, (const char *const[]){"instrument", "score", "date", NULL},
                (const char *const[]){"instrument", "score", NULL});
        int tool = jr_enum(r, cs, "instrument", tools, 0);
        int score = jr_int(r, cs, "score", true, 0, 30, 0);
        char date[11] = "";
        if (json_object_get(cs, "date"))
            date_field(r, cs, "date", false, date);
        r->path[0] = '\0';
        /* bands: MMSE 27-30 none, 21-26 mild, 10-20 moderate, below 10 severe; MoCA 26-30,
           18-25, 10-17, below 10 (practice convention); the stated cognition is kept when it
           is worse */
        int lv = tool == 0 ? (score >= 27   ? 0
                              : score >= 21 ? 1
                              : score >= 10 ? 2
                                            : 3)
                           : (score >= 26   ? 0
                              : score >= 18 ? 1
                              : score >= 10 ? 2
                                            : 3);
        if (lv > p->cognition)
            p->cognition = lv;
        p->cognitive_screen = score;
        p->cognitive_screen_name = tools[tool];
    }
    p->sensory_seeking = jr_bool(r, o, "sensory_seeking", false);
    p->avoided_textures = jr_strlist(r, o, "avoid_textures", 0, 8, 32);
    for (size_t i = 0; i < p->avoided_textures.n && !r->rc; i++) {
        char field[40];
        snprintf(field, sizeof(field), "avoid_textures[%zu]", i);
        int t = word_of(r, field, p->avoided_textures.items[i], texture_names, N_TEXTURES);
        if (t >= 0)
            p->texture_hazards |= hazard_bits(textures[t].hazards);
    }
    p->situational_mutism = jr_bool(r, o, "situational_mutism", false);
    json_t *sb = jr_get(r, o, "substance", JSON_OBJECT, false);
    if (sb) {
        static const char *const stages[] = {"precontemplation", "contemplation", "preparation",
                                             "action",           "maintenance",   NULL};
        static const char *const known[] = {"alcohol",    "cannabis",  "opioids",
                                            "stimulants", "sedatives", "nicotine",
                                            "inhalants",  "gambling",  "other"};
        jr_path(r, "substance.");
        jr_keys(r, sb, (const char *const[]){"substances", "stage", NULL},
                (const char *const[]){"substances", "stage", NULL});
        p->substances = jr_strlist(r, sb, "substances", 1, 8, 32);
        for (size_t i = 0; i < p->substances.n && !r->rc; i++) {
            char field[40];
            snprintf(field, sizeof(field), "substances[%zu]", i);
            word_of(r, field, p->substances.items[i], known, sizeof(known) / sizeof(*known));
        }
        p->substance_stage = jr_enum(r, sb, "stage", stages, 0);
        r->path[0] = '\0';
        if (!r->rc && p->risks[EASEL_RISKK_SUBSTANCE] == EASEL_RISK_NONE)
            p->risks[EASEL_RISKK_SUBSTANCE] = EASEL_RISK_CURRENT;
    }
    json_t *sh = jr_get(r, o, "self_harm", JSON_OBJECT, false);
    if (sh) {
        static const char *const recency[] = {"past-week", "past-month", "past-3-months",
                                              "past-year", "older",      NULL};
        static const int days[] = {7, 30, 90, 365, 9999};
        jr_path(r, "self_harm.");
        jr_keys(r, sh, (const char *const[]){"recency", "methods", NULL},
                (const char *const[]){"recency", NULL});
        p->self_harm_recency_days = days[jr_enum(r, sh, "recency", recency, 0)];
        struct easel_strlist m = jr_strlist(r, sh, "methods", 0, 8, 32);
        const char *names[sizeof(methods) / sizeof(*methods)];
        for (size_t i = 0; i < sizeof(methods) / sizeof(*methods); i++)
            names[i] = methods[i].name;
        for (size_t i = 0; i < m.n && !r->rc; i++) {
            char field[40];
            snprintf(field, sizeof(field), "methods[%zu]", i);
            int k = word_of(r, field, m.items[i], names, sizeof(methods) / sizeof(*methods));
            if (k >= 0)
                p->self_harm_hazards |= hazard_bits(methods[k].hazards);
        }
        r->path[0] = '\0';
        if (!r->rc && p->risks[EASEL_RISKK_SELF_HARM] == EASEL_RISK_NONE)
            p->risks[EASEL_RISKK_SELF_HARM] = EASEL_RISK_HISTORY;
    }
    p->precautions = jr_strlist(r, o, "precautions", 0, 8, 300);
    /* allergies no material check knows (a medicine, a food): shown like precautions, on the
       plan and every session */
    struct easel_strlist other = jr_strlist(r, o, "other_allergies", 0, 8, 120);
    if (!r->rc && other.n) {
        size_t n = p->precautions.n + other.n;
        const char **all = easel_arena_alloc(&p->arena, (n + 1) * sizeof(*all));
        if (!all) {
            r->rc =
                easel_error_set(r->err, EASEL_ENOMEM, r->where, "other_allergies", "out of memory");
        } else {
            for (size_t i = 0; i < p->precautions.n; i++)
                all[i] = p->precautions.items[i];
            for (size_t i = 0; i < other.n; i++)
                all[p->precautions.n + i] = easel_arena_printf(
                    &p->arena, "Allergy: %s (check every material, food and hand cream)",
                    other.items[i]);
            p->precautions.items = all;
            p->precautions.n = n;
        }
    }
    json_t *bl = jr_get(r, o, "baselines", JSON_ARRAY, false);
    size_t nb = bl ? json_array_size(bl) : 0;
    if (nb > 32) {
        jr_fail(r, "baselines", "at most 32, got %zu", nb);
        return;
    }
    if (nb) {
        p->baselines = easel_arena_alloc(&p->arena, nb * sizeof(*p->baselines));
        if (!p->baselines) {
            r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, "baselines", "out of memory");
            return;
        }
    }
    for (size_t i = 0; i < nb && !r->rc; i++) {
        json_t *b = json_array_get(bl, i);
        jr_path(r, "baselines[%zu].", i);
        if (!json_is_object(b)) {
            jr_fail(r, NULL, "must be an object {objective, value, date}");
            break;
        }
        jr_keys(r, b, (const char *const[]){"objective", "value", "date", NULL},
                (const char *const[]){"objective", "value", "date", NULL});
        struct easel_baseline *x = &p->baselines[p->n_baselines];
        x->objective = jr_str(r, b, "objective", true, 48);
        x->value = jr_int(r, b, "value", true, 0, 10000, 0);
        date_field(r, b, "date", true, x->date);
        bool known = false;
        for (int k = 0; k < p->n_problems && x->objective && !known; k++) {
            const struct easel_problem *pr = &kb->problems[p->problems[k]];
            for (size_t t = 0; t < pr->n_objectives && !known; t++)
                known = strcmp(pr->objectives[t].id, x->objective) == 0;
        }
        if (!r->rc && !known)
            jr_fail(r, "objective", "\"%s\" is no objective template of this client's problems",
                    x->objective);
        p->n_baselines++;
    }
    r->path[0] = '\0';
}

static void fill(struct jread *r, const struct easel_kb *kb, struct easel_profile *p, json_t *o)
{
    static const char *const keys_v2[] = {
        "hands",     "cognitive_screen", "sensory_seeking", "avoid_textures", "situational_mutism",
        "substance", "self_harm",        "precautions",     "baselines",      "other_allergies",
        NULL};
    static const char *const keys[] = {"format",
                                       "client",
                                       "age",
                                       "setting",
                                       "start_date",
                                       "session",
                                       "problems",
                                       "diagnoses",
                                       "measures",
                                       "art_assessments",
                                       "strengths",
                                       "interests",
                                       "preferred_media",
                                       "disliked_media",
                                       "client_goals",
                                       "orientation",
                                       "allergies",
                                       "sensory",
                                       "motor",
                                       "cognition",
                                       "verbal",
                                       "regulation",
                                       "risks",
                                       "medical",
                                       "psychiatric",
                                       "trauma",
                                       "budget_cents",
                                       "available_materials",
                                       NULL};
    static const char *const req[] = {"format",     "client",   "age", "setting",
                                      "start_date", "problems", NULL};
    const char *fmt = jr_str(r, o, "format", true, 32);
    if (fmt && strcmp(fmt, "easel-profile/2") == 0)
        p->format = 2;
    else if (fmt && strcmp(fmt, "easel-profile/1") != 0)
        jr_fail(r, "format",
                "must be \"easel-profile/2\" (or the older \"easel-profile/1\"), got "
                "\"%s\"",
                fmt);
    if (p->format == 2) {
        size_t n1 = sizeof(keys) / sizeof(*keys) - 1, n2 = sizeof(keys_v2) / sizeof(*keys_v2);
        const char *all[64];
        memcpy(all, keys, n1 * sizeof(*all));
        memcpy(all + n1, keys_v2, n2 * sizeof(*all));
        jr_keys(r, o, all, req);
    } else {
        jr_keys(r, o, keys, req);
        p->format_note = "an easel-profile/1 profile cannot say hand or grip limits, a cognitive "
                         "screening score, avoided textures, situational mutism, who answered "
                         "a measure, drop-in attendance, the substance and stage of change, the "
                         "recency and method of self-harm, a group's age range, precautions or "
                         "recorded baselines; the plan assumes none of them";
    }
    p->client = jr_str(r, o, "client", true, 64);
    if (p->client && !jr_is_id(p->client, 64))
        jr_fail(r, "client", "use a reference of a-z, 0-9 and '-', never a name");
    p->age = jr_int(r, o, "age", true, 2, 120, 0);
    const char *setting = jr_str(r, o, "setting", true, 48);
    if (setting && (p->setting = easel_kb_setting(kb, setting)) < 0)
        jr_fail(r, "setting", "unknown setting \"%s\"", setting);
    date_field(r, o, "start_date", true, p->start_date);
    session(r, p, o);
    problems(r, kb, p, o);
    p->diagnoses = jr_strlist(r, o, "diagnoses", 0, 8, 32);
    measures(r, kb, p, o);
    art(r, p, o);
    p->strengths = jr_strlist(r, o, "strengths", 0, 16, 80);
    p->interests = jr_strlist(r, o, "interests", 0, 16, 80);
    ids_of(r, kb, o, "preferred_media", &p->preferred_media);
    ids_of(r, kb, o, "disliked_media", &p->disliked_media);
    ids_of(r, kb, o, "available_materials", &p->available_materials);
    if (p->format == 2)
        client_goals_v2(r, kb, p, o);
    else
        p->client_goals = jr_strlist(r, o, "client_goals", 0, 8, 500);
    p->orientation = (uint32_t)jr_mask(r, o, "orientation", EASEL_VOCAB_APPROACH, 0);
    p->allergies = allergies(r, o);
    bool *sp[] = {&p->sensory[0], &p->sensory[1], &p->sensory[2], &p->sensory[3], &p->sensory[4]};
    flags_block(r, o, "sensory", sensory_keys, sp);
    p->motor = jr_enum(r, o, "motor", levels4, 0);
    p->cognition = jr_enum(r, o, "cognition", levels4, 0);
    p->verbal = jr_enum(r, o, "verbal", verbal, 0);
    p->regulation = jr_enum(r, o, "regulation", regulation, 0);
    risks(r, p, o);
    bool *mp[] = {&p->immunocompromised, &p->fatigue, &p->bed_bound, &p->respiratory};
    flags_block(r, o, "medical", medical_keys, mp);
    bool *pp[] = {&p->acute_psychosis, &p->mania, &p->dissociation};
    flags_block(r, o, "psychiatric", psych_keys, pp);
    p->trauma = jr_enum(r, o, "trauma", trauma, 0);
    if (p->format == 2)
        fill_v2(r, kb, p, o);
    json_t *b = jr_get(r, o, "budget_cents", JSON_INTEGER, false);
    if (b) {
        json_int_t v = json_integer_value(b);
        if (v < 0 || v > 100000000)
            jr_fail(r, "budget_cents", "must be 0-100000000, got %lld", (long long)v);
        else
            p->budget_cents = v;
    }
}

int easel_profile_parse(struct easel_profile *p, const struct easel_kb *kb, const char *where,
                        const char *text, size_t len, struct easel_error *err)
{
    easel_profile_init(p);
    struct jread r = {.where = where, .arena = &p->arena, .err = err, .text = text, .len = len};
    p->source = easel_arena_strdup(&p->arena, where);
    json_t *root = jr_parse(&r, text, len);
    if (root) {
        fill(&r, kb, p, root);
        json_decref(root);
    }
    int rc = r.rc ? r.rc : (p->arena.failed ? EASEL_ENOMEM : 0);
    if (!rc && !root)
        rc = EASEL_EINVAL;
    if (rc)
        easel_profile_release(p);
    return rc;
}

int easel_profile_load(struct easel_profile *p, const struct easel_kb *kb, const char *path,
                       struct easel_error *err)
{
    struct easel_buf text;
    easel_buf_init(&text, EASEL_PROFILE_FILE_MAX + 1);
    int rc = easel_file_read(path, EASEL_PROFILE_FILE_MAX, &text, err);
    if (rc) {
        easel_profile_init(p);
        easel_buf_release(&text);
        return rc;
    }
    rc = easel_profile_parse(p, kb, path, text.data, text.len, err);
    easel_buf_release(&text);
    return rc;
}
