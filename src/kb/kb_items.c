/*
 * kb/kb_items.c — strict parsers for the six item kinds of docs/kb-format.md. Each reads one
 * JSON object with jread.h, rejects unknown fields and out-of-range values, and appends the
 * item to its array in the KB (cross-references are resolved later by kb_link.c).
 */
#include "easel/jread.h"
#include "kb_items.h"

#include <stdlib.h>
#include <string.h>

#define MAXTEXT 2000

static void *grow(struct easel_kb *kb, void **arr, size_t *n, size_t size)
{
    /* arrays live in the arena; at every power of two the block doubles (copied) */
    if (*n == 0 || (*n & (*n - 1)) == 0) {
        size_t cap = *n ? *n * 2 : 1;
        void *p = easel_arena_alloc(&kb->arena, cap * size);
        if (!p)
            return NULL;
        if (*n)
            memcpy(p, *arr, *n * size);
        *arr = p;
    }
    void *slot = (char *)*arr + *n * size;
    memset(slot, 0, size);
    (*n)++;
    return slot;
}

static int oom(struct jread *r)
{
    return easel_error_set(r->err, EASEL_ENOMEM, r->where, "", "out of memory");
}

/* The fields every item has; file is where it was read from. */
static void common(struct jread *r, json_t *o, const char *kind, const char *stem,
                   const char **file, const char **id, const char **name, int *version,
                   const char **basis)
{
    *file = r->where;
    *id = jr_str(r, o, "id", true, 48);
    if (*id && !jr_is_id(*id, 48))
        jr_fail(r, "id", "must be 1-48 characters of a-z, 0-9 and '-'");
    if (*id && stem && strcmp(*id, stem) != 0)
        jr_fail(r, "id", "\"%s\" does not match the file name \"%s.json\"", *id, stem);
    const char *k = jr_str(r, o, "kind", true, 32);
    if (k && strcmp(k, kind) != 0)
        jr_fail(r, "kind", "must be \"%s\" in this folder, not \"%s\"", kind, k);
    *version = jr_int(r, o, "version", true, 1, 1000000, 1);
    *name = jr_str(r, o, "name", true, 80);
    *basis = jr_str(r, o, "basis", true, MAXTEXT);
    if (*basis && strncmp(*basis, "clinical.md ", 12) != 0 &&
        strncmp(*basis, "plan-quality.md ", 16) != 0 &&
        strncmp(*basis, "practice convention", 19) != 0)
        jr_fail(r, "basis",
                "must cite \"clinical.md <section> [refs]\" or \"plan-quality.md <section> "
                "[refs]\", or say \"practice convention\"");
}

/* An item's fields: the five every kind requires (id, kind, version, name, basis), the kind's own
   required ones and its optional ones. A missing field is named in the order id, kind, version,
   name, the kind's own, basis; a field in none of the lists is unknown. */
static void item_keys(struct jread *r, json_t *o, const char *const *req, const char *const *opt)
{
    static const char *const head[] = {"id", "kind", "version", "name"};
    const char *allowed[64], *required[32];
    size_t na = 0, nr = 0;
    for (size_t i = 0; i < 4; i++)
        required[nr++] = allowed[na++] = head[i];
    for (; *req && nr < 30; req++)
        required[nr++] = allowed[na++] = *req;
    required[nr++] = allowed[na++] = "basis";
    for (; *opt && na < 63; opt++)
        allowed[na++] = *opt;
    required[nr] = allowed[na] = NULL;
    jr_keys(r, o, allowed, required);
}

/* "age": {min, max}, in years from 2 to 120; with in_order, a min above max fails here. */
static void age_range(struct jread *r, json_t *o, int *min, int *max, bool in_order)
{
    json_t *age = jr_get(r, o, "age", JSON_OBJECT, true);
    if (!age)
        return;
    static const char *const ak[] = {"min", "max", NULL};
    jr_path(r, "age.");
    jr_keys(r, age, ak, ak);
    *min = jr_int(r, age, "min", true, 2, 120, 2);
    *max = jr_int(r, age, "max", true, 2, 120, 120);
    if (in_order && !r->rc && *min > *max)
        jr_fail(r, "min", "is larger than max");
    r->path[0] = '\0';
}

