/*
 * formats/plan_overlay.c — the plan checker over a therapist's edit. The edited body (easel-plan/1,
 * already accepted by easel_plan_check) is laid over the engine's plan for the same client: its
 * sessions in their edited order with their dates, each slot's intervention and minutes, the
 * segments' minutes, which objective each session serves, and the objectives' target dates.
 * The checker (easel_plan_rules_check) then runs over the plan as edited, and its findings
 * replace the body's "checks", so what the therapist, the documents and the signature see is
 * the check of this version, never the generated version's. Each objective is marked "edited"
 * when its words are no longer the engine's, so documents print the therapist's words.
 *
 * Owns: the rewritten body in *out. Borrows: the engine plan, which it changes (its sessions,
 * objectives and findings); the caller releases it as before and must not render it as the
 * engine's plan afterwards.
 * Fails: EASEL_EINVAL naming the field for a body it cannot lay over (checked input never is),
 * EASEL_ENOMEM, or out's error.
 */
#include "easel/plan_check.h"
#include "easel/plan_rules.h"
#include "easel/jread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(struct easel_error *err, const char *field, const char *msg)
{
    return easel_error_set(err, EASEL_EINVAL, "plan", field, "%s", msg);
}

static int minutes_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    json_int_t n = json_is_integer(v) ? json_integer_value(v) : 0;
    return n < 0 ? 0 : n > 24 * 60 ? 24 * 60 : (int)n;
}

/* The engine's placement of intervention i anywhere in its own program, or NULL. */
static const struct easel_plan_item *placed(const struct easel_plan_session *ss, size_t n, int i)
{
    for (size_t s = 0; s < n; s++) {
        const struct easel_plan_item *its[] = {&ss[s].warmup, &ss[s].main, &ss[s].closure};
        for (size_t k = 0; k < 3; k++)
            if (its[k]->intervention == i)
                return its[k];
    }
    return NULL;
}

static int item(struct easel_plan *pl, const struct easel_plan_session *engine, size_t n_engine,
                json_t *j, struct easel_plan_item *out)
{
    memset(out, 0, sizeof(*out));
    out->intervention = -1;
    if (!j || json_is_null(j))
        return 0;
    int i = easel_kb_intervention(pl->kb, json_string_value(json_object_get(j, "id")));
    if (i < 0)
        return EASEL_EINVAL;
    int minutes = minutes_of(j, "minutes");
    const struct easel_plan_item *e = placed(engine, n_engine, i);
    json_t *part = json_object_get(j, "part");
    int rc = 0;
    if (e) { /* the engine's own placement: the same roles and substitutions */
        *out = *e;
        out->minutes = minutes;
    } else {
        rc = easel_plan_place(pl, out, i, minutes);
    }
    out->part = json_is_integer(part) &&
                        (json_integer_value(part) == 1 || json_integer_value(part) == 2) &&
                        pl->kb->interventions[i].split_after
                    ? (int)json_integer_value(part)
                    : 0;
    return rc;
}

/* The engine's objective that an edited body's objective number stands for: the same template
   (numbers are labels, and differ between plans of different lengths), else the same number. */
static int objective_of(const struct easel_plan *pl, json_t *goals, json_t *v)
{
    const char *num = json_string_value(v);
    const char *tpl = NULL;
    for (size_t g = 0; num && !tpl && g < json_array_size(goals); g++) {
        json_t *objs = json_object_get(json_array_get(goals, g), "objectives");
        for (size_t k = 0; !tpl && k < json_array_size(objs); k++) {
            json_t *o = json_array_get(objs, k);
            const char *n = json_string_value(json_object_get(o, "number"));
            if (n && strcmp(n, num) == 0)
                tpl = json_string_value(json_object_get(o, "template"));
        }
    }
    for (size_t k = 0; tpl && k < pl->n_objectives; k++)
        if (strcmp(pl->objectives[k].tpl->id, tpl) == 0)
            return (int)k;
    for (size_t k = 0; num && !tpl && k < pl->n_objectives; k++)
        if (strcmp(pl->objectives[k].number, num) == 0)
            return (int)k;
    return -1;
}

