/*
 * kb/plan_check.c — checks a therapist's edited plan (easel/plan_check.h) with jansson: the
 * format, the client, the shape of the sessions, and for every session item and medium the
 * engine's verdict for this client. Fuzzed by fuzz/fuzz_body.c.
 *
 * Owns: the parsed JSON during the call. Borrows: the engine plan and the text.
 * Fails: EASEL_EINVAL naming the field; *excluded true when the engine excludes the item.
 */
#include "easel/buf.h"
#include "easel/plan_check.h"
#include "jread.h"

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
        char f[96];
        snprintf(f, sizeof(f), "%s.media[%zu]", field, k);
        int rc = check_medium(pl, json_array_get(media, k), f, excluded, err);
        if (rc)
            return rc;
    }
    return 0;
}

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
            int rc = check_item(pl, json_object_get(s, slots[k]), f, excluded, err);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int easel_plan_check(const struct easel_plan *engine, const char *json, size_t len, bool *excluded,
                     struct easel_error *err)
{
    *excluded = false;
    struct easel_arena a;
    easel_arena_init(&a);
    struct jread r = {.where = "plan", .arena = &a, .err = err};
    json_t *root = jr_parse(&r, json, len);
    int rc = root ? check(engine, root, excluded, err) : (r.rc ? r.rc : EASEL_EINVAL);
    if (!root && err && !err->field[0])
        snprintf(err->field, sizeof(err->field), "%s", "plan");
    json_decref(root);
    easel_arena_release(&a);
    return rc;
}
