/*
 * fhir/fhir_export.c — one client's record as a FHIR R4 Bundle (easel/fhir.h, docs/fhir.md).
 * Reads the record through the store and the existing readers (the stored plan through
 * easel_report_plan_read, the profile through easel_app_profile_load, scores through core's
 * easel_score), builds the resources with jansson (key order kept) and dumps them once. The
 * builders are shared with the read-only FHIR API (fhir_rest.c) through easel__fhir_build
 * (fhir_int.h), which builds only what a request needs. Binary data (artworks, notes) stays out
 * of jansson: a marker in the JSON, the base64 text spliced in by easel__fhir_dump.
 *
 * Determinism: no clock is read; every id is easel_fhir_uuid of the record's identity; times
 * are the record's own (signatures, creation of an artwork).
 */
#include "easel/app.h"
#include "easel/app_artwork.h"
#include "easel/fhir.h"
#include "easel/plan.h"
#include "easel/report.h"
#include "easel/report_read.h"
#include "easel/score.h"
#include "easel/store.h"
#include "easel/store_group.h"
#include "easel/vocab.h"
#include "fhir_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWERS_MAX 128
#define PEOPLE_MAX 64
#define XHTML_MAX ((size_t)8 * 1024 * 1024)

/* LOINC codes checked against LOINC (../shared/reference/fhir.md §3): only these are sent as
   codes; any other instrument travels with code.text alone, whatever the KB records. */
static const char *const verified_loinc[] = {"44261-6", "70274-6"};

struct person {
    const char *login, *name, *role;
    char urn[46];
};

struct fx {
    struct easel_store *s;
    const struct easel_kb *kb;
    struct easel_arena *a;
    struct easel_error *err;
    const char *ref;
    json_t *entries;
    json_t *types; /* uuid -> resource type of every name made, or NULL (the export) */
    bool rest;     /* references as the API writes them ("Type/ID"), not urn:uuid */
    struct easel__fhir_blobs blobs; /* Binary.data texts behind their markers */
    char patient[46];
    struct person people[PEOPLE_MAX]; /* signers: each becomes a Practitioner */
    size_t n_people;
};

/* "urn:uuid:..." of the identity "<client ref>/<fmt...>" into out[46] */
__attribute__((format(printf, 3, 4))) static void urn_of(struct fx *x, char out[46],
                                                         const char *fmt, ...)
{
    char id[512];
    int n = snprintf(id, sizeof(id), "%s/", x->ref);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof(id))
        vsnprintf(id + n, sizeof(id) - (size_t)n, fmt, ap);
    va_end(ap);
    memcpy(out, "urn:uuid:", 9);
    easel_fhir_uuid(id, out + 9);
    if (x->types) { /* the type is the format's first segment ("Goal/v%lld/%s") */
        char type[40];
        size_t k = strcspn(fmt, "/");
        snprintf(type, sizeof(type), "%.*s", (int)(k < sizeof(type) ? k : sizeof(type) - 1), fmt);
        json_object_set_new(x->types, out + 9, json_string(type));
    }
}

/* A new resource of `type` named urn, added to the Bundle; the caller fills it (borrowed). */
static json_t *resource(struct fx *x, const char *type, const char *urn)
{
    json_t *r = json_object();
    json_object_set_new(r, "resourceType", json_string(type));
    json_object_set_new(r, "id", json_string(urn + 9));
    json_t *e = json_object();
    json_object_set_new(e, "fullUrl", json_string(urn));
    json_object_set_new(e, "resource", r);
    json_array_append_new(x->entries, e);
    return r;
}

static json_t *ref(const char *urn)
{
    return json_pack("{s:s}", "reference", urn);
}

static json_t *ref_display(const char *urn, const char *display)
{
    json_t *r = json_object();
    if (urn)
        json_object_set_new(r, "reference", json_string(urn));
    if (display && *display)
        json_object_set_new(r, "display", json_string(display));
    return r;
}

static json_t *text_cc(const char *text)
{
    return json_pack("{s:s}", "text", text);
}

static json_t *coding_cc(const char *system, const char *code, const char *display,
                         const char *text)
{
    json_t *c = json_pack("{s:s,s:s}", "system", system, "code", code);
    if (display)
        json_object_set_new(c, "display", json_string(display));
    json_t *cc = json_pack("{s:[o]}", "coding", c);
    if (text)
        json_object_set_new(cc, "text", json_string(text));
    return cc;
}

static bool has(const char *s)
{
    return s && *s;
}

/* "2026-01-05T10:00:00Z" from epoch milliseconds */
static const char *instant(struct fx *x, int64_t ms)
{
    int64_t secs = ms / 1000, days = secs / 86400, rem = secs % 86400;
    char d[11];
    easel_date_format(days, d);
    return easel_arena_printf(x->a, "%sT%02d:%02d:%02dZ", d, (int)(rem / 3600),
                              (int)(rem / 60 % 60), (int)(rem % 60));
}

/* ---- people ---- */

static struct person *person(struct fx *x, const char *login)
{
    if (!has(login))
        return NULL;
    for (size_t i = 0; i < x->n_people; i++)
        if (strcmp(x->people[i].login, login) == 0)
            return &x->people[i];
    if (x->n_people == PEOPLE_MAX)
        return NULL;
    struct person *p = &x->people[x->n_people++];
    p->login = login;
    p->name = login;
    struct easel_account acc;
    struct easel_error none = {0};
    if (!easel_account_get(x->s, login, x->a, &acc, &none) && has(acc.name))
        p->name = acc.name;
    urn_of(x, p->urn, "Practitioner/%s", login);
    return p;
}

/* A signer already known, or NULL: not every person who touched the record is a Practitioner. */
static struct person *person_find(struct fx *x, const char *login)
{
    for (size_t i = 0; has(login) && i < x->n_people; i++)
        if (strcmp(x->people[i].login, login) == 0)
            return &x->people[i];
    return NULL;
}

static void practitioners(struct fx *x, const struct easel_person *team, size_t n_team)
{
    for (size_t i = 0; i < x->n_people; i++) {
        struct person *p = &x->people[i];
        json_t *r = resource(x, "Practitioner", p->urn);
        json_object_set_new(
            r, "identifier",
            json_pack("[{s:s,s:s}]", "system", "urn:easel:user", "value", p->login));
        json_object_set_new(r, "name", json_pack("[{s:s}]", "text", p->name));
        for (size_t k = 0; k < n_team; k++)
            if (strcmp(team[k].login, p->login) == 0)
                p->role = team[k].role;
    }
}

static void care_team(struct fx *x, const char *urn, const struct easel_person *team, size_t n)
{
    json_t *r = resource(x, "CareTeam", urn);
    json_object_set_new(r, "status", json_string("active"));
    json_object_set_new(r, "name", json_string("Care team"));
    json_object_set_new(r, "subject", ref(x->patient));
    json_t *parts = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *purn = NULL;
        for (size_t k = 0; k < x->n_people; k++)
            if (strcmp(x->people[k].login, team[i].login) == 0)
                purn = x->people[k].urn;
        json_t *p = json_object();
        if (has(team[i].role))
            json_object_set_new(p, "role", json_pack("[o]", text_cc(team[i].role)));
        json_object_set_new(p, "member",
                            ref_display(purn, has(team[i].name) ? team[i].name : team[i].login));
        json_array_append_new(parts, p);
    }
    if (json_array_size(parts))
        json_object_set_new(r, "participant", parts);
    else
        json_decref(parts);
}

