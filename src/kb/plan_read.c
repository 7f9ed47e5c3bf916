/*
 * kb/plan_read.c — reads a stored plan body (easel-plan/1) into the document model's plan, and
 * flattens a session note to labelled text (easel/report_read.h). jansson lives in this layer;
 * the renderer never sees JSON.
 *
 * Owns: nothing (results in the caller's arena). Fails: EASEL_EINVAL naming the field for a body
 * that is not easel-plan/1, EASEL_ENOMEM when the arena runs out.
 */
#include "easel/report_read.h"
#include "jread.h"

#include <stdlib.h>
#include <string.h>

struct rd {
    struct easel_arena *a;
    struct easel_error *err;
    int rc;
};

static const char *str(struct rd *r, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        return NULL;
    const char *s = easel_arena_strdup(r->a, json_string_value(v));
    if (!s && !r->rc)
        r->rc = EASEL_ENOMEM;
    return s;
}

static int num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int)json_integer_value(v) : 0;
}

static void *array(struct rd *r, json_t *arr, size_t size, size_t *n)
{
    *n = json_is_array(arr) ? json_array_size(arr) : 0;
    void *p = easel_arena_alloc(r->a, (*n ? *n : 1) * size);
    if (!p && !r->rc)
        r->rc = EASEL_ENOMEM;
    if (!p)
        *n = 0;
    return p;
}

static const char **strings(struct rd *r, json_t *o, const char *key, size_t *n)
{
    json_t *arr = json_object_get(o, key);
    const char **out = array(r, arr, sizeof(*out), n);
    for (size_t i = 0; i < *n; i++) {
        json_t *v = json_array_get(arr, i);
        out[i] = easel_arena_strdup(r->a, json_is_string(v) ? json_string_value(v) : "");
    }
    return out;
}

static const struct easel_objective_tpl *template_of(const struct easel_kb *kb, int problem,
                                                     const char *id)
{
    if (problem < 0 || !id)
        return NULL;
    const struct easel_problem *p = &kb->problems[problem];
    for (size_t i = 0; i < p->n_objectives; i++)
        if (strcmp(p->objectives[i].id, id) == 0)
            return &p->objectives[i];
    return NULL;
}

/* "PHQ-9 (Patient Health Questionnaire-9)" -> "PHQ-9" */
static const char *short_name(struct rd *r, const char *name)
{
    const char *paren = strstr(name, " (");
    size_t n = paren ? (size_t)(paren - name) : strlen(name);
    return easel_arena_printf(r->a, "%.*s", (int)n, name);
}

static void goals(struct rd *r, json_t *root, const struct easel_kb *kb,
                  struct easel_report_plan *out)
{
    json_t *arr = json_object_get(root, "goals");
    out->goals = array(r, arr, sizeof(*out->goals), &out->n_goals);
    for (size_t i = 0; i < out->n_goals; i++) {
        json_t *g = json_array_get(arr, i);
        struct easel_report_goal *goal = &out->goals[i];
        goal->problem = str(r, g, "problem");
        int p = goal->problem ? easel_kb_problem(kb, goal->problem) : -1;
        goal->problem_name = p >= 0 ? kb->problems[p].name : goal->problem;
        goal->long_term_goal = str(r, g, "long_term_goal");
        json_t *objs = json_object_get(g, "objectives");
        goal->objectives = array(r, objs, sizeof(*goal->objectives), &goal->n_objectives);
        for (size_t k = 0; k < goal->n_objectives; k++) {
            json_t *o = json_array_get(objs, k);
            struct easel_report_objective *ob = &goal->objectives[k];
            ob->number = str(r, o, "number");
            ob->smart = str(r, o, "smart");
            ob->measure = str(r, o, "measure");
            ob->baseline = str(r, o, "baseline");
            ob->target = str(r, o, "target");
            ob->target_date = str(r, o, "target_date");
            ob->edited = json_is_true(json_object_get(o, "edited"));
            ob->baseline_recorded =
                ob->baseline && strncmp(ob->baseline, "to be measured", 14) != 0;
            const struct easel_objective_tpl *t = template_of(kb, p, str(r, o, "template"));
            ob->measure_type = t ? (int)t->measure : -1;
            ob->text = t ? t->text : NULL;
            ob->baseline_value = t ? t->baseline : 0;
            ob->target_value = t ? t->target : 0;
            if (ob->baseline_recorded && t && t->measure == EASEL_MEASURE_FREQUENCY)
                /* "2 on 2026-11-20": the count recorded */
                ob->baseline_value = (int)strtol(ob->baseline, NULL, 10);
            if (t && t->measure == EASEL_MEASURE_INSTRUMENT && t->instrument >= 0)
                ob->instrument = short_name(r, kb->instruments[t->instrument].name);
            if (!ob->number || !ob->smart)
                r->rc = easel_error_set(r->err, EASEL_EINVAL, "plan", "goals[].objectives[]",
                                        "objective %zu of goal %zu lacks its number or text", k + 1,
                                        i + 1);
        }
    }
}