static int parse_objective(struct jread *r, json_t *o, struct easel_objective_tpl *t)
{
    static const char *const keys[] = {"id",        "text",    "when", "not_when",
                                       "goal_tags", "measure", NULL};
    static const char *const req[] = {"id", "text", "goal_tags", "measure", NULL};
    static const char *const mkeys[] = {"type", "instrument", "target_below", "target_at_least",
                                        "unit", "baseline",   "target",       "direction",
                                        NULL};
    static const char *const types[] = {"instrument", "frequency", "observed", "gas", NULL};
    jr_keys(r, o, keys, req);
    t->id = jr_str(r, o, "id", true, 48);
    if (t->id && !jr_is_id(t->id, 48))
        jr_fail(r, "id", "must be 1-48 characters of a-z, 0-9 and '-'");
    t->text = jr_str(r, o, "text", true, 300);
    t->when_flag = json_object_get(o, "when") ? jr_word(r, o, "when", EASEL_VOCAB_FLAG, true) : -1;
    t->goal_tags = jr_mask(r, o, "goal_tags", EASEL_VOCAB_GOAL_TAG, 1);
    t->not_when = (uint32_t)jr_mask(r, o, "not_when", EASEL_VOCAB_FLAG, 0);
    t->instrument = -1;
    json_t *m = jr_get(r, o, "measure", JSON_OBJECT, true);
    if (!m)
        return r->rc;
    size_t plen = strlen(r->path);
    jr_path(r, "%.80smeasure.", r->path);
    jr_keys(r, m, mkeys, (const char *const[]){"type", NULL});
    if (!json_object_get(m, "type")) {
        r->path[plen] = '\0';
        return r->rc;
    }
    int type = jr_enum(r, m, "type", types, 0);
    t->measure = (enum easel_measure_type)type;
    switch (t->measure) {
    case EASEL_MEASURE_INSTRUMENT: {
        t->instrument_id = jr_str(r, m, "instrument", true, 48);
        bool below = json_object_get(m, "target_below") != NULL;
        bool above = json_object_get(m, "target_at_least") != NULL;
        if (below == above)
            jr_fail(r, "target_below", "give exactly one of target_below or target_at_least");
        t->target_higher_better = above;
        t->target = jr_int(r, m, above ? "target_at_least" : "target_below", true, 0, 1000, 0);
        if (json_object_get(m, "unit") || json_object_get(m, "baseline") ||
            json_object_get(m, "target"))
            jr_fail(r, "type", "an instrument measure takes only instrument and a target");
        break;
    }
    case EASEL_MEASURE_FREQUENCY:
    case EASEL_MEASURE_OBSERVED: {
        int max = t->measure == EASEL_MEASURE_OBSERVED ? 100 : 10000;
        t->unit = jr_str(r, m, "unit", true, 60);
        /* a template's baseline only says which way the target lies: the plan never states it
           as the client's baseline (that comes from the profile or is measured) */
        t->baseline =
            json_object_get(m, "baseline") ? jr_int(r, m, "baseline", true, 0, max, 0) : -1;
        t->target = jr_int(r, m, "target", true, 0, max, 0);
        if (!r->rc && t->baseline == t->target)
            jr_fail(r, "target", "equals the baseline, so progress cannot be shown");
        static const char *const dirs[] = {"at-least", "at-most", NULL};
        if (json_object_get(m, "direction"))
            t->target_higher_better = jr_enum(r, m, "direction", dirs, 0) == 0;
        else
            t->target_higher_better = t->baseline < 0 || t->baseline < t->target;
        if (json_object_get(m, "instrument") || json_object_get(m, "target_below") ||
            json_object_get(m, "target_at_least"))
            jr_fail(r, "type", "this measure takes unit, target, and optionally direction");
        break;
    }
    case EASEL_MEASURE_GAS:
        if (json_object_size(m) != 1)
            jr_fail(r, "type", "a gas measure takes no other fields");
        break;
    }
    r->path[plen] = '\0';
    return r->rc;
}

static int parse_problem(struct easel_kb *kb, struct jread *r, json_t *o, const char *stem)
{
    static const char *const req[] = {"definitions", "long_term_goals", "goal_tags", "objectives",
                                      NULL};
    static const char *const opt[] = {"requires_stabilisation", NULL};
    item_keys(r, o, req, opt);
    struct easel_problem *p = grow(kb, (void **)&kb->problems, &kb->n_problems, sizeof(*p));
    if (!p)
        return oom(r);
    common(r, o, "problem", stem, &p->file, &p->id, &p->name, &p->version, &p->basis);
    p->definitions = jr_strlist(r, o, "definitions", 2, 20, MAXTEXT);
    p->long_term_goals = jr_strlist(r, o, "long_term_goals", 1, 10, MAXTEXT);
    p->goal_tags = jr_mask(r, o, "goal_tags", EASEL_VOCAB_GOAL_TAG, 1);
    p->requires_stabilisation = jr_bool(r, o, "requires_stabilisation", false);
    json_t *arr = jr_get(r, o, "objectives", JSON_ARRAY, true);
    if (!arr)
        return r->rc;
    size_t n = json_array_size(arr);
    if (n < 3 || n > 20)
        return jr_fail(r, "objectives", "must have 3 to 20 objective templates, has %zu", n);
    p->objectives = easel_arena_alloc(&kb->arena, n * sizeof(*p->objectives));
    if (!p->objectives)
        return oom(r);
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *ob = json_array_get(arr, i);
        jr_path(r, "objectives[%zu].", i);
        if (!json_is_object(ob)) {
            jr_fail(r, NULL, "must be an object");
            break;
        }
        parse_objective(r, ob, &p->objectives[i]);
        for (size_t k = 0; k < i && !r->rc; k++)
            if (strcmp(p->objectives[k].id, p->objectives[i].id) == 0)
                jr_fail(r, "id", "duplicate objective id %s", p->objectives[i].id);
        p->n_objectives++;
    }
    r->path[0] = '\0';
    return r->rc;
}

/* A role: 2-32 characters of a-z, space and '-', starting and ending with a letter. */
static bool role_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 32 || s[0] < 'a' || s[0] > 'z' || s[n - 1] == ' ' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == ' ' || s[i] == '-'))
            return false;
    return true;
}

