/*
 * app/group_plan.c — the group plan (easel/app_group.h): the program's roster on a date, each
 * member's own profile (stored measures merged) and verdicts in the program, the merged group
 * profile (core/group.c), one engine plan, and two JSON views of it: the clinician's (members,
 * their safety sessions and objectives, which member's constraint removed which item) and the
 * group's (sessions, steps, materials and supplies; nothing about any member).
 */
#include "easel/app.h"
#include "easel/app_group.h"
#include "easel/report.h"
#include "easel/report_read.h"
#include "easel/vocab.h"

#include <stdio.h>
#include <string.h>

const char *easel_app_initials(struct easel_arena *a, const char *name)
{
    char out[64];
    size_t at = 0;
    bool start = true;
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
        if (*p == ' ' || *p == '-') {
            start = true;
            continue;
        }
        if (start && at + 8 < sizeof(out)) {
            size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
            if (at)
                out[at++] = ' ';
            for (size_t k = 0; k < len && p[k]; k++)
                out[at++] = (char)p[k];
            out[at++] = '.';
            p += len - 1;
        }
        start = false;
    }
    out[at] = 0;
    return easel_arena_strdup(a, at ? out : "?");
}

static bool on_roster(const struct easel_group_member *m, const char *date)
{
    return strcmp(m->start_date, date) <= 0 && (!m->end_date || strcmp(m->end_date, date) >= 0);
}

/* Members expected at a session: from the attendance documented so far (attended, late or left
   early over everyone on the roster), else everyone. */
static int expected_attendance(struct easel_store *s, int64_t program, int roster,
                               struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_session *gs;
    size_t n;
    int present = 0, listed = 0;
    if (easel_group_sessions(s, program, &a, &gs, &n, err) == 0)
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < gs[i].n_members; k++) {
                const char *at = gs[i].members[k].attendance;
                listed++;
                present += strcmp(at, "absent") && strcmp(at, "cancelled");
            }
    easel_arena_release(&a);
    if (!listed)
        return roster;
    int e = (int)((int64_t)roster * present / listed + ((int64_t)roster * present % listed != 0));
    return e < 1 ? 1 : e;
}

int easel_app_member_objectives(struct easel_store *s, const struct easel_kb *kb, int64_t client,
                                struct easel_arena *a, int64_t *version, const char ***numbers,
                                const char ***texts, size_t *n, struct easel_error *err)
{
    *version = 0;
    *n = 0;
    *numbers = *texts = NULL;
    struct easel_plan_record pr;
    struct easel_error none = {0};
    int rc = easel_plan_record_load(s, client, 0, a, &pr, &none);
    if (rc == EASEL_ENOTFOUND)
        return 0;
    if (rc)
        return easel_error_set(err, rc, none.where, none.field, "%s", none.msg);
    *version = pr.version;
    struct easel_report_plan rp;
    memset(&rp, 0, sizeof(rp));
    if (easel_report_plan_read(pr.body, strlen(pr.body), kb, a, &rp, &none))
        return 0;
    size_t total = 0;
    for (size_t g = 0; g < rp.n_goals; g++)
        total += rp.goals[g].n_objectives;
    *numbers = easel_arena_alloc(a, (total + 1) * sizeof(char *));
    *texts = easel_arena_alloc(a, (total + 1) * sizeof(char *));
    if (!*numbers || !*texts)
        return easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
    for (size_t g = 0; g < rp.n_goals; g++)
        for (size_t k = 0; k < rp.goals[g].n_objectives; k++) {
            const struct easel_report_objective *o = &rp.goals[g].objectives[k];
            (*numbers)[*n] = o->number;
            (*texts)[*n] = o->edited || !o->text ? o->smart : o->text;
            (*n)++;
        }
    return 0;
}

void easel_app_group_plan_release(struct easel_app_group_plan *gp)
{
    for (size_t i = 0; i < gp->n_members; i++) {
        easel_plan_release(&gp->members[i].own);
        easel_profile_release(&gp->members[i].profile);
    }
    easel_plan_release(&gp->plan);
    easel_profile_release(&gp->profile);
    easel_arena_release(&gp->arena);
    memset(gp, 0, sizeof(*gp));
}