/* ---- the plan narrative: the whole plan in limited XHTML, what receivers keep ---- */

static void h(struct easel_buf *b, const char *tag, const char *text)
{
    easel_buf_printf(b, "<%s>", tag);
    easel_fhir_xhtml_escape(b, text);
    easel_buf_printf(b, "</%s>", tag);
}

static void li(struct easel_buf *b, const char *label, const char *text)
{
    easel_buf_puts(b, "<li>");
    if (label) {
        easel_buf_puts(b, "<b>");
        easel_fhir_xhtml_escape(b, label);
        easel_buf_puts(b, "</b> ");
    }
    easel_fhir_xhtml_escape(b, text ? text : "");
    easel_buf_puts(b, "</li>");
}

static const char *narrative(struct fx *x, const struct easel_report_plan *pl,
                             const struct easel_profile *prof, bool have_profile)
{
    struct easel_buf b;
    easel_buf_init(&b, XHTML_MAX);
    struct easel_arena *a = x->a;
    easel_buf_puts(&b, "<div xmlns=\"http://www.w3.org/1999/xhtml\">");
    h(&b, "h2",
      easel_arena_printf(a, "Art therapy treatment plan, version %lld (%s)", (long long)pl->version,
                         pl->status));
    easel_buf_puts(&b, "<ul>");
    if (has(pl->created_by))
        li(&b, "Written by:",
           easel_arena_printf(a, "%s%s%s", pl->created_by, pl->created_on ? " on " : "",
                              pl->created_on ? pl->created_on : ""));
    if (has(pl->signed_by))
        li(&b, "Signed by:",
           easel_arena_printf(a, "%s on %s", pl->signed_by, pl->signed_on ? pl->signed_on : "?"));
    if (has(pl->cosigned_by))
        li(&b, "Co-signed by:",
           easel_arena_printf(a, "%s on %s", pl->cosigned_by,
                              pl->cosigned_on ? pl->cosigned_on : "?"));
    li(&b, "Setting:", has(pl->setting_name) ? pl->setting_name : pl->setting);
    li(&b, "Format:",
       easel_arena_printf(a, "%s, %d sessions of %d minutes, %d a week, %s to %s",
                          has(pl->mode) ? pl->mode : "individual", pl->n_sessions,
                          pl->session_minutes, pl->per_week,
                          has(pl->first_date) ? pl->first_date : "?",
                          has(pl->last_date) ? pl->last_date : "?"));
    if (has(pl->content_hash))
        li(&b, "Content hash (SHA-256):", pl->content_hash);
    easel_buf_puts(&b, "</ul>");

    h(&b, "h3", "Risk and safety plan");
    easel_buf_puts(&b, "<ul>");
    for (size_t i = 0; i < pl->n_risks; i++)
        li(&b, easel_arena_printf(a, "Risk flag: %s.", easel_flag_words_of(pl->risks[i].flag)),
           easel_arena_printf(a, "%s. Safety planning comes first.", pl->risks[i].reason));
    if (!pl->n_risks)
        li(&b, NULL, "No risk flags are recorded in the plan.");
    for (size_t g = 0; g < pl->n_goals; g++) {
        const struct easel_report_goal *goal = &pl->goals[g];
        if (strcmp(goal->problem, "safety-planning") != 0 &&
            strcmp(goal->problem, "self-harm") != 0)
            continue;
        for (size_t k = 0; k < goal->n_objectives; k++)
            li(&b, easel_arena_printf(a, "Safety objective %s:", goal->objectives[k].number),
               goal->objectives[k].smart);
    }
    if (has(pl->safety_note))
        li(&b, "Safety:", pl->safety_note);
    for (size_t i = 0; i < pl->n_flags; i++)
        li(&b, "Client flag:", easel_flag_words_of(pl->flags[i]));
    easel_buf_puts(&b, "</ul>");

    if (have_profile) {
        int n_allergen = easel_vocab_count(EASEL_VOCAB_ALLERGEN);
        bool any = prof->precautions.n > 0 || prof->allergies;
        if (any) {
            h(&b, "h3", "Precautions and allergies");
            easel_buf_puts(&b, "<ul>");
            for (size_t i = 0; i < prof->precautions.n; i++)
                li(&b, "Precaution:", prof->precautions.items[i]);
            for (int i = 0; i < n_allergen && i < 32; i++)
                if (prof->allergies & ((uint32_t)1 << i))
                    li(&b, "Allergy:", easel_vocab_name(EASEL_VOCAB_ALLERGEN, i));
            easel_buf_puts(&b, "</ul>");
        }
    }
    if (pl->n_setting_notes) {
        h(&b, "h3", "Rules of the setting");
        easel_buf_puts(&b, "<ul>");
        for (size_t i = 0; i < pl->n_setting_notes; i++)
            li(&b, NULL, pl->setting_notes[i]);
        easel_buf_puts(&b, "</ul>");
    }
    if (pl->n_client_goals) {
        h(&b, "h3", "The client's own goals");
        easel_buf_puts(&b, "<ul>");
        for (size_t i = 0; i < pl->n_client_goals; i++)
            li(&b, NULL, pl->client_goals[i]);
        easel_buf_puts(&b, "</ul>");
    }

    h(&b, "h3", "Problems, goals and objectives");
    for (size_t g = 0; g < pl->n_goals; g++) {
        const struct easel_report_goal *goal = &pl->goals[g];
        easel_buf_puts(&b, "<p><b>");
        easel_fhir_xhtml_escape(
            &b, easel_arena_printf(a, "Problem %zu: %s", g + 1,
                                   has(goal->problem_name) ? goal->problem_name : goal->problem));
        easel_buf_puts(&b, "</b><br/>Long-term goal: ");
        easel_fhir_xhtml_escape(&b, goal->long_term_goal ? goal->long_term_goal : "");
        easel_buf_puts(&b, "</p><ul>");
        for (size_t k = 0; k < goal->n_objectives; k++) {
            const struct easel_report_objective *o = &goal->objectives[k];
            li(&b, easel_arena_printf(a, "Objective %s:", o->number), o->smart);
        }
        easel_buf_puts(&b, "</ul>");
    }
    if (!pl->n_goals)
        easel_buf_puts(&b, "<p>No goals are recorded in the plan.</p>");

    h(&b, "h3", "Sessions");
    if (pl->n_interventions) {
        easel_buf_puts(&b, "<table><thead><tr><th>Session</th><th>Date</th><th>Objective</th>"
                           "<th>Part</th><th>Directive</th><th>Minutes</th><th>Media</th>"
                           "</tr></thead><tbody>");
        for (size_t i = 0; i < pl->n_interventions; i++) {
            const struct easel_report_intervention *iv = &pl->interventions[i];
            easel_buf_printf(&b, "<tr><td>%d</td><td>", iv->session);
            easel_fhir_xhtml_escape(&b, iv->date ? iv->date : "");
            easel_buf_puts(&b, "</td><td>");
            easel_fhir_xhtml_escape(&b, iv->objective ? iv->objective : "");
            easel_buf_puts(&b, "</td><td>");
            easel_fhir_xhtml_escape(&b, iv->part);
            easel_buf_puts(&b, "</td><td>");
            easel_fhir_xhtml_escape(&b, iv->name);
            easel_buf_printf(&b, "</td><td>%d</td><td>", iv->minutes);
            easel_fhir_xhtml_escape(&b, has(iv->media) ? iv->media : "none");
            easel_buf_puts(&b, "</td></tr>");
        }
        easel_buf_puts(&b, "</tbody></table>");
    } else {
        easel_buf_puts(&b, "<p>No sessions are planned.</p>");
    }
    if (has(pl->budget_note))
        h(&b, "p", pl->budget_note);
    easel_buf_puts(&b, "</div>");
    const char *out = b.failed ? NULL : easel_arena_strdup(a, b.data);
    easel_buf_release(&b);
    return out;
}