/* "Cardstock, Washable markers" from a part's [{"id": ...}, ...] */
static const char *media_names(struct rd *r, json_t *arr, const struct easel_kb *kb)
{
    struct easel_buf b;
    easel_buf_init(&b, 64 * 1024);
    for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr); i++) {
        json_t *id = json_object_get(json_array_get(arr, i), "id");
        if (!json_is_string(id))
            continue;
        int m = easel_kb_medium(kb, json_string_value(id));
        easel_buf_printf(&b, "%s%s", b.len ? ", " : "",
                         m >= 0 ? kb->media[m].name : json_string_value(id));
    }
    const char *out = easel_arena_strdup(r->a, b.len ? b.data : "");
    if ((!out || b.failed) && !r->rc)
        r->rc = EASEL_ENOMEM;
    easel_buf_release(&b);
    return out;
}

static void program(struct rd *r, json_t *root, const struct easel_kb *kb,
                    struct easel_report_plan *out)
{
    static const char *const parts[] = {"warm_up", "main", "closure"};
    static const char *const part_names[] = {"warm-up", "main", "closure"};
    json_t *arr = json_object_get(root, "sessions");
    size_t n_sessions = json_is_array(arr) ? json_array_size(arr) : 0;
    out->interventions =
        easel_arena_alloc(r->a, (3 * n_sessions + 1) * sizeof(*out->interventions));
    if (!out->interventions) {
        r->rc = EASEL_ENOMEM;
        return;
    }
    out->n_sessions = (int)n_sessions;
    for (size_t i = 0; i < n_sessions; i++) {
        json_t *s = json_array_get(arr, i);
        if (i == 0)
            out->first_date = str(r, s, "date");
        if (i + 1 == n_sessions)
            out->last_date = str(r, s, "date");
        for (int k = 0; k < 3; k++) {
            json_t *part = json_object_get(s, parts[k]);
            const char *id = str(r, part, "id");
            if (!id)
                continue;
            struct easel_report_intervention *iv = &out->interventions[out->n_interventions++];
            iv->session = num(s, "number");
            iv->date = str(r, s, "date");
            iv->phase = str(r, s, "phase");
            iv->objective = str(r, s, "objective");
            iv->part = part_names[k];
            int half = num(part, "part"); /* a directive over two sessions */
            if (half == 1 || half == 2)
                iv->part =
                    half == 1 ? "main, first of two sessions" : "main, second of two sessions";
            iv->id = id;
            int x = easel_kb_intervention(kb, id);
            iv->name = x >= 0 ? kb->interventions[x].name : id;
            iv->rationale = k == 1 ? str(r, s, "why") : "";
            iv->minutes = num(part, "minutes");
            iv->media = media_names(r, json_object_get(part, "media"), kb);
            json_t *media = json_object_get(part, "media");
            iv->media_ids = array(r, media, sizeof(*iv->media_ids), &iv->n_media_ids);
            for (size_t m = 0; m < iv->n_media_ids; m++)
                iv->media_ids[m] = str(r, json_array_get(media, m), "id");
        }
    }
}