int easel_app_group_plan(struct easel_store *s, const struct easel_kb *kb, const char *ref,
                         const char *date, const char *today, struct easel_app_group_plan *out,
                         struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    easel_arena_init(&out->arena);
    easel_profile_init(&out->profile);
    struct easel_arena *a = &out->arena;
    int rc = easel_group_find(s, ref, a, &out->program, err);
    if (rc)
        return rc;
    const struct easel_group_program *g = &out->program;
    out->schedule = (struct easel_group_schedule){
        .setting = easel_kb_setting(kb, g->setting),
        .start_date = g->start_date,
        .minutes = (int)g->minutes,
        .per_week = 1,
        .count = (int)g->sessions,
        .drop_in = strcmp(g->kind, "drop-in") == 0,
    };
    if (out->schedule.setting < 0)
        return easel_error_set(err, EASEL_EINVAL, "group", "setting",
                               "the knowledge base has no setting \"%s\"", g->setting);
    if (!date)
        date = today && strcmp(today, g->start_date) > 0 ? today : g->start_date;
    struct easel_group_member *roster;
    size_t n_roster;
    if ((rc = easel_group_members(s, g->id, a, &roster, &n_roster, err)) != 0)
        return rc;
    out->members = easel_arena_alloc(a, (n_roster + 1) * sizeof(*out->members));
    if (!out->members)
        return easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
    const struct easel_profile *ptr[EASEL_GROUP_MAX_MEMBERS];
    for (size_t i = 0; i < n_roster; i++)
        if (on_roster(&roster[i], date) && out->n_members < EASEL_GROUP_MAX_MEMBERS) {
            struct easel_app_group_member *m = &out->members[out->n_members];
            m->client = roster[i].client;
            m->ref = roster[i].ref;
            m->name = roster[i].name;
            m->initials = easel_app_initials(a, roster[i].name);
            int64_t version = 0;
            rc = easel_app_profile_load(s, m->client, kb, &m->profile, &version, err);
            if (rc == EASEL_ENOTFOUND)
                return easel_error_set(err, rc, "group", "members",
                                       "%s has no profile: the group plan cannot respect what it "
                                       "does not know",
                                       m->ref);
            if (rc)
                return rc;
            out->n_members++;
            if ((rc = easel_app_member_objectives(s, kb, m->client, a, &m->plan_version,
                                                  &m->objective_numbers, &m->objective_texts,
                                                  &m->n_objectives, err)) != 0)
                return rc;
            ptr[out->n_members - 1] = &m->profile;
        }
    if (!out->n_members)
        return easel_error_set(err, EASEL_EINVAL, "group", "members",
                               "nobody is on the roster on %s", date);
    for (size_t i = 0; i < out->n_members; i++) { /* each member's own verdicts here */
        struct easel_profile view;
        easel_group_member_view(&view, &out->members[i].profile, &out->schedule,
                                (int)out->n_members);
        struct easel_plan_options vo = {.verdicts_only = true};
        /* the view borrows the member's profile, which outlives the plan */
        struct easel_profile *keep = easel_arena_alloc(a, sizeof(*keep));
        if (!keep)
            return easel_error_set(err, EASEL_ENOMEM, "group", "", "out of memory");
        *keep = view;
        if ((rc = easel_plan_build(&out->members[i].own, kb, keep, &vo, err)) != 0)
            return rc;
    }
    if ((rc = easel_group_merge(&out->profile, &out->flags, kb, &out->schedule, g->name, ptr,
                                out->n_members, err)) != 0)
        return rc;
    out->profile.expected_attendance = expected_attendance(s, g->id, (int)out->n_members, err);
    struct easel_plan_options opt = {.extra_flags = out->flags, .start_date = g->start_date};
    return easel_plan_build(&out->plan, kb, &out->profile, &opt, err);
}

/* ---- JSON ---- */

static void reset(struct easel_buf *t)
{
    t->len = 0;
    if (t->data)
        t->data[0] = 0;
}