/* ---- the plan: Conditions, Goals, CarePlan, Provenance ---- */

static int condition_index(const struct easel_kb *kb, const struct easel_profile *p,
                           const char *problem)
{
    for (int i = 0; i < p->n_problems; i++)
        if (strcmp(kb->problems[p->problems[i]].id, problem) == 0)
            return i;
    return -1;
}

static void conditions(struct fx *x, const struct easel_profile *p, char (*urns)[46])
{
    for (int i = 0; i < p->n_problems; i++) {
        const struct easel_problem *pr = &x->kb->problems[p->problems[i]];
        urn_of(x, urns[i], "Condition/%s", pr->id);
        json_t *r = resource(x, "Condition", urns[i]);
        json_object_set_new(r, "clinicalStatus",
                            coding_cc("http://terminology.hl7.org/CodeSystem/condition-clinical",
                                      "active", NULL, NULL));
        json_object_set_new(
            r, "category",
            json_pack("[o]", coding_cc("http://terminology.hl7.org/CodeSystem/condition-category",
                                       "problem-list-item", "Problem List Item", NULL)));
        json_object_set_new(r, "code", text_cc(pr->name));
        json_object_set_new(r, "subject", ref(x->patient));
    }
    /* diagnoses as the clinician recorded them: the profile does not say which code system, so
       they travel as text only (docs/fhir.md) */
    for (size_t i = 0; i < p->diagnoses.n; i++) {
        char urn[46];
        urn_of(x, urn, "Condition/diagnosis/%zu", i);
        json_t *r = resource(x, "Condition", urn);
        json_object_set_new(
            r, "category",
            json_pack("[o]", coding_cc("http://terminology.hl7.org/CodeSystem/condition-category",
                                       "encounter-diagnosis", "Encounter Diagnosis", NULL)));
        json_object_set_new(r, "code", text_cc(p->diagnoses.items[i]));
        json_object_set_new(r, "subject", ref(x->patient));
    }
}

/* Goal.achievementStatus from the objective's goal attainment scale, the one record that says
   whether the expected outcome was reached: latest rating >= 0 achieved, below in-progress.
   NULL (omitted) when the objective has no rated scale. */
static const char *achievement(const struct easel_gas_record *gas, size_t n, const char *number)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(gas[i].objective, number) == 0 && gas[i].rated)
            return gas[i].latest_score >= 0 ? "achieved" : "in-progress";
    return NULL;
}