static void supplies(struct rd *r, json_t *root, const struct easel_kb *kb,
                     struct easel_report_plan *out)
{
    json_t *arr = json_object_get(root, "supplies");
    out->supplies = array(r, arr, sizeof(*out->supplies), &out->n_supplies);
    for (size_t i = 0; i < out->n_supplies; i++) {
        json_t *m = json_array_get(arr, i);
        struct easel_report_supply *s = &out->supplies[i];
        s->medium = str(r, m, "medium");
        int x = s->medium ? easel_kb_medium(kb, s->medium) : -1;
        s->name = x >= 0 ? kb->media[x].name : s->medium;
        s->unit = x >= 0 ? kb->media[x].unit : NULL;
        json_t *v;
        s->qty_milli =
            json_is_integer(v = json_object_get(m, "qty_milli")) ? json_integer_value(v) : 0;
        s->units = json_is_integer(v = json_object_get(m, "units")) ? json_integer_value(v) : 0;
        s->cost_cents =
            json_is_integer(v = json_object_get(m, "cost_cents")) ? json_integer_value(v) : 0;
        s->on_hand = json_is_true(json_object_get(m, "on_hand"));
    }
    json_t *v = json_object_get(root, "total_cost_cents");
    out->total_cost_cents = json_is_integer(v) ? json_integer_value(v) : 0;
    out->budget_note = str(r, root, "budget_note");
    out->safety_note = str(r, root, "safety_note");
}

int easel_report_plan_read(const char *json, size_t len, const struct easel_kb *kb,
                           struct easel_arena *a, struct easel_report_plan *out,
                           struct easel_error *err)
{
    struct jread jr = {.where = "plan", .arena = a, .err = err};
    json_t *root = jr_parse(&jr, json, len);
    if (!root)
        return jr.rc ? jr.rc : EASEL_EINVAL;
    struct rd r = {a, err, 0};
    json_t *format = json_object_get(root, "format");
    if (!json_is_object(root) || !json_is_string(format) ||
        strcmp(json_string_value(format), "easel-plan/1") != 0) {
        json_decref(root);
        return easel_error_set(err, EASEL_EINVAL, "plan", "format", "not an easel-plan/1 body");
    }
    out->present = true;
    out->kb_version = str(&r, root, "kb_version");
    out->age = num(root, "age");
    out->setting = str(&r, root, "setting");
    int st = out->setting ? easel_kb_setting(kb, out->setting) : -1;
    out->setting_name = st >= 0 ? kb->settings[st].name : out->setting;
    out->mode = str(&r, root, "mode");
    out->participants = num(root, "participants");
    out->attending = num(root, "attending");
    if (out->attending <= 0 || out->attending > out->participants)
        out->attending = out->participants;
    out->session_minutes = num(root, "session_minutes");
    out->per_week = num(root, "per_week");
    out->flags = strings(&r, root, "flags", &out->n_flags);
    out->client_goals = strings(&r, root, "client_goals", &out->n_client_goals);
    out->setting_notes = strings(&r, root, "setting_notes", &out->n_setting_notes);
    json_t *risks = json_object_get(root, "risks");
    out->risks = array(&r, risks, sizeof(*out->risks), &out->n_risks);
    for (size_t i = 0; i < out->n_risks; i++) {
        out->risks[i].flag = str(&r, json_array_get(risks, i), "flag");
        out->risks[i].reason = str(&r, json_array_get(risks, i), "reason");
    }
    json_t *checks = json_object_get(root, "checks");
    out->checks = array(&r, checks, sizeof(*out->checks), &out->n_checks);
    for (size_t i = 0; i < out->n_checks; i++) {
        json_t *c = json_array_get(checks, i);
        out->checks[i].severity = str(&r, c, "severity");
        out->checks[i].rule = str(&r, c, "rule");
        out->checks[i].message = str(&r, c, "message");
        out->checks[i].session = num(c, "session");
    }
    goals(&r, root, kb, out);
    program(&r, root, kb, out);
    supplies(&r, root, kb, out);
    json_decref(root);
    if (!r.rc && a->failed)
        r.rc = EASEL_ENOMEM;
    if (r.rc == EASEL_ENOMEM)
        easel_error_set(err, EASEL_ENOMEM, "plan", "", "out of memory reading the plan");
    return r.rc;
}