static int parse_intervention(struct easel_kb *kb, struct jread *r, json_t *o, const char *stem)
{
    static const char *const req[] = {
        "type",    "roles",     "approaches", "summary", "goal_tags",
        "etc",     "media",     "minutes",    "formats", "age",
        "demands", "intensity", "phases",     "steps",   "processing_questions",
        NULL};
    static const char *const opt[] = {
        "contraindications",   "themes",      "questions_concrete", "questions_choice",
        "questions_nonverbal", "group_steps", "safety_plan",        "problems",
        "final_session",       "stages",      "requires",           "settings",
        "two_sessions",        NULL};
    static const char *const types[] = {"art-directive", "technique", "integrated", NULL};
    item_keys(r, o, req, opt);
    struct easel_intervention *in =
        grow(kb, (void **)&kb->interventions, &kb->n_interventions, sizeof(*in));
    if (!in)
        return oom(r);
    common(r, o, "intervention", stem, &in->file, &in->id, &in->name, &in->version, &in->basis);
    if (!json_object_get(o, "type"))
        return r->rc;
    in->type = (enum easel_intervention_type)jr_enum(r, o, "type", types, 0);
    in->roles = (uint32_t)jr_mask(r, o, "roles", EASEL_VOCAB_ROLE, 1);
    in->approaches = (uint32_t)jr_mask(r, o, "approaches", EASEL_VOCAB_APPROACH, 1);
    in->summary = jr_str(r, o, "summary", true, 500);
    in->goal_tags = jr_mask(r, o, "goal_tags", EASEL_VOCAB_GOAL_TAG, 1);
    in->etc = (uint32_t)jr_mask(r, o, "etc", EASEL_VOCAB_ETC, 1);
    in->formats = (uint32_t)jr_mask(r, o, "formats", EASEL_VOCAB_FORMAT, 1);
    in->phases = (uint32_t)jr_mask(r, o, "phases", EASEL_VOCAB_PHASE, 1);
    in->contraindications = (uint32_t)jr_mask(r, o, "contraindications", EASEL_VOCAB_FLAG, 0);
    in->intensity = jr_int(r, o, "intensity", true, 1, 5, 1);
    in->themes = jr_strlist(r, o, "themes", 0, 16, 40);
    bool main_role = (in->roles & EASEL_BIT(EASEL_ROLE_MAIN)) != 0;
    in->steps = jr_strlist(r, o, "steps", main_role ? 3 : 1, 20, MAXTEXT);
    in->questions = jr_strlist(r, o, "processing_questions", main_role ? 3 : 1, 20, MAXTEXT);
    in->q_concrete = jr_strlist(r, o, "questions_concrete", 0, 20, MAXTEXT);
    in->q_choice = jr_strlist(r, o, "questions_choice", 0, 20, MAXTEXT);
    in->q_nonverbal = jr_strlist(r, o, "questions_nonverbal", 0, 20, MAXTEXT);
    in->group_steps = jr_strlist(r, o, "group_steps", 0, 20, MAXTEXT);
    json_t *two = jr_get(r, o, "two_sessions", JSON_OBJECT, false);
    if (two) { /* where the making may pause until the next session (the steps after it) */
        jr_path(r, "two_sessions.");
        jr_keys(r, two, (const char *const[]){"after_step", NULL},
                (const char *const[]){"after_step", NULL});
        int last = in->steps.n > 1 ? (int)in->steps.n - 1 : 1;
        in->split_after = jr_int(r, two, "after_step", true, 1, last, 0);
        if (!r->rc && !main_role)
            jr_fail(r, "after_step", "only a main directive spans two sessions");
        if (!r->rc && in->group_steps.n && in->group_steps.n != in->steps.n)
            jr_fail(r, "after_step", "group_steps must have as many steps as steps to be split");
        r->path[0] = '\0';
    }
    in->requires = (uint32_t)jr_mask(r, o, "requires", EASEL_VOCAB_FLAG, 0);
    in->settings = jr_ids(r, o, "settings", 16);
    in->safety_plan = jr_bool(r, o, "safety_plan", false);
    in->problems = jr_ids(r, o, "problems", 8);
    in->final_session = jr_bool(r, o, "final_session", false);
    struct easel_strlist st = jr_strlist(r, o, "stages", 0, 5, 20);
    static const char *const stage_names[] = {"precontemplation", "contemplation", "preparation",
                                              "action", "maintenance"};
    for (size_t i = 0; i < st.n && !r->rc; i++) {
        size_t k = 0;
        while (k < 5 && strcmp(st.items[i], stage_names[k]) != 0)
            k++;
        if (k == 5)
            jr_fail(r, "stages",
                    "unknown stage \"%s\"; valid: precontemplation, contemplation, preparation, "
                    "action, maintenance",
                    st.items[i]);
        else
            in->stages |= 1u << k;
    }
    json_t *mins = jr_get(r, o, "minutes", JSON_OBJECT, true);
    if (mins) {
        jr_path(r, "minutes.");
        jr_keys(r, mins, (const char *const[]){"min", "typical", NULL},
                (const char *const[]){"min", "typical", NULL});
        in->min_minutes = jr_int(r, mins, "min", true, 1, 180, 1);
        in->typical_minutes = jr_int(r, mins, "typical", true, 1, 180, 1);
        if (!r->rc && in->min_minutes > in->typical_minutes)
            jr_fail(r, "min", "is larger than typical");
        if (!r->rc && !main_role && in->min_minutes > 10)
            jr_fail(r, "min", "a warm-up or closure must fit in 10 minutes");
        r->path[0] = '\0';
    }
    age_range(r, o, &in->age_min, &in->age_max, true);
    json_t *dem = jr_get(r, o, "demands", JSON_OBJECT, true);
    if (dem) {
        jr_path(r, "demands.");
        static const char *const dk[] = {"cognitive", "motor", "verbal", NULL};
        jr_keys(r, dem, dk, dk);
        in->demand_cognitive = jr_int(r, dem, "cognitive", true, 1, 5, 1);
        in->demand_motor = jr_int(r, dem, "motor", true, 1, 5, 1);
        in->demand_verbal = jr_int(r, dem, "verbal", true, 1, 5, 1);
        r->path[0] = '\0';
    }
    json_t *media = jr_get(r, o, "media", JSON_ARRAY, true);
    size_t n = media ? json_array_size(media) : 0;
    if (n > 16)
        return jr_fail(r, "media", "at most 16 media per intervention");
    if (n) {
        in->media = easel_arena_alloc(&kb->arena, n * sizeof(*in->media));
        if (!in->media)
            return oom(r);
    }
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *u = json_array_get(media, i);
        jr_path(r, "media[%zu].", i);
        if (!json_is_object(u)) {
            jr_fail(r, NULL, "must be an object {id, qty}");
            break;
        }
        jr_keys(r, u, (const char *const[]){"id", "qty", "role", "optional", NULL},
                (const char *const[]){"id", "qty", NULL});
        in->media[i].id = jr_str(r, u, "id", true, 48);
        in->media[i].medium = -1;
        in->media[i].role = jr_str(r, u, "role", false, 32);
        in->media[i].optional = jr_bool(r, u, "optional", false);
        if (in->media[i].role && !role_name(in->media[i].role))
            jr_fail(r, "role", "must be 2-32 characters of a-z, space and '-'");
        for (size_t v = 0; v < i && in->media[i].role && !r->rc; v++)
            if (in->media[v].role && strcmp(in->media[v].role, in->media[i].role) == 0)
                jr_fail(r, "role", "\"%s\" is also the role of media[%zu]", in->media[i].role, v);
        json_t *q = jr_get(r, u, "qty", JSON_REAL, true);
        if (q) {
            double x = json_number_value(q);
            if (!(x > 0 && x <= 1000))
                jr_fail(r, "qty", "must be above 0 and at most 1000");
            else
                in->media[i].qty_milli = (int64_t)(x * 1000 + 0.5);
            if (!r->rc && in->media[i].qty_milli == 0)
                jr_fail(r, "qty", "below 0.001 units");
        }
        in->n_media++;
    }
    r->path[0] = '\0';
    return r->rc;
}