static int plan_resources(struct fx *x, const struct easel_plan_record *rec,
                          const struct easel_report_plan *pl, const struct easel_profile *prof,
                          bool have_profile, char (*cond_urns)[46], const char *team_urn)
{
    bool signed_plan = strcmp(rec->status, "signed") == 0;
    struct easel_gas_record *gas = NULL;
    size_t n_gas = 0;
    struct easel_error none = {0};
    if (easel_gas_list(x->s, rec->client, x->a, &gas, &n_gas, &none))
        n_gas = 0;
    char plan_urn[46];
    urn_of(x, plan_urn, "CarePlan/v%lld", (long long)rec->version);
    /* one Goal per objective */
    json_t *goal_refs = json_array();
    json_t *addresses = json_array();
    for (size_t g = 0; g < pl->n_goals; g++) {
        const struct easel_report_goal *goal = &pl->goals[g];
        int ci = have_profile ? condition_index(x->kb, prof, goal->problem) : -1;
        if (ci >= 0)
            json_array_append_new(addresses, ref(cond_urns[ci]));
        for (size_t k = 0; k < goal->n_objectives; k++) {
            const struct easel_report_objective *o = &goal->objectives[k];
            char urn[46];
            urn_of(x, urn, "Goal/v%lld/%s", (long long)rec->version, o->number);
            json_array_append_new(goal_refs, ref(urn));
            json_t *r = resource(x, "Goal", urn);
            json_object_set_new(r, "lifecycleStatus",
                                json_string(signed_plan ? "active" : "proposed"));
            const char *ach = achievement(gas, n_gas, o->number);
            if (ach)
                json_object_set_new(
                    r, "achievementStatus",
                    coding_cc("http://terminology.hl7.org/CodeSystem/goal-achievement", ach, NULL,
                              "from the objective's goal attainment scale"));
            json_object_set_new(r, "description", text_cc(has(o->smart) ? o->smart : o->number));
            json_object_set_new(r, "subject", ref(x->patient));
            if (has(o->target_date)) {
                int64_t days;
                if (easel_date_parse(o->target_date, &days) == 0)
                    json_object_set_new(r, "target",
                                        json_pack("[{s:s}]", "dueDate", o->target_date));
            }
            if (ci >= 0)
                json_object_set_new(r, "addresses", json_pack("[o]", ref(cond_urns[ci])));
            json_t *notes = json_array();
            json_array_append_new(
                notes,
                json_pack("{s:s}", "text",
                          easel_arena_printf(x->a, "Objective %s of problem \"%s\"", o->number,
                                             has(goal->problem_name) ? goal->problem_name
                                                                     : goal->problem)));
            if (has(goal->long_term_goal))
                json_array_append_new(notes,
                                      json_pack("{s:s}", "text",
                                                easel_arena_printf(x->a, "Long-term goal: %s",
                                                                   goal->long_term_goal)));
            if (has(o->measure))
                json_array_append_new(
                    notes, json_pack("{s:s}", "text",
                                     easel_arena_printf(x->a, "Measure: %s", o->measure)));
            json_object_set_new(r, "note", notes);
        }
    }
    /* the CarePlan */
    const char *div = narrative(x, pl, prof, have_profile);
    if (!div) {
        json_decref(goal_refs);
        json_decref(addresses);
        return easel_error_set(x->err, EASEL_ETOOBIG, "fhir", "CarePlan.text",
                               "the plan's narrative is too large");
    }
    json_t *cp = resource(x, "CarePlan", plan_urn);
    json_object_set_new(cp, "text", json_pack("{s:s,s:s}", "status", "generated", "div", div));
    json_object_set_new(
        cp, "identifier",
        json_pack("[{s:s,s:s}]", "system", "urn:easel:plan", "value",
                  easel_arena_printf(x->a, "%s/v%lld", x->ref, (long long)rec->version)));
    json_object_set_new(cp, "status", json_string(signed_plan ? "active" : "draft"));
    json_object_set_new(cp, "intent", json_string("plan"));
    json_object_set_new(
        cp, "category",
        json_pack("[o]", coding_cc("http://hl7.org/fhir/us/core/CodeSystem/careplan-category",
                                   "assess-plan", "Assessment and Plan of Treatment",
                                   "Art therapy treatment plan")));
    json_object_set_new(
        cp, "title",
        json_string(easel_arena_printf(x->a, "Art therapy treatment plan, version %lld",
                                       (long long)rec->version)));
    json_object_set_new(cp, "subject", ref(x->patient));
    int64_t days;
    if (has(pl->first_date) && easel_date_parse(pl->first_date, &days) == 0) {
        json_t *period = json_pack("{s:s}", "start", pl->first_date);
        if (has(pl->last_date) && easel_date_parse(pl->last_date, &days) == 0)
            json_object_set_new(period, "end", json_string(pl->last_date));
        json_object_set_new(cp, "period", period);
    }
    if (rec->created_at > 0)
        json_object_set_new(cp, "created", json_string(instant(x, rec->created_at)));
    struct person *author = person(x, rec->signed_by);
    if (author)
        json_object_set_new(cp, "author", ref_display(author->urn, author->name));
    json_object_set_new(cp, "careTeam", json_pack("[o]", ref(team_urn)));
    if (json_array_size(addresses))
        json_object_set_new(cp, "addresses", addresses);
    else
        json_decref(addresses);
    if (json_array_size(goal_refs))
        json_object_set_new(cp, "goal", goal_refs);
    else
        json_decref(goal_refs);
    json_t *acts = json_array();
    for (size_t i = 0; i < pl->n_interventions; i++) {
        const struct easel_report_intervention *iv = &pl->interventions[i];
        json_t *d = json_object();
        json_object_set_new(d, "status", json_string(signed_plan ? "scheduled" : "not-started"));
        if (has(iv->date) && easel_date_parse(iv->date, &days) == 0)
            json_object_set_new(d, "scheduledPeriod",
                                json_pack("{s:s,s:s}", "start", iv->date, "end", iv->date));
        if (has(iv->objective)) {
            char gurn[46];
            urn_of(x, gurn, "Goal/v%lld/%s", (long long)rec->version, iv->objective);
            json_object_set_new(d, "goal", json_pack("[o]", ref(gurn)));
        }
        json_object_set_new(d, "description", json_string(iv->name));
        json_t *act = json_pack("{s:o}", "detail", d);
        json_object_set_new(
            act, "progress",
            json_pack("[{s:s}]", "text",
                      easel_arena_printf(x->a, "Session %d, %s, %d minutes; media: %s", iv->session,
                                         iv->part, iv->minutes,
                                         has(iv->media) ? iv->media : "none")));
        json_array_append_new(acts, act);
    }
    if (json_array_size(acts))
        json_object_set_new(cp, "activity", acts);
    else
        json_decref(acts);
    /* Provenance of the signature and co-signature */
    static const struct {
        const char *what, *code, *display;
    } kinds[] = {{"sign", "1.2.840.10065.1.12.1.1", "Author's Signature"},
                 {"cosign", "1.2.840.10065.1.12.1.5", "Verification Signature"}};
    for (int k = 0; k < 2; k++) {
        const char *login = k ? rec->cosigned_by : rec->signed_by;
        int64_t at = k ? rec->cosigned_at : rec->signed_at;
        struct person *p = person(x, login);
        if (!p || at <= 0)
            continue;
        char urn[46];
        urn_of(x, urn, "Provenance/v%lld/%s", (long long)rec->version, kinds[k].what);
        json_t *r = resource(x, "Provenance", urn);
        const char *when = instant(x, at);
        json_object_set_new(r, "target", json_pack("[o]", ref(plan_urn)));
        json_object_set_new(r, "recorded", json_string(when));
        json_object_set_new(
            r, "activity",
            coding_cc("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", NULL,
                      k ? "co-signed the treatment plan" : "signed the treatment plan"));
        json_object_set_new(
            r, "agent",
            json_pack("[{s:o,s:o}]", "type",
                      coding_cc("http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                                k ? "verifier" : "author", NULL, NULL),
                      "who", ref_display(p->urn, p->name)));
        json_object_set_new(r, "signature",
                            json_pack("[{s:[{s:s,s:s,s:s}],s:s,s:o}]", "type", "system",
                                      "urn:iso-astm:E1762-95:2013", "code", kinds[k].code,
                                      "display", kinds[k].display, "when", when, "who",
                                      ref_display(p->urn, p->name)));
    }
    return 0;
}

/* ---- measures: Observation + QuestionnaireResponse per administration ---- */

static const char *loinc_of(const struct easel_instrument *in)
{
    for (size_t i = 0; in->loinc && i < sizeof(verified_loinc) / sizeof(verified_loinc[0]); i++)
        if (strcmp(in->loinc, verified_loinc[i]) == 0)
            return in->loinc;
    return NULL;
}

static void measures(struct fx *x, const struct easel_measure_record *ms, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct easel_measure_record *m = &ms[i];
        int ix = easel_kb_instrument(x->kb, m->instrument);
        const struct easel_instrument *in = ix >= 0 ? &x->kb->instruments[ix] : NULL;
        int answers[ANSWERS_MAX];
        int na = easel_answers_parse(m->answers ? m->answers : "", answers, ANSWERS_MAX);
        struct easel_score_result sc;
        struct easel_error e = {0};
        bool scored = in && na == in->items && easel_score(in, answers, na, &sc, &e) == 0;
        int64_t days;
        bool dated = has(m->date) && easel_date_parse(m->date, &days) == 0;
        char qr_urn[46], obs_urn[46];
        urn_of(x, qr_urn, "QuestionnaireResponse/%lld", (long long)m->id);
        urn_of(x, obs_urn, "Observation/%lld", (long long)m->id);
        /* QuestionnaireResponse: the answers as entered, item linkId = the item number */
        json_t *qr = resource(x, "QuestionnaireResponse", qr_urn);
        json_object_set_new(
            qr, "questionnaire",
            json_string(easel_arena_printf(x->a, EASEL_FHIR_BASE "/Questionnaire/%s%s%s",
                                           m->instrument, in ? "|" : "",
                                           in ? easel_arena_printf(x->a, "%d", in->version) : "")));
        json_object_set_new(qr, "status", json_string("completed"));
        json_object_set_new(qr, "subject", ref(x->patient));
        if (dated)
            json_object_set_new(qr, "authored", json_string(m->date));
        json_t *items = json_array();
        for (int k = 0; k < na; k++) {
            json_t *it = json_pack("{s:s}", "linkId", easel_arena_printf(x->a, "%d", k + 1));
            if (in && (size_t)k < in->item_labels.n && has(in->item_labels.items[k]))
                json_object_set_new(it, "text", json_string(in->item_labels.items[k]));
            if (answers[k] != EASEL_SCORE_MISSING)
                json_object_set_new(it, "answer", json_pack("[{s:i}]", "valueInteger", answers[k]));
            json_array_append_new(items, it);
        }
        if (json_array_size(items))
            json_object_set_new(qr, "item", items);
        else
            json_decref(items);
        /* Observation: the total */
        json_t *ob = resource(x, "Observation", obs_urn);
        json_object_set_new(ob, "status", json_string("final"));
        json_object_set_new(
            ob, "category",
            json_pack("[o]", coding_cc("http://terminology.hl7.org/CodeSystem/observation-category",
                                       "survey", "Survey", NULL)));
        const char *name = in ? in->name : m->instrument;
        const char *loinc = in ? loinc_of(in) : NULL;
        json_object_set_new(ob, "code",
                            loinc ? coding_cc("http://loinc.org", loinc, NULL,
                                              easel_arena_printf(x->a, "%s total score", name))
                                  : text_cc(easel_arena_printf(x->a, "%s total score", name)));
        json_object_set_new(ob, "subject", ref(x->patient));
        if (dated)
            json_object_set_new(ob, "effectiveDateTime", json_string(m->date));
        if (scored && sc.valid && sc.total_x100 % 100 == 0) {
            json_object_set_new(ob, "valueInteger", json_integer(sc.total_x100 / 100));
        } else if (scored && sc.valid) {
            json_object_set_new(ob, "valueQuantity",
                                json_pack("{s:f,s:s,s:s,s:s}", "value", sc.total_x100 / 100.0,
                                          "unit", "{score}", "system", "http://unitsofmeasure.org",
                                          "code", "{score}"));
        } else {
            json_object_set_new(
                ob, "dataAbsentReason",
                json_pack("{s:[{s:s,s:s}],s:s}", "coding", "system",
                          "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code",
                          "error", "text",
                          scored ? sc.reason : "the answers cannot be scored with the current KB"));
        }
        if (scored && sc.valid && has(sc.band_label))
            json_object_set_new(ob, "interpretation", json_pack("[o]", text_cc(sc.band_label)));
        if (scored && sc.risk)
            json_object_set_new(
                ob, "note",
                json_pack("[{s:s}]", "text",
                          easel_arena_printf(x->a,
                                             "Risk item %d was answered above 0: it needs "
                                             "same-day risk follow-up%s%s",
                                             sc.risk_item, m->ack_action ? "; action taken: " : "",
                                             m->ack_action ? m->ack_action : "")));
        json_object_set_new(ob, "derivedFrom", json_pack("[o]", ref(qr_urn)));
    }
}