static int sessions(struct easel_plan *pl, json_t *arr, json_t *goals, struct easel_error *err)
{
    size_t n = json_array_size(arr);
    struct easel_plan_session *ss = easel_arena_alloc(&pl->arena, (n ? n : 1) * sizeof(*ss));
    if (!ss)
        return EASEL_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_array_get(arr, i);
        struct easel_plan_session *s = &ss[i];
        memset(s, 0, sizeof(*s));
        char f[64];
        snprintf(f, sizeof(f), "plan.sessions[%zu]", i);
        json_t *num = json_object_get(j, "number");
        s->number = json_is_integer(num) ? (int)json_integer_value(num) : (int)i + 1;
        const char *date = json_string_value(json_object_get(j, "date"));
        snprintf(s->date, sizeof(s->date), "%s", date ? date : "");
        int phase =
            easel_vocab_find(EASEL_VOCAB_PHASE, json_string_value(json_object_get(j, "phase")));
        s->phase = phase < 0 ? 0 : phase;
        s->objective = objective_of(pl, goals, json_object_get(j, "objective"));
        s->processing_minutes = minutes_of(j, "processing_minutes");
        s->safety_review = minutes_of(j, "safety_review_minutes");
        s->ground_rules = minutes_of(j, "ground_rules_minutes");
        s->studio_minutes = minutes_of(j, "studio_minutes");
        s->ending = json_is_true(json_object_get(j, "ending"));
        if (item(pl, pl->sessions, pl->n_sessions, json_object_get(j, "warm_up"), &s->warmup) ||
            item(pl, pl->sessions, pl->n_sessions, json_object_get(j, "main"), &s->main) ||
            item(pl, pl->sessions, pl->n_sessions, json_object_get(j, "closure"), &s->closure))
            return pl->arena.failed ? EASEL_ENOMEM
                                    : bad(err, f, "cannot be laid over the engine's plan");
        if (s->main.intervention < 0 && s->warmup.intervention < 0 && s->closure.intervention < 0) {
            const char *u = json_string_value(json_object_get(j, "unfilled"));
            s->unfilled = u ? easel_arena_strdup(&pl->arena, u) : NULL;
        }
    }
    for (size_t k = 0; k < pl->n_objectives; k++)
        pl->objectives[k].sessions_served = 0;
    for (size_t i = 0; i < n; i++)
        if (ss[i].objective >= 0 && ss[i].main.intervention >= 0)
            pl->objectives[ss[i].objective].sessions_served++;
    pl->sessions = ss;
    pl->n_sessions = n;
    return 0;
}

/* The target dates as edited (goals[].objectives[] by number). */
static void targets(struct easel_plan *pl, json_t *goals)
{
    for (size_t g = 0; g < json_array_size(goals); g++) {
        json_t *objs = json_object_get(json_array_get(goals, g), "objectives");
        for (size_t k = 0; k < json_array_size(objs); k++) {
            json_t *o = json_array_get(objs, k);
            int at = objective_of(pl, goals, json_object_get(o, "number"));
            const char *due = json_string_value(json_object_get(o, "target_date"));
            const char *smart = json_string_value(json_object_get(o, "smart"));
            /* the therapist's own wording is marked, so documents print it, not the template */
            bool edited = at < 0 || !smart || strcmp(smart, pl->objectives[at].smart) != 0;
            json_object_set_new(o, "edited", json_boolean(edited));
            if (at >= 0 && due)
                pl->objectives[at].target_date = easel_arena_strdup(&pl->arena, due);
        }
    }
}

static json_t *findings_json(const struct easel_findings *f)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < f->n; i++) {
        const struct easel_finding *x = &f->items[i];
        json_array_append_new(arr, json_pack("{s:s,s:s,s:i,s:s}", "severity",
                                             x->severity == EASEL_SEV_ERROR ? "error" : "warning",
                                             "rule", x->rule, "session", x->session, "message",
                                             x->message));
    }
    return arr;
}

int easel_plan_overlay(struct easel_plan *engine, const char *json, size_t len,
                       struct easel_buf *out, struct easel_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(root)) {
        json_decref(root);
        return bad(err, "plan", "must be a JSON object (easel-plan/1)");
    }
    json_t *arr = json_object_get(root, "sessions");
    json_t *goals = json_object_get(root, "goals");
    int rc = json_is_array(arr) ? sessions(engine, arr, goals, err)
                                : bad(err, "plan.sessions", "must be an array");
    if (!rc) {
        targets(engine, goals);
        rc = easel_plan_rules_check(engine, &engine->findings);
    }
    if (!rc) {
        json_t *checks = findings_json(&engine->findings);
        if (!checks || json_object_set_new(root, "checks", checks))
            rc = EASEL_ENOMEM;
    }
    char *text = rc ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!rc && !text)
        rc = EASEL_ENOMEM;
    if (!rc && easel_buf_puts(out, text))
        rc = out->failed;
    free(text);
    json_decref(root);
    if (err && (rc == EASEL_ENOMEM || (rc && !err->msg[0])))
        easel_error_set(err, rc, "plan", "", "%s", easel_strerror(rc));
    return rc;
}

int easel_plan_overlay_sessions(const char *json, size_t len, char start[11])
{
    json_t *root = json_loadb(json, len, 0, NULL);
    json_t *sessions = json_object_get(root, "sessions");
    size_t n = json_array_size(sessions);
    const char *d = json_string_value(json_object_get(json_array_get(sessions, 0), "date"));
    snprintf(start, 11, "%s", d && strlen(d) == 10 ? d : "");
    json_decref(root);
    return n > EASEL_PLAN_CHECK_SESSIONS_MAX ? 0 : (int)n;
}