static int parse_medium(struct easel_kb *kb, struct jread *r, json_t *o, const char *stem)
{
    static const char *const req[] = {"category", "fluidity",        "structure",
                                      "tactile",  "motor_demand",    "hazards",
                                      "unit",     "unit_cost_cents", NULL};
    static const char *const opt[] = {"allergens", "reusable", "ap_seal", "alternatives",
                                      "noun",      "words",    "sub_qty", NULL};
    static const char *const cats[] = {"drawing", "painting",    "sculpture", "collage",
                                       "fibre",   "printmaking", "paper",     "tool",
                                       "found",   "digital",     "other",     NULL};
    item_keys(r, o, req, opt);
    struct easel_medium *m = grow(kb, (void **)&kb->media, &kb->n_media, sizeof(*m));
    if (!m)
        return oom(r);
    common(r, o, "medium", stem, &m->file, &m->id, &m->name, &m->version, &m->basis);
    int cat = jr_enum(r, o, "category", cats, 10);
    m->category = cats[cat];
    m->fluidity = jr_int(r, o, "fluidity", true, 1, 5, 1);
    m->structure = jr_int(r, o, "structure", true, 1, 5, 1);
    m->tactile = jr_int(r, o, "tactile", true, 1, 5, 1);
    m->motor_demand = jr_int(r, o, "motor_demand", true, 1, 5, 1);
    m->hazards = (uint32_t)jr_mask(r, o, "hazards", EASEL_VOCAB_HAZARD, 0);
    m->allergens = (uint32_t)jr_mask(r, o, "allergens", EASEL_VOCAB_ALLERGEN, 0);
    m->unit = jr_str(r, o, "unit", true, 60);
    m->unit_cost_cents = jr_int(r, o, "unit_cost_cents", true, 0, 10000000, 0);
    m->reusable = jr_bool(r, o, "reusable", false);
    m->ap_seal = jr_bool(r, o, "ap_seal", false);
    m->alternatives = jr_ids(r, o, "alternatives", 16);
    m->noun = jr_str(r, o, "noun", false, 60);
    m->words = jr_strlist(r, o, "words", 0, 16, 48);
    json_t *q = jr_get(r, o, "sub_qty", JSON_REAL, false);
    if (q) {
        double x = json_number_value(q);
        if (!(x >= 0.001 && x <= 1000))
            jr_fail(r, "sub_qty", "must be from 0.001 to 1000");
        else
            m->sub_qty_milli = (int64_t)(x * 1000 + 0.5);
    }
    return r->rc;
}

/* kb/references/ID.json: the sections and reference numbers of a shared reference document. */
static int parse_reference(struct easel_kb *kb, struct jread *r, json_t *o, const char *stem)
{
    static const char *const req[] = {"sections", "refs", NULL};
    static const char *const opt[] = {NULL};
    item_keys(r, o, req, opt);
    struct easel_reference *x = grow(kb, (void **)&kb->references, &kb->n_references, sizeof(*x));
    if (!x)
        return oom(r);
    common(r, o, "reference", stem, &x->file, &x->id, &x->name, &x->version, &x->basis);
    x->sections = jr_strlist(r, o, "sections", 1, 200, 16);
    x->refs = jr_strlist(r, o, "refs", 1, 1000, 16);
    return r->rc;
}

/* kb/hazards/ID.json: the words that name one hazard of the vocabulary in text. */
static int parse_hazard(struct easel_kb *kb, struct jread *r, json_t *o, const char *stem)
{
    static const char *const req[] = {"words", NULL};
    static const char *const opt[] = {NULL};
    item_keys(r, o, req, opt);
    struct easel_hazard_words *h = grow(kb, (void **)&kb->hazards, &kb->n_hazards, sizeof(*h));
    if (!h)
        return oom(r);
    common(r, o, "hazard", stem, &h->file, &h->id, &h->name, &h->version, &h->basis);
    if (h->id && easel_vocab_find(EASEL_VOCAB_HAZARD, h->id) < 0)
        jr_fail(r, "id", "\"%s\" is not a hazard of the vocabulary", h->id);
    h->words = jr_strlist(r, o, "words", 1, 64, 48);
    for (size_t i = 0; i < h->words.n && !r->rc; i++)
        for (const char *c = h->words.items[i]; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || *c == ' ' || *c == '-' || (unsigned char)*c >= 0x80))
                jr_fail(r, "words", "\"%s\": lower-case words, spaces and '-' only",
                        h->words.items[i]);
    return r->rc;
}