/* ---- signed session notes: DocumentReference + Provenance of the signature ---- */

/* The note's fields in words, in the format's order, then the optional parts: what a
   receiving system shows. */
static void note_text(struct easel_buf *b, const struct easel_session_record *r)
{
    static const struct {
        const char *format;
        const char *fields[5];
        const char *labels[5];
    } formats[] = {
        {"SOAP",
         {"subjective", "objective", "assessment", "plan", NULL},
         {"Subjective", "Objective", "Assessment", "Plan", NULL}},
        {"DAP", {"data", "assessment", "plan", NULL}, {"Data", "Assessment", "Plan", NULL}},
        {"BIRP",
         {"behavior", "intervention", "response", "plan", NULL},
         {"Behavior", "Intervention", "Response", "Plan", NULL}},
        {"GIRP",
         {"goal", "intervention", "response", "plan", NULL},
         {"Goal", "Intervention", "Response", "Plan", NULL}},
    };
    json_t *note = json_loads(r->note ? r->note : "", 0, NULL);
    for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
        if (!r->note_format || strcmp(r->note_format, formats[f].format) != 0)
            continue;
        for (int k = 0; formats[f].fields[k]; k++) {
            const char *v = json_string_value(json_object_get(note, formats[f].fields[k]));
            easel_buf_printf(b, "%s: %s\n", formats[f].labels[k], v ? v : "");
        }
    }
    const char *reactions = json_string_value(json_object_get(note, "reactions"));
    if (has(reactions))
        easel_buf_printf(b, "Reactions: %s\n", reactions);
    json_t *media = json_object_get(note, "media_used"), *m;
    size_t i;
    if (json_array_size(media)) {
        easel_buf_puts(b, "Media used:");
        json_array_foreach(media, i, m) easel_buf_printf(
            b, "%s %s", i ? "," : "", json_string_value(m) ? json_string_value(m) : "");
        easel_buf_puts(b, "\n");
    }
    json_t *progress = json_object_get(note, "progress"), *pr;
    json_array_foreach(progress, i, pr)
    {
        const char *obj = json_string_value(json_object_get(pr, "objective"));
        const char *comment = json_string_value(json_object_get(pr, "comment"));
        easel_buf_printf(b, "Objective %s: rating %lld%s%s\n", obj ? obj : "?",
                         (long long)json_integer_value(json_object_get(pr, "rating")),
                         has(comment) ? "; " : "", has(comment) ? comment : "");
    }
    json_decref(note);
}

static json_t *blob(struct fx *x, const char *data, size_t len);
static json_t *raw(struct fx *x, const char *json, size_t len);

/* A reference to urn (of a resource of `type`) as this build addresses them: "urn:uuid:ID" in
   the export, "Type/ID" in the API. */
static const char *ref_text(struct fx *x, const char *type, const char *urn)
{
    return x->rest ? easel_arena_printf(x->a, "%s/%s", type, urn + 9) : urn;
}

/* "key":"value" (with a comma before unless first) into b */
static void member(struct easel_buf *b, bool comma, const char *key, const char *value)
{
    if (comma)
        easel_buf_add(b, ",", 1);
    easel_buf_add(b, "\"", 1);
    easel_buf_puts(b, key); /* the keys are this file's own names */
    easel_buf_add(b, "\":", 2);
    easel__fhir_json_str(b, value, strlen(value));
}

/* {"reference":"...","display":"..."} */
static void reference(struct easel_buf *b, const char *ref, const char *display)
{
    easel_buf_puts(b, "{");
    member(b, false, "reference", ref);
    if (has(display))
        member(b, true, "display", display);
    easel_buf_puts(b, "}");
}

/* Each signed note is two resources, and a long record has a thousand notes: they are written
   as JSON text directly (a raw entry, easel__fhir_dump), not as jansson trees, which would cost
   more than the rest of the record together to build, walk and free. */
