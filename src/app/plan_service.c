/*
 * app/plan_service.c — the engine over a stored client: the latest stored profile with the
 * stored measures merged, the plan built from it, `plan generate` (build, render JSON, save a
 * new draft), and explaining one KB item for a built plan. Used by `easel plan` (cli) and the
 * plan endpoints of the web API.
 *
 * Owns: struct easel_app_plan (profile and plan, released together). Borrows: the store and
 * the KB during each call; the plan keeps pointing into the KB.
 * Fails: 0 or an EASEL_E* code with err filled; on failure the easel_app_plan holds nothing
 * and must still be released.
 */
#include "easel/app.h"
#include "easel/profile_load.h"
#include "easel/report_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stored administrations join the profile's own measures, so the latest scores set the
   baselines and a positive risk item raises the risk flag (safety planning first). */
static int merge_measures(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                          struct easel_profile *p, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_measure_record *ms;
    size_t n;
    int rc = easel_measure_list(s, client, &a, &ms, &n, err);
    if (!rc && n) {
        struct easel_measure_result *all =
            easel_arena_alloc(&p->arena, (p->n_measures + n) * sizeof(*all));
        if (!all) {
            rc = easel_error_set(err, EASEL_ENOMEM, "plan", "", "out of memory");
        } else {
            if (p->n_measures)
                memcpy(all, p->measures, p->n_measures * sizeof(*all));
            size_t k = p->n_measures;
            for (size_t i = 0; i < n; i++) {
                int ins = easel_kb_instrument(kb, ms[i].instrument);
                if (ins < 0 || ms[i].total_x100 < 0)
                    continue; /* invalid administrations set no baseline */
                struct easel_measure_result *m = &all[k];
                memset(m, 0, sizeof(*m));
                m->instrument = ins;
                snprintf(m->date, sizeof(m->date), "%s", ms[i].date);
                m->total = (int)((ms[i].total_x100 + 50) / 100);
                const char *q = ms[i].answers;
                int items = 0;
                while (items < EASEL_PROFILE_MAX_ITEMS) {
                    /* a blank counts 0: never a false risk */
                    m->items[items++] = (int)strtol(q, NULL, 10);
                    q = strchr(q, ',');
                    if (!q)
                        break;
                    q++;
                }
                m->n_items = items == kb->instruments[ins].items ? items : 0;
                k++;
            }
            p->measures = all;
            p->n_measures = k;
        }
    }
    easel_arena_release(&a);
    return rc;
}

int easel_app_profile_load(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                           struct easel_profile *p, int64_t *version, struct easel_error *err)
{
    struct easel_buf text;
    easel_buf_init(&text, EASEL_PROFILE_MAX + 1);
    easel_profile_init(p);
    int rc = easel_profile_get(s, client, 0, &text, version, err);
    if (rc == EASEL_ENOTFOUND)
        easel_error_set(err, rc, "client", "profile", "the client has no profile yet");
    if (!rc)
        rc = easel_profile_parse(p, kb, "stored profile", text.data, text.len, err);
    if (!rc)
        rc = merge_measures(s, client, kb, p, err);
    easel_buf_release(&text);
    return rc;
}

int easel_app_plan_build_opt(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                             const struct easel_plan_options *opt, struct easel_app_plan *out,
                             struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    int rc = easel_app_profile_load(s, client, kb, &out->profile, &out->profile_version, err);
    if (!rc)
        rc = easel_plan_build(&out->plan, kb, &out->profile, opt, err);
    return rc;
}

int easel_app_plan_build(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                         int sessions, struct easel_app_plan *out, struct easel_error *err)
{
    struct easel_plan_options opt = {.sessions = sessions};
    return easel_app_plan_build_opt(s, client, kb, &opt, out, err);
}

void easel_app_plan_release(struct easel_app_plan *ap)
{
    easel_plan_release(&ap->plan);
    easel_profile_release(&ap->profile);
}