static int parse_setting(struct easel_kb *kb, struct jread *r, json_t *o, const char *stem)
{
    static const char *const req[] = {"session_minutes", "sessions", "per_week", NULL};
    static const char *const opt[] = {"excluded_hazards",
                                      "excluded_media",
                                      "excluded_interventions",
                                      "single_use_kits",
                                      "continuity",
                                      "objective_style",
                                      "measures",
                                      "session_notes",
                                      "rules",
                                      NULL};
    static const char *const styles[] = {"standard", "iep", NULL};
    item_keys(r, o, req, opt);
    struct easel_setting *s = grow(kb, (void **)&kb->settings, &kb->n_settings, sizeof(*s));
    if (!s)
        return oom(r);
    common(r, o, "setting", stem, &s->file, &s->id, &s->name, &s->version, &s->basis);
    s->excluded_hazards = (uint32_t)jr_mask(r, o, "excluded_hazards", EASEL_VOCAB_HAZARD, 0);
    s->excluded_media = jr_ids(r, o, "excluded_media", 200);
    s->excluded_interventions = jr_ids(r, o, "excluded_interventions", 500);
    s->measures = jr_ids(r, o, "measures", 32);
    s->session_minutes = jr_int(r, o, "session_minutes", true, 15, 240, 50);
    s->sessions = jr_int(r, o, "sessions", true, 1, 104, 12);
    s->per_week = jr_int(r, o, "per_week", true, 1, 7, 1);
    s->single_use_kits = jr_bool(r, o, "single_use_kits", false);
    s->continuity = jr_bool(r, o, "continuity", true);
    s->iep_objectives = jr_enum(r, o, "objective_style", styles, 0) == 1;
    s->session_notes = jr_strlist(r, o, "session_notes", 0, 20, MAXTEXT);
    json_t *rules = jr_get(r, o, "rules", JSON_ARRAY, false);
    size_t n = rules ? json_array_size(rules) : 0;
    if (n > 40)
        return jr_fail(r, "rules", "at most 40 rules");
    if (n) {
        s->rules = easel_arena_alloc(&kb->arena, n * sizeof(*s->rules));
        if (!s->rules)
            return oom(r);
    }
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *ru = json_array_get(rules, i);
        jr_path(r, "rules[%zu].", i);
        if (!json_is_object(ru)) {
            jr_fail(r, NULL, "must be an object {text, basis}");
            break;
        }
        static const char *const rk[] = {"text", "basis", NULL};
        jr_keys(r, ru, rk, rk);
        s->rules[i].text = jr_str(r, ru, "text", true, MAXTEXT);
        s->rules[i].basis = jr_str(r, ru, "basis", true, MAXTEXT);
        s->n_rules++;
    }
    r->path[0] = '\0';
    return r->rc;
}

static int parse_rule(struct easel_kb *kb, struct jread *r, json_t *o, const char *stem)
{
    static const char *const req[] = {"when", "explain", NULL};
    static const char *const opt[] = {"exclude_hazards",
                                      "exclude_media",
                                      "max_intensity",
                                      "max_fluidity",
                                      "no_processing",
                                      "requires_stabilisation",
                                      NULL};
    item_keys(r, o, req, opt);
    struct easel_rule *ru = grow(kb, (void **)&kb->rules, &kb->n_rules, sizeof(*ru));
    if (!ru)
        return oom(r);
    common(r, o, "rule", stem, &ru->file, &ru->id, &ru->name, &ru->version, &ru->basis);
    ru->when_flag = jr_word(r, o, "when", EASEL_VOCAB_FLAG, true);
    ru->exclude_hazards = (uint32_t)jr_mask(r, o, "exclude_hazards", EASEL_VOCAB_HAZARD, 0);
    ru->exclude_media = jr_ids(r, o, "exclude_media", 200);
    ru->max_intensity = jr_int(r, o, "max_intensity", false, 1, 5, 5);
    ru->max_fluidity = jr_int(r, o, "max_fluidity", false, 1, 5, 5);
    ru->no_processing = jr_bool(r, o, "no_processing", false);
    ru->requires_stabilisation = jr_bool(r, o, "requires_stabilisation", false);
    ru->explain = jr_str(r, o, "explain", true, 500);
    return r->rc;
}

/* Instrument scoring fields (docs/kb-format.md "instrument"). Item numbers are 1-based in the
   JSON and become bitmasks (bit i-1 = item i). */

static uint32_t inst_items(struct jread *r, json_t *o, const char *key, int items, bool required,
                           size_t min)
{
    json_t *arr = jr_get(r, o, key, JSON_ARRAY, required);
    if (!arr)
        return 0;
    size_t n = json_array_size(arr);
    if (n < min || n > (size_t)items) {
        jr_fail(r, key, "must list %zu to %d item numbers, has %zu", min, items, n);
        return 0;
    }
    uint32_t set = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(arr, i);
        char k[64];
        snprintf(k, sizeof(k), "%.32s[%zu]", key, i);
        json_int_t x = json_is_integer(v) ? json_integer_value(v) : 0;
        if (x < 1 || x > items) {
            jr_fail(r, k, "must be an item number 1-%d", items);
            return 0;
        }
        if (set & (1u << (x - 1))) {
            jr_fail(r, k, "item %lld is listed twice", (long long)x);
            return 0;
        }
        set |= 1u << (x - 1);
    }
    return set;
}