static int notes(struct fx *x, const struct easel_session_record *ss, size_t n)
{
    struct easel_buf text, b64, j;
    easel_buf_init(&text, EASEL_NOTE_MAX * 2);
    easel_buf_init(&b64, EASEL_NOTE_MAX * 3 + 16);
    easel_buf_init(&j, EASEL_NOTE_MAX * 4 + 64 * 1024);
    int rc = 0;
    const char *patient = ref_text(x, "Patient", x->patient);
    for (size_t i = 0; i < n && !rc; i++) {
        const struct easel_session_record *r = &ss[i];
        struct person *p = person_find(x, r->signed_by);
        if (!r->status || strcmp(r->status, "signed") != 0 || !p || r->signed_at <= 0)
            continue; /* drafts are not the record yet */
        char doc[46], prov[46];
        urn_of(x, doc, "DocumentReference/note/%lld", (long long)r->id);
        urn_of(x, prov, "Provenance/note/%lld", (long long)r->id);
        const char *who = ref_text(x, "Practitioner", p->urn);
        text.len = 0;
        b64.len = 0;
        note_text(&text, r);
        if (text.failed || easel_fhir_base64(&b64, text.data, text.len)) {
            rc = easel_error_set(x->err, EASEL_ETOOBIG, "fhir", "DocumentReference.content",
                                 "a session note is too large");
            break;
        }
        const char *when = instant(x, r->signed_at);
        int64_t days;
        bool dated = has(r->date) && easel_date_parse(r->date, &days) == 0;
        /* the DocumentReference */
        j.len = 0;
        easel_buf_puts(&j, "{");
        member(&j, false, "resourceType", "DocumentReference");
        member(&j, true, "id", doc + 9);
        easel_buf_puts(&j, ",\"identifier\":[{");
        member(&j, false, "system", "urn:easel:session");
        member(&j, true, "value", easel_arena_printf(x->a, "%s/s%lld", x->ref, (long long)r->id));
        easel_buf_puts(&j, "}]");
        member(&j, true, "status", "current");
        member(&j, true, "docStatus", "final");
        easel_buf_puts(&j, ",\"type\":{");
        member(&j, false, "text",
               easel_arena_printf(x->a, "Art therapy session note (%s)", r->note_format));
        easel_buf_puts(&j, "},\"subject\":");
        reference(&j, patient, NULL);
        member(&j, true, "date", when);
        easel_buf_puts(&j, ",\"author\":[");
        reference(&j, who, p->name);
        easel_buf_puts(&j, "]");
        member(&j, true, "description",
               easel_arena_printf(x->a, "%s session of %s, %lld minutes, %s; signed%s%s", r->mode,
                                  r->date, (long long)r->minutes, r->attendance,
                                  has(r->content_hash) ? "; content hash (SHA-256) " : "",
                                  has(r->content_hash) ? r->content_hash : ""));
        easel_buf_puts(&j, ",\"content\":[{\"attachment\":{");
        member(&j, false, "contentType", "text/plain; charset=utf-8");
        easel_buf_puts(&j, ",\"data\":\"");
        easel_buf_add(&j, b64.data, b64.len); /* base64: nothing to escape */
        easel_buf_puts(&j, "\"");
        member(&j, true, "title", easel_arena_printf(x->a, "Session note, %s", r->date));
        if (dated)
            member(&j, true, "creation", r->date);
        easel_buf_puts(&j, "}}]");
        if (dated) {
            easel_buf_puts(&j, ",\"context\":{\"period\":{");
            member(&j, false, "start", r->date);
            member(&j, true, "end", r->date);
            easel_buf_puts(&j, "}}");
        }
        easel_buf_puts(&j, "}");
        json_t *dm = j.failed ? NULL : raw(x, j.data, j.len);
        /* the Provenance of its signature */
        j.len = 0;
        easel_buf_puts(&j, "{");
        member(&j, false, "resourceType", "Provenance");
        member(&j, true, "id", prov + 9);
        easel_buf_puts(&j, ",\"target\":[");
        reference(&j, ref_text(x, "DocumentReference", doc), NULL);
        easel_buf_puts(&j, "]");
        member(&j, true, "recorded", when);
        easel_buf_puts(&j, ",\"activity\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/"
                           "CodeSystem/v3-DataOperation\",\"code\":\"UPDATE\"}],\"text\":\"signed "
                           "the session note\"},\"agent\":[{\"type\":{\"coding\":[{\"system\":"
                           "\"http://terminology.hl7.org/CodeSystem/provenance-participant-type\","
                           "\"code\":\"author\"}]},\"who\":");
        reference(&j, who, p->name);
        easel_buf_puts(&j,
                       "}],\"signature\":[{\"type\":[{\"system\":\"urn:iso-astm:E1762-95:2013\","
                       "\"code\":\"1.2.840.10065.1.12.1.1\",\"display\":\"Author's "
                       "Signature\"}]");
        member(&j, true, "when", when);
        easel_buf_puts(&j, ",\"who\":");
        reference(&j, who, p->name);
        easel_buf_puts(&j, "}]}");
        json_t *pm = j.failed ? NULL : raw(x, j.data, j.len);
        if (!dm || !pm) {
            json_decref(dm);
            json_decref(pm);
            rc = easel_error_set(x->err, EASEL_ENOMEM, "fhir", "", "out of memory");
            break;
        }
        json_array_append_new(x->entries, json_pack("{s:s,s:o}", "fullUrl", doc, "resource", dm));
        json_array_append_new(x->entries, json_pack("{s:s,s:o}", "fullUrl", prov, "resource", pm));
    }
    easel_buf_release(&text);
    easel_buf_release(&b64);
    easel_buf_release(&j);
    return rc;
}

/* ---- group programs the client is or was in: a Group naming this client only ---- */

static int groups(struct fx *x, int64_t client)
{
    struct easel_group_program *g = NULL;
    size_t n = 0;
    int rc = easel_group_of_client(x->s, client, x->a, &g, &n, x->err);
    for (size_t i = 0; i < n && !rc; i++) {
        struct easel_group_member *m = NULL;
        size_t nm = 0;
        if ((rc = easel_group_members(x->s, g[i].id, x->a, &m, &nm, x->err)))
            break;
        char urn[46];
        urn_of(x, urn, "Group/%s", g[i].ref);
        json_t *r = resource(x, "Group", urn);
        json_object_set_new(
            r, "identifier",
            json_pack("[{s:s,s:s}]", "system", "urn:easel:group", "value", g[i].ref));
        json_object_set_new(r, "active", json_boolean(strcmp(g[i].status, "ended") != 0));
        json_object_set_new(r, "type", json_string("person"));
        json_object_set_new(r, "actual", json_true());
        json_object_set_new(
            r, "code",
            text_cc(easel_arena_printf(x->a,
                                       "Art therapy group program (%s, %lld sessions of "
                                       "%lld minutes from %s)",
                                       g[i].kind, (long long)g[i].sessions, (long long)g[i].minutes,
                                       g[i].start_date)));
        json_object_set_new(r, "name", json_string(g[i].name));
        /* this client's memberships only: the other members are not this record */
        json_t *members = json_array();
        for (size_t k = 0; k < nm; k++) {
            if (m[k].client != client)
                continue;
            json_t *period = json_pack("{s:s}", "start", m[k].start_date);
            if (m[k].end_date)
                json_object_set_new(period, "end", json_string(m[k].end_date));
            json_array_append_new(members,
                                  json_pack("{s:o,s:o,s:b}", "entity", ref(x->patient), "period",
                                            period, "inactive", m[k].end_date != NULL));
        }
        if (json_array_size(members))
            json_object_set_new(r, "member", members);
        else
            json_decref(members);
    }
    return rc;
}

/* ---- artworks: record consent only ---- */

/* A marker ("\0" KIND and the index, which jansson writes as "\u0000B7") standing for a copy of
   data[0..len): KIND 'B' a string's content (base64), 'R' a whole JSON value written as is.
   NULL when out of memory. */
static json_t *keep(struct fx *x, char kind, const char *data, size_t len)
{
    struct easel__fhir_blobs *b = &x->blobs;
    if (b->n == b->cap) {
        size_t grown = b->cap ? b->cap * 2 : 16;
        struct easel__fhir_blob *items = easel_arena_alloc(x->a, grown * sizeof(*items));
        if (!items)
            return NULL;
        if (b->n)
            memcpy(items, b->items, b->n * sizeof(*items));
        b->items = items;
        b->cap = grown;
    }
    char *copy = easel_arena_alloc(x->a, len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, data, len);
    b->items[b->n] = (struct easel__fhir_blob){copy, len, kind == 'R'};
    char marker[24];
    int n = snprintf(marker, sizeof(marker), "%c%c%zu", '\0', kind, b->n++);
    return json_stringn(marker, (size_t)n);
}

static json_t *blob(struct fx *x, const char *data, size_t len)
{
    return keep(x, 'B', data, len);
}