int easel_note_text(const char *json, size_t len, struct easel_arena *a, const char **out,
                    struct easel_error *err)
{
    static const struct {
        const char *key, *label;
    } fields[] = {{"subjective", "Subjective"},
                  {"objective", "Objective"},
                  {"data", "Data"},
                  {"behavior", "Behaviour"},
                  {"goal", "Goal"},
                  {"intervention", "Intervention"},
                  {"response", "Response"},
                  {"assessment", "Assessment"},
                  {"plan", "Plan"},
                  {"reactions", "Reactions"}};
    struct jread jr = {.where = "note", .arena = a, .err = err};
    *out = "";
    json_t *root = jr_parse(&jr, json, len);
    if (!root)
        return jr.rc ? jr.rc : EASEL_EINVAL;
    struct easel_buf b;
    easel_buf_init(&b, 2 * len + 256);
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        json_t *v = json_object_get(root, fields[i].key);
        if (json_is_string(v) && json_string_length(v))
            easel_buf_printf(&b, "%s%s: %s", b.len ? "\n" : "", fields[i].label,
                             json_string_value(v));
    }
    json_t *media = json_object_get(root, "media_used");
    if (json_is_array(media) && json_array_size(media)) {
        easel_buf_printf(&b, "%sMedia used: ", b.len ? "\n" : "");
        for (size_t i = 0; i < json_array_size(media); i++) {
            json_t *m = json_array_get(media, i);
            easel_buf_printf(&b, "%s%s", i ? ", " : "",
                             json_is_string(m) ? json_string_value(m) : "");
        }
    }
    json_decref(root);
    int rc = b.failed;
    if (!rc && b.len && !(*out = easel_arena_strdup(a, b.data)))
        rc = EASEL_ENOMEM;
    easel_buf_release(&b);
    if (rc)
        return easel_error_set(err, rc, "note", "", "cannot flatten the note");
    return 0;
}

int easel_plan_body_verdict(const char *json, size_t len, const char *id, struct easel_arena *a,
                            const char **kind, const char **verdict, const char **reason,
                            struct easel_error *err)
{
    struct jread jr = {.where = "plan", .arena = a, .err = err};
    json_t *root = jr_parse(&jr, json, len);
    if (!root)
        return jr.rc ? jr.rc : EASEL_EINVAL;
    static const char *const lists[] = {"interventions", "media"};
    static const char *const kinds[] = {"intervention", "medium"};
    int rc = EASEL_ENOTFOUND;
    for (size_t l = 0; l < 2 && rc == EASEL_ENOTFOUND; l++) {
        json_t *arr = json_object_get(root, lists[l]);
        for (size_t i = 0; i < json_array_size(arr); i++) {
            json_t *e = json_array_get(arr, i);
            const char *eid = json_string_value(json_object_get(e, "id"));
            if (!eid || strcmp(eid, id) != 0)
                continue;
            struct rd r = {a, err, 0};
            *kind = kinds[l];
            *verdict = str(&r, e, "verdict");
            *reason = str(&r, e, "reason");
            rc = r.rc ? r.rc : 0;
            break;
        }
    }
    json_decref(root);
    if (rc == EASEL_ENOTFOUND)
        easel_error_set(err, rc, "plan", "item", "the stored plan records no verdict for %s", id);
    return rc;
}

int easel_plan_objective_refs(const char *json, size_t len, struct easel_arena *a,
                              struct easel_plan_objective_ref **out, size_t *n,
                              struct easel_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(json, len, 0, &je);
    *out = NULL;
    *n = 0;
    if (!json_is_object(root)) {
        json_decref(root);
        return easel_error_set(err, EASEL_EINVAL, "plan", "", "not a stored plan (%d:%d)", je.line,
                               je.column);
    }
    struct rd r = {a, err, 0};
    size_t total = 0, gi, oi;
    json_t *g, *o;
    json_array_foreach(json_object_get(root, "goals"), gi, g) total +=
        json_array_size(json_object_get(g, "objectives"));
    struct easel_plan_objective_ref *list =
        easel_arena_alloc(a, (total ? total : 1) * sizeof(*list));
    if (!list)
        r.rc = EASEL_ENOMEM;
    json_array_foreach(json_object_get(root, "goals"), gi, g)
    {
        json_array_foreach(json_object_get(g, "objectives"), oi, o)
        {
            if (r.rc || *n >= total)
                break;
            struct easel_plan_objective_ref *x = &list[*n];
            x->number = str(&r, o, "number");
            x->template_id = str(&r, o, "template");
            x->smart = str(&r, o, "smart");
            if (x->number)
                ++*n;
        }
    }
    json_decref(root);
    *out = list;
    if (r.rc == EASEL_ENOMEM)
        return easel_error_set(err, EASEL_ENOMEM, "plan", "", "out of memory");
    return r.rc;
}