/* A number with at most three decimals, as thousandths, within [min, max] thousandths. */
static int inst_milli(struct jread *r, json_t *o, const char *key, int min, int max)
{
    json_t *v = jr_get(r, o, key, JSON_REAL, true);
    if (!v)
        return 0;
    double x = json_number_value(v) * 1000.0;
    if (!(x >= min - 0.5 && x <= max + 0.5)) {
        jr_fail(r, key, "must be between %g and %g", min / 1000.0, max / 1000.0);
        return 0;
    }
    int m = (int)(x < 0 ? x - 0.5 : x + 0.5);
    double d = x - m;
    if (d > 1e-6 || d < -1e-6) {
        jr_fail(r, key, "at most three decimals");
        return 0;
    }
    if (m < min || m > max)
        jr_fail(r, key, "must be between %g and %g", min / 1000.0, max / 1000.0);
    return m;
}

/* Bands: contiguous, ascending, from total_min to total_max, labels unique. */
static struct easel_band *inst_bands(struct easel_kb *kb, struct jread *r, json_t *o,
                                     const char *key, const struct easel_instrument *in,
                                     size_t *n_out)
{
    *n_out = 0;
    json_t *arr = jr_get(r, o, key, JSON_ARRAY, true);
    if (!arr)
        return NULL;
    size_t n = json_array_size(arr);
    if (n < 2 || n > 12) {
        jr_fail(r, key, "must have 2 to 12 bands, has %zu", n);
        return NULL;
    }
    struct easel_band *b = easel_arena_alloc(&kb->arena, n * sizeof(*b));
    if (!b) {
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, key, "out of memory");
        return NULL;
    }
    char saved[sizeof(r->path)];
    memcpy(saved, r->path, sizeof(saved));
    static const char *const bk[] = {"from", "to", "label", NULL};
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *e = json_array_get(arr, i);
        jr_path(r, "%.60s%.20s[%zu].", saved, key, i);
        if (!json_is_object(e)) {
            jr_fail(r, NULL, "must be an object {from, to, label}");
            break;
        }
        jr_keys(r, e, bk, bk);
        b[i].from = jr_int(r, e, "from", true, in->total_min, in->total_max, 0);
        b[i].to = jr_int(r, e, "to", true, in->total_min, in->total_max, 0);
        b[i].label = jr_str(r, e, "label", true, 60);
        if (r->rc)
            break;
        if (b[i].from > b[i].to)
            jr_fail(r, "from", "is larger than to");
        else if (i == 0 && b[i].from != in->total_min)
            jr_fail(r, "from", "the first band must start at total_min %d", in->total_min);
        else if (i > 0 && b[i].from != b[i - 1].to + 1)
            jr_fail(r, "from", "must be %d, right after the band before (no gap, no overlap)",
                    b[i - 1].to + 1);
        else if (i == n - 1 && b[i].to != in->total_max)
            jr_fail(r, "to", "the last band must end at total_max %d", in->total_max);
        for (size_t k = 0; k < i && !r->rc; k++)
            if (strcmp(b[k].label, b[i].label) == 0)
                jr_fail(r, "label", "\"%s\" is used by another band", b[i].label);
    }
    memcpy(r->path, saved, sizeof(saved));
    if (r->rc)
        return NULL;
    *n_out = n;
    return b;
}

static void inst_subscales(struct easel_kb *kb, struct jread *r, json_t *o,
                           struct easel_instrument *in)
{
    json_t *arr = jr_get(r, o, "subscales", JSON_ARRAY, false);
    if (!arr)
        return;
    size_t n = json_array_size(arr);
    if (n < 1 || n > 8) {
        jr_fail(r, "subscales", "must have 1 to 8 subscales, has %zu", n);
        return;
    }
    in->subscales = easel_arena_alloc(&kb->arena, n * sizeof(*in->subscales));
    if (!in->subscales) {
        r->rc = easel_error_set(r->err, EASEL_ENOMEM, r->where, "subscales", "out of memory");
        return;
    }
    static const char *const sk[] = {"name", "items", "cutoff", "count", NULL};
    static const char *const sreq[] = {"name", "items", NULL};
    static const char *const ck[] = {"answer_at_least", "items_at_least", NULL};
    for (size_t i = 0; i < n && !r->rc; i++) {
        json_t *e = json_array_get(arr, i);
        struct easel_subscale *s = &in->subscales[i];
        jr_path(r, "subscales[%zu].", i);
        if (!json_is_object(e)) {
            jr_fail(r, NULL, "must be an object {name, items, cutoff, count}");
            break;
        }
        jr_keys(r, e, sk, sreq);
        s->name = jr_str(r, e, "name", true, 40);
        if (s->name && !jr_is_id(s->name, 40))
            jr_fail(r, "name", "must be 1-40 characters of a-z, 0-9 and '-'");
        s->items = inst_items(r, e, "items", in->items, true, 1);
        int sub_max = 0;
        for (int k = 0; k < in->items; k++)
            sub_max += (s->items >> k & 1u) ? in->item_max : 0;
        s->cutoff = jr_int(r, e, "cutoff", false, 1, sub_max > 0 ? sub_max : 1, -1);
        json_t *c = jr_get(r, e, "count", JSON_OBJECT, false);
        if (c) {
            jr_path(r, "subscales[%zu].count.", i);
            jr_keys(r, c, ck, ck);
            s->count_answer =
                jr_int(r, c, "answer_at_least", true, in->item_min + 1, in->item_max, in->item_max);
            int members = 0;
            for (int k = 0; k < in->items; k++)
                members += (int)(s->items >> k & 1u);
            s->count_min = jr_int(r, c, "items_at_least", true, 1, members > 0 ? members : 1, 1);
        }
        for (size_t k = 0; k < i && !r->rc; k++)
            if (strcmp(in->subscales[k].name, s->name) == 0)
                jr_fail(r, "name", "\"%s\" names another subscale", s->name);
        in->n_subscales++;
    }
    r->path[0] = '\0';
}