static json_t *raw(struct fx *x, const char *json, size_t len)
{
    return keep(x, 'R', json, len);
}

int easel__fhir_dump(json_t *v, size_t flags, const struct easel__fhir_blobs *blobs,
                     struct easel_buf *out, struct easel_error *err)
{
    char *text = v ? json_dumps(v, flags) : NULL;
    if (!text)
        return easel_error_set(err, EASEL_ENOMEM, "fhir", "", "out of memory");
    static const char mark[] = "\"\\u0000";
    const size_t mn = sizeof(mark) - 1;
    const char *p = text;
    for (const char *m; (m = strstr(p, mark)) != NULL;) {
        char *end;
        char kind = m[mn];
        unsigned long long k = strtoull(m + mn + 1, &end, 10);
        if ((kind != 'B' && kind != 'R') || end == m + mn + 1 || *end != '"' || k >= blobs->n ||
            blobs->items[k].raw != (kind == 'R')) { /* cannot happen: only markers start so */
            easel_buf_add(out, p, (size_t)(m + mn - p));
            p = m + mn;
            continue;
        }
        if (kind == 'R') { /* the whole value, quotes and all */
            easel_buf_add(out, p, (size_t)(m - p));
            easel_buf_add(out, blobs->items[k].data, blobs->items[k].len);
            p = end + 1;
        } else { /* the string's content */
            easel_buf_add(out, p, (size_t)(m - p) + 1);
            easel_buf_add(out, blobs->items[k].data, blobs->items[k].len);
            p = end;
        }
    }
    easel_buf_puts(out, p);
    easel_buf_puts(out, "\n");
    free(text);
    if (out->failed)
        return easel_error_set(err, out->failed, "fhir", "", "the answer is too large");
    return 0;
}

static int artworks(struct fx *x, int64_t client)
{
    struct easel_artwork *aw;
    size_t n;
    int rc = easel_artwork_list_consented(x->s, client, x->a, &aw, &n, x->err);
    if (rc)
        return rc;
    struct easel_buf bytes, b64;
    easel_buf_init(&bytes, EASEL_ARTWORK_MAX + 1);
    easel_buf_init(&b64, (EASEL_ARTWORK_MAX / 3 + 2) * 4 + 1);
    for (size_t i = 0; i < n && !rc; i++) {
        if (!aw[i].consent_record)
            continue; /* never described, never counted in the Bundle */
        /* the list holds every column a get would read again (walking the original photo's
           pages a second time); the read of each artwork is audited as a get would */
        const struct easel_artwork full = aw[i];
        if ((rc = easel_store_audit(x->s, "read", "artwork", full.id, x->err)))
            break;
        /* the flattened sheet at display size (a JPEG without metadata), else the display size:
           never the original photo */
        bytes.len = 0;
        rc = easel_app_artwork_size(x->s, &full, "flat", &bytes, x->err);
        if (rc == EASEL_EINVAL) {
            bytes.len = 0;
            rc = 0;
        }
        if (!rc && !bytes.len)
            rc = easel_app_artwork_size(x->s, &full, "display", &bytes, x->err);
        if (rc)
            break;
        b64.len = 0;
        if (easel_fhir_base64(&b64, bytes.data, bytes.len)) {
            rc = easel_error_set(x->err, b64.failed, "fhir", "Binary.data",
                                 "the artwork is too large to encode");
            break;
        }
        char bin_urn[46], doc_urn[46];
        urn_of(x, bin_urn, "Binary/%lld", (long long)full.id);
        urn_of(x, doc_urn, "DocumentReference/%lld", (long long)full.id);
        const char *title = has(full.title) ? full.title : "Artwork";
        json_t *d = resource(x, "DocumentReference", doc_urn);
        json_object_set_new(d, "status", json_string("current"));
        json_object_set_new(d, "type", text_cc("Artwork photograph (art therapy)"));
        json_object_set_new(d, "subject", ref(x->patient));
        if (full.created_at > 0)
            json_object_set_new(d, "date", json_string(instant(x, full.created_at)));
        struct person *p = person_find(x, full.created_by);
        if (p)
            json_object_set_new(d, "author", json_pack("[o]", ref_display(p->urn, p->name)));
        struct easel_buf desc;
        easel_buf_init(&desc, 16 * 1024);
        easel_buf_puts(&desc, title);
        if (has(full.medium))
            easel_buf_printf(&desc, "; medium: %s", full.medium);
        if (has(full.client_words))
            easel_buf_printf(&desc, "; the client's words: %s", full.client_words);
        if (!desc.failed)
            json_object_set_new(d, "description", json_string(desc.data));
        easel_buf_release(&desc);
        json_t *att =
            json_pack("{s:s,s:s,s:s}", "contentType", "image/jpeg", "url", bin_urn, "title", title);
        if (has(aw[i].session_date))
            json_object_set_new(att, "creation", json_string(aw[i].session_date));
        json_object_set_new(d, "content", json_pack("[{s:o}]", "attachment", att));
        json_t *bin = resource(x, "Binary", bin_urn);
        json_object_set_new(bin, "contentType", json_string("image/jpeg"));
        json_object_set_new(bin, "securityContext", ref(doc_urn));
        json_t *marker = blob(x, b64.data, b64.len);
        if (!marker) {
            rc = easel_error_set(x->err, EASEL_ENOMEM, "fhir", "Binary.data", "out of memory");
            break;
        }
        json_object_set_new(bin, "data", marker);
    }
    easel_buf_release(&bytes);
    easel_buf_release(&b64);
    return rc;
}