static void item_json(const struct easel_plan *pl, const char *role,
                      const struct easel_plan_item *it, struct easel_buf *b, bool *first)
{
    if (it->intervention < 0)
        return;
    const struct easel_kb *kb = pl->kb;
    const struct easel_intervention *in = &kb->interventions[it->intervention];
    easel_buf_puts(b, *first ? "{\"role\":" : ",{\"role\":");
    *first = false;
    easel_buf_json_str(b, role);
    easel_buf_puts(b, ",\"id\":");
    easel_buf_json_str(b, in->id);
    easel_buf_puts(b, ",\"name\":");
    easel_buf_json_str(b, in->name);
    easel_buf_printf(b, ",\"minutes\":%d,\"steps\":[", it->minutes);
    struct easel_buf t;
    easel_buf_init(&t, 64 * 1024);
    size_t n = easel_plan_item_count(pl, it, EASEL_TEXT_STEPS);
    bool f = true;
    for (size_t k = 0; k < n; k++) {
        reset(&t);
        if (easel_plan_item_text(pl, it, EASEL_TEXT_STEPS, k, &t) == 0) {
            easel_buf_puts(b, f ? "" : ",");
            easel_buf_json_str(b, easel_buf_str(&t));
            f = false;
        }
    }
    easel_buf_puts(b, "],\"questions\":[");
    n = easel_plan_item_count(pl, it, EASEL_TEXT_QUESTIONS);
    f = true;
    for (size_t k = 0; k < n; k++) {
        reset(&t);
        if (easel_plan_item_text(pl, it, EASEL_TEXT_QUESTIONS, k, &t) == 0) {
            easel_buf_puts(b, f ? "" : ",");
            easel_buf_json_str(b, easel_buf_str(&t));
            f = false;
        }
    }
    easel_buf_release(&t);
    easel_buf_puts(b, "],\"materials\":[");
    for (size_t u = 0; u < it->n_media; u++) {
        easel_buf_puts(b, u ? "," : "");
        easel_buf_json_str(b, kb->media[it->media[u]].name);
    }
    easel_buf_puts(b, "]}");
}

static void sessions_json(const struct easel_plan *pl, struct easel_buf *b)
{
    easel_buf_puts(b, ",\"sessions\":[");
    for (size_t s = 0; s < pl->n_sessions; s++) {
        const struct easel_plan_session *ss = &pl->sessions[s];
        easel_buf_printf(b,
                         "%s{\"number\":%d,\"date\":\"%s\",\"ground_rules_minutes\":%d,"
                         "\"processing_minutes\":%d,\"ending\":%s,\"items\":[",
                         s ? "," : "", ss->number, ss->date, ss->ground_rules,
                         ss->processing_minutes, ss->ending ? "true" : "false");
        bool first = true;
        item_json(pl, "opening", &ss->warmup, b, &first);
        item_json(pl, "main", &ss->main, b, &first);
        item_json(pl, "closing", &ss->closure, b, &first);
        easel_buf_puts(b, "]}");
    }
    easel_buf_puts(b, "],\"supplies\":[");
    for (size_t i = 0; i < pl->n_supplies; i++) {
        const struct easel_plan_supply *su = &pl->supplies[i];
        easel_buf_puts(b, i ? ",{\"medium\":" : "{\"medium\":");
        easel_buf_json_str(b, pl->kb->media[su->medium].name);
        easel_buf_puts(b, ",\"unit\":");
        easel_buf_json_str(b, pl->kb->media[su->medium].unit);
        easel_buf_printf(b, ",\"units\":%lld,\"on_hand\":%s}", (long long)su->units,
                         su->on_hand ? "true" : "false");
    }
    easel_buf_puts(b, "]");
}

static void member_json(const struct easel_app_group_plan *gp, size_t i, struct easel_buf *b)
{
    const struct easel_app_group_member *m = &gp->members[i];
    easel_buf_puts(b, i ? ",{\"ref\":" : "{\"ref\":");
    easel_buf_json_str(b, m->ref);
    easel_buf_puts(b, ",\"name\":");
    easel_buf_json_str(b, m->name);
    easel_buf_puts(b, ",\"initials\":");
    easel_buf_json_str(b, m->initials);
    easel_buf_printf(b, ",\"plan_version\":%lld,\"safety_session\":%s,\"risks\":[",
                     (long long)m->plan_version, m->own.n_risks ? "true" : "false");
    for (size_t r = 0; r < m->own.n_risks; r++) {
        easel_buf_puts(b, r ? "," : "");
        easel_buf_json_str(b, easel_flag_words(m->own.risks[r].flag));
    }
    easel_buf_puts(b, "],\"objectives\":["); /* the member's own, from their plan */
    for (size_t k = 0; k < m->n_objectives; k++) {
        easel_buf_puts(b, k ? ",{\"number\":" : "{\"number\":");
        easel_buf_json_str(b, m->objective_numbers[k]);
        easel_buf_puts(b, ",\"text\":");
        easel_buf_json_str(b, m->objective_texts[k]);
        easel_buf_puts(b, "}");
    }
    easel_buf_puts(b, "]}");
}

