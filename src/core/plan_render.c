/*
 * core/plan_render.c — the plan as text, Markdown or JSON. Text and Markdown share one writer
 * that differs only in its markup table; JSON is written with a fixed key order. No I/O: the
 * caller gets one buffer and writes it whole, so a failed render leaves nothing behind.
 */
#include "easel/plan.h"
#include "easel/plan_rules.h"
#include "easel/vocab.h"

#include <string.h>

struct markup {
    const char *h1, *h2, *h3, *bullet, *strong_on, *strong_off, *indent;
};

static const struct markup text_markup = {"", "", "", "- ", "", "", "    "};
static const struct markup md_markup = {"# ", "## ", "### ", "- ", "**", "**", "  "};

static const char *intervention_name(const struct easel_plan *pl, int i)
{
    return i >= 0 ? pl->kb->interventions[i].name : "(none)";
}

static void money(struct easel_buf *b, int64_t cents)
{
    easel_buf_printf(b, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

static void qty(struct easel_buf *b, int64_t milli)
{
    easel_buf_printf(b, "%lld.%03lld", (long long)(milli / 1000), (long long)(milli % 1000));
}

static void header(const struct easel_plan *pl, const struct markup *m, struct easel_buf *b)
{
    const struct easel_profile *p = pl->profile;
    const struct easel_setting *st = &pl->kb->settings[p->setting];
    easel_buf_printf(b, "%sTreatment plan proposal for client %s\n\n", m->h1, p->client);
    easel_buf_printf(b,
                     "%sAge %d; setting: %s; %s; %zu sessions of %d minutes, %d per week, "
                     "from %s to %s.\n",
                     m->bullet, p->age, st->name, p->group ? "group" : "individual", pl->n_sessions,
                     pl->session_minutes, pl->per_week,
                     pl->n_sessions ? pl->sessions[0].date : p->start_date,
                     pl->n_sessions ? pl->sessions[pl->n_sessions - 1].date : p->start_date);
    if (p->group) {
        easel_buf_printf(b, "%sGroup size: %d participants", m->bullet, pl->participants);
        if (pl->attending < pl->participants)
            easel_buf_printf(b,
                             ", %d expected at a session: consumables are bought for them, "
                             "reusable tools for everyone",
                             pl->attending);
        easel_buf_puts(b, ".\n");
    }
    easel_buf_printf(b, "%sKnowledge base version: %s\n", m->bullet, pl->kb->version);
    easel_buf_printf(b, "%sThis is a proposal: the therapist reviews, edits and decides.\n\n",
                     m->bullet);
    if (pl->n_risks) {
        easel_buf_printf(b, "%sRISK FLAGS\n\n", m->h2);
        for (size_t i = 0; i < pl->n_risks; i++)
            easel_buf_printf(b, "%s%sRisk flag, %s%s: %s. Safety planning comes first.\n",
                             m->bullet, m->strong_on, easel_flag_words(pl->risks[i].flag),
                             m->strong_off, pl->risks[i].reason);
        easel_buf_puts(b, "\n");
    }
    if (p->client_goals.n) {
        easel_buf_printf(b, "%sThe client's own goals\n\n", m->h2);
        for (size_t i = 0; i < p->client_goals.n; i++)
            easel_buf_printf(b, "%s\"%s\"\n", m->bullet, p->client_goals.items[i]);
        easel_buf_puts(b, "\n");
    }
    if (p->strengths.n) {
        easel_buf_printf(b, "%sStrengths: ", m->bullet);
        for (size_t i = 0; i < p->strengths.n; i++)
            easel_buf_printf(b, "%s%s", i ? ", " : "", p->strengths.items[i]);
        easel_buf_puts(b, "\n\n");
    }
}

/* Whether client goal k is tied (profile format 2) to the goal of KB problem `problem`. */
static bool words_inform(const struct easel_plan *pl, size_t k, int problem)
{
    const struct easel_profile *p = pl->profile;
    for (int j = 0; j < p->n_problems; j++)
        if (p->problems[j] == problem && (p->client_goal_problems[k] & (1u << j)))
            return true;
    return false;
}

static void goals(const struct easel_plan *pl, const struct markup *m, struct easel_buf *b)
{
    easel_buf_printf(b, "%sProblems, goals and objectives\n\n", m->h2);
    for (size_t g = 0; g < pl->n_goals; g++) {
        const struct easel_plan_goal *goal = &pl->goals[g];
        const struct easel_problem *pr = &pl->kb->problems[goal->problem];
        easel_buf_printf(b, "%s%zu. %s\n\n", m->h3, g + 1, pr->name);
        easel_buf_printf(b, "%sLong-term goal: %s\n", m->bullet, goal->long_term_goal);
        for (size_t k = 0; k < pl->profile->client_goals.n; k++)
            if (words_inform(pl, k, goal->problem))
                easel_buf_printf(b, "%sIn the client's words: \"%s\"\n", m->bullet,
                                 pl->profile->client_goals.items[k]);
        for (size_t k = 0; k < goal->n_objectives; k++) {
            const struct easel_plan_objective *o = &pl->objectives[goal->first_objective + k];
            easel_buf_printf(b, "%sObjective %s: %s\n", m->bullet, o->number, o->smart);
            easel_buf_printf(b, "%s%sMeasure: %s; baseline: %s; target: %s by %s.\n", m->indent,
                             m->bullet, o->measure, o->baseline, o->target, o->target_date);
        }
        easel_buf_puts(b, "\n");
    }
}

static void item_media(const struct easel_plan *pl, const struct easel_plan_item *it,
                       struct easel_buf *b)
{
    for (size_t k = 0; k < it->n_media; k++) {
        const struct easel_medium *md = &pl->kb->media[it->media[k]];
        easel_buf_printf(b, "%s%s (", k ? ", " : "", md->name);
        qty(b, it->qty_milli[k]);
        easel_buf_printf(b, " x %s each)", md->unit);
    }
    if (!it->n_media)
        easel_buf_puts(b, "none");
}

/* Appends every text of one part of a placed item, one per line, numbered or bulleted. */
static void item_texts(const struct easel_plan *pl, const struct markup *m,
                       const struct easel_plan_item *it, enum easel_text_part part, bool numbered,
                       struct easel_buf *b)
{
    size_t n = easel_plan_item_count(pl, it, part), shown = 0;
    for (size_t i = 0; i < n; i++) {
        struct easel_buf t;
        easel_buf_init(&t, 8192);
        if (easel_plan_item_text(pl, it, part, i, &t) == 0) {
            shown++;
            if (numbered)
                easel_buf_printf(b, "%s%s%zu. %s\n", m->indent, m->indent, shown,
                                 easel_buf_str(&t));
            else
                easel_buf_printf(b, "%s%s%s\n", m->indent, m->bullet, easel_buf_str(&t));
        }
        if (t.failed)
            b->failed = t.failed;
        easel_buf_release(&t);
    }
}

/* "Warm-up (5 min): Name: summary" for a warm-up or closure. */
static void edge_item(const struct easel_plan *pl, const struct markup *m, const char *label,
                      const struct easel_plan_item *it, struct easel_buf *b)
{
    if (it->intervention < 0)
        return;
    easel_buf_printf(b, "%s%s (%d min): %s\n", m->bullet, label, it->minutes,
                     intervention_name(pl, it->intervention));
    struct easel_buf t;
    easel_buf_init(&t, 8192);
    easel_plan_item_text(pl, it, EASEL_TEXT_SUMMARY, 0, &t);
    easel_buf_printf(b, "%s%s%s\n", m->indent, m->bullet, easel_buf_str(&t));
    if (t.failed)
        b->failed = t.failed;
    easel_buf_release(&t);
}

static void session(const struct easel_plan *pl, const struct markup *m,
                    const struct easel_plan_session *s, struct easel_buf *b)
{
    const struct easel_kb *kb = pl->kb;
    easel_buf_printf(b, "%sSession %d, %s (%s phase%s%s)\n\n", m->h3, s->number, s->date,
                     easel_vocab_name(EASEL_VOCAB_PHASE, s->phase),
                     s->stand_in ? "; an item of the earlier phase stands in" : "",
                     s->ending ? "; the ending session" : "");
    if (s->unfilled) {
        easel_buf_printf(b, "%sNot filled: %s.\n", m->bullet, s->unfilled);
        if (s->safety_review)
            easel_buf_printf(b, "%sSafety plan review (%d min): %s\n", m->bullet, s->safety_review,
                             easel_safety_review_text);
        easel_buf_puts(b, "\n");
        return;
    }
    const struct easel_plan_objective *o = &pl->objectives[s->objective];
    easel_buf_printf(b, "%sFocus: objective %s\n", m->bullet, o->number);
    if (pl->routine)
        easel_buf_printf(b, "%sVisual schedule (same order every session): %s\n", m->bullet,
                         pl->routine);
    for (size_t i = 0; i < pl->profile->precautions.n; i++)
        easel_buf_printf(b, "%sPrecaution: %s\n", m->bullet, pl->profile->precautions.items[i]);
    if (s->ground_rules)
        easel_buf_printf(b, "%sGround rules (%d min): %s\n", m->bullet, s->ground_rules,
                         easel_ground_rules_text);
    if (s->safety_review)
        easel_buf_printf(b, "%sSafety plan review (%d min): %s\n", m->bullet, s->safety_review,
                         easel_safety_review_text);
    edge_item(pl, m, "Warm-up", &s->warmup, b);
    const struct easel_intervention *in = &kb->interventions[s->main.intervention];
    easel_buf_printf(b, "%s%sMain (%d min%s): %s%s [%s]\n", m->bullet, m->strong_on,
                     s->main.minutes,
                     s->main.part == 1   ? ", first of two sessions"
                     : s->main.part == 2 ? ", second of two sessions"
                                         : "",
                     in->name, m->strong_off, in->id);
    item_texts(pl, m, &s->main, EASEL_TEXT_SUMMARY, false, b);
    easel_buf_printf(b, "%s%sWhy: %s.\n", m->indent, m->bullet, s->why);
    easel_buf_printf(b, "%s%sMaterials (per participant): ", m->indent, m->bullet);
    item_media(pl, &s->main, b);
    easel_buf_puts(b, "\n");
    easel_buf_printf(b, "%s%sSteps%s:\n", m->indent, m->bullet,
                     s->main.part == 2 ? " (going on from last session's pause)" : "");
    item_texts(pl, m, &s->main, EASEL_TEXT_STEPS, true, b);
    if (s->main.part == 1)
        easel_buf_printf(b,
                         "%s%sPause here: store the work safely (a named folder or the drying "
                         "shelf) and tell %s it will be waiting next session.\n",
                         m->indent, m->bullet, pl->profile->group ? "each member" : "the client");
    if (s->studio_minutes)
        easel_buf_printf(b,
                         "%sOpen studio (%d min): free making with the session's materials, at "
                         "%s own pace\n",
                         m->bullet, s->studio_minutes,
                         pl->profile->group ? "each member's" : "the client's");
    if (s->processing_minutes) {
        easel_buf_printf(b, "%sProcessing (%d min), %s questions to ask:\n", m->bullet,
                         s->processing_minutes, easel_qlevel_name(easel_plan_question_level(pl)));
        item_texts(pl, m, &s->main, EASEL_TEXT_QUESTIONS, false, b);
    }
    edge_item(pl, m, "Closure", &s->closure, b);
    easel_buf_puts(b, "\n");
}

static void supplies(const struct easel_plan *pl, const struct markup *m, bool md,
                     struct easel_buf *b)
{
    easel_buf_printf(b, "%sSupplies\n\n", m->h2);
    if (md)
        easel_buf_puts(b, "| medium | quantity | units to have | cost |\n|---|---|---|---|\n");
    for (size_t i = 0; i < pl->n_supplies; i++) {
        const struct easel_plan_supply *s = &pl->supplies[i];
        const struct easel_medium *me = &pl->kb->media[s->medium];
        easel_buf_printf(b, md ? "| %s | " : "%s%s: ", md ? me->name : m->bullet,
                         md ? "" : me->name);
        qty(b, s->qty_milli);
        if (md)
            easel_buf_printf(b, " | %lld x %s | ", (long long)s->units, me->unit);
        else
            easel_buf_printf(b, " needed; %s %lld x %s; cost ", s->on_hand ? "have" : "buy",
                             (long long)s->units, me->unit);
        money(b, s->cost_cents);
        easel_buf_puts(b, s->on_hand ? (md ? " (on hand) |\n" : " (on hand)\n")
                                     : (md ? " |\n" : "\n"));
    }
    if (!pl->n_supplies)
        easel_buf_printf(b, "%sNo materials are needed.\n", m->bullet);
    easel_buf_printf(b, "\n%sTotal cost: ", m->bullet);
    money(b, pl->total_cost_cents);
    easel_buf_puts(b, "\n");
    if (pl->budget_note)
        easel_buf_printf(b, "%sBudget: %s.\n", m->bullet, pl->budget_note);
    easel_buf_puts(b, "\n");
}

static void verdict_list(const struct easel_plan *pl, const struct markup *m, bool media,
                         enum easel_verdict which, struct easel_buf *b)
{
    size_t n = media ? pl->kb->n_media : pl->kb->n_interventions;
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        const struct easel_plan_verdict *v = media ? &pl->media[i] : &pl->interventions[i];
        if (v->verdict != which)
            continue;
        const char *id = media ? pl->kb->media[i].id : pl->kb->interventions[i].id;
        easel_buf_printf(b, "%s%s: ", m->bullet, id);
        if (media)
            easel_buf_puts(b, v->reason);
        else
            easel_plan_reason(pl, (int)i, b);
        easel_buf_puts(b, "\n");
        shown++;
    }
    if (!shown)
        easel_buf_printf(b, "%sNone.\n", m->bullet);
    easel_buf_puts(b, "\n");
}

/* Which preferences the plan honoured, where, and why not where it could not (D2). */
static void preferences(const struct easel_plan *pl, const struct markup *m, struct easel_buf *b)
{
    const struct easel_profile *p = pl->profile;
    if (!p->preferred_media.n && !p->interests.n && !p->disliked_media.n)
        return;
    easel_buf_printf(b, "%sPreferences\n\n", m->h2);
    for (size_t i = 0; i < p->preferred_media.n; i++) {
        int md = p->preferred_media.index[i];
        easel_buf_printf(b, "%sPreferred %s: ", m->bullet, pl->kb->media[md].name);
        const char *sep = "used in session ";
        for (size_t s = 0; s < pl->n_sessions; s++) {
            const struct easel_plan_item *its[] = {&pl->sessions[s].warmup, &pl->sessions[s].main,
                                                   &pl->sessions[s].closure};
            bool used = false;
            for (int k = 0; k < 3; k++)
                for (size_t u = 0; u < its[k]->n_media; u++)
                    used |= its[k]->media[u] == md;
            if (used) {
                easel_buf_printf(b, "%s%d", sep, pl->sessions[s].number);
                sep = ", ";
            }
        }
        if (*sep == 'u') /* never used */
            easel_buf_printf(b, "not used: %s",
                             pl->media[md].verdict == EASEL_VERDICT_EXCLUDED
                                 ? pl->media[md].reason
                                 : "allowed, but no chosen directive uses it; offer it as the "
                                   "free-choice medium");
        easel_buf_puts(b, ".\n");
    }
    for (size_t i = 0; i < p->disliked_media.n; i++)
        easel_buf_printf(b, "%sDisliked %s: ranked down wherever it appears.\n", m->bullet,
                         pl->kb->media[p->disliked_media.index[i]].name);
    for (size_t i = 0; i < p->interests.n; i++) {
        const char *needle = p->interests.items[i];
        easel_buf_printf(b, "%sInterest \"%s\": ", m->bullet, needle);
        const char *sep = "themes used in session ";
        for (size_t s = 0; s < pl->n_sessions; s++) {
            const char *w = pl->sessions[s].why;
            const char *hit = w ? strstr(w, "interest \"") : NULL;
            if (hit && strncmp(hit + 10, needle, strlen(needle)) == 0 &&
                hit[10 + strlen(needle)] == '"') {
                easel_buf_printf(b, "%s%d", sep, pl->sessions[s].number);
                sep = ", ";
            }
        }
        if (*sep == 't')
            easel_buf_puts(b, "no allowed directive has it as a theme; invite it as the subject "
                              "of a free-choice piece");
        easel_buf_puts(b, ".\n");
    }
    easel_buf_puts(b, "\n");
}

static void render_doc(const struct easel_plan *pl, const struct markup *m, bool md,
                       struct easel_buf *b)
{
    header(pl, m, b);
    easel_buf_printf(b, "%sPlan checks\n\n", m->h2);
    easel_buf_printf(b, "%s%zu errors, %zu warnings%s\n", m->bullet, pl->findings.n_errors,
                     pl->findings.n - pl->findings.n_errors,
                     pl->findings.n_errors ? " (errors block signing)" : "");
    for (size_t i = 0; i < pl->findings.n; i++) {
        const struct easel_finding *f = &pl->findings.items[i];
        easel_buf_printf(b, "%s%s", m->bullet,
                         f->severity == EASEL_SEV_ERROR ? "Error" : "Warning");
        if (f->session)
            easel_buf_printf(b, ", session %d", f->session);
        easel_buf_printf(b, " (%s): %s.\n", f->rule, f->message);
    }
    easel_buf_puts(b, "\n");
    goals(pl, m, b);
    easel_buf_printf(b, "%sGaps\n\n", m->h2);
    for (size_t i = 0; i < pl->n_gaps; i++)
        easel_buf_printf(b, "%sObjective %s has no session: %s.\n", m->bullet,
                         pl->objectives[pl->gaps[i].objective].number, pl->gaps[i].reason);
    if (!pl->n_gaps)
        easel_buf_printf(b, "%sNone: every objective has sessions.\n", m->bullet);
    easel_buf_puts(b, "\n");
    preferences(pl, m, b);
    easel_buf_printf(b, "%sProgram\n\n", m->h2);
    if (pl->safety_note)
        easel_buf_printf(b, "%sSafety: %s.\n\n", m->bullet, pl->safety_note);
    easel_buf_printf(b, "%sQuestions are written at the %s level for this client.\n\n", m->bullet,
                     easel_qlevel_name(easel_plan_question_level(pl)));
    for (size_t i = 0; i < pl->n_sessions; i++)
        session(pl, m, &pl->sessions[i], b);
    supplies(pl, m, md, b);
    easel_buf_printf(b, "%sSetting rules and notes\n\n", m->h2);
    for (size_t i = 0; i < pl->notes.n; i++)
        easel_buf_printf(b, "%s%s\n", m->bullet, pl->notes.items[i]);
    if (!pl->notes.n)
        easel_buf_printf(b, "%sNone.\n", m->bullet);
    easel_buf_puts(b, "\n");
    easel_buf_printf(b, "%sExcluded interventions (never proposed for this client)\n\n", m->h2);
    verdict_list(pl, m, false, EASEL_VERDICT_EXCLUDED, b);
    easel_buf_printf(b, "%sExcluded media\n\n", m->h2);
    verdict_list(pl, m, true, EASEL_VERDICT_EXCLUDED, b);
}

/* ---- JSON ---- */

static void jkey(struct easel_buf *b, const char *k)
{
    easel_buf_json_str(b, k);
    easel_buf_puts(b, ":");
}

static void jstr_or_null(struct easel_buf *b, const char *s)
{
    if (s)
        easel_buf_json_str(b, s);
    else
        easel_buf_puts(b, "null");
}

/* A lazily worded reason, as a JSON string. */
static void reason_json(struct easel_buf *b, const struct easel_plan *pl, int intervention,
                        const struct easel_plan_sub *sub)
{
    struct easel_buf t;
    easel_buf_init(&t, (size_t)1 << 20);
    if (sub)
        easel_plan_sub_reason(pl, sub, &t);
    else
        easel_plan_reason(pl, intervention, &t);
    if (t.failed)
        b->failed = t.failed;
    easel_buf_json_str(b, easel_buf_str(&t));
    easel_buf_release(&t);
}

static void item_json(const struct easel_plan *pl, const struct easel_plan_item *it,
                      struct easel_buf *b)
{
    if (it->intervention < 0) {
        easel_buf_puts(b, "null");
        return;
    }
    easel_buf_puts(b, "{");
    jkey(b, "id");
    easel_buf_json_str(b, pl->kb->interventions[it->intervention].id);
    easel_buf_printf(b, ",\"minutes\":%d,", it->minutes);
    if (it->part)
        easel_buf_printf(b, "\"part\":%d,", it->part);
    easel_buf_puts(b, "\"media\":[");
    for (size_t k = 0; k < it->n_media; k++) {
        easel_buf_printf(b, "%s{\"id\":", k ? "," : "");
        easel_buf_json_str(b, pl->kb->media[it->media[k]].id);
        easel_buf_printf(b, ",\"qty_milli\":%lld}", (long long)it->qty_milli[k]);
    }
    easel_buf_puts(b, "],\"substitutions\":[");
    for (size_t k = 0; k < it->n_subs; k++) {
        easel_buf_printf(b, "%s{\"from\":", k ? "," : "");
        easel_buf_json_str(b, pl->kb->media[it->subs[k].from].id);
        easel_buf_puts(b, ",\"to\":");
        jstr_or_null(b, it->subs[k].to >= 0 ? pl->kb->media[it->subs[k].to].id : NULL);
        easel_buf_puts(b, ",\"reason\":");
        reason_json(b, pl, -1, &it->subs[k]);
        easel_buf_puts(b, "}");
    }
    easel_buf_puts(b, "],\"text\":{");
    static const char *const parts[] = {"summary", "steps", "questions"};
    for (int part = 0; part < 3; part++) {
        easel_buf_printf(b, "%s\"%s\":[", part ? "," : "", parts[part]);
        size_t n = easel_plan_item_count(pl, it, (enum easel_text_part)part);
        bool first = true;
        for (size_t k = 0; k < n; k++) {
            struct easel_buf t;
            easel_buf_init(&t, 8192);
            if (easel_plan_item_text(pl, it, (enum easel_text_part)part, k, &t) == 0) {
                easel_buf_puts(b, first ? "" : ",");
                easel_buf_json_str(b, easel_buf_str(&t));
                first = false;
            }
            if (t.failed)
                b->failed = t.failed;
            easel_buf_release(&t);
        }
        easel_buf_puts(b, "]");
    }
    easel_buf_puts(b, "}}");
}

static const char *verdict_name(enum easel_verdict v)
{
    static const char *const n[] = {"included", "excluded", "not-selected", "not-relevant"};
    return n[v];
}

static void render_json(const struct easel_plan *pl, struct easel_buf *b)
{
    const struct easel_profile *p = pl->profile;
    const struct easel_kb *kb = pl->kb;
    easel_buf_puts(b, "{\"format\":\"easel-plan/1\",\"kb_version\":");
    easel_buf_json_str(b, kb->version);
    easel_buf_puts(b, ",\"client\":");
    easel_buf_json_str(b, p->client);
    easel_buf_printf(b, ",\"age\":%d,\"setting\":", p->age);
    easel_buf_json_str(b, kb->settings[p->setting].id);
    easel_buf_printf(b,
                     ",\"mode\":\"%s\",\"participants\":%d,\"attending\":%d,"
                     "\"session_minutes\":%d,\"per_week\":%d,\"flags\":[",
                     p->group ? "group" : "individual", pl->participants, pl->attending,
                     pl->session_minutes, pl->per_week);
    bool first = true;
    for (int f = 0; f < EASEL_FLAG_COUNT; f++)
        if (pl->flags & EASEL_BIT(f)) {
            easel_buf_puts(b, first ? "" : ",");
            easel_buf_json_str(b, easel_vocab_name(EASEL_VOCAB_FLAG, f));
            first = false;
        }
    easel_buf_puts(b, "],\"flag_words\":["); /* the same flags as people read them */
    first = true;
    for (int f = 0; f < EASEL_FLAG_COUNT; f++)
        if (pl->flags & EASEL_BIT(f)) {
            easel_buf_puts(b, first ? "" : ",");
            easel_buf_json_str(b, easel_flag_words(f));
            first = false;
        }
    easel_buf_puts(b, "],\"risks\":[");
    for (size_t i = 0; i < pl->n_risks; i++) {
        easel_buf_puts(b, i ? ",{\"flag\":" : "{\"flag\":");
        easel_buf_json_str(b, easel_vocab_name(EASEL_VOCAB_FLAG, pl->risks[i].flag));
        easel_buf_puts(b, ",\"words\":");
        easel_buf_json_str(b, easel_flag_words(pl->risks[i].flag));
        easel_buf_puts(b, ",\"reason\":");
        easel_buf_json_str(b, pl->risks[i].reason);
        easel_buf_puts(b, "}");
    }
    easel_buf_puts(b, "],\"client_goals\":[");
    for (size_t i = 0; i < p->client_goals.n; i++) {
        easel_buf_puts(b, i ? "," : "");
        easel_buf_json_str(b, p->client_goals.items[i]);
    }
    easel_buf_puts(b, "],\"goals\":[");
    for (size_t g = 0; g < pl->n_goals; g++) {
        const struct easel_plan_goal *goal = &pl->goals[g];
        easel_buf_puts(b, g ? ",\n{\"problem\":" : "\n{\"problem\":");
        easel_buf_json_str(b, kb->problems[goal->problem].id);
        easel_buf_puts(b, ",\"long_term_goal\":");
        easel_buf_json_str(b, goal->long_term_goal);
        bool words = false; /* the client's words that inform this goal, when tied */
        for (size_t k = 0; k < p->client_goals.n; k++)
            if (words_inform(pl, k, goal->problem)) {
                easel_buf_puts(b, words ? "," : ",\"client_words\":[");
                easel_buf_json_str(b, p->client_goals.items[k]);
                words = true;
            }
        if (words)
            easel_buf_puts(b, "]");
        easel_buf_puts(b, ",\"objectives\":[");
        for (size_t k = 0; k < goal->n_objectives; k++) {
            const struct easel_plan_objective *o = &pl->objectives[goal->first_objective + k];
            easel_buf_puts(b, k ? ",{\"number\":" : "{\"number\":");
            easel_buf_json_str(b, o->number);
            easel_buf_puts(b, ",\"template\":");
            easel_buf_json_str(b, o->tpl->id);
            easel_buf_puts(b, ",\"smart\":");
            easel_buf_json_str(b, o->smart);
            easel_buf_puts(b, ",\"measure\":");
            easel_buf_json_str(b, o->measure);
            easel_buf_puts(b, ",\"baseline\":");
            easel_buf_json_str(b, o->baseline);
            easel_buf_puts(b, ",\"target\":");
            easel_buf_json_str(b, o->target);
            easel_buf_puts(b, ",\"target_date\":");
            easel_buf_json_str(b, o->target_date);
            easel_buf_printf(b, ",\"sessions\":%d}", o->sessions_served);
        }
        easel_buf_puts(b, "]}");
    }
    easel_buf_puts(b, "],\"sessions\":[");
    for (size_t i = 0; i < pl->n_sessions; i++) {
        const struct easel_plan_session *s = &pl->sessions[i];
        easel_buf_printf(
            b, "%s{\"number\":%d,\"date\":\"%s\",\"phase\":\"%s\",\"objective\":", i ? ",\n" : "\n",
            s->number, s->date, easel_vocab_name(EASEL_VOCAB_PHASE, s->phase));
        jstr_or_null(b, s->objective >= 0 ? pl->objectives[s->objective].number : NULL);
        easel_buf_puts(b, ",\"warm_up\":");
        item_json(pl, &s->warmup, b);
        easel_buf_puts(b, ",\"main\":");
        item_json(pl, &s->main, b);
        easel_buf_printf(
            b,
            ",\"processing_minutes\":%d,\"safety_review_minutes\":%d,\"ground_rules_minutes\":%d,"
            "\"studio_minutes\":%d,\"ending\":%s,\"closure\":",
            s->processing_minutes, s->safety_review, s->ground_rules, s->studio_minutes,
            s->ending ? "true" : "false");
        item_json(pl, &s->closure, b);
        easel_buf_puts(b, ",\"why\":");
        jstr_or_null(b, s->why);
        easel_buf_puts(b, ",\"unfilled\":");
        jstr_or_null(b, s->unfilled);
        easel_buf_puts(b, "}");
    }
    easel_buf_puts(b, "],\"checks\":[");
    for (size_t i = 0; i < pl->findings.n; i++) {
        const struct easel_finding *f = &pl->findings.items[i];
        easel_buf_printf(b, "%s{\"severity\":\"%s\",\"rule\":", i ? "," : "",
                         f->severity == EASEL_SEV_ERROR ? "error" : "warning");
        easel_buf_json_str(b, f->rule);
        easel_buf_printf(b, ",\"session\":%d,\"message\":", f->session);
        easel_buf_json_str(b, f->message);
        easel_buf_puts(b, "}");
    }
    easel_buf_printf(b, "],\"question_level\":\"%s\",\"routine\":",
                     easel_qlevel_name(easel_plan_question_level(pl)));
    jstr_or_null(b, pl->routine);
    easel_buf_puts(b, ",\"safety_note\":");
    jstr_or_null(b, pl->safety_note);
    easel_buf_puts(b, ",\"gaps\":[");
    for (size_t i = 0; i < pl->n_gaps; i++) {
        easel_buf_puts(b, i ? ",{\"objective\":" : "{\"objective\":");
        easel_buf_json_str(b, pl->objectives[pl->gaps[i].objective].number);
        easel_buf_puts(b, ",\"reason\":");
        easel_buf_json_str(b, pl->gaps[i].reason);
        easel_buf_puts(b, "}");
    }
    easel_buf_puts(b, "],\"supplies\":[");
    for (size_t i = 0; i < pl->n_supplies; i++) {
        const struct easel_plan_supply *s = &pl->supplies[i];
        easel_buf_puts(b, i ? ",\n{\"medium\":" : "\n{\"medium\":");
        easel_buf_json_str(b, kb->media[s->medium].id);
        easel_buf_printf(b,
                         ",\"qty_milli\":%lld,\"units\":%lld,\"cost_cents\":%lld,"
                         "\"on_hand\":%s}",
                         (long long)s->qty_milli, (long long)s->units, (long long)s->cost_cents,
                         s->on_hand ? "true" : "false");
    }
    easel_buf_printf(
        b, "],\"total_cost_cents\":%lld,\"budget_note\":", (long long)pl->total_cost_cents);
    jstr_or_null(b, pl->budget_note);
    easel_buf_puts(b, ",\"setting_notes\":[");
    for (size_t i = 0; i < pl->notes.n; i++) {
        easel_buf_puts(b, i ? "," : "");
        easel_buf_json_str(b, pl->notes.items[i]);
    }
    easel_buf_puts(b, "],\"interventions\":[");
    for (size_t i = 0; i < kb->n_interventions; i++) {
        easel_buf_puts(b, i ? ",\n{\"id\":" : "\n{\"id\":");
        easel_buf_json_str(b, kb->interventions[i].id);
        easel_buf_printf(
            b, ",\"verdict\":\"%s\",\"reason\":", verdict_name(pl->interventions[i].verdict));
        reason_json(b, pl, (int)i, NULL);
        easel_buf_puts(b, "}");
    }
    easel_buf_puts(b, "],\"media\":[");
    for (size_t i = 0; i < kb->n_media; i++) {
        easel_buf_puts(b, i ? ",\n{\"id\":" : "\n{\"id\":");
        easel_buf_json_str(b, kb->media[i].id);
        easel_buf_printf(b, ",\"verdict\":\"%s\",\"reason\":", verdict_name(pl->media[i].verdict));
        easel_buf_json_str(b, pl->media[i].reason);
        easel_buf_puts(b, "}");
    }
    easel_buf_puts(b, "]}\n");
}

int easel_plan_render(const struct easel_plan *plan, enum easel_plan_format fmt,
                      struct easel_buf *out)
{
    switch (fmt) {
    case EASEL_PLAN_TEXT:
        render_doc(plan, &text_markup, false, out);
        break;
    case EASEL_PLAN_MARKDOWN:
        render_doc(plan, &md_markup, true, out);
        break;
    case EASEL_PLAN_JSON:
        render_json(plan, out);
        break;
    }
    return out->failed;
}