/* The resources of `client` that `want` names (EASEL__FHIR_*) into x->entries, Patient first. */
static int build(struct fx *x, int64_t client, unsigned want)
{
    if (want & EASEL__FHIR_PLAN)
        want |= EASEL__FHIR_CONDITIONS; /* the Goals address the Conditions */
    struct easel_client c;
    int rc = easel_client_get(x->s, client, x->a, &c, x->err);
    if (rc)
        return rc;
    x->ref = c.ref;
    urn_of(x, x->patient, "Patient");
    char team_urn[46];
    urn_of(x, team_urn, "CareTeam");

    /* what the export reads */
    struct easel_person *team = NULL;
    size_t n_team = 0;
    if ((want & EASEL__FHIR_PEOPLE) &&
        (rc = easel_team_list(x->s, client, x->a, &team, &n_team, x->err)))
        return rc;
    struct easel_plan_record rec;
    struct easel_report_plan pl;
    memset(&pl, 0, sizeof(pl));
    bool have_plan = false;
    rc = (want & EASEL__FHIR_PLAN) ? easel_plan_record_load(x->s, client, 0, x->a, &rec, x->err)
                                   : EASEL_ENOTFOUND;
    if (rc == EASEL_ENOTFOUND) {
        memset(x->err, 0, sizeof(*x->err));
    } else if (rc) {
        return rc;
    } else {
        if ((rc = easel_report_plan_read(rec.body, strlen(rec.body), x->kb, x->a, &pl, x->err)))
            return rc;
        have_plan = true;
        pl.version = rec.version;
        pl.status = rec.status;
        pl.content_hash = rec.content_hash;
        struct person *p;
        pl.created_by = rec.created_by;
        pl.signed_by = (p = person(x, rec.signed_by)) ? p->name : NULL;
        pl.cosigned_by = (p = person(x, rec.cosigned_by)) ? p->name : NULL;
        char d[11];
        if (rec.created_at > 0) {
            easel_date_format(rec.created_at / 86400000, d);
            pl.created_on = easel_arena_strdup(x->a, d);
        }
        if (rec.signed_at > 0) {
            easel_date_format(rec.signed_at / 86400000, d);
            pl.signed_on = easel_arena_strdup(x->a, d);
        }
        if (rec.cosigned_at > 0) {
            easel_date_format(rec.cosigned_at / 86400000, d);
            pl.cosigned_on = easel_arena_strdup(x->a, d);
        }
        int st = has(pl.setting) ? easel_kb_setting(x->kb, pl.setting) : -1;
        pl.setting_name = st >= 0 ? x->kb->settings[st].name : pl.setting;
        struct easel_account acc;
        struct easel_error none = {0};
        if (has(rec.created_by) && !easel_account_get(x->s, rec.created_by, x->a, &acc, &none) &&
            has(acc.name))
            pl.created_by = acc.name;
    }
    struct easel_session_record *ss = NULL;
    size_t n_ss = 0;
    if ((want & (EASEL__FHIR_PEOPLE | EASEL__FHIR_NOTES)) &&
        (rc = easel_session_list(x->s, client, x->a, &ss, &n_ss, x->err)))
        return rc;
    for (size_t i = 0; i < n_ss; i++) /* signers of notes are Practitioners too */
        person(x, ss[i].signed_by);
    struct easel_profile prof;
    memset(&prof, 0, sizeof(prof));
    int64_t prof_version = 0;
    bool have_profile = false;
    rc = (want & EASEL__FHIR_CONDITIONS)
             ? easel_app_profile_load(x->s, client, x->kb, &prof, &prof_version, x->err)
             : EASEL_ENOTFOUND;
    if (rc == EASEL_ENOTFOUND) {
        memset(x->err, 0, sizeof(*x->err));
        rc = 0;
    } else if (rc) {
        easel_profile_release(&prof);
        return rc;
    } else {
        have_profile = true;
    }
    struct easel_measure_record *ms = NULL;
    size_t n_ms = 0;
    if (want & EASEL__FHIR_MEASURES)
        rc = easel_measure_list(x->s, client, x->a, &ms, &n_ms, x->err);

    /* the resources */
    char(*cond_urns)[46] = NULL;
    if (!rc) {
        json_t *pat = resource(x, "Patient", x->patient);
        json_object_set_new(pat, "identifier",
                            json_pack("[{s:s,s:s}]", "system", "urn:easel:client", "value", c.ref));
        json_object_set_new(pat, "active",
                            json_boolean(!c.status || strcmp(c.status, "active") == 0));
        json_object_set_new(pat, "name", json_pack("[{s:s}]", "text", c.name));
        if (c.birth_year > 0 && c.birth_year < 10000)
            json_object_set_new(
                pat, "birthDate",
                json_string(easel_arena_printf(x->a, "%04lld", (long long)c.birth_year)));
        cond_urns = easel_arena_alloc(x->a, ((have_profile ? (size_t)prof.n_problems : 0) + 1) *
                                                sizeof(*cond_urns));
        if (!cond_urns)
            rc = easel_error_set(x->err, EASEL_ENOMEM, "fhir", "", "out of memory");
    }
    if (!rc && have_profile)
        conditions(x, &prof, cond_urns);
    if (!rc && have_plan) {
        /* the signers are known before the Practitioners are written: plan_resources looks
           them up again */
        person(x, rec.signed_by);
        person(x, rec.cosigned_by);
    }
    /* artworks may add their recorder: gather them before the Practitioners */
    json_t *art_entries = NULL;
    if (!rc && (want & EASEL__FHIR_ARTWORKS)) {
        json_t *saved = x->entries;
        x->entries = json_array();
        rc = artworks(x, client);
        art_entries = x->entries;
        x->entries = saved;
    }
    if (!rc && (want & EASEL__FHIR_PEOPLE)) {
        practitioners(x, team, n_team);
        care_team(x, team_urn, team, n_team);
    }
    if (!rc && have_plan)
        rc = plan_resources(x, &rec, &pl, &prof, have_profile, cond_urns, team_urn);
    if (!rc)
        measures(x, ms, n_ms);
    if (!rc && (want & EASEL__FHIR_NOTES))
        rc = notes(x, ss, n_ss);
    if (!rc && (want & EASEL__FHIR_GROUPS))
        rc = groups(x, client);
    if (!rc && art_entries)
        json_array_extend(x->entries, art_entries);
    json_decref(art_entries);
    easel_profile_release(&prof); /* initialised by easel_app_profile_load, found or not */
    return rc;
}

static int export_client(struct fx *x, int64_t client, struct easel_buf *out)
{
    int rc = build(x, client, EASEL__FHIR_ALL);
    if (rc)
        return rc;
    char bundle_urn[46];
    urn_of(x, bundle_urn, "Bundle");

    json_t *bundle = json_object();
    json_object_set_new(bundle, "resourceType", json_string("Bundle"));
    json_object_set_new(bundle, "id", json_string(bundle_urn + 9));
    json_object_set_new(bundle, "type", json_string("collection"));
    json_object_set_new(bundle, "entry", json_incref(x->entries));
    rc = x->a->failed
             ? easel_error_set(x->err, EASEL_ENOMEM, "fhir", "", "out of memory")
             : easel__fhir_dump(bundle,
                                JSON_PRESERVE_ORDER | JSON_INDENT(1) | JSON_REAL_PRECISION(10),
                                &x->blobs, out, x->err);
    json_decref(bundle);
    if (rc)
        return rc;
    return easel_store_audit(x->s, "export", "client", client, x->err);
}

int easel_fhir_export_client(struct easel_store *s, const struct easel_kb *kb, int64_t client,
                             struct easel_buf *out, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_error local = {0};
    struct fx x = {.s = s, .kb = kb, .a = &a, .err = err ? err : &local};
    x.entries = json_array();
    int rc = x.entries ? export_client(&x, client, out)
                       : easel_error_set(x.err, EASEL_ENOMEM, "fhir", "", "out of memory");
    json_decref(x.entries);
    easel_arena_release(&a);
    return rc;
}

int easel__fhir_build(struct easel_store *s, const struct easel_kb *kb, int64_t client,
                      unsigned want, struct easel_arena *a, json_t **entries, json_t **types,
                      struct easel__fhir_blobs *blobs, const char **ref, struct easel_error *err)
{
    memset(blobs, 0, sizeof(*blobs));
    struct easel_error local = {0};
    struct fx x = {.s = s, .kb = kb, .a = a, .err = err ? err : &local};
    *entries = NULL;
    *types = NULL;
    *ref = NULL;
    x.rest = (want & EASEL__FHIR_REST) != 0;
    x.entries = json_array();
    x.types = json_object();
    int rc = x.entries && x.types
                 ? build(&x, client, want)
                 : easel_error_set(x.err, EASEL_ENOMEM, "fhir", "", "out of memory");
    if (!rc && a->failed)
        rc = easel_error_set(x.err, EASEL_ENOMEM, "fhir", "", "out of memory");
    if (rc) {
        json_decref(x.entries);
        json_decref(x.types);
        return rc;
    }
    *entries = x.entries;
    *types = x.types;
    *blobs = x.blobs;
    *ref = x.ref;
    return 0;
}