/* Item labels: easel's own content words, one per item, at most six words each. */
static void inst_labels(struct jread *r, json_t *o, struct easel_instrument *in)
{
    if (!json_object_get(o, "item_labels"))
        return;
    in->item_labels = jr_strlist(r, o, "item_labels", (size_t)in->items, (size_t)in->items, 48);
    for (size_t i = 0; i < in->item_labels.n && !r->rc; i++) {
        int words = 1;
        for (const char *p = in->item_labels.items[i]; *p; p++)
            words += *p == ' ';
        if (words > 6) {
            char k[48];
            snprintf(k, sizeof(k), "item_labels[%zu]", i);
            jr_fail(r, k, "at most 6 words (a content label, never the item's wording)");
        }
    }
}

static void inst_reliability(struct jread *r, json_t *o, struct easel_instrument *in)
{
    static const char *const rk[] = {"sd", "r", "coefficient", "illustrative", NULL};
    static const char *const rreq[] = {"sd", "r", "coefficient", NULL};
    static const char *const coeffs[] = {"test-retest", "alpha", NULL};
    json_t *rel = jr_get(r, o, "reliability", JSON_OBJECT, false);
    if (!rel)
        return;
    jr_path(r, "reliability.");
    jr_keys(r, rel, rk, rreq);
    in->rel_sd_milli = inst_milli(r, rel, "sd", 1, 1000000);
    in->rel_r_milli = inst_milli(r, rel, "r", 1, 999);
    in->rel_coefficient = coeffs[jr_enum(r, rel, "coefficient", coeffs, 0)];
    in->rel_illustrative = jr_bool(r, rel, "illustrative", false);
    r->path[0] = '\0';
}

static void inst_norms(struct jread *r, json_t *o, struct easel_instrument *in)
{
    static const char *const nk[] = {"functional", "dysfunctional", NULL};
    static const char *const gk[] = {"label", "mean", "sd", NULL};
    json_t *norms = jr_get(r, o, "norms", JSON_OBJECT, false);
    if (!norms)
        return;
    jr_path(r, "norms.");
    jr_keys(r, norms, nk, nk);
    int lo = in->total_min * 1000, hi = in->total_max * 1000;
    for (int g = 0; g < 2 && !r->rc; g++) {
        json_t *grp = jr_get(r, norms, nk[g], JSON_OBJECT, true);
        if (!grp)
            break;
        jr_path(r, "norms.%s.", nk[g]);
        jr_keys(r, grp, gk, gk);
        const char *label = jr_str(r, grp, "label", true, 60);
        int mean = inst_milli(r, grp, "mean", lo, hi);
        int sd = inst_milli(r, grp, "sd", 1, 1000000);
        if (g == 0) {
            in->norm_func_label = label;
            in->norm_func_mean_milli = mean;
            in->norm_func_sd_milli = sd;
        } else {
            in->norm_dys_label = label;
            in->norm_dys_mean_milli = mean;
            in->norm_dys_sd_milli = sd;
        }
    }
    jr_path(r, "norms.");
    if (!r->rc && (in->higher_is_worse ? in->norm_dys_mean_milli <= in->norm_func_mean_milli
                                       : in->norm_dys_mean_milli >= in->norm_func_mean_milli))
        jr_fail(r, "dysfunctional",
                "the dysfunctional mean must be on the worse side of the functional mean");
    in->has_norms = !r->rc;
    r->path[0] = '\0';
}

static void inst_scoring(struct easel_kb *kb, struct jread *r, json_t *o,
                         struct easel_instrument *in)
{
    static const char *const methods[] = {"sum", "percentage", "yes-no", NULL};
    static const char *const rules[] = {"invalid", "prorate", "score-zero", NULL};
    in->scoring = (enum easel_scoring)jr_enum(r, o, "scoring", methods, 0);
    in->percent_factor = jr_int(r, o, "percent_factor", false, 1, 100, 0);
    if (!r->rc && (in->scoring == EASEL_SCORING_PERCENTAGE) != (in->percent_factor > 0))
        jr_fail(r, "percent_factor", "is required with scoring \"percentage\" and only there");
    if (!r->rc && in->scoring == EASEL_SCORING_PERCENTAGE &&
        in->total_max * in->percent_factor != 100)
        jr_fail(r, "percent_factor", "total_max x percent_factor must be 100");
    if (!r->rc && in->scoring == EASEL_SCORING_YES_NO && (in->item_min != 0 || in->item_max != 1))
        jr_fail(r, "scoring", "\"yes-no\" needs item_min 0 (no) and item_max 1 (yes)");
    if (!r->rc &&
        (in->total_min != in->items * in->item_min || in->total_max != in->items * in->item_max))
        jr_fail(r, "total_max",
                "a summed total must run from items x item_min (%d) to items x item_max (%d)",
                in->items * in->item_min, in->items * in->item_max);
    in->reverse_items = inst_items(r, o, "reverse_items", in->items, false, 0);
    in->item_keys = json_object_get(o, "item_keys") ? jr_str(r, o, "item_keys", true, 600) : NULL;
    if (!r->rc && in->reverse_items && !in->item_keys)
        jr_fail(r, "item_keys", "required with reverse_items: say how the items are keyed");
    inst_labels(r, o, in);
    in->max_missing = jr_int(r, o, "max_missing", false, 0, in->items - 1, 0);
    in->missing_rule = (enum easel_missing_rule)jr_enum(r, o, "missing_rule", rules, 0);
    if (!r->rc && (in->max_missing > 0) != (in->missing_rule != EASEL_MISSING_INVALID))
        jr_fail(r, "missing_rule",
                "give \"prorate\" or \"score-zero\" exactly when max_missing is above 0");
    inst_subscales(kb, r, o, in);
    if (json_object_get(o, "bands"))
        in->bands = inst_bands(kb, r, o, "bands", in, &in->n_bands);
    json_t *alt = jr_get(r, o, "alt_bands", JSON_OBJECT, false);
    if (alt) {
        jr_path(r, "alt_bands.");
        jr_keys(r, alt, (const char *const[]){"name", "bands", NULL},
                (const char *const[]){"name", "bands", NULL});
        in->alt_bands_name = jr_str(r, alt, "name", true, 40);
        in->alt_bands = inst_bands(kb, r, alt, "bands", in, &in->n_alt_bands);
        r->path[0] = '\0';
        if (!r->rc && !in->n_bands)
            jr_fail(r, "alt_bands", "needs bands first");
    }
    inst_reliability(r, o, in);
    inst_norms(r, o, in);
    in->recall_days = jr_int(r, o, "recall_days", false, 0, 365, 0);
    static const char *const informants[] = {"self", "caregiver", "clinician", NULL};
    in->informant = informants[jr_enum(r, o, "informant", informants, 0)];
    json_t *tt = jr_get(r, o, "talking_therapies", JSON_OBJECT, false);
    if (tt) {
        static const char *const tk[] = {"caseness", "reliable_change", NULL};
        jr_path(r, "talking_therapies.");
        jr_keys(r, tt, tk, tk);
        in->tt_caseness = jr_int(r, tt, "caseness", true, in->total_min + 1, in->total_max, 0);
        in->tt_reliable_change =
            jr_int(r, tt, "reliable_change", true, 1, in->total_max - in->total_min, 0);
        r->path[0] = '\0';
        if (!r->rc && !in->higher_is_worse)
            jr_fail(r, "talking_therapies", "applies only where a higher score is worse");
    }
    if (!r->rc && in->risk_item &&
        (in->item_min != 0 || (in->reverse_items >> (in->risk_item - 1) & 1u)))
        jr_fail(r, "risk_item",
                "must be a forward-keyed item scored from 0 (an answer above 0 raises the flag)");
}