int easel_app_plan_generate(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                            int sessions, const char *start_date, struct easel_app_plan *out,
                            struct easel_buf *json, int64_t *version, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    char today[11];
    easel_date_format(s->now() / 86400000, today);
    int rc = easel_app_profile_load(s, client, kb, &out->profile, &out->profile_version, err);
    struct easel_plan_options opt = {.sessions = sessions, .start_date = start_date};
    if (!rc && !start_date && strcmp(out->profile.start_date, today) < 0)
        opt.start_date = today; /* the profile's start has passed: from today */
    if (!rc)
        rc = easel_plan_build(&out->plan, kb, &out->profile, &opt, err);
    if (!rc && (rc = easel_plan_render(&out->plan, EASEL_PLAN_JSON, json)) != 0)
        return easel_error_set(err, rc, "plan", "", "%s", easel_strerror(rc));
    int64_t latest = 0;
    if (!rc) {
        struct easel_arena a;
        easel_arena_init(&a);
        struct easel_plan_record rec;
        int lr = easel_plan_record_load(s, client, 0, &a, &rec, err);
        if (lr == 0)
            latest = rec.version;
        else if (lr != EASEL_ENOTFOUND)
            rc = lr;
        easel_arena_release(&a);
    }
    if (!rc)
        rc = easel_plan_record_save(s, client, latest, json->data, kb->version, version, err);
    return rc;
}

const char *easel_verdict_name(int verdict)
{
    switch (verdict) {
    case EASEL_VERDICT_INCLUDED:
        return "included";
    case EASEL_VERDICT_EXCLUDED:
        return "excluded";
    case EASEL_VERDICT_NOT_SELECTED:
        return "not-selected";
    case EASEL_VERDICT_NOT_RELEVANT:
        return "not-relevant";
    default:
        return NULL;
    }
}

int easel_app_explain(const struct easel_plan *plan, const char *id, struct easel_buf *out,
                      const char **kind, int *verdict, struct easel_error *err)
{
    const struct easel_kb *kb = plan->kb;
    int i;
    *verdict = -1;
    if ((i = easel_kb_intervention(kb, id)) >= 0) {
        *kind = "intervention";
        *verdict = (int)plan->interventions[i].verdict;
    } else if ((i = easel_kb_medium(kb, id)) >= 0) {
        *kind = "medium";
        *verdict = (int)plan->media[i].verdict;
    } else if (easel_kb_problem(kb, id) >= 0) {
        *kind = "problem";
    } else if (easel_kb_rule(kb, id) >= 0) {
        *kind = "rule";
    } else if (easel_kb_setting(kb, id) >= 0) {
        *kind = "setting";
    } else {
        return easel_error_set(err, EASEL_ENOTFOUND, "explain", "item",
                               "no knowledge-base item has this id");
    }
    return easel_plan_explain(plan, id, out, err);
}

int easel_app_explain_stored(struct easel_store *s, int64_t client, int64_t version, const char *id,
                             struct easel_arena *a, int64_t *found_version, const char **kind,
                             const char **verdict, const char **reason, struct easel_error *err)
{
    struct easel_plan_record r;
    int rc = easel_plan_record_load(s, client, version, a, &r, err);
    if (!rc) {
        *found_version = r.version;
        rc = easel_plan_body_verdict(r.body, strlen(r.body), id, a, kind, verdict, reason, err);
    }
    return rc;
}

int easel_app_plan_changes(struct easel_store *s, int64_t client, int64_t v1, int64_t v2,
                           const struct easel_kb *kb, struct easel_arena *a, const char ***lines,
                           size_t *n, struct easel_error *err)
{
    struct easel_plan_record x, y;
    int rc = easel_plan_record_load(s, client, v1, a, &x, err);
    if (rc == EASEL_ENOTFOUND)
        snprintf(err->field, sizeof(err->field), "from");
    if (!rc && (rc = easel_plan_record_load(s, client, v2, a, &y, err)) == EASEL_ENOTFOUND)
        snprintf(err->field, sizeof(err->field), "to");
    if (!rc)
        rc = easel_plan_changes(x.body, strlen(x.body), y.body, strlen(y.body), kb, a, lines, n,
                                err);
    return rc;
}