/* The items the setting alone would allow that members' own constraints removed, naming them
   (the clinician's view). */
static void exclusions_json(const struct easel_app_group_plan *gp, struct easel_buf *b)
{
    const struct easel_plan *pl = &gp->plan;
    const uint32_t safety = easel_group_safety_bits();
    easel_buf_puts(b, ",\"excluded_by_members\":[");
    bool first = true;
    for (size_t i = 0; i < pl->kb->n_interventions; i++) {
        if (!(pl->excluded[i] & safety))
            continue;
        bool any = false;
        for (size_t k = 0; k < gp->n_members && !any; k++)
            any = (gp->members[k].own.excluded[i] & safety) != 0;
        if (!any)
            continue;
        easel_buf_puts(b, first ? "{\"id\":" : ",{\"id\":");
        first = false;
        easel_buf_json_str(b, pl->kb->interventions[i].id);
        easel_buf_puts(b, ",\"name\":");
        easel_buf_json_str(b, pl->kb->interventions[i].name);
        easel_buf_puts(b, ",\"members\":[");
        bool f = true;
        for (size_t k = 0; k < gp->n_members; k++)
            if (gp->members[k].own.excluded[i] & safety) {
                easel_buf_puts(b, f ? "{\"ref\":" : ",{\"ref\":");
                f = false;
                easel_buf_json_str(b, gp->members[k].ref);
                struct easel_buf why;
                easel_buf_init(&why, 8192);
                easel_plan_reason(&gp->members[k].own, (int)i, &why);
                easel_buf_puts(b, ",\"reason\":");
                easel_buf_json_str(b, easel_buf_str(&why));
                easel_buf_release(&why);
                easel_buf_puts(b, "}");
            }
        easel_buf_puts(b, "]}");
    }
    easel_buf_puts(b, "]");
}

int easel_app_group_plan_json(const struct easel_app_group_plan *gp, bool clinician,
                              struct easel_buf *b)
{
    const struct easel_group_program *g = &gp->program;
    const struct easel_plan *pl = &gp->plan;
    easel_buf_puts(b, "{\"format\":\"easel-group-plan/1\",\"view\":");
    easel_buf_json_str(b, clinician ? "clinician" : "group");
    easel_buf_puts(b, ",\"program\":{\"ref\":");
    easel_buf_json_str(b, g->ref);
    easel_buf_puts(b, ",\"name\":");
    easel_buf_json_str(b, g->name);
    easel_buf_puts(b, ",\"setting\":");
    easel_buf_json_str(b, g->setting);
    easel_buf_puts(b, ",\"kind\":");
    easel_buf_json_str(b, g->kind);
    easel_buf_printf(b,
                     ",\"start_date\":\"%s\",\"start_time\":\"%s\",\"minutes\":%lld,"
                     "\"sessions\":%lld}",
                     g->start_date, g->start_time, (long long)g->minutes, (long long)g->sessions);
    easel_buf_printf(b, ",\"members\":%zu,\"attending\":%d,\"routine\":", gp->n_members,
                     pl->attending);
    if (pl->routine) /* the same structure every session, for everyone */
        easel_buf_json_str(b, pl->routine);
    else
        easel_buf_puts(b, "null");
    if (clinician) {
        easel_buf_puts(b, ",\"goals\":[");
        for (size_t i = 0; i < pl->n_goals; i++) {
            easel_buf_puts(b, i ? "," : "");
            easel_buf_json_str(b, pl->kb->problems[pl->goals[i].problem].name);
        }
        easel_buf_puts(b, "],\"flag_words\":[");
        bool first = true;
        for (int f = 0; f < EASEL_FLAG_COUNT; f++)
            if (gp->flags & EASEL_BIT(f)) {
                easel_buf_puts(b, first ? "" : ",");
                easel_buf_json_str(b, easel_flag_words(f));
                first = false;
            }
        easel_buf_puts(b, "],\"notes\":[");
        for (size_t i = 0; i < pl->notes.n; i++) {
            easel_buf_puts(b, i ? "," : "");
            easel_buf_json_str(b, pl->notes.items[i]);
        }
        easel_buf_puts(b, "],\"roster\":[");
        for (size_t i = 0; i < gp->n_members; i++)
            member_json(gp, i, b);
        easel_buf_puts(b, "]");
        exclusions_json(gp, b);
    }
    sessions_json(pl, b);
    easel_buf_puts(b, "}\n");
    return b->failed;
}