static int parse_instrument(struct easel_kb *kb, struct jread *r, json_t *o, const char *stem)
{
    static const char *const req[] = {
        "items",           "item_min",        "item_max", "total_min", "total_max",
        "higher_is_worse", "clinical_cutoff", "age",      "licence",   NULL};
    static const char *const opt[] = {
        "construct",         "risk_item",   "loinc",       "scoring",     "percent_factor",
        "reverse_items",     "item_keys",   "item_labels", "max_missing", "missing_rule",
        "subscales",         "bands",       "alt_bands",   "reliability", "norms",
        "talking_therapies", "recall_days", "informant",   NULL};
    item_keys(r, o, req, opt);
    struct easel_instrument *in =
        grow(kb, (void **)&kb->instruments, &kb->n_instruments, sizeof(*in));
    if (!in)
        return oom(r);
    common(r, o, "instrument", stem, &in->file, &in->id, &in->name, &in->version, &in->basis);
    in->construct = json_object_get(o, "construct") ? jr_str(r, o, "construct", true, 80) : "";
    in->items = jr_int(r, o, "items", true, 1, 32, 1);
    in->item_min = jr_int(r, o, "item_min", true, 0, 10, 0);
    in->item_max = jr_int(r, o, "item_max", true, 0, 10, 1);
    in->total_min = jr_int(r, o, "total_min", true, 0, 1000, 0);
    in->total_max = jr_int(r, o, "total_max", true, 0, 1000, 0);
    in->higher_is_worse = jr_bool(r, o, "higher_is_worse", true);
    in->clinical_cutoff = jr_int(r, o, "clinical_cutoff", true, 0, 1000, 0);
    in->risk_item = jr_int(r, o, "risk_item", false, 1, 32, 0);
    in->loinc = json_object_get(o, "loinc") ? jr_str(r, o, "loinc", true, 16) : NULL;
    in->licence = jr_str(r, o, "licence", true, MAXTEXT);
    age_range(r, o, &in->age_min, &in->age_max, false);
    if (!r->rc &&
        (in->item_min > in->item_max || in->total_min > in->total_max || in->age_min > in->age_max))
        jr_fail(r, "item_min", "a minimum is larger than its maximum");
    if (!r->rc && in->risk_item > in->items)
        jr_fail(r, "risk_item", "is beyond the number of items");
    if (!r->rc && (in->clinical_cutoff < in->total_min || in->clinical_cutoff > in->total_max))
        jr_fail(r, "clinical_cutoff", "is outside the total range");
    if (!r->rc)
        inst_scoring(kb, r, o, in);
    return r->rc;
}

int easel__kb_item(struct easel_kb *kb, int kind, const char *where, const char *stem,
                   const char *text, size_t len, struct easel_error *err)
{
    struct jread r = {.where = where, .arena = &kb->arena, .err = err};
    json_t *root = jr_parse(&r, text, len);
    if (!root)
        return r.rc ? r.rc : EASEL_EINVAL;
    int rc;
    switch (kind) {
    case 0:
        rc = parse_problem(kb, &r, root, stem);
        break;
    case 1:
        rc = parse_intervention(kb, &r, root, stem);
        break;
    case 2:
        rc = parse_medium(kb, &r, root, stem);
        break;
    case 3:
        rc = parse_setting(kb, &r, root, stem);
        break;
    case 4:
        rc = parse_rule(kb, &r, root, stem);
        break;
    case 6:
        rc = parse_hazard(kb, &r, root, stem);
        break;
    case 7:
        rc = parse_reference(kb, &r, root, stem);
        break;
    default:
        rc = parse_instrument(kb, &r, root, stem);
        break;
    }
    json_decref(root);
    if (!rc && r.rc)
        rc = r.rc;
    return rc;
}
